"""Bytes to text (`decode.*`): BOM, then strict UTF-8, then mixed UTF-8/cp1252, then detection.

Never decodes with errors="replace": a byte that is not UTF-8 is read as Windows-1252,
so the mojibake filters can still repair it, and nothing is silently lost.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Optional

from .errors import BinaryInputError, TextfixError
from .model import Flag
from .pipeline import Rule

RULES = (
    Rule("decode.bom", "encoding given by a byte order mark"),
    Rule("decode.utf-8", "valid UTF-8"),
    Rule("decode.mixed", "UTF-8 with some bytes in Windows-1252"),
    Rule("decode.detected", "legacy encoding chosen by statistical detection"),
    Rule("decode.forced", "encoding given by the user"),
)

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of common binary formats that can otherwise pass for text.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old office document"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
)
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_UTF8_MULTIBYTE = re.compile(
    b"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


@dataclass
class Decoded:
    text: str
    encoding: str
    flags: list = field(default_factory=list)


def _cp1252_for_invalid(error: UnicodeDecodeError):
    """Codec error handler: read the bytes UTF-8 rejects as Windows-1252 (undefined ones as Latin-1)."""
    bad = error.object[error.start:error.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), error.end


codecs.register_error("textfix-cp1252", _cp1252_for_invalid)


def binary_reason(data: bytes) -> Optional[str]:
    """Why `data` is not text, or None.

    >>> binary_reason(b"\\x89PNG\\r\\n\\x1a\\n...")
    'it looks like a PNG image'
    """
    for magic, what in _MAGIC:
        if data.startswith(magic) and (len(magic) > 2 or _CONTROL_BYTES.search(data[:512])):
            return f"it looks like {what}"
    if b"\x00" in data:
        return "it contains NUL bytes"
    sample = data[:65536]
    if sample and len(_CONTROL_BYTES.findall(sample)) > 0.05 * len(sample):
        return "it is full of control bytes"
    return None


def decode_bytes(data: bytes, encoding: Optional[str] = None) -> Decoded:
    """Decode scraped bytes, saying which encoding was chosen and why.

    >>> decode_bytes("café".encode("utf-8")).encoding
    'utf-8'
    >>> decode_bytes(b"na\\xc3\\xafve \\x93quote\\x94").text
    'naïve “quote”'
    """
    if encoding and encoding.lower() != "auto":
        try:
            codecs.lookup(encoding)
            text = data.decode(encoding)
        except LookupError:
            raise TextfixError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as e:
            raise TextfixError(f"cannot be decoded as {encoding}: {e.reason} at byte {e.start}") from None
        return Decoded(text, encoding, [Flag("decode.forced", f"decoded as {encoding}, as asked")])
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(name)
            except UnicodeDecodeError:
                break
            return Decoded(text, name, [Flag("decode.bom", f"{name} byte order mark; the mark itself is dropped")])
    reason = binary_reason(data)
    if reason:
        raise BinaryInputError(f"binary input refused: {reason}")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        first_error = e.start
    if _UTF8_MULTIBYTE.search(data):
        text = data.decode("utf-8", errors="textfix-cp1252")
        return Decoded(text, "utf-8", [Flag(
            "decode.mixed",
            f"UTF-8 with bytes that are not (first at byte {first_error}); those were read as Windows-1252",
        )])
    return _detect(data)


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        text = data.decode("cp1252", errors="textfix-cp1252")
        return Decoded(text, "cp1252", [Flag("decode.detected", "no detector verdict; read as Windows-1252")])
    best = matches[0]
    runner_up = next((m.encoding for m in matches[1:] if m.encoding != best.encoding), None)
    message = f"decoded as {best.encoding} by charset-normalizer"
    if runner_up:
        message += f" (runner-up: {runner_up})"
    return Decoded(str(best), best.encoding, [Flag("decode.detected", message)])
