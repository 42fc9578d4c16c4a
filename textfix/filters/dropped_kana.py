"""Japanese UTF-8 read as Windows-1252 that lost the byte 81 (`ã—ã¦` for して).

Every hiragana from ぁ to み is E3 81 xx, and Windows-1252 leaves 81 undefined: a decoder
drops it, and the lead `ã` (E3) is left with one continuation byte. ftfy decodes the
sequences around it and leaves these (`使用ã—ã¦ãƒ‘スワード`). In a run of Windows-1252
glyphs that is otherwise whole UTF-8, each such pair is completed by the one undefined
byte, in the one place, that makes a kana: the other readings (E3 8D 97 ㍗, E3 90 97 㐗 …)
are compatibility squares and rare ideographs. The run is repaired only when every pair
has exactly one kana reading, all of it decodes to Japanese (kana, ideographs, their
punctuation) and it holds whole kana besides: a document of Japanese, not a guess.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, Optional, Tuple
from .. import lazyre

# The bytes Windows-1252 leaves undefined: a decoder drops them.
UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_BYTE = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0x100) if b not in UNDEFINED}
_RUN = lazyre.compile("[" + "".join(re.escape(ch) for ch in _BYTE) + "]{4,}")
_KANA = lazyre.compile("[\u3041-\u30ff]")


@lru_cache(maxsize=None)
def _japanese() -> "re.Pattern[str]":
    """What Japanese text decodes to: kana, ideographs (and extension A), CJK punctuation and
    full-width forms. Compiled on first use: `re` expands these ranges character by character
    (~1.5 ms of start-up), and only a run that decodes needs it."""
    return re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def _complete(lead: int, cont: int) -> Optional[str]:
    """The one kana that `lead` + `cont` + a dropped undefined byte (before or after `cont`)
    is; None when none or several are."""
    kana = set()
    for b in UNDEFINED:
        for data in (bytes([lead, b, cont]), bytes([lead, cont, b])):
            try:
                ch = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if _KANA.fullmatch(ch):
                kana.add(ch)
    return kana.pop() if len(kana) == 1 else None


def decode_run(data: bytes) -> Optional[Tuple[str, int]]:
    """The run's bytes as UTF-8 with each E3 + one continuation completed (`_complete`), and
    how many were; None where any sequence is broken otherwise or ambiguous."""
    out, i, completed = [], 0, 0
    while i < len(data):
        b = data[i]
        size = 3 if 0xE0 <= b <= 0xEF else 2 if 0xC2 <= b <= 0xDF else 4 if 0xF0 <= b <= 0xF4 else 0
        if not size:
            return None
        seq = data[i:i + size]
        whole = len(seq) == size and all(0x80 <= c <= 0xBF for c in seq[1:])
        if whole:
            try:
                out.append(seq.decode("utf-8"))
            except UnicodeDecodeError:
                return None
            i += size
            continue
        if b != 0xE3 or i + 1 >= len(data) or not 0x80 <= data[i + 1] <= 0xBF or (
                i + 2 < len(data) and 0x80 <= data[i + 2] <= 0xBF):
            return None
        ch = _complete(b, data[i + 1])
        if ch is None:
            return None
        out.append(ch)
        completed += 1
        i += 2
    return "".join(out), completed


def kana_runs(text: str) -> Iterator[Tuple[int, int, str]]:
    """(start, end, repaired) for each run of Windows-1252 glyphs that is Japanese UTF-8 whose
    81 bytes were dropped (see the module's doc)."""
    if "\u00e3" not in text:
        return
    for m in _RUN.finditer(text):
        if "\u00e3" not in m.group():
            continue
        decoded = decode_run(bytes(_BYTE[ch] for ch in m.group()))
        if decoded is None:
            continue
        after, completed = decoded
        if completed and _japanese().fullmatch(after) and len(_KANA.findall(after)) > completed:
            yield m.start(), m.end(), after
