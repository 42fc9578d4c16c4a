"""Lossy mojibake (`lossy.*`): encoding damage where bytes were lost, restored by context.

ftfy repairs mojibake only when every byte survived. These rules repair what it cannot:

- `lossy.bare-a-circumflex`: UTF-8 read as Latin-1 with the C1 controls stripped. Every
  ’ ‘ “ ” – — (E2 80 xx, xx < A0) became a bare `â`; `â¦` is …, `â¢` is • or ™, `â¬` is €.
- `lossy.dropped-byte`: UTF-8 read as Windows-1252 with the bytes it leaves undefined
  (81 8D 8F 90 9D) dropped: `â€` + nothing is ”.
- `lossy.placeholder`: lost bytes replaced by `?` or U+FFFD: `That?s`, `donâ??t`, `â€�`, `That�s`.
- `lossy.swallowed-space`: ftfy's wrong guesses where a lost byte met a space and the space
  was taken for byte A0: `seats⦠That` (was `seatsâ¦ That`), `⢠item`, `quote†here`, and the
  `⌠` of the first seed; the character and its space are put back.
- `lossy.lost-letter-byte`: an accented letter that lost its second byte (`Ãber`, `StraÃe`,
  `Ã?TAT`), restored from a word-frequency dictionary when one candidate clearly wins.
- `lossy.single-byte-replaced`: single-byte (Windows-1252) text decoded as UTF-8 or ASCII
  with replacement: `caf�`, `f?r`, `Gr??e`, restored from the dictionary the same way.

Evidence gates every repair: a document must show the damage pattern itself (a bare `â`
in an apostrophe position, `â` glued to a capital, `Ã` before a small letter, U+FFFD, `?`
inside words) before anything is proposed, so that correct text with â, Â, Ã, ? is never
touched. Context chooses the character: between letters an apostrophe; at a word's start an
opening quote; at its end a closing one (paired within the paragraph); between spaces a dash
following the document's habit. See docs/lossy.md.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from math import log10
from typing import Iterator, List, Optional, Sequence, Tuple

from ...model import Change
from ...pipeline import Context, Filter, Rule, Scan
from ..mojibake import utf8
from .chars import (APOS, BARE, DROPPED, FFFD, GUILLEMETS, HYPHEN, LDQ, LETTER, LSQ, MDASH, NDASH,
    PLACEHOLDER, PLACEHOLDERS, RDQ, SINGLE, SWALLOWED, _COMPOUNDING, _CONTINUATIONS, _CP1252_LETTERS,
    _CP1252_SEEN, _CP1252_UNDEFINED, _DAMAGE_CHARS, _ELIDING, _ELISIONS, _ELISION_NEXT,
    _GRAVE_A_LANGUAGES, _LANGUAGE_QUOTES, _LEADS, _LETTER_LEADS, _ONE_LETTER_WORDS,
    _SUFFIX_RE, _WORD_RE)
from .context import (Site, _LineTally, _after_sentence, _before_small_word, _inverted_mark, _kind_after,
    _kind_before, _last_before, _opens_sentence, _snippet, _unrepaired, _word_after,
    _word_before)
from .document import Document
from .evidence import _ANY_Q_EVIDENCE, _EVIDENCE_RE, Evidence, _evidence_scanner, _has_evidence_chars, read_evidence
from .language import LANGUAGES, detect_language  # noqa: F401 (the package's API: tests and benches read them here)
from .language import _alphabet, _fold, _freqs, _wordfreq
from .punctuation import MAX_LOST, Punctuation, _TWEET_CREDIT

# ------------------------------------------------------------------ the filter

class LossyMojibake(Filter):
    """Encoding damage where bytes were lost: restored by context, gated by evidence.

    >>> from textfix import clean
    >>> clean("Thatâs it: âRed Wallâ seats â often safe.").text
    'That’s it: “Red Wall” seats — often safe.'
    >>> clean("Romanian când, Welsh â, Turkish hâlâ, NÃO, Âge, théâtre").changed
    False
    """

    rules = (
        Rule(BARE, "UTF-8 read as Latin-1 with C1 controls stripped: bare â for quotes, dashes, …, •"),
        Rule(DROPPED, "UTF-8 read as Windows-1252 with undefined bytes dropped: â€ for ”"),
        Rule(PLACEHOLDER, "lost bytes of punctuation replaced by ? or U+FFFD"),
        Rule(SWALLOWED, "a lost byte plus a space read as byte A0 (⦠, ⢠, †): character and space restored"),
        Rule(LETTER, "an accented letter that lost its second UTF-8 byte, restored from a dictionary"),
        Rule(SINGLE, "single-byte text decoded with replacement (caf�, f?r), restored from a dictionary"),
    )

    def screen(self, text: str, scan: Scan) -> bool:
        if not scan.ascii:  # the characters, in the UTF-8 the encoding screens made (one pass)
            scanner = _evidence_scanner()
            if scanner.available() and scanner.found(utf8(scan)):
                return True
            if not scanner.available() and _EVIDENCE_RE.search(text) is not None:
                return True
        return "?" in text and _ANY_Q_EVIDENCE.search(text) is not None

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        if not _has_evidence_chars(text, text.isascii()):
            return
        if _latin1_letters_share(text) >= MAX_LATIN1_LETTERS:
            ctx.flag_once(LETTER, "most letters are Latin-1's À-ÿ: an 8-bit text (Cyrillic, Greek...) read as "
                                  "Latin-1, not lost bytes; left as is")
            return
        doc = Document(text)
        ev = read_evidence(doc)
        if not ev.any_evidence():
            return
        for site in _Document(doc, ev).solve():
            if not ctx.enabled(site.rule):
                continue
            if site.after is None or site.after == text[site.start:site.end]:
                if site.reason and site.flag:
                    ctx.flag_once(site.rule, f"not repaired: {_snippet(text, site.start, site.end)}: {site.reason}")
                continue
            yield Change(site.rule, site.start, site.end, text[site.start:site.end], site.after,
                         round(site.confidence, 2), site.reason)


# A text whose letters are mostly À-ÿ is 8-bit text of another alphabet read as Latin-1
# (cp1251 Russian: Ëþäè â Ãðîóâëåíäå); no language writes so (UDHR: at most 30%, Yoruba).
MAX_LATIN1_LETTERS = 0.6
_LETTER_RE = re.compile(r"[^\W\d_]")
_LATIN1_LETTER_RE = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")


def _latin1_letters_share(text: str) -> float:
    """The share of À-ÿ among the letters of the text's first 20,000 characters."""
    head = text[:20000]
    letters = len(_LETTER_RE.findall(head))
    return len(_LATIN1_LETTER_RE.findall(head)) / letters if letters else 0.0



class _Document:
    """The decisions for one document's damaged spots, from its facts and its evidence."""

    def __init__(self, doc: Document, ev: Evidence):
        self.doc = doc
        self.ev = ev
        self.text = doc.text
        self._as_letters: set = set()  # offsets of placeholders restored as letters
        # offsets of placeholders whose word the dictionary knows with an apostrophe there
        # (Syi’ah, Qur’an), with the confidence of that reading
        self._word_apostrophes: dict = {}
        self._survived: Optional[bool] = None  # _letters_survived, once the letters are read

    def solve(self) -> List[Site]:
        t = self.text
        sites: List[Site] = []
        taken = bytearray(len(t))
        for start, end in self.doc.code:  # nothing is read inside code (code.py)
            taken[start:end] = b"\x01" * (end - start)

        def add(site: Site):
            if any(taken[site.start:site.end]):
                return
            for i in range(site.start, site.end):
                taken[i] = 1
            sites.append(site)

        damaged = self.ev.damaged()
        # 1. Letters: words holding a lead byte without its continuation, or placeholders.
        if damaged or self.ev.q_letters >= 1 and self.ev.q_damage():
            for site in self._letter_sites():
                add(site)
        if self.ev.bare_evidence:
            for site in self._capital_a_sites():
                add(site)
        if self.ev.bare_evidence or self.ev.letter_evidence:  # C1 controls stripped
            for site in self._final_a_grave_sites():
                add(site)
        # 2. Punctuation sites, left to right.
        for site in Punctuation(self.doc, self.ev).sites(damaged):
            add(site)
        sites.sort(key=lambda s: s.start)
        self._decide_quotes(sites)
        return sites

    def _letter_sites(self) -> Iterator[Site]:
        t = self.text
        for m in _WORD_RE.finditer(t):
            word = m.group()
            if not any(ch in _LETTER_LEADS or ch in PLACEHOLDERS for ch in word):
                continue
            if FFFD * (MAX_LOST + 1) in word:
                continue  # more than one character lost there (_placeholder_site flags it)
            offset = m.start()
            if word[0] in PLACEHOLDERS and offset and t[offset - 1].isdigit():
                continue  # `1972?s`: the mark after a number is punctuation
            e = _ELISION_RE.match(word) if self.doc.languages()[0] in _ELIDING else None
            fits = self._elision_fits(word, e.end()) if e else False
            if fits is None:  # l’ + a word, or one word with a replaced letter: both read well
                site = Site(offset + e.end() - 1, offset + e.end(), "letter", SINGLE)
                site.reason = f"an elision or a replaced letter in {word!r}: both are words"
                yield _unrepaired(site, t)
                continue
            if fits:  # l’été, d’un, qu’il: the mark after the elided word is punctuation
                offset += e.end()
                word = word[e.end():]
            if self.doc.english and word[0] in PLACEHOLDERS and _SUFFIX_RE.fullmatch(word, 1):
                continue  # `U.K.?s`, `NPR ?s`: English has no word és; the mark is ’ (_mark)
            following = t[m.end()] if m.end() < len(t) else ""
            slots = _slots(word, following, self._lost_bytes)
            if not slots:
                continue
            kinds = {kind for _, _, kind, _ in slots}
            if kinds == {"q"} and self.ev.fffd == 0 and self.ev.q_letters == 0 and not self.ev.inverted:
                continue
            if "lead" in kinds and not self.ev.damaged():
                continue
            yield from self._restore_word(offset, word, slots)

    @cached_property
    def _lost_bytes(self) -> Sequence[int]:
        """The second bytes a lone lead (Ã) may have lost: any C1 byte where the document
        shows C1 controls stripped (a bare â), only the five Windows-1252 leaves undefined
        where it shows Windows-1252 mojibake (â€, Ãš: there the others stay visible, š
        for Ú), any C1 byte when nothing tells."""
        t = self.doc.prose
        c1_stripped = self.ev.bare_evidence > t.count("\u00e2\u20ac")
        if not c1_stripped and _CP1252_SEEN.search(t) is not None:
            return _CP1252_UNDEFINED
        return range(0x80, 0xA0)

    def _capital_a_sites(self) -> Iterator[Site]:
        """`à` opening a sentence in a document whose C1 controls were stripped: À (C3 80)
        lost its 80 and left `Ã` + space, which ftfy reads as à (C3 A0, the space taken
        for a no-break space). A sentence never starts with a small à."""
        t = self.text
        for m in _SENTENCE_A.finditer(t):
            i = m.start()
            if not _opens_sentence(t, i):
                continue
            site = Site(i, i + 1, "letter", LETTER)
            site.after = "\u00c0"
            site.confidence = min(self.ev.strength(), 0.85)
            site.reason = "à opening a sentence: Ã + space was À (C3 80) with its 80 stripped"
            yield site

    def _final_a_grave_sites(self) -> Iterator[Site]:
        """`à` ending a word before a space (`gemäà dem`, `Maà an`) in a document whose C1
        controls were stripped: a letter C3 80-9F (ß, Ä, Ü …) lost its second byte and left
        `Ã` + space, which ftfy read as à (C3 A0). Restored from the word list when a letter
        makes a word and the word with à is none (déjà, città stay)."""
        t = self.text
        if "\u00e0" not in t or _wordfreq() is None:
            return
        langs = self.doc.languages()
        freqs = _freqs(langs[0])
        for m in _FINAL_A_GRAVE.finditer(t):
            stem = _word_before(t, m.start())
            if any(self.doc.known(stem + "\u00e0", [lang]) for lang in _GRAVE_A_LANGUAGES):
                continue  # a word that ends in à (déjà, città, está)
            scored = sorted(((freqs.get(_fold(stem + c), 0.0), c) for c in _C3_LOST_LETTERS), reverse=True)
            if not scored[0][0]:
                continue
            site = Site(m.start(), m.end(), "letter", LETTER)
            site.after = scored[0][1]
            site.confidence = min(self.ev.strength(), _lead_confidence(scored[0][0], scored[1][0]))
            site.reason = (f"à ending a word: Ã + space was C3 + a stripped byte; {stem + site.after!r} "
                           f"from the {langs[0]} word list")
            yield site

    def _elision_fits(self, word: str, k: int) -> Optional[bool]:
        """Whether `word` (matched by _ELISION_RE up to `k`) is an elided word, a mark and a
        word (d’un, l’été), rather than one word with a replaced letter (d�nonce = dénonce).

        False when the letters after the mark cannot follow an elision (a consonant), or
        when the one-word reading is a word 3x as frequent as the word after the mark;
        None (unsure: flag) when neither reading leads by 3x.
        """
        rest = word[k:]
        if word[k - 1] == "\u00e2":  # a bare â is never a letter: l’ + a word (lâÃtat = l’État)
            return rest[0] in _LETTER_LEADS or rest[0].lower() in _ELISION_NEXT
        if rest[0] not in PLACEHOLDERS and rest[0].lower() not in _ELISION_NEXT:
            return False
        if _wordfreq() is None or _has_damage(rest):
            return True
        lang = self.doc.languages()[0]
        freqs, alphabet = _freqs(lang), _alphabet(lang)
        head = word[:k - 1]
        letter = max((freqs.get(_fold(head + c + rest), 0.0) for c in _CP1252_LETTERS
                      if c.islower() and (not alphabet or c in alphabet)), default=0.0)
        if not letter:
            return True
        elided = self.doc.known(rest)
        if letter >= 3 * elided:
            return False
        return True if elided >= 3 * letter else None

    def _edge_marks_fit(self, offset: int, word: str, end: int) -> bool:
        """Whether the placeholders after word[:end] (its last ones) can be punctuation.

        A `?` can be a real question mark where a question can end (before a capital, a
        line end or punctuation: not in `ser? sometido`, where *será* is a word); a closing
        quote needs a quote open before it in the paragraph; an apostrophe there is the
        English possessive (the voters’). Otherwise (précis� devant) a reading as letters
        that makes a word is the only one the text supports.
        """
        t = self.text
        i = offset + end
        after = offset + len(word)
        if end == len(word) or ("?" in word[end:] and not _before_small_word(t, after)):
            return True
        if self.doc.english and word[end - 1:end] in ("s", "S"):
            return True
        return self._quote_open_before(i)

    def _quote_open_before(self, i: int) -> bool:
        """Whether a quote is open before t[i] on its line: the last mark before it that
        opens or closes one decides (read backwards, so a long line costs what lies after
        that mark, not the whole line: linear in the line's length). Marks glued between
        letters decide nothing; after _MAX_UNDECIDED of them the quote counts as closed."""
        t = self.text
        line_start = self.doc.line_start(i)
        marks = self._quote_marks
        undecided = 0
        for k in range(bisect.bisect_left(marks, i) - 1, -1, -1):
            j = marks[k]
            if j < line_start or undecided > _MAX_UNDECIDED:
                return False
            c = t[j]
            if c in LDQ + LSQ + "\u201e\u00ab\u2039":
                return True
            if c in RDQ + "\u00bb\u203a":
                return False
            if c == '"' or j not in self._as_letters:
                before, after = _kind_before(t, j), _kind_after(t, j + 1)
                if before in ("start", "space", "open"):
                    return True
                if before in ("word", "punct") and after in ("space", "end", "punct"):
                    return False
            undecided += 1
        return False

    @cached_property
    def _quote_marks(self) -> List[int]:
        """Offsets of the characters that may open or close a quote, in order."""
        return [m.start() for m in _QUOTE_MARK_RE.finditer(self.text)]

    def _restore_word(self, offset: int, word: str, slots) -> List[Site]:
        """Fill the damaged slots of a word from the dictionary, one site per restored letter.

        Two readings compete: placeholders at the word's edges are punctuation (the stem is
        the word: `said�`, `�We`), or letters (`caf�`, `�t�`); the more frequent word wins.
        Inside a word an apostrophe competes with letters (`don?t`, `l?homme`).
        """
        if _wordfreq() is None:
            return []
        kinds = {kind for _, _, kind, _ in slots}
        if kinds == {"lead"} and self.doc.known(word, self.doc.languages()):
            return []  # a real word with Â/Ä/Å (Ärger, Åse)
        if len(slots) > 4:
            return []
        letters = [ch for ch in word if ch.isalpha() and ch not in _LETTER_LEADS]
        all_caps = len(letters) >= 2 and all(ch.isupper() for ch in letters)
        edge = [s for s in slots if s[2] != "lead" and (s[0] == 0 or s[1] == len(word))]
        options = []
        for start, end, kind, cands in slots:
            if kind != "lead":
                cands = ([c.upper() for c in cands if c.upper() != c and len(c.upper()) == 1] if all_caps
                         else [c for c in cands if c.islower()])
                if start == 0:
                    cands = [c for c in cands if c != "\u00df"]  # ß never starts a word
                if 0 < start and end < len(word):
                    cands = cands + ["'"]
            options.append(cands)
        langs = self.doc.languages()
        lang = langs[0]
        freqs = _freqs(lang)
        alphabet = _alphabet(lang)
        if alphabet:
            options = [o if k == "lead" else [c for c in o if c in alphabet or c == "'"]
                       for (_, _, k, _), o in zip(slots, options)]
        full = _best_fills(word, slots, options, freqs)
        if not full and not edge and lang in _COMPOUNDING:
            full = _compound_fills(word, slots, options, freqs)  # Einrichtungs�bergreifende
        stem_word, stem_slots, stem_options, shift = word, slots, options, 0
        if edge:
            a = len(word) - len(word.lstrip(PLACEHOLDERS))
            b = len(word.rstrip(PLACEHOLDERS))
            stem_word = word[a:b]
            stem_slots = [(s - a, e - a, k, c) for (s, e, k, c) in slots if s >= a and e <= b]
            stem_options = [o for (s, e, k, c), o in zip(slots, options) if s >= a and e <= b]
            shift = a
            stem = _best_fills(stem_word, stem_slots, stem_options, freqs) if stem_slots else (
                [(freqs.get(_fold(stem_word), 0.0), stem_word, ())]
                if len(stem_word) >= 2 or stem_word.lower() in _ONE_LETTER_WORDS else [])
            stem = [x for x in stem if x[0] > 0]
            if stem and (not full or (stem[0][0] >= full[0][0] and self._edge_marks_fit(offset, word, b))):
                full, slots, word, offset = stem, stem_slots, stem_word, offset + shift
        rule = LETTER if "lead" in kinds else SINGLE
        if not full or not slots:
            if rule == LETTER and slots:
                site = Site(offset + slots[0][0], offset + slots[-1][1], "letter", rule)
                site.reason = "a letter lost a byte and no dictionary word fits"
                return [_unrepaired(site, self.text)]
            return []
        top_f, top, fill = full[0]
        second = full[1][0] if len(full) > 1 else 0.0
        ratio = top_f / second if second else float("inf")
        conf = _lead_confidence(top_f, second) * (1.0 if self.ev.damaged() else 0.8)
        sites = []
        for (start, end, kind, _), ch in zip(slots, fill):
            if ch == "'":
                self._word_apostrophes[offset + start] = conf  # the context rules choose ’
                continue
            if start == 0 and kind != "lead" and not all_caps and self._sentence_start(offset):
                ch = ch.upper()
            site = Site(offset + start, offset + end, "letter", LETTER if kind == "lead" else SINGLE)
            self._as_letters.add(offset + start)
            site.after = ch
            site.confidence = conf
            site.reason = (f"{'a letter that lost a byte' if kind == 'lead' else 'a replaced single-byte letter'}: "
                           f"{top!r} from the {lang} word list" + (f", {ratio:.1f}x the next reading" if second else ""))
            sites.append(site)
        return sites

    def _sentence_start(self, offset: int) -> bool:
        last = _last_before(self.text, offset, " \t\"'" + LDQ + LSQ + "(" + FFFD + "?")
        return not last or last in ".!?\n:"

    def _decide_quotes(self, sites: List[Site]) -> None:
        """Choose the character of every 'mark' site from its context, pairing quotes per paragraph."""
        t = self.text
        self._sites = sites
        self._starts = [s.start for s in sites]
        stack: List[str] = []
        guillemets: List[int] = []  # the open « of the paragraph (apart: a “ inside pairs on its own)
        line_end = -1
        tally = _LineTally()  # the decided sites of the line so far (_spaced_quote)
        previous: Optional[Site] = None
        for site in sites:
            if site.start > line_end:
                stack, guillemets, tally = [], [], _LineTally()
                line_end = self.doc.line_end(site.start)
            elif previous is not None:
                tally.add(previous, t)
            previous = site
            if site.kind == "close-swallowed":
                if stack and stack[-1] == LSQ:
                    site.after = APOS + " "
                if stack:
                    stack.pop()
                continue
            if site.kind not in ("mark", "close", "ctx-close", "dash", "maybe-close", "spaced"):
                continue
            L, R = _kind_before(t, site.start), _kind_after(t, site.end)
            if site.kind in ("close", "ctx-close"):
                if stack and stack[-1] == LSQ:
                    site.after = APOS
                    stack.pop()
                else:
                    site.after = RDQ
                    if stack:
                        stack.pop()
                continue
            if site.kind in ("mark", "dash") and L == "space" and R in ("space", "end"):
                quote = self._spaced_quote(site, R, stack, tally)
                if quote is not None:
                    site.kind, site.after, site.confidence = "mark", quote, min(site.confidence, 0.7)
                    continue
                if R == "end" and _after_sentence(t, site.start):
                    # `done. �` ends a line: no dash stands there (a ? there is a real question)
                    site.after, site.flag = None, t[site.start] == FFFD
                    continue
            if site.kind == "dash":
                site.after = self.doc.dash()
                continue
            if site.kind == "spaced":
                site.after = self._guillemet(site, L, R, guillemets)
                continue
            if site.kind == "maybe-close":
                if stack and self.doc.english and R == "space" and self._plural_possessive(site) and self._later_closer(site):
                    site.after = APOS  # `“the witnesses? views … crime,? she added`: the quote closes later
                elif stack:
                    site.after = RDQ if stack[-1] == LDQ else APOS
                    stack.pop()
                elif self.doc.english and R == "space" and self._plural_possessive(site):
                    site.after = APOS  # `the hostages? release`: a possessive before a small word
                else:
                    site.after = None  # a real question mark
                    site.flag = False
                continue
            site.after, site.confidence = self._mark(site, L, R, stack, site.confidence)
        # Quotes chosen by context follow the document's habit (the bytes did not name them).
        chosen = [s for s in sites if s.kind in ("mark", "maybe-close", "ctx-close") and s.after in (LDQ, RDQ)]
        if chosen:
            style = self._double_quotes()
            diagnostic: dict = {}  # line start -> whether the line is a compiler's diagnostic (read once)
            for site in chosen:
                start = self.doc.line_start(site.start)
                if start not in diagnostic:
                    diagnostic[start] = _DIAGNOSTIC.match(t, start, self.doc.line_end(start)) is not None
                if diagnostic[start]:
                    site.after = LSQ if site.after == LDQ else APOS  # GCC quotes names with ‘…’
                elif style != LDQ + RDQ:
                    site.after = style[0] if site.after == LDQ else style[1]

    def _spaced_quote(self, site: Site, R: str, stack: List[str], tally: "_LineTally") -> Optional[str]:
        """A quote set off by spaces on both sides (`of “ bird fancier’s lung. ” But`), where
        a dash would be read. It closes the open quote right after a closed quote (`culture.’ ”`),
        or after sentence punctuation when the opener was set off too (a dash seldom follows
        a full stop); it opens one when no quote is open, the line starts a sentence, and the
        next mark closes a quote after punctuation (`lung. ?`, `the Stars.?`): a closer needs
        an opener. None: a dash."""
        t = self.text
        before = t[site.start - 2:site.start - 1] if site.start >= 2 else ""
        if stack:
            if before in PLACEHOLDERS + "\u00e2" + RDQ + APOS or (
                    _after_sentence(t, site.start) and self._spaced_opener_before(site)):
                return RDQ if stack.pop() == LDQ else APOS
            return None
        line_start = self.doc.line_start(site.start)
        if R != "space" or not _opens_sentence(t, line_start) or not tally.settled():
            return None
        nxt = self._next_mark(site)
        if nxt is None:
            return None
        L2, R2 = _kind_before(t, nxt.start), _kind_after(t, nxt.end)
        glued = L2 == "punct" and R2 in ("space", "end", "punct", "close")
        spaced = (L2 == "space" and R2 in ("space", "end") and _after_sentence(t, nxt.start)
                  and nxt.start - 2 != site.start)  # (`entry ? ? Don’t`: a dash, then a quote)
        if glued or spaced:
            stack.append(LDQ)
            return LDQ
        return None

    def _spaced_opener_before(self, site: Site) -> bool:
        """Whether the last opening quote before the site on its line is set off by a space
        (`“ bird … lung. ”`): only that style sets the closer off too (`dinner. … Our`)."""
        t = self.text
        line_start = self.doc.line_start(site.start)
        i = bisect.bisect_left(self._starts, site.start) - 1
        while i >= 0 and self._sites[i].start >= line_start:
            other = self._sites[i]
            if other.after in (LDQ, LSQ):
                return _kind_after(t, other.end) == "space"
            i -= 1
        return False

    def _later_on_line(self, site: Site) -> Iterator[Site]:
        """The sites after `site` on its line, in order."""
        end = self.doc.line_end(site.end)
        for k in range(bisect.bisect_right(self._starts, site.start), len(self._sites)):
            if self._sites[k].start >= end:
                return
            yield self._sites[k]

    def _next_mark(self, site: Site) -> Optional[Site]:
        """The next site on the line that is not glued between letters (an apostrophe)."""
        t = self.text
        return next((other for other in self._later_on_line(site)
                     if not (_kind_before(t, other.start) == "word" and _kind_after(t, other.end) == "word")), None)

    def _plural_possessive(self, site: Site) -> bool:
        """`hostages? release`: a plural (its singular a common English word) and a `?`
        before a plain small word; `ourselves? pic.twitter.com` is a question."""
        t = self.text
        left = _word_before(t, site.start)
        if len(left) < 3 or left[-1] not in "sS" or left[-2] in "sS" or _wordfreq() is None:
            return False
        right = re.match(r" [a-z]+(?=[\s,;:]|\.(?![^\W\d_]))", t[site.end:site.end + 40])
        return right is not None and self.doc.known(left[:-1], ["en"]) >= 1e-6

    def _guillemet(self, site: Site, L: str, R: str, open_marks: List[int]) -> Optional[str]:
        """A placeholder set off by spaces in French text: « or », or a spaced dash.

        » closes an open «. « opens before a word when a closing position follows in the
        paragraph and either stands where a dash cannot (at a line or sentence start, after a
        colon; the closer before punctuation or the line's end). Two marks between words
        (`part � enfin � demain`) are dashes: both readings are common, the dash is the
        spaced one's habit. Nothing (flagged) where no word follows.
        """
        t = self.text
        opens = R == "space" and _kind_after(t, site.end + 1) == "word"
        closes = L == "space" and _kind_before(t, site.start - 1) in ("word", "punct")
        if closes and open_marks:
            open_marks.pop()
            return GUILLEMETS[1]
        closer = self._spaced_closer_after(site) if opens else None
        if closer is not None:
            before = t[max(0, site.start - 20):site.start].rstrip(" ")[-1:]
            if L in ("start", "open") or before in ":.!?" or _kind_after(t, closer.end) in ("punct", "end"):
                open_marks.append(site.start)
                return GUILLEMETS[0]
        return self.doc.dash() if opens and closes else None

    def _spaced_closer_after(self, site: Site) -> Optional[Site]:
        """The next spaced placeholder in the paragraph that can close « (a word, a space, then it)."""
        t = self.text
        return next((other for other in self._later_on_line(site)
                     if other.kind == "spaced" and _kind_before(t, other.start - 1) in ("word", "punct")), None)

    def _double_quotes(self) -> str:
        """The document's double quotation marks, opening and closing: the habit of its own
        intact quotes (`„…“` or `„…”` when it has a `„`, `“…”` when it has only those),
        else its language's (`„…“` in German), else `“…”`."""
        t = self.text
        if "\u201e" in t:
            return "\u201e" + (RDQ if t.count(RDQ) > t.count(LDQ) else LDQ)
        if LDQ in t or RDQ in t:
            return LDQ + RDQ
        if _wordfreq() is None:
            return LDQ + RDQ
        return _LANGUAGE_QUOTES.get(self.doc.languages()[0], LDQ + RDQ)

    def _later_closer(self, site: Site) -> bool:
        """A closing position later in the paragraph that no later opening one takes: the
        open quote is closed there, so an `s` + mark before it is a plural possessive
        (`“the witnesses’ views … ‘accurate’ … crime,” she added`)."""
        t = self.text
        depth = 0  # quotes opened after the site, not yet closed
        for other in self._later_on_line(site):
            if other.kind not in ("mark", "close", "close-swallowed", "ctx-close", "maybe-close"):
                continue
            L, R = _kind_before(t, other.start), _kind_after(t, other.end)
            if L == "word" and (self.doc.dropped_g(other.start) or self.doc.suspended_hyphen(other.end)):
                continue  # Nothin’ But: an apostrophe, no closer
            if other.kind != "mark" or (L in ("word", "punct") and R in ("space", "end", "punct", "close", "mark")):
                if not depth:
                    return True
                depth -= 1
            elif L in ("start", "space", "open") and R in ("word", "open"):
                depth += 1
        return False

    def _between_letters(self, site: Site, conf: float) -> Tuple[str, float]:
        """A mark glued between letters: an apostrophe, a hyphen, a dash or a range."""
        t = self.text
        left, right = _word_before(t, site.start), _word_after(t, site.end)
        # (â is a letter to str.isalpha: the words end at the next bare mark, endâtoâend)
        left, right = left.rpartition("\u00e2")[2], right.partition("\u00e2")[0]
        if left[-1:].isdigit() and right[:1].isdigit():
            return NDASH, conf
        placeholder = t[site.start] in PLACEHOLDERS and site.end - site.start == 1
        if _SUFFIX_RE.match(t, site.end):
            return APOS, conf
        if left.lower() in _ELISIONS and (not placeholder or left == "O" or (
                self.doc.eliding() and t[site.end].lower() in _ELISION_NEXT)):
            return APOS, conf
        if t[site.start] == "\u00e2" and self._chained(site.start - len(left), site.end + len(right)):
            return HYPHEN, min(conf, 0.7)  # endâtoâend, upâtoâdate: marks that chain words are hyphens
        if self.doc.english and len(left) > 1 and len(right) > 1 and _wordfreq():
            if _freqs("en", "small").get(left.lower()) and _freqs("en", "small").get(right.lower()):
                return MDASH, min(conf, 0.65)
        if placeholder and site.start in self._word_apostrophes:
            return APOS, min(self.ev.strength(), self._word_apostrophes[site.start])  # Syi’ah: a word with it
        if self.doc.hyphenated(left, right):
            return HYPHEN, min(conf, 0.75)
        if placeholder and self._letters_survived():
            return APOS, min(conf, 0.65)  # Mu?awiyah, De?Broski: the damage spared the letters
        if placeholder:
            return APOS, min(conf, 0.5)  # a letter no dictionary word explains, or an apostrophe
        if self._unspaced_dash(site, left, right):
            return MDASH, min(conf, 0.7)
        return APOS, min(conf, 0.8)

    def _unspaced_dash(self, site: Site, left: str, right: str) -> bool:
        """Whether a bare â glued between two words is an unspaced em dash
        (`Facebookingâuntil`, `sceneâa montage`), not an apostrophe: no contraction suffix
        or elision follows (checked before), both sides are words of the document's language,
        and the word list does not know them joined by an apostrophe (o’clock, Qur’an).
        A one-letter right side counts only as the English article before a small word."""
        if len(left) < 3 or not left.isalpha() or not right.isalpha() or _wordfreq() is None:
            return False
        if len(right) == 1 and not (self.doc.english and right == "a" and _before_small_word(self.text, site.end + 1)):
            return False
        if self.doc.known(left + "'" + right):
            return False
        return self.doc.known(left) > 0 and self.doc.known(right) > 0

    def _chained(self, start: int, end: int) -> bool:
        """Whether the words around a bare â (t[start:end]) are chained to a third word by
        another bare â glued between letters (endâtoâend)."""
        t = self.text
        before = start >= 2 and t[start - 1] == "\u00e2" and t[start - 2].isalpha() and t[start - 2] != "\u00e2"
        after = end + 1 < len(t) and t[end] == "\u00e2" and t[end + 1].isalpha() and t[end + 1] != "\u00e2"
        return before or after

    def _mark_then_gap(self, end: int) -> bool:
        """Whether the damage mark at t[end] is a lone closer (a space, punctuation or the end
        after it): then the mark before it, glued to a word, is no possessive (a possessive
        is followed by its noun) but a dash that breaks the quote off."""
        t = self.text
        site = self._site_at(end)
        return site is not None and _kind_after(t, site.end) in ("space", "end", "punct")

    def _site_at(self, start: int) -> Optional[Site]:
        k = bisect.bisect_left(self._starts, start)
        return self._sites[k] if k < len(self._sites) and self._starts[k] == start else None

    def _letters_survived(self) -> bool:
        """Whether the damage spared the document's letters: it holds accented letters as
        they were (Hañifah) and no placeholder was read as one. Then a placeholder between
        letters stands for punctuation, as single-byte text read with replacement would
        have lost those letters too."""
        if self._survived is None:
            self._survived = not self._as_letters and any(
                ch.isalpha() and ch not in _LEADS and ch != "\u00e2" for ch in self.text if ord(ch) > 127)
        return self._survived

    def _mark(self, site: Site, L: str, R: str, stack: List[str], conf: float) -> Tuple[Optional[str], float]:
        t = self.text
        if R == "word" and t[site.end] == "\u00e2" and self._site_at(site.end) is not None:
            R = "mark"  # (â is a letter to str.isalnum: `Marinesââ The` is two marks)
        if L == "word" and R == "word":
            return self._between_letters(site, conf)
        if L in ("start", "space", "open", "punct") and R in ("word", "open"):
            if L != "punct" and re.match(r"(?:em|tis|twas|cause|til|n|[0-9]0s)(?![^\W\d_])", t[site.end:site.end + 5]):
                return APOS, conf
            suffix = _SUFFIX_RE.match(t, site.end) if self.doc.english and L in ("punct", "space") else None
            if suffix and t[suffix.end():suffix.end() + 1] not in PLACEHOLDERS + "\u00e2":
                return APOS, min(conf, 0.75)  # `the U.K.’s`, `NPR ’s`: no word is s or ll alone (but “s”)
            if L != "punct" and site.end - site.start == 1 and self.doc.spanish():
                inverted = _inverted_mark(t, site.end)
                if inverted:
                    return inverted, conf
            if t[site.start] == "?":
                stack.clear()  # a ? quote left open was a real question mark: no nesting
            q = LSQ if stack and stack[-1] == LDQ else LDQ
            stack.append(q)
            return q, conf
        if L in ("word", "punct") and R in ("space", "end", "punct", "close", "mark"):
            if (L == "word" and R == "mark" and t[site.start] == "\u00e2" and not (stack and stack[-1] == LSQ)
                    and self._mark_then_gap(site.end)):
                return MDASH, min(conf, 0.7)  # `Marinesââ The`: a dash breaks off, the quote closes
            if L == "word" and not stack and self.doc.suspended_hyphen(site.end):
                return HYPHEN, min(conf, 0.75)  # (with a quote open: „Mehrkosten“ und)
            if L == "word" and self.doc.dropped_g(site.start):
                return APOS, min(conf, 0.75)  # “Takin’ It to the Streets”: no quote closes there
            left = _word_before(t, site.start)
            if stack and L == "word" and R == "space" and left[-1:] in "sS" and self._later_closer(site):
                return APOS, min(conf, 0.8)  # the voters’ decision ... made it.”
            if stack:
                q = stack.pop()
                return (RDQ if q == LDQ else APOS), conf
            left = _word_before(t, site.start)
            if L == "punct" or R == "end":
                return RDQ, min(conf, 0.8)
            if left.endswith(("s", "S")) or left[-2:] in ("in",):
                return APOS, min(conf, 0.75)
            return RDQ, min(conf, 0.7)
        if L == "start" and _TWEET_CREDIT.match(t, site.end):
            return MDASH, conf  # — Name (@handle) November 19, 2019: an embedded tweet's credit
        if L in ("space", "start") and R in ("space", "end"):
            return self.doc.dash(), conf
        if L == "word" and R == "open":
            return self.doc.dash(), min(conf, 0.6)
        if L in ("start", "space", "open") and R == "punct":
            q = LDQ
            stack.append(q)
            return q, min(conf, 0.55)
        return None, conf


# ------------------------------------------------------------------ helpers

_ELISION_RE = re.compile(r"(?i:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)[?\ufffd\u00e2](?=[^\W\d_]|[?\ufffd][^\W\d_])")


# The end of a sentence: . ! ? (and the ?s of a replaced closing ¿? pair) before a space or a line end.
# A small à before a space, after a space or an opening mark (_opens_sentence decides the rest).
_SENTENCE_A = re.compile(r"(?:^|(?<=[\s\u00ab\u201c\u201e\"(]))\u00e0(?= )", re.M)


# `à` glued to a word's end before a space: C3 80-9F with its second byte stripped (gemäà dem).
_FINAL_A_GRAVE = re.compile(r"(?<=[^\W\d_])\u00e0(?=[ \t])")


# Characters that may open or close a quote (_Document._quote_open_before).
_QUOTE_MARK_RE = re.compile("[" + LDQ + LSQ + RDQ + "\u201e\u00ab\u2039\u00bb\u203a\"?\ufffd]")


# Marks glued between letters read back before a line's quote state is taken as closed.
_MAX_UNDECIDED = 64


# The letters C3 80-9F stand for (À … ß; × is no letter).
_C3_LOST_LETTERS = [ch for ch in bytes(range(0xC0, 0xE0)).decode("latin-1") if ch.isalpha()]


def _has_damage(word: str) -> bool:
    return not _DAMAGE_CHARS.isdisjoint(word)


def _slots(word: str, following: str = "", lost_bytes=range(0x80, 0xA0)):
    """The damaged positions of a word: (start, end, kind, candidates). A lead byte alone
    lost one of `lost_bytes` (those the document's chain made invisible) or its soft
    hyphen (AD, í's second byte: it vanishes on every page); inside a word in small
    letters only a small letter can have stood (crÃtica is crítica, not crÍtica)."""
    slots = []
    rest = [ch for ch in word[1:] if ch not in _LETTER_LEADS and ch.isalpha()]
    small = bool(rest) and all(ch.islower() for ch in rest)
    i = 0
    while i < len(word):
        ch = word[i]
        nxt = word[i + 1] if i + 1 < len(word) else following
        if ch in _LETTER_LEADS and nxt in _CONTINUATIONS:
            i += 2  # an intact two-byte sequence (ftfy's business), not a lost byte
            continue
        if ch in _LETTER_LEADS:
            lead = ord(ch)
            end = i + 1
            holder = word[end] if end < len(word) and word[end] in PLACEHOLDERS else ""
            if holder:
                end += 1
            lost = _CP1252_UNDEFINED if holder == FFFD else range(0x80, 0xA0) if holder else (*lost_bytes, 0xAD)
            cands = []
            for x in lost:
                try:
                    c = bytes([lead, x]).decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if c.isalpha() and not (small and i > 0 and c.isupper()):
                    cands.append(c)
            if ch in "\u00c3" or holder or end < len(word) or i > 0:
                slots.append((i, end, "lead", cands))
            i = end
            continue
        if ch in PLACEHOLDERS:
            slots.append((i, i + 1, "q" if ch == "?" else "fffd", _CP1252_LETTERS))
        i += 1
    if len(word) == 1:
        return [s for s in slots if s[2] == "lead"]
    return slots


def _best_fills(word: str, slots, options, freqs: dict, limit: int = 30000):
    """Every way to fill the slots that makes a known word: (frequency, word, fill), best first."""
    total = 1
    for o in options:
        total *= max(1, len(o))
    if total > limit:
        return []
    scored = []
    for fill in _product(options):
        cand = _fill(word, slots, fill)
        f = freqs.get(_fold(cand), 0.0)
        if f:
            scored.append((f, cand, fill))
    scored.sort(key=lambda x: -x[0])
    return scored


def _compound_fills(word: str, slots, options, freqs: dict, part: int = 4):
    """Fills for a compound no word list holds (Einrichtungs�bergreifende, Prim�rsysteme):
    the word split in two, one part a common word as it stands (a linking s allowed), the
    other holding every damaged slot and made a word by the fill. Scored by that part's
    frequency, best first, as _best_fills."""
    best: dict = {}
    for j in range(part, len(word) - part + 1):
        if all(end <= j for _, end, _, _ in slots):
            damaged, intact, shift = word[:j], word[j:], 0
        elif all(start >= j for start, _, _, _ in slots):
            damaged, intact, shift = word[j:], word[:j], j
        else:
            continue
        known = max(freqs.get(_fold(intact), 0.0),
                    freqs.get(_fold(intact[:-1]), 0.0) if shift and intact[-1:] == "s" else 0.0)
        if known < 1e-6:
            continue
        part_slots = [(start - shift, end - shift, kind, cands) for start, end, kind, cands in slots]
        for f, _, fill in _best_fills(damaged, part_slots, options, freqs):
            if f > best.get(fill, (0.0,))[0]:
                best[fill] = (f, _fill(word, slots, fill), fill)
    return sorted(best.values(), key=lambda x: -x[0])


def _lead_confidence(top: float, second: float) -> float:
    """A dictionary reading's confidence from its lead over the next one and its own
    frequency: ≥10x and Zipf ≥ 2 → 0.95, ≥3x → 0.85, ≥1.5x → 0.65, less → 0.45 (flagged)."""
    ratio = top / second if second else float("inf")
    zipf = 9 + log10(top)
    if ratio >= 10 and zipf >= 2.0:
        return 0.95
    if ratio >= 3 and zipf >= 1.5:
        return 0.85
    if ratio >= 1.5 and zipf >= 1.0:
        return 0.65
    return 0.45


def _product(options):
    if not options:
        yield ()
        return
    first, rest = options[0], options[1:]
    for a in first:
        for tail in _product(rest):
            yield (a,) + tail


def _fill(word: str, slots, fill) -> str:
    out = []
    pos = 0
    for (start, end, _, _), ch in zip(slots, fill):
        out.append(word[pos:start])
        out.append(ch)
        pos = end
    out.append(word[pos:])
    return "".join(out)


# A compiler's diagnostic line (GCC, Clang: `file.c:5:3: error: ‘x’ undeclared`, `In function
# ‘main’:`): its quotes are single ones, whatever the document's habit.
_DIAGNOSTIC = re.compile(r"[^\n]*?(?:[\w.\-/]+:\d+(?::\d+)?: (?:fatal error|error|warning|note): |[\w.\-/]+: In (?:function|member function|constructor|instantiation of) )")
