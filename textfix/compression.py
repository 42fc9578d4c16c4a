"""Compression streams at the edge: `.gz`, `.bz2`, `.xz` (standard library) and `.zst`
(the optional `zstandard` package: `pip install zstandard`), read and verified to the
end of the file, and written deterministically in the same format."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import BinaryIO, Optional

from .errors import TextfixError


@lru_cache(maxsize=1)
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

