"""Emoji whose UTF-8 was read as Windows-1252 and lost a byte (issue 14 items 7 and 9):
repaired where one reading is an emoji, flagged where several are, and never read into
correct text. Cases from public files (bench/data/realworld_damage.jsonl has their sources)."""

import pytest

from textfix import clean, replay
from textfix.filters.emoji_c1 import CODE_PAGES, emoji_sites, readings


@pytest.mark.parametrize("damaged, expected", [
    ('log.Fatalf("â Œ Failed to create deployments table: %v", err)',
     'log.Fatalf("❌ Failed to create deployments table: %v", err)'),  # 9D shown as a space
    ('print("âš ï¸  No flower products found.")', 'print("⚠️ No flower products found.")'),  # A0, then 8F
    ("*Made with â ¤ï¸  by the Test Automation Community*", "*Made with ❤️ by the Test Automation Community*"),
    ('title: "âš ï¸ PerchÃ© Ã¨ rilevato?",', 'title: "⚠️ Perché è rilevato?",'),  # 8F dropped: the gap stays
    ("Made with â¤ï¸ by me", "Made with ❤️ by me"),  # 9D and 8F dropped
    ("â€” Wait â ³ please", "— Wait ⏳ please"),  # ⏳ = E2 8F B3; â€ shows a Windows-1252 reading
    # Windows-1251 drops 98, the third byte of every 😀-😿 (a React file's reaction list)
    ('const reactions = ["рџ‚", "рџі", "рџ’Ђ", "рџЎ"];', 'const reactions = ["😂", "😳", "💀", "😡"];'),
])
def test_an_emoji_with_one_certain_reading_is_repaired(damaged, expected):
    result = clean(damaged)
    assert result.text == expected
    assert replay(damaged, result.changes) == expected


@pytest.mark.parametrize("damaged", [
    "# ðŸ— Scaffold-ETH 2 Challenges",  # 🏗 (8F dropped) or 🍗 🐗 🗝 ...: ftfy made 🗠
    "âœ ï¸ Sign here",  # ✍ ✏ or ✝
])
def test_an_emoji_with_several_readings_is_flagged_not_guessed(damaged):
    result = clean(damaged)
    assert result.text == damaged
    assert any(f.rule == "mojibake.utf8-as-cp1252" and "not repaired" in f.message for f in result.flags)


@pytest.mark.parametrize("text", [
    "Wait â ³ please",  # nothing shows Windows-1252: a Latin-1 reading may have lost any C1 byte
    "Prices in â¬ and â ¦ then", "An absolutely hopeless garble ã‚â¬ãƒâ€šã‚â"])
def test_punctuation_readings_are_left_to_the_lossy_rules(text):
    # € (E2 82 AC) that lost its 82, … (E2 80 A6) whose 80 became a space: no ⏬, no ❦
    assert [s for s in emoji_sites(text) if s.after is not None] == []


@pytest.mark.parametrize("text", [
    "Dw i’n mynd â “hwn” adref.",  # Welsh â before a quote: ❓ would be E2 9D 93
    "bara â – caws",
    "Cymru â menyn â chaws.",
    "Tiếng Việt có chữ â và ô.",
    "Î”ÏÎ¬Î¼Î±",  # no emoji lead
])
def test_correct_text_and_other_damage_hold_no_emoji_site(text):
    assert [s for s in emoji_sites(text) if s.after is not None] == []


def test_every_lost_byte_is_tried_in_every_place():
    # ❤ = E2 9D A4: as a space in its slot, or dropped before A4
    cp1252, cp1251 = CODE_PAGES
    lost, dropped = cp1252.undefined + (0xA0,), cp1252.undefined
    assert readings(cp1252, b"\xe2", " \u00a4", lost, dropped) == {"❤": "9D shown as a space"}
    assert readings(cp1252, b"\xe2", "\u00a4", lost, dropped) == {"❤": "9D dropped"}
    # 😂 = F0 9F 98 82 with Windows-1251's undefined 98 dropped; 🂘 (F0 9F 82 98), a playing
    # card, is no emoji by default: 😂 is the certain reading
    assert set(readings(cp1251, b"\xf0\x9f", "\u201a", (0x98, 0xA0), (0x98,))) == {"😂", "🂘"}


@pytest.mark.parametrize("text, expected", [
    ("\u00e2\u20ac\u00a0", "\u2020"),  # E2 80 A0 whole: ftfy's dagger, no emoji site
    ("x \u00e2\u20ac\u00a0 y", "x \u2020 y"),
    ("\u00e2 \u00a0", "\u00e2 \u00a0"),
    ("Warning \u00e2\u0161\u00a0\u00ef\u00b8 Cannot", "Warning \u26a0\ufe0f Cannot"),  # A0 whole before a selector
])
def test_a_no_break_space_after_a_lead_is_an_emoji_slot_only_before_a_selector(text, expected):
    """A no-break space is an emoji's intact A0 only before a variation selector's remnant;
    elsewhere it is no slot of a site (it raised KeyError in `readings`, found by the
    provenance property tests on `â€\\xa0`)."""
    result = clean(text)
    assert result.text == expected
    assert replay(text, result.changes) == result.text
