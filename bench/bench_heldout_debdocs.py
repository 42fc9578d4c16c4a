#!/usr/bin/env python3
"""Correct text of a genre no rule was written for: the documentation Debian packages ship.

    python3 bench/bench_heldout_debdocs.py                 # fetch (cached), clean, report
    python3 bench/bench_heldout_debdocs.py --cache DIR --show 8

Every file under `usr/share/doc/` of 30 common packages (README, NEWS, changelogs, AUTHORS,
TODO, machine-readable copyright files with whole licences, plain-text manuals, examples in
Perl, YAML, shell, C) and of three packages of specifications and project documents (Debian
Policy and its reST sources, the copyright-format spec, the FAQ, the constitution): software
documentation written as plain text, hard-wrapped, with contents tables, lists of
translators, copyright notices and licence text in capitals.
None of it is web furniture, so every boilerplate or layout removal is a loss of content;
the repairs are listed too (a few files carry real damage: U+FFFD, mojibake, or bytes of
overstruck man output).

The packages are fetched with `apt-get download`, pinned to a version (the reachable Debian
registry), and kept in the cache; a `.gz` member is decompressed; a file that is not UTF-8,
holds NUL, is HTML, or is over 400,000 characters is left out. A document is one file.
Nothing is written to the repository.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from build_correct_docs import Source, deb_members, fetch  # noqa: E402
import heldout  # noqa: E402

PACKAGES = {  # package: version (Debian bookworm and its updates)
    "base-passwd": "3.6.1", "bash": "5.2.15-2+b13", "bsdutils": "1:2.38.1-5+deb12u3", "build-essential": "12.9",
    "coreutils": "9.1-1", "curl": "7.88.1-10+deb12u5", "dbus": "1.14.10-1~deb12u1", "diffutils": "1:3.8-4",
    "dirmngr": "2.2.40-1.1+deb12u2", "findutils": "4.9.0-4", "gettext": "0.21-12", "git": "1:2.39.5-0+deb12u3",
    "grep": "3.8-5", "groff-base": "1.22.4-10", "gzip": "1.12-1", "libgcrypt20": "1.10.1-3+deb12u1",
    "libgnutls30": "3.7.9-2+deb12u7", "libidn2-0": "2.3.3-1+b1", "libnet-ssleay-perl": "1.92-2+b1",
    "libpng16-16": "1.6.39-2+deb12u5", "libx11-6": "2:1.8.4-2+deb12u2", "make": "4.3-4.1", "man-db": "2.11.2-2",
    "openssl": "3.0.17-1~deb12u2", "python3-apt": "2.6.0", "sed": "4.9-1+deb12u1", "strace": "6.1-0.1",
    "tar": "1.34+dfsg-1.2+deb12u1", "tcl8.6": "8.6.13+dfsg-2", "wget": "1.21.3-1+deb12u1",
    # specifications and project documents, added after the first round of fixes (7bd81b5, 1281f8e)
    "debian-policy": "4.6.2.0", "doc-debian": "11.3+nmu1", "debian-faq": "11.1",
}
DOC_FOLDER = "usr/share/doc/"  # (deb_members names paths without the leading "/")
MAX_CHARS = 400_000
SKIPPED_SUFFIXES = (".html", ".htm", ".png", ".jpg", ".gif", ".svg", ".pdf", ".css", ".js")


def documents(cache: Path):
    """(name, text) of every UTF-8 text file under usr/share/doc of the pinned packages."""
    for package, version in PACKAGES.items():
        source = Source("debian", package, version, "see the package's copyright file", None, 0)
        for path, data in sorted(deb_members(fetch(source, cache)).items()):
            if not path.startswith(DOC_FOLDER) or path.endswith(SKIPPED_SUFFIXES):
                continue
            if path.endswith(".gz"):
                data = gzip.decompress(data)
                if path[:-3].endswith(SKIPPED_SUFFIXES):
                    continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if text.strip() and "\0" not in text and len(text) <= MAX_CHARS:
                yield f"{package}:{path[len(DOC_FOLDER):]}", text


def main(argv=None) -> int:
    return heldout.main(__doc__, "Debian package documentation", documents, argv)


if __name__ == "__main__":
    sys.exit(main())
