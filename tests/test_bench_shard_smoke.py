"""bench/bench_shard.py runs end to end on a tiny shard (no timing assertions here)."""

import os
import sys

import pytest

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench")
sys.path.insert(0, BENCH)

import bench_shard  # noqa: E402


def test_split_shard_keeps_every_record_in_order(tmp_path):
    shard = tmp_path / "s.jsonl"
    shard.write_text("".join(f'{{"id": "{i}", "text": "{"x" * (i % 7)}"}}\n' for i in range(101)))
    parts = bench_shard.split_shard(str(shard), str(tmp_path / "parts"))
    assert len(parts) == 2 and all(os.path.getsize(p) > 0 for p in parts)
    assert bench_shard.ids_of(parts) == [str(i) for i in range(101)]
    assert bench_shard.is_subsequence(["1", "5"], ["1", "2", "5"])
    assert not bench_shard.is_subsequence(["5", "1"], ["1", "2", "5"])


def test_bench_shard_runs_and_outputs_are_sane(tmp_path, capsys):
    pytest.importorskip("datatrove")
    assert bench_shard.main(["--mb", "0.2", "--pool-mb", "0.1", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for engine in bench_shard.ENGINES:
        assert f"textfix / {engine}" in out or engine == "textfix"
    assert "outputs sane: True" in out
