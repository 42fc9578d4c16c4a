"""Bytes to text (`decode.*`), choosing the encoding in a fixed, explainable order.

1. A byte order mark (UTF-8, UTF-16, UTF-32) decides.
2. Binary data is refused (`BinaryInputError`): file signatures, NUL bytes that are not
   UTF-16/32 text, or a high share of control bytes.
3. UTF-16/32 without a mark, recognised by its NUL bytes; 7-bit escape encodings
   (ISO-2022-JP/KR), recognised by their escape sequences.
4. Valid UTF-8 is UTF-8, always (without a flag: the clean path stays quiet).
5. Otherwise statistical detection: chardet ranks the candidate encodings, and a referee
   re-reads the top candidates and weighs chardet's confidence against what each reading
   looks like (letters of two scripts in one word, symbols or stray punctuation inside
   words, control characters, case flips) and a prior for how common each encoding is.
   Candidates that read the bytes identically are one candidate, named by the most
   common encoding among them (Windows-1252 before ISO-8859-1 before Mac Roman ...), and
   within a family (GB2312 < GBK < GB18030, Shift_JIS < CP932 ...) the narrowest one that
   decodes every byte is chosen.
6. UTF-8 with stray Windows-1252 bytes (a file stitched from both) is read that way instead,
   when detection did not settle on a CJK double-byte encoding, the bytes outside the UTF-8
   sequences read as Windows-1252 on their own, and the result reads no worse.
7. Nothing fits: Windows-1252, bytes it leaves undefined kept as U+0081 etc.

Never decodes with errors="replace": no byte is silently lost, so the mojibake filters
can still repair what decoding could not. The chosen encoding, the runner-up and the
reason are in the `decode.*` flag; see docs/decoding.md for the measurements.
"""

from __future__ import annotations

import codecs
import threading
from typing import List, Optional, Tuple

# Statistical detection (step 5) and the referee's reading test live in their own modules;
# Decoded and plausibility stay importable from here.
from .detect import SAMPLE_BYTES, Decoded, _chardet_all, _cp1252, _cp1252_for_invalid, _detect, _family, multibyte
from .errors import BinaryInputError, TextfixError
from .model import Flag
from .pipeline import Rule
from .plausibility import _LATIN, _NON_LATIN_LETTERS, _classes, plausibility
from . import lazyre

__all__ = ["RULES", "Decoded", "decode_bytes", "binary_reason", "plausibility"]

RULES = (
    Rule("decode.bom", "encoding given by a byte order mark"),
    Rule("decode.utf-8", "valid UTF-8"),
    Rule("decode.utf-16", "UTF-16 or UTF-32 without a byte order mark, recognised by its NUL bytes"),
    Rule("decode.mixed", "UTF-8 with some bytes in Windows-1252"),
    Rule("decode.detected", "legacy encoding chosen by statistical detection (or by its escape sequences)"),
    Rule("decode.fallback", "no encoding fits every byte; read as Windows-1252, undefined bytes kept as U+0080-U+009F"),
    Rule("decode.forced", "encoding given by the user"),
)

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of common binary formats. Those made only of printable ASCII could start a
# text file, so they count only with other evidence (see _corroborated).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or office document)"),
    (b"PK\x05\x06", "a ZIP archive (or office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"\xca\xfe\xba\xbe", "a Java class file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old office document"),
    (b"RIFF", "a RIFF media file (WAV, AVI, WebP)"),
    (b"OggS", "an Ogg media file"),
    (b"fLaC", "a FLAC audio file"),
    (b"ID3", "an MP3 file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
_CONTROL_BYTES = lazyre.compile(b"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CONTROL_SHARE = 0.05
# A complete, valid UTF-8 sequence of two to four bytes (no overlongs, no surrogates).
_UTF8_SEQUENCE = lazyre.compile(
    b"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    b"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    b"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# ISO-2022 designations (ESC $ B, ESC $ ) C, ESC ( J ...) and the SO/SI shifts of ISO-2022-KR.
_ESCAPE_ENCODING = lazyre.compile(b"\x1b[$()*+][@-Z]|\x1b\\$[()*+][@-Z]|~\\{")


# ---------------------------------------------------------------------------- binary data

def binary_reason(data: bytes) -> Optional[str]:
    """Why `data` is not text, or None. (`decode_bytes` first lets UTF-16/32 text through.)

    >>> binary_reason(b"\\x89PNG\\r\\n\\x1a\\n...")
    'it looks like a PNG image'
    >>> binary_reason(b"plain text") is None
    True
    """
    reason = _signature(data)
    if reason:
        return reason
    if b"\x00" in data:
        return "it contains NUL bytes"
    return _control_heavy(data)


def _signature(data: bytes) -> Optional[str]:
    for magic, what in _MAGIC:
        if data.startswith(magic) and _corroborated(magic, data):
            return f"it looks like {what}"
    return None


def _corroborated(magic: bytes, data: bytes) -> bool:
    """A signature of printable characters needs more: control bytes within the first kilobyte
    (for a PDF, whose second line is a comment of non-ASCII bytes, bytes there that are not UTF-8)."""
    if not all(0x20 <= b < 0x7F for b in magic):
        return True
    head = data[:1024]
    if _CONTROL_BYTES.search(head):
        return True
    if magic != b"%PDF-":
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return True
    return False


def _control_heavy(data: bytes) -> Optional[str]:
    sample = data[:65536]
    if sample and len(_CONTROL_BYTES.findall(sample)) > _CONTROL_SHARE * len(sample):
        return "it is full of control bytes"
    return None


# ---------------------------------------------------------------------------- the decision

def decode_bytes(data: bytes, encoding: Optional[str] = None) -> Decoded:
    """Decode scraped bytes, saying which encoding was chosen and why.

    Raises BinaryInputError for binary data and TextfixError for an unknown or unfitting
    forced `encoding`; any other input decodes (nothing else is raised).

    >>> decode_bytes("café".encode("utf-8")).encoding
    'utf-8'
    >>> decode_bytes(b"na\\xc3\\xafve \\x93quote\\x94").text
    'naïve “quote”'
    >>> decode_bytes("Café crème".encode("cp1252")).encoding
    'cp1252'
    """
    if encoding and encoding.lower() != "auto":
        return _forced(data, encoding)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(name)
            except UnicodeDecodeError:
                break
            return Decoded(text, name, [Flag("decode.bom", f"{name} byte order mark; the mark itself is dropped")])
    reason = _signature(data)
    if reason:
        raise BinaryInputError(f"binary input refused: {reason}")
    if b"\x00" in data:
        decoded = _utf16_or_32(data)
        if decoded is None:
            raise BinaryInputError("binary input refused: it contains NUL bytes (and is not UTF-16 or UTF-32 text)")
        return decoded
    if _ESCAPE_ENCODING.search(data) and data.isascii():
        decoded = _escape_encoding(data)
        if decoded is not None:
            return decoded
    reason = _control_heavy(data)
    if reason:
        raise BinaryInputError(f"binary input refused: {reason}")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        first_error = e.start
    mostly = _mostly_utf8(data, first_error)
    if mostly is not None:
        return mostly
    legacy = _detect(data)
    if not multibyte(legacy.encoding) and _UTF8_SEQUENCE.search(data):
        return _mixed(data, first_error, legacy) or legacy
    return legacy


def _forced(data: bytes, encoding: str) -> Decoded:
    try:
        codecs.lookup(encoding)
        text = data.decode(encoding)
    except LookupError:
        raise TextfixError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as e:
        raise TextfixError(f"cannot be decoded as {encoding}: {e.reason} at byte {e.start}") from None
    except UnicodeError as e:  # codecs that fail without a position (utf-7 and the like)
        raise TextfixError(f"cannot be decoded as {encoding}: {e}") from None
    return Decoded(text, encoding, [Flag("decode.forced", f"decoded as {encoding}, as asked")])



def _utf16_or_32(data: bytes) -> Optional[Decoded]:
    """UTF-16/32 without a byte order mark: chardet's NUL-pattern check, then checks of our own.

    UTF-16 text puts its NUL bytes on one side of each 2-byte unit (the high byte of ASCII
    characters); NULs on the other side come only from rare characters like U+4E00. Binary
    data scatters them, and chardet alone takes even b"abc\\0\\0\\1\\2def" for UTF-16.
    """
    guesses = _chardet_all(data[:SAMPLE_BYTES])
    guess = guesses[0][0] if guesses else None
    if guess not in _UTF16_32:
        return None
    # chardet can get the byte order wrong (text full of surrogate pairs): try the other one too
    for name in (guess, _UTF16_32[guess]):
        text = _utf16_or_32_reading(data, name)
        if text is not None:
            return Decoded(text, name, [Flag("decode.utf-16", f"{name} without a byte order mark, from the pattern of its NUL bytes")])
    return None


_UTF16_32 = {"utf-16-le": "utf-16-be", "utf-16-be": "utf-16-le", "utf-32-le": "utf-32-be", "utf-32-be": "utf-32-le"}


def _utf16_or_32_reading(data: bytes, name: str) -> Optional[str]:
    if name.startswith("utf-16") and not _nul_parity_fits(data[:65536], name == "utf-16-le"):
        return None
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    sample = data[:65536]
    if _valid_utf8(sample, final=len(sample) == len(data)):
        # UTF-8 with stray NULs, unless it looks like UTF-16/32 of an alphabetic script: then a
        # quarter of the bytes or more are below 0x20 (NULs, 0x04 of Cyrillic, 0x09 of Devanagari)
        if len(sample.translate(None, _LOW_BYTES)) > 0.75 * len(sample) or not _alphabetic(text):
            return None
    if "\x00" in text or _control_heavy(text[:65536].encode("utf-8", "surrogatepass")):
        return None
    return text


_LOW_BYTES = bytes(range(0x20))


def _valid_utf8(data: bytes, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _alphabetic(text: str) -> bool:
    """Nine characters in ten below U+2070 (alphabets, Indic scripts, punctuation). UTF-16 that
    is also valid UTF-8 has no byte above 0x7F, which real CJK text in UTF-16 rarely manages;
    ASCII bytes read as UTF-16 land on CJK and symbols instead (b"00" is U+3030)."""
    sample = text[:20000]
    return sum(1 for ch in sample if "\u2070" <= ch <= "\uffff") <= 0.1 * len(sample)


def _nul_parity_fits(data: bytes, little_endian: bool) -> bool:
    """NULs mostly in the high byte of 2-byte units (ASCII characters); in the low byte only
    where a character like U+4E00 or a surrogate (U+10000 is D800 DC00) puts them."""
    high, low = (data[1::2], data[0::2]) if little_endian else (data[0::2], data[1::2])
    on_side = high.count(0)
    off_side = sum(1 for h, lo in zip(high, low) if lo == 0 and h != 0 and not 0xD8 <= h <= 0xDF)
    return on_side >= 4 * off_side + 1


def _escape_encoding(data: bytes) -> Optional[Decoded]:
    """ISO-2022-JP/KR and HZ: 7-bit bytes that switch character sets with escape sequences."""
    guesses = _chardet_all(data[:SAMPLE_BYTES])
    if not guesses or not guesses[0][0].startswith(("iso2022", "hz")):
        return None
    for name in _family(guesses[0][0]):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if text.isascii():
            return None
        return Decoded(text, name, [Flag("decode.detected", f"{name}, from its escape sequences")])
    return None


# ---------------------------------------------------------------------------- mixed UTF-8 and cp1252

def _mixed(data: bytes, first_error: int, legacy: Decoded) -> Optional[Decoded]:
    """UTF-8 with stray Windows-1252 bytes, if the bytes outside the UTF-8 sequences are Windows-1252.

    (Not tried when detection reads the whole as a double-byte CJK encoding: its second
    bytes often form valid UTF-8 sequences by accident; and not taken when the result reads
    less plausibly than `legacy`, the detected reading of the whole.)

    A valid UTF-8 sequence is re-read as Windows-1252 when it is a letter of another script
    stuck to a Latin letter in a word that has stray bytes (b"\x84H\xdc\x93" is „HÜ“, not „H"
    and the Syriac letter U+0713).
    """
    rest = _UTF8_SEQUENCE.sub(b" ", data)
    if _detect(rest, explain=False).text != _cp1252(rest):
        return None  # the rest is some other legacy encoding; accidental UTF-8 sequences
    _STRAYS.found = []
    text = data.decode("utf-8", errors="textfix-cp1252-strays")
    strays, _STRAYS.found = _STRAYS.found, []
    misfits = _misfits(data, strays)
    if misfits:
        pieces, position = [], 0
        for start, end in misfits:
            pieces.append(data[position:start].decode("utf-8", errors="textfix-cp1252"))
            pieces.append(_cp1252(data[start:end]))
            position = end
        pieces.append(data[position:].decode("utf-8", errors="textfix-cp1252"))
        text = "".join(pieces)
    if plausibility(text)[0] > plausibility(legacy.text)[0]:
        return None  # the UTF-8 sequences read worse than the legacy reading: accidental
    message = f"UTF-8 with bytes that are not (first at byte {first_error}); those were read as Windows-1252"
    if misfits:
        message += f"; {len(misfits)} UTF-8-valid sequence(s) inside Windows-1252 words were read as Windows-1252 too"
    return Decoded(text, "utf-8", [Flag("decode.mixed", message)])


# UTF-8 with at most one stray byte per this many valid multi-byte sequences is UTF-8: a
# legacy text's high bytes almost never form valid UTF-8 sequences (a double-byte CJK text's
# second bytes sometimes do, but next to many more invalid ones).
SEQUENCES_PER_STRAY = 4


def _mostly_utf8(data: bytes, first_error: int) -> Optional[Decoded]:
    """UTF-8 with a few stray bytes: the stray bytes read on their own (Windows-1252, its
    five undefined bytes as U+0081 …), the rest as UTF-8, flagged. One stray byte must not
    send the whole file through detection (a German UTF-8 text with one 0x81 was read whole
    as cp850: Pr├ñsident)."""
    sequences = len(_UTF8_SEQUENCE.findall(data))
    if sequences < SEQUENCES_PER_STRAY:
        return None
    _STRAYS.found = []
    text = data.decode("utf-8", errors="textfix-cp1252-strays")
    strays, _STRAYS.found = _STRAYS.found, []
    stray_bytes = sum(end - start for start, end in strays)
    if stray_bytes * SEQUENCES_PER_STRAY > sequences:
        return None
    return Decoded(text, "utf-8", [Flag(
        "decode.mixed", f"UTF-8 with {stray_bytes} byte(s) that are not (first at byte {first_error}), "
                        f"among {sequences} valid multi-byte sequences; those were read on their own as Windows-1252")])


_STRAYS = threading.local()  # where the decoding below notes the stray bytes


def _cp1252_noting_strays(error: UnicodeDecodeError):
    found = getattr(_STRAYS, "found", None)
    if found is not None:
        found.append((error.start, error.end))
    return _cp1252_for_invalid(error)


codecs.register_error("textfix-cp1252-strays", _cp1252_noting_strays)

_SPACE_BYTES = lazyre.compile(b"[ \t\r\n\f\v]")


def _misfits(data: bytes, strays: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Byte ranges of UTF-8 sequences, in words with stray bytes, that are letters of another
    script touching a Latin letter (sorted, not overlapping)."""
    table = _classes()
    found, seen_words = [], set()
    for stray_start, _ in strays:
        low = max(0, stray_start - 64)
        start = max([data.rfind(c, low, stray_start) + 1 for c in (b" ", b"\t", b"\n", b"\r")] + [low])
        space = _SPACE_BYTES.search(data, stray_start, stray_start + 64)
        end = space.start() if space else min(len(data), stray_start + 64)
        if (start, end) in seen_words:
            continue
        seen_words.add((start, end))
        tokens = []  # (start, end, text, is UTF-8 sequence)
        position = start
        for match in _UTF8_SEQUENCE.finditer(data, start, end):
            if match.start() > position:
                tokens.append((position, match.start(), _cp1252(data[position:match.start()]), False))
            tokens.append((match.start(), match.end(), match.group().decode("utf-8"), True))
            position = match.end()
        if position < end:
            tokens.append((position, end, _cp1252(data[position:end]), False))
        for i, (t_start, t_end, piece, is_utf8) in enumerate(tokens):
            if not is_utf8 or len(piece) != 1 or ord(piece) > 0xFFFF or table[ord(piece)] not in _NON_LATIN_LETTERS:
                continue
            before = tokens[i - 1][2][-1:] if i > 0 else ""
            after = tokens[i + 1][2][:1] if i + 1 < len(tokens) else ""
            if not any(ch and ord(ch) <= 0xFFFF and table[ord(ch)] in _LATIN for ch in (before, after)):
                continue
            alternative = _cp1252(data[t_start:t_end])
            if any(table[ord(ch)] == "x" for ch in alternative):
                continue
            found.append((t_start, t_end))
    return sorted(set(found))
