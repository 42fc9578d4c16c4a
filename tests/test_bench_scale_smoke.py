"""bench/bench_scale.py runs end to end on a tiny size (no timing or memory assertions here)."""

import os
import sys

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench")
sys.path.insert(0, BENCH)

import bench_scale  # noqa: E402


def test_bench_scale_runs_and_outputs_match(tmp_path, capsys):
    assert bench_scale.main(["--gb", "0.0005", "--mb", "0.3", "--pool-mb", "0.2", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "peak RSS" in out
    assert "identical output files: True, identical logs: True" in out
