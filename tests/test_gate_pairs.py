"""The gate's scanner leaves out the (line, entries) pairs that cannot be admitted before
Python sees them (issue 15: a documentation page's table rows and list items cost ~60 pairs
each in Python): a head or tail rule's literal in the article's body, a line's start or end
key (`|`, `-`, `*` at a table row's or list item's start) on a line without its entries'
literals. What the
gate admits is the same as the Python search admits, line for line."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.filters.boilerplate import _View
from textfix.filters.boilerplate import gate as bp_gate

from test_screens import EXAMPLES, GATES, PARAGRAPHS, documents

SCANNER, IN_PYTHON = GATES
ROWS = ["| Name | Type | Default |", "|---|---|---|", "| `timeout` | int | 30 |", "- item one", "* item two",
        "| Advertisement |", "- Advertisement -", "* Sponsored *", "- paid ", "| paid", "Home > Docs > API",
        "News | Sport | Weather | Culture | Travel", "Read more: the new bridge   |", "[VIDEO] The storm hits   |",
        "  - indented item  ", "-", "|", "* Anzeige", "> quoted text", "1. first", "© 2024 Example"]
pages = st.lists(st.one_of(st.sampled_from(ROWS), st.sampled_from(PARAGRAPHS), st.just("")), min_size=1, max_size=30).map("\n".join)

needs_scanner = pytest.mark.skipif(not SCANNER.scans(), reason="Hyperscan is not installed here")


@needs_scanner
@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(pages, documents))
def test_the_scanner_admits_what_the_python_search_admits(text):
    assert SCANNER._admitted(text, _View(text)) == IN_PYTHON._admitted(text, _View(text))


@needs_scanner
@settings(max_examples=EXAMPLES, deadline=None)
@given(pages)
def test_pairs_left_out_for_where_they_stand_admit_nothing(text):
    everywhere = set((i, id(e)) for i, e in SCANNER._scan(_View(text), by_edges=False))
    at_edges = set((i, id(e)) for i, e in SCANNER._scan(_View(text)))
    assert at_edges <= everywhere
    view = _View(text)
    first, last = view.edges()
    entries = {id(e): e for _, e in SCANNER._scan(_View(text), by_edges=False)}
    for i, key in everywhere - at_edges:
        assert first <= i <= last
        assert all(not view.where(i, SCANNER.rules[e.rule].position) for e in entries[key])


@needs_scanner
def test_a_table_or_a_list_costs_no_pair():
    """(Between the second paragraph and the second to last: an edge may move up to the next.)"""
    body = [PARAGRAPHS[1], *ROWS[:5] * 20, PARAGRAPHS[2]]
    text = "\n".join([PARAGRAPHS[0], *body, PARAGRAPHS[3], "Home | News | Sport | Weather"])
    assert {i for i, _ in SCANNER._scan(_View(text))} <= {0, len(body) + 1, len(body) + 2}


def test_a_keys_line_must_hold_one_of_its_entries_literals():
    entry = bp_gate._Entry(0, "line", r"[|*-]\s*(?:advert\w*|paid)\s*[|*-]?", True)
    assert set(bp_gate._literals_held([entry])) == set(entry.literals_b[0])
    assert bp_gate._Entry(1, "line", r"[a-z]+", True).literals_b == []
    assert bp_gate._literals_held([entry, bp_gate._Entry(1, "line", r"[a-z]+", True)]) is None  # (one holds none)
