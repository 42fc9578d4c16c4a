"""The speed benchmark runs: generators are deterministic and main() completes on a tiny size.

No timing assertions: this only proves bench/bench_speed.py works from a fresh clone.
"""

import io
import os
import sys

import pytest

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench")
sys.path.insert(0, BENCH)

import bench_speed  # noqa: E402
import datagen  # noqa: E402
import datatrove_chain  # noqa: E402
import real_corpora  # noqa: E402


@pytest.mark.parametrize("kind", datagen.CORPORA)
def test_corpus_is_deterministic_and_sized(kind):
    docs = datagen.make_corpus(kind, 20_000, seed=7)
    assert docs == datagen.make_corpus(kind, 20_000, seed=7)
    assert datagen.corpus_bytes(docs) >= 20_000
    text = "".join(docs)
    if kind == "clean":
        assert text.isascii()
    if kind == "typographic":
        assert "\u2019" in text and "\u201c" in text
    if kind == "mojibake":
        assert "\u00e2\u20ac" in text  # UTF-8 curly punctuation read as Windows-1252


def test_main_runs_on_a_tiny_size():
    out = io.StringIO()
    assert bench_speed.main(["--size-mb", "0.02", "--repeat", "1", "--floors"], out=out) == 0
    report = out.getvalue()
    for kind in datagen.CORPORA:
        assert kind in report
    assert "outputs identical:" in report
    assert "20x " in report and "floor x" in report  # the targets and the --floors table
    assert "datatrove MB/s" in report and "false hits/doc" in report  # datatrove is a test dependency


def test_docs_corpus_is_real_multilingual_text():
    docs = real_corpora.docs_corpus(200_000)
    assert docs and datagen.corpus_bytes(docs) <= 400_000
    assert sum(not d.isascii() for d in docs) > len(docs) // 2


def test_gate_hits_count_admitted_lines_and_those_left_alone():
    import textfix

    body = "The council approved the new budget on Tuesday after a long debate about the costs of the bridge."
    doc = f"{body}\nADVERTISEMENT\nThe privacy of the council's debate was not discussed.\n{body}\n"
    tested, hits, false = datatrove_chain.gate_hits([doc], [textfix.clean(doc)])
    assert hits == 1 and false == 0  # the marker line is admitted and removed
    assert tested >= hits  # (each line the literal tests admit costs a pattern call; "The privacy" may be one)
    assert datatrove_chain._lines_touched("a\nbb\nc", [textfix.Change("x.y", 2, 5, "bb\n", "")]) == {1}


def test_datatrove_chain_keeps_c4_lines():
    run = datatrove_chain.chain()
    text = "Menu\nThe council approved the new budget on Tuesday.\nPrivacy policy and terms of use apply here.\n"
    assert run(text) == "The council approved the new budget on Tuesday."
