"""Japanese UTF-8 read as Windows-1252 that lost its 81 bytes (issue 14 item 9): a run is
repaired only when every broken pair has one kana reading; ideographs that lost a byte (many
readings) leave their run alone. Cases from public files (bench/data/realworld_damage.jsonl)."""

from textfix import clean, replay
from textfix.filters.dropped_kana import decode_run, kana_runs


def test_a_run_whose_dropped_bytes_make_one_kana_each_is_repaired():
    damaged = '"ãƒ¡ãƒ¼ãƒ«ã‚¢ãƒ‰ãƒ¬ã‚¹ã‚’ä½¿ç”¨ã—ã¦ãƒ‘ã‚¹ãƒ¯ãƒ¼ãƒ‰ã‚’ãƒªã‚»ãƒƒãƒˆã™ã‚‹";'
    result = clean(damaged)
    assert result.text == '"メールアドレスを使用してパスワードをリセットする";'
    assert replay(damaged, result.changes) == result.text


def test_a_run_with_an_ideograph_that_lost_a_byte_is_left_alone():
    # 面 is E9 9D A2: with 9D dropped `é¢` may be 遢 鍢 鏢 鐢 面 ...; the run after the
    # bracket (のリスト) is whole kana but one pair and is repaired on its own
    damaged = "# é€šè·¯ã«é¢ã—ã¦ã„ã‚‹[x, y]ã®ãƒªã‚¹ãƒˆ"
    runs = list(kana_runs(damaged))
    assert [after for _, _, after in runs] == ["のリスト"]
    assert "é¢" in clean(damaged).text


def test_only_e3_pairs_are_completed_and_only_into_kana():
    assert decode_run("ã—".encode("cp1252")) == ("し", 1)
    assert decode_run("é¢".encode("cp1252")) is None  # an ideograph's pair: several readings
    assert list(kana_runs("Ã©tÃ© Ã  la plage, ã— x")) == []  # French mojibake, a lone pair
