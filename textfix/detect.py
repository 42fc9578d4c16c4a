"""Statistical detection of a legacy encoding: chardet ranks the candidates, and a referee
re-reads the top ones and weighs chardet's confidence against how plausible each reading is
and how common each encoding is (see textfix/decode.py's docstring and docs/decoding.md).
Also the reading every decoding step returns (`Decoded`) and the byte readers they share.
"""

from __future__ import annotations

import codecs
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import List, Optional, Tuple

from .model import Flag
from .plausibility import plausibility
from . import lazyre

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
_HIGH_RUN = lazyre.compile(b"[\x80-\xff]+")
_CUT = lazyre.compile(b"[\x00-\x3f]")  # never the second byte of a double-byte character


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


def multibyte(name: Optional[str]) -> bool:
    """Whether `name` is a CJK double-byte codec (a family member, or johab). A function, not a
    set built at import: looking the codecs up imports all twenty of them (~5 ms of start-up)."""
    return name == "johab" or len(_family(name)) > 1


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
