"""What a regular expression needs, read from its syntax tree: the cheap tests behind the gates.

A boilerplate pattern must match a whole (stripped) line. Without running it, its syntax
tells what such a line must begin with (`ends`), end with (`ends(..., reverse=True)`) and
contain (`regex_literals.literal_sets`, with the needles that find them). Every answer is *necessary*: a line that fails it cannot
match. The answers are in the "key alphabet" of `key`: lower case, every whitespace
character a space, every decimal digit `0`; so a line's key can be looked up in a set.

Patterns are parsed with Python's own `re` parser; a pattern it cannot read (syntax only
the `regex` module knows) gets no answer (None), and its rule is checked on every line.
"""

from __future__ import annotations

from typing import Iterable, Optional

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore
    import sre_parse as _sre_parse  # type: ignore

# How many characters of a line's start or end the keys hold.
KEY_LENGTH = 4
# Beyond this many alternative prefixes a pattern is not worth enumerating.
MAX_PREFIXES = 4000
# A character class larger than this is not enumerated.
MAX_CLASS = 64
# One enumeration (`ends` at one length) joins at most this many prefixes in all; beyond it
# the pattern gets no answer at that length (the gate's entries then try a shorter one). Three
# alternations of the shipped packs took 300,000 each at 12 characters, over half of a cold
# start's gate building; this bounds it for any pack a user writes too.
MAX_STEPS = 50_000

# Characters with irregular case: a case-insensitive match (`re` or `regex`) may pair
# them with a character other than their lower(), so a search of the lowered text could
# miss it (İ ı ſ match i and s; µ, ς, ϐ, Cherokee ... fold irregularly). Ranges of code
# points; tests/test_screens.py checks them against every code point.
_IRREGULAR_RANGES = (
    (0xB5, 0xB5), (0x130, 0x131), (0x17F, 0x17F), (0x345, 0x345), (0x390, 0x390), (0x3B0, 0x3B0),
    (0x3C2, 0x3C2), (0x3D0, 0x3D1), (0x3D5, 0x3D6), (0x3F0, 0x3F1), (0x3F5, 0x3F5), (0x13A0, 0x13F5),
    (0x13F8, 0x13FD), (0x1C80, 0x1C88), (0x1E9B, 0x1E9B), (0x1FBE, 0x1FBE), (0x1FD3, 0x1FD3),
    (0x1FE3, 0x1FE3), (0x212A, 0x212B), (0xA64B, 0xA64B), (0xAB70, 0xABBF), (0xFB05, 0xFB06),
)
IRREGULAR_CASE = frozenset(chr(c) for lo, hi in _IRREGULAR_RANGES for c in range(lo, hi + 1))
# Pairs Python's re module adds to case folding (re/_casefix.py), both ways.
_EXTRA_PARTNERS = {"\u0130": "i"}


def partners(ch: str) -> set:
    """What an irregular character may match case-insensitively (lower case forms)."""
    out = {x.lower() for x in (ch, ch.upper(), ch.title(), ch.casefold()) if len(x) == 1}
    if ch in _EXTRA_PARTNERS:
        out.add(_EXTRA_PARTNERS[ch])
    try:
        from re import _casefix

        out |= {chr(c).lower() for c in _casefix._EXTRA_CASES.get(ord(ch), ())}
    except Exception:  # pragma: no cover - older Pythons
        pass
    return out


def troublesome(chars: Iterable[str]) -> str:
    """The characters of a text that could match one of `chars` (pattern characters)
    case-insensitively without lowering to it: İ ı ſ for Latin patterns.

    >>> troublesome("abcdefghijklmnopqrstuvwxyz")
    'İıſ'
    """
    lowered = {ch.lower() for ch in chars if len(ch.lower()) == 1}
    if not lowered:  # (a gate without rules: the user's, when no pack is given)
        return ""
    return "".join(sorted(ch for ch in IRREGULAR_CASE
                          if ch.lower() not in lowered and partners(ch) & lowered))


class _Unknown(Exception):
    """The pattern holds something this analysis cannot enumerate here."""


class _Budget:
    """The prefixes one enumeration may still build (`MAX_STEPS`): spent, it is _Unknown."""

    __slots__ = ("left",)

    def __init__(self, steps: int):
        self.left = steps

    def spend(self, steps: int) -> None:
        self.left -= steps
        if self.left < 0:
            raise _Unknown


def key_char(ch: str) -> str:
    """One character in the key alphabet: whitespace -> space, decimal digit -> 0, else lower case."""
    if ch.isspace():
        return " "
    if ch.isdecimal():
        return "0"
    low = ch.lower()
    return low if len(low) == 1 else ch


_ASCII_KEY = str.maketrans({**{chr(c): " " for c in range(128) if chr(c).isspace()},
                            **{d: "0" for d in "123456789"},
                            **{chr(c): chr(c).lower() for c in range(65, 91)}})


def key(s: str) -> str:
    """`s` in the key alphabet.

    >>> key("The 24\\tHours")
    'the 00 hours'
    """
    if s.isascii():
        return s.translate(_ASCII_KEY)
    low = s.lower()
    if len(low) != len(s):
        return "".join(key_char(ch) for ch in s)
    if low.isalpha():
        return low
    return "".join(" " if ch.isspace() else "0" if ch.isdecimal() else ch for ch in low)


def _class_chars(items, ignorecase: bool) -> set:
    chars: set = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE:
            lo, hi = av
            if hi - lo > MAX_CLASS:
                raise _Unknown
            chars.update(chr(x) for x in range(lo, hi + 1))
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            chars.add("0")
        elif op is _c.CATEGORY and av is _c.CATEGORY_SPACE:
            chars.add(" ")
        else:  # negation, \w, \S, ...
            raise _Unknown
        if len(chars) > MAX_CLASS:
            raise _Unknown
    out = {key_char(ch) for ch in chars}
    if ignorecase:
        out |= {key_char(ch.upper()) for ch in chars if len(ch.upper()) == 1}
    return out


def _item_chars(op, av, ignorecase: bool) -> Optional[set]:
    """The characters a one-character item matches (key alphabet), or None if not one."""
    if op is _c.LITERAL:
        return _class_chars([(op, av)], ignorecase)
    if op is _c.IN:
        return _class_chars(av, ignorecase)
    if op is _c.CATEGORY:
        return _class_chars([(op, av)], ignorecase)
    if op in (_c.ANY, _c.NOT_LITERAL):
        raise _Unknown
    return None


def _flags(av, ignorecase: bool) -> bool:
    add, remove = av[1], av[2]
    if add & _c.SRE_FLAG_IGNORECASE:
        return True
    if remove & _c.SRE_FLAG_IGNORECASE:
        return False
    return ignorecase


def _seq(items, ignorecase: bool, n: int, reverse: bool, budget: _Budget) -> set:
    """(text, state) for a sequence: the first n key characters of its possible matches.
    state: 'end' the sequence ended there, 'cut' it goes on (n reached), 'open' unknown beyond."""
    cur = {("", "end")}
    for op, av in (reversed(items) if reverse else items):
        nxt = set()
        ways: dict = {}  # characters left -> the item's ways (None: unknown), the same for every prefix
        for s, state in cur:
            if state != "end" or len(s) >= n:
                nxt.add((s, "cut" if state == "end" else state))
                continue
            left = n - len(s)
            if left not in ways:
                try:
                    ways[left] = _item(op, av, ignorecase, left, reverse, budget)
                except _Unknown:
                    ways[left] = None
            parts = ways[left]
            if parts is None:
                nxt.add((s, "open"))
                continue
            budget.spend(len(parts))
            for t, st in parts:
                nxt.add((s + t, st))
            if len(nxt) > MAX_PREFIXES:  # (a set only grows: give up now, not after the product)
                raise _Unknown
        if len(nxt) > MAX_PREFIXES:
            raise _Unknown
        cur = nxt
    return cur


def _item(op, av, ignorecase: bool, n: int, reverse: bool, budget: _Budget) -> set:
    if op is _c.SUBPATTERN:
        return _seq(av[-1], _flags(av, ignorecase), n, reverse, budget)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(av, ignorecase, n, reverse, budget)
    if op is _c.BRANCH:
        out: set = set()
        for branch in av[1]:
            out |= _seq(branch, ignorecase, n, reverse, budget)
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        try:
            return _repeat(av, ignorecase, n, reverse, budget)
        except _Unknown:
            # too many ways: the repetition's first time through (or its first character), then anything
            try:
                firsts = _seq(av[2], ignorecase, n, reverse, budget)
            except _Unknown:
                firsts = _seq(av[2], ignorecase, 1, reverse, budget)
            out = {(s, "open") for s, st in firsts if s or st == "open"}
            if av[0] == 0 or any(not s for s, st in firsts if st == "end"):
                out.add(("", "end"))
            return out
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return {("", "end")}  # zero width: anything it rules out is still a superset
    chars = _item_chars(op, av, ignorecase)
    if chars is None:
        raise _Unknown
    return {(ch, "end") for ch in chars}


def _repeat(av, ignorecase: bool, n: int, reverse: bool, budget: _Budget) -> set:
    lo, hi, sub = av
    inner = _seq(sub, ignorecase, n, reverse, budget)
    cur = {("", "end")}
    out: set = set()
    count = 0
    while True:
        if count >= lo:
            out |= cur
        if hi != _c.MAXREPEAT and count >= hi:
            break
        nxt = set()
        for s, st in cur:
            if st != "end" or len(s) >= n:
                nxt.add((s, st))
                continue
            budget.spend(len(inner))
            for t, st2 in inner:
                u = s + t
                nxt.add((u[:n], "cut") if len(u) > n else (u, st2))
            if len(nxt) > MAX_PREFIXES:  # (as in _seq)
                raise _Unknown
        if len(nxt) > MAX_PREFIXES:
            raise _Unknown
        count += 1
        if nxt == cur or count > n + lo:
            if count >= lo or nxt == cur:
                out |= nxt
            break
        cur = nxt
    return out


def parse(pattern: str, ignorecase: bool):
    """The `re` syntax tree of `pattern`, or None if `re` cannot read it."""
    try:
        return _sre_parse.parse(pattern, _c.SRE_FLAG_IGNORECASE if ignorecase else 0)
    except Exception:  # noqa: syntax only the regex module knows, or none at all
        return None


class Ends:
    """What a whole-line match must begin (or end) with, in the key alphabet.

    `whole`: lines (stripped, as keys) the pattern can match entirely within KEY_LENGTH
    characters; `starts[k]`: strings of length k one of which a longer line must start
    (end) with. A line can match only if its key is in `whole` or starts with a string of
    `starts`.
    """

    def __init__(self, whole: set, starts: dict):
        self.whole = whole
        self.starts = starts

    @property
    def shortest(self) -> int:
        return min(self.starts, default=KEY_LENGTH)

    def admits(self, line_key: str, reverse: bool = False) -> bool:
        if line_key in self.whole:
            return True
        for k, strings in self.starts.items():
            piece = line_key[-k:] if reverse else line_key[:k]
            if len(piece) == k and piece in strings:
                return True
        return False


def ends(pattern: str, ignorecase: bool, reverse: bool = False, tree=None, length: int = KEY_LENGTH) -> Optional[Ends]:
    """The start (or, with reverse, the end) of every whole-line match of `pattern`.

    >>> e = ends("(?:sign up|subscribe)[!.]?", True)
    >>> sorted(e.whole), sorted(e.starts[4])
    ([], ['sign', 'subs'])
    >>> e = ends(".{0,60}\\\\bnewsletter", True, reverse=True)
    >>> sorted(e.starts[4])
    ['tter']
    """
    tree = tree if tree is not None else parse(pattern, ignorecase)
    if tree is None:
        return None
    try:
        found = _seq(list(tree), ignorecase, length, reverse, _Budget(MAX_STEPS))
    except (_Unknown, RecursionError):
        return None
    whole: set = set()
    starts: dict = {}
    for s, state in found:
        if reverse:
            s = s[::-1]
        if state == "end":
            whole.add(s)
            if len(s) == length:
                starts.setdefault(length, set()).add(s)  # or a longer line that starts so
        else:
            if not s:
                return None  # anything can come first
            starts.setdefault(len(s), set()).add(s)
    # a whole-line match shorter than the key: the line's key is the whole line; one of
    # length KEY_LENGTH may also be the start of a longer line (added above)
    return Ends(whole, starts)


def max_width(tree) -> Optional[int]:
    """The longest text a pattern can match, if bounded (None: unbounded or unknown)."""
    if tree is None:
        return None
    try:
        high = tree.getwidth()[1]
    except Exception:  # noqa
        return None
    return high if high < _c.MAXREPEAT else None


def pattern_chars(patterns: Iterable[str]) -> set:
    """Every character written in the patterns (to check them against IRREGULAR_CASE)."""
    return {ch for p in patterns for ch in p}
