"""The small `mojibake.*` filters: C1 control characters read as Windows-1252, HTML
character references, terminal escapes, invisible control characters, UTF-16 surrogates;
and how much a repair that only rewrites C1 controls can be trusted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from ..model import Change
from ..pipeline import Context, Filter, Rule, Scan
from .english import is_english, strong_contraction
from .small_chars import CONTROL_CHARS, _has_c1, small_chars
from .. import lazyre

# C1 control characters alone are weak evidence. U+0092 is the one that clean text uses
# as a letter (an apostrophe-like mark in some transcriptions), and a C1 control between
# two letters may be a Mac Roman letter rather than Windows-1252 punctuation (ftfy's known
# failures). Those need corroboration, a second distinct C1 control in the document;
# without it they get this confidence, below the default threshold.
LONE_C1_CONFIDENCE = 0.5
C1_RE = lazyre.compile("[\x80-\x9f]")


@dataclass(frozen=True)
class C1Document:
    """What the confidence of a C1 repair reads of the whole document (given to a window of it,
    windows.py): how many distinct C1 controls it holds, and its head (its first
    ENGLISH_HEAD characters: what `is_english` and the word count read)."""

    kinds: int
    head: str


ENGLISH_HEAD = 20000


def c1_confidence(text: str, start: int, end: int, confidence: float, kinds: Optional[int] = None,
                  head: Optional[str] = None) -> float:
    """Confidence of a repair that only rewrites the C1 controls in text[start:end] (`head`: the
    whole document's, when `text` is a window of it).

    >>> c1_confidence("qui\x92\u00ea", 3, 4, 0.95), c1_confidence("parl\u00e9\x85 Tu", 5, 6, 0.95)
    (0.5, 0.95)
    """
    if (kinds if kinds is not None else c1_kinds(text)) >= 2:
        return confidence
    if any(m.start() < start < m.end() for m in _C1_CONTRACTION.finditer(text, max(0, start - 8), end + 3)):
        return confidence  # I\x92m, don\x92t: Windows-1252 text, the apostrophe of an English contraction
    head = text if head is None else head
    if _ascii_around(text, start, end) and is_english(head) and len(_ASCII_WORDS.findall(head, 0, 2000)) >= 8:
        return confidence  # lawyer\x92s withdrawal: English (eight words or more) has no Mac Roman letters
    between_letters = 0 < start and end < len(text) and text[start - 1].isalpha() and text[end].isalpha()
    if "\x92" in text[start:end] or between_letters:
        return min(confidence, LONE_C1_CONFIDENCE)
    return confidence


# An English contraction whose apostrophe is Windows-1252's 92 read as Latin-1: where \x92
# could be Mac Roman's í between letters (país, Martín), a contraction decides.
_C1_CONTRACTION = strong_contraction("\x92")


_ASCII_WORDS = lazyre.compile(r"[A-Za-z]+")


def _ascii_around(text: str, start: int, end: int) -> bool:
    """Whether no letter beyond ASCII touches text[start:end] (qui\x92être: French)."""
    return not any(ch.isalpha() and not ch.isascii() for ch in text[max(0, start - 1):start] + text[end:end + 1])


def c1_kinds(text: str) -> int:
    """How many distinct C1 control characters the text holds."""
    return len(set(C1_RE.findall(text)))


_LAST_KINDS: tuple = ("", 0)


def _c1_kinds_once(text: str) -> int:
    """c1_kinds of the text the last call was about, without scanning it again (many C1-only
    edits in one text must not each scan the whole text)."""
    global _LAST_KINDS
    last = _LAST_KINDS
    if last[0] is text:
        return last[1]
    kinds = c1_kinds(text)
    _LAST_KINDS = (text, kinds)
    return kinds


def _only_c1(s: str) -> bool:
    return bool(s) and all("\x80" <= ch <= "\x9f" for ch in s)


def _from_ftfy(name: str):
    from ftfy import chardata, fixes

    return getattr(fixes, name, None) or getattr(chardata, name)


class C1Controls(Filter):
    """C1 control characters (U+0080-U+009F) are Windows-1252 bytes read as Latin-1.

    >>> from textfix import clean
    >>> clean("\\x93quoted\\x94").text
    '“quoted”'
    """

    rules = (Rule("mojibake.c1-controls", "C1 control characters read as their Windows-1252 meaning"),)
    pattern = re.compile("[\x80-\x9f]+")

    def screen(self, text: str, scan: Scan) -> bool:
        return not scan.ascii and _has_c1(small_chars(scan))

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        given: Optional[C1Document] = ctx.document(self)
        kinds = c1_kinds(text) if given is None else given.kinds  # once per text, not per control character
        head = None if given is None else given.head
        for m in self.pattern.finditer(text):
            after = m.group().encode("latin-1").decode("windows-1252", errors="ignore")
            # 0x81 0x8D 0x8F 0x90 0x9D mean nothing in Windows-1252 either: leave them for other rules.
            if after and len(after) == len(m.group()):
                yield Change(self.rules[0].id, m.start(), m.end(), m.group(), after,
                             c1_confidence(text, m.start(), m.end(), 0.95, kinds, head), self.rules[0].description)


class HtmlEntities(Filter):
    """HTML character references left in plain text: `&amp;` -> `&`, `&#8217;` -> `’`.

    Text containing `<` may be markup, where entities belong, so it is left alone (as ftfy does).
    >>> from textfix import clean
    >>> clean("Fish &amp; chips &#8212; it&#x2019;s late").text
    'Fish & chips — it’s late'
    """

    rules = (Rule("mojibake.html-entity", "HTML character reference in plain text"),)

    def screen(self, text: str, scan: Scan) -> bool:
        return "&" in text and "<" not in text

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        markup = ctx.document(self)  # (a window: whether the whole document holds a `<`)
        if "&" not in text or ("<" in text if markup is None else markup):
            return
        entity_re = _from_ftfy("HTML_ENTITY_RE")
        unescape = _from_ftfy("_unescape_fixup")
        for m in entity_re.finditer(text):
            after = unescape(m)
            if after != m.group():
                yield Change(self.rules[0].id, m.start(), m.end(), m.group(), after, 1.0, "HTML character reference")


class TerminalEscapes(Filter):
    """Terminal escape sequences (colours, cursor moves, window titles) that leaked into text.

    >>> from textfix import clean
    >>> clean("\\x1b[1mBold\\x1b[0m \\x1b]0;title\\x07done").text
    'Bold done'
    """

    rules = (Rule("mojibake.terminal-escape", "terminal escape sequence"),)
    # CSI (ESC [ parameters intermediates final) and OSC (ESC ] ... BEL or ESC \\).
    pattern = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|\x1b\\][^\x07\x1b]*(?:\x07|\x1b\\\\)")

    def screen(self, text: str, scan: Scan) -> bool:
        return "\x1b" in small_chars(scan)

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        if "\x1b" not in text:
            return
        for m in self.pattern.finditer(text):
            yield Change(self.rules[0].id, m.start(), m.end(), m.group(), "", 1.0, "terminal escape sequence")


class ControlCharacters(Filter):
    """Invisible control characters with no meaning in text (ftfy's list: C0 controls but
    tab, newlines and form feed; DEL; U+FEFF; deprecated format characters; U+FFF9-FFFC).
    A vertical tab becomes a newline rather than gluing two words together. A backspace
    between two characters is a typewriter's overstrike, as nroff writes man pages and `less`
    reads them: `X\\bX` is a bold X, `_\\bX` and `X\\b_` an underlined X, `+\\bo` a bullet;
    those become the character (deleting the backspace alone, as ftfy does, leaves `NNAAMMEE`
    and `n_a_m_e_`).

    >>> from textfix import clean
    >>> clean("a\\x00b\\ufeffc").text
    'abc'
    >>> clean("N\\bNA\\bAM\\bME\\bE f\\b_i\\b_l\\b_e\\b_  +\\bo item").text
    'NAME file  • item'
    """

    rules = (Rule("mojibake.control-char", "invisible control character"),
             Rule("mojibake.overstrike", "a typewriter overstrike (bold, underline, bullet) as nroff writes it"))

    def __init__(self):
        codepoints = sorted(map(ord, CONTROL_CHARS))
        self.chars = frozenset(CONTROL_CHARS)
        self.pattern = re.compile("[" + "".join(re.escape(chr(c)) for c in codepoints) + "]+")

    def screen(self, text: str, scan: Scan) -> bool:
        return not self.chars.isdisjoint(small_chars(scan))

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        taken = 0  # (where the last overstrike's change ended: `X\bX\bX` is struck twice)
        for m in self.pattern.finditer(text):
            if m.group() == "\b":
                struck = overstrike(text, m.start(), taken)
                if struck is not None:
                    taken = struck.end
                    yield struck
                    continue
            names = ", ".join(sorted({f"U+{ord(ch):04X}" for ch in m.group()}))
            # A vertical tab is a line break from word processors: keep the words apart.
            after = "\n" if "\x0b" in m.group() else ""
            yield Change(self.rules[0].id, m.start(), m.end(), m.group(), after, 1.0, f"control character {names}")


# nroff's overstruck bullet (+ struck with o), as `man` renders \(bu on a terminal.
_OVERSTRUCK = {("+", "o"): "\u2022"}


def overstrike(text: str, i: int, taken: int = 0) -> Optional[Change]:
    """The change that reads the backspace at text[i] as an overstrike of the characters on
    either side (none before `taken`, where an earlier change ended), or None.

    >>> overstrike("a\\bb", 1) is None, overstrike("_\\bx", 1).end, overstrike("x\\b_", 1).before
    (True, 2, '\\x08_')
    """
    if i == 0 or i + 1 >= len(text) or i - 1 < taken:
        return None
    x, y = text[i - 1], text[i + 1]
    if not (x.isprintable() and y.isprintable()) or x.isspace() or y.isspace():
        return None
    rule = "mojibake.overstrike"
    if (x, y) in _OVERSTRUCK:
        return Change(rule, i - 1, i + 2, text[i - 1:i + 2], _OVERSTRUCK[x, y], 1.0, "an overstruck bullet (+ then o)")
    if x == y or x == "_":
        return Change(rule, i - 1, i + 1, text[i - 1:i + 1], "", 1.0, "bold (X, backspace, X)" if x == y else "underline (_, backspace, X)")
    if y == "_":
        return Change(rule, i, i + 2, text[i:i + 2], "", 1.0, "underline (X, backspace, _)")
    return None


class Surrogates(Filter):
    """UTF-16 surrogates in a str: a pair becomes its character, a lone one U+FFFD.

    >>> from textfix import clean
    >>> clean("\\ud83d\\ude00 \\ud800").text
    '😀 �'
    """

    rules = (Rule("mojibake.surrogate", "UTF-16 surrogate code points"),)
    pattern = re.compile("[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")

    def screen(self, text: str, scan: Scan) -> bool:
        return not scan.ascii and any("\ud800" <= ch <= "\udfff" for ch in small_chars(scan))

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        for m in self.pattern.finditer(text):
            s = m.group()
            if len(s) == 2:
                after = chr(0x10000 + ((ord(s[0]) - 0xD800) << 10) + (ord(s[1]) - 0xDC00))
                yield Change(self.rules[0].id, m.start(), m.end(), s, after, 1.0, "surrogate pair joined")
            else:
                yield Change(self.rules[0].id, m.start(), m.end(), s, "\ufffd", 1.0, "lone surrogate")
