"""Start-up of `textfix check` on one small file: this tree against another, interleaved.

    python3 bench/bench_startup.py [--against TREE] [--runs N] [--cold N]

`bench_speed.py --startup` times wall clock in fresh processes; on this shared 2-core
machine wall clock swings with the load, so this script runs two source trees (a checkout
or `git archive` of the commit to compare with, and this one) alternately, and reports wall
clock and CPU time (user + system of the child) for each: best and median. Both trees get
their own bytecode cache (PYTHONPYCACHEPREFIX; this machine sets PYTHONDONTWRITEBYTECODE,
which would recompile every module on every run) and their own rule cache
(TEXTFIX_CACHE_DIR), warmed by a first run that is not counted; `--cold N` also times N runs
per tree with an empty rule cache. Each warm round also checks a clean 2-line file (what a
pre-commit hook mostly sees: no rule matches, so no rule pattern is compiled). The processes
run in a temporary directory (no pyproject.toml above it: see bench/README.md for the cost of
one). Outputs are compared.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SMALL = "The council approved the new budget on Tuesday.\nADVERTISEMENT\nThe mayor said it was a relief.\n"
# A clean file (a pre-commit hook's usual case): no rule matches, so no rule's pattern is
# compiled and the `regex` module is not imported (~12-15 ms of the 3-line file's run).
CLEAN = "The council approved the new budget on Tuesday.\nThe mayor said it was a \u2018relief\u2019 for the town.\n"


def run_once(tree: str, tmp: str, cache: str, small: str, command=None) -> tuple:
    """(wall seconds, CPU seconds, stdout) of one `textfix check small` from `tree` (or of
    `command` in the same environment)."""
    env = dict(os.environ, PYTHONPATH=tree, PYTHONPYCACHEPREFIX=os.path.join(tmp, "pyc", tree.strip("/").replace("/", "_")),
               TEXTFIX_CACHE_DIR=os.path.join(tmp, cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command or [sys.executable, "-m", "textfix", "check", small], env=env, capture_output=True, cwd=tmp)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def summary(name: str, rows: list) -> str:
    wall, cpu = [r[0] * 1e3 for r in rows], [r[1] * 1e3 for r in rows]
    return (f"  {name:40s} wall best {min(wall):7.1f} median {statistics.median(wall):7.1f} ms | "
            f"CPU best {min(cpu):7.1f} median {statistics.median(cpu):7.1f} ms")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--against", metavar="TREE", help="another source tree to compare with (a checkout, or `git archive`)")
    p.add_argument("--runs", type=int, default=15, help="warm runs per tree (default 15)")
    p.add_argument("--cold", type=int, default=0, help="also this many runs per tree with an empty rule cache")
    args = p.parse_args(argv)
    trees = [t for t in (args.against, ROOT) if t]
    with tempfile.TemporaryDirectory() as tmp:
        small, clean = os.path.join(tmp, "small.txt"), os.path.join(tmp, "clean.txt")
        for path, text in ((small, SMALL), (clean, CLEAN)):
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        for tree in trees:
            run_once(tree, tmp, "warm-" + str(trees.index(tree)), small)  # fills both caches
        warm = {t: [] for t in trees}
        warm_clean = {t: [] for t in trees}
        cold = {t: [] for t in trees}
        # what any Python program pays here: the interpreter and this machine's site-packages
        # (.pth files: an editable install's finder, a sandbox's certifi hook), not textfix's
        interpreter = []
        for k in range(args.runs):
            interpreter.append(run_once(ROOT, tmp, "warm-0", small, [sys.executable, "-c", "pass"]))
            for i, tree in enumerate(trees):
                warm[tree].append(run_once(tree, tmp, f"warm-{i}", small))
                warm_clean[tree].append(run_once(tree, tmp, f"warm-{i}", clean))
        for k in range(args.cold):
            for i, tree in enumerate(trees):
                cold[tree].append(run_once(tree, tmp, f"cold-{i}-{k}", small))
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        print(f"textfix check on a 3-line file, warm caches ({args.runs} runs each, interleaved):")
        print(summary("python3 -c pass (the floor)", interpreter))
        for tree in trees:
            print(summary(tree, warm[tree]))
        print("the same on a clean 2-line file (curly quotes, nothing to change), interleaved with those:")
        for tree in trees:
            print(summary(tree, warm_clean[tree]))
        if args.cold:
            print(f"the same with an empty rule cache ({args.cold} runs each):")
            for tree in trees:
                print(summary(tree, cold[tree]))
        outputs = {rows[-1][2] for rows in warm.values()}
        clean_outputs = {rows[-1][2] for rows in warm_clean.values()}
        print("outputs identical" if len(outputs) == len(clean_outputs) == 1 else "OUTPUTS DIFFER")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
