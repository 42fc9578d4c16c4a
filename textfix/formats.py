"""File formats at the edge: compression streams, and JSONL records edited in place.

Nothing here cleans text: `textfix.clean` does that. This module (with `textfix.compression`
and `textfix.records`, whose names it re-exports) only knows how to get text out of a file
and how to put the cleaned text back while changing nothing else.

- Compression comes from the name: `.gz`, `.bz2`, `.xz` (standard library) and `.zst`
  (the optional `zstandard` package: `pip install zstandard`). A compressed file is
  written back in the same format.
- A JSONL record is rewritten only when one of its text fields changes, and then only
  the bytes of that field's string literal are replaced: every other field, the key
  order, the spacing and every other record stay byte for byte as they were.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO, Optional

from .errors import TextfixError
# The compression streams and the JSONL records live in their own modules; their names
# are part of this module's interface (the corpus run, the log and the tests use them here).
from .compression import compress, decompression_errors, describe_error, wrap_read, wrap_write  # noqa: F401
from .records import (MAX_NESTING, RecordError, encode_like, literal_span, load_record, parse_path,  # noqa: F401
                      record_id, splice_fields, text_fields, too_deep)

COMPRESSIONS = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FORMATS = ("auto", "text", "jsonl")


class InputError(TextfixError):
    """An input file cannot be read as what it claims to be; `where` is `path` or `path:line`."""

    def __init__(self, where: str, reason: str):
        super().__init__(reason)
        self.path = where


# names


def compression_of(path: str) -> Optional[str]:
    """`gzip`, `bz2`, `xz`, `zstd` or None, from the file name.

    >>> compression_of("shard-0001.jsonl.zst"), compression_of("notes.txt")
    ('zstd', None)
    """
    return COMPRESSIONS.get(os.path.splitext(path)[1].lower())


def format_of(path: str, forced: str = "auto") -> str:
    """`jsonl` or `text`: `forced` unless it is `auto`, else from the name (compression suffix ignored).

    >>> format_of("a/b.ndjson.gz"), format_of("a/b.txt.gz"), format_of("a/b.txt", "jsonl")
    ('jsonl', 'text', 'jsonl')
    """
    if forced and forced != "auto":
        return forced
    stem = path[: -len(os.path.splitext(path)[1])] if compression_of(path) else path
    return "jsonl" if stem.lower().endswith(JSONL_SUFFIXES) else "text"


def open_regular(path: str) -> BinaryIO:
    """`path` opened for reading in binary, or OSError/InputError if it is not a regular file.

    A FIFO, a device or a socket named as input would block or never end, so it is refused
    (standard input is `-`). The file is opened without blocking and checked through its
    descriptor, so what is checked is what is read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", path)
        if not stat.S_ISREG(mode):
            raise InputError(path, f"not a regular file ({file_kind(mode)}); use - for standard input")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def file_kind(mode: int) -> str:
    """A name for a file type that is not a regular file."""
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a regular file"



# reading


class Source:
    """The decompressed bytes of a file (or of standard input) as `.stream`.

    `position()` says how many bytes of the file itself have been read so far (for a
    progress bar). Closing it closes the file, but never standard input.
    """

    def __init__(self, path: Optional[str], compression: Optional[str] = None, raw: Optional[BinaryIO] = None):
        if raw is None:
            raw = open_regular(path)
            self.owned = True
        else:
            self.owned = False
        self.raw = raw
        try:
            self.stream = wrap_read(raw, compression)
        except BaseException:
            self.close()
            raise

    def position(self) -> int:
        try:
            return self.raw.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        stream = getattr(self, "stream", None)
        try:
            if stream is not None and stream is not self.raw:
                stream.close()
        finally:
            if self.owned:
                self.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()



def read_all(path: str, compression: Optional[str]) -> bytes:
    """The whole decompressed contents of `path`."""
    with Source(path, compression) as source:
        return source.stream.read()

