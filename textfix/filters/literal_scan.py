"""Many literals found in one pass over a text, at C speed (Hyperscan), when it is installed.

The boilerplate gate looks for a few thousand short byte strings (line starts and ends,
words, needles) in every document. One Hyperscan scan finds them all at once; without
Hyperscan (a platform with no wheel) the gate does the same work in Python, more slowly,
with the same result (tests/test_literal_scan.py compares them).

`TEXTFIX_HYPERSCAN=0` turns the fast path off (to compare the two, or to rule it out).

>>> scanner = LiteralScanner([b"\\nsign", b"cookies"])
>>> scanner.available() and scanner.scan(b"\\nsign up\\nwe use cookies\\n") == [(0, 5), (1, 23)]
True
"""

from __future__ import annotations

import os
import threading
from typing import Optional, Sequence


def _hyperscan():
    """The hyperscan module, or None when it is absent or turned off."""
    if os.environ.get("TEXTFIX_HYPERSCAN", "1") == "0":
        return None
    try:
        import hyperscan
    except Exception:  # noqa: not installed, or no build for this platform
        return None
    return hyperscan


def engine() -> str:
    """What scans run in here: "hyperscan <version>" or "python"."""
    hs = _hyperscan()
    return f"hyperscan {getattr(hs, '__version__', '?')}" if hs is not None else "python"


class LiteralScanner:
    """A compiled set of byte literals; `scan` lists (literal index, end offset) of every
    occurrence, overlapping ones included, in order of end offset.

    Picklable: it keeps the compiled database as bytes (for textfix's on-disk cache) and
    loads it on first use in each process; each thread gets its own scratch space.
    """

    def __init__(self, literals: Sequence[bytes]):
        self.count = len(literals)
        self._db_bytes: Optional[bytes] = None
        self._db = None
        self._local = threading.local()
        hs = _hyperscan()
        if hs is not None and literals:
            db = hs.Database(mode=hs.HS_MODE_BLOCK)
            db.compile(expressions=list(literals), ids=list(range(len(literals))),
                       elements=len(literals), flags=0, literal=True)
            self._db_bytes = hs.dumpb(db)
            self._db = db

    def __getstate__(self):
        return {"count": self.count, "_db_bytes": self._db_bytes}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._db = None
        self._local = threading.local()

    def available(self) -> bool:
        """Whether scans run in Hyperscan (else the caller searches on its own)."""
        return self._database() is not None

    def _database(self):
        if self._db is None and self._db_bytes is not None:
            hs = _hyperscan()
            try:
                self._db = hs.loadb(self._db_bytes, hs.HS_MODE_BLOCK) if hs is not None else None
            except Exception:  # noqa: a database built on another CPU or Hyperscan version
                self._db_bytes = None
            if self._db is None:
                self._db_bytes = None
        return self._db

    def scan(self, data: bytes) -> list:
        """[(literal index, end offset)] of every occurrence in `data`."""
        db = self._database()
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            import hyperscan

            scratch = self._local.scratch = hyperscan.Scratch(db)
        hits: list = []
        add = hits.append
        db.scan(data, match_event_handler=lambda i, start, end, flags, ctx: add((i, end)), scratch=scratch)
        return hits
