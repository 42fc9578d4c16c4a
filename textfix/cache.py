"""textfix's on-disk cache: what is slow to make and the same on every run.

Reading the rule packs, deriving the boilerplate gate from the patterns' syntax and
compiling ftfy's badness expression for Hyperscan take about a second; a command line run
on one small file would spend most of its time there. Each is kept in a cache directory,
keyed by everything it is made from (the caller's key: the packs' bytes, the rules'
patterns, versions; the source of the code that makes them; the Python version), so an
edit anywhere makes a new entry. $TEXTFIX_CACHE_DIR names the directory ("" turns the
cache off); else $XDG_CACHE_HOME/textfix or ~/.cache/textfix. Unwritable: no cache, same
results.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Optional

CACHE_FORMAT = 1
# The code that makes what is cached: the gate (boilerplate, regex_gate, fastscan) and the
# badness scanner (mojibake).
_BUILDERS = ("boilerplate.py", "regex_gate.py", "fastscan.py", "mojibake.py")
_CODE_DIGEST: Optional[str] = None


def _cache_dir() -> Optional[Path]:
    configured = os.environ.get("TEXTFIX_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "textfix"


def _code_digest() -> str:
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        h = hashlib.sha256()
        for name in _BUILDERS:
            h.update((Path(__file__).parent / "filters" / name).read_bytes())
        h.update(f"{CACHE_FORMAT} {sys.version}".encode())
        _CODE_DIGEST = h.hexdigest()
    return _CODE_DIGEST


def cached(kind: str, key, make):
    """`make()`, or the value an earlier run stored for the same `key` (bytes/str/tuples)."""
    directory = _cache_dir()
    if directory is None:
        return make()
    import pickle

    h = hashlib.sha256(_code_digest().encode())
    h.update(repr(key).encode("utf-8", "surrogatepass"))
    path = directory / f"{kind}-{h.hexdigest()[:32]}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: absent, unreadable or stale: make it again
        pass
    value = make()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # noqa: a read-only home, a full disk: run without the cache
        pass
    return value
