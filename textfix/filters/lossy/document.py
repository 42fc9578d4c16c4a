"""The facts of one document the lossy rules read (`lossy.*`): its text, where code stands,
its prose, its language and words, its lines and its dash habit.

Everything here is a function of the text alone, read once when a rule first asks (the
language costs a dictionary look-up); no phase writes anything here. Evidence (evidence.py),
letters (letters.py), punctuation (punctuation.py) and quote pairing (quotes.py) read it.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass
from functools import cached_property, lru_cache
from math import log10
from typing import List, Optional, Sequence, Tuple

from ..cjk_latin1 import cjk_runs, recognised
from ..english import is_english
from .chars import (_AMERICAN, _AMERICAN_NEEDLES, _BRITISH, _BRITISH_NEEDLES, _CIRCUMFLEX_LANGUAGES, _DAMAGE_CHARS, _ELIDING,
    _E2_SPACED, _LANGUAGE_QUOTES, _LEAD_LETTER_LANGUAGES, _LEADS, _SUFFIX_RE, FFFD, LDQ, MDASH, NDASH, RDQ,
    SPACED_CONTRACTION, SPACED_SUFFIX)
from .code import blank_spans, code_marks, code_spans, merge_spans
from .context import _snippet
from .mentions import mention_spans
from .language import FIRST_WORDS, _fold, _freqs, _wordfreq, document_languages
from ... import lazyre


# The characters that re.IGNORECASE matches to an ASCII letter (found by trying every code
# point): İ ı for i, ſ for s, the Kelvin sign for k. Where one is, lower() is no guide.
_FOLDS_TO_ASCII = lazyre.compile("[\u0130\u0131\u017f\u212a]")


# A character no word holds (_WORD_RE: letters and placeholders): where a text can be cut.
_NOT_WORD_CHAR = lazyre.compile(r"[\W\d_](?<![?\ufffd])")
_LETTER_RUN = lazyre.compile(r"[^\W\d_]+")


def _first_words(prose: str, n: int) -> List[str]:
    """The first n words of the prose without a damage character (`_WORD_RE.findall` of the
    whole, filtered, cut to n), read from a growing head cut between words, not the whole."""
    size = 16384
    while True:
        cut = _NOT_WORD_CHAR.search(prose, size) if size < len(prose) else None
        stop = cut.start() if cut is not None else len(prose)
        # (a placeholder made the damage letter â: one class without alternation to try at each
        # character, the same words as _WORD_RE's, and those holding a placeholder still dropped)
        head = prose[:stop].replace("?", "\u00e2").replace("\ufffd", "\u00e2")
        words = [w for w in _LETTER_RUN.findall(head) if _DAMAGE_CHARS.isdisjoint(w)]
        if len(words) >= n or stop == len(prose):
            return words[:n]
        size *= 4


def _count(pattern: "re.Pattern", needles, text: str, low: Optional[str]) -> int:
    """len(pattern.findall(text)), without the pass of a slow case-blind pattern over the whole
    of a text whose lower case `low` is given (None: a character that folds to an ASCII letter,
    or lower() changes a length). Every match holds one of the needles, at its start or inside
    the word it starts with (`\\w+isation`), so it starts at a needle or at the start of that
    needle's word: the pattern is tried there only, left to right past each match, as findall."""
    if low is None:
        return len(pattern.findall(text))
    starts = set()
    for needle in needles:
        i = low.find(needle)
        while i >= 0:
            starts.add(i)
            starts.add(_run_start(low, i))
            i = low.find(needle, i + 1)
    count = end = 0
    for start in sorted(starts):
        if start >= end:
            m = pattern.match(text, start)
            if m is not None:
                count += 1
                end = m.end()
    return count


def _run_start(low: str, i: int) -> int:
    """Where the run of word characters (re's \\w: alphanumerics and _) holding low[i] starts."""
    while i > 0 and (low[i - 1].isalnum() or low[i - 1] == "_"):
        i -= 1
    return i


# What is_english reads of a text (its first 20,000 characters).
_ENGLISH_HEAD = 20000


class Language:
    """The document's language: whether it is English (its prose's head) and its languages
    (its prose's first words), each read once, when a decision first needs it. `prose`: the
    document's prose, or (in a run in windows) enough of its start for both."""

    def __init__(self, prose: str):
        self.prose = prose

    @cached_property
    def english(self) -> bool:
        # (given the head is_english reads, so that its cache keeps no whole prose alive)
        return is_english(self.prose[:_ENGLISH_HEAD])

    @cached_property
    def languages(self) -> List[str]:
        # (words with a placeholder are left out whole: their pieces are no words; only the
        # first FIRST_WORDS are read, so the rest of a long document is never split)
        return document_languages(_first_words(self.prose, FIRST_WORDS))


@dataclass(frozen=True)
class Whole:
    """What the lossy rules read of the whole document beyond the window a run in windows
    gives them (read over the windows: whole.py); a whole run's Document reads each of these
    from its own text instead (whole is None). All but the language are counts or signs that
    add up over windows cut after blank lines; the margins are the text around the window."""

    language: Optional[Language] = None
    cjk_recognised: bool = False  # the document's runs of CJK bytes read as CJK (cjk_latin1.recognised)
    latin1: bool = False  # its head mostly Latin-1 letters: flagged, nothing repaired (screen.py)
    possible: bool = False  # it may show evidence (screen.cannot_show_evidence)
    evidence: object = None  # its Evidence (evidence.py)
    lost_bytes: Sequence[int] = ()
    quotes: Tuple[bool, int, int] = (False, 0, 0)  # whether it holds „; how many “ and ”
    # what only some documents' rules ask, read over the windows when first asked (whole.py):
    # .dash, .spaced_habit, .fffd_words (its first two words holding U+FFFD), .accented (it
    # holds accented letters as they were), .read_as_letters (the letter rules read a
    # placeholder as a letter in some window)
    later: object = None
    code: Optional[array] = None  # the window's code spans (read_code), as start, end, start, end...
    before: str = ""  # the document's text just before the window (what a flag's snippet shows)
    after: str = ""  # ... and after it: that and its next line's start (code.code_marks reads it)


class Document:
    """One document's text and the facts read from it (lazily, each once). In a run in
    windows the text is one window and `whole` what the rules read of the whole document."""

    def __init__(self, text: str, whole: Optional[Whole] = None):
        self.text = text
        self.whole = whole
        if whole is None or whole.code is None:
            self.code = read_code(text, whole)
        else:
            self.code = list(zip(whole.code[::2], whole.code[1::2]))
        self.prose = blank_spans(text, self.code)
        self._dash: Optional[str] = None

    @cached_property
    def language(self) -> Language:
        """The document's language (given in a run in windows: read from the first windows)."""
        return Language(self.prose) if self.whole is None else self.whole.language

    @property
    def english(self) -> bool:
        """Whether the document is English (read once, when a decision needs it). Given the
        head is_english reads, so that its cache keeps no whole prose alive after the run."""
        return self.language.english

    def languages(self) -> List[str]:
        return self.language.languages

    def known(self, word: str, langs: Optional[Sequence[str]] = None) -> float:
        """The word's frequency in the document's language(s) (0 if unknown)."""
        folded = _fold(word)
        best = 0.0
        for lang in langs or self.languages()[:1]:
            best = max(best, _freqs(lang).get(folded, 0.0))
        return best

    def dash(self) -> str:
        """The document's spaced dash: its own habit, else British spelling -> en dash, else em dash."""
        if self.whole is not None:
            return self.whole.later.dash
        if self._dash is None:
            t = self.text
            en, em = t.count(" \u2013 "), t.count(" \u2014 ")
            self._dash = dash_of(en, em, lambda: spelling_counts(t))
        return self._dash

    @cached_property
    def spaced_habit(self) -> bool:
        """Whether the document's C1 bytes became spaces elsewhere: a spaced opener (`â œ`) or
        a spaced contraction (`isnâ t`)."""
        if self.whole is not None:
            return self.whole.later.spaced_habit
        t = self.text
        return _E2_SPACED.search(t) is not None or (SPACED_SUFFIX.search(t) is not None
                                                    and SPACED_CONTRACTION.search(t) is not None)

    def double_quotes(self) -> str:
        """The document's double quotation marks, opening and closing: the habit of its own
        intact quotes (`„…“` or `„…”` when it has a `„`, `“…”` when it has only those),
        else its language's (`„…“` in German), else `“…”`."""
        low9, opening, closing = quote_counts(self.text) if self.whole is None else self.whole.quotes
        if low9:
            return "\u201e" + (RDQ if closing > opening else LDQ)
        if opening or closing:
            return LDQ + RDQ
        if _wordfreq() is None:
            return LDQ + RDQ
        return _LANGUAGE_QUOTES.get(self.languages()[0], LDQ + RDQ)

    @cached_property
    def stray_fffd(self) -> bool:
        """Whether the text's U+FFFD all stand in one word: a stray byte of another encoding
        (a name in a changelog or a copyright file: P�sztorSzil�rd, Bartosz Fe�ski, Anders
        �gard), a letter as likely as a mark. No pattern of damage says what it was: only the
        word itself can (a contraction, an elision, a word the dictionary knows). Marks on
        both edges of the word are a pair of quotes (�слово�): a pattern."""
        words = fffd_words(self.text) if self.whole is None else self.whole.later.fffd_words
        return len(words) == 1 and not (len(words[0]) > 2 and words[0][0] == words[0][-1] == FFFD)

    def letters_survived(self, read_as_letters: bool) -> bool:
        """Whether the damage spared the document's letters: it holds accented letters as
        they were (Hañifah) and no placeholder was read as one (`read_as_letters`: the
        letter rules' reading of this text). Then a placeholder between letters stands for
        punctuation, as single-byte text read with replacement would have lost those letters too."""
        if self.whole is not None:
            return not self.whole.later.read_as_letters and self.whole.later.accented
        return not read_as_letters and holds_accented(self.text)

    def snippet(self, start: int, end: int) -> str:
        """The damaged text with a little context, for a flag message: in a window, with what
        lies beyond it in the whole document (its margins), as the whole run shows it."""
        if self.whole is None:
            return _snippet(self.text, start, end)
        return _snippet(self.text, start, end, self.whole.before, self.whole.after)

    def real_circumflex(self, word: str) -> bool:
        """A word with â that a language using â knows (théâtre, când, hâlâ, âmbito).

        English apostrophe and quote positions need no dictionary (so `wordfreq` is not
        imported for them): a contraction (`Thatâs`), or â at an ASCII word's edge in English text.
        """
        letters = word.replace("\u00e2", "")
        if not letters:
            return False
        pos = word.index("\u00e2")
        if letters.isascii() and word.count("\u00e2") == 1 and 0 < pos and (
                _SUFFIX_RE.fullmatch(word[pos + 1:]) or word[pos + 1:] == "") and self.english:
            return False  # (the language asked last: most words with â are no such shape)
        if _wordfreq() is None:
            return not letters.isascii()
        return _circumflex_word(_fold(word))

    def hyphenated(self, left: str, right: str) -> bool:
        """Two common words of the document's language joined by a lost mark, in a language
        that writes compounds and clitics with a hyphen (bien‐être, presume‐se, tendo‐a,
        Estados‐Membros): the non-ASCII hyphen U+2010 (an ASCII one is never damaged).

        Not where the apostrophe makes a word (aujourd’hui, quelqu’un), nor in English
        (a dash: the rule above) or Italian (elisions everywhere: com’è, anch’io).
        """
        if _wordfreq() is None or self.english:
            return False
        lang = self.languages()[0]
        if lang in ("en", "it") or len(left) < 2 or (len(right) < 2 and lang != "pt"):
            return False  # (Portuguese enclitics: tendo‐a, fazê‐lo)
        freqs = _freqs(lang)
        if freqs.get(_fold(left + "'" + right), 0.0) >= 1e-7 or freqs.get(_fold(left + right), 0.0) >= 1e-6:
            return False  # one word with an apostrophe, or split by a lost soft hyphen (Not?fall)
        return min(freqs.get(_fold(left), 0.0), freqs.get(_fold(right), 0.0)) >= 1e-6

    def dropped_g(self, start: int) -> bool:
        """An English word ending in -in that is the -ing form with its g dropped (takin,
        nothin, somethin: the -ing word 50x as frequent, the -in one rare), so the mark
        after it is an apostrophe. Common -in words (thin, kin, win, sin) stay out."""
        if not self.english or _wordfreq() is None:
            return False
        m = _ASCII_WORD_END.search(self.text, max(0, start - 40), start)
        left = m.group() if m else ""  # (_word_before would take a damaged opening â as a letter)
        if len(left) < 3 or left[-2:].lower() != "in":
            return False
        freqs = _freqs("en")
        short, full = freqs.get(_fold(left), 0.0), freqs.get(_fold(left) + "g", 0.0)
        return short < 1e-5 and full >= 50 * short and full >= 1e-5

    def suspended_hyphen(self, end: int) -> bool:
        """A German word's end before `und`, `oder`, `bzw.`, `sowie`, `bis` (or before a
        comma and more such words): the hyphen of a shortened compound (Rede‐ und
        Glaubensfreiheit, Gedanken‐, Gewissens‐ und Religionsfreiheit), never a quote."""
        if _wordfreq() is None or self.languages()[0] != "de":
            return False
        return _SUSPENDED.match(self.text, end) is not None

    def eliding(self) -> bool:
        return self.languages()[0] in _ELIDING if _wordfreq() else False

    def french(self) -> bool:
        return self.languages()[0] == "fr" if _wordfreq() else False

    def spanish(self) -> bool:
        return self.languages()[0] == "es" if _wordfreq() else False

    def open_double_before(self, i: int) -> bool:
        """Whether a double quote is open before t[i] on its line (“…, or German „… whose
        closer is “ or ”)."""
        line_start = self.line_start(i)
        opened, closed = self.count(LDQ, line_start, i), self.count(RDQ, line_start, i)
        return opened > closed or self.count("\u201e", line_start, i) > opened + closed

    @cached_property
    def _newlines(self) -> List[int]:
        return [m.start() for m in re.finditer("\n", self.text)]

    def line_start(self, i: int) -> int:
        """Where the line holding t[i] starts (t.rfind, by bisection: a long line's many
        sites each read back to its start made it quadratic)."""
        k = bisect.bisect_left(self._newlines, i)
        return self._newlines[k - 1] + 1 if k else 0

    def line_end(self, i: int) -> int:
        """The first newline at or after i, or the text's length (t.find, by bisection)."""
        k = bisect.bisect_left(self._newlines, i)
        return self._newlines[k] if k < len(self._newlines) else len(self.text)

    def count(self, ch: str, start: int, end: int) -> int:
        """t.count(ch, start, end) from the character's offsets, found once."""
        where = self._offsets.get(ch)
        if where is None:
            where = self._offsets[ch] = [m.start() for m in re.finditer(re.escape(ch), self.text)]
        return bisect.bisect_left(where, end) - bisect.bisect_left(where, start)

    @cached_property
    def _offsets(self) -> dict:
        return {}


def dash_of(en: int, em: int, spellings) -> str:
    """The spaced dash of a document with `en` ` – ` and `em` ` — `: its habit, else British
    spelling (`spellings()`: British and American matches) -> en dash, else em dash."""
    if en != em:
        return NDASH if en > em else MDASH
    british, american = spellings()
    return NDASH if british > american else MDASH


def spelling_counts(t: str) -> Tuple[int, int]:
    """How many British and American spellings the text holds (_BRITISH, _AMERICAN)."""
    low = None if _FOLDS_TO_ASCII.search(t) else t.lower()
    return _count(_BRITISH, _BRITISH_NEEDLES, t, low), _count(_AMERICAN, _AMERICAN_NEEDLES, t, low)


def quote_counts(t: str) -> Tuple[bool, int, int]:
    """Whether the text holds „, and how many “ and ” (Document.double_quotes)."""
    return "\u201e" in t, t.count(LDQ), t.count(RDQ)


def fffd_words(t: str) -> Tuple[str, ...]:
    """The text's first two words holding U+FFFD (Document.stray_fffd)."""
    return tuple(m.group() for _, m in zip(range(2), _FFFD_WORD.finditer(t)))


def holds_accented(t: str) -> bool:
    """Whether the text holds an accented letter as it was (no lead byte, no â)."""
    return any(ch.isalpha() and ch not in _LEADS and ch != "\u00e2" for ch in t if ord(ch) > 127)


def read_code(text: str, whole: Optional[Whole] = None) -> List[Tuple[int, int]]:
    """Where the text is code (no evidence counted, no site proposed there), sorted and disjoint:
    code, addresses, markup (code.py), CJK bytes read as Latin-1 where the document's read as
    CJK (the mojibake filter's: cjk_latin1.py), and the marks that are the text's own: on a
    line of code, or a character named in prose."""
    code = code_spans(text)
    cjk = cjk_runs(text)
    if cjk and (recognised(text, cjk) if whole is None else whole.cjk_recognised):
        code = merge_spans(code + cjk)
    own = _code_marks(text, whole) + mention_spans(text) if "?" in text or "\ufffd" in text else []
    return merge_spans(code + own) if own else code


def _code_marks(text: str, whole: Optional[Whole]) -> List[Tuple[int, int]]:
    """code_marks of the text; in a window, read with the start of the line after it (a line
    opening with `? ` and one opening with `: ` after blank lines are a conditional)."""
    if whole is None or not whole.after:
        return code_marks(text)
    return [span for span in code_marks(text + whole.after) if span[0] < len(text)]


# A word holding U+FFFD (the mark and the letters glued to it: Document.stray_fffd).
_FFFD_WORD = lazyre.compile(r"[^\W\d_]*\ufffd[\ufffd\w]*")


@lru_cache(maxsize=4096)
def _circumflex_word(folded: str) -> bool:
    """Whether a language that writes â knows the (case-folded) word: zipf 1 or more.
    Cached: a text repeats its words (nhân, thân, quyền ...)."""
    return _common_in(folded, _CIRCUMFLEX_LANGUAGES, ("small", "best"))


@lru_cache(maxsize=4096)
def lead_letter_word(folded: str) -> bool:
    """Whether a language that writes the (case-folded) word's lead letters (ã ä å æ ç è é ê
    ë î ï) knows it as written, zipf 1 or more: `MÃO` in a document read as German is still
    Portuguese mão, not a letter that lost a byte (a German list knows mío)."""
    return _common_in(folded, sorted({lang for ch in folded for lang in _LEAD_LETTER_LANGUAGES.get(ch, ())}))


def _common_in(folded: str, langs, wordlists=("best",)) -> bool:
    """Whether one of `langs` knows the (case-folded) word at zipf 1 or more."""
    for wordlist in wordlists:
        for lang in langs:
            f = _freqs(lang, wordlist).get(folded)
            if f and 9 + log10(f) >= 1.0:
                return True
    return False


# The ASCII word a text slice ends with (_dropped_g).
_ASCII_WORD_END = lazyre.compile(r"[A-Za-z]+$")

# What follows the hyphen of a shortened German compound: its partners, then `und`, `oder`...
# (The space before `und` may be gone: ftfy took it for byte A0 in `Rede†und`.)
_SUSPENDED = lazyre.compile(r"(?:,[ \t]+[^\W\d_]+(?:\u00e2\u20ac[?\ufffd]?|[-\u00e2?\ufffd\u2020]))*[ \t]*"
                        r"(?:und|oder|bzw\.|sowie|bis)[ \t]+[^\W\d_]")
