"""The lossy repair run in windows (textfix/filters/lossy/whole.py): each window is repaired
with the whole document's facts (evidence counts, language, dash and spelling habits,
quotes, U+FFFD words, lost bytes, CJK runs, whether the letters survived, a conditional's
`?` and `:` lines across a cut, a flag's snippet beyond the window), and the result (text,
changes, flags) is the whole run's. The step must run in windows, not joined, wherever the
cuts are blank lines.
"""

import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix.windows as windows_module
from textfix import default_pipeline
from textfix.windows import cut, run_in_windows

EXAMPLES = int(os.environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", 300))

# Lines of lost bytes in several languages, and lines that are no damage but come close.
LOSSY = [
    "Thatâs it: âRed Wallâ seats â often safe.", "donâ€™t stop", "Itâ€ s here", "He said â€œyesâ€ today",
    "don?t and it?s", "The government?s plan", "the hostages? release", "f?r and w?a", "caf\ufffd au lait",
    "That\ufffds fine", "P\ufffdsztor Szil\ufffdrd", "?Es suficiente? ?Qu? pas??", "Ãber die StraÃe", "crÃtica",
    "CRà TICA", "gemäà dem Gesetz", "seats⦠That", "⢠item one", "quote†here", "isnâ t it", "â œYes", "donâ t",
    "presumeâse bemâestar", "bienâêtre et mâme", "lâÃtat dâeuros", "Romanian când mâine", "théâtre et câine",
    "„Quote“ here", "“quoted” there", "a – dash", "a — dash", "the colour of labour", "the color of labor",
    "x = a ? b : c", "? yes", ": no", "if op == \"search?key\":", "a ? with an empty query",
    "U+FFFD \ufffd REPLACEMENT CHARACTER", "See https://x.org/TOS?hl=de now", "`code ? here`", "Hañifah said",
    "Einrichtungs\ufffdbergreifende", "takin? it easy", "ä½¿ç”¨ã—ã¦ãƒ‘", "Ëþäè â Ãðîóâëåíäå ìíîãî",
    "Le gouvernement a dit qu?il ne l?acceptera pas.", "Die Regierung sagt, dass sie es nicht akzeptiert.",
    "¿Qué pasa? Es verdad.", "The mayor said the plan would go ahead next week.", "Is it? Yes", "done. \ufffd",
    "\u00e2\u20ac\u201d and more", "In function â??sec_pathâ??:", "Rede? und Glaubensfreiheit", "a\u2320 b",
    "Preâmbulo e importância", "nhân thân khâm",
]
paragraphs = st.lists(st.sampled_from(LOSSY), min_size=1, max_size=4).map("\n".join)
documents = st.lists(paragraphs, min_size=2, max_size=10).flatmap(
    lambda ps: st.sampled_from(["\n\n", "\n\n\n", "\n\r\n"]).map(lambda sep: sep.join(ps)))


def _results(text, size, select=None):
    pipe = default_pipeline(select)
    got = run_in_windows(pipe, text, None, (), pipe._enabled, pipe._active, size=size)
    want = pipe._run(text, None, (), pipe._enabled, pipe._active, windows=False)
    return got, want


@pytest.fixture
def joined(monkeypatch):
    """The names of the steps that read the document joined (windows._whole_step)."""
    names = []
    real = windows_module._whole_step
    monkeypatch.setattr(windows_module, "_whole_step", lambda p, step, *a: names.append(type(step).__name__) or real(p, step, *a))
    return names


def paragraph_size(text):
    """A window size that cuts `text` after blank lines only (cut: a blank line within the
    next `size` characters past `size`)."""
    return max(len(p) for p in re.split(r"\n\r?\n", text)) + 3


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents, st.integers(0, 300), st.sampled_from([None, ("mojibake",)]))
def test_the_lossy_step_in_windows_gives_the_whole_documents_result(text, extra, select):
    got, want = _results(text, paragraph_size(text) + extra, select)
    if got is None:
        return  # (one window)
    assert (got.text, got.changes, got.flags) == (want.text, want.changes, want.flags)


def _case(*paragraphs):
    return "\n\n".join(paragraphs)


CASES = {
    # evidence in one window repairs a mark in another (a lone ? repairs nothing alone)
    "evidence": _case("don?t stop", "The mayor said it.", "it?s here"),
    # the language read from the first windows: French elisions repaired in a later one
    "language": _case("Le gouvernement a dit que la loi est bonne et que le peuple est content.",
                      "Il a dit qu?il ne l?acceptera pas, qu?il ne le fera pas."),
    # the document's dash habit: en dashes in one window, a lost dash in another
    "dash": _case("a – b and c – d", "x – y", "the plan â often safe", "Thatâs it"),
    # „ in one window: context-chosen quotes follow it in another
    "quotes": _case("„Quote“ here and „there“", "He said âyesâ today, âReally?â she asked"),
    # a conditional's `? ` line ends one window, its `: ` line starts the next
    "conditional": _case("don?t stop", "x\n? yes", ": no", "it?s here"),
    # the U+FFFD words of the whole document: two in different windows are no stray byte
    "fffd": _case("That\ufffds fine", "caf\ufffd au lait", "The mayor said it."),
    # a flag's snippet reaching across a cut
    "snippet": _case("don?t and it?s", "? x", "done. \ufffd"),
    # bare-â compounds counted over the whole document
    "compounds": _case("presumeâse", "bemâestar", "tendoâa estar"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_whole_document_fact_is_given_to_the_windows(name, joined):
    text = CASES[name]
    size = len(text.split("\n\n")[0])  # (each window a paragraph or two)
    spans = cut(text, size)
    assert len(spans) >= 2 and all(text[:end].endswith("\n\n") for _, end in spans[:-1])
    got, want = _results(text, size)
    assert (got.text, got.changes, got.flags) == (want.text, want.changes, want.flags), name
    assert "LossyMojibake" not in joined, name


def test_the_lossy_step_runs_in_windows_cut_after_blank_lines(joined):
    text = _case(*[line for line in LOSSY if "?" in line or "â" in line][:30])
    got, want = _results(text, paragraph_size(text))
    assert want.changed and (got.text, got.changes, got.flags) == (want.text, want.changes, want.flags)
    assert "LossyMojibake" not in joined


def test_a_cut_at_a_line_end_runs_the_lossy_step_joined(joined):
    """The rules read the line before a site (does it end a sentence?): a window cut after a
    line end, not a blank line, runs the step on the document joined."""
    text = "\n".join(["don?t stop"] * 40)
    got, want = _results(text, 20)
    assert (got.text, got.changes, got.flags) == (want.text, want.changes, want.flags)
    assert "LossyMojibake" in joined
