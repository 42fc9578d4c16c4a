"""The steps a large document runs joined read its text without whole copies made on the
side (issue 12 item 8): the same answers as the copies gave. bench/bench_memory.py measures
the memory."""

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.filters.boilerplate import scanning
from textfix.filters.boilerplate.view import _View
from textfix.pipeline import lower_in_pieces

EXAMPLES = int(os.environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", 300))

# Letters whose lower case reads their neighbours (Σ: σ or ς at a word's end), marks that
# are case-ignorable between them, İ (two characters lowered), line ends and spaces.
_LETTERS = st.text(st.sampled_from("ΣσςΑΟaAбБ\u0301'.-: \n\u0130K"), max_size=80)
_NEEDLES = ["σ", "ς", "ος", "σ ", "бб", "a", "ο\u0301", "i\u0307"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(_LETTERS, st.integers(1, 6))
def test_lowering_a_few_lines_at_a_time_gives_the_whole_lower(text, piece):
    assert lower_in_pieces(text, piece) == text.lower()


@settings(max_examples=EXAMPLES, deadline=None)
@given(_LETTERS, st.integers(1, 6), st.data())
def test_the_lowered_pieces_are_searched_as_the_whole_lower(text, piece, data):
    original = scanning.line_pieces_of
    scanning.line_pieces_of = lambda t, size=piece: original(t, size)
    try:
        lowered = scanning.LowerPieces(text, _NEEDLES)
    finally:
        scanning.line_pieces_of = original
    whole = text.lower()
    if lowered.bounds is None:  # (İ: the whole lower() is read instead)
        assert len(whole) != len(text)
        return
    for needle in _NEEDLES:
        assert (needle in lowered) == (needle in whole)
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        assert lowered.find(needle, start, end) == whole.find(needle, start, end)


def test_a_text_whose_lower_case_is_longer_is_read_whole():
    text = "Kapı \u0130stanbul\nΟΔΟΣ"
    assert _View(text).lowered(["ος"]) == text.lower()
    assert not isinstance(_View(text.replace("\u0130", "I")).lowered(["ος"]), str)
    assert _View("a\nb").lowered(["a\nb"]) == "a\nb"  # (a needle across a line end)
