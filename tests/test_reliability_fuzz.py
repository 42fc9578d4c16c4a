"""The fuzz targets of tests/fuzz/ run briefly on every test run (a bounded budget); the long run
is `python3 tests/fuzz/fuzz_textfix.py --seconds N` (see docs/guarantees.md)."""

import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fuzz"))

import targets  # noqa: E402

pytest.importorskip("zstandard")
BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@BOUNDED
@given(st.one_of(targets.adversarial_bytes, targets.adversarial_text))
def test_clean_never_crashes_and_its_log_replays(data):
    targets.check_clean(data)


@BOUNDED
@given(targets.damaged_streams())
def test_damaged_streams_read_back_exactly_or_fail(case):
    targets.check_stream(*case)


@BOUNDED
@given(targets.records())
def test_spliced_records_change_only_their_text(case):
    targets.check_splice(*case)
