"""The report both held-out correct-text benchmarks print: what each rule changed in text
that holds no damage and no web furniture."""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence, Tuple

import textfix

REMOVING = ("boilerplate", "layout")  # rules whose changes take text away


def report(title: str, documents: Iterable[Tuple[str, str]], show: int) -> None:
    """Clean every (name, text) and print the documents that lose text to boilerplate or
    layout rules, and every rule's changes with `show` examples each."""
    per_rule, examples = Counter(), defaultdict(list)
    docs = chars = losing = over_1 = 0
    for name, text in documents:
        docs += 1
        chars += len(text)
        result = textfix.clean(text)
        removed = [c for c in result.changes if c.rule.startswith(REMOVING)]
        if removed:
            losing += 1
            over_1 += sum(len(c.before) - len(c.after) for c in removed) > 0.01 * len(text)
        for c in result.changes:
            per_rule[c.rule] += 1
            if len(examples[c.rule]) < show:
                examples[c.rule].append(f"{name}: {c.before[:70]!r} -> {c.after[:40]!r}")
    print(f"{title}: {docs} documents, {chars:,} characters")
    print(f"documents losing text to boilerplate/layout rules: {losing}; more than 1%: {over_1}")
    for rule, n in per_rule.most_common():
        print(f"{n:>7}  {rule}")
        for line in examples[rule]:
            print(f"           {line}")


def main(doc: str, title: str, documents: Callable[[Path], Iterable[Tuple[str, str]]],
         argv: Optional[Sequence[str]] = None) -> int:
    """The command line of a held-out bench: `--cache` for the fetched packages, `--show`."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "textfix-bench" / "packages")
    ap.add_argument("--show", type=int, default=4, help="examples listed per rule")
    args = ap.parse_args(argv)
    report(title, documents(args.cache), args.show)
    return 0
