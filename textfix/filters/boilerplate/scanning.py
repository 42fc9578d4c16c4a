"""How the gate's scanners are built: what a literal stands for, the literals a key's line
must hold, the characters a line's key is read apart for, the letters that stand in for the
troublesome ones (gate.py uses them; they hold no state).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import Optional

from .. import fastscan, regex_gate
from ... import lazyre
from ...pipeline import line_pieces_of

# What a literal of the gate's scanners stands for (`_Gate._line_literals`).
_STARTS, _ENDS, _WORD, _NEEDLE = range(4)
# Bytes of a word in the bytes view (ASCII letters, lower case there, and digits).
_WORD_BYTES = tuple(48 <= c < 58 or 97 <= c < 123 for c in range(256))


def through_long_starts(key: bytes, entries) -> tuple:
    """(entries looked up by the start key `key` alone, None or (the entries whose line start
    is read further, ((length, {start: entries}), ...), {whole line: entries})): a start key
    (`the `, `000 `) admits many lines that its entries' longer starts (`_Entry.starts`, up
    to LONG_KEY bytes: `the privacy`) do not; those starts are looked up on the lines the key
    finds, so most never become a pair (`_Gate._reread`)."""
    if 63 in key:  # b"?": such a key's line may start as any match
        return list(entries), None
    plain: list = []
    further: list = []
    framed: dict = {}  # "\n" + start, or "\n" + whole line + "\n" -> entries
    for e in entries:
        literals = _start_literals(key, e.starts) if e.starts is not None else None
        if literals is None:
            plain.append(e)
            continue
        further.append(e)
        for literal in literals:
            framed.setdefault(literal, []).append(e)
    if not further:
        return plain, None
    starts: dict = {}
    whole: dict = {}
    shared: dict = {}  # (the same entries, one list: most starts are one entry's, stored once)
    for literal, found in framed.items():
        found = shared.setdefault(tuple(found), found)
        if literal.endswith(b"\n"):
            whole[literal[1:-1]] = found
        else:
            starts.setdefault(len(literal) - 1, {})[literal[1:]] = found
    return plain, (further, tuple(sorted(starts.items())), whole)


def _start_literals(key: bytes, starts: tuple) -> Optional[set]:
    """The fewest framed literals (at most SCANNED_LITERALS) one of which a stripped line
    starting with `key`, without `?` in its first LONG_KEY bytes, holds where
    `_Entry.may_start` admits it, reading as many bytes of the line's start as that allows
    (SCANNED_STARTS). None: the key itself (a start shorter than the key says less; a
    pattern with many ways would need too many lookups and too much memory)."""
    by_prefix, short = _starts_by_prefix(starts)
    if any(len(u) < len(key) and key.startswith(u) for u in short):
        return None
    found = by_prefix.get(key, ())
    for length in SCANNED_STARTS:
        literals = _starts_read_to(found, length)
        if len(literals) <= SCANNED_LITERALS:
            return literals
    return None


def _starts_read_to(found: list, length: int) -> set:
    """The literals of `_start_literals` reading `length` bytes of the starts `found` ([(k or
    None for a whole line, start)]): "\\n" + a start's first `length` bytes, "\\n" + a
    shorter whole line + "\\n" (a start holding `?` is a line with another character near
    its start: `_Gate._reread` passes those)."""
    return {b"\n" + u + b"\n" if k is None and len(u) < length else b"\n" + u[:length]
            for k, u in found if 63 not in u[:length]}


@lru_cache(maxsize=None)
def _starts_by_prefix(starts: tuple) -> tuple:
    """({first 1 to KEY_LENGTH bytes: [(k or None for a whole line, start)]}, [the starts
    shorter than KEY_LENGTH]) of an entry's longer starts: an entry stands under many keys.
    (Cleared once the gate's literals are made.)"""
    whole, by_length = starts
    by_prefix: dict = {}
    short = []
    for k, strings in ((None, whole), *by_length):
        for u in strings:
            for n in range(1, min(len(u), regex_gate.KEY_LENGTH) + 1):
                by_prefix.setdefault(u[:n], []).append((k, u))
            if k is not None and len(u) < regex_gate.KEY_LENGTH:
                short.append(u)
    return by_prefix, short


# How many bytes of a line's start are read for a start key's entries, the most first, and
# how many starts one entry's key may become (`_start_literals`).
SCANNED_STARTS = (12, 10, 8, 6, 5)
SCANNED_LITERALS = 32


def _literals_held(entries, which: int = 0) -> Optional[tuple]:
    """The literals one of which a line must hold for one of `entries` to admit it (each
    entry's rarest set, or its second rarest with `which=1`: `_Entry.has_literals`), or None
    when an entry holds no such set."""
    if not all(len(e.literals_b) > which for e in entries):
        return None
    return tuple(sorted({lit for e in entries for lit in e.literals_b[which]}))


@lru_cache(maxsize=256)
def _ends_holding(chars: frozenset) -> tuple:
    """Where a line's start key (its first KEY_LENGTH characters, less the spaces the bytes
    view strips) or its end key holds one of `chars`: two expressions on the text's UTF-8,
    each a scanner of its own (Hyperscan compiled the two in one database in ~4x the time
    of each alone: ~0.2 s of a cold start with the 1,170 characters of the built-in rules).
    Kept per set of characters (a scanner is immutable, and a corpus run with
    `--learn-repeats` builds a gate per source's pack)."""
    if not chars:
        return fastscan.Scanner([]), fastscan.Scanner([])
    wanted = "[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in sorted(chars)) + "]"
    spaces = "[\\t\\x0b\\x0c\\r \\x1c-\\x1f]"  # (bytes.strip() in the view: _ASCII_NORM's spaces)
    near = f"[^\\n]{{0,{regex_gate.KEY_LENGTH - 1}}}"
    # (each matches where its line ends: one hit a line, not one for each character found)
    return tuple(fastscan.Scanner([expression.encode()], literal=False, flags=(fastscan.UTF8, fastscan.MULTILINE))
                 for expression in (f"^{spaces}*{near}{wanted}[^\\n]*$", f"{wanted}{near}{spaces}*$"))


# A lone surrogate in UTF-8 (encoded with "surrogatepass"): not UTF-8 for Hyperscan.
_SURROGATE_UTF8 = lazyre.compile(b"\xed[\xa0-\xbf]")


@lru_cache(maxsize=1)
def _spaces_and_digits() -> frozenset:
    """Every whitespace character and decimal digit outside ASCII."""
    from array import array

    four_bytes = "I" if array("I").itemsize == 4 else "L"  # every code point but the surrogates, decoded at once
    code_points = array(four_bytes, range(0x80, 0xD800)) + array(four_bytes, range(0xE000, 0x110000))
    everything = code_points.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
    return frozenset(re.findall(r"[\s\d]", everything))


def _stand_ins(trouble: str, pattern_chars: set) -> Optional[dict]:
    """A str.translate table giving each troublesome character the one letter of the patterns
    it can match case-insensitively (ı -> i, ſ -> s, K -> k), or None when one of them can
    match several.

    >>> _stand_ins("ıſ\u212a", set("isk"))
    {305: 'i', 383: 's', 8490: 'k'}
    """
    lowered = {ch.lower() for ch in pattern_chars if len(ch.lower()) == 1}
    table: dict = {}
    if not lowered:  # (a gate without rules)
        return table
    for ch in trouble:
        partners = regex_gate.partners(ch) & lowered
        if len(partners) > 1:
            return None
        if partners:
            table[ord(ch)] = partners.pop()
    return table


def _longest(entries) -> Optional[int]:
    """The longest stripped line one of `entries` can match (None: no limit)."""
    longest = [e.max_len for e in entries]
    return None if None in longest else max(longest)


def _look_up(index, i, key, reverse: bool, admit) -> None:
    """Admit line `i` for the entries its start (or end, `reverse`) key selects in `index`."""
    starts, whole = index
    if key in whole:
        admit(i, whole[key])
    for k, table in starts.items():
        piece = key[-k:] if reverse else key[:k]
        if len(piece) == k and piece in table:
            admit(i, table[piece])


def _admit_lines_holding(haystack, needle, entries, positions, view, admit) -> None:
    """Admit `entries` for every line (in the ranges `positions` allows) whose text holds `needle`."""
    if needle not in haystack:  # the usual case, before the ranges (which read the lines)
        return
    for start, end in view.ranges(positions):
        at = haystack.find(needle, start, end)
        while at >= 0:
            i = view.line_of(at)
            admit(i, entries)
            at = haystack.find(needle, view.line_end(i) + 1, end)


# Greek capital sigma lowers to σ or, at a word's end, ς: a piece's end may read it either way.
_SIGMAS = frozenset("\u03c3\u03c2")


def lower_holds_any(text: str, chars: frozenset, piece: int = 1 << 16) -> bool:
    """Whether `text.lower()` holds one of `chars`, read a piece at a time: no whole lower-case
    copy of a text that holds none (most non-ASCII text, for the needles of another script).
    Lower-casing maps each character alone except the final sigma, so both sigmas count.
    >>> lower_holds_any("Caf\u00e9 \u201cquoted\u201d", frozenset("\u0438")), lower_holds_any("\u0418\u0422\u041e\u0413", frozenset("\u0438"))
    (False, True)
    """
    if chars & _SIGMAS:
        chars = chars | _SIGMAS
    for start in range(0, len(text), piece):
        lowered = text[start:start + piece].lower()
        if any(ch in lowered for ch in chars):
            return True
    return False



class LowerPieces:
    """`text.lower()` as `_admit_lines_holding` searches it for `needles` (`needle in`,
    `find`), without a whole lower-case copy of the text: its pieces of lines (ending after a
    line end, which no case rule reads across) lowered one at a time, and for each needle the
    pieces that hold it. `bounds` is None where lowering changes a piece's length (İ lowers
    to two characters): offsets would not be the text's, so the whole lower() is read there.
    lower() of a non-ASCII text costs its copy and 12 bytes a character more while it is made
    (real pages, 11.6M characters: 46 MB held and 139 MB at once)."""

    def __init__(self, text: str, needles):
        self.text = text
        self.bounds: Optional[list] = []
        self.holding: dict = {needle: [] for needle in needles}
        for k, (start, end) in enumerate(line_pieces_of(text)):
            lowered = text[start:end].lower()
            if len(lowered) != end - start:
                self.bounds = None
                return
            self.bounds.append((start, end))
            for needle, pieces in self.holding.items():
                if needle in lowered:
                    pieces.append(k)
        self._last: tuple = (None, "")  # (piece, its lower()): a needle's hits follow one another

    def __contains__(self, needle: str) -> bool:
        return bool(self.holding[needle])

    def find(self, needle: str, start: int, end: int) -> int:
        """`text.lower().find(needle, start, end)` (a needle holds no line end: no match
        crosses from one piece to the next)."""
        for k in self.holding[needle]:
            first, last = self.bounds[k]
            if last <= start:
                continue
            if first >= end:
                break
            if self._last[0] != k:
                self._last = (k, self.text[first:last].lower())
            at = self._last[1].find(needle, max(start, first) - first, min(end, last) - first)
            if at >= 0:
                return first + at
        return -1
