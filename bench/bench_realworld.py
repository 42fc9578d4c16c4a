#!/usr/bin/env python3
"""Real-world damage: textfix and ftfy side by side on strings found in the wild.

    python3 bench/bench_realworld.py              # the table per kind, then every wrong change
    python3 bench/bench_realworld.py --kind cjk-as-latin1 --all   # every string of one kind

Data: bench/data/realworld_damage.jsonl, one object per line: id, kind, source (the issue
thread, Q&A page, public file or package the string was quoted from), damaged, expected,
notes. Kinds starting with ``undamaged-`` are correct real strings that look risky (URLs with
``?``, regexes, format strings, Romanian/Portuguese/Vietnamese/Welsh with ``â``): for them
expected == damaged. None of it comes from ../shared/eval.

Per kind and engine:
  exact  the output equals the expected text
  wrong  the output differs from the input AND from the expected text: a change that made
         something else (for an undamaged string, any change is wrong)
  worse  a wrong change that is not even closer to the expected text than the input was
         (difflib similarity): the rest of the wrong changes are partial repairs
  kept   the output equals the input (damage left alone, or correct text untouched)
"wrong, ftfy right" counts the strings where textfix is wrong and ftfy is exact: issue 14
wants 0 there.

textfix runs with its defaults (textfix.clean); ftfy as fix_text without the normalisations
textfix never applies by default (no uncurling, NFC, width folding, ligatures, line breaks).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import OrderedDict
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ftfy  # noqa: E402

import textfix  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "realworld_damage.jsonl"
FIELDS = ("id", "kind", "source", "damaged", "expected", "notes")
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
                                   fix_line_breaks=False, normalization=None)


def load(path: Path = DATA) -> List[dict]:
    """The cases in file order; a line missing a field is an error, not a skip."""
    cases = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            case = json.loads(line)
            missing = [k for k in FIELDS if k not in case]
            if missing:
                raise ValueError(f"{path}:{number}: missing {', '.join(missing)}")
            cases.append(case)
    return cases


def engines() -> Dict[str, Callable[[str], str]]:
    return OrderedDict([
        ("textfix", lambda s: textfix.clean(s).text),
        ("ftfy", lambda s: ftfy.fix_text(s, FTFY_CONFIG)),
    ])


@dataclass
class Outcome:
    """One engine's output on one case, judged against the input and the expected text."""

    output: str
    exact: bool
    wrong: bool
    worse: bool
    kept: bool


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def judge(case: dict, output: str) -> Outcome:
    exact = output == case["expected"]
    kept = output == case["damaged"]
    wrong = not exact and not kept
    worse = wrong and similarity(output, case["expected"]) <= similarity(case["damaged"], case["expected"])
    return Outcome(output, exact, wrong, worse, kept)


def run(cases: Sequence[dict]) -> Dict[str, List[Outcome]]:
    """Every engine on every case; an engine that raises is recorded as a wrong change."""
    results: Dict[str, List[Outcome]] = {}
    for name, fn in engines().items():
        outs = []
        for case in cases:
            try:
                out = fn(case["damaged"])
            except Exception as exc:  # a crash on real input is a finding, not a stop
                out = f"<{type(exc).__name__}: {exc}>"
            outs.append(judge(case, out))
        results[name] = outs
    return results


def table(cases: Sequence[dict], results: Dict[str, List[Outcome]]) -> List[List[str]]:
    """One row per kind (damaged kinds first), then totals for damaged, undamaged and all."""
    names = list(results)
    kinds = sorted({c["kind"] for c in cases}, key=lambda k: (k.startswith("undamaged-"), k))
    groups = [(k, [i for i, c in enumerate(cases) if c["kind"] == k]) for k in kinds]
    damaged = [i for i, c in enumerate(cases) if not c["kind"].startswith("undamaged-")]
    undamaged = [i for i, c in enumerate(cases) if c["kind"].startswith("undamaged-")]
    groups += [("TOTAL damaged", damaged), ("TOTAL undamaged", undamaged),
               ("TOTAL", list(range(len(cases))))]
    rows = []
    for label, idx in groups:
        row = [label, str(len(idx))]
        for name in names:
            outs = [results[name][i] for i in idx]
            row += [str(sum(o.exact for o in outs)), str(sum(o.wrong for o in outs)),
                    str(sum(o.worse for o in outs))]
        t, f = results.get("textfix"), results.get("ftfy")
        row.append(str(sum(t[i].wrong and f[i].exact for i in idx)) if t and f else "-")
        rows.append(row)
    return rows


def fmt_table(rows: List[List[str]], header: List[str]) -> str:
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def describe(case: dict, results: Dict[str, List[Outcome]], i: int) -> str:
    lines = [f"[{case['kind']}] {case['id']}  ({case['source']})",
             f"    input    {case['damaged']!r}",
             f"    expected {case['expected']!r}"]
    for name, outs in results.items():
        o = outs[i]
        verdict = "exact" if o.exact else ("kept" if o.kept else ("WORSE" if o.worse else "WRONG"))
        lines.append(f"    {name:<8} {verdict:<5} {o.output!r}" if not o.exact else f"    {name:<8} exact")
    return "\n".join(lines)


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DATA, help="the JSONL of cases (default %(default)s)")
    p.add_argument("--kind", action="append", help="only this kind (repeatable)")
    p.add_argument("--all", action="store_true", help="print every case, not only the wrong changes")
    return p.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None, out=None) -> int:
    args = parse_args(argv)
    out = out or sys.stdout
    cases = load(args.data)
    if args.kind:
        cases = [c for c in cases if c["kind"] in args.kind]
    results = run(cases)
    header = ["kind", "n"]
    for name in results:
        header += [f"{name} exact", f"{name} wrong", f"{name} worse"]
    header.append("wrong, ftfy right")
    print(f"textfix {textfix.__version__}, ftfy {ftfy.__version__}; {len(cases)} cases from {args.data.name}", file=out)
    print(fmt_table(table(cases, results), header), file=out)
    print("\nwrong = output differs from the input and from the expected text; "
          "worse = a wrong change no closer to the expected text than the input", file=out)
    shown = [i for i in range(len(cases))
             if args.all or any(outs[i].wrong for outs in results.values())]
    if shown:
        print("\n" + ("Every case:" if args.all else "Wrong changes (either engine):"), file=out)
        for i in shown:
            print(describe(cases[i], results, i), file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
