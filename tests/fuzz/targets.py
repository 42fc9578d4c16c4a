"""Fuzz targets shared by the bounded hypothesis run (tests/test_reliability_fuzz.py) and the
long run (tests/fuzz/fuzz_textfix.py): adversarial inputs and the properties every one must keep.

- `clean` on bytes or str returns a Result or raises a TextfixError (bad input named, never a
  crash), and its log replays: `replay(original, changes) == text`.
- A compressed stream, intact or damaged (bytes flipped, cut, garbage appended, streams
  concatenated), either reads back exactly what was compressed or raises one of the
  decompression errors the command line reports; it never returns other bytes.
- A JSONL record rewritten by `splice_fields` parses to the same object with only the text
  field changed.
"""

from __future__ import annotations

import io
import json

from hypothesis import strategies as st

import textfix
from textfix import formats
from textfix.errors import TextfixError
from textfix.model import replay

# Pieces real damage and boilerplate are made of: mojibake of quotes and accents, replacement
# characters, controls, bidi marks, surrogates, boilerplate markers, long runs.
PIECES = ["Ã©", "â€™", "â€œ", "â€\x9d", "Ã", "Â ", "â", "\ufffd", "\ufffd" * 13, "\x00", "\x1b[31m", "\u202e",
          "\ud800", "\r\n", "\n\n", "ADVERTISEMENT\n", "Subscribe to our newsletter\n", "Read more:",
          "Â©2024", "é", "ß", "中文", "🙂", "a" * 300, " " * 50, "?", "\t", "&amp;", "&#8217;", "\\u00e9"]

adversarial_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=40).map("".join)
adversarial_bytes = st.one_of(
    st.binary(max_size=2000),
    adversarial_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    adversarial_text.map(lambda t: t.encode("cp1252", "replace")),
    adversarial_text.map(lambda t: t.encode("utf-16", "surrogatepass")),
)
KINDS = ("gzip", "bz2", "xz", "zstd")


def check_clean(data) -> None:
    """`clean(data)`: a Result whose log replays, or a TextfixError."""
    try:
        result = textfix.clean(data)
    except TextfixError:
        return
    assert replay(result.original, result.changes) == result.text
    assert isinstance(result.text, str)


@st.composite
def damaged_streams(draw):
    """(kind, payload, compressed bytes after some damage or none, damaged?)."""
    kind = draw(st.sampled_from(KINDS))
    payload = draw(st.binary(max_size=3000))
    parts = [formats.compress(payload[:len(payload) // 2], kind), formats.compress(payload[len(payload) // 2:], kind)]
    data = b"".join(parts)
    damage = draw(st.sampled_from(["none", "flip", "cut", "append", "insert"]))
    if damage == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    elif damage == "cut" and data:
        data = data[:draw(st.integers(0, len(data) - 1))]
    elif damage == "append":
        data += draw(st.binary(min_size=1, max_size=50))
    elif damage == "insert" and data:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
    return kind, payload, data


def check_stream(kind: str, payload: bytes, data: bytes) -> None:
    """Reading `data` gives `payload` exactly or raises a reported decompression error.

    (Damage a format cannot see is allowed to read back: NUL padding after a gzip or xz
    stream, or an appended whole valid stream; the reader must then return exactly what
    the bytes hold: what the format's own one-shot call gives, a cut at a stream boundary included.)
    """
    try:
        out = formats.wrap_read(io.BytesIO(data), kind).read()
    except formats.decompression_errors() + (OSError,):
        return
    assert out == payload or out == _reference(kind, data), (kind, len(payload), len(out))


def _reference(kind: str, data: bytes) -> bytes:
    """Every stream in `data` decompressed one after another by the format's own one-shot call."""
    import bz2
    import gzip
    import lzma

    if kind == "gzip":
        return gzip.decompress(data)
    if kind == "bz2":
        return bz2.decompress(data)
    if kind == "xz":
        return lzma.decompress(data)
    import zstandard

    out, rest = [], data
    while rest:
        d = zstandard.ZstdDecompressor().decompressobj()
        out.append(d.decompress(rest))
        rest = d.unused_data
    return b"".join(out)


@st.composite
def records(draw):
    """(a JSONL line, the new text) with nesting, escapes and odd spacing."""
    text = draw(adversarial_text)
    extra = draw(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                              lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                              max_leaves=20))
    obj = {"id": draw(st.integers()), "meta": extra, "text": text}
    line = json.dumps(obj, ensure_ascii=draw(st.booleans()), indent=None, separators=draw(st.sampled_from([(",", ":"), (", ", ": ")])))
    return line, draw(adversarial_text)


def check_splice(line: str, new: str) -> None:
    """Splicing `new` into the text field changes that field and nothing else."""
    out = formats.splice_fields(line, [(("text",), new)])
    before, after = json.loads(line), json.loads(out)
    assert after["text"] == new
    before["text"] = new
    assert after == before
