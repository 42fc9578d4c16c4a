"""Run textfix's fuzz targets (tests/fuzz/targets.py) for as long as you like.

    python3 tests/fuzz/fuzz_textfix.py --seconds 900            # all targets, 15 minutes
    nice -n 19 taskset -c 0 python3 tests/fuzz/fuzz_textfix.py --seconds 3600 --target clean

Hypothesis generates the inputs in batches of `--batch` examples until the time is up; a
failing example is shrunk, printed with its traceback, appended to `--failures`
(default fuzz-failures.txt) and the run goes on. At the end it prints the number of
inputs tried per target and exits 1 if any failed. The bounded run that CI does is
tests/test_reliability_fuzz.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import targets  # noqa: E402

TARGETS = {
    "clean": (st.one_of(targets.adversarial_bytes, targets.adversarial_text), lambda x: targets.check_clean(x)),
    "stream": (targets.damaged_streams(), lambda x: targets.check_stream(*x)),
    "splice": (targets.records(), lambda x: targets.check_splice(*x)),
}


def run(name: str, seconds: float, batch: int, failures: str) -> tuple:
    """(inputs tried, failures) for target `name` within `seconds`."""
    strategy, check = TARGETS[name]
    count = [0]

    def body(x):
        count[0] += 1
        check(x)

    test = settings(max_examples=batch, deadline=None, database=None, derandomize=False,
                    phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))(given(strategy)(body))
    failed = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            test()
        except Exception:
            failed += 1
            report = f"--- {name} failure at {time.strftime('%H:%M:%S')}\n{traceback.format_exc()}\n"
            print(report, file=sys.stderr)
            with open(failures, "a", encoding="utf-8") as f:
                f.write(report)
    return count[0], failed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="total time, shared by the targets")
    parser.add_argument("--target", choices=sorted(TARGETS), action="append", help="repeatable; default: all")
    parser.add_argument("--batch", type=int, default=500, help="examples per hypothesis run")
    parser.add_argument("--failures", default="fuzz-failures.txt")
    args = parser.parse_args(argv)
    names = args.target or sorted(TARGETS)
    total_failed = 0
    for name in names:
        tried, failed = run(name, args.seconds / len(names), args.batch, args.failures)
        total_failed += failed
        print(f"{name}: {tried} inputs, {failed} failures", flush=True)
    return 1 if total_failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
