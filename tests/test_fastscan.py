"""The Hyperscan scanner behind the screens finds what a plain search finds."""

import os
import pathlib
import re
import pickle
import platform
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.filters import fastscan
from textfix.filters.fastscan import Scanner

from conftest import SHARED_EVAL

needs_scanner = pytest.mark.skipif(fastscan.engine() == "python", reason="Hyperscan is not installed here")


def occurrences(literals, data):
    """Every (literal index, end offset), by bytes.find."""
    out = []
    for i, lit in enumerate(literals):
        at = data.find(lit)
        while at >= 0:
            out.append((i, at + len(lit)))
            at = data.find(lit, at + 1)
    return sorted(out, key=lambda hit: (hit[1], hit[0]))


@needs_scanner
@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=4, ).map(lambda b: b.replace(b"\x00", b"a")), min_size=1, max_size=20),
       st.binary(max_size=300))
def test_the_scanner_finds_every_occurrence_overlapping_ones_included(literals, noise):
    data = noise[: len(noise) // 2] + b"".join(literals) + noise[len(noise) // 2:] + literals[0] * 3
    assert sorted(Scanner(literals).scan(data), key=lambda hit: (hit[1], hit[0])) == occurrences(literals, data)


@needs_scanner
def test_a_pickled_scanner_loads_its_database_again():
    scanner = pickle.loads(pickle.dumps(Scanner([b"\nsign", b"cookies"])))
    assert scanner.scan(b"\nsign up\nwe use cookies\n") == [(0, 5), (1, 23)]


def test_turned_off_the_scanner_is_not_available(monkeypatch):
    monkeypatch.setenv("TEXTFIX_HYPERSCAN", "0")
    assert fastscan.engine() == "python"
    assert not Scanner([b"cookies"]).available()


@pytest.mark.skipif(not (sys.platform == "linux" and platform.machine() == "x86_64"),
                    reason="Hyperscan is a dependency on Linux x86_64 only")
@pytest.mark.skipif(os.environ.get("TEXTFIX_HYPERSCAN") == "0", reason="turned off (TEXTFIX_HYPERSCAN=0)")
def test_hyperscan_is_installed_where_it_is_a_dependency():
    assert fastscan.engine().startswith("hyperscan")


# ---------------------------------------------------------------- ftfy's badness, in Hyperscan

def badness_classes() -> str:
    """Every character ftfy's badness expression names (plus spaces and ASCII letters)."""
    from ftfy.badness import BADNESS_RE

    return "".join(sorted(set(BADNESS_RE.pattern) - set("[]|\\\n")))


def agrees_with_ftfy(text: str) -> bool:
    """The scanner finds a match wherever ftfy's badness expression does in one of the text's
    lines, as ftfy tests them (it may find one where ftfy does not: its \\w is wider);
    whether both agree."""
    from ftfy.badness import BADNESS_RE

    from textfix.filters.mojibake import badness_scanner, segments

    expected = any(BADNESS_RE.search(segment) is not None for _, segment in segments(text))
    found = badness_scanner().found(text.encode("utf-8", "surrogatepass"))
    assert found or not expected, text
    return found == expected


@needs_scanner
@settings(max_examples=500, deadline=None)
@given(st.text(st.one_of(st.sampled_from(badness_classes()), st.characters(), st.sampled_from(" \n\x1c\x85\xa0")),
               max_size=30))
def test_the_badness_scanner_matches_where_ftfy_badness_does(text):
    agrees_with_ftfy(text)


@needs_scanner
def test_the_badness_scanner_agrees_on_the_generated_corpora_and_the_udhr_texts():
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "bench"))
    from datagen import make_corpus

    for kind in ("typographic", "mojibake"):
        assert all(agrees_with_ftfy(doc) for doc in make_corpus(kind, 200_000, 7))
    udhr = SHARED_EVAL / "udhr"
    texts = [path.read_text(encoding="utf-8") for path in sorted(udhr.glob("*.txt"))] if udhr.is_dir() else []
    assert all(agrees_with_ftfy(text) for text in texts)  # its wider \w makes no difference on these



def badness_branches() -> list:
    from ftfy.badness import BADNESS_RE

    from textfix.filters.ftfy_step import _top_level_alternatives

    return [re.compile(branch, BADNESS_RE.flags) for branch in _top_level_alternatives(BADNESS_RE.pattern)]


@needs_scanner
@pytest.mark.parametrize("branch", badness_branches(), ids=lambda b: b.pattern.strip()[:20])
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_the_badness_scanner_finds_every_branch_of_ftfys_expression(branch, data):
    text = data.draw(st.from_regex(branch, fullmatch=True))
    agrees_with_ftfy(text)
    agrees_with_ftfy(f"a {text} b")
    agrees_with_ftfy(f"\n{text}")  # (a branch is anchored at a line's start)
    agrees_with_ftfy(f"1.\n{text}")


@needs_scanner
@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(st.characters(), st.sampled_from("\x00\x0b\x0c\r\x1b\x7f\x80\x9f\xa0\u2069\u206a\u206f\ufeff\ufff9\ufffc\ufffd\ud800\udfff"))))
def test_the_small_characters_found_in_utf8_are_those_the_regex_finds(text):
    from textfix.filters.small_chars import _SMALL_RE, small_chars
    from textfix.pipeline import Scan

    assert small_chars(Scan(text, None)) == frozenset(_SMALL_RE.findall(text))


@needs_scanner
@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(st.characters(), st.sampled_from("âÃ\ufffd\u2320\u2020\u2fe0?ab "))))
def test_the_lossy_screen_in_utf8_says_what_the_regex_says(text):
    from textfix.filters import lossy
    from textfix.filters.lossy import screen
    from textfix.pipeline import Scan

    assert lossy.LossyMojibake().screen(text, Scan(text, None)) == screen._has_evidence_chars(text, text.isascii())
