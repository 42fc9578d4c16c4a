"""The fast paths of the encoding repair give exactly what ftfy's public call gives.

`EncodingMojibake._fix_encoding` runs ftfy's encoding fix step by step, as restated in
ftfy_step.py (`_fix_encoding_step`), with its badness tests started where the Hyperscan
scanner matches; its (text, plan) must be `ftfy.fix_encoding_and_explain`'s, and
`textfix.clean` must log the same changes as with the plain ftfy call. Without Hyperscan
(`TEXTFIX_HYPERSCAN=0`) the badness tests are ftfy's plain search: run these tests so too.
"""

import importlib
import os
import re
import sys

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-* codecs)
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.filters import ftfy_step, mojibake
from textfix.filters.mojibake import EncodingMojibake

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))
from datagen import make_corpus  # noqa: E402
from test_screens import reference_char_edits  # noqa: E402  (char_edits as first written)

EXAMPLES = int(os.environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", 500))
CODECS = ["latin-1", "sloppy-windows-1252", "sloppy-windows-1251", "sloppy-windows-1250", "sloppy-windows-1253",
          "sloppy-windows-1254", "sloppy-windows-1257", "iso-8859-2", "macroman", "cp437"]
# Letters and punctuation that mojibake is made of and that clean text around it holds.
WORDS = ["café", "naïve", "“quoted”", "it’s", "€5", "—", "Ελλάδα", "Москва", "Łódź", "schön", "ça", "½", "…",
         "\xa0", "words", "ASCII", "e", " ", "?", "\ufffd", "\x81", "\x92", "\x9d", "à ", "😀", "\x00"]


def java_utf8(text: str) -> bytes:
    """UTF-8 as Java writes it (CESU-8, NUL as C0 80), which ftfy decodes as "utf-8-variants"."""
    return b"".join(b"\xc0\x80" if ch == "\x00" else surrogate_pair(ord(ch)).encode("utf-8", "surrogatepass")
                    if ord(ch) > 0xFFFF else ch.encode("utf-8") for ch in text)


def surrogate_pair(code: int) -> str:
    return chr(0xD800 + ((code - 0x10000) >> 10)) + chr(0xDC00 + ((code - 0x10000) & 0x3FF))


@st.composite
def damaged(draw):
    """A piece of text encoded in UTF-8 (or Java's variant, or with its no-break spaces' A0
    bytes turned into spaces) and decoded in a single-byte code page (sometimes twice),
    maybe with a character lost on the way."""
    text = "".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)))
    for _ in range(draw(st.integers(1, 2))):
        data = draw(st.sampled_from([str.encode, java_utf8, lambda t: t.encode().replace(b"\xa0", b" ")]))(text)
        text = data.decode(draw(st.sampled_from(CODECS)), errors="replace")
    loss = draw(st.sampled_from(["", "\xa0", "\x9d", "\u20ac"]))
    return text.replace(loss, draw(st.sampled_from([" ", "?", "\ufffd"]))) if loss else text


LINES = st.lists(st.one_of(damaged(), st.sampled_from(WORDS), st.text(max_size=3)), max_size=6).map("".join)


def ftfys(segment: str) -> tuple:
    """What ftfy's public call says of a segment, as (text, plan of plain tuples)."""
    fixed, plan = ftfy.fix_encoding_and_explain(segment, ftfy.TextFixerConfig(explain=True))
    return fixed, [tuple(step) for step in plan]


def ours(segment: str) -> tuple:
    fixed, plan = EncodingMojibake()._fix_encoding(segment)
    return fixed, [tuple(step) for step in plan]


@settings(max_examples=EXAMPLES, deadline=None)
@given(LINES)
def test_a_damaged_line_is_fixed_and_explained_as_ftfy_does(line):
    for _, segment in mojibake.segments(line):
        assert ours(segment) == ftfys(segment)


# One line for each way ftfy's step can go (the plan it gets is in the comment).
BRANCHES = [
    "sÃ³",  # latin-1, utf-8
    "voilÃ le travail",  # latin-1, restore_byte_a0, utf-8
    "â€œ like this â€\ufffd",  # sloppy-windows-1252, replace_lossy_sequences, utf-8
    "â€œ like this â€?",  # the same (a byte lost as `?`)
    "cafÃ© À€",  # sloppy-windows-1252, utf-8-variants (NUL as C0 80)
    "í\xa0½í¸€ cafÃ©",  # sloppy-windows-1252, utf-8-variants (CESU-8)
    "Ð¼Ð¾Ñ\x8f Ñ\x81ÐµÐ¼ÑŒÑ\x8f",  # sloppy-windows-1252 (C1 controls as bytes), utf-8
    "l’Ã©tÃ©",  # decode_inconsistent_utf8
    "\x93quoted\x94",  # latin-1, windows-1252
    "naÃ¯ve \x81\x93x",  # decode_inconsistent_utf8, fix_c1_controls, fix_c1_controls
    "√  caf√©",  # nothing (no no-break space is restored in Mac Roman)
    "plain text, café",  # nothing (not bad)
]


@pytest.mark.parametrize("line", BRANCHES)
def test_each_branch_of_ftfys_step_is_taken_as_ftfy_takes_it(line):
    assert ours(line) == ftfys(line)


@settings(max_examples=EXAMPLES // 5, deadline=None)
@given(st.text(st.one_of(st.characters(), st.sampled_from("ÃÂâ€œ™©\xa0\x80\x9d\ufffd?\ud800"))))
def test_any_text_is_fixed_and_explained_as_ftfy_does(text):
    for _, segment in mojibake.segments(text):
        assert ours(segment) == ftfys(segment)


def test_the_generated_corpora_and_the_udhr_segments_are_fixed_as_ftfy_fixes_them():
    from conftest import SHARED_EVAL

    docs = make_corpus("mojibake", 300_000, seed=11) + make_corpus("typographic", 100_000, seed=11)
    udhr = SHARED_EVAL / "udhr"
    docs += [path.read_text("utf-8") for path in sorted(udhr.glob("*.txt"))] if udhr.is_dir() else []
    gate = EncodingMojibake()
    for doc in docs:
        for _, segment in gate._suspect_segments(doc):
            assert ours(segment) == ftfys(segment)


def logged(docs, **options) -> list:
    results = [textfix.clean(doc, **options) for doc in docs]
    return [(r.text, r.changes, r.flags) for r in results]


@pytest.mark.parametrize("options", [{}, {"select": ["mojibake"]}], ids=["default", "mojibake"])
def test_clean_logs_the_same_changes_as_with_ftfys_public_call(options, monkeypatch):
    docs = make_corpus("mojibake", 150_000, seed=12)
    fast = logged(docs, **options)
    monkeypatch.setattr(ftfy_step, "RESTATED_FTFY", ())
    assert logged(docs, **options) == fast


def test_an_ftfy_release_not_restated_is_called_as_it_is(monkeypatch):
    monkeypatch.setattr(ftfy_step, "RESTATED_FTFY", ())
    for line in ("l’Ã©tÃ©", "â€œquotedâ€\x9d", "plain text", "schÃ¶n\n"):
        assert ours(line) == ftfys(line)


def test_the_installed_ftfy_is_one_whose_step_is_restated():
    # A new ftfy release is not an error (its public call is used, correct and slower), but
    # it shows here: compare its step with _fix_encoding_step, then add it to RESTATED_FTFY.
    if ftfy.__version__ not in ftfy_step.RESTATED_FTFY:
        pytest.skip(f"ftfy {ftfy.__version__} is not restated in ftfy_step._fix_encoding_step: the slower public "
                    "call is used; compare its _fix_encoding_one_step_and_explain and decode_inconsistent_utf8")
    assert ftfy_step._restates_installed_ftfy(ftfy)


def test_no_match_of_ftfys_badness_expression_is_longer_than_badness_width():
    from ftfy.badness import BADNESS_RE

    parser = getattr(re, "_parser", None) or importlib.import_module("sre_parse")  # (its name before Python 3.11)
    assert parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()[1] <= ftfy_step.BADNESS_WIDTH


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(LINES, st.text(st.one_of(st.characters(), st.sampled_from("ÃÂâ€œ™©ÐØ×²\xa0\n")))))
def test_is_bad_started_at_the_scanners_match_is_ftfys_is_bad(text):
    from ftfy.badness import is_bad

    badness = mojibake.badness_scanner()
    for _, segment in mojibake.segments(text):
        assert ftfy_step._is_bad(badness, segment) == is_bad(segment)


# Runs longer than char_edits looks across for a run's edge, and damage anywhere among them.
LONG_PIECES = st.sampled_from(["ab", "Z9" * 40, " ", "é", "Ã©", "â€œ", "“", "\x80", "?", "日本" * 40, "Ð¼Ð¾Ñ", "-" * 70])


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(LONG_PIECES, max_size=10), st.lists(LONG_PIECES, max_size=3), st.integers(0, 10))
def test_char_edits_of_long_lines_agree_with_the_reference(parts, inserted, at):
    before = "".join(parts)
    repaired = before.replace("Ã©", "é").replace("â€œ", "“").replace("Ð¼Ð¾Ñ", "моя")
    for after in (repaired, "".join(parts[:at] + inserted + parts[at:])):
        assert mojibake.char_edits(before, after) == reference_char_edits(before, after)


@pytest.mark.parametrize("before, after", [("x 1Ã© Ã©c", "x1é éc")])
def test_char_edits_split_the_runs_around_the_differences_as_the_whole_lines_split(before, after):
    assert mojibake.char_edits(before, after) == reference_char_edits(before, after)


# Issue 14, item 8: Windows-1252 text in UTF-8 clothing, one kind of C1 control only.
@pytest.mark.parametrize("damaged, expected", [
    ("I\x92m here", "I’m here"),
    ("She said I\x92m not sure and don\x92t care, it\x92s fine.", "She said I’m not sure and don’t care, it’s fine."),
])
def test_a_lone_c1_apostrophe_in_an_english_contraction_is_repaired(damaged, expected):
    assert textfix.clean(damaged).text == expected


@pytest.mark.parametrize("text", ["qui\x92\u00ea", "el pa\x92s", "Mart\x92n"])
def test_a_lone_c1_byte_between_letters_without_a_contraction_stays_below_the_threshold(text):
    # (Mac Roman í is 0x92: país, Martín; no contraction says Windows-1252)
    assert textfix.clean(text).text == text


def test_a_lone_c1_byte_in_english_text_is_windows_1252():
    # (juriscraper issue 6, a court opinion: English has no Mac Roman letters)
    text = "unearned fee upon the lawyer\x92s withdrawal from employment"
    assert textfix.clean(text).text == "unearned fee upon the lawyer’s withdrawal from employment"
