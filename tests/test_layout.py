"""Layout repairs: doubled lines, repeated paragraphs, side-by-side version pages (seed 001)."""

from pathlib import Path

import textfix
from textfix.filters.layout import doubled, version_split
from conftest import eval_dir

SEED_001 = Path(__file__).resolve().parents[1] / "corpus" / "seeds" / "001_ae37be705509924c.in.txt"
LINE = "The council approved the new budget on Tuesday after a long debate."


def test_a_line_that_is_the_same_text_twice_keeps_one_copy():
    for glued in (LINE + LINE, LINE + " " + LINE):
        result = textfix.clean(glued + "\nNext line here.\n")
        assert result.text == LINE + "\nNext line here.\n"
        [change] = result.changes
        assert change.rule == "layout.doubled-line" and change.before.strip() == LINE
        assert change.start > 0  # the first copy stays where it was


def test_short_or_repetitive_doublings_are_real_text():
    for text in ("Walla Walla", "New York, New York", "Baden-Baden", "bye bye bye bye", "ha" * 40,
                 "café au lait " * 100, "Que sera, sera"):
        assert doubled(text) is None, text
        assert textfix.clean(text + "\n", select=["layout"]).changes == []


# Two columns of one poem with a refrain in both, from Debian's `fortunes` package
# (1:1.99.1-7.3, usr/share/games/fortunes/songs-poems): tab-aligned, as a plain-text page of
# verse or a table flattened with tabs comes; a glossary row whose translation is its source.
TWO_COLUMNS = [
    "Scratch the disks, dump the core,\tShut it down, pull the plug\n"
    "Roll the tapes across the floor,\tGive the core an extra tug\n"
    "And the system is going to crash.\tAnd the system is going to crash.\n",
    "The game laws would allow:\t\tI drove them home somehow,\n"
    "Two game wardens, seven hunters,\tTwo game wardens, seven hunters,\n"
    "And a cow.\t\t\t\tAnd a cow.\n",
    "msgid\tmsgstr\nThe file could not be opened for writing\tThe file could not be opened for writing\n",
]


def test_two_columns_with_the_same_text_are_not_a_doubled_line():
    for text in TWO_COLUMNS:
        assert textfix.clean(text).changes == [], text


def test_a_paragraph_repeated_on_the_next_line_is_kept_once_when_selected():
    para = "The mayor said the vote was a relief for everyone who had waited years for it."
    text = f"{para}\n\n{para}\n\n{para}\nThe end of the story, at last, for now and ever.\n"
    assert textfix.clean(text).changes == []  # opt-in: correct documents repeat lines on purpose
    result = textfix.clean(text, select=["default", "layout.repeated-paragraph"])
    assert result.text == f"{para}\nThe end of the story, at last, for now and ever.\n"
    assert {c.rule for c in result.changes} == {"layout.repeated-paragraph"}
    assert textfix.replay(text, result.changes) == result.text


def test_short_repeated_lines_stay():
    text = "Yes.\nYes.\nLet it be, let it be.\nLet it be, let it be.\n"
    assert textfix.clean(text, select=["default", "layout.repeated-paragraph"]).changes == []


def test_version_split_needs_two_alike_halves():
    old = "The Red Wall group has requested a meeting with Sir Keir Starmer."
    new = "The Red Wall group - formed last autumn - has requested a meeting with Sir Keir Starmer, and more."
    assert version_split(f"{old} {new}") == len(old) + 1
    assert version_split(f"{old} It will meet again on Friday after the vote in parliament.") is None


def test_pairs_are_only_split_on_a_version_page():
    old = "The Red Wall group has requested a meeting with Sir Keir Starmer."
    new = "The Red Wall group - formed last autumn - has requested a meeting with Sir Keir Starmer, and more."
    assert textfix.clean(f"{old} {new}\n").changes == []
    page = f"Version 2 Version 3\n{old} {new}\n"
    result = textfix.clean(page)
    assert result.text == f"{new}\n"
    assert [c.rule for c in result.changes] == ["boilerplate.tracker.header", "layout.version-pair"]
    [flag] = [f for f in result.flags if f.rule == "layout.side-by-side"]
    assert "1 old+new line(s) reduced to the newer version" in flag.message


def test_seed_001_side_by_side_page():
    result = textfix.clean(SEED_001.read_bytes())
    rules = [c.rule for c in result.changes]
    assert rules.count("layout.doubled-line") == 2
    assert rules.count("layout.version-pair") == 2
    lines = result.text.splitlines()
    assert lines[0] == "Red Wall Labour MPs want tougher message on immigration"
    assert lines[1].startswith("A group of around 40 Labour MPs is calling")
    assert lines[2].startswith("The Red Wall group - formed last autumn - has requested")
    assert "A recent YouGov opinion poll has suggested Nigel Farage's party is one point ahead of Labour in voting intentions." in lines
    [flag] = [f for f in result.flags if f.rule == "layout.side-by-side"]
    assert "side-by-side version page" in flag.message and "could not be separated" in flag.message
    assert textfix.clean(result.text).changes == []


def test_no_layout_rule_touches_the_udhr():
    touched = [path.name for path in sorted(eval_dir("udhr").glob("*.txt"))
               if textfix.clean(path.read_bytes(), select=["layout"]).changes]
    assert touched == []
