"""Property tests: the log is complete and exact, clean never raises, and is idempotent."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textfix
from textfix.edits import compose
from textfix.model import Change

# Text that exercises the filters: mojibake pieces, entities, escapes, controls, surrogates.
PIECES = [
    "Ã©", "Ã", "â€™", "â€œ", "â€\x9d", "â€", "Â ", "Â", "\xa0", "Ð¿Ñ€", "Ä\x8d", "&amp;", "&#8217;", "&lt;", "<b>",
    "\x1b[1m", "\x00", "\ufeff", "\x92", "\x93", "\x94", "\x85", "\ud83d", "\ude00", "é", "’", "“", "”", "—", "…",
    "can’t", "café", "naïve", " ", "\n", "\r\n", "a", "The", "quick", "?", "\ufffd", "ﬁ", "Ａ",
]
scraped_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join)
any_text = st.one_of(st.text(), scraped_text)
SETTINGS = settings(max_examples=int(__import__("os").environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", 300)), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_log_is_exact(original, result):
    last_end = 0
    for change in result.changes:
        assert last_end <= change.start <= change.end <= len(original)
        assert original[change.start:change.end] == change.before
        assert change.before != change.after
        assert 0.0 <= change.confidence <= 1.0
        assert change.rule.split(".")[0] in {"decode", "mojibake", "lossy", "boilerplate", "layout", "normalize"}
        last_end = change.end
    assert textfix.replay(original, result.changes) == result.text


@SETTINGS
@given(any_text)
def test_replay_of_the_log_gives_the_output(text):
    assert_log_is_exact(text, textfix.clean(text))


@SETTINGS
@given(any_text)
def test_every_rule_selected_still_gives_an_exact_log(text):
    assert_log_is_exact(text, textfix.clean(text, select=["all"]))


@SETTINGS
@given(any_text)
def test_clean_is_idempotent(text):
    once = textfix.clean(text).text
    assert textfix.clean(once).changes == []


@SETTINGS
@given(st.binary(max_size=200))
def test_clean_never_raises_on_bytes(data):
    try:
        result = textfix.clean(data)
    except textfix.BinaryInputError:
        return
    from textfix.decode import decode_bytes

    assert_log_is_exact(decode_bytes(data).text, result)


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=100))
def test_valid_utf8_decodes_as_utf8(text):
    try:
        result = textfix.clean(text.encode("utf-8"), select=["mojibake.html-entity"])
    except textfix.BinaryInputError:
        return  # NUL bytes and other control-heavy strings are refused, not guessed
    assert result.encoding == "utf-8"
    if text.startswith("\ufeff"):  # the bytes start with a byte order mark: dropped, and said so
        assert any(flag.rule == "decode.bom" for flag in result.flags)
        text = text[1:]
    assert result.text == text or result.changes


def test_spans_refer_to_the_input_after_several_filters():
    text = "&amp; cafÃ© \x1b[0m“ﬁne”"
    result = textfix.clean(text, select=["all"])
    assert result.text == '& café "fine"'
    assert [(c.rule, c.before) for c in result.changes] == [
        ("mojibake.html-entity", "&amp;"),
        ("mojibake.mixed-utf8", "Ã©"),  # the line also holds a correct “, so not all of it is mojibake
        ("mojibake.terminal-escape", "\x1b[0m"),
        ("normalize.uncurl-quotes", "“"),
        ("normalize.ligatures", "ﬁ"),
        ("normalize.uncurl-quotes", "”"),
    ]
    assert_log_is_exact(text, result)


def test_a_later_filter_editing_an_earlier_edit_is_merged_into_one_change():
    # The mojibake repair produces “, which uncurling then rewrites: one change from the input.
    text = "say â€œhi"
    result = textfix.clean(text, select=["mojibake", "normalize.uncurl-quotes"])
    assert result.text == 'say "hi'
    (change,) = result.changes
    assert (change.start, change.end, change.before, change.after) == (4, 7, "â€œ", '"')
    assert change.rule == "mojibake.utf8-as-cp1252"  # named after the edit that did the most
    assert "normalize.uncurl-quotes" in change.reason


@given(st.data())
@settings(max_examples=300, deadline=None)
def test_compose_matches_sequential_application(data):
    original = data.draw(st.text(alphabet="abcdef", max_size=12))
    first = data.draw(_edits_for(original))
    middle = textfix.replay(original, first)
    second = data.draw(_edits_for(middle))
    final = textfix.replay(middle, second)
    composed = compose(original, first, middle, second)
    assert textfix.replay(original, composed) == final
    assert all(a.end <= b.start for a, b in zip(composed, composed[1:]))


def _edits_for(text):
    @st.composite
    def edits(draw):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
        out = []
        for start, end in zip(cuts[::2], cuts[1::2]):
            after = draw(st.text(alphabet="xyz", max_size=3))
            if text[start:end] != after and (not out or out[-1].end < start or (start != end and out[-1].end <= start)):
                out.append(Change("x.test", start, end, text[start:end], after))
        return out

    return edits()
