"""The literal scanner behind the boilerplate gate finds what a plain search finds."""

import pickle
import platform
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.filters import literal_scan
from textfix.filters.literal_scan import LiteralScanner

needs_scanner = pytest.mark.skipif(literal_scan.engine() == "python", reason="Hyperscan is not installed here")


def occurrences(literals, data):
    """Every (literal index, end offset), by bytes.find."""
    out = []
    for i, lit in enumerate(literals):
        at = data.find(lit)
        while at >= 0:
            out.append((i, at + len(lit)))
            at = data.find(lit, at + 1)
    return sorted(out, key=lambda hit: (hit[1], hit[0]))


@needs_scanner
@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=4, ).map(lambda b: b.replace(b"\x00", b"a")), min_size=1, max_size=20),
       st.binary(max_size=300))
def test_the_scanner_finds_every_occurrence_overlapping_ones_included(literals, noise):
    data = noise[: len(noise) // 2] + b"".join(literals) + noise[len(noise) // 2:] + literals[0] * 3
    assert sorted(LiteralScanner(literals).scan(data), key=lambda hit: (hit[1], hit[0])) == occurrences(literals, data)


@needs_scanner
def test_a_pickled_scanner_loads_its_database_again():
    scanner = pickle.loads(pickle.dumps(LiteralScanner([b"\nsign", b"cookies"])))
    assert scanner.scan(b"\nsign up\nwe use cookies\n") == [(0, 5), (1, 23)]


def test_turned_off_the_scanner_is_not_available(monkeypatch):
    monkeypatch.setenv("TEXTFIX_HYPERSCAN", "0")
    assert literal_scan.engine() == "python"
    assert not LiteralScanner([b"cookies"]).available()


@pytest.mark.skipif(not (sys.platform == "linux" and platform.machine() == "x86_64"),
                    reason="Hyperscan is a dependency on Linux x86_64 only")
def test_hyperscan_is_installed_where_it_is_a_dependency():
    assert literal_scan.engine().startswith("hyperscan")
