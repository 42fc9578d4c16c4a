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
import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import List, Optional, Tuple

from .errors import BinaryInputError, TextfixError
from .model import Flag
from .pipeline import Rule

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
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CONTROL_SHARE = 0.05
# A complete, valid UTF-8 sequence of two to four bytes (no overlongs, no surrogates).
_UTF8_SEQUENCE = re.compile(
    b"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    b"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    b"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# ISO-2022 designations (ESC $ B, ESC $ ) C, ESC ( J ...) and the SO/SI shifts of ISO-2022-KR.
_ESCAPE_ENCODING = re.compile(b"\x1b[$()*+][@-Z]|\x1b\\$[()*+][@-Z]|~\\{")

SAMPLE_BYTES = 200_000  # how much the detector and the referee look at (chardet's default)
TOP_CANDIDATES = 12  # how many of chardet's candidates the referee re-reads
SHORT_INPUT = 1000  # below this many bytes the referee re-reads every candidate


@dataclass
class Decoded:
    text: str
    encoding: str
    flags: list = field(default_factory=list)


def _latin1_for_undefined(error: UnicodeDecodeError):
    """Codec error handler: keep each byte the codec rejects as the code point of the same value."""
    return error.object[error.start:error.end].decode("latin-1"), error.end


def _cp1252_for_invalid(error: UnicodeDecodeError):
    """Codec error handler: read the bytes UTF-8 rejects as Windows-1252 (undefined ones as Latin-1)."""
    bad = error.object[error.start:error.end]
    return bad.decode("cp1252", errors="textfix-latin1"), error.end


codecs.register_error("textfix-latin1", _latin1_for_undefined)
codecs.register_error("textfix-cp1252", _cp1252_for_invalid)


def _cp1252(data: bytes) -> str:
    """Windows-1252, with its five undefined bytes kept as U+0081, U+008D, U+008F, U+0090, U+009D."""
    return data.decode("cp1252", errors="textfix-latin1")


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
    if legacy.encoding not in _MULTIBYTE and _UTF8_SEQUENCE.search(data):
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


def _chardet_all(data: bytes) -> list:
    """chardet's ranked guesses as (codec name, confidence), best first, each name once."""
    import chardet

    try:
        guesses = chardet.detect_all(data, ignore_threshold=True, compat_names=False, max_bytes=SAMPLE_BYTES)
    except Exception:  # a detector bug must not make an input unreadable: fall back instead
        return []
    ranked, seen = [], set()
    for guess in guesses:
        name = _codec_name(guess.get("encoding"))
        if name and name not in seen:
            seen.add(name)
            ranked.append((name, float(guess.get("confidence") or 0.0)))
    return ranked


@lru_cache(maxsize=None)
def _codec_name(name: Optional[str]) -> Optional[str]:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


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

_SPACE_BYTES = re.compile(b"[ \t\r\n\f\v]")


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


# ---------------------------------------------------------------------------- statistical detection

def _detect(data: bytes, explain: bool = True) -> Decoded:
    """The referee over chardet's candidates (see the module docstring and docs/decoding.md)."""
    ranked = _chardet_all(data)
    probe = _probe(data)
    whole = len(probe) == len(data)
    pool = ranked if len(data) < SHORT_INPUT else ranked[:TOP_CANDIDATES]
    if not any(name == "cp1252" for name, _ in pool):  # always give the web's commonest legacy encoding a hearing
        pool = pool + ([c for c in ranked if c[0] == "cp1252"][:1] or [("cp1252", 0.0)])
    readings = {}  # text of the probe -> [confidence, names that read it so]
    for name, confidence in pool:
        name = _narrowest(probe, name)
        text = _decode_prefix(probe, name, final=whole)
        if text is None:
            continue
        reading = readings.setdefault(text, [confidence, []])
        reading[0] = max(reading[0], confidence)
        reading[1].append(name)
    top_confidence = max((r[0] for r in readings.values()), default=0.0)
    scored: List[_Scored] = []
    unread: List[_Scored] = []
    best_cost = math.inf
    # Most likely first; a reading whose confidence and prior alone cost more than the best
    # total so far cannot win (penalties are never negative), so it is not read at all.
    for text, (confidence, names) in sorted(readings.items(), key=lambda item: -item[1][0]):
        names = sorted(set(names), key=lambda n: (_rank(n), n))  # (ties by name: not by hash order)
        candidate = _Scored(names, confidence, _prior(names[0]), top_confidence, text)
        if candidate.cost > best_cost + 1e-9:
            unread.append(candidate)
            continue
        candidate.read()
        scored.append(candidate)
        best_cost = min(best_cost, candidate.cost)
    scored.sort(key=lambda s: (s.cost, _rank(s.name)))
    for index, best in enumerate(scored):
        text = None
        for name in _wider(best.names):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue  # fits the probe, not the whole: try a wider one, then the next reading
            best.name = name
            break
        if text is None:
            continue
        if not explain:
            return Decoded(text, best.name)
        others = [s for s in scored + unread if s is not best]
        runner_up = min(others, key=lambda s: (s.cost, _rank(s.name))) if others else None
        if runner_up is not None and runner_up.text is not None:
            runner_up.read()  # for the explanation only
        return Decoded(text, best.name, [Flag("decode.detected", _explain(best, runner_up, index))])
    text = _cp1252(data)
    undefined = sum(1 for ch in text if "\x80" <= ch <= "\x9f")
    message = "no candidate encoding decodes every byte; read as cp1252"
    if undefined:
        message += f", {undefined} byte(s) it leaves undefined kept as U+0080-U+009F"
    return Decoded(text, "cp1252", [Flag("decode.fallback", message)])


PROBE_HIGH_BYTES = 400  # the referee reads candidates up to about this many non-ASCII bytes
_HIGH_RUN = re.compile(b"[\x80-\xff]+")
_CUT = re.compile(b"[\x00-\x3f]")  # never the second byte of a double-byte character


def _probe(data: bytes) -> bytes:
    """The start of the data up to ~PROBE_HIGH_BYTES non-ASCII bytes, cut where no character is split."""
    seen = 0
    for run in _HIGH_RUN.finditer(data, 0, SAMPLE_BYTES):
        seen += len(run.group())
        if seen >= PROBE_HIGH_BYTES:
            cut = _CUT.search(data, run.end(), SAMPLE_BYTES)
            return data[: cut.end()] if cut else data[:SAMPLE_BYTES]
    return data[:SAMPLE_BYTES]


def _wider(names: List[str]) -> List[str]:
    """Each name, then the wider members of its family (to decode bytes past the probe)."""
    out: List[str] = []
    for name in names:
        family = _family(name)
        for member in family[family.index(name):] if name in family else (name,):
            if member not in out:
                out.append(member)
    return out


class _Scored:
    """One reading: chardet's confidence, the referee's penalty and the prior, as one cost."""

    __slots__ = ("names", "name", "confidence", "penalty", "kinds", "prior", "cost", "text")

    def __init__(self, names: List[str], confidence: float, prior: float, top_confidence: float, text: str):
        self.names, self.name, self.confidence, self.prior, self.text = names, names[0], confidence, prior, text
        self.kinds: dict = {}
        self.penalty = 0.0
        # -log of the confidence relative to the best one, plus the prior (and, once read, the penalty)
        self.cost = prior + math.log(max(top_confidence, 1e-9) / max(confidence, 1e-9))

    def read(self) -> None:
        """Add the penalty of the reading (once)."""
        if self.text is None:
            return
        self.penalty, self.kinds = plausibility(self.text)
        self.cost += self.penalty
        self.text = None


def _explain(best: _Scored, runner_up: Optional[_Scored], skipped: int) -> str:
    message = f"{best.name} by statistical detection (chardet confidence {best.confidence:.2f})"
    if skipped:
        message += f"; {skipped} better-scored candidate(s) failed on bytes past the part the referee read"
    if runner_up is None:
        return message + "; no other candidate decodes it"
    message += f"; runner-up {runner_up.name} (confidence {runner_up.confidence:.2f})"
    gaps = {
        "confidence": math.log(max(best.confidence, 1e-9) / max(runner_up.confidence, 1e-9)),
        "reading": runner_up.penalty - best.penalty,
        "prior": runner_up.prior - best.prior,
    }
    why = max(gaps, key=lambda k: gaps[k])
    if why == "reading" and gaps["reading"] > 0:
        kinds = ", ".join(f"{k}: {n}" for k, n in runner_up.kinds.items() if n) or "implausible characters"
        return message + f" reads less plausibly ({kinds})"
    if why == "prior" and gaps["prior"] > 0:
        return message + " is a rarer encoding and the evidence is close"
    return message + " has lower confidence"


# Encodings the referee prefers when the evidence is even: how common they are on the web.
_PRIOR_TIERS = (
    (0.0, ("cp1252",)),
    (0.2, ("cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "gb2312", "gbk",
           "gb18030", "big5", "cp950", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949", "iso8859-1",
           "iso8859-15", "iso8859-2", "koi8-r", "tis-620", "cp874", "iso8859-5", "iso8859-7", "iso8859-9")),
    (0.4, ("iso8859-3", "iso8859-4", "iso8859-6", "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14",
           "iso8859-16", "koi8-u", "mac-roman", "cp866", "mac-cyrillic", "mac-latin2", "big5hkscs",
           "euc_jis_2004", "iso2022_jp", "iso2022_kr")),
)
_RARE_PRIOR = 0.6  # DOS and other code pages not listed above


@lru_cache(maxsize=None)
def _prior(name: str) -> float:
    for cost, names in _PRIOR_TIERS:
        if name in {_codec_name(n) for n in names}:
            return cost
    return _RARE_PRIOR


@lru_cache(maxsize=None)
def _rank(name: str) -> int:
    """Order among encodings that read the bytes identically (lower is preferred)."""
    order = [_codec_name(n) for _, names in _PRIOR_TIERS for n in names]
    return order.index(name) if name in order else len(order)


# Within a family, the narrowest member that decodes every byte: they agree where they overlap,
# except for a few symbols (GB2312 and GBK differ on two), and the narrow one is what was declared.
_FAMILIES = (
    ("gb2312", "gbk", "gb18030"),
    ("shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213"),
    ("euc_jp", "euc_jis_2004", "euc_jisx0213"),
    ("euc_kr", "cp949"),
    ("big5", "cp950", "big5hkscs"),
    ("iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_jp_3", "iso2022_jp_ext"),
)


_MULTIBYTE = {codecs.lookup(n).name for members in _FAMILIES for n in members} | {"johab"}


@lru_cache(maxsize=None)
def _family(name: str) -> Tuple[str, ...]:
    for members in _FAMILIES:
        names = tuple(_codec_name(n) for n in members)
        if name in names:
            return names
    return (name,)


def _narrowest(sample: bytes, name: str) -> str:
    for member in _family(name):
        if _decode_prefix(sample, member, final=False) is not None:
            return member
    return name


def _decode_prefix(data: bytes, name: str, final: bool) -> Optional[str]:
    """Strict decode; a character cut at the end of a sample is not an error."""
    try:
        if final:
            return data.decode(name)
        return codecs.getincrementaldecoder(name)().decode(data, final=False)
    except (UnicodeDecodeError, LookupError):
        return None


# ---------------------------------------------------------------------------- the referee's reading test

# One class letter per BMP code point; see _class_of.
_LATIN = "aAbB"
_NON_LATIN_LETTERS = "gGcChrtjko"
_LETTERS = _LATIN + _NON_LATIN_LETTERS
_SCRIPTS = {"L": "aAbB", "G": "gG", "C": "cC", "H": "h", "R": "r", "T": "t", "J": "j", "K": "k", "O": "o"}


# class letters -> one letter per script (see _SCRIPTS), marks dropped, anything else a space
_TO_SCRIPT = {ord(c): " " for c in " pqinufeysxd"}
_TO_SCRIPT.update({ord(c): script for script, members in _SCRIPTS.items() for c in members})
_TO_SCRIPT[ord("m")] = None
_TOUCH_OK = {("L", "J"), ("J", "L"), ("L", "K"), ("K", "L"), ("J", "K"), ("K", "J")}  # CJK and Hangul next to Latin


def _mixed_script(classes: str) -> int:
    """How many times letters of two scripts touch inside a word (CJK and Hangul may touch Latin)."""
    words = classes.translate(_TO_SCRIPT).split()
    count = 0
    for word in words:
        if len(word) > 1 and word.count(word[0]) != len(word):
            count += sum(1 for a, b in zip(word, word[1:]) if a != b and (a, b) not in _TOUCH_OK)
    return count
_SYMBOL_IN_WORD = re.compile(f"(?<=[{_LETTERS}m])[sy]|[sy](?=[{_LETTERS}])|e(?=[{_LETTERS}])")
_SPACED = "aAbBgGcChro"  # letters of scripts that separate words with spaces (not CJK, not Thai)
_PUNCT_IN_WORD = re.compile(
    f"(?<=[{_SPACED}m])[qu](?=[{_SPACED}])|(?<=[{_SPACED}m])i|(?<=[{_LETTERS}m])f|f(?=[{_LETTERS}])"
)
# On the text itself: a closing quote that opens a word of non-ASCII letters (Mac Cyrillic "Т"
# read as cp1251 "’"), a low opening quote standing alone (Mac Cyrillic "В" read as "‚").
_QUOTE_MISPLACED = re.compile(r"(?<=\s)[’”»›](?=[^\W\d_\x00-\x7f])|(?:^|(?<=\s))[‚„](?=\s)")
_ACCENT_RUN = re.compile("[bB]{4,}")
_CASE_FLIP = re.compile("[bgc][BGC]|a[BGC]|[bgc]A|[AB]B(?=[ab])")
_CJK_ISLAND = re.compile("[aAbB][jk]{1,2}(?=[aAbB])")
_LONE_LETTER = re.compile("[aAbB][ p]{1,3}[gGcChrt][ p]{1,3}(?=[aAbB])")  # "raff а la": one Cyrillic letter
_DASH_IN_SHORT_WORD = re.compile(
    f"(?<![{_LETTERS}])(?:[{_LETTERS}]n[{_LETTERS}]{{1,3}}|[{_LETTERS}]{{2}}n[{_LETTERS}]{{1,2}}|[{_LETTERS}]{{3}}n[{_LETTERS}])(?![{_LETTERS}])"
)
_TONE_ON_CONSONANT = re.compile("[bcdfghj-np-tv-xzBCDFGHJ-NP-TV-XZ][\u0300\u0301\u0303\u0309\u0323]")
_NON_ASCII = re.compile("[^\x00-\x7f]+")
_BEYOND_BMP = re.compile("[^\x00-\x7f]")
_ROMANIAN_CEDILLA = re.compile("[şţŞŢ]")
_ROMANIAN = re.compile("[ăĂâÂîÎţŢ]")
_TURKISH = re.compile("[ğĞıİ]")
# Cyrillic orthographies: letters of one alphabet in a text that has letters its alphabet lacks
_SERBIAN_MACEDONIAN_ONLY = re.compile("[ђћџљњѓќѕјЂЋЏЉЊЃЌЅЈ]")
_NOT_SERBIAN_MACEDONIAN = re.compile("[йщъыьэюяёЙЩЪЫЬЭЮЯЁ]")
_UKRAINIAN_ONLY = re.compile("[єїґЄЇҐ]")
_NOT_UKRAINIAN = re.compile("[ыэъёЫЭЪЁ]")

_WEIGHTS = {  # penalty per occurrence
    "control or unassigned characters": 3.0,
    "letters of two scripts touching": 2.0,
    "isolated CJK characters inside Latin words": 2.0,
    "lone letters of another script between Latin words": 1.5,
    "symbols touching letters": 1.0,
    "symbols": 0.5,
    "punctuation inside words": 1.0,
    "case flips inside words": 1.0,
    "runs of four accented letters": 1.0,
    "dashes inside short words": 0.5,
    "letters foreign to the rest of the text": 0.5,
}


def _class_of(cp: int) -> str:
    """a/A ASCII letters, b/B other Latin letters, g/G Greek, c/C Cyrillic, h Hebrew, r Arabic,
    t Thai, j CJK and kana, k Hangul, o other letters, m marks, d digits, space, p punctuation,
    q punctuation that does not go inside a word, i inverted ¿¡, n dashes, u signs that follow a
    word but do not go inside one (ª º ¹ ² ³ © ® ™ ± × ÷), f fractions, e currency, s improbable
    symbols, y box drawing and arrows (fine alone, not stuck to letters), x controls, unassigned,
    private use."""
    import unicodedata

    ch = chr(cp)
    cat = unicodedata.category(ch)
    if cp < 0x80:
        if "a" <= ch <= "z":
            return "a"
        if "A" <= ch <= "Z":
            return "A"
        if "0" <= ch <= "9":
            return "d"
        if ch in "\t\n\r\f\v ":
            return " "
        if cat == "Cc":
            return "p" if ch == "\x1b" else "x"
        return "p"
    if cat in ("Cc", "Cn", "Co", "Cs") or cp == 0xFFFD:
        return "x"
    if cat == "Cf":
        return "p"
    if cat.startswith("Z"):
        return " "
    if cat.startswith("M"):
        return "m"
    if ch in "½¼¾":
        return "f"
    if ch in "¹²³ªº©®™±×÷":
        return "u"
    if ch == "µ":
        return "b"
    if ch in "€£¥¢":
        return "e"
    if cat == "Nd":
        return "d"
    if ch in "´°№":
        return "p"
    if 0x2190 <= cp < 0x2200 or 0x2500 <= cp < 0x2600:
        return "y"
    if 0xFF00 <= cp < 0xFFF0 and not cat.startswith("L"):
        return "p"
    if cat.startswith("N"):
        return "s"
    if cat.startswith("P"):
        if ch == "¶":
            return "s"
        if ch in "¿¡":
            return "i"
        if ch in "«»§‚„†‡‰•‹›“”‘":
            return "q"
        if ch in "–—":
            return "n"
        return "p"
    if cat.startswith("S"):
        return "s"
    if cat == "Lm":
        return "j" if 0x3000 <= cp < 0x3100 or 0xFF00 <= cp < 0xFFF0 else "s"
    if cat.startswith("L"):
        if 0xFB00 <= cp < 0xFB07:  # ﬁ ﬂ ligatures: Mac Roman reads them out of Windows-1252 letters
            return "s"
        upper = cat in ("Lu", "Lt")
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            if cp < 0x250 or 0x1E00 <= cp < 0x1F00:
                return "B" if upper else "b"
            return "j" if 0xFF00 <= cp < 0xFF60 else "s"
        for prefix, lower, capital in (("GREEK", "g", "G"), ("CYRILLIC", "c", "C")):
            if name.startswith(prefix):
                return capital if upper else lower
        for prefixes, letter in ((("HEBREW",), "h"), (("ARABIC",), "r"), (("THAI",), "t"),
                                 (("CJK", "HIRAGANA", "KATAKANA", "BOPOMOFO", "HALFWIDTH KATAKANA"), "j"),
                                 (("HANGUL", "HALFWIDTH HANGUL"), "k")):
            if name.startswith(prefixes):
                return letter
        return "o"
    return "s"


@lru_cache(maxsize=1)
def _classes() -> str:
    """The class letter of every BMP code point, as a str.translate table (built once, ~0.1 s)."""
    return "".join(_class_of(cp) for cp in range(0x10000))


def _condensed(text: str, limit: int = 1000) -> str:
    """The neighbourhoods of non-ASCII characters (where candidate readings differ)."""
    spans: List[List[int]] = []
    total = 0
    for match in _NON_ASCII.finditer(text):
        start, end = max(0, match.start() - 6), match.end() + 6
        if spans and start <= spans[-1][1]:
            total += end - spans[-1][1]
            spans[-1][1] = end
        else:
            spans.append([start, end])
            total += end - start
        if total > limit:
            break
    return "\n".join(text[start:end] for start, end in spans)


_OTHER_ALPHABETS = "gGcChrt"
_COUNT_OTHER = {ord(c): None for c in " pqinufeysxdmjkoaAbB"}
_COUNT_LATIN = {ord(c): None for c in " pqinufeysxdmjkogGcChrt"}


def _lone_letters(classes: str) -> int:
    """One-letter words of Greek, Cyrillic, Hebrew, Arabic or Thai between Latin words, in a
    text that is mostly Latin (a Russian text may well say "Windows и Linux")."""
    if not _LONE_LETTER.search(classes):
        return 0
    if 5 * len(classes.translate(_COUNT_OTHER)) >= len(classes.translate(_COUNT_LATIN)):
        return 0
    return len(_LONE_LETTER.findall(classes))


def _foreign_letters(near: str) -> int:
    """Serbian/Macedonian-only letters next to letters those alphabets lack (ы, я, й ...), and
    Ukrainian-only letters next to ы, э, ъ, ё: what Mac Cyrillic capitals look like in cp1251."""
    count = 0
    if _SERBIAN_MACEDONIAN_ONLY.search(near) and _NOT_SERBIAN_MACEDONIAN.search(near):
        count += len(_SERBIAN_MACEDONIAN_ONLY.findall(near))
    if _UKRAINIAN_ONLY.search(near) and _NOT_UKRAINIAN.search(near):
        count += len(_UKRAINIAN_ONLY.findall(near))
    return count


def plausibility(text: str) -> Tuple[float, dict]:
    """How implausible a reading is (0 = nothing suspicious), with counts per kind of evidence.

    >>> plausibility("Café crème")[0]
    0.0
    >>> plausibility("Cafι crθme")[1]["letters of two scripts touching"]
    3
    """
    near = _condensed(text)
    classes = near.translate(_classes())
    if not classes.isascii():  # characters beyond the BMP (emoji, rare CJK) are left as they were
        classes = _BEYOND_BMP.sub("p", classes)
    kinds = {
        "control or unassigned characters": classes.count("x"),
        "letters of two scripts touching": _mixed_script(classes),
        "isolated CJK characters inside Latin words": len(_CJK_ISLAND.findall(classes)) + len(_TONE_ON_CONSONANT.findall(near)),
        "lone letters of another script between Latin words": _lone_letters(classes),
        "symbols touching letters": len(_SYMBOL_IN_WORD.findall(classes)),
        "symbols": classes.count("s"),
        "punctuation inside words": len(_PUNCT_IN_WORD.findall(classes)) + len(_QUOTE_MISPLACED.findall(near)),
        "case flips inside words": len(_CASE_FLIP.findall(classes)),
        "runs of four accented letters": len(_ACCENT_RUN.findall(classes)),
        "dashes inside short words": len(_DASH_IN_SHORT_WORD.findall(classes)),
        "letters foreign to the rest of the text": _foreign_letters(near),
    }
    penalty = sum(_WEIGHTS[k] * n for k, n in kinds.items())
    # Romanian s/t with a cedilla are the 8-bit-era stand-ins for ș/ț (comma below): when another
    # reading of the same bytes gives the comma letters, prefer it.
    if _ROMANIAN_CEDILLA.search(near) and _ROMANIAN.search(near) and not _TURKISH.search(near):
        penalty += 0.3
    return penalty, kinds
