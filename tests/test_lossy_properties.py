"""Property tests of the lossy rules on text made of their own damage: clean is idempotent
(a second pass changes nothing), runs of U+FFFD included (issue 12, item 16), and every
line length costs linear time (issue 12, item 6)."""

import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textfix

# Pieces of lossy damage and the text around it: runs of U+FFFD of every length, bare â,
# placeholders in words, contractions, quotes, sentence ends.
LOSSY_PIECES = [
    "\ufffd" * k for k in range(1, 16)
] + [
    "C", "a", "ab", "The", "the", "don", "t", "s", "re", "Thatâs", "â", "âs", "â€", "â€™", "Ã", "Ãber", "Ã©",
    "?", "??", "f?r", "caf", "é", "’", "“", "”", "—", " ", " ", "\n", ".", ",", "!", "Red Wall", "said",
    "weâ€re", "crÃtica", "isnâ t", "l", "d", "qu", "\u2020", "\u29a0", "\u2320", "\u00e2\u00a6",
]
lossy_text = st.lists(st.sampled_from(LOSSY_PIECES), max_size=30).map("".join)
SETTINGS = settings(max_examples=int(__import__("os").environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", 300)),
                    deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(lossy_text)
def test_clean_of_lossy_damage_is_idempotent(text):
    once = textfix.clean(text)
    assert textfix.clean(once.text).changes == [], (text, once.text)


def test_a_long_run_of_replacement_characters_is_left_alone_and_flagged():
    text = "C" + "\ufffd" * 13
    result = textfix.clean(text)
    assert result.text == text
    assert any(flag.rule == "lossy.placeholder" for flag in result.flags)
    assert textfix.clean(result.text).changes == []


def test_a_long_line_of_damage_costs_linear_time():
    """64 KB of damage on one line: the lossy rules read each site's line context in constant
    time (a quadratic pass took 136 s on the first, ~70 s on the others; now ~1-2 s each).
    The bound is generous: it fails only on quadratic work, not on a slow machine."""
    textfix.clean("warm up the word lists: caf\ufffd f?r")
    for piece in ("ab\ufffd ", "\ufffd ", "\u00e2 ", "a\ufffdb "):
        text = "the " + piece * (65536 // len(piece))
        started = time.perf_counter()
        result = textfix.clean(text)
        elapsed = time.perf_counter() - started
        assert elapsed < 30, (piece, elapsed)
        assert textfix.replay(text, result.changes) == result.text


# The pieces above with code around them (blanked to spaces in the prose) and ? beside
# letters, spaces and quotes: where cannot_show_evidence could go wrong.
SCREEN_PIECES = LOSSY_PIECES + ["`x?y`", "http://a.b/c?d=e", "w?a", " ? ", "(?", "\"?", "?Es", "NÃO", "Ãa",
                                "ÃO", "<b>", "</b>", "x=1;", "Gr??e", "{", "}", "ÃÂ", "ÄÂ", "Â", "Â©"]


@SETTINGS
@given(st.lists(st.sampled_from(SCREEN_PIECES), max_size=30).map("".join))
def test_text_that_cannot_show_evidence_shows_none(text):
    """The early exit of LossyMojibake.propose is exact: whenever the text alone says no
    evidence is possible, the evidence read from its prose (code blanked) is none."""
    from textfix.filters.lossy.document import Document
    from textfix.filters.lossy.evidence import read_evidence
    from textfix.filters.lossy.screen import cannot_show_evidence

    if cannot_show_evidence(text):
        assert not read_evidence(Document(text)).any_evidence(), text


@SETTINGS
@given(st.text(alphabet="aZ1 ÀÿéÇ×÷ªº²½ЖЁĀ\u0080_?\n", max_size=40))
def test_mostly_latin1_is_the_share_of_all_letters(text):
    """The letters counted in C (ASCII and À-ÿ from the bytes) decide only what the share of
    À-ÿ over every letter, read with letter classes, decides."""
    from textfix.filters.lossy.screen import _LETTER_RE, MAX_LATIN1_LETTERS, _mostly_latin1

    head = text[:20000]
    letters = len(_LETTER_RE.findall(head))
    share = len(re.findall("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]", head)) / letters if letters else 0.0
    assert _mostly_latin1(text) == (share >= MAX_LATIN1_LETTERS), text
