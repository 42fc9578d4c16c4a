#!/usr/bin/env python3
"""Speed benchmark: textfix against ftfy doing the same repairs, on generated corpora.

    python3 bench/bench_speed.py              # ~5 MB per corpus, best of 3
    python3 bench/bench_speed.py --quick      # ~1 MB per corpus, best of 1 (a smoke run)
    python3 bench/bench_speed.py --profile    # also cProfile textfix wherever it is slower than ftfy

Two textfix configurations are timed, each against the same ftfy call:
- ``mojibake``: ``textfix.clean(doc, select=["mojibake"])`` (the repair families only);
- ``default``:  ``textfix.clean(doc)`` (the default pipeline, whatever it holds today);
- ftfy:         ``ftfy.fix_text(doc, uncurl_quotes=False, fix_latin_ligatures=False,
                fix_character_width=False, fix_line_breaks=False, normalization=None)``,
                i.e. ftfy's repairs without its normalizations, which textfix's defaults
                never do (built once as a TextFixerConfig; same thing, no per-call kwargs).
plsfix (a Rust port of ftfy) is an extra column when it is importable. Its Python API
(0.1.8) does not export its config class, so it runs with its own defaults, which also
uncurl quotes, NFC-normalize, etc.: a rough reference, not a like-for-like comparison.

Every engine runs on the same list of documents in the same process; each timing is the
best of --repeat runs (time.perf_counter), the engines interleaved within each repeat.
Throughput is MB of UTF-8 input (10**6 bytes) per second. The English corpora are
generated here (bench/datagen.py, seeded). The multilingual corpus ``udhr`` is the
Universal Declaration of Human Rights in 532 languages, read at run time from
../shared/eval/udhr; ``news`` is the 91 article bodies of the scrapinghub boilerplate
benchmark (../shared/eval/boilerplate-scrapinghub/gold.jsonl): real news text (evaluation
data, never copied into the repository; each skipped when absent). ``docs`` is the project's
correct-documents set (bench/data/correct_docs.jsonl.gz: translated man pages, the Debian
Reference, gettext catalogues, documentation, licences in 60+ languages, issue 15's "real
multilingual documents"); ``extracted`` is real extractor output that holds boilerplate: the
naive-extractor text of the boilerplate-web pages (../shared/eval/boilerplate-web/cases, read
at run time, skipped when absent). ``--startup`` also times `textfix check` on one small file in a fresh process.
On ``clean``, ``news``, ``docs`` and ``extracted`` the default pipeline is also compared with the
chain a datatrove user writes instead (FTFYFormatter + C4's line filter, datatrove_chain.py), with
the floor ratio and the boilerplate gate's (false) hits per document beside the ratio.
Every corpus also runs on the block path (textfix/block.py, bench_block.py): a table of per
document against block, each as a ratio to ftfy, with the block floor and the quiet share.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import subprocess
import sys
import time
from dataclasses import dataclass, field
from collections import Counter
from typing import Callable, Dict, List, Optional, Sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ftfy  # noqa: E402

import textfix  # noqa: E402
from textfix import block  # noqa: E402
from datagen import CORPORA, DEFAULT_SEED, corpus_bytes, make_corpus  # noqa: E402
import datatrove_chain  # noqa: E402
from bench_block import BLOCK_CONFIGS, BLOCK_HEADER, block_engine, block_floor, block_row, is_block  # noqa: E402
from real_corpora import LOADED  # noqa: E402

try:  # optional extra column
    import plsfix  # type: ignore
except Exception:  # pragma: no cover - depends on the machine
    plsfix = None

FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
)
# The textfix configurations, each compared with FTFY_CONFIG: name -> keyword arguments of clean().
TEXTFIX_CONFIGS: Dict[str, dict] = {
    "mojibake": {"select": ["mojibake"]},
    "default": {},
}
MAX_EXAMPLES = 3
# Issue #7's targets for the default pipeline: textfix at least this many times ftfy's speed.
TARGETS = {"clean": 20.0, "typographic": 20.0, "mojibake": 3.0, "udhr": 5.0, "docs": 4.0}
ALL_CORPORA = tuple(CORPORA) + ("udhr", "news", "docs", "extracted")


def startup_times(runs: int = 10) -> dict:
    """Wall time of `textfix check FILE` on one small file, and of `import textfix`, in fresh
    processes (best and median of `runs`), as an installed textfix runs: with Python's
    bytecode cache (this machine sets PYTHONDONTWRITEBYTECODE; a private PYTHONPYCACHEPREFIX
    is used instead) and textfix's rule cache, both filled by a first run that is not counted.
    The first run of `textfix check` with an empty rule cache is reported apart."""
    import statistics
    import tempfile

    root = os.path.dirname(os.path.dirname(os.path.abspath(textfix.__file__)))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "small.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("The council approved the new budget on Tuesday.\nADVERTISEMENT\nThe mayor said it was a relief.\n")
        env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   PYTHONPYCACHEPREFIX=os.path.join(tmp, "pyc"), TEXTFIX_CACHE_DIR=os.path.join(tmp, "cache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        check = [sys.executable, "-m", "textfix", "check", path]
        commands = {
            "python3 -c pass": [sys.executable, "-c", "pass"],
            "import textfix": [sys.executable, "-c", "import textfix"],
            "textfix check FILE": check,
        }

        def wall(cmd, environment) -> float:
            start = time.perf_counter()
            subprocess.run(cmd, env=environment, capture_output=True)
            return time.perf_counter() - start

        out = {}
        first = wall(check, dict(env, TEXTFIX_CACHE_DIR=os.path.join(tmp, "cold")))
        for name, cmd in commands.items():
            wall(cmd, env)  # fills the caches
            times = [wall(cmd, env) for _ in range(runs)]
            out[name] = (min(times), statistics.median(times))
        out["check, empty rule cache"] = (first, first)
    return out


def ftfy_fix(doc: str) -> str:
    return ftfy.fix_text(doc, FTFY_CONFIG)


@dataclass
class Timing:
    best: float = float("inf")
    outputs: List[str] = field(default_factory=list)
    changes: int = 0
    results: list = field(default_factory=list)  # textfix's Results (first run)


def time_engine(fn: Callable[[str], object], docs: Sequence[str], timing: Timing, keep: bool) -> None:
    """One timed pass of `fn` over `docs`; keeps the outputs the first time."""
    gc.collect()
    start = time.perf_counter()
    out = fn(docs) if is_block(fn) else [fn(d) for d in docs]
    elapsed = time.perf_counter() - start
    timing.best = min(timing.best, elapsed)
    if keep:
        if out and isinstance(out[0], textfix.Result):
            timing.outputs = [r.text for r in out]
            timing.results = out
            timing.changes = sum(len(r.changes) for r in out)
        else:
            timing.outputs = out  # type: ignore[assignment]


def engines(extra: Optional[Dict[str, Callable[[str], object]]] = None) -> Dict[str, Callable[[str], object]]:
    fns: Dict[str, Callable[[str], object]] = dict(extra or {})
    for name, kwargs in TEXTFIX_CONFIGS.items():
        fns[f"textfix:{name}"] = (lambda kw: (lambda d: textfix.clean(d, **kw)))(kwargs)
    for name, kwargs in BLOCK_CONFIGS.items():
        fns[f"textfix:{name} block"] = block_engine(kwargs)
    fns["ftfy"] = ftfy_fix
    if plsfix is not None:
        fns["plsfix"] = plsfix.fix_text
    return fns


def run_corpus(docs: Sequence[str], repeat: int, extra=None) -> Dict[str, Timing]:
    fns = engines(extra)
    for fn in fns.values():  # warm up: imports, cached pipelines, compiled regexes
        fn(docs[:1]) if is_block(fn) else fn(docs[0])
    timings = {name: Timing() for name in fns}
    for r in range(repeat):
        for name, fn in fns.items():
            time_engine(fn, docs, timings[name], keep=(r == 0))
    return timings


def differing_lines(docs: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> List[tuple]:
    """(input line, textfix line, ftfy line) for every output line that differs."""
    diffs = []
    for doc, a, b in zip(docs, ours, theirs):
        if a == b:
            continue
        in_lines, a_lines, b_lines = doc.splitlines(), a.splitlines(), b.splitlines()
        if len(in_lines) == len(a_lines) == len(b_lines):
            diffs.extend((i, x, y) for i, x, y in zip(in_lines, a_lines, b_lines) if x != y)
        else:  # line structure changed: report the document as one "line"
            diffs.append((doc, a, b))
    return diffs


def excerpt(line: str, other: str, width: int = 70) -> str:
    """`line` cut to `width` characters around where it first differs from `other`."""
    i = next((k for k, (x, y) in enumerate(zip(line, other)) if x != y), min(len(line), len(other)))
    start = max(0, i - width // 3)
    piece = line[start:start + width]
    return ("…" if start else "") + repr(piece)[1:-1] + ("…" if start + width < len(line) else "")


def profile_textfix(docs: Sequence[str], kwargs: dict, top: int = 15) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        textfix.clean(d, **kwargs)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


FLOOR_HEADER = ["corpus", "ftfy", "budget", "default", "repair-only", "gate view", "gate scan", "layout",
                "floor", "floor x"]


def floor_parts(docs: Sequence[str], timings: Dict[str, Timing], repeat: int) -> Dict[str, float]:
    """The parts of a default run that cost the same whatever the rules decide, in us per
    document (best of `repeat`): the repair-only pipeline, the boilerplate gate's bytes view
    and its Hyperscan pass, the layout screens' facts; `floor` is their sum."""
    from textfix.filters.boilerplate import _View
    from textfix.filters.boilerplate.gate import stripped_frame
    from textfix.filters.layout import _layout_facts
    from textfix.pipeline import Scan

    n = len(docs)

    def best(fn) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times) / n * 1e6

    gate = datatrove_chain._builtin_gate()
    view = best(lambda: [_View(d).bytes() for d in docs])
    framed = [stripped_frame(_View(d)) for d in docs]
    scan = best(lambda: [gate.scanner.scan(f) for f in framed]) if gate.scans() else 0.0
    layout = best(lambda: [_layout_facts(Scan(d)) for d in docs])
    repair = timings["textfix:mojibake"].best / n * 1e6
    return {"repair": repair, "view": view, "scan": scan, "layout": layout, "floor": repair + view + scan + layout}


def floor_row(kind: str, docs: Sequence[str], timings: Dict[str, Timing], parts: Dict[str, float]) -> List[str]:
    """One row of the --floors table: ftfy's time per document, the time the target allows
    (`budget`), textfix's default and repair-only times, and the parts of `floor_parts`;
    `floor x` is ftfy's time over their sum (the best ratio this design could reach with
    everything else free)."""
    n = len(docs)
    per_doc = {name: t.best / n * 1e6 for name, t in timings.items()}
    target = TARGETS.get(kind)
    budget = f"{per_doc['ftfy'] / target:.1f}" if target else "-"
    return [kind, f"{per_doc['ftfy']:.1f}", budget, f"{per_doc['textfix:default']:.1f}",
            f"{parts['repair']:.1f}", f"{parts['view']:.1f}", f"{parts['scan']:.1f}" if parts["scan"] else "n/a",
            f"{parts['layout']:.1f}", f"{parts['floor']:.1f}", f"{per_doc['ftfy'] / parts['floor']:.1f}x"]


DATATROVE_HEADER = ["corpus", "docs", "textfix MB/s", "datatrove MB/s", "ratio", "floor ratio", "target",
                    "kept: textfix", "kept: datatrove", "gate pairs/doc", "gate tested/doc", "gate hits/doc",
                    "false hits/doc"]
# Issue 15's target for the default pipeline against the datatrove chain, on extractor output.
DATATROVE_TARGETS = {"extracted": 4.0}


def datatrove_row(kind: str, docs: Sequence[str], timings: Dict[str, Timing], parts: Dict[str, float],
                  notes: List[str]) -> List[str]:
    """One row of the datatrove table: textfix's default pipeline against FTFYFormatter + C4's
    line filter, timed in the same runs; `floor ratio` is the chain's time over the floor's
    (the best ratio this design could reach); the share of characters each keeps; the gate's
    hits and false hits per document (datatrove_chain.gate_hits); the rules of the false hits
    go to `notes`."""
    mb = corpus_bytes(docs) / 1e6
    ours, theirs = timings["textfix:default"], timings["datatrove"]
    ratio = theirs.best / ours.best
    floor_ratio = theirs.best / len(docs) * 1e6 / parts["floor"]
    size = sum(map(len, docs)) or 1
    by_rule: Counter = Counter()
    tested, hits, false = datatrove_chain.gate_hits(docs, ours.results, by_rule)
    notes.append(f"{kind}: the gate's false hits by rule: "
                 + (", ".join(f"{rule} {n}" for rule, n in by_rule.most_common(5)) or "none"))
    target = DATATROVE_TARGETS.get(kind)
    met = f"{target:g}x " + ("met" if ratio >= target else "no") if target else ""
    return [kind, str(len(docs)), f"{mb / ours.best:.2f}", f"{mb / theirs.best:.2f}", f"{ratio:.2f}",
            f"{floor_ratio:.1f}", met, f"{sum(map(len, ours.outputs)) / size:.1%}",
            f"{sum(map(len, theirs.outputs)) / size:.1%}", gate_pairs(docs), f"{tested:.1f}", f"{hits:.1f}", f"{false:.1f}"]


def gate_pairs(docs: Sequence[str]) -> str:
    """The (line, entries) pairs the gate's Hyperscan pass hands to Python per document, each
    tested there (`_Gate._scan`; issue 15 asks for near zero on clean text); "n/a" without
    Hyperscan. Pages the filter's screen skips as markup are not counted."""
    from textfix.filters.boilerplate import _View, looks_like_markup

    gate = datatrove_chain._builtin_gate()
    if not gate.scans():
        return "n/a"
    pairs = sum(sum(1 for _ in gate._scan(_View(text))) for text in docs if text.strip() and not looks_like_markup(text))
    return f"{pairs / max(len(docs), 1):.1f}"


def fmt_table(rows: List[List[str]], header: List[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(x).rjust(w) if i else str(x).ljust(w) for i, (x, w) in enumerate(zip(row, widths))))
    return "\n".join(lines)


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size-mb", type=float, default=None, help="MB (UTF-8) per corpus (default 5; 1 with --quick)")
    p.add_argument("--repeat", type=int, default=None, help="timed runs per engine, best kept (default 3; 1 with --quick)")
    p.add_argument("--quick", action="store_true", help="a ~1 MB smoke run")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed (default %(default)s)")
    p.add_argument("--corpus", action="append", choices=ALL_CORPORA, help="only this corpus (repeatable)")
    p.add_argument("--whole", action="store_true",
                   help="time each corpus as one long string instead of document by document")
    p.add_argument("--startup", action="store_true",
                   help="also time `textfix check` on one small file in fresh processes")
    p.add_argument("--no-datatrove", dest="datatrove", action="store_false",
                   help="skip the comparison with datatrove's FTFYFormatter + C4 line filter (on "
                        + ", ".join(datatrove_chain.CORPORA) + ")")
    p.add_argument("--floors", action="store_true",
                   help="also time the parts every default run pays, against the time a target allows")
    p.add_argument("--profile", action="store_true",
                   help="cProfile textfix on every corpus/configuration where it is slower than ftfy")
    args = p.parse_args(argv)
    if args.size_mb is None:
        args.size_mb = 1.0 if args.quick else 5.0
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    if args.size_mb <= 0 or args.repeat < 1:
        p.error("--size-mb must be > 0 and --repeat >= 1")
    return args


def main(argv: Optional[Sequence[str]] = None, out=None) -> int:
    args = parse_args(argv)
    out = out or sys.stdout

    def say(*parts):
        print(*parts, file=out, flush=True)

    say(f"textfix {textfix.__version__}, ftfy {ftfy.__version__}"
        + (f", plsfix {_version('plsfix')}" if plsfix is not None else "")
        + f"; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
    say(f"textfix from {os.path.dirname(os.path.dirname(textfix.__file__))} ({_textfix_revision()})")
    say(f"size {args.size_mb:g} MB per corpus, best of {args.repeat}, seed {args.seed}"
        + ("; each corpus timed as ONE string" if args.whole else "; timed document by document"))
    say()

    header = ["corpus", "MB", "docs", "config", "textfix MB/s", "ftfy MB/s", "ratio", "target", "changes"]
    if plsfix is not None:
        header.append("plsfix MB/s*")
    rows, notes, slower, floors, versus, versus_notes, blocks_rows = [], [], [], [], [], [], []
    dt_chain = datatrove_chain.chain() if args.datatrove else None
    t0 = time.perf_counter()
    for kind in args.corpus or ALL_CORPORA:
        if kind in LOADED:
            loader, path = LOADED[kind]
            docs = loader(int(args.size_mb * 1e6))
            if docs is None:
                notes.append(f"{kind}: skipped ({os.path.normpath(path)} not present)")
                continue
        else:
            docs = make_corpus(kind, int(args.size_mb * 1e6), seed=args.seed)
        mb = corpus_bytes(docs) / 1e6
        if args.whole:
            docs = ["".join(docs)]
        compare = dt_chain is not None and kind in datatrove_chain.CORPORA and not args.whole
        timings = run_corpus(docs, args.repeat, {"datatrove": dt_chain} if compare else None)
        ftfy_rate = mb / timings["ftfy"].best
        for name, kwargs in TEXTFIX_CONFIGS.items():
            t = timings[f"textfix:{name}"]
            rate = mb / t.best
            ratio = rate / ftfy_rate
            target = TARGETS.get(kind) if name == "default" else None
            met = "" if target is None else f"{target:g}x " + ("met" if ratio >= target else "no")
            row = [kind, f"{mb:.2f}", str(len(docs)), name, f"{rate:.2f}", f"{ftfy_rate:.2f}", f"{ratio:.2f}", met,
                   str(t.changes)]
            if plsfix is not None:
                row.append(f"{mb / timings['plsfix'].best:.2f}")
            rows.append(row)
            if ratio < 1.0:
                slower.append((kind, name, ratio, docs, kwargs))
            diffs = differing_lines(docs, t.outputs, timings["ftfy"].outputs)
            same = "yes" if not diffs else "no"
            notes.append(f"{kind} / textfix {name} vs ftfy: outputs identical: {same}; differing lines: {len(diffs)}")
            for before, ours, theirs in diffs[:MAX_EXAMPLES]:
                notes.append(f"    input:   {excerpt(before, theirs)}")
                notes.append(f"    textfix: {excerpt(ours, theirs)}")
                notes.append(f"    ftfy:    {excerpt(theirs, ours)}")
        if not args.whole:
            floor = block_floor(docs, args.repeat)
            blocks_rows.extend(block_row(kind, name, docs, timings, floor) for name in BLOCK_CONFIGS)
        parts = floor_parts(docs, timings, args.repeat) if (args.floors or compare) and not args.whole else None
        if args.floors and parts:
            floors.append(floor_row(kind, docs, timings, parts))
        if compare:
            versus.append(datatrove_row(kind, docs, timings, parts, versus_notes))
    elapsed = time.perf_counter() - t0

    say(fmt_table(rows, header))
    say()
    say("ratio = textfix MB/s / ftfy MB/s (>= 1.0: textfix at least as fast); "
        "changes = edits textfix logged on the whole corpus")
    if plsfix is not None:
        say("* plsfix runs with its own defaults (uncurls quotes, NFC, ...): not the same work")
    say()
    for line in notes:
        say(line)
    say()
    if slower:
        say("SLOWER than ftfy: " + ", ".join(f"{k}/{n} ({r:.2f}x)" for k, n, r, _, _ in slower))
    else:
        say("textfix is at least as fast as ftfy on every corpus and configuration")
    say(f"(benchmark took {elapsed:.1f} s)")
    if blocks_rows:
        say()
        say("per document (textfix.clean) and block path (textfix/block.py: blocks of "
            f"{block.BLOCK_DOCS} docs or {block.BLOCK_CHARS >> 20} MB, one screening pass each), same run;")
        say("x = ftfy time / textfix time; floor = each block's UTF-8 and bytes view and one Hyperscan pass")
        say("of the gate (what any block pays); quiet docs = share no screen admits; same results = the block")
        say("path's Results (text, changes, flags) equal the per-document ones")
        say(fmt_table(blocks_rows, BLOCK_HEADER))
    if floors:
        say()
        say("where a default run's time goes, in us per document (best of --repeat); `floor` is what")
        say("every default run pays before any boilerplate or layout rule is decided: the repair-only")
        say("pipeline, the boilerplate gate's bytes view and its Hyperscan pass, the layout screens' facts")
        say(fmt_table(floors, FLOOR_HEADER))
    if versus:
        say()
        say("against the chain a datatrove user writes instead: FTFYFormatter + C4QualityFilter's line rules")
        say("(min_num_sentences=-1: its sentence count needs spaCy), same process, engines interleaved;")
        say("ratio = datatrove time / textfix default time; floor ratio = datatrove time / the floor's (see --floors);")
        say("kept = share of the input's characters each keeps; gate pairs = (line, entries) pairs the gate's")
        say("Hyperscan pass hands to Python per document; gate tested = lines the boilerplate gate's literal")
        say("tests admit per document (each costs one call of the rules' patterns), gate hits = lines a pattern")
        say("matches, false hits = those where no boilerplate change is made")
        say(fmt_table(versus, DATATROVE_HEADER))
        for line in versus_notes:
            say(line)
    if args.startup:
        say()
        say("start-up, wall time in a fresh process (best / median of 10; bytecode and rule caches warm):")
        for name, (best, median) in startup_times().items():
            say(f"  {name:22s} {best * 1e3:7.1f} ms / {median * 1e3:7.1f} ms")
    if args.profile:
        for kind, name, ratio, docs, kwargs in slower:
            say()
            say(f"=== cProfile: textfix {name} on {kind} ({ratio:.2f}x ftfy) ===")
            say(profile_textfix(docs, kwargs))
    return 0


def _textfix_revision() -> str:
    """The git commit textfix was imported from, '+dirty' if textfix/ has uncommitted edits."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(textfix.__file__)))
    try:
        def git(*cmd):
            return subprocess.run(["git", "-C", root, *cmd], capture_output=True, text=True, timeout=10,
                                  check=True).stdout.strip()

        rev = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--", "textfix")
        return f"commit {rev}" + ("+dirty" if dirty else "")
    except Exception:
        return "commit unknown"


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
