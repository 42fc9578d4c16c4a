"""Many patterns found in one pass over a text, at C speed (Hyperscan), when it is installed.

Two screens use it:
- the boilerplate gate looks for a few thousand short byte strings (line starts and ends,
  words, needles) in every document: `Scanner(literals).scan(view)` lists every occurrence;
- the encoding screen asks whether ftfy's own badness expression matches anywhere:
  `Scanner(expressions, literal=False, flags=(UTF8, MULTILINE)).found(text_utf8)`.

Without Hyperscan (a platform with no wheel) each caller does the same work in Python,
more slowly, with the same result (tests/test_fastscan.py and tests/test_screens.py
compare them). `TEXTFIX_HYPERSCAN=0` turns the fast paths off.

>>> scanner = Scanner([b"\\nsign", b"cookies"])
>>> not scanner.available() or scanner.scan(b"\\nsign up\\nwe use cookies\\n") == [(0, 5), (1, 23)]
True
"""

from __future__ import annotations

import os
import threading
from typing import Optional, Sequence

# Flags of `Scanner(..., flags=(...))`: UTF8, the expressions and the data are UTF-8 and the
# classes Unicode's; MULTILINE, ^ and $ match at every line's start and end too.
UTF8 = "utf8"
MULTILINE = "multiline"


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


def stored(kind: str, expressions: Sequence[bytes], literal: bool = True, flags: Sequence[str] = ()) -> "Scanner":
    """`Scanner(expressions, literal, flags)`, kept in textfix's on-disk cache (textfix/cache.py,
    as `kind`): compiling a small database costs 1-5 ms, which a command line run on one small
    file paid again for each screen's scanner."""
    here = engine()
    if here == "python":  # (nothing to compile)
        return Scanner(expressions, literal, flags)
    from ..cache import cached

    return cached(kind, (here, list(expressions), literal, list(flags)), lambda: Scanner(expressions, literal, flags))


class Scanner:
    """A compiled set of byte literals (or, with `literal=False`, expressions).

    `scan` lists (index, end offset) of every occurrence, overlapping ones included, in
    order of end offset; `found` says whether any expression matches. Picklable: it keeps
    the compiled database as bytes (for textfix's on-disk cache) and loads it on first use
    in each process; each thread gets its own scratch space.
    """

    def __init__(self, expressions: Sequence[bytes], literal: bool = True, flags: Sequence[str] = ()):
        self.count = len(expressions)
        self._db_bytes: Optional[bytes] = None
        self._db = None
        self._local = threading.local()
        hs = _hyperscan()
        if hs is not None and expressions:
            db = hs.Database(mode=hs.HS_MODE_BLOCK)
            mode = (hs.HS_FLAG_UTF8 | hs.HS_FLAG_UCP if UTF8 in flags else 0) | \
                (hs.HS_FLAG_MULTILINE if MULTILINE in flags else 0)
            db.compile(expressions=list(expressions), ids=list(range(len(expressions))),
                       elements=len(expressions), flags=mode, literal=literal)
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
                self._db = None
            if self._db is None:  # no Hyperscan here, or not this database: the caller searches
                self._db_bytes = None
        return self._db

    def _scratch(self, db):
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            import hyperscan

            scratch = self._local.scratch = hyperscan.Scratch(db)
        return scratch

    def scan(self, data: bytes) -> list:
        """[(expression index, end offset)] of every occurrence in `data`."""
        db = self._database()
        hits: list = []
        add = hits.append
        db.scan(data, match_event_handler=lambda i, start, end, flags, ctx: add((i, end)), scratch=self._scratch(db))
        return hits

    def found(self, data: bytes) -> bool:
        """Whether any expression matches somewhere in `data` (the scan stops at the first)."""
        import hyperscan

        db = self._database()
        hits: list = []
        try:  # a handler returning True ends the scan
            db.scan(data, match_event_handler=lambda *match: hits.append(1) or True, scratch=self._scratch(db))
        except hyperscan.ScanTerminated:
            pass
        return bool(hits)
