"""textfix's repairs are ftfy's repairs: the speed does not come from skipping any.

The repair-only configuration (`select=["mojibake"]`) is compared with ftfy.fix_text
configured to do the same repairs (no uncurling, NFC, width folding, ligatures or line
breaks), on generated damage (always; the benchmark's generator, several seeds) and on the
UDHR texts (when ../shared/eval is present). They must agree wherever ftfy's output is
correct; the one documented difference is a lone C1 control between letters, which
textfix flags instead of repairing (the UDHR uses U+0092 as a letter: ftfy's ’ is wrong).
The ftfy cases are compared in tests/test_eval.py.
"""

import os
import sys

import ftfy
import pytest

import textfix
from conftest import eval_dir

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))
from datagen import make_corpus  # noqa: E402

FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
                            fix_line_breaks=False, normalization=None)


def lone_c1_difference(ours: str, theirs: str, result) -> bool:
    """The documented difference: textfix left C1 controls that ftfy repaired, and flagged them."""
    return (any("\x80" <= ch <= "\x9f" for ch in ours)
            and any(f.rule == "mojibake.c1-controls" for f in result.flags))


@pytest.mark.parametrize("kind", ["mojibake", "typographic", "clean"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_damage_is_repaired_as_ftfy_repairs_it(kind, seed):
    differing = []
    for doc in make_corpus(kind, 60_000, seed=seed):
        result = textfix.clean(doc, select=["mojibake"])
        expected = ftfy.fix_text(doc, FTFY)
        if result.text != expected:
            differing.append((doc[:80], result.text[:80], expected[:80]))
        assert textfix.replay(doc, result.changes) == result.text
    assert differing == []


def test_udhr_texts_are_repaired_as_ftfy_repairs_them_where_ftfy_is_right():
    unexplained = []
    for path in sorted(eval_dir("udhr").glob("*.txt")):
        text = path.read_text("utf-8")
        result = textfix.clean(text, select=["mojibake"])
        expected = ftfy.fix_text(text, FTFY)
        if result.text == expected:
            continue
        for ours, theirs in zip(result.text.split("\n"), expected.split("\n")):
            if ours != theirs and not lone_c1_difference(ours, theirs, result):
                unexplained.append((path.name, ours[:60], theirs[:60]))
    assert unexplained == []
