"""The gate's view of a text: its bytes key, its lines and words, computed once and shared
between the screen and propose.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import accumulate, islice
from operator import itemgetter
from typing import Iterator, Optional

from ...pipeline import Scan
from .. import regex_gate
from .scanning import LowerPieces
from .structure import PARAGRAPH_MIN_CHARS, edges_without_paragraphs, is_paragraph


# The key alphabet for ASCII text, as bytes (see regex_gate.key).
_ASCII_NORM = bytes.maketrans(
    bytes(range(65, 91)) + b"123456789\t\x0b\x0c\r\x1c\x1d\x1e\x1f",
    bytes(range(97, 123)) + b"000000000" + b" " * 8)


# Bytes that end a word when the text is cut into words (ASCII letters and digits are word bytes).
_TOKEN_NORM = bytes.maketrans(bytes(range(256)), bytes(c if (48 <= c < 58 or 97 <= c < 123) else 32 for c in range(256)))


def _slicer(k: int, reverse: bool):
    return itemgetter(slice(-k, None) if reverse else slice(0, k))


_SLICERS = {reverse: {k: _slicer(k, reverse) for k in range(1, regex_gate.KEY_LENGTH + 1)} for reverse in (False, True)}


# Bytes split at once when line starts are counted (`line_starts`): a piece's lines are
# objects only while the piece is read.
_PIECE = 1 << 16
# Offsets below this fit an array of C ints (4 bytes a line).
_INT_OFFSETS = 1 << 31


def line_starts(data: bytes, begin: int = 0, end: Optional[int] = None) -> array:
    """Where each line of data[begin:end] begins, relative to `begin`. Found a piece at a
    time: splitting the whole makes one `bytes` object per line at once, and a million small
    objects freed do not give their memory back (the peak stays). Four bytes a line where the
    offsets fit (a million short lines: 4 MB, not 8)."""
    end = len(data) if end is None else end
    starts = array("i" if end - begin < _INT_OFFSETS else "q", [0])
    for at in range(begin, end, _PIECE):
        parts = data[at:min(at + _PIECE, end)].split(b"\n")
        parts.pop()  # (the piece's last line goes on in the next piece)
        starts.extend(islice(accumulate(map((1).__add__, map(len, parts)), initial=at - begin), 1, None))
    return starts


def line_pieces(data):
    """`data` (bytes or str) in pieces of whole lines, each ~64 KB or one longer line, cut at
    newlines (join them by newlines for the whole): what is read a piece at a time so that
    a line, or a scanner hit, is an object only while its piece is read. A million small
    objects freed do not give their memory back (the peak stays)."""
    newline = "\n" if isinstance(data, str) else b"\n"
    begin = 0
    while begin <= len(data):
        end = data.find(newline, begin + _PIECE)
        end = len(data) if end < 0 else end
        yield data[begin:end]
        begin = end + 1


def stripped_pieces(data: bytes) -> Iterator[bytes]:
    """`data`'s lines stripped, in pieces of lines joined by newlines (join the pieces by
    newlines for the whole): split, stripped and joined in C a piece at a time."""
    for piece in line_pieces(data):
        yield b"\n".join(map(bytes.strip, piece.split(b"\n")))


class _View:
    """A text as the gates read it: one byte per character, ASCII in the key alphabet
    (regex_gate.key) and any other character `?`; split in lines, with each line's key
    (the first and last KEY_LENGTH characters, stripped) and the text's words. A line whose
    key holds another character is also keyed from the str (`other` keys). The text's
    `Scan` (the pipeline's, when there is one) gives its UTF-8 and lower(). Its lines are
    the bytes and their starts: a line is sliced when read, never kept as an object.)"""

    __slots__ = ("text", "ascii", "scan", "_bytes", "_keys", "_starts", "_edges", "_words",
                 "_word_set", "_lengths", "_ranges", "gated")

    def __init__(self, text: str, scan: Optional[Scan] = None):
        self.text = text
        self.scan = scan if scan is not None and scan.text is text else Scan(text)
        self.ascii = self.scan.ascii
        self._bytes = self._word_set = None
        self._keys = self._starts = self._edges = self._words = self._lengths = None
        self._ranges: dict = {}  # positions -> spans (ranges)
        self.gated: dict = {}  # id(gate) -> (gate, its candidates in this text): a gate's own cache

    def safe(self, trouble: str) -> bool:
        """Whether lower() finds every case-insensitive match of the patterns' letters (and
        the words every case-insensitive match of ASCII letters: not with the Kelvin sign)."""
        return self.ascii or not any(ch in self.text for ch in trouble + "\u212a")

    def utf8(self) -> bytes:
        """The text in UTF-8 (lone surrogates too): the encoding screen's, when it made it."""
        return self.scan.utf8

    def bytes(self) -> bytes:
        if self._bytes is None:
            raw = self.text.encode("ascii") if self.ascii else self.text.encode("ascii", "replace")
            self._bytes = raw.translate(_ASCII_NORM)
        return self._bytes

    def lowered(self, needles) -> "str | LowerPieces":
        """The text's lower() as the gate searches it for `needles` (a few lines lowered at a
        time: `LowerPieces`), or whole where a needle holds a line end or lowering changes
        the text's length."""
        if not any("\n" in needle for needle in needles):
            pieces = LowerPieces(self.text, needles)
            if pieces.bounds is not None:
                return pieces
        return self.scan.lower

    def line(self, i: int) -> bytes:
        """Line `i` of the bytes view (its offsets and length are the text's)."""
        return self.bytes()[self.line_starts()[i]:self.line_end(i)]

    def line_count(self) -> int:
        return len(self.line_starts())

    def lines(self) -> Iterator[bytes]:
        """The bytes view's lines, one at a time."""
        return map(self.line, range(self.line_count()))

    def words(self) -> list:
        if self._words is None:
            self._words = self.bytes().translate(_TOKEN_NORM).split()
        return self._words

    def word_set(self) -> set:
        if self._word_set is None:
            self._word_set = set(self.words())
        return self._word_set

    def length(self, i: int) -> int:
        """The length of line `i`, stripped (as `keys` finds it, without keying every line)."""
        if self._lengths is not None:
            return self._lengths[i]
        stripped = self.line(i).strip()
        n = regex_gate.KEY_LENGTH
        if self.ascii or (63 not in stripped[:n] and 63 not in stripped[-n:]):  # b"?"
            return len(stripped)
        return len(self.text_line(i).strip())

    def keys(self):
        """(start keys, end keys) of the lines in the bytes view, and {line: start key},
        {line: end key} from the str for the lines whose bytes key holds another character."""
        if self._keys is None:
            n = regex_gate.KEY_LENGTH
            stripped = [line.strip() for line in self.lines()]
            heads = [s[:n] for s in stripped]
            tails = [s[-n:] for s in stripped]
            lengths = list(map(len, stripped))
            other_heads: dict = {}
            other_tails: dict = {}
            if not self.ascii:
                for i, (h, t) in enumerate(zip(heads, tails)):
                    if 63 in h or 63 in t:  # b"?"
                        lengths[i] = self.length(i)
                        if 63 in h:
                            other_heads[i] = self.str_keys(i)[0]
                        if 63 in t:
                            other_tails[i] = self.str_keys(i)[1]
            self._lengths = lengths
            self._keys = (heads, tails, other_heads, other_tails)
        return self._keys

    def odd_ends(self) -> Iterator[tuple]:
        """(line, the text's characters at its bytes start key, at its bytes end key) for the
        lines whose bytes start or end key holds `?` (another character)."""
        n = regex_gate.KEY_LENGTH
        starts = self.line_starts()
        text = self.text
        for i, line in enumerate(self.lines()):
            stripped = line.strip()
            head, tail = 63 in stripped[:n], 63 in stripped[-n:]
            if head or tail:
                start = starts[i] + len(line) - len(line.lstrip())
                end = start + len(stripped)
                # (within the line: a key shorter than n is the whole line, not the text around it)
                yield i, text[start:min(start + n, end)] if head else "", text[max(start, end - n):end] if tail else ""

    def str_keys(self, i: int) -> tuple:
        """(start key, end key) of line `i` read from the str (for a line whose bytes key holds `?`)."""
        s = self.text_line(i).strip()
        n = regex_gate.KEY_LENGTH
        return regex_gate.key(s[:n]), regex_gate.key(s[-n:])

    def edges(self) -> tuple:
        """(first, last): the first and last line of running text, as Lines finds them."""
        if self._edges is None:
            lines = _TextLines(self)  # (not text.split: a str per line at once)
            starts = self.line_starts()
            n = len(starts)
            shortest = (PARAGRAPH_MIN_CHARS + 1) // 2 + 1  # (a CJK character counts twice; + the newline)

            def paragraph(k: int) -> bool:  # (a line too short is not sliced: a page of tables has many)
                return (starts[k + 1] if k + 1 < n else len(self.text) + 1) - starts[k] >= shortest \
                    and is_paragraph(lines[k])

            first = next(filter(paragraph, range(n)), None)
            if first is not None:
                last = next(filter(paragraph, range(n - 1, -1, -1)))
                if first < last:  # Lines.claim_edges may move an edge up to the next paragraph
                    first, last = (next(filter(paragraph, range(first + 1, last + 1))),
                                   next(filter(paragraph, range(last - 1, first - 1, -1))))
            else:
                first, last = edges_without_paragraphs(len(lines), lambda k: not lines[k].strip())
            self._edges = (first, last)
        return self._edges

    def where(self, i: int, position: str) -> bool:
        """A necessary condition of Lines.where(i, position): head and tail only."""
        if position == "anywhere" or position == "aside":
            return True
        first, last = self.edges()
        if position == "head":
            return i < first
        if position == "tail":
            return i > last
        return i < first or i > last

    def line_starts(self) -> array:
        """Where each line begins in the text."""
        if self._starts is None:
            # an array, not a list: 8 bytes a line instead of ~36 (an int object each), a
            # million short lines are 8 MB
            self._starts = line_starts(self.bytes())
        return self._starts

    def text_line(self, i: int) -> str:
        """Line `i` of the text (the str's, sliced when asked rather than all split at once)."""
        return self.text[self.line_starts()[i]:self.line_end(i)]

    def ranges(self, positions: frozenset) -> list:
        """Spans of the text where lines of these positions lie."""
        spans = self._ranges.get(positions)
        if spans is None:
            spans = self._ranges[positions] = self._spans(positions)
        return spans

    def _spans(self, positions: frozenset) -> list:
        n = len(self.text)
        if "anywhere" in positions or "aside" in positions:
            return [(0, n)]
        if not positions:
            return []
        starts = self.line_starts()
        first, last = self.edges()
        out = []
        if positions & {"head", "edge"} and first > 0:
            out.append((0, starts[first]))
        if positions & {"tail", "edge"} and last + 1 < len(starts):
            out.append((starts[last + 1], n))
        return out

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts(), offset) - 1

    def line_end(self, i: int) -> int:
        """Where line `i` ends (its newline, or the text's end)."""
        starts = self.line_starts()
        return starts[i + 1] - 1 if i + 1 < len(starts) else len(self.bytes())


class _TextLines:
    """The text's lines as a read-only sequence over a view, each sliced when read."""

    __slots__ = ("view",)

    def __init__(self, view: _View):
        self.view = view

    def __len__(self) -> int:
        return self.view.line_count()

    def __getitem__(self, i: int) -> str:
        return self.view.text_line(i)

    def __iter__(self) -> Iterator[str]:
        return map(self.view.text_line, range(len(self)))
