"""What a text must hold before the lossy rules read it: the filter's screen, and the checks
`LossyMojibake.propose` makes before it builds a `Document` (document.py).

Kept apart from the rules so that a run over clean text (most text, and every `textfix check`
of a clean file) loads the damage characters only, not the rules, the word lists' readers or
the document model: they are imported when a text holds a sign of damage.
"""

from __future__ import annotations

from functools import lru_cache

from .. import fastscan
from .chars import _ANY_LETTER_Q, _LEAD_RESIDUE, _LETTER_LEADS, _LOOKALIKE, _Q_SPACED, _SWALLOWING, RESIDUE
from ... import lazyre


# The characters every kind of evidence (Evidence.any_evidence) needs: a bare â, Ã, U+FFFD,
# ftfy's swallowed-space guesses, or a lead and its residue (ÄÂ: a text encoded twice or
# more whose lost byte left no Ã); a ? between letters is checked apart.
_EVIDENCE_CHARS = "\u00e2\u00c3\ufffd" + "".join(_SWALLOWING) + "".join(_LOOKALIKE)
_EVIDENCE_PAIRS = [lead + RESIDUE for lead in _LETTER_LEADS if lead not in _EVIDENCE_CHARS]
_PAIR_LEADS = "".join(pair[0] for pair in _EVIDENCE_PAIRS)
# (one class, then a look back that drops a lead without its residue: a pattern that opens with
# a class is searched by skipping to its characters in C; an alternation was 5x slower)
_EVIDENCE_RE = lazyre.compile(f"[{_EVIDENCE_CHARS}{_PAIR_LEADS}](?<![{_PAIR_LEADS}](?!{RESIDUE}))")


@lru_cache(maxsize=1)
def _evidence_scanner() -> fastscan.Scanner:
    """_EVIDENCE_RE's characters and pairs as UTF-8 literals, for one Hyperscan pass."""
    return fastscan.stored("evidence", [s.encode("utf-8") for s in list(_EVIDENCE_CHARS) + _EVIDENCE_PAIRS])


def _has_evidence_chars(text: str, ascii: bool) -> bool:
    """A character lossy damage leaves (â Ã, U+FFFD, ftfy's guesses), or a ? between letters:
    without one, no evidence (Evidence.any_evidence) and nothing to repair."""
    if not ascii and _EVIDENCE_RE.search(text) is not None:
        return True
    return "?" in text and _ANY_Q_EVIDENCE.search(text) is not None


def cannot_show_evidence(text: str) -> bool:
    """Whether the text's prose cannot show evidence (Evidence.any_evidence is False),
    read from the text alone, before code is found, the language read or a word list loaded.

    The prose is the text with code turned into spaces, so it holds no mark the text lacks
    and a letter there is the text's. Without â, U+FFFD or ftfy's guesses no bare, U+FFFD or
    swallowing evidence; without Ã before a small letter none of a lost letter; and a ? counts
    as a sign (q_signs) only before a letter or a space and a letter (_LETTER_Q_RE,
    _Q_OPENS_WORD, _Q_SPACED), so with one such ? at most the lone one that repairs nothing
    alone (Evidence.q_damage). A long text with one `w?a` costs a few searches, not its code
    spans, its evidence and its language.
    >>> cannot_show_evidence("a long manual with one w?a in it"), cannot_show_evidence("f?r and w?a")
    (True, False)
    >>> cannot_show_evidence("NÃO, Âge"), cannot_show_evidence("crÃtica"), cannot_show_evidence("câine")
    (True, False, False)
    """
    if not text.isascii() and _BARE_OR_GUESS_RE.search(text) is not None:
        return False
    if "\u00e0" in text and _CAPS_A_GRAVE.search(text) is not None:
        return False
    i = text.find("\u00c3")
    while i >= 0:
        nxt = text[i + 1:i + 2]
        if nxt.islower() and nxt.isalpha():  # (read_evidence's letter test)
            return False
        i = text.find("\u00c3", i + 1)
    if RESIDUE in text and _LEAD_RESIDUE.search(text) is not None:
        return False
    signs = _Q_SIGN_PLACE.finditer(text)
    return next(signs, None) is None or next(signs, None) is None


# A small à between capitals (`CRà TICA`): ftfy's reading of `Ã` + space, where the space
# was the lost second byte of a capital (Í is C3 8D); no language writes it.
_CAPS_A_GRAVE = lazyre.compile("\u00e0(?<=[A-Z]{2}\u00e0) (?=[A-Z]{2})")  # (its à first: skipped to in C)
# The characters bare, U+FFFD and swallowing evidence need (cannot_show_evidence).
_BARE_OR_GUESS_RE = lazyre.compile("[\u00e2\ufffd" + "".join(_SWALLOWING) + "".join(_LOOKALIKE) + "]")
# A ? that may count as a sign in the prose: a letter, or any character and a letter, after it.
_Q_SIGN_PLACE = lazyre.compile(r"\?(?=[^\W\d_]|[\s\S][^\W\d_])")

# A ? glued to a capital at a word's start whose sentence ends in ? or !: ¿ or ¡ replaced.
_Q_OPENING = lazyre.compile(r"\?(?<![^\s(\"]\?)(?=[A-Z\u00c0-\u00de])[^\n.?!]{1,300}[?!]")

# Any ? that can be evidence (_LETTER_Q_RE, _Q_OPENING, _Q_SPACED), for the screen.
_ANY_Q_EVIDENCE = lazyre.compile(_ANY_LETTER_Q.pattern + "|" + _Q_OPENING.pattern + "|" + _Q_SPACED.pattern)


# A text whose letters are mostly À-ÿ is 8-bit text of another alphabet read as Latin-1
# (cp1251 Russian: Ëþäè â Ãðîóâëåíäå); no language writes so (UDHR: at most 30%, Yoruba).
MAX_LATIN1_LETTERS = 0.6
_LETTER_RE = lazyre.compile(r"[^\W\d_]")
_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
# The bytes of a Latin-1 encoding that are no À-ÿ letter (× and ÷ are none): the letters
# À-ÿ of a text are counted in C as the bytes its Latin-1 encoding keeps besides these.
_NOT_LATIN1_LETTERS = bytes(b for b in range(256) if not (0xC0 <= b <= 0xFF and b not in (0xD7, 0xF7)))


def _mostly_latin1(text: str) -> bool:
    """Whether À-ÿ are MAX_LATIN1_LETTERS or more of the letters of the text's first 20,000
    characters. ASCII letters are letters too and are counted in C (bytes.translate): a text
    whose À-ÿ fall short of the share of them and the ASCII ones (a French, Portuguese or
    Romanian page) is decided without a pass of the letter class over it.
    >>> _mostly_latin1("Ëþäè â Ãðîóâëåíäå"), _mostly_latin1("Ça a été très bien"), _mostly_latin1("12 ?")
    (True, False, False)
    """
    head = text[:20000]
    latin1 = len(head.encode("latin-1", "ignore").translate(None, _NOT_LATIN1_LETTERS))
    if not latin1:
        return False
    ascii_letters = len(head.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
    if latin1 < MAX_LATIN1_LETTERS * (ascii_letters + latin1):  # (a share of fewer letters than all)
        return False
    return latin1 / len(_LETTER_RE.findall(head)) >= MAX_LATIN1_LETTERS
