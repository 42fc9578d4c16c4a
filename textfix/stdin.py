"""Standard input, looked at before it is read: JSONL or text, and no compressed bytes.

A file's name says whether it is JSONL (`.jsonl`, `.ndjson`) and compressed (`.gz`, …);
standard input has no name. `zcat shard.jsonl.gz | textfix clean -` read as one text
would run text rules over JSON syntax (a record dropped as a "repeated paragraph", a `?`
inside a string literal edited), so with `--format auto` the first line decides: a JSON
object is JSONL, and anything else that starts like JSON, or compressed bytes, is refused
with a hint instead of being guessed at.
"""

from __future__ import annotations

import io
import json
import sys
from typing import BinaryIO, Optional

from .errors import UsageError
from . import lazyre

# magic numbers of the compressions textfix reads from files
MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz", b"\x28\xb5\x2f\xfd": "zstd"}
# how a JSON document starts (an object's first key, an array's first value), not prose in braces
JSON_START = lazyre.compile(rb'\{\s*("|\}|$)|\[\s*(\{|\[|"|-?\d|\]|$)')


def sniff(first_line: bytes) -> str:
    """`jsonl` or `text` for input starting with `first_line`; UsageError when it is neither safely.

    >>> sniff(b'{"id": 1, "text": "caf\\xc3\\xa9"}\\n'), sniff(b"Plain text {with braces}\\n")
    ('jsonl', 'text')
    """
    for magic, kind in MAGIC.items():
        if first_line.startswith(magic):
            raise UsageError(f"standard input is {kind}-compressed; decompress it first "
                             f"(e.g. `zcat FILE | textfix ...`) or name the file instead of -")
    head = first_line.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not JSON_START.match(head):
        return "text"
    try:
        record = json.loads(head)
    except ValueError:
        record = None
    if isinstance(record, dict):
        return "jsonl"
    raise UsageError("standard input starts like JSON but its first line is not a JSON object, so it is "
                     "not JSONL (one object per line); pass --format text to clean it as plain text, "
                     "or --format jsonl to read it as JSONL anyway")


def open_stdin(forced: str = "auto", stream: Optional[BinaryIO] = None) -> tuple:
    """(format, binary stream of all of standard input): `forced` unless it is `auto`, else `sniff`.

    The first line read to decide is handed back at the start of the stream.
    """
    stream = stream if stream is not None else sys.stdin.buffer
    if forced and forced != "auto":
        return forced, stream
    first = stream.readline()
    while first.strip() == b"" and first:  # blank lines before the first record say nothing
        line = stream.readline()
        if not line:
            break
        first += line
    return sniff(first), io.BufferedReader(_Prepended(first, stream))


class _Prepended(io.RawIOBase):
    """`head`, then the rest of `rest`."""

    def __init__(self, head: bytes, rest: BinaryIO):
        super().__init__()
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = self.rest.read1(len(buffer)) if hasattr(self.rest, "read1") else self.rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)
