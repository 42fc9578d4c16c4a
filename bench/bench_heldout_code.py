#!/usr/bin/env python3
"""Correct text of a genre no rule was written for: source code and its docstrings.

    python3 bench/bench_heldout_code.py                 # fetch (cached), clean, report
    python3 bench/bench_heldout_code.py --only stdlib --show 8

Source files are correct text by construction: they compile, and their comments and
docstrings are edited by people. They are full of what the lossy rules read as damage when
it stands in prose: `?` in URLs, regexes, format strings and literals (`"search?key"`), `?`
mentioned as a character ("a ? with an empty query"), and test data. Every change made to
them is a false repair; the target is 0.

The sets: the Python standard library this benchmark runs on (its non-test modules), and
other languages' sources fetched with the registries' own clients, pinned to a version:
Perl's modules and POD (Debian perl-modules-5.36), Ruby's standard library (Debian
libruby3.1), and JavaScript (npm moment, with its locales in ~130 languages, and lodash):
the sets the code-line and mention rules were written from. Then sets no rule was read
against, to confirm them: npm axios and underscore, Linux's C headers (Debian
linux-libc-dev) and PHP (Debian php-symfony-console). A document is one file; files that are not UTF-8, or over 400,000 characters, are left out,
and so are test directories (they hold deliberate mojibake). Nothing is written to the
repository.
"""

from __future__ import annotations

import argparse
import re
import sys
import sysconfig
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, Iterator, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import textfix  # noqa: E402
from build_correct_docs import Source, archive_members, deb_members, fetch  # noqa: E402

MAX_CHARS = 400_000
# (registry, package, version, which members are source files)
PACKAGES = (
    ("debian", "perl-modules-5.36", "5.36.0-7+deb12u4", r"^usr/share/perl/5\.36\.0/.*\.(?:pm|pod|pl)$"),
    ("debian", "libruby3.1", "3.1.7+really3.1.2-0+deb12u1", r"^usr/lib/ruby/3\.1\.0/.*\.rb$"),
    ("npm", "moment", "2.30.1", r"^package/(?:src/.*\.js|locale/.*\.js|moment\.js)$"),
    ("npm", "lodash", "4.17.21", r"^package/[^/]+\.js$"),
    ("npm", "axios", "1.7.9", r"^package/lib/.*\.js$"),
    ("npm", "underscore", "1.13.7", r"^package/modules/.*\.js$"),
    ("debian", "linux-libc-dev", "6.1.192-3", r"^usr/include/.*\.h$"),
    ("debian", "php-symfony-console", "5.4.53+dfsg-0+deb12u1", r"^usr/share/php/.*\.php$"),
)
_TESTS = re.compile(r"(?:^|/)(?:tests?|testing|idle_test|test_[^/]*\.py)(?:/|$)")


def stdlib_files() -> Iterator[Tuple[str, str]]:
    """(name, text) of the non-test modules of the running Python's standard library."""
    root = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if _TESTS.search(rel) or "site-packages" in rel:
            continue
        data = path.read_bytes()
        if _utf8(data):
            yield f"stdlib:{rel}", data.decode("utf-8")


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def package_files(cache: Path, registry: str, package: str, version: str, pattern: str) -> Iterator[Tuple[str, str]]:
    """(name, text) of a pinned package's source files."""
    path = fetch(Source(registry, package, version, "see the package", None, 0), cache)
    members: Dict[str, bytes] = deb_members(path) if registry == "debian" else archive_members(path)
    wanted = re.compile(pattern)
    for name, data in sorted(members.items()):
        if wanted.search(name) and not _TESTS.search(name) and _utf8(data):
            yield f"{package}:{name}", data.decode("utf-8")


def documents(cache: Path, only=None) -> Iterator[Tuple[str, str, str]]:
    """(set, name, text) of every document."""
    if only in (None, "stdlib"):
        for name, text in stdlib_files():
            if len(text) <= MAX_CHARS:
                yield "stdlib", name, text
    for registry, package, version, pattern in PACKAGES:
        if only not in (None, package):
            continue
        for name, text in package_files(cache, registry, package, version, pattern):
            if len(text) <= MAX_CHARS:
                yield package, name, text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "textfix-bench" / "packages")
    ap.add_argument("--only", help="one set: stdlib or a package name")
    ap.add_argument("--show", type=int, default=4, help="examples listed per rule")
    args = ap.parse_args(argv)
    sizes: Dict[str, Counter] = defaultdict(Counter)
    per_rule: Counter = Counter()
    rule_files: Dict[str, set] = defaultdict(set)
    examples = defaultdict(list)
    rule_chars: Counter = Counter()
    for group, name, text in documents(args.cache, args.only):
        result = textfix.clean(text)
        s = sizes[group]
        s["files"] += 1
        s["chars"] += len(text)
        if result.changes:
            s["changed files"] += 1
            s["changed chars"] += sum(len(c.before) for c in result.changes)
        for c in result.changes:
            per_rule[c.rule] += 1
            rule_chars[c.rule] += len(c.before)
            rule_files[c.rule].add(name)
            if len(examples[c.rule]) < args.show:
                line_start = text.rfind("\n", 0, c.start) + 1
                line_end = text.find("\n", c.end)
                line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
                examples[c.rule].append(f"{name}: {c.before[:40]!r} -> {c.after[:40]!r} at {c.confidence} in {line[:90]!r}")
    print(f"textfix {textfix.__version__}: correct source code, every change is a false repair (target 0)")
    total = Counter()
    for group, s in sizes.items():
        total.update(s)
        print(f"{group:<20} {s['files']:>5} files {s['chars']:>11,} chars   changed: {s['changed files']} files, "
              f"{s['changed chars']} chars")
    print(f"{'all':<20} {total['files']:>5} files {total['chars']:>11,} chars   changed: {total['changed files']} files, "
          f"{total['changed chars']} chars")
    for rule, n in per_rule.most_common():
        print(f"{n:>7}  {rule}  ({len(rule_files[rule])} files, {rule_chars[rule]} chars)")
        for e in examples[rule]:
            print(f"           {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
