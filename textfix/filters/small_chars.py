"""The characters the small filters act on: a fact about a text that the encoding filters'
screens share (computed once per text, kept in its `Scan`)."""

from __future__ import annotations

from functools import lru_cache

from ..pipeline import Scan
from . import fastscan
from .. import lazyre

# The characters the small filters (C1 controls, surrogates, terminal escapes, control
# characters) act on; a text without any of them needs none of those filters. ftfy's
# CONTROL_CHARS (checked by tests/test_screens.py): C0 controls but tab, newlines and form
# feed; DEL; U+206A-U+206F; U+FEFF; U+FFF9-U+FFFC.
_SMALL_RE = lazyre.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\u206a-\u206f\ufeff\ufff9-\ufffc]")
# ftfy.chardata.CONTROL_CHARS, written out (importing ftfy costs ~30 ms; tests compare).
CONTROL_CHARS = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\ufff9\ufffa\ufffb\ufffc"
# In ASCII text the same characters are the bytes outside this set.
_ASCII_QUIET = bytes(range(0x20, 0x7F)) + b"\t\n\x0c\r"


def small_chars(scan: Scan) -> frozenset:
    """The characters of the text that the small filters act on (one C-speed scan per text)."""
    found = scan.small
    if found is None:
        text = scan.text
        if scan.ascii:
            found = frozenset(text.encode("ascii").translate(None, _ASCII_QUIET).decode("ascii"))
        elif _small_scanner().available():
            data = scan.utf8
            found = frozenset(data[end - _SMALL_BYTES[i]:end].decode("utf-8", "surrogatepass")
                              for i, end in _small_scanner().scan(data))
        else:
            found = frozenset(_SMALL_RE.findall(text))
        scan.small = found
    return found


# _SMALL_RE's characters as UTF-8 byte patterns, and each one's length in bytes.
_SMALL_UTF8 = ((rb"[\x00-\x08\x0b\x0e-\x1f\x7f]", 1), (rb"\xc2[\x80-\x9f]", 2), (rb"\xed[\xa0-\xbf][\x80-\xbf]", 3),
               (rb"\xe2\x81[\xaa-\xaf]", 3), (rb"\xef\xbb\xbf", 3), (rb"\xef\xbf[\xb9-\xbc]", 3))
_SMALL_BYTES = tuple(n for _, n in _SMALL_UTF8)


@lru_cache(maxsize=1)
def _small_scanner() -> fastscan.Scanner:
    return fastscan.stored("small", [pattern for pattern, _ in _SMALL_UTF8], literal=False)


def _has_c1(found: frozenset) -> bool:
    return any("\x80" <= ch <= "\x9f" for ch in found)
