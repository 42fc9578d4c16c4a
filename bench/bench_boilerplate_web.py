"""Boilerplate benchmark on many sites and languages: ../shared/eval/boilerplate-web.

Data (never copied into the repo): 1,615 pages from 11 public extraction benchmarks, each as
the naive text of two extractors (html-text, bs4), every line labelled `content` /
`boilerplate` / `short` / `ambiguous` against the page's gold main text, with a `dev` /
`test` split (read its README: `content` labels carry several percent of noise,
`boilerplate` about 1%). A line counts as removed when textfix (or an anchor) removes all of
it; `short` and `ambiguous` are counted, not scored.

Per split, per dataset and per main language: content kept and boilerplate removed, for
textfix (default rules, or with `--ignore`) and for C4's line rules on the same lines.

    python3 bench/bench_boilerplate_web.py                 # dev and test tables
    python3 bench/bench_boilerplate_web.py --split dev --ignore boilerplate.model
    python3 bench/bench_boilerplate_web.py --list-lost 40  # dev content lines removed, with the rule, and per rule
    python3 bench/bench_boilerplate_web.py --json out.json
    python3 bench/bench_boilerplate_web.py --learn-repeats domain   # clean --learn-repeats, per split
    python3 bench/bench_boilerplate_web.py --learn-repeats dataset  # one dataset as one "folder" of many sites

With --learn-repeats, each split's cases are grouped (by the page's domain, or by dataset;
always per extractor: a corpus is extracted one way) and textfix.repeats learns each group's
pack before the cases are cleaned with it, as `textfix clean --learn-repeats` does; the
lines `boilerplate.repeated` removed are also counted alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_boilerplate import c4_removed  # noqa: E402
from bench_boilerplate import textfix_removed as line_outcomes  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "boilerplate-web"
MAIN_LANGS = ("en", "zh", "ru", "pl", "el")


def load(data: Path = DATA, split=None):
    """Yield (case row, text, lines) for every case of `split` (None: both)."""
    for raw in (data / "cases.jsonl").read_text("utf-8").splitlines():
        case = json.loads(raw)
        if split and case["split"] != split:
            continue
        text = (data / "cases" / f"{case['id']}.txt").read_text("utf-8")
        lines = text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
        if len(lines) != len(case["labels"]):
            raise SystemExit(f"{case['id']}: {len(lines)} lines but {len(case['labels'])} labels")
        yield case, text, lines


def textfix_removed(text: str, ignore=(), packs=()):
    """Per line: the rule that removed all of it, or None (a line partly cut stays)."""
    out, rules = line_outcomes(text, ignore=ignore, rules=packs)
    return [rule if whole == "line" else None for whole, rule in zip(out, rules)]


def group_of(case, by):
    """The source a case is learned with: its domain or dataset, and its extractor."""
    key = case.get("domain") if by == "domain" else case["dataset"]
    return f"{key}|{case['extractor']}" if key else None


def learn_packs(split, by, directory, min_share=None, min_docs=None):
    """case id -> the path of its group's learned pack (textfix.repeats, as clean --learn-repeats)."""
    from textfix import repeats

    def documents():
        for case, text, _lines in load(split=split):
            group = group_of(case, by)
            if group:
                yield group, case["id"], text

    learned = repeats.learn_sources(documents, min_share=repeats.MIN_SHARE if min_share is None else min_share,
                                    min_docs=min_docs or repeats.MIN_DOCS)
    paths = repeats.write_packs(learned, directory)
    sizes = Counter(found.documents for found in learned.values())
    print(f"(--learn-repeats {by}, {split}: {len(learned)} groups, {sum(n for s, n in sizes.items() if s >= repeats.MIN_DOCS)} "
          f"with >= {repeats.MIN_DOCS} documents, {sum(len(f.candidates) for f in learned.values())} lines learned "
          f"in {len(paths)} groups)")
    return {case["id"]: paths.get(group_of(case, by)) for case, _t, _l in load(split=split)}


def run(split, ignore=(), lost_examples=0, repeats_by=None, min_share=None, min_docs=None):
    """Counters per (method, group, label): lines and lines removed."""
    stats = defaultdict(Counter)
    lost = []
    seconds = 0.0
    packs = {}
    if repeats_by:
        import tempfile

        packs = learn_packs(split, repeats_by, tempfile.mkdtemp(prefix="textfix-repeats-"), min_share, min_docs)
    for case, text, lines in load(split=split):
        t0 = time.perf_counter()
        pack = packs.get(case["id"])
        ours = textfix_removed(text, ignore, (pack,) if pack else ())
        seconds += time.perf_counter() - t0
        c4 = c4_removed(lines)
        lang = case["lang"] if case["lang"] in MAIN_LANGS else "other"
        groups = ("all", f"ds:{case['dataset']}", f"lang:{lang}", f"ex:{case['extractor']}")
        for i, label in enumerate(case["labels"]):
            repeated = ours[i] if ours[i] and ours[i].startswith("boilerplate.repeated.") else None
            for method, removed in (("textfix", ours[i]), ("c4", c4[i]), ("repeated", repeated)):
                for g in groups:
                    stats[(method, g)][label] += 1
                    if removed:
                        stats[(method, g)][label + "-removed"] += 1
            if label == "content" and ours[i] and len(lost) < lost_examples:
                lost.append((case["id"], i, ours[i], lines[i][:120]))
    return stats, lost, seconds


def model_curve(split, thresholds):
    """Content kept / boilerplate removed for the default rules plus the line model at each
    threshold (as in the filter: a page where rule packs, not the structure heuristics,
    removed MIN_FURNITURE_LINES lines; only lines before the first or after the last
    paragraph, without the filter's edge claims): one threshold for both edges, then the
    head's and the tail's thresholds apart (the best pairs at >= 98.5% of content kept).
    One threshold for every page and no veto: the shipped pair of thresholds and the veto are
    chosen with tools/cv_pipeline.py (the real pipeline fed out-of-fold scores)."""
    from itertools import product

    from textfix.filters.boilerplate import linemodel
    from textfix.filters.boilerplate.structure import Lines

    base = Counter()  # labelled lines and the rules' removals
    side = {"head": defaultdict(Counter), "tail": defaultdict(Counter)}  # model removals per threshold
    for case, text, lines in load(split=split):
        ours = textfix_removed(text, ("boilerplate.model",))
        named = sum(1 for r in ours if r and r.startswith("boilerplate.") and not r.startswith("boilerplate.structure"))
        page = Lines(text)
        scored = linemodel.page_scores(page) if named >= linemodel.MIN_FURNITURE_LINES else {}
        for i, (label, rule) in enumerate(zip(case["labels"], ours)):
            if label not in ("content", "boilerplate"):
                continue
            base[label] += 1
            base[label + "-removed"] += bool(rule)
            if rule or i not in scored:
                continue
            where = side["head" if page.in_head(i) else "tail"]  # a page without a paragraph: all head
            for t in thresholds:
                where[t][label + "-removed"] += scored[i][0] >= t

    def kept_removed(head, tail):
        lost = base["content-removed"] + side["head"][head]["content-removed"] + side["tail"][tail]["content-removed"]
        found = base["boilerplate-removed"] + side["head"][head]["boilerplate-removed"] + side["tail"][tail]["boilerplate-removed"]
        return 100 - pct(lost, base["content"]), pct(found, base["boilerplate"])

    print(f"\n## {split}: rules + line model, by threshold (content kept % / boilerplate removed %)")
    for t in thresholds:
        print(f"  {t:.3f}  {kept_removed(t, t)[0]:6.2f}  {kept_removed(t, t)[1]:5.1f}")
    pairs = sorted(((kept_removed(h, t), h, t) for h, t in product(thresholds, thresholds)
                    if kept_removed(h, t)[0] >= 98.5), key=lambda row: -row[0][1])
    print(f"## {split}: head and tail thresholds apart, the best pairs at >= 98.5% of content kept")
    for (kept, found), h, t in pairs[:8]:
        print(f"  head {h:.3f} tail {t:.3f}  {kept:6.2f}  {found:5.1f}")


def pct(a, b):
    return 100.0 * a / b if b else float("nan")


def table(stats, split, out=sys.stdout):
    groups = sorted({g for (_, g) in stats}, key=lambda g: (g != "all", g.split(":")[0], g))
    print(f"\n## {split}: content kept % / boilerplate removed % (lines; short & ambiguous removed %, not scored)", file=out)
    print(f"{'group':26} {'content':>8} {'bp':>7} | {'tf kept':>8} {'tf bp':>7} {'tf short':>8} {'tf amb':>7} | "
          f"{'c4 kept':>8} {'c4 bp':>7}", file=out)
    for g in groups:
        t, c = stats[("textfix", g)], stats[("c4", g)]
        print(f"{g:26} {t['content']:8d} {t['boilerplate']:7d} | "
              f"{100 - pct(t['content-removed'], t['content']):8.2f} {pct(t['boilerplate-removed'], t['boilerplate']):7.1f} "
              f"{pct(t['short-removed'], t['short']):8.1f} {pct(t['ambiguous-removed'], t['ambiguous']):7.1f} | "
              f"{100 - pct(c['content-removed'], c['content']):8.2f} {pct(c['boilerplate-removed'], c['boilerplate']):7.1f}",
              file=out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "test", "both"), default="both")
    ap.add_argument("--ignore", action="append", default=[], help="rule id or prefix to turn off (repeatable)")
    ap.add_argument("--list-lost", type=int, default=0, help="list this many content lines textfix removed")
    ap.add_argument("--json", help="write the counters here")
    ap.add_argument("--curve", action="store_true", help="the curve of the line model's threshold (dev, unless --split test)")
    ap.add_argument("--learn-repeats", choices=("domain", "dataset"), help="learn each group's repeated lines first")
    ap.add_argument("--repeat-share", type=float, help="with --learn-repeats: the document share a line needs (default: textfix's)")
    ap.add_argument("--repeat-min-docs", type=int, help="with --learn-repeats: the documents a line needs (default: textfix's)")
    args = ap.parse_args(argv)
    if not DATA.exists():
        raise SystemExit(f"{DATA} not found (../shared/eval is not in this checkout)")
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    if args.curve:
        model_curve(args.split if args.split != "both" else "dev",
                    [0.9, 0.93, 0.95, 0.96, 0.965, 0.97, 0.975, 0.98, 0.985, 0.99, 0.995, 1.01])  # 1.01: off
        return
    dump = {}
    for split in splits:
        stats, lost, seconds = run(split, args.ignore, args.list_lost if split == "dev" else 0, args.learn_repeats,
                                   args.repeat_share, args.repeat_min_docs)
        table(stats, split)
        if args.learn_repeats:
            r = stats[("repeated", "all")]
            print(f"(boilerplate.repeated alone: {r['content-removed']} of {r['content']} content lines removed, "
                  f"{r['boilerplate-removed']} of {r['boilerplate']} boilerplate lines)")
        print(f"(textfix: {seconds:.1f} s for the {split} cases)")
        for row in lost:
            print("  lost", *row)
        if lost:
            by_rule = Counter(rule for _case, _i, rule, _line in lost)
            print("  lost per rule:", ", ".join(f"{rule} {n}" for rule, n in by_rule.most_common()))
        dump[split] = {f"{m}|{g}": dict(c) for (m, g), c in stats.items()}
    if args.json:
        Path(args.json).write_text(json.dumps(dump, indent=1), "utf-8")


if __name__ == "__main__":
    main()
