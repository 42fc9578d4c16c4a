"""The library API of PRODUCT.md: clean, Result, Change, replay, Pipeline, select/ignore."""

import re

import pytest

import textfix
from textfix import Change, Filter, Pipeline, Rule
from textfix.filters import default_filters


def test_clean_returns_text_changes_and_changed():
    result = textfix.clean("It’s a cafÃ© â€” open")
    assert result.text == "It’s a café — open"
    assert result.changed
    assert result.encoding is None
    first = result.changes[0]
    assert (first.rule, first.start, first.end, first.before, first.after) == (
        "mojibake.mixed-utf8", 10, 12, "Ã©", "é")
    assert 0 < first.confidence <= 1 and first.reason


def test_correct_text_is_returned_unchanged():
    for text in ["", "plain ASCII", "“Curly” quotes — and ﬁ ligatures, ＡＢＣ, e\u0301", "théâtre Âge când NÃO hâlâ"]:
        result = textfix.clean(text)
        assert result.text == text
        assert result.changes == [] and not result.changed


def test_bytes_are_decoded_and_the_encoding_reported():
    text = "Le café de la gare est fermé depuis l’été dernier ; les habitués regrettent déjà ses crèmes brûlées.\n"
    result = textfix.clean(text.encode("cp1252"))
    assert result.text == text
    assert result.encoding is not None
    assert any(flag.rule.startswith("decode.") for flag in result.flags)
    assert textfix.clean("naïve".encode("utf-8")).encoding == "utf-8"


def test_binary_input_is_refused():
    with pytest.raises(textfix.BinaryInputError, match="PNG"):
        textfix.clean(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(textfix.BinaryInputError, match="NUL"):
        textfix.clean(b"abc\x00\x00\x01\x02def")


def test_select_and_ignore_take_ids_and_prefixes():
    text = "&amp; cafÃ©"
    assert textfix.clean(text, select=["mojibake.html-entity"]).text == "& cafÃ©"
    assert textfix.clean(text, ignore=["mojibake.html-entity"]).text == "&amp; café"
    assert textfix.clean(text, ignore="mojibake").text == text
    assert textfix.clean(text, config={"ignore": ["mojibake"]}).text == text


def test_opt_in_normalisations_run_only_when_selected():
    text = "“ﬁne” ＡＢ"
    assert textfix.clean(text).text == text
    assert textfix.clean(text, select=["normalize"]).text == '"fine" AB'
    assert textfix.clean(text, select=["default", "normalize.uncurl-quotes"]).text == '"ﬁne" ＡＢ'
    assert textfix.clean("e\u0301", select=["normalize.nfc"]).text == "\u00e9"


def test_unknown_rule_is_a_usage_error():
    with pytest.raises(textfix.UsageError, match="mojibak"):
        textfix.clean("x", select=["mojibak"])


def test_low_confidence_repairs_are_flagged_and_a_lower_threshold_applies_them():
    text = "qui\x92ê essencial"
    result = textfix.clean(text)
    assert result.text == text
    (flag,) = result.flags
    assert flag.rule == "mojibake.c1-controls" and (flag.start, flag.end) == (3, 4)
    assert textfix.clean(text, config={"min_confidence": 0.4}).text == "qui’ê essencial"


def test_replay_rejects_a_log_that_does_not_fit():
    with pytest.raises(ValueError):
        textfix.replay("abc", [Change("x.y", 0, 1, "z", "q")])


def test_empty_input_and_lone_surrogates():
    assert textfix.clean("").changes == []
    assert textfix.clean(b"").text == ""
    result = textfix.clean("a\ud800b")
    assert result.text == "a\ufffdb"
    result.text.encode("utf-8")


def test_a_long_line_without_newline_is_repaired_in_pieces():
    line = "cafÃ© au lait " * 100_000  # 1.4 million characters, one line
    result = textfix.clean(line)
    assert result.text == "café au lait " * 100_000
    assert len(result.changes) == 100_000


class Shout(Filter):
    """A user's own filter: 'TODO' becomes 'DONE'."""

    rules = (Rule("custom.todo", "TODO marks done"),)

    def propose(self, text, ctx):
        for m in re.finditer("TODO", text):
            yield Change("custom.todo", m.start(), m.end(), "TODO", "DONE", 1.0, "done")


def test_a_pipeline_of_built_in_filters_and_a_users_own_filter():
    pipeline = Pipeline(default_filters() + [Shout()], ignore=["mojibake.html-entity"])
    text = "TODO: cafÃ© &amp; TODO"
    result = pipeline.run(text)
    assert result.text == "DONE: café &amp; DONE"
    assert {c.rule for c in result.changes} == {"custom.todo", "mojibake.utf8-as-latin1"}
    assert textfix.replay(text, result.changes) == result.text
    assert Pipeline([Shout()], ignore=["custom"]).run(text).text == text


def test_a_filter_proposing_a_change_that_does_not_fit_the_text_is_a_bug_not_silence():
    class Wrong(Filter):
        rules = (Rule("custom.wrong", "proposes a bad span"),)

        def propose(self, text, ctx):
            yield Change("custom.wrong", 0, 2, "no", "yes")

    with pytest.raises(ValueError, match="does not match"):
        Pipeline([Wrong()]).run("abc")
