"""Letters (`lossy.lost-letter-byte`, `lossy.single-byte-replaced`): accented letters that
lost a byte (`Ãber`, `StraÃe`) or were replaced by `?`/U+FFFD (`caf�`, `f?r`), restored
from the word list of the document's language when one reading clearly wins; also when
the text was encoded twice or more and the byte was lost in the last pass (`mÃÂÂnima`:
a `Â` per outer layer, chars.RESIDUE).

`Letters.read` returns its sites and, for the quote rules (quotes.py), the offsets of the
placeholders it read as letters and of those whose word the dictionary knows with an
apostrophe there: a `LetterReading`, handed on explicitly.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from math import log10
from typing import Dict, FrozenSet, Iterator, List, Mapping, Optional, Sequence, Set, Tuple

from .chars import (_CONTINUATIONS, _CP1252_LETTERS, _CP1252_UNDEFINED, _COMPOUNDING, _DAMAGE_CHARS, _ELIDING,
    _ELISION_NEXT, _LEAD_RESIDUE, _LETTER_LEADS, _ONE_LETTER_WORDS, _SUFFIX_RE, _WORD_RE, FFFD, LDQ, LETTER, LSQ,
    PLACEHOLDERS, RDQ, RESIDUE, SINGLE)
from .context import Site, _before_small_word, _kind_after, _kind_before, _last_before, _residue_end, _unrepaired
from .document import Document, lead_letter_word
from .evidence import Evidence, lost_bytes
from .language import _alphabet, _fold, _freqs, _wordfreq
from .punctuation import MAX_LOST
from ... import lazyre


@dataclass(frozen=True)
class LetterReading:
    """What the letter rules read: their sites; the offsets of placeholders restored as
    letters; the offsets of placeholders whose word the dictionary knows with an apostrophe
    there (Syi’ah, Qur’an), with the confidence of that reading."""

    sites: Tuple[Site, ...]
    as_letters: FrozenSet[int]
    word_apostrophes: Mapping[int, float]


NO_LETTERS = LetterReading((), frozenset(), {})
# A lead without its continuation, or a placeholder: what a word to read holds.
_LEAD_OR_PLACEHOLDER = lazyre.compile("[" + _LETTER_LEADS + re.escape(PLACEHOLDERS) + "]")


def _lead_words(t: str) -> Iterator[tuple]:
    """(start, end) of the words (_WORD_RE's matches) holding a lead or a placeholder, left to
    right: found from those characters (in C), each widened to its word, instead of a
    Python test of every word of the document."""
    end = 0
    for m in _LEAD_OR_PLACEHOLDER.finditer(t):
        i = m.start()
        if i < end:
            continue  # in the word just read
        start = i
        while start > 0 and _word_char(t[start - 1]):
            start -= 1
        word = _WORD_RE.match(t, start)
        end = word.end()
        yield start, end


def _word_char(ch: str) -> bool:
    """A character _WORD_RE takes into a word: a letter, or a placeholder."""
    return ch.isalpha() or _WORD_RE.match(ch) is not None


class Letters:
    """The letter rules of one document, reading its facts and its evidence."""

    def __init__(self, doc: Document, ev: Evidence):
        self.doc = doc
        self.ev = ev
        self.text = doc.text

    def read(self) -> LetterReading:
        """Every word holding a lead byte without its continuation, or a placeholder."""
        as_letters: Set[int] = set()
        word_apostrophes: Dict[int, float] = {}
        sites = tuple(self._letter_sites(as_letters, word_apostrophes))
        return LetterReading(sites, frozenset(as_letters), word_apostrophes)

    def _letter_sites(self, as_letters: Set[int], word_apostrophes: Dict[int, float]) -> Iterator[Site]:
        t = self.text
        for offset, word_end in _lead_words(t):
            word = t[offset:word_end]
            if FFFD * (MAX_LOST + 1) in word:
                continue  # more than one character lost there (_placeholder_site flags it)
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
            following = t[word_end] if word_end < len(t) else ""
            slots = _slots(word, following, self._lost_bytes)
            if not slots:
                continue
            kinds = {kind for _, _, kind, _ in slots}
            if kinds == {"q"} and self.ev.fffd == 0 and self.ev.q_letters == 0 and not self.ev.inverted:
                continue
            if "lead" in kinds and not self.ev.damaged():
                continue
            yield from self._restore_word(offset, word, slots, as_letters, word_apostrophes)

    @cached_property
    def _lost_bytes(self) -> Sequence[int]:
        return lost_bytes(self.doc, self.ev)

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

    def _edge_marks_fit(self, offset: int, word: str, end: int, as_letters: Set[int]) -> bool:
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
        return self._quote_open_before(i, as_letters)

    def _quote_open_before(self, i: int, as_letters: Set[int]) -> bool:
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
            if c == '"' or j not in as_letters:
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

    def _restore_word(self, offset: int, word: str, slots, as_letters: Set[int],
                      word_apostrophes: Dict[int, float]) -> List[Site]:
        """Fill the damaged slots of a word from the dictionary, one site per restored letter.

        Two readings compete: placeholders at the word's edges are punctuation (the stem is
        the word: `said�`, `�We`), or letters (`caf�`, `�t�`); the more frequent word wins.
        Inside a word an apostrophe competes with letters (`don?t`, `l?homme`).
        """
        if _wordfreq() is None:
            return []
        kinds = {kind for _, _, kind, _ in slots}
        if kinds == {"lead"} and (self.doc.known(word, self.doc.languages()) or lead_letter_word(_fold(word))):
            return []  # a real word with Â/Ä/Å (Ärger, Åse), of the document's language or one writing it (MÃO)
        if len(slots) > 4:
            return []
        letters = [ch for ch in _without_residue(word) if ch.isalpha() and ch not in _LETTER_LEADS]
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
            elif all_caps:  # (í, lost AD, is Í in capitals: one reading, not two)
                cands = list(dict.fromkeys(c.upper() for c in cands if len(c.upper()) == 1))
            else:
                cands = _one_case(cands, start == 0 and self._sentence_start(offset))
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
            if stem and (not full or (stem[0][0] >= full[0][0] and self._edge_marks_fit(offset, word, b, as_letters))):
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
                word_apostrophes[offset + start] = conf  # the context rules choose ’
                continue
            if start == 0 and kind != "lead" and not all_caps and self._sentence_start(offset):
                ch = ch.upper()
            site = Site(offset + start, offset + end, "letter", LETTER if kind == "lead" else SINGLE)
            as_letters.add(offset + start)
            site.after = ch
            site.confidence = conf
            site.reason = (f"{'a letter that lost a byte' if kind == 'lead' else 'a replaced single-byte letter'}: "
                           f"{top!r} from the {lang} word list" + (f", {ratio:.1f}x the next reading" if second else ""))
            sites.append(site)
        return sites

    def _sentence_start(self, offset: int) -> bool:
        last = _last_before(self.text, offset, " \t\"'" + LDQ + LSQ + "(" + FFFD + "?")
        return not last or last in ".!?\n:"


_ELISION_RE = lazyre.compile(r"(?i:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)[?\ufffd\u00e2](?=[^\W\d_]|[?\ufffd][^\W\d_])")

# Characters that may open or close a quote (Letters._quote_open_before).
_QUOTE_MARK_RE = lazyre.compile("[" + LDQ + LSQ + RDQ + "\u201e\u00ab\u2039\u00bb\u203a\"?\ufffd]")

# Marks glued between letters read back before a line's quote state is taken as closed.
_MAX_UNDECIDED = 64


def _has_damage(word: str) -> bool:
    return not _DAMAGE_CHARS.isdisjoint(word)


def _slots(word: str, following: str = "", invisible=range(0x80, 0xA0)):
    """The damaged positions of a word: (start, end, kind, candidates). A lead byte alone
    lost one of `invisible` (those the document's chain made invisible) or its soft
    hyphen (AD, í's second byte: it vanishes on every page); inside a word in small
    letters only a small letter can have stood (crÃtica is crítica, not crÍtica). The
    residue a text encoded twice or more left after the lead (`mÃÂÂnima`) is part of the
    slot: the same byte was lost, once per layer."""
    slots = []
    rest = [ch for ch in _without_residue(word)[1:] if ch not in _LETTER_LEADS and ch.isalpha()]
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
            end = _residue_end(word, i + 1)
            holder = word[end] if end < len(word) and word[end] in PLACEHOLDERS else ""
            if holder:
                end += 1
            lost = _CP1252_UNDEFINED if holder == FFFD else range(0x80, 0xA0) if holder else (*invisible, 0xAD)
            if end > i + 1 and end == len(word) and following == " ":
                lost = (*lost, 0xA0)  # (a residue before a space: the no-break space may have become it)
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


def _one_case(cands: Sequence[str], capital: bool) -> List[str]:
    """The candidates with one letter of each pair that differ only in case (Í 8D and í AD,
    À 80 and à A0: one reading of the word, not two that tie): the capital where the word
    opens a sentence, else the small one.
    >>> _one_case(["Í", "Ð", "í", "à", "À"], False), _one_case(["Í", "í"], True)
    (['í', 'Ð', 'à'], ['Í'])
    """
    kept: Dict[str, str] = {}
    for c in cands:
        other = kept.get(c.casefold())
        if other is None or (c.isupper() if capital else c.islower()):
            kept[c.casefold()] = c
    return list(kept.values())


def _without_residue(word: str) -> str:
    """The word with each lead's residue left out: the letters its case is read from."""
    return _LEAD_RESIDUE.sub(lambda m: m.group()[0], word) if RESIDUE in word else word


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
