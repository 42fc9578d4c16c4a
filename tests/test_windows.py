"""A large document run in windows (textfix/windows.py) gives the whole-document run's result.

Random documents (corpus/ pages, generated news, lines that make each filter fire or come
close: mojibake, lost bytes, C1 controls, entities, escapes, boilerplate lines, doubled and
repeated lines, version headers, CRLF, non-ASCII) are cut into many tiny windows; where the
runner does not fall back to the whole document, text, changes and flags must be the whole
run's. A second test checks that it does run in windows (not only fall back) where it should.
"""

import gzip
import os
import pathlib
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

import textfix.pipeline as pipeline_module
from textfix import default_pipeline
from textfix.filters.boilerplate import builtin_rules
from textfix.windows import cut, run_in_windows

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import datagen  # noqa: E402

EXAMPLES = int(os.environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", 300))
PAGES = [p.read_bytes().decode("utf-8", "replace") for p in sorted((ROOT / "corpus" / "samples").glob("*.in.txt"))]
GENERATED = [doc for kind in datagen.CORPORA for doc in datagen.make_corpus(kind, 20_000, seed=12)]
RULES = builtin_rules()
BOILERPLATE = [ex for r in RULES for ex in r.examples_match[:1]]
DAMAGE = (
    ["Fish &amp; chips", "a < b &amp; c", "<p>tag</p>", "cafÃ© au lait", "donâ€™t", "Thatâs it", "f?r", "caf\ufffd",
       "Â£5", "mÂł", "\x1b[1mBold\x1b[0m", "a\x00b", "\x93quoted\x94", "\x85", "qui\x92\u00eatre", "I\x92m here",
       "\ud83d\ude00", "\ud800 lone", "\ufeffBOM", "Version 2 Version 3", "İstanbul ıſ", "ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€",
       "The same sentence comes twice here. The same sentence comes twice here.",
       "A paragraph that is repeated on the next line, word for word, here.",
       "Ã©tÃ© GBÃ” CONSIDRÂ QUI", "ðŸ˜€ emoji", "ä½¿ç”¨ã—ã¦ãƒ‘", "Derybos tÄ™sis pirmadienÄÆ.", "Is it? Yes",
       "ΓÇÖ box", "п╣ box", "Is it?Yes", "?Es", "w?a and f?r", "Ã¼ber", "StraÃe", "\u2320 a", "x \u29a0 y"]
)
NEWS_LINES = [line for doc in GENERATED[:40] for line in doc.split("\n") if line][:400]
damage_lines = st.one_of(st.sampled_from(DAMAGE), st.sampled_from(NEWS_LINES),
                         st.text(st.characters(min_codepoint=0x09, max_codepoint=0x24ff), max_size=30))
lines = st.one_of(damage_lines, st.sampled_from(BOILERPLATE))


def documents_of(lines, whole_documents):
    """Paragraphs of `lines` and whole documents, joined by blank lines (LF or CRLF), with
    some paragraphs repeated."""
    paragraphs = st.lists(lines, min_size=1, max_size=5).map("\n".join)
    made = st.lists(st.one_of(paragraphs, whole_documents), min_size=1, max_size=8)
    return st.one_of(made.map("\n\n".join), made.map("\n\n\n".join),
                     made.map(lambda ps: "\n\n".join(ps).replace("\n", "\r\n")),
                     st.tuples(made, made).map(lambda t: "\n\n".join(t[0] + t[0][:2] + t[1])))


documents = st.one_of(documents_of(lines, st.sampled_from(GENERATED + PAGES)),
                      documents_of(damage_lines, st.sampled_from(GENERATED)),
                      # without blank lines: windows cut at line ends
                      st.lists(lines, min_size=2, max_size=60).map("\n".join),
                      st.lists(st.one_of(lines, st.sampled_from(PAGES)), min_size=2, max_size=6).map("\n".join))


def whole(pipe, text):
    return pipe._run(text, None, (), pipe._enabled, pipe._active)


def windowed(pipe, text, size):
    return run_in_windows(pipe, text, None, (), pipe._enabled, pipe._active, size=size)


def assert_same(text, size, select=None):
    pipe = default_pipeline(select)
    got = windowed(pipe, text, size)
    if got is None:
        return False
    want = whole(pipe, text)
    assert got.text == want.text
    assert got.changes == want.changes
    assert got.flags == want.flags
    return True


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents, st.integers(1, 400))
def test_windows_give_the_whole_documents_result(text, size):
    assert_same(text, size)


@settings(max_examples=EXAMPLES // 4, deadline=None)
@given(documents, st.integers(1, 400), st.sampled_from([("mojibake",), ("mojibake", "layout"), ("default", "-boilerplate")]))
def test_windows_give_the_whole_documents_result_for_other_selections(text, size, select):
    if select[-1] == "-boilerplate":
        pipe = default_pipeline(None, ("boilerplate",))
        got = windowed(pipe, text, size)
        if got is not None:
            want = whole(pipe, text)
            assert (got.text, got.changes, got.flags) == (want.text, want.changes, want.flags)
        return
    assert_same(text, size, select)


def test_generated_news_with_mojibake_runs_in_windows():
    """The news of the memory benchmark (clean, typographic, mojibake) runs in windows, and
    in tiny ones gives the whole run's result: the runner does not only fall back."""
    text = "\n\n".join(GENERATED)
    assert len(cut(text, 2000)) > 20
    assert assert_same(text, 2000)
    assert assert_same(text, 1)


def test_short_lines_without_a_blank_line_run_in_windows_cut_at_line_ends():
    """A text of one word a line (no blank line anywhere) is cut at line ends, and gives the
    whole run's result."""
    text = "\n".join(word for doc in GENERATED[:30] for word in doc.split())
    assert "\n\n" not in text and len(cut(text, 500)) > 20
    assert assert_same(text, 500)
    assert assert_same(text, 7)


def test_a_document_with_boilerplate_runs_that_step_whole():
    text = "\n\n".join(GENERATED[:20]) + "\n\nAdvertisement\n\n" + "\n\n".join(GENERATED[20:40])
    assert assert_same(text, 2000)
    assert assert_same(text, 1)


def test_a_long_document_is_run_in_windows_by_the_pipeline(monkeypatch):
    """Pipeline.run takes the windowed path for a text of WINDOWED_CHARS or more."""
    text = "\n\n".join(GENERATED)
    pipe = default_pipeline()
    want = pipe.run(text)
    monkeypatch.setattr(pipeline_module, "WINDOWED_CHARS", 1000)
    import textfix.windows as windows_module

    monkeypatch.setattr(windows_module, "WINDOW_CHARS", 3000)
    calls = []
    real = windows_module.run_in_windows
    monkeypatch.setattr(windows_module, "run_in_windows", lambda *a, **k: calls.append(1) or real(*a, **k))
    got = pipe.run(text)
    assert calls and (got.text, got.changes, got.flags) == (want.text, want.changes, want.flags)
    assert got.changed


NEWS = GENERATED[0].split("\n")[0]


def facts_case(*paragraphs):
    """A document of `paragraphs` between paragraphs of clean news, so each stands in its own window."""
    return "\n\n".join(p for paragraph in paragraphs for p in (NEWS, paragraph, NEWS))


def test_each_filter_is_given_what_it_reads_of_the_whole_document():
    """Cases where a window alone would decide otherwise than the whole document: the runner
    must run them in windows (not fall back) and give the whole run's result."""
    cases = {
        # C1 kinds: one kind in each window, two in the document (confident only then)
        "c1 kinds": facts_case("qui\x92\u00eatre ici", "He said \x93yes\x94 today"),
        # the plan found in one window repairs a short line in another
        "plans": facts_case("Derybos t\u00c4\u2122sis pirmadien\u00c4\u00c6 ir kit\u00c4\u2026 dien\u00c4\u2026.",
                            "Opozicija kritikuoja vyriausyb\u00c4\u2014s sprendim\u00c4\u2026."),
        # an ambiguous word end is corroborated by a clear repair elsewhere in the document
        "ambiguous ends": facts_case("D\u00e9j\u00e0 vu for the GB\u00c3\u201d team", "l\u2019\u00c3\u00a9t\u00c3\u00a9 est l\u00e0"),
        # an entity in one window, a `<` in another: the document may be markup
        "entities": facts_case("Fish &amp; chips", "a < b"),
        # a doubled line in one window, markup lines in others
        "markup": facts_case("The same sentence comes twice here. The same sentence comes twice here.",
                             "<p>one</p>\n<p>two</p>\n<p>three</p>"),
    }
    for name, text in cases.items():
        assert len(cut(text, 1)) >= 6, name
        assert assert_same(text, 1), name


def test_the_cli_cleans_a_large_file_in_windows_as_it_cleans_it_whole(tmp_path, monkeypatch):
    """`textfix clean` on a large UTF-8 file (its windows decoded from the bytes, the output
    encoded window by window) writes the bytes and the log of the whole-document run; a
    compressed one, a file that falls back (boilerplate there) and one in another encoding too."""
    import textfix.tasks as tasks
    import textfix.windows as windows_module
    from textfix.cli import main

    texts = {
        "news.txt": ("\n\n".join(GENERATED)).encode("utf-8"),
        "crlf.txt": ("\n\n".join(GENERATED[:60])).replace("\n", "\r\n").encode("utf-8"),
        "boilerplate.txt": ("\n\n".join(GENERATED[:30]) + "\n\nAdvertisement\n\n" + "\n\n".join(GENERATED[30:60])).encode("utf-8"),
        "cp1252.txt": ("\n\n".join(GENERATED[:60])).encode("cp1252", "replace"),
        "news.txt.gz": gzip.compress(("\n\n".join(GENERATED[::2])).encode("utf-8")),
    }

    def run(folder):
        folder.mkdir()
        for name, data in texts.items():
            (folder / name).write_bytes(data)
        log = folder.parent / (folder.name + ".log")
        assert main(["clean", "-i", "-j", "1", "--log", str(log), str(folder)]) == 0
        return {name: (folder / name).read_bytes() for name in texts}, log.read_text().replace(str(folder), "F")

    want = run(tmp_path / "whole")
    monkeypatch.setattr(tasks, "WINDOWED_CHARS", 1000)
    monkeypatch.setattr(windows_module, "WINDOW_CHARS", 2000)
    calls = []
    real = windows_module.clean_utf8
    monkeypatch.setattr(windows_module, "clean_utf8", lambda *a, **k: calls.append(real(*a, **k)) or calls[-1])
    got = run(tmp_path / "windows")
    assert got == want
    assert len(calls) == 4 and all(call is not None for call in calls)  # (boilerplate.txt: that step whole)
    assert want[0]["news.txt"] != texts["news.txt"]


UNSURE_LINES = ["D\u00e9j\u00e0 vu for the GB\u00c3\u201d team", "qui\x92\u00eatre ici", "\u00f0\u0178\u2014 launch",
                "caf\x85 au lait", "He said \x93yes\x94", "l\u2019\u00c3\u00a9t\u00c3\u00a9 est l\u00e0"]


@settings(max_examples=EXAMPLES // 3, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(UNSURE_LINES), st.sampled_from(NEWS_LINES)), min_size=2, max_size=12),
       st.integers(1, 200))
def test_windows_give_the_whole_documents_flags(lines, size):
    """Documents whose repairs are unsure or left alone (flags from one or several windows):
    the same flags, in the same order, at the same places; or a fall-back."""
    assert_same("\n\n".join(lines), size)


def test_a_damaged_emoji_is_read_with_the_whole_documents_code_page_signs():
    """A bullet that lost its C1 byte (`â¢`) in one window, Windows-1252 mojibake (`â€¦`) in
    another: emoji_c1 reads which bytes may be lost from the whole document (found by
    hypothesis); that step runs on the whole document there."""
    text = facts_case("Z\u00c3\u00bcrich\u00e2\u20ac\u00a6 and more", "\u00e2\u00a2 one personal item under the seat")
    for select in (None, ("mojibake",)):
        assert assert_same(text, 1, select)


def test_a_change_across_a_cut_makes_its_windows_one(monkeypatch):
    """A step run whole may change text on both sides of a cut (the page's last line removed
    with the blank lines above it, which end the window before): the two windows become one,
    and the result is the whole run's."""
    import textfix.windows as windows_module

    merged = []
    real = windows_module._Windows.merge
    monkeypatch.setattr(windows_module._Windows, "merge", lambda self, k, applied: merged.append(k) or real(self, k, applied))
    text = "\n\n".join(GENERATED[:3]) + "\n\nAdvertisement"
    assert assert_same(text, 1)
    assert merged


def test_encoding_flags_from_two_windows_are_taken_back_and_the_step_run_joined(monkeypatch):
    """The encoding step's flags come in the order of its phases over the whole text: where
    two windows flag, the flags they made are taken back and the step reads the document
    joined (the same flags, once each, in the whole run's order)."""
    import textfix.windows as windows_module

    joined = []
    real = windows_module._whole_step
    monkeypatch.setattr(windows_module, "_whole_step", lambda p, step, *a: joined.append(type(step).__name__) or real(p, step, *a))
    text = facts_case("D\u00e9j\u00e0 vu for the GB\u00c3\u201d team", "\u00f0\u0178\u2014 launch")
    assert assert_same(text, 1, ("mojibake",))
    assert "EncodingMojibake" in joined


def test_cjk_runs_are_read_from_the_whole_document():
    """Whether a run of CJK bytes read as Latin-1 is re-decoded, and whether a run is flagged,
    is read from every run of the document (found by hypothesis): the encoding step runs joined."""
    for text in ("\u00e4\u00bd\u00bf\u00e7\u201d\u00a8\u00e3\u2014\u00e3\u00a6\u00e3\u0192\u2018\n\x89@\x89@\x92J",
                 "Fish &amp; chips\n\x89@\x8a@\x92J"):
        assert assert_same(text, 1)


def test_runs_that_do_not_read_as_cjk_leave_the_encoding_step_in_windows(monkeypatch):
    """`wouldnâ€™tâ€¦` holds what cjk_runs takes for a run, which no encoding reads as common
    CJK characters: the document leaves it alone, so do its windows, and the step stays in
    windows (the 100 MB news of bench_memory ran it joined before: 124 -> 497 MB)."""
    import textfix.windows as windows_module
    from textfix.filters.cjk_latin1 import cjk_runs

    joined = []
    real = windows_module._whole_step
    monkeypatch.setattr(windows_module, "_whole_step", lambda p, step, *a: joined.append(type(step).__name__) or real(p, step, *a))
    line = "They said they wouldn\u00e2\u20ac\u2122t\u00e2\u20ac\u00a6"
    assert cjk_runs(line)
    text = facts_case(line, line)
    assert assert_same(text, 1, ("mojibake",))
    assert "EncodingMojibake" not in joined
