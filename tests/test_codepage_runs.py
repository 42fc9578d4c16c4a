"""UTF-8 read through IBM 437, KOI8-R, Windows-874/1251/1252/1253, whole or with lost bytes
(issue 14 item 9): what is certain is repaired, the rest flagged and left. The damaged
strings are quoted from public files (bench/data/realworld_damage.jsonl names each source)."""

import pytest

from textfix import clean, replay
from textfix.filters import codepage_runs

REAL = [
    # whole runs on pages ftfy does not read (or whose lines its badness never flags)
    ("Mambo here ΓÇö your safety is my priority. WhatΓÇÖs happening?",
     "Mambo here — your safety is my priority. What’s happening?", "mojibake.utf8-as-cp437"),
    ("/** п║п©п╦я│п╬п╨ п╥п╟п╡п╦я│п╦п╪п╬я│я┌п╣п╧ */", "/** Список зависимостей */", "mojibake.utf8-as-koi8r"),
    ("# ≡ƒªà Antigravity Agent ΓÇö Dual Role", "# 🦅 Antigravity Agent — Dual Role", "mojibake.utf8-as-cp437"),
    (" * AeroTrace AI ΓÇö Map Layer\n * ΓöÇΓöÇΓöÇΓöÇ", " * AeroTrace AI — Map Layer\n * ────", "mojibake.utf8-as-cp437"),
    # lost bytes, completed by the one word the word lists know
    ("{ error: 'Ð“Ñ€ÐµÑˆÐºÐ° Ð¿Ñ€Ð¸ Ñ‚ÑŠÑ€ÑÐµÐ½Ðµ' },", "{ error: 'Грешка при търсене' },", "mojibake.utf8-as-cp1252"),
    ("Î”ÏÎ¬Î¼Î±, Î¹ÏƒÏ„Î¿ÏÎ¯Î±,", "Δράμα, ιστορία,", "mojibake.utf8-as-cp1252"),
    ('msgstr "ΞΞµΟ„Ξ±Ο„ΟΞ¬Ο€Ξ·ΞΊΞ±Ξ½ %d Ξ±ΟΟ‡ΞµΞ―Ξ± ΟƒΞµ %.2f Ξ΄ΞµΟ…Ο„ΞµΟΟΞ»ΞµΟ€Ο„Ξ±.\\n"',
     'msgstr "Μετατράπηκαν %d αρχεία σε %.2f δευτερόλεπτα.\\n"', "mojibake.utf8-as-cp1253"),
    # НЕ (9D dropped) is ~16,000x as frequent as АЕ, это 95x сто: far ahead
    ("Ð•ÑÐ»Ð¸ Ñ‚Ñ€ÐµÐ±Ð¾Ð²Ð°Ð½Ð¸Ðµ Ð¾Ñ‚ÐºÐ»Ð¾Ð½ÐµÐ½Ð¾, ÐÐ• Ð¸ÑÐ¿Ð¾Ð»ÑŒÐ·ÑƒÐ¹Ñ‚Ðµ ÑÑ‚Ð¾ Ð´ÐµÐ¹ÑÑ‚Ð²Ð¸Ðµ;",
     "Если требование отклонено, НЕ используйте это действие;", "mojibake.utf8-as-cp1252"),
]


@pytest.mark.parametrize("damaged,expected,rule", REAL)
def test_certain_runs_are_repaired(damaged, expected, rule):
    result = clean(damaged)
    assert result.text == expected
    assert rule in {c.rule for c in result.changes}
    assert replay(damaged, result.changes) == result.text
    assert clean(result.text).text == result.text


def test_a_dropped_byte_several_words_fit_is_flagged_not_guessed():
    # έξοδο (CE AD: the soft hyphen vanished) or Έξοδο (CE 88): both are Greek words
    damaged = "{ value: '2', label: '2. Ξ¥Ο€ΞΏΞ»ΞΏΞ³Ξ―Ξ¶Ο‰ Ο„Ξ·Ξ½ ΞΞΎΞΏΞ΄ΞΏ' },"
    result = clean(damaged)
    assert "Υπολογίζω την" in result.text
    assert "έξοδο" not in result.text and "Έξοδο" not in result.text
    assert any(f.rule == "mojibake.utf8-as-cp1253" and "2 readings" in f.message for f in result.flags)


def test_thai_whose_lost_byte_no_word_list_decides_is_left_whole_and_flagged():
    # the 81 of ก became a space; ก ญ ฏ ฐ ฝ ภ all fit and there is no Thai word list
    damaged = "เธšเธฑเธ™เธ—เธถเธ เธชเธณเน€เธฃเน‡เธˆ โœ“"
    result = clean(damaged)
    assert result.text == damaged
    assert [f.rule for f in result.flags] == ["mojibake.utf8-as-cp874"]


@pytest.mark.parametrize("damaged", [
    # a translation table's Chinese and a C comment: 此 字 中 lost their soft hyphen AD,
    # 删 its A0 (a space now), 不 its 8D; ideographs all fit each lost byte
    "ç„¶åŽç”¨ç©ºç™½å·²åˆ é™¤æ‚¨çš„åˆ—è¡¨å°†å‡ºçŽ°åœ¨è¯¥æ–‡æœ¬æ¡†ä¸ã€‚",
    "æ£€æŸ¥è¾“å…¥çš„æ•°å—ä¸ªæ•°",
    # Japanese, バ's 90 dropped; テ (E3 83 86) shows a †, which is no swallowed-space guess
    " * ãƒ‡ãƒãƒƒã‚°ç”¨ã®ãƒ¦ãƒ¼ãƒ†ã‚£ãƒªãƒ†ã‚£ã‚¯ãƒ©ã‚¹ã€‚",
])
def test_chinese_that_lost_bytes_is_left_whole_and_flagged(damaged):
    result = clean(damaged)
    assert result.text == damaged  # not half repaired: the runs still read back as the bytes
    assert {f.rule for f in result.flags} >= {"mojibake.utf8-as-cp1252"}
    assert all("no word list decides" in f.message for f in result.flags if f.rule == "mojibake.utf8-as-cp1252")


def test_japanese_whose_lost_bytes_are_certain_is_still_repaired_beside_the_cjk_flag():
    damaged = '"ãƒ¡ãƒ¼ãƒ«ã‚¢ãƒ‰ãƒ¬ã‚¹ã‚’ä½¿ç”¨ã—ã¦ãƒ‘ã‚¹ãƒ¯ãƒ¼ãƒ‰ã‚’ãƒªã‚»ãƒƒãƒˆã™ã‚‹";'
    assert clean(damaged).text == '"メールアドレスを使用してパスワードをリセットする";'


def test_the_replacement_character_is_ftfys_mark_and_stays():
    # ftfy's own case: с lost its 81, the decoder wrote U+FFFD (the encoding repairs alone, as
    # ftfy's cases are run; lossy.placeholder reads a U+FFFD on its own)
    result = clean("Ð±ÑŠÐ»Ð³Ð°Ñ€Ñ\ufffdÐºÐ¸ ÐµÐ·Ð¸Ðº", select=["mojibake"])
    assert result.text == "българ\ufffdки език"


@pytest.mark.parametrize("text", [
    "├┤a┼┐a┼┐a┼┐a┼┐a",  # line art (ftfy's negative case): C3 B4 is ô, but nobody wrote it so
    "src\n├── main.py\n└── tests\n    ├── a.py\n",
    "Указ РФ и СССР",  # capitals: Р + a dropped 98 would be И, Ф a guess
    "ΟΞΟ ΠΑΟΚ",
    "Ελληνικά: έξοδος, είσοδος",
    "ภาษาไทย เธอ เธอ",
    "Größe, Straße, naïve café",
    "УСІМІ ЛЮДЗЬМІ",  # Belarusian capitals: С І would be Ѳ, and a guess
    "НИЗАМ НЫХАСЫ „ЦÆРДЫ РУ”",  # Ossetian-style capitals with a closing quote (У” would be Ӕ)
    "ЖАҒДАЙ Ò’Ó",
    "Prénom: Zoë; «Ça va?» — déjà vu, São Paulo, Ærøskøbing",  # Latin-1 letters beside the CJK leads E3-E9
    "ÄÖÜ äöü ÅÆÇÈÉ åæçèé ß",
])
def test_correct_text_is_left_alone(text):
    assert list(codepage_runs.sites(text)) == []
    result = clean(text)
    assert result.text == text and not result.flags


def test_decode_fills_one_dropped_byte_with_each_candidate():
    t = codepage_runs.tables(codepage_runs.PAGES[0])  # Windows-1252
    pieces = codepage_runs.decode(list("Ð½Ñ".encode("cp1252")), t)
    assert pieces[0] == "н" and set("сэя") <= set(pieces[1])
    assert codepage_runs.decode(list("Ã©".encode("cp1252")), t) == ["é"]
    assert codepage_runs.decode(list("©Ã".encode("cp1252")), t) is None  # a continuation byte first
