#!/usr/bin/env python3
"""What the default pipeline changes in correct documents that are not web pages.

    python3 bench/bench_correct_docs.py                  # summary, then every change per document
    python3 bench/bench_correct_docs.py --summary        # the summary tables only
    python3 bench/bench_correct_docs.py --rule lossy     # only changes of rules under this prefix
    python3 bench/bench_correct_docs.py --xfail          # today's failures as the test's xfail tables

The documents are bench/data/correct_docs.jsonl.gz (built by bench/build_correct_docs.py:
translated man pages, the Debian Reference, gettext catalogues, documentation, changelogs,
licences, READMEs in 60+ languages). Every one is correct text, so every change is a false
positive. Issues 13 and 14 set the bar that tests/test_correct_docs.py checks:
  - no repair rule (any family but boilerplate and layout) changes a document;
  - boilerplate and layout rules remove at most 1% of a document's characters.
For each document the report prints every change: rule, span, and the text before -> after.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import textfix  # noqa: E402
from build_correct_docs import OUT, load  # noqa: E402

REMOVAL_FAMILIES = ("boilerplate.", "layout.")
MAX_REMOVED_SHARE = 0.01


@dataclass
class Verdict:
    """What the pipeline did to one document, split the way the bar is."""

    doc: dict
    changes: List[textfix.Change]

    @property
    def repairs(self) -> List[textfix.Change]:
        """Changes by rules that must never touch correct text."""
        return [c for c in self.changes if not c.rule.startswith(REMOVAL_FAMILIES)]

    @property
    def removals(self) -> List[textfix.Change]:
        return [c for c in self.changes if c.rule.startswith(REMOVAL_FAMILIES)]

    @property
    def removed_share(self) -> float:
        """Characters the boilerplate and layout rules took, as a share of the document."""
        gone = sum(len(c.before) - len(c.after) for c in self.removals)
        return gone / max(1, len(self.doc["text"]))

    @property
    def repair_rules(self) -> List[str]:
        return sorted({c.rule for c in self.repairs})

    @property
    def removal_rules(self) -> List[str]:
        return sorted({c.rule for c in self.removals})


def judge(doc: dict) -> Verdict:
    return Verdict(doc, list(textfix.clean(doc["text"]).changes))


def summary(verdicts: Sequence[Verdict]) -> str:
    """Per rule: documents touched and characters removed; per genre: documents over the bar."""
    docs_by_rule: Counter = Counter()
    chars_by_rule: Counter = Counter()
    for v in verdicts:
        for rule in {c.rule for c in v.changes}:
            docs_by_rule[rule] += 1
        for c in v.changes:
            chars_by_rule[c.rule] += len(c.before) - len(c.after)
    lines = [f"{len(verdicts)} documents, {len({v.doc['lang'] for v in verdicts})} languages, "
             f"{len({v.doc['genre'] for v in verdicts})} genres",
             f"changed by a repair rule: {sum(bool(v.repairs) for v in verdicts)}",
             f"losing > {MAX_REMOVED_SHARE:.0%} to boilerplate/layout: "
             f"{sum(v.removed_share > MAX_REMOVED_SHARE for v in verdicts)}; "
             f"losing anything: {sum(bool(v.removals) for v in verdicts)}",
             "", f"{'rule':40} {'docs':>5} {'chars removed':>14}"]
    for rule, n in docs_by_rule.most_common():
        lines.append(f"{rule:40} {n:5} {chars_by_rule[rule]:14}")
    by_genre: Dict[str, List[Verdict]] = defaultdict(list)
    for v in verdicts:
        by_genre[v.doc["genre"]].append(v)
    lines += ["", f"{'genre':20} {'docs':>5} {'repaired':>9} {'> 1% removed':>13} {'any removed':>12}"]
    for genre, vs in sorted(by_genre.items()):
        lines.append(f"{genre:20} {len(vs):5} {sum(bool(v.repairs) for v in vs):9} "
                     f"{sum(v.removed_share > MAX_REMOVED_SHARE for v in vs):13} {sum(bool(v.removals) for v in vs):12}")
    return "\n".join(lines)


def details(v: Verdict, rule_prefix: Optional[str], width: int) -> List[str]:
    changes = [c for c in v.changes if not rule_prefix or c.rule.startswith(rule_prefix)]
    if not changes:
        return []
    lines = [f"\n== {v.doc['id']}  [{v.doc['lang']}, {v.doc['genre']}, {v.doc['package']} {v.doc['version']}]"
             f"  removed {v.removed_share:.1%}"]
    for c in changes:
        before, after = clip(c.before, width), clip(c.after, width)
        lines.append(f"  {c.rule} [{c.start}:{c.end}] {before!r} -> {after!r}")
    return lines


def clip(s: str, width: int) -> str:
    return s if width <= 0 or len(s) <= width else s[: width - 1] + "…"


def xfail_tables(verdicts: Sequence[Verdict]) -> str:
    """Python literals for tests/test_correct_docs.py: today's failures and the rules behind them."""
    repairs = {v.doc["id"]: ", ".join(v.repair_rules) for v in verdicts if v.repairs}
    removals = {v.doc["id"]: ", ".join(v.removal_rules) for v in verdicts if v.removed_share > MAX_REMOVED_SHARE}
    out = []
    for name, table in (("REPAIR_XFAIL", repairs), ("REMOVAL_XFAIL", removals)):
        out.append(f"{name} = {{")
        out += [f"    {doc_id!r}: {rules!r}," for doc_id, rules in sorted(table.items())]
        out.append("}")
    return "\n".join(out)


def main(argv: Optional[Sequence[str]] = None, out=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=OUT, help="the built set (default %(default)s)")
    p.add_argument("--summary", action="store_true", help="only the summary tables")
    p.add_argument("--rule", help="only changes of rules starting with this prefix")
    p.add_argument("--lang", action="append", help="only documents in this language (repeatable)")
    p.add_argument("--width", type=int, default=300, help="clip before/after texts to this many characters (0: never)")
    p.add_argument("--xfail", action="store_true", help="print today's failures as the test's xfail tables")
    args = p.parse_args(argv)
    out = out or sys.stdout
    docs = [d for d in load(args.data) if not args.lang or d["lang"] in args.lang]
    verdicts = [judge(d) for d in docs]
    if args.xfail:
        print(xfail_tables(verdicts), file=out)
        return 0
    print(summary(verdicts), file=out)
    if not args.summary:
        for v in verdicts:
            for line in details(v, args.rule, args.width):
                print(line, file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
