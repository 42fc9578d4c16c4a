#!/usr/bin/env python3
"""Sameness of clean() before and after a speed change: one hash of its text, changes and flags.

    python3 bench/lossy_identity.py            # prints the inputs, changes, flags and the digest
    python3 bench/lossy_identity.py --quick    # corpus/, realworld, correct docs only (no UDHR, chains)

Run it on the commit before and the commit after; equal digests mean equal outputs. Inputs:
corpus/samples/*.in.txt, bench/data/realworld_damage.jsonl (damaged and expected sides),
bench/data/correct_docs.jsonl.gz, every UDHR text of ../shared/eval/udhr with bench_lossy's
variants (as written, ALL CAPS, words wrapped in quotes), and bench_lossy's 9 damage chains
over its texts (the UDHR and chains are skipped when ../shared/eval is absent).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from dataclasses import astuple
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import textfix  # noqa: E402


def inputs(quick: bool):
    """(name, text) of every input, in a fixed order."""
    for path in sorted((ROOT / "corpus" / "samples").glob("*.in.txt")):
        yield path.name, path.read_text("utf-8", errors="replace")
    with (ROOT / "bench" / "data" / "realworld_damage.jsonl").open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            yield rec["id"] + ":damaged", rec["damaged"]
            yield rec["id"] + ":expected", rec["expected"]
    with gzip.open(ROOT / "bench" / "data" / "correct_docs.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            yield rec["id"], rec["text"]
    if quick:
        return
    import bench_lossy
    if not (bench_lossy.EVAL / "udhr").is_dir():
        return
    for path in sorted((bench_lossy.EVAL / "udhr").glob("*.txt")):
        text = path.read_text("utf-8")
        for vname, fn in bench_lossy.VARIANTS.items():
            yield f"udhr {path.name} {vname}", fn(text)
    for tname, text in bench_lossy.load_texts(quick=False):
        for chain in bench_lossy.CHAINS:
            if chain.startswith("4") and not bench_lossy.cp1252_ok(text):
                continue
            yield f"{tname} chain {chain}", bench_lossy.damage(text, chain)[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    digest = hashlib.sha256()
    n = changes = flags = 0
    for name, text in inputs(args.quick):
        r = textfix.clean(text)
        digest.update(repr((name, r.text, [astuple(c) for c in r.changes], r.flags)).encode("utf-8"))
        n, changes, flags = n + 1, changes + len(r.changes), flags + len(r.flags)
    print(f"inputs {n}  changes {changes}  flags {flags}  sha256 {digest.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
