#!/usr/bin/env python3
"""Correct text of a genre no rule was written for: dictionaries and glossaries (dictd).

    python3 bench/bench_heldout_dicts.py                 # fetch (cached), clean, report
    python3 bench/bench_heldout_dicts.py --cache DIR --show 8

The Jargon File, FOLDOC (computing terms), The Devil's Dictionary and V.E.R.A. (computing
acronyms) as Debian packages them for dictd: a headword on a line of its own (often a bare
word in capitals: NEWS, NEXT, PAUSE, OOPS, AP), its definition indented under it, cross
references in braces, see-also lists, code in prose (`x?y:z`). None of it is web furniture,
so every boilerplate or layout removal is a loss of content; the repairs are listed too.

The packages are fetched with `apt-get download`, pinned to a version (the reachable Debian
registry), and kept in the cache. The entries are read through the dictionary's index (each
entry's offset and length, base64), in file order, skipping the database's own `00-database-*`
entries; a document is 20 entries. Nothing is written to the repository.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from build_correct_docs import Source, deb_members, fetch  # noqa: E402
import heldout  # noqa: E402

PACKAGES = {  # package: (version (Debian bookworm), dictionary name)
    "dict-jargon": ("4.4.7-3.1", "jargon"), "dict-foldoc": ("20230119-1", "foldoc"),
    "dict-devil": ("1.0-13.1", "devil"), "dict-vera": ("1:1.24-1", "vera"),
}
ENTRIES_PER_DOC = 20
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _number(digits: str) -> int:
    """A dictd index number: base64 digits, most significant first."""
    n = 0
    for c in digits:
        n = n * 64 + _BASE64.index(c)
    return n


def entries(index: bytes, data: bytes) -> list:
    """The (offset, text) of every entry the index names, in file order."""
    out = []
    for line in index.decode("utf-8", "replace").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or parts[0].startswith("00-database"):
            continue
        start, length = _number(parts[1]), _number(parts[2])
        out.append((start, data[start:start + length].decode("utf-8", "replace")))
    return sorted(set(out))


def documents(cache: Path):
    """(name, text) of every document: 20 entries of one dictionary, in file order."""
    for package, (version, name) in PACKAGES.items():
        source = Source("debian", package, version, "see the package's copyright file", None, 0)
        members = deb_members(fetch(source, cache))
        found = entries(members[f"usr/share/dictd/{name}.index"], gzip.decompress(members[f"usr/share/dictd/{name}.dict.dz"]))
        for i in range(0, len(found), ENTRIES_PER_DOC):
            yield f"{package}#{i}", "\n".join(text for _, text in found[i:i + ENTRIES_PER_DOC])


def main(argv=None) -> int:
    return heldout.main(__doc__, "dictionaries (dictd)", documents, argv)


if __name__ == "__main__":
    sys.exit(main())
