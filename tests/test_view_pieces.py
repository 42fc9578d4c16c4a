"""Long texts are read a piece of lines at a time (issue 15 item 4: a million short lines in
one string must not be a million objects at once). Reading in pieces must change nothing:
the gate's (line, entries) pairs, the lines keyed apart, the layout facts, the edges and the
boilerplate filter's lines are the same whatever the piece size, lines straddling a piece's
end included."""

import pathlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.filters import layout
from textfix.filters.boilerplate import _View, Lines
from textfix.filters.boilerplate import structure, view as bp_view
from textfix.pipeline import Scan

from test_screens import EXAMPLES, GATES, documents

CORPUS = pathlib.Path(__file__).resolve().parents[1] / "corpus"
TINY_PIECE = 16  # (a piece a line or two: every line ends near a piece's end)


def gated(text: str) -> list:
    """Each gate's candidates in order, its scanner's pairs (none left out for where they
    stand) and the lines keyed apart."""
    out = []
    for gate in GATES:
        view = _View(text)
        found = gate.candidates(text, view)
        out.append(None if found is None else [(i, [r.id for r in rules]) for i, rules in found.items()])
        if gate.scans():
            # (the pairs left out for where they stand depend on the hits a piece holds: FEW_HITS)
            out.append(sorted({(i, id(entries)) for i, entries in gate._scan(_View(text), by_edges=False)}))
            out.append(list(gate._ends_keyed_apart(_View(text))))
    return out


def layout_facts(text: str) -> tuple:
    return layout._layout_facts(Scan(text))


def in_tiny_pieces(monkeypatch, fn, text):
    with monkeypatch.context() as m:
        m.setattr(bp_view, "_PIECE", TINY_PIECE)
        return fn(text)


def corpus_texts() -> list:
    return [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in sorted(CORPUS.rglob("*.in.txt"))]


def test_pieces_change_nothing_on_the_corpus_samples(monkeypatch):
    texts = corpus_texts()
    assert len(texts) > 100
    for text in texts:
        assert in_tiny_pieces(monkeypatch, gated, text) == gated(text)
        assert in_tiny_pieces(monkeypatch, layout_facts, text) == layout_facts(text)


@settings(max_examples=EXAMPLES // 3, deadline=None)
@given(st.lists(documents, min_size=1, max_size=4).map("\n\n".join))
def test_pieces_change_nothing_on_generated_documents(text):
    with pytest.MonkeyPatch.context() as m:
        assert in_tiny_pieces(m, gated, text) == gated(text)
        assert in_tiny_pieces(m, layout_facts, text) == layout_facts(text)
        assert in_tiny_pieces(m, textfix.clean, text) == textfix.clean(text)


def test_a_paragraph_repeated_across_a_piece_end_is_found(monkeypatch):
    para = "The mayor said the vote was a relief for everyone who had waited years for it."
    for text in (para + "\n" + para, "x\n" * 40 + para + "\n\n  \n" + para + "\nend"):
        assert in_tiny_pieces(monkeypatch, layout_facts, text)[1]
    assert not in_tiny_pieces(monkeypatch, layout_facts, para + "\nshort\n" + para)[1]


def test_the_pieces_are_the_lines_cut_at_newlines():
    text = "a\n\nbb\n" + "c" * 70_000 + "\nd\n"
    for data in (text, text.encode()):
        pieces = list(bp_view.line_pieces(data))
        assert (data[:0] + ("\n" if isinstance(data, str) else b"\n")).join(pieces) == data
        assert len(pieces) == 2  # (one line longer than a piece ends its piece)
    assert list(bp_view.line_pieces("")) == [""] and list(bp_view.line_pieces("a\n")) == ["a\n"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.booleans(), max_size=12))
def test_the_edges_without_paragraphs_are_the_fourth_non_blank_line_from_each_end(blank):
    nonblank = [k for k, b in enumerate(blank) if not b]
    expected = (nonblank[min(3, len(nonblank) - 1)] if nonblank else 0,
                nonblank[max(0, len(nonblank) - 4)] if nonblank else 0)
    assert structure.edges_without_paragraphs(len(blank), blank.__getitem__) == expected


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(st.sampled_from("ab \n\r\u00e9"), max_size=30))
def test_lines_read_from_the_views_starts_are_the_texts_lines(text):
    spans = []
    pos = 0
    while pos < len(text):  # (a final newline starts no line)
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        spans.append((pos, end))
        pos = end + 1
    for lines in (Lines(text), Lines(text, _View(text).line_starts())):
        assert lines.count == len(spans) == len(lines.ends)
        assert [(lines.starts[i], lines.ends[i]) for i in range(lines.count)] == spans
        assert [lines.index_of(s) for s, _ in spans] == list(range(len(spans)))
        if spans:
            assert lines.index_of(len(text)) == len(spans) - 1
        with pytest.raises(IndexError):
            lines.ends[lines.count]


def reference_edges(text: str) -> tuple:
    """`_View.edges` as it read every line in Python."""
    lines = text.split("\n")
    paragraphs = [k for k, line in enumerate(lines) if structure.is_paragraph(line)]
    if not paragraphs:
        nonblank = [k for k, line in enumerate(lines) if line.strip()]
        return (nonblank[min(3, len(nonblank) - 1)] if nonblank else 0, nonblank[max(0, len(nonblank) - 4)] if nonblank else 0)
    first, last = paragraphs[0], paragraphs[-1]
    if first < last:
        first, last = paragraphs[1], paragraphs[-2]
    return first, last


PARAGRAPH = "The council approved the new budget on Tuesday after a long debate about the costs of the bridge."
CJK_PARAGRAPH = "市政府昨天公布了明年的预算草案，其中用于修缮旧码头和老鱼市的资金比今年增加了一倍，反对派议员认为这笔开支过高。"
edge_lines = st.sampled_from(["", "  ", "Home", "x" * 60, PARAGRAPH, " " + PARAGRAPH + "\r", CJK_PARAGRAPH,
                              PARAGRAPH[:-1], "| a | b | c |", "y" * 49 + ".", "z " * 60 + ".",
                              "市" * 50 + "。", " " + "市" * 49 + "。 "])  # (the shortest CJK paragraph, one less)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(edge_lines, max_size=14).map("\n".join))
def test_the_edges_are_found_as_reading_every_line_finds_them(text):
    assert _View(text).edges() == reference_edges(text)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(bp_view, "_PIECE", TINY_PIECE)  # (lines read from the end a piece at a time)
        assert _View(text).edges() == reference_edges(text)


def test_the_edges_of_the_corpus_samples_are_found_as_reading_every_line_finds_them():
    for text in corpus_texts():
        assert _View(text).edges() == reference_edges(text)


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(st.text(st.sampled_from(" \t\n\r<>/a!x\u2028\u0085\u00a0"), max_size=40))
def test_lines_starting_with_a_pattern_are_counted_as_multiline_findall_counts_them(text):
    for lines in (structure._MARKUP_LINE, structure._INDENTED_LINE, structure._NONBLANK_LINE):
        assert lines.count(text) == len(re.findall("(?m)^" + lines.first.pattern, text))
