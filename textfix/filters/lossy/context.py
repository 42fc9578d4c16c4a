"""What surrounds a damaged spot: the kind of character before and after it, the words
around it, sentence and line positions. Pure functions of the text and an offset (and the
per-line tally the quote pairing keeps)."""

from __future__ import annotations

import re
from typing import Optional

from .chars import _CONTINUATIONS, APOS, CLOSE_PUNCT, ELLIPSIS, LDQ, LSQ, MDASH, NDASH, OPENERS, PLACEHOLDERS, RDQ, \
    RESIDUE
from ... import lazyre

# The end of a sentence: its punctuation before a space, a closing mark or the line's end.
_SENTENCE_END = lazyre.compile(r"[.!?\ufffd]*[.!?](?=[\s\"\u201d\u00bb),;:]|$)|\n", re.M)
# The first letter after spaces (_before_small_word).
_SMALL_WORD_NEXT = lazyre.compile(r"[ \t]+([^\W\d_])")


class Site:
    """One damaged spot: its span, what kind of damage, and the candidates we settled on."""

    __slots__ = ("start", "end", "kind", "rule", "after", "confidence", "reason", "flag")

    def __init__(self, start, end, kind, rule):
        self.start, self.end, self.kind, self.rule = start, end, kind, rule
        self.flag = True
        self.after: Optional[str] = None
        self.confidence = 0.0
        self.reason = ""


def _residue_end(t: str, j: int) -> int:
    """Where the residue after a damaged sequence ending at t[j - 1] ends: its run of `Â`,
    one per outer layer of a text encoded twice or more whose last pass lost a byte
    (chars.RESIDUE), less a last one that pairs with a continuation (`Â©` is an intact ©).
    >>> _residue_end("mÃÂÂnima", 2), _residue_end("crÃtica", 3), _residue_end("ÃÂ©", 1)
    (4, 3, 1)
    """
    k = j
    while k < len(t) and t[k] == RESIDUE:
        k += 1
    if k > j and k < len(t) and t[k] in _CONTINUATIONS:
        k -= 1
    return k


def _inverted_mark(t: str, i: int) -> Optional[str]:
    """¿ or ¡ for a Spanish sentence starting at t[i], by the mark that ends it (a ? that
    ends a word: `?Qu? pas??` ends at its last ?), else None."""
    m = _SENTENCE_END.search(t, i)
    if m is None:
        return None
    return {"?": "\u00bf", "!": "\u00a1"}.get(m.group()[-1])


def _opens_sentence(t: str, i: int) -> bool:
    """Whether t[i] starts a sentence: at the text's start, after . ! ? (spaces and opening
    quotes between), or first on a line after a blank line or a line ending a sentence (a
    hard-wrapped line mid-sentence does not count)."""
    j = i
    while j > 0 and t[j - 1] in " \t\u00a0\u00ab\u201c\u201e\"(":
        j -= 1
    if j == 0 or t[j - 1] in ".!?":
        return True
    if t[j - 1] != "\n":
        return False
    prev = t[max(0, j - 200):j - 1].rstrip(" \t\r")
    return not prev or prev[-1] in ".!?:\n\u00bb\u201d\"" + PLACEHOLDERS + "\u00e2"  # (or a damaged closing quote)


def _before_small_word(t: str, i: int) -> bool:
    """Whether a space and a word in small letters follow t[i] (no question ends there)."""
    m = _SMALL_WORD_NEXT.match(t, i)
    return m is not None and m.group(1).islower()


def _after_sentence(t: str, i: int) -> bool:
    """Whether the mark at t[i] follows a space after sentence punctuation (`lung. ?`)."""
    return i >= 2 and t[i - 1] == " " and t[i - 2] in ".!?,"


def _unrepaired(site: Site, text: str) -> Site:
    site.after = None  # reported in Result.flags
    return site


class _LineTally:
    """The spaced dashes and double quotes of the sites decided so far on a line, counted as
    the pairing goes (once per site: recounting the line at every site was quadratic)."""

    __slots__ = ("dashes", "opened", "closed")

    def __init__(self):
        self.dashes = self.opened = self.closed = 0  # (the quote style is applied after pairing)

    def add(self, site: Site, t: str) -> None:
        if site.after in (NDASH, MDASH) and _kind_before(t, site.start) == "space":
            self.dashes += 1
        self.opened += site.after == LDQ
        self.closed += site.after == RDQ

    def settled(self) -> bool:
        """Whether the line so far closed every quote it opened and every spaced dash pair:
        otherwise the site may close one (`The vote – held on Monday – was close.`), or a
        quote was dropped as a real question mark (`?Full Stop?` inside `?And …`)."""
        return self.dashes % 2 == 0 and self.opened == self.closed


def _last_before(t: str, i: int, skip: str) -> str:
    """The last character before t[i] that is not in `skip` ('' at the text's start); read
    backwards, not by copying the text before i (that made long lines quadratic)."""
    while i > 0 and t[i - 1] in skip:
        i -= 1
    return t[i - 1] if i > 0 else ""


def _snippet(t: str, start: int, end: int, before: str = "", after: str = "") -> str:
    """The damaged text with a little context, for a flag message; `before` and `after`: the
    text around `t` where `t` is a window of a larger document (the context may reach them).
    >>> _snippet("ab?cd", 2, 3), _snippet("?c", 0, 1, "xy\\n\\n", "\\n\\nz")
    ("'ab?cd'", "'xy  ?c  z'")
    """
    a = max(0, start - 12)
    b = min(len(t), end + 12)
    head = before[max(0, len(before) - (12 - start)):] if start < 12 else ""
    tail = after[:max(0, end + 12 - len(t))]
    return repr((head + t[a:b] + tail).replace("\n", " "))


def _kind_before(t: str, i: int) -> str:
    if i == 0:
        return "start"
    c = t[i - 1]
    if c == "\n" or c == "\r":
        return "start"
    if c.isspace():
        return "space"
    if c.isalnum():
        return "word"
    if c in OPENERS or c in "\u2014\u2013-/":
        return "open"
    if c in CLOSE_PUNCT or c in RDQ + APOS + ELLIPSIS + "\u00bb\u203a%":
        return "punct"
    if c in PLACEHOLDERS or c == "\u00e2":
        return "mark"
    return "punct"


def _kind_after(t: str, i: int) -> str:
    if i >= len(t):
        return "end"
    c = t[i]
    if c == "\n" or c == "\r":
        return "end"
    if c.isspace():
        return "space"
    if c.isalnum():
        return "word"
    if c in "([{" + LDQ + LSQ + "\u00ab":
        return "open"
    if c in ")]}":
        return "close"
    if c in PLACEHOLDERS or c == "\u00e2":
        return "mark"
    return "punct"


def _after_number(t: str, i: int) -> bool:
    j = i
    while j > 0 and t[j - 1] == " ":
        j -= 1
    return j > 0 and t[j - 1].isdigit()


def _word_before(t: str, i: int) -> str:
    j = i
    while j > 0 and (t[j - 1].isalnum()):
        j -= 1
    return t[j:i]


def _word_after(t: str, i: int) -> str:
    j = i
    while j < len(t) and t[j].isalnum():
        j += 1
    return t[i:j]


def _word_around(t: str, i: int, k: int) -> str:
    return _word_before(t, i) + t[i:k] + _word_after(t, k)
