"""Issue 14, item 10: Chinese, Japanese and Korean bytes read as Latin-1 or Windows-1252.
Re-decoded when one encoding is certain (and the log says which), otherwise left exactly as
they are and flagged; no other rule edits inside them."""

import time

import pytest

from conftest import eval_dir
from textfix import clean, replay

# Real strings (bench/data/realworld_damage.jsonl has their sources): GBK and EUC-JP read as
# Latin-1, Shift-JIS read as Windows-1252.
CERTAIN = [
    ('cout << "ÇëÊäÈëÄúµÄÑ¡Ôñ:" << endl;', 'cout << "请输入您的选择:" << endl;', "gbk"),
    ("/* Äù¤áÀÚ¤ê¶á¤¯¤Ë¤Ê¤Ã¤¿¤é¡ÖÄù¤áÀÚ¤ê¡ªÊ¬Á°¤Ç¤¹¡×¤È¸À¤ï¤¹ */",
     "/* 締め切り近くになったら「締め切り！分前です」と言わす */", "euc_jp"),
    ("¥Ñ¥Ã¥±¡¼¥¸¤Ï¡¢ GNOME ¤Î ¥æ¡¼¥Æ¥£¥ê¥Æ¥£½¸¤Ç¤¹¡£", "パッケージは、 GNOME の ユーティリティ集です。", "euc_jp"),
]


@pytest.mark.parametrize("damaged, expected, codec", CERTAIN)
def test_a_certain_reading_is_re_decoded_and_says_so(damaged, expected, codec):
    result = clean(damaged)
    assert result.text == expected
    assert {c.rule for c in result.changes} == {"mojibake.cjk-as-latin1"}
    assert all(codec in c.reason for c in result.changes)
    assert replay(damaged, result.changes) == expected


def test_an_uncertain_reading_is_left_alone_and_flagged():
    # Big5 (traditional characters: the Chinese word list is simplified, so never certain)
    damaged = 'ObjName = InputBox("½Ð¿é¤Jª«¥ó¦WºÙ", " ¥[¤J·sª«¥ó", "ª«¥ó1")'
    result = clean(damaged)
    assert result.text == damaged
    assert [f.rule for f in result.flags] == ["mojibake.cjk-as-latin1"]


@pytest.mark.parametrize("name, codec", [("cmn_hans", "gbk"), ("jpn", "euc_jp"), ("jpn", "shift_jis"),
                                         ("kor", "euc_kr"), ("cmn_hant", "big5")])
def test_a_page_is_repaired_whole_or_left_whole_in_milliseconds(name, codec):
    data = (eval_dir("udhr") / f"{name}.txt").read_text(encoding="utf-8")[:1500].encode(codec, errors="ignore")
    damaged, truth = data.decode("latin-1"), data.decode(codec)
    clean(damaged)  # (word lists loaded)
    started = time.perf_counter()
    result = clean(damaged)
    elapsed = time.perf_counter() - started
    assert result.text in (truth, damaged)  # never partly edited
    assert result.text == truth or any(f.rule == "mojibake.cjk-as-latin1" for f in result.flags)
    assert elapsed < 5  # (3-7 s before, with 192 edits; ~0.1 s now: a guard, not a benchmark)


@pytest.mark.parametrize("text", [
    "Þórður og Æsa fóru í búðina. «Ça va?» — Ærø, Øresund, Åland, ÀÉÈÙ ÊÎÔÛ.",
    "Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€",  # UTF-8 Cyrillic read as Latin-1: ftfy's business
    # elided articles in curly quotes (Franco-Provençal, quoted word by word): `“d’l’a` is
    # Shift-JIS 電値誕 byte for byte, but quotes and ASCII letters are no evidence of CJK
    " ".join(f"“{w}”" for w in "Dékyèrasyo po lo mond d’l’am, d’l’omo è d’l’éga k’s’n bon".split()),
])
def test_latin_text_and_utf8_mojibake_are_not_taken_for_cjk(text):
    result = clean(text)
    assert not any(c.rule == "mojibake.cjk-as-latin1" for c in result.changes)
    assert not any(f.rule == "mojibake.cjk-as-latin1" for f in result.flags)
