#!/usr/bin/env python3
"""Where the default pipeline's time goes: per filter (`screen` and `propose`) and per corpus.

    python3 bench/stage_profile.py                      # docs and extracted, 0.5 MB each, best of 3
    python3 bench/stage_profile.py --corpus news --size-mb 0.2 --cprofile 20

Each active filter of `textfix.default_pipeline()` gets its `screen` and `propose` wrapped
(on the instance, for the length of the run) with a timer; `propose` is drained inside the
timer, as the pipeline drains it. What no filter accounts for is the pipeline's own work
(`Scan`s, `check_proposals`, `compose`, `replay`, the confirmation pass's bookkeeping). The
corpus is run once untimed (first-use loads: regexes, word lists, the line model), then
`--repeat` times; each stage keeps its smallest total over the repeats, and the table shows
microseconds per document and each stage's share of the whole run's time. Shares, not
absolute times, are what to read on a loaded machine. `--cprofile N` adds cProfile's top N
functions by cumulative time (inflated for small functions, but it names them).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections import defaultdict
from typing import Dict, List, Optional, Sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import textfix  # noqa: E402
from bench_speed import fmt_table  # noqa: E402
from datagen import corpus_bytes, make_corpus  # noqa: E402
from real_corpora import LOADED  # noqa: E402


def _timed(totals: Dict[str, float], name: str, fn, drain: bool):
    """`fn` with its time added to totals[name]; a generator's time includes draining it."""
    clock = time.perf_counter

    def wrapper(*args):
        start = clock()
        out = fn(*args)
        if drain:
            out = list(out)
        totals[name] += clock() - start
        return out

    return wrapper


def stage_times(docs: Sequence[str], repeat: int) -> Dict[str, float]:
    """{stage: best total seconds over `repeat` runs}, with "total" the whole run's and
    "pipeline (rest)" what no filter's screen or propose accounts for."""
    pipeline = textfix.default_pipeline()
    best: Dict[str, float] = defaultdict(lambda: float("inf"))
    for d in docs:  # first use: untimed
        pipeline.run(d)
    for _ in range(repeat):
        totals: Dict[str, float] = defaultdict(float)
        for step in pipeline._active:
            name = type(step).__name__
            step.screen = _timed(totals, f"{name}.screen", type(step).screen.__get__(step), False)
            step.propose = _timed(totals, f"{name}.propose", type(step).propose.__get__(step), True)
        try:
            start = time.perf_counter()
            for d in docs:
                pipeline.run(d)  # what textfix.clean(d) runs
            totals["total"] = time.perf_counter() - start
        finally:
            for step in pipeline._active:
                del step.screen, step.propose
        totals["pipeline (rest)"] = totals["total"] - sum(v for k, v in totals.items() if k != "total")
        for k, v in totals.items():
            best[k] = min(best[k], v)
    return dict(best)


def load(kind: str, size_bytes: int, seed: int) -> Optional[List[str]]:
    if kind in LOADED:
        return LOADED[kind][0](size_bytes)
    return make_corpus(kind, size_bytes, seed=seed)


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", action="append", help="corpus name as in bench_speed.py (default: docs, extracted)")
    p.add_argument("--size-mb", type=float, default=0.5)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print cProfile's top N functions")
    args = p.parse_args(argv)
    kinds = args.corpus or ["docs", "extracted"]
    results = {}
    for kind in kinds:
        docs = load(kind, int(args.size_mb * 1e6), args.seed)
        if not docs:
            print(f"{kind}: skipped (not present)")
            continue
        results[kind] = (len(docs), corpus_bytes(docs), stage_times(docs, args.repeat))
        if args.cprofile:
            prof = cProfile.Profile()
            prof.enable()
            for d in docs:
                textfix.clean(d)
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(args.cprofile)
            print(f"=== cProfile, default pipeline, {kind} ===\n{out.getvalue()}")
    stages = sorted({s for _, _, t in results.values() for s in t if s != "total"},
                    key=lambda s: -max(t.get(s, 0) / t["total"] for _, _, t in results.values()))
    header = ["stage"] + [f"{k} us/doc" for k in results] + [f"{k} share" for k in results]
    rows = []
    for stage in ["total"] + stages:
        row = [stage]
        row += [f"{t.get(stage, 0) / n * 1e6:.0f}" for n, _, t in results.values()]
        row += [f"{t.get(stage, 0) / t['total']:.1%}" for _, _, t in results.values()]
        rows.append(row)
    print(", ".join(f"{k}: {n} documents, {size / 1e6:.2f} MB" for k, (n, size, _) in results.items()))
    print(f"best of {args.repeat} per stage; textfix {textfix.__version__}")
    print(fmt_table(rows, header))
    return 0


if __name__ == "__main__":
    sys.exit(main())
