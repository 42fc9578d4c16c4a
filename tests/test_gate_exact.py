"""The boilerplate gate is a prefilter: with it on or off, every result is the same.

The built-in rules' gate is exact (filters/boilerplate/gate.py, `_Gate(exact=True)`): the
lines its literal tests admit are confirmed by the rules' own patterns, so it names only
(line, rule) pairs that match, and the filter's screen says no to a page where none does.
With the gate off (`candidates` None: every rule tried on every line) the filter must do
exactly what it does with it on."""

import pathlib

import pytest
from hypothesis import given, settings

import textfix
from textfix.filters.boilerplate import _View, Lines
from textfix.filters.boilerplate import gate as bp_gate

from test_screens import EXAMPLES, GATES, PARAGRAPHS, RULES, documents, ungated_candidates, vary

CORPUS = pathlib.Path(__file__).resolve().parents[1] / "corpus"


def gate_off(monkeypatch, text: str) -> textfix.Result:
    with monkeypatch.context() as m:
        m.setattr(bp_gate._Gate, "candidates", lambda self, text, view: None)
        return textfix.clean(text, select=["all"])


def outcome(result: textfix.Result) -> tuple:
    return result.text, result.changes, result.flags


def test_the_gate_changes_nothing_on_the_corpus_samples_and_the_rules_examples(monkeypatch):
    texts = [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in sorted(CORPUS.rglob("*.in.txt"))]
    texts += ["\n".join([PARAGRAPHS[0], *r.examples_match, PARAGRAPHS[1], *r.examples_keep, PARAGRAPHS[2]]) for r in RULES]
    assert len(texts) > len(RULES)
    removed = 0
    for text in texts:
        on = textfix.clean(text, select=["all"])
        assert outcome(on) == outcome(gate_off(monkeypatch, text))
        removed += any(c.rule.startswith("boilerplate.") for c in on.changes)
    assert removed > len(RULES) // 2  # (the texts hold boilerplate: the comparison means something)


@settings(max_examples=EXAMPLES // 3, deadline=None)
@given(documents)
def test_the_gate_changes_nothing_on_generated_documents(text):
    with pytest.MonkeyPatch.context() as m:
        assert outcome(textfix.clean(text, select=["all"])) == outcome(gate_off(m, text))


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents)
def test_the_exact_gate_names_only_rules_that_match_their_line(text):
    for gate in GATES:
        assert gate.exact
        found = gate.candidates(text, _View(text))
        if found is None:
            continue
        lines = text.split("\n")
        for i, rules in found.items():
            assert rules and all(rule.matches_line(lines[i]) for rule in rules)


def test_every_example_of_every_rule_passes_the_exact_gate():
    for gate in GATES:
        for rule in RULES:
            for example in rule.examples_match:
                for how in range(10):
                    line = vary(example, how)
                    text = f"{PARAGRAPHS[0]}\n{line}\n{PARAGRAPHS[1]}"
                    if rule.matches_line(line) and Lines(text).where(1, rule.position):
                        found = gate.candidates(text, _View(text))
                        assert found is None or rule in found.get(1, []), (rule.id, line)


def test_lines_that_only_look_like_boilerplate_are_ruled_out():
    """(Why the gate is exact: lines that start like a rule's match, or hold its word.)"""
    text = "\n".join([PARAGRAPHS[0], "The car gets some styling cues including triple taillights.",
                      "Pinpoint what your current business focus should be.", PARAGRAPHS[1],
                      "Privacy Policy | Terms of Use"])
    for gate in GATES:
        found = gate.candidates(text, _View(text))
        assert set(found) == {4}, found
        assert set(ungated_candidates(gate, text)) <= {4}
