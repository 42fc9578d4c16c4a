"""One input cleaned, and positions in its text."""

from __future__ import annotations

import codecs
import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

from ..model import Result

STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Input:
    """What the rewrite test needs of an input's bytes, without holding them while the
    document is cleaned (a large file's bytes were one more copy of it): their length, a
    BLAKE2b digest, whether they begin with a byte order mark."""

    size: int
    digest: bytes
    bom: bool

    @classmethod
    def of(cls, data: bytes) -> "Input":
        return cls(len(data), _digest(data), _has_bom(data))

    def same(self, data: bytes) -> bool:
        """Whether `data` are these bytes (equal length and digest)."""
        return len(data) == self.size and _digest(data) == self.digest


@dataclass
class Outcome:
    """One input file, cleaned."""

    path: str
    source: Input
    result: Result
    keep_bom: bool = False
    # the output's bytes, when the text was cleaned and encoded in windows and never held whole
    # (tasks._clean_large: then `result.text` is None)
    encoded: Optional[bytes] = None

    @property
    def name(self) -> str:
        """How messages and the log name this input."""
        return STDIN_NAME if self.path == STDIN else self.path

    @property
    def output(self) -> bytes:
        """The bytes a rewrite would produce (always UTF-8)."""
        return self._encoded(self.result.text) if self.encoded is None else self.encoded

    @property
    def would_change(self) -> bool:
        """True when rewriting the file would change its bytes."""
        return not self.source.same(self.output)

    @property
    def reencoded(self) -> bool:
        """True when the bytes change even where the text does not (not UTF-8, a BOM)."""
        return not self.source.same(self._encoded(self.result.original))

    def _encoded(self, text: str) -> bytes:
        """`text` as UTF-8, after a UTF-8 BOM only if the input had a BOM and `keep_bom` is set."""
        bom = codecs.BOM_UTF8 if self.keep_bom and self.source.bom else b""
        return bom + text.encode("utf-8")


def _has_bom(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


class LineIndex:
    """Character offsets to 1-based (line, column); lines end at "\\n".

    >>> LineIndex("ab\\ncd").position(4)
    (2, 2)
    """

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        position = text.find("\n")
        while position != -1:
            self.starts.append(position + 1)
            position = text.find("\n", position + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of the character at `offset`, both counted from 1."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        """Line `line` (from 1) without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r")


def split_lines(text: str) -> list[str]:
    """`text` cut after each "\\n" (and nowhere else), keeping the newlines.

    >>> split_lines("a\\u2028b\\nc")
    ['a\\u2028b\\n', 'c']
    """
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def unified_diff(label: str, before: str, after: str) -> list[str]:
    """A unified diff (a/label, b/label) from `before` to `after`, each line ending in "\\n"."""
    import difflib  # only `check --diff` needs it

    lines = difflib.unified_diff(split_lines(before), split_lines(after), f"a/{label}", f"b/{label}")
    return [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines]
