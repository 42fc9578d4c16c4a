"""File formats at the edge: compression streams, and JSONL records edited in place.

Nothing here cleans text: `textfix.clean` does that. This module only knows how to get
text out of a file and how to put the cleaned text back while changing nothing else.

- Compression comes from the name: `.gz`, `.bz2`, `.xz` (standard library) and `.zst`
  (the optional `zstandard` package: `pip install zstandard`). A compressed file is
  written back in the same format.
- A JSONL record is rewritten only when one of its text fields changes, and then only
  the bytes of that field's string literal are replaced: every other field, the key
  order, the spacing and every other record stay byte for byte as they were.
"""

from __future__ import annotations

import io
import json
import errno
import os
import re
import stat
from json.decoder import scanstring
from typing import BinaryIO, Optional, Sequence

from .errors import TextfixError

COMPRESSIONS = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FORMATS = ("auto", "text", "jsonl")
BOM = "\ufeff"


class InputError(TextfixError):
    """An input file cannot be read as what it claims to be; `where` is `path` or `path:line`."""

    def __init__(self, where: str, reason: str):
        super().__init__(reason)
        self.path = where


class RecordError(Exception):
    """One JSONL record is unusable (invalid JSON, no text field, a field that is not a string)."""


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


# compression


def decompression_errors() -> tuple:
    """The exceptions a damaged compressed stream raises while it is read."""
    import lzma
    import zlib

    errors = [EOFError, zlib.error, lzma.LZMAError]
    zstd = _zstandard(required=False)
    if zstd is not None:
        errors.append(zstd.ZstdError)
    return tuple(errors)


def describe_error(error: BaseException, compression: Optional[str]) -> str:
    """A short message for a failure while reading a (compressed) stream."""
    kind = {"gzip": "gzip", "bz2": "bzip2", "xz": "xz", "zstd": "zstd"}.get(compression or "", "compressed")
    if isinstance(error, EOFError):
        return f"truncated {kind} file (the compressed data ends too early)"
    if isinstance(error, OSError) and error.errno is not None:
        return error.strerror or str(error)
    return f"corrupt {kind} data: {error}"


def _zstandard(required: bool = True):
    try:
        import zstandard
    except ImportError:
        if required:
            raise TextfixError("reading and writing .zst needs the zstandard package "
                               "(pip install zstandard)") from None
        return None
    return zstandard


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


def wrap_read(raw: BinaryIO, compression: Optional[str]) -> BinaryIO:
    """A stream of the decompressed bytes of `raw` (closing it leaves `raw` open).

    Every byte of `raw` is decompressed and checked: a stream cut short, a damaged later
    stream or trailing bytes that are no stream raise an error instead of ending the data
    early (the standard library's readers stop quietly at trailing data).
    """
    if compression is None:
        return raw
    if compression not in _DECOMPRESSORS:
        raise ValueError(compression)
    if compression == "zstd":
        _zstandard()
    return io.BufferedReader(_Verified(raw, compression), buffer_size=1 << 20)


def wrap_write(raw: BinaryIO, compression: Optional[str], name: str = "") -> BinaryIO:
    """A stream that compresses into `raw`; closing it finishes the compressed data but leaves `raw` open.

    The output is deterministic: no time stamp in a gzip header (`name` is recorded as
    gzip itself would, without the `.gz`).
    """
    if compression is None:
        return _Unclosing(raw)
    if compression == "gzip":
        import gzip

        return gzip.GzipFile(filename=name, mode="wb", fileobj=raw, compresslevel=6, mtime=0)
    if compression == "bz2":
        import bz2

        return bz2.BZ2File(raw, mode="wb")
    if compression == "xz":
        import lzma

        return lzma.LZMAFile(raw, mode="wb")
    if compression == "zstd":
        # A content checksum per frame, so that damage inside a frame is found on reading.
        return _zstandard().ZstdCompressor(level=3, write_checksum=True).stream_writer(raw, closefd=False)
    raise ValueError(compression)


def compress(data: bytes, compression: Optional[str], name: str = "") -> bytes:
    """`data` compressed as `wrap_write` would write it."""
    if compression is None:
        return data
    buffer = io.BytesIO()
    with wrap_write(buffer, compression, name) as f:
        f.write(data)
    return buffer.getvalue()


def read_all(path: str, compression: Optional[str]) -> bytes:
    """The whole decompressed contents of `path`."""
    with Source(path, compression) as source:
        return source.stream.read()


class _Unclosing(io.RawIOBase):
    """`raw` with a close() that only flushes (so uncompressed output behaves like the compressed kinds)."""

    def __init__(self, raw):
        super().__init__()
        self.raw = raw

    def writable(self):
        return True

    def write(self, data):
        return self.raw.write(data)

    def close(self):
        if not self.closed:
            self.raw.flush()
        super().close()


OUTPUT_STEP = 1 << 20  # most decompressed bytes produced per step (a small bomb stays small)


class _Whole:
    """One gzip member or zstd frame, fed whatever input there is (zlib checks a gzip
    member's CRC-32 and length trailer; libzstd a frame's content checksum when it has one)."""

    def __init__(self, decompressor):
        self.d = decompressor

    @property
    def eof(self):
        return self.d.eof

    def wants_input(self) -> bool:
        return True

    def feed(self, data: bytes) -> tuple:
        """(output, input left over: unread, or after the member's end)."""
        out = self.d.decompress(data)
        return out, self.d.unused_data if self.d.eof else b""


def _gzip_member() -> _Whole:
    import zlib

    return _Whole(zlib.decompressobj(31))


class _Buffered:
    """One bz2 or xz stream (their decompressors check every block's checksum)."""

    def __init__(self, compression: str):
        if compression == "bz2":
            import bz2

            self.d = bz2.BZ2Decompressor()
        else:
            import lzma

            self.d = lzma.LZMADecompressor()

    @property
    def eof(self):
        return self.d.eof

    def wants_input(self) -> bool:
        return self.d.needs_input

    def feed(self, data: bytes) -> tuple:
        out = self.d.decompress(data, OUTPUT_STEP)
        return out, self.d.unused_data if self.d.eof else b""


_DECOMPRESSORS = {"gzip": _gzip_member, "bz2": lambda: _Buffered("bz2"), "xz": lambda: _Buffered("xz"),
                  "zstd": lambda: _Whole(_zstandard().ZstdDecompressor().decompressobj())}
# gzip (as gzip(1) reads it) and xz (stream padding) allow NUL bytes after a stream.
_PADDED = ("gzip", "xz")


class _Verified(io.RawIOBase):
    """Compressed streams one after another, each decompressed and verified to its end.

    A stream cut short is an EOFError; bytes after a stream that do not begin another
    valid stream raise the decompressor's error. Nothing is handed out that the file's
    checks have not covered up to that point.
    """

    CHUNK = 1 << 16

    def __init__(self, raw, compression: str):
        super().__init__()
        self.raw, self.compression = raw, compression
        self.stream = None  # the stream being decompressed, None between streams
        self.input = b""  # compressed bytes read but not yet fed
        self.out, self.offset = b"", 0
        self.streams = 0  # complete streams read
        self.done = False

    def readable(self):
        return True

    def readinto(self, buffer):
        while self.offset >= len(self.out) and not self.done:
            self.out, self.offset = b"", 0
            self._step()
        n = min(len(buffer), len(self.out) - self.offset)
        buffer[:n] = self.out[self.offset:self.offset + n]
        self.offset += n
        return n

    def _step(self) -> None:
        """Decompress a little more: start a stream, feed it, or find the end of the file."""
        if self.stream is None:
            if not self.input:
                self.input = self.raw.read(self.CHUNK)
                if not self.input:
                    if not self.streams:  # no stream at all (an empty file, or only padding)
                        raise EOFError("Compressed file ended before the end-of-stream marker was reached")
                    self.done = True
                    return
            if self.compression in _PADDED:
                self.input = self.input.lstrip(b"\0")
                if not self.input:
                    return
            self.stream = _DECOMPRESSORS[self.compression]()
        if not self.input and self.stream.wants_input():
            self.input = self.raw.read(self.CHUNK)
            if not self.input:
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")
        self.out, self.input = self.stream.feed(self.input)
        if self.stream.eof:
            self.stream = None
            self.streams += 1


# JSONL records

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def parse_path(dotted: str) -> tuple:
    """`"meta.body"` -> `("meta", "body")`."""
    parts = tuple(dotted.split("."))
    if not all(parts):
        raise ValueError(f"bad field path {dotted!r}")
    return parts


def get_path(obj, path: Sequence[str]):
    """The value at `path` in `obj`, or raise KeyError naming the missing part."""
    for part in path:
        if not isinstance(obj, dict) or part not in obj:
            raise KeyError(part)
        obj = obj[part]
    return obj


def load_record(line: bytes, line_no: int):
    """(text of the line as str, the parsed object) or raise RecordError with a short reason."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RecordError(f"not valid UTF-8 (byte 0x{line[e.start]:02x} at column {e.start + 1})") from None
    body = text[1:] if line_no == 1 and text.startswith(BOM) else text
    if too_deep(body):
        raise RecordError(f"invalid JSON: nested more than {MAX_NESTING} levels deep")
    try:
        obj = json.loads(body)
    except json.JSONDecodeError as e:
        raise RecordError(f"invalid JSON: {e.msg} (column {e.colno})") from None
    if not isinstance(obj, dict):
        raise RecordError(f"not a JSON object but {_json_type(obj)}")
    return text, obj


# Deeper JSON is refused before it is parsed: the parser's own limit is Python's recursion
# limit, which depends on how deep the caller's stack already is (a worker process and the
# main process disagreed near 980 levels), so the same record could pass or fail by -j.
MAX_NESTING = 500
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def too_deep(text: str) -> bool:
    """True when arrays and objects nest more than MAX_NESTING levels deep in the JSON `text`
    (brackets inside strings do not count).

    >>> too_deep("[" * 501 + "]" * 501), too_deep('["' + "[" * 600 + '"]')
    (True, False)
    """
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return False
    depth = 0
    for match in _BRACKETS.finditer(text):
        c = match.group()
        if c in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return True
        elif c in "]}":
            depth -= 1
    return False


def text_fields(obj: dict, fields: Sequence[tuple]) -> list:
    """The string at each field path of `obj`; None where the field is missing or null.

    One policy everywhere (command line, `clean_batch`, datatrove): an optional field that
    is absent or null is skipped and counted, never an error; a value of the wrong type
    (a number, an object, ...) is a RecordError, since then the field name is likely wrong.

    >>> text_fields({"text": "a", "meta": {"title": None}}, [("text",), ("meta", "title"), ("x",)])
    ['a', None, None]
    """
    values = []
    for path in fields:
        try:
            value = get_path(obj, path)
        except KeyError:
            value = None
        if value is not None and not isinstance(value, str):
            raise RecordError(f"field {'.'.join(path)!r} is {_json_type(value)}, not a string")
        values.append(value)
    return values


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def record_id(obj: dict, path: Sequence[str]):
    """The record's id (a string or number at `path`), or None."""
    try:
        value = get_path(obj, path)
    except KeyError:
        return None
    return value if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def literal_span(text: str, path: Sequence[str]) -> tuple:
    """(start, end) of the JSON value at `path` in the JSON object `text` (quotes included for a string).

    With duplicate keys the last one counts, as in `json.loads`.

    >>> s = '{"id": 1, "meta": {"body": "x\\\\u00e9"}, "text": "abc"}'
    >>> a, b = literal_span(s, ("text",)); s[a:b]
    '"abc"'
    >>> a, b = literal_span(s, ("meta", "body")); s[a:b]
    '"x\\\\u00e9"'
    """
    i = _WS.match(text, 0).end()
    if text.startswith(BOM, i):
        i = _WS.match(text, i + 1).end()
    for depth, key in enumerate(path):
        if text[i] != "{":
            raise RecordError(f"field {'.'.join(path[:depth])!r} is not an object")
        found = None
        i = _WS.match(text, i + 1).end()
        if text[i] == "}":
            raise RecordError(f"no field {'.'.join(path)!r}")
        while True:
            name, i = scanstring(text, i + 1)
            i = _WS.match(text, i).end() + 1  # past ':'
            i = _WS.match(text, i).end()
            end = _DECODER.raw_decode(text, i)[1]
            if name == key:
                found = (i, end)
            i = _WS.match(text, end).end()
            if text[i] == "}":
                break
            i = _WS.match(text, i + 1).end()  # past ','
        if found is None:
            raise RecordError(f"no field {'.'.join(path)!r}")
        i = found[0]
    return found


_NON_ASCII_ESCAPE = re.compile(r"\\u(?!00[0-7])[0-9a-fA-F]{4}")
_UPPER_HEX_ESCAPE = re.compile(r"\\u(?=[0-9A-F]{0,3}[A-F])[0-9A-F]{4}")
_ESCAPES = re.compile(r"\\\\|\\u([0-9a-f]{4})")
_SURROGATE = re.compile("[\ud800-\udfff]")


def encode_like(value: str, original_literal: str) -> str:
    """`value` as a JSON string literal written the way `original_literal` was.

    Non-ASCII characters stay readable UTF-8 unless the original escaped them as `\\uXXXX`
    (then they are escaped, in the same hex case); `/` is escaped as `\\/` if the
    original did that. Lone surrogates are always escaped (they cannot be UTF-8).

    >>> encode_like("café", '"cafe"'), encode_like("café", '"caf\\\\u00c3\\\\u00a9"')
    ('"café"', '"caf\\\\u00e9"')
    >>> encode_like("a/é", '"\\\\/\\\\u00C3"')
    '"a\\\\/\\\\u00E9"'
    """
    ascii_only = original_literal.isascii() and bool(_NON_ASCII_ESCAPE.search(original_literal))
    literal = json.dumps(value, ensure_ascii=ascii_only)
    if not ascii_only:
        literal = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", literal)
    if "\\/" in original_literal:
        literal = literal.replace("/", "\\/")
    if _UPPER_HEX_ESCAPE.search(original_literal) and "\\u" in literal:
        literal = _ESCAPES.sub(lambda m: m.group(0) if m.group(1) is None else "\\u" + m.group(1).upper(), literal)
    return literal


def splice_fields(text: str, edits: Sequence[tuple]) -> str:
    """`text` (one JSONL line) with the string at each (path, new value) replaced, nothing else touched."""
    spans = []
    for path, value in edits:
        start, end = literal_span(text, path)
        spans.append((start, end, encode_like(value, text[start:end])))
    spans.sort()
    out, pos = [], 0
    for start, end, literal in spans:
        if start < pos:
            raise RecordError("text fields overlap")
        out += [text[pos:start], literal]
        pos = end
    out.append(text[pos:])
    return "".join(out)
