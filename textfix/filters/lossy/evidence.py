"""The evidence of lossy damage (`lossy.*`): the signs a document shows, counted once.

A repair needs the document to show the damage pattern itself (a bare `â` in an
apostrophe position, `â` glued to a capital, `Ã` before a small letter, U+FFFD, `?` inside
words), so that correct text with â, Â, Ã, ? is never touched. `read_evidence` counts the
signs in the document's prose (code left out, document.py) into a frozen `Evidence` that
the letter, punctuation and quote rules read and none changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import List, Sequence, Tuple

from .chars import (FFFD, _CP1252_SEEN, _CP1252_UNDEFINED, _BARE_AFTER_PUNCT, _BARE_BEFORE_CAPITAL,
    _BARE_CONTRACTION, _E2_REMNANT, _E2_SPACED, _ELIDING, _ENGLISH_BARE, _LEAD_RESIDUE, _LETTER_Q_RE,
    _LOOKALIKE, _PLACEHOLDER_CONTRACTION, _POSSESSIVE, _QMARK_CONTRACTION, _Q_OPENS_WORD, _Q_SPACED, _SWALLOWING,
    _TM_STRAIGHTENED, RESIDUE, SPACED_CONTRACTION, SPACED_POSSESSIVE, SPACED_SUFFIX)
from .context import _word_after
from .document import Document
from .language import _wordfreq
from .screen import _CAPS_A_GRAVE, _Q_OPENING
from ... import lazyre


@dataclass(frozen=True)
class Evidence:
    """The signs of lossy damage in one document's prose, each counted once."""

    bare_evidence: int  # a bare â where real â never stands (chain 1), â€ (chain 2)
    letter_evidence: int  # Ã before a small letter, a lead before `Â`: a letter that lost a byte
    fffd: int  # U+FFFD
    q_letters: int  # ? between letters
    q_contractions: int  # ? or U+FFFD in a contraction's place
    qmark_contractions: int  # ? in a contraction's place (and the English possessive's)
    q_signs: int  # the ? that only damage explains, each once
    swallowing: int  # ftfy's swallowed-space guesses (⦠, ⢠, †)
    inverted: int  # Spanish ¿ ¡ replaced by ? (counted only in Spanish text)

    def damaged(self) -> bool:
        """Strong evidence of lossy damage anywhere in the document."""
        return (self.bare_evidence >= 1 or self.letter_evidence >= 1 or self.fffd >= 1
                or self.q_damage() and (self.q_contractions >= 1 or self.q_letters >= 2 or self.inverted >= 1))

    def any_evidence(self) -> bool:
        return self.damaged() or self.swallowing > 0 or self.q_damage()

    def q_damage(self) -> bool:
        """Whether the document's ? marks count as damage: two or more that only damage
        explains (f?r, don?t, airline ? the, ?Es), or one in a document with other damage.
        A lone ? is too often the text's own (a URL or a prompt the code mask missed,
        a typo, a name) to repair anything on its own."""
        signs = self.q_signs
        if signs >= 2:
            return True
        return signs >= 1 and (self.bare_evidence + self.letter_evidence + self.fffd + self.swallowing) >= 1

    def strength(self) -> float:
        """0.9 with two or more independent signs of damage, 0.75 with one, 0.5 with none."""
        signs = (self.bare_evidence + self.letter_evidence + self.fffd + self.q_contractions
                 + max(0, self.q_letters - 1) + self.inverted)
        if signs >= 2:
            return 0.9
        if signs == 1:
            return 0.75
        return 0.5


def read_evidence(doc: Document) -> Evidence:
    """Count the signs of damage in the document's prose (code is blanked there)."""
    ev = sign_counts(doc)
    if not ev.bare_evidence and "\u00e2" in doc.prose:
        words = _words_holding(doc.prose, "\u00e2")
        ev = replace(ev, bare_evidence=_bare_elisions(doc, words) or compounds_verdict(*compound_counts(doc, words)))
    return ev


def sign_counts(doc: Document) -> Evidence:
    """The signs of damage in the document's prose that add up over its parts (windows cut
    after blank lines): all but the elisions and compounds that read_evidence looks at when
    no bare â is evidence."""
    t = doc.prose
    bare_words = _words_holding(t, "\u00e2")
    # every match of the spaced patterns holds `â ` and a suffix at a word's end: without one
    # they are not searched around each â (a Romanian or Vietnamese text holds hundreds)
    spaced = SPACED_SUFFIX.search(t) is not None
    # Chain 1: a bare â where real â never stands (the English signs read only in English)
    english_bare = sum(1 for start, end in bare_words if _POSSESSIVE.match(t, start, end)) \
        + len(_ENGLISH_BARE.findall(t)) + (count_near(SPACED_POSSESSIVE, t, "\u00e2") if spaced else 0)
    bare_evidence = (
        _count_contractions(t, bare_words)
        + len(_BARE_BEFORE_CAPITAL.findall(t))
        + len(_BARE_AFTER_PUNCT.findall(t))
        + t.count("\u00e2\u20ac")  # â€ : Windows-1252 mojibake left by ftfy
        + len(_E2_REMNANT.findall(t))
        + (count_near(SPACED_CONTRACTION, t, "\u00e2") if spaced else 0)
        + len(_E2_SPACED.findall(t)) + len(_TM_STRAIGHTENED.findall(t))
        + (english_bare if english_bare and doc.english else 0)
    )
    # Letters that lost a byte: Ã before a small letter or between small letters never occurs.
    letter_evidence = len(_CAPS_A_GRAVE.findall(t)) if "\u00e0" in t else 0
    for m in re.finditer("[\u00c3]", t):
        nxt = t[m.end()] if m.end() < len(t) else ""
        if nxt.islower() and nxt.isalpha():
            letter_evidence += 1
    if RESIDUE in t:  # (a lead, then a `Â` per outer layer of a text encoded twice or more)
        letter_evidence += len(_LEAD_RESIDUE.findall(t))
    q_letters = count_near(_LETTER_Q_RE, t, "?")
    q_spaced = count_near(_Q_SPACED, t, "?")
    english_qmarks = count_qmark_possessives(t) + q_spaced
    english_qmarks = english_qmarks if english_qmarks and doc.english else 0
    # Spanish ¿ ¡ replaced by ? (?Es suficiente?): counted only in Spanish text.
    inverted = 0
    if "?" in t and _Q_OPENING.search(t) is not None and doc.spanish():
        inverted = len(_Q_OPENING.findall(t))
    return Evidence(
        bare_evidence=bare_evidence,
        letter_evidence=letter_evidence,
        fffd=t.count(FFFD),
        q_letters=q_letters,
        q_contractions=count_near(_PLACEHOLDER_CONTRACTION, t, "?\ufffd"),
        qmark_contractions=count_near(_QMARK_CONTRACTION, t, "?") + english_qmarks,
        # (a contraction's ? stands between letters; a ? opening a word: a lost quote or ¿,
        # a question mark never opens one)
        q_signs=q_letters + (q_spaced if english_qmarks else 0) + count_near(_Q_OPENS_WORD, t, "?"),
        swallowing=_count_swallowing(t),
        inverted=inverted,
    )


def lost_bytes(doc: Document, ev: Evidence) -> Sequence[int]:
    """The second bytes a lone lead (Ã) may have lost: any C1 byte where the document
    shows C1 controls stripped (a bare â), only the five Windows-1252 leaves undefined
    where it shows Windows-1252 mojibake (â€, Ãš: there the others stay visible, š
    for Ú), any C1 byte when nothing tells."""
    if doc.whole is not None:
        return doc.whole.lost_bytes
    return lost_bytes_of(ev, doc.prose.count("\u00e2\u20ac"), _CP1252_SEEN.search(doc.prose) is not None)


def lost_bytes_of(ev: Evidence, euro_signs: int, cp1252_seen: bool) -> Sequence[int]:
    """lost_bytes of a document whose prose holds `euro_signs` â€ and Windows-1252 mojibake
    (_CP1252_SEEN) or not."""
    c1_stripped = ev.bare_evidence > euro_signs
    if not c1_stripped and cp1252_seen:
        return _CP1252_UNDEFINED
    return range(0x80, 0xA0)


def _count_swallowing(t: str) -> int:
    """sum(t.count(ch) for ch in _SWALLOWING) + sum(t.count(ch) for ch in _LOOKALIKE) (⌠ is in
    both: twice), in one search of their characters instead of 65 passes over the text.
    >>> _count_swallowing("a\u2320 b \u29a0 c \u2020")
    4
    """
    return sum((ch in _SWALLOWING) + (ch in _LOOKALIKE) for ch in _SWALLOW_CHARS.findall(t))


_SWALLOW_CHARS = lazyre.compile("[" + "".join(sorted(set(_SWALLOWING) | set(_LOOKALIKE))) + "]")


def _bare_elisions(doc: Document, bare_words: List[Tuple[int, int]]) -> int:
    """French, Italian, Catalan elisions whose apostrophe became a bare â (dâeuros,
    lâÃtat): the word after the mark is a word of the document's language, and the
    whole is no word of a language with â (Romanian câine, mâine stay words).

    Looked at only when the document shows no other sign (it needs the dictionary).
    """
    t = doc.text  # (its matches begin a word that holds the mark)
    matches = [m for m in (_BARE_ELISION.match(t, start) for start, _ in bare_words) if m]
    if not matches or _wordfreq() is None:
        return 0
    # the words no language with â knows first: the document's language only for them
    pairs = [(m, _word_after(t, m.end())) for m in matches]
    pairs = [(m, rest) for m, rest in pairs if not doc.real_circumflex(m.group() + rest)]
    if not pairs or doc.languages()[0] not in _ELIDING:
        return 0
    return sum(1 for _, rest in pairs if doc.known(rest))

def compound_counts(doc: Document, bare_words: List[Tuple[int, int]], short: bool = True) -> Tuple[int, int, int, int]:
    """Compounds and clitics whose U+2010 hyphen became a bare â (presumeâse,
    bemâestar, bienâêtre): two common words of the document's language around it
    (Document.hyphenated), and the whole no word of a language with â. Counted only when two
    or more words, and 80% of the document's words with â that no such language knows
    (Preâmbulo, importância are words), read so: in a language that writes â, some of
    its words split into two short words by chance (compounds_verdict).

    Looked at only when the document shows no other sign (it needs the dictionary). The counts
    (matches, words no language with â knows, matches among them, hyphenated ones), which
    add up over a document's windows; `short`: stopped at what the verdict no
    longer needs once a count falls short.
    """
    # Both parts hold a vowel (se, lhe, estar; a and o alone are clitics): a cheap test
    # that keeps words like nhân, thân, khâm (Vietnamese) from the dictionary.
    t = doc.text  # (its matches are words that hold the mark)
    matches = [m for m in (_BARE_COMPOUND.match(t, start, end) for start, end in bare_words) if m
               and _VOWELS.intersection(m.group(1).lower()) and _VOWELS.intersection(m.group(2).lower())
               and (len(m.group(2)) > 1 or m.group(2) in ("a", "o"))]
    if _wordfreq() is None or short and len(matches) < 2:
        return 0, 0, 0, 0
    unknown = sum(1 for start, end in bare_words if not doc.real_circumflex(t[start:end]))
    if short and len(matches) < 0.8 * unknown:
        return len(matches), unknown, 0, 0  # (before the language is detected: that costs more)
    unknown_matches = [m for m in matches if not doc.real_circumflex(m.group())]
    if short and (len(unknown_matches) < 2 or len(unknown_matches) < 0.8 * unknown):
        return len(matches), unknown, len(unknown_matches), 0  # (the same: too few left to count)
    count = sum(1 for m in unknown_matches if doc.hyphenated(m.group(1), m.group(2)))
    return len(matches), unknown, len(unknown_matches), count


def compounds_verdict(matches: int, unknown: int, unknown_matches: int, count: int) -> int:
    """The bare-â evidence of the compounds compound_counts counted: their number, where two
    or more, and 80% of the words no language with â knows, at every stage."""
    enough = (matches >= 2 and matches >= 0.8 * unknown and unknown_matches >= 2 and unknown_matches >= 0.8 * unknown
              and count >= 2 and count >= 0.8 * unknown)
    return count if enough else 0


# Matches of the evidence patterns hold their damage character (â, ?, U+FFFD) and reach at
# most this far from it on either side (a contraction: "shouldn" + mark + "t"; a lookaround).
NEAR = 16


def count_near(pattern: "re.Pattern", text: str, marks: str, radius: int = NEAR) -> int:
    """len(pattern.findall(text)) for a pattern whose every match holds one of `marks` and
    lies within `radius` characters of it: only the stretches around the marks are searched,
    left to right, so the matches (and their count) are the same; a text without a mark
    costs a find.
    >>> count_near(_QMARK_CONTRACTION, "don?t and it?s, what? no", "?") == len(_QMARK_CONTRACTION.findall("don?t and it?s, what? no"))
    True
    """
    if not any(m in text for m in marks):
        return 0
    n = len(text)
    clusters = _MARK_CLUSTERS.get((marks, radius))
    if clusters is None:
        # marks at most 2 * radius apart, found at once: their stretches overlap or touch
        ours = "[" + re.escape(marks) + "]"
        clusters = _MARK_CLUSTERS[(marks, radius)] = re.compile(f"{ours}(?:[^{re.escape(marks)}]{{0,{2 * radius}}}{ours})*")
    count = 0
    last = 0  # where the previous match ended: the scan goes on from there, as findall's
    for cluster in clusters.finditer(text):
        for match in pattern.finditer(text, max(cluster.start() - radius, last), min(n, cluster.end() + radius)):
            count += 1
            last = match.end()
    return count


_MARK_CLUSTERS: dict = {}


def count_qmark_possessives(text: str) -> int:
    """len(_QMARK_POSSESSIVE.findall(text)), read back from each `?s` that ends a word: the
    letters before it (any number: not a match near the mark) are two or more ASCII letters.
    >>> count_qmark_possessives("the government?s plan, a?s, café?s, whose?st")
    1
    """
    if "?s" not in text:
        return 0
    count = 0
    for end in _QMARK_S.finditer(text):
        i = end.start()
        word = text[_word_start(text, i):i]
        if len(word) >= 2 and word.isascii() and word.isalpha():
            count += 1
    return count


_QMARK_S = lazyre.compile(r"\?s(?![^\W\d_])")


# An elided word whose apostrophe became a bare â, before a vowel, h or a lost-byte letter.
_BARE_ELISION = lazyre.compile(r"(?<![^\W\d_])(?i:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)\u00e2(?=[aeiouyhàâéèêîôûAEIOUYHÀÂÉÈÊÎÔÛÃ][^\W\d_])")

# Two words joined by a bare â (presumeâse, bienâêtre): a hyphen candidate.
_BARE_COMPOUND = lazyre.compile(r"(?<![^\W\d_])([^\W\d_]{2,})\u00e2([^\W\d_]+)(?![^\W\d_])")

_VOWELS = frozenset("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýœ")


_LETTERS = lazyre.compile(r"[^\W\d_]*")


def _count_contractions(text: str, words: List[Tuple[int, int]]) -> int:
    """len(_BARE_CONTRACTION.findall(text)), from the words that hold a bare â (`words`:
    _words_holding): a match is one of them whole, or all of it but a damaged opening â
    (âitâs), since it holds the â and ends where a word ends.
    >>> t = "donât, âitâs and youâre, câine"
    >>> _count_contractions(t, _words_holding(t, "\u00e2")) == len(_BARE_CONTRACTION.findall(t))
    True
    """
    match = _BARE_CONTRACTION.match
    return sum(1 for start, end in words
               if match(text, start, end) or (text[start] == "\u00e2" and match(text, start + 1, end)))


def _word_start(text: str, i: int) -> int:
    """Where the run of letters that ends at text[i] starts: read backwards in a reversed
    window that grows until the run stops inside it (the whole text reversed was a second
    copy of a long document: 16 MB more at the peak on 4 MB of real pages).
    >>> _word_start("un mot", 6), _word_start("un mot", 3), _word_start("ab", 0)
    (3, 3, 0)
    """
    size = 64
    while True:
        low = max(0, i - size)
        run = _LETTERS.match(text[low:i][::-1]).end()
        if run < i - low or low == 0:
            return i - run
        size *= 4


def _words_holding(text: str, mark: str) -> List[Tuple[int, int]]:
    """The spans of the words (runs of letters) that hold `mark` (a letter), each once, in
    order: read outwards from each mark (backwards in the reversed text), so that a text
    with few marks is not searched with a letter class at every position.

    >>> t = "Preâmbulo: câine, x."
    >>> [t[start:end] for start, end in _words_holding(t, "\u00e2")]
    ['Preâmbulo', 'câine']
    """
    spans = []
    i = text.find(mark)
    while i >= 0:
        start = _word_start(text, i)
        end = _LETTERS.match(text, i).end()
        spans.append((start, end))
        i = text.find(mark, end)
    return spans
