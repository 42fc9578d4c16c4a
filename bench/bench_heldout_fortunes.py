#!/usr/bin/env python3
"""Correct text of a genre no rule was written for: Debian's fortune cookie files.

    python3 bench/bench_heldout_fortunes.py                 # fetch (cached), clean, report
    python3 bench/bench_heldout_fortunes.py --cache DIR --show 8

Fortune files are quotations, verse, jokes, dialogues and lists in 12 languages, hard-wrapped
at ~72 columns, cookies separated by `%` lines: short lines everywhere, bare words ("Help",
"more"), attributions ("-- Lao Tse"), enumerations ("(c) ..."), two-column verse. Nothing in
them is web furniture, so every boilerplate or layout removal is a loss of content; the
repairs are listed too (some files carry real damage: lost Polish quotes, mojibake).

The packages are fetched with `apt-get download`, pinned to a version (the reachable Debian
registry), and kept in the cache; a file that is not UTF-8 is left out. A document is 25
cookies of one file, in file order. Nothing is written to the repository.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from build_correct_docs import Source, deb_members, fetch  # noqa: E402
import heldout  # noqa: E402

PACKAGES = {  # package: version (Debian bookworm)
    "fortunes": "1:1.99.1-7.3", "fortunes-bg": "1.4", "fortunes-br": "20220821", "fortunes-cs": "2.0.9-1.1",
    "fortunes-de": "0.35-1", "fortunes-eo": "20020729b-1.1", "fortunes-es": "1.36", "fortunes-ga": "0.10+nmu1",
    "fortunes-it": "1.99-4.1", "fortunes-pl": "0.0.20130525-3", "fortunes-ru": "1.52-3.1", "fortunes-zh": "2.98",
}
COOKIES_PER_DOC = 25


def documents(cache: Path):
    """(name, text) of every document: 25 cookies of one UTF-8 fortune file."""
    for package, version in PACKAGES.items():
        source = Source("debian", package, version, "see the package's copyright file", None, 0)
        for path, data in sorted(deb_members(fetch(source, cache)).items()):
            if "/games/fortunes/" not in path or path.endswith((".dat", ".u8")):
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            cookies = text.split("\n%\n")
            for i in range(0, len(cookies), COOKIES_PER_DOC):
                doc = "\n%\n".join(cookies[i:i + COOKIES_PER_DOC])
                if len(doc) > 300:
                    yield f"{package}:{path.split('/games/fortunes/')[1]}#{i}", doc


def main(argv=None) -> int:
    return heldout.main(__doc__, "fortunes", documents, argv)


if __name__ == "__main__":
    sys.exit(main())
