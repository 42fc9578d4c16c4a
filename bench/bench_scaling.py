#!/usr/bin/env python3
"""Scaling benchmark: does textfix's time grow linearly with the size of one input?

    python3 bench/bench_scaling.py            # 1, 10, 100 MB; a 50 MB line; 1,000,000 short lines
    python3 bench/bench_scaling.py --quick    # 1 and 10 MB; a 5 MB line; 100,000 short lines

Each input is ONE string given to `textfix.clean` (default pipeline), built from the
generated corpora of bench/datagen.py:
- documents of N MB: the typographic corpus joined into one text (paragraph lines);
- one long line: the same text with every newline turned into a space (no newline at all);
- many short lines: one short sentence per line;
- many findings in one text: lone C1 controls (each a flag), ad lines, inline ad markers
  on one line, mojibake words (each an edit).
The table gives seconds and MB/s per size; "x per 10x" is how much longer ten times the
input took (10 means linear; 100 would be quadratic).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import textfix  # noqa: E402
from datagen import make_corpus  # noqa: E402


def text_of(kind: str, size_bytes: int) -> str:
    base = "\n".join(make_corpus("typographic", min(size_bytes, 5_000_000), seed=7))
    text = (base * (size_bytes // max(1, len(base.encode())) + 1))
    text = text.encode("utf-8")[:size_bytes].decode("utf-8", errors="ignore")
    if kind == "line":
        return text.replace("\n", " ")
    return text


def short_lines(count: int) -> str:
    words = "The vote was close and the mayor said so".split()
    return "\n".join(" ".join(words[: 3 + i % 6]) + "." for i in range(count))


def timed(text: str) -> float:
    gc.collect()
    start = time.perf_counter()
    textfix.clean(text)
    return time.perf_counter() - start


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes (a few seconds)")
    args = p.parse_args(argv)
    sizes = [1, 10] if args.quick else [1, 10, 100]
    line_mb = 5 if args.quick else 50
    n_short = 100_000 if args.quick else 1_000_000
    textfix.clean("warm up: imports and compiled rules.\n")
    print(f"textfix {textfix.__version__}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
    print(f"{'input':34s} {'MB':>7s} {'seconds':>8s} {'MB/s':>7s} {'x per 10x':>9s}")
    previous = None
    for mb in sizes:
        text = text_of("docs", mb * 1_000_000)
        size = len(text.encode("utf-8")) / 1e6
        seconds = timed(text)
        growth = f"{seconds / previous:.1f}" if previous else ""
        previous = seconds
        print(f"{'documents joined':34s} {size:7.1f} {seconds:8.2f} {size / seconds:7.2f} {growth:>9s}")
    n_many = n_short // 10
    paragraph = "The council approved the new budget on Tuesday after a long debate about the bridge."
    cases = (
        ("one line, no newline", text_of("line", line_mb * 1_000_000)),
        (f"{n_short:,} short lines", short_lines(n_short)),
        # many edits or findings in one text: each must cost the same, however many there are
        (f"{n_many:,} lone C1 controls (flags)", "qui\x92\u00ea d\x92ess\n" * n_many),
        (f"{n_many:,} ad lines", (paragraph + "\nADVERTISEMENT\n") * n_many),
        (f"{n_many:,} inline ads on one line", " ".join(["He left. Advertisement The next day he came."] * n_many)),
        (f"{n_many:,} mojibake words", "The caf\u00c3\u00a9 said \u00e2\u20ac\u0153hello\u00e2\u20ac\u009d. " * n_many),
    )
    for label, text in cases:
        size = len(text.encode("utf-8")) / 1e6
        seconds = timed(text)
        print(f"{label:34s} {size:7.1f} {seconds:8.2f} {size / seconds:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
