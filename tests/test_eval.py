"""The evaluation data in ../shared/eval (skipped when it is absent)."""

import json

import pytest

import textfix
from textfix.decode import decode_bytes
from conftest import eval_dir

# The equivalent of ftfy.fix_encoding: the encoding repairs, without entities, escapes or controls.
ENCODING_REPAIRS = dict(
    select=["mojibake"], ignore=["mojibake.html-entity", "mojibake.terminal-escape", "mojibake.control-char"]
)


def ftfy_cases():
    cases = []
    for name in ["in-the-wild", "language-names", "negative", "synthetic"]:
        path = eval_dir("ftfy-cases") / f"{name}.json"
        cases.extend(case for case in json.loads(path.read_text("utf-8")) if case["expect"] == "pass")
    return cases


def test_every_ftfy_case_that_ftfy_passes_gives_its_fixed_encoding_text():
    failures = []
    cases = ftfy_cases()
    for case in cases:
        result = textfix.clean(case["original"], **ENCODING_REPAIRS)
        expected = case.get("fixed-encoding", case["fixed"])
        if result.text != expected:
            failures.append((case["label"], case["original"], result.text, expected))
        assert textfix.replay(case["original"], result.changes) == result.text
    assert len(cases) == 151
    assert failures == []


def test_the_default_pipeline_also_unescapes_html_before_repairing():
    # ftfy.fix_encoding leaves '10Î&frac14;s' alone; fix_text (and textfix's default) gives 10μs.
    assert textfix.clean("10Î&frac14;s").text == "10μs"


def test_every_udhr_text_is_unchanged_by_the_default_pipeline():
    changed = []
    paths = sorted(eval_dir("udhr").glob("*.txt"))
    assert len(paths) >= 532
    for path in paths:
        data = path.read_bytes()
        result = textfix.clean(data)
        if result.changes or result.text.encode("utf-8") != data:
            changed.append((path.name, result.changes[:3]))
    assert changed == []


@pytest.mark.parametrize("name", ["kea.txt", "kng_AO.txt"])
def test_udhr_texts_with_a_lone_c1_apostrophe_are_flagged_not_changed(name):
    # These use U+0092 as a letter-like apostrophe; one kind of C1 control alone is not evidence.
    path = eval_dir("udhr") / name
    result = textfix.clean(path.read_bytes())
    assert result.changes == []
    assert any(flag.rule == "mojibake.c1-controls" for flag in result.flags)


def test_mixed_utf8_and_cp1252_files_decode_without_loss():
    folder = eval_dir("mixed-encoding")
    exact = 0
    cases = sorted(folder.glob("*.bin"))
    for path in cases:
        expected = path.with_name(path.name[: -len(".bin")] + ".expected.txt").read_text("utf-8")
        decoded = decode_bytes(path.read_bytes())
        exact += decoded.text == expected
        assert "\ufffd" not in decoded.text or "\ufffd" in expected
    assert len(cases) == 20
    assert exact >= 19  # 15_collision_real_valid_pair is valid UTF-8 throughout


UDHR_VARIANTS = {
    "ALL CAPS": str.upper,
    "“ ”": lambda t: " ".join("“" + w + "”" for w in t.split(" ")),
    "« »": lambda t: " ".join("«" + w + "»" for w in t.split(" ")),
    "‘ ’": lambda t: " ".join("‘" + w + "’" for w in t.split(" ")),
}


@pytest.mark.parametrize("variant", ["as written", *UDHR_VARIANTS])
def test_every_udhr_text_is_unchanged_with_the_fast_paths_off(variant):
    """The filters themselves, not their screens, must leave correct text alone: a screen
    that happens to say no hid a filter that rewrote quoted Franco-Provençal as Shift-JIS
    (it showed only where Hyperscan was missing)."""
    from textfix.decode import RULES as DECODE_RULES
    from textfix.filters import default_filters

    pipeline = textfix.Pipeline(default_filters(), extra_rules=DECODE_RULES, screens=False, reuse_quiet=False)
    make = UDHR_VARIANTS.get(variant, lambda text: text)
    changed = [path.name for path in sorted(eval_dir("udhr").glob("*.txt"))
               if pipeline.run(make(path.read_text("utf-8"))).changes]
    assert changed == []


@pytest.mark.parametrize("variant", list(UDHR_VARIANTS))
def test_every_udhr_text_in_caps_or_quoted_word_by_word_is_unchanged(variant):
    # ftfy's own repairs change some of these (Ã” read as Ô, Â before a space as a no-break space).
    make = UDHR_VARIANTS[variant]
    changed = []
    for path in sorted(eval_dir("udhr").glob("*.txt")):
        text = make(path.read_text("utf-8"))
        result = textfix.clean(text)
        if result.changes:
            changed.append((path.name, [(c.rule, c.before, c.after) for c in result.changes[:2]]))
    assert changed == []
