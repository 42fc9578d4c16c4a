"""The default pipeline on the dev split of boilerplate-web, with the line model's scores replaced
by out-of-fold scores (5 folds grouped by site, both stages retrained per fold as
tools/train_line_model.py trains them): what the shipped thresholds and veto are chosen with.

The shipped trees learned from every dev page, so their scores on dev are in-sample and choose
too low a threshold (the model's lower threshold chosen in-sample, 0.94, kept 98.53% of the dev
content lines but 98.20% on test). Here every page is scored by trees that never saw its site.

    python3 tools/cv_pipeline.py                          # the shipped settings
    python3 tools/cv_pipeline.py --strong 0.95 0.955 0.96 --veto 0.3 0.5 0.7
    python3 tools/cv_pipeline.py --inside 0.97 0.975 0.98 1.01   # 1.01: not between paragraphs
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

from bench_boilerplate_web import MAIN_LANGS, load  # noqa: E402
from bench_boilerplate_web import textfix_removed  # noqa: E402
from train_line_model import cross_scores, learners, stacked  # noqa: E402
from train_line_model import load as load_lines  # noqa: E402

from textfix.filters.boilerplate import linemodel  # noqa: E402


def out_of_fold() -> dict:
    """case id -> the second stage's out-of-fold score of each of its lines."""
    X, y, w, groups, _datasets, case_of = load_lines("dev")
    make = learners()["trees"]
    second = cross_scores(make, stacked(X, cross_scores(make, X, y, w, groups), case_of), y, w, groups)
    ids = [case["id"] for case, _t, _l in load(split="dev")]
    return {ids[c]: second[case_of == c].tolist() for c in range(len(ids))}


def run(scores: dict) -> dict:
    """Counters per group of the pipeline's removals on dev, the model reading `scores`."""
    current = {}
    real = linemodel.page_scores

    def replaced(lines, inside=()):  # the same rows, features and context (for the reasons); the score out of fold
        return {k: (current["scores"][k], j, f, c) for k, (_s, j, f, c) in real(lines, inside).items()}

    stats = defaultdict(Counter)
    linemodel.page_scores = replaced
    try:
        for case, text, _lines in load(split="dev"):
            current["scores"] = scores[case["id"]]
            ours = textfix_removed(text)
            lang = case["lang"] if case["lang"] in MAIN_LANGS else "other"
            for group in ("all", f"lang:{lang}", f"ds:{case['dataset']}"):
                for label, rule in zip(case["labels"], ours):
                    stats[group][label] += 1
                    stats[group][label + "-removed"] += bool(rule)
    finally:
        linemodel.page_scores = real
    return stats


def line(stats: dict) -> str:
    def cell(g):
        s = stats[g]
        return f"{100 - 100 * s['content-removed'] / s['content']:.2f} / {100 * s['boilerplate-removed'] / s['boilerplate']:.1f}"
    groups = [g for g in sorted(stats) if g != "all" and stats[g]["boilerplate"] >= 300]
    return f"all {cell('all')} | " + ", ".join(f"{g.split(':')[1]} {cell(g)}" for g in groups)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    model = linemodel.load()
    ap.add_argument("--strong", type=float, nargs="+", default=[model.threshold_strong])
    ap.add_argument("--veto", type=float, nargs="+", default=[model.veto_below])
    ap.add_argument("--inside", type=float, nargs="+", default=[model.threshold_inside])
    args = ap.parse_args(argv)
    scores = out_of_fold()
    shipped = (model.threshold_strong, model.veto_below, model.threshold_inside)
    print("dev, out-of-fold scores; content kept % / boilerplate removed %")
    try:
        for veto, strong, inside in product(args.veto, args.strong, args.inside):
            model.threshold_strong, model.veto_below, model.threshold_inside = strong, veto, inside
            print(f"strong {strong:.3f} veto {veto:.2f} inside {inside:.3f}: {line(run(scores))}", flush=True)
    finally:
        model.threshold_strong, model.veto_below, model.threshold_inside = shipped


if __name__ == "__main__":
    main()
