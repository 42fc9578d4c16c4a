"""The real-world damage set (bench/data/realworld_damage.jsonl) is well formed and its bench runs.

The set is outside data for issue 14: short quotes of damaged strings with their source and
the correct text, plus correct risky strings. These tests check its shape (so that a bad edit
to the file is caught), that it holds nothing from ../shared/eval, and that
bench/bench_realworld.py completes. Two bars of issue 14 hold today and are kept: the correct
risky strings are left alone, and no string that ftfy repairs exactly gets a wrong change.
"""

import io
import json
import os
import sys

import pytest

import textfix
from conftest import eval_dir

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench")
sys.path.insert(0, BENCH)

import bench_realworld  # noqa: E402

CASES = bench_realworld.load()


def test_cases_are_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    damaged = [c for c in CASES if not c["kind"].startswith("undamaged-")]
    assert len(damaged) >= 80
    for case in CASES:
        assert case["source"].strip(), case["id"]
        if case["kind"].startswith("undamaged-"):
            assert case["expected"] == case["damaged"], case["id"]
        else:
            assert case["expected"] != case["damaged"], case["id"]


def test_nothing_comes_from_the_ftfy_eval_cases():
    strings = set()
    for path in eval_dir("ftfy-cases").glob("*.json"):
        for item in json.loads(path.read_text(encoding="utf-8")):
            if isinstance(item, dict):
                strings.update(v for k, v in item.items() if k in ("original", "fixed") and isinstance(v, str))
    assert not [c["id"] for c in CASES if c["damaged"] in strings or c["expected"] in strings]


def test_judge_separates_exact_kept_wrong_and_worse():
    case = {"damaged": "cafÃ©", "expected": "café"}
    assert bench_realworld.judge(case, "café").exact
    assert bench_realworld.judge(case, "cafÃ©").kept
    partial = bench_realworld.judge(case, "cafe")
    assert partial.wrong and not partial.worse
    assert bench_realworld.judge(case, "xyz").worse


def test_main_runs_on_one_kind():
    out = io.StringIO()
    assert bench_realworld.main(["--kind", "utf8-as-cp1252", "--kind", "undamaged-regex", "--all"], out=out) == 0
    report = out.getvalue()
    assert "TOTAL damaged" in report and "undamaged-regex" in report and "Every case:" in report


UNDAMAGED = [c for c in CASES if c["kind"].startswith("undamaged-")]
FTFY_EXACT = [c for c in CASES if not c["kind"].startswith("undamaged-")
              and bench_realworld.engines()["ftfy"](c["damaged"]) == c["expected"]]


@pytest.mark.parametrize("case", UNDAMAGED, ids=[c["id"] for c in UNDAMAGED])
def test_risky_correct_strings_are_left_alone(case):
    """URLs with ?, regexes, format strings, â in Romanian/Portuguese/Welsh/French: no change."""
    assert textfix.clean(case["damaged"]).text == case["damaged"]


@pytest.mark.parametrize("case", FTFY_EXACT, ids=[c["id"] for c in FTFY_EXACT])
def test_no_wrong_change_where_ftfy_is_right(case):
    """Issue 14's bar: where ftfy repairs a real string exactly, textfix repairs it too or leaves it."""
    out = textfix.clean(case["damaged"]).text
    assert out in (case["expected"], case["damaged"]), out
