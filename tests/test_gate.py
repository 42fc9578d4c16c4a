"""The mojibake gate must match every line that ftfy's encoding repair would change."""

import json
import pathlib

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import eval_dir
from textfix.filters.mojibake import build_gate

GATE = build_gate()
CORPUS = pathlib.Path(__file__).resolve().parents[1] / "corpus"


def missed_lines(lines):
    return [line for line in lines if not GATE.search(line) and ftfy.fix_encoding(line) != line]


def test_gate_covers_the_corpus_samples():
    lines = []
    for path in CORPUS.rglob("*.in.txt"):
        lines += path.read_bytes().decode("utf-8", errors="replace").split("\n")
    assert missed_lines(lines) == []


def test_gate_covers_the_ftfy_cases_and_the_udhr():
    lines = []
    for path in eval_dir("ftfy-cases").glob("*.json"):
        for case in json.loads(path.read_text("utf-8")):
            lines += case["original"].split("\n")
    for path in eval_dir("udhr").glob("*.txt"):
        lines += path.read_text("utf-8").split("\n")
    assert missed_lines(lines) == []


# Mojibake made the way it happens: UTF-8 bytes of real characters read in a code page.
encodings = st.sampled_from(["sloppy-windows-1252", "latin-1", "sloppy-windows-1251", "sloppy-windows-1250",
                             "iso-8859-2", "macroman", "cp437", "sloppy-windows-1253"])


@st.composite
def mojibake(draw):
    text = draw(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2fff, blacklist_categories=("Cs",)),
                        max_size=12))
    return text.encode("utf-8").decode(draw(encodings), errors="ignore")


@settings(max_examples=int(__import__("os").environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", 500)), deadline=None)
@given(st.lists(st.one_of(mojibake(), st.text(max_size=4), st.sampled_from([" ", "?", "\ufffd", "\xa0"])),
                max_size=6).map("".join))
def test_gate_covers_generated_mojibake(line):
    line = line.replace("\n", " ")
    assert missed_lines([line]) == []
