"""Bytes to text: textfix.decode.decode_bytes.

Unit tests on hand-made bytes always run; the evaluation tests read ../shared/eval and skip
when it is absent (the thresholds are the ones of issue 3; bench/bench_encoding.py prints
the full table).
"""

import codecs
import os
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from conftest import eval_dir
from textfix.decode import RULES, Decoded, decode_bytes, plausibility
from textfix.errors import BinaryInputError, TextfixError

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench")
sys.path.insert(0, BENCH)

import bench_encoding  # noqa: E402


def only_flag(decoded: Decoded):
    (flag,) = decoded.flags
    assert flag.rule in {rule.id for rule in RULES}
    return flag


# ---------------------------------------------------------------------------- byte order marks

@pytest.mark.parametrize("codec, name", [
    ("utf-8-sig", "utf-8"),
    ("utf-16", "utf-16-le"),  # Python writes the little-endian mark on this machine
    ("utf-32", "utf-32-le"),
])
def test_a_byte_order_mark_decides_and_is_dropped(codec, name):
    text = "Grüße, Привет, 日本 🙂\n"
    data = text.encode(codec)
    assert codec != "utf-16" or data.startswith(codecs.BOM_UTF16_LE)
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding, only_flag(decoded).rule) == (text, name, "decode.bom")


@pytest.mark.parametrize("bom, codec", [
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_big_endian_marks(bom, codec):
    data = bom + "naïve".encode(codec)
    assert decode_bytes(data).text == "naïve"
    assert decode_bytes(data).encoding == codec


# ---------------------------------------------------------------------------- UTF-16/32 without a mark

@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [
    "Hello world, this is plain text.\n",
    "Привет мир, как дела?\n",
    "日本語のテキストです。\n",
])
def test_utf16_and_utf32_without_a_mark_decode_their_nuls_are_not_binary(codec, text):
    decoded = decode_bytes(text.encode(codec))
    assert (decoded.text, decoded.encoding, only_flag(decoded).rule) == (text, codec, "decode.utf-16")


@pytest.mark.parametrize("text", ["0000000000000101\x00\u0800", "0000\x1f\x1d\x1f00000\x00A001\x1f", "abc\x00"])
def test_utf8_with_a_stray_nul_is_not_taken_for_utf16(text):
    # ASCII byte pairs read as UTF-16 land on CJK and symbols (b"00" is U+3030): refused, not guessed
    with pytest.raises(BinaryInputError, match="NUL"):
        decode_bytes(text.encode("utf-8"))


# ---------------------------------------------------------------------------- legacy encodings

WESTERN = [
    "Café crème",
    "Grüße aus Köln",
    "Le café de la gare est fermé depuis l’été dernier ; les habitués regrettent déjà ses crèmes brûlées.\n",
    "¿Qué tal, señor Muñoz?",
    "Não há ações sem reações.",
    "It’s “quoted” — isn’t it?",
    "Die Straße ist schön.",
    "Smörgåsbord på svenska",
    "Ærøskøbing ligger på Ærø.",
    "Ça va très bien, merci.",
    "€5 only",
]


@pytest.mark.parametrize("text", WESTERN)
def test_windows_1252_western_text_short_or_long(text):
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"
    assert only_flag(decoded).rule == "decode.detected"


@pytest.mark.parametrize("text, codec", [
    ("Съешь же ещё этих мягких французских булок, да выпей чаю.", "cp1251"),
    ("Съешь же ещё этих мягких французских булок, да выпей чаю.", "koi8-r"),
    ("Привет, как дела?", "cp1251"),
    ("Привет, как дела?", "koi8-r"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "cp1250"),
    ("Zażółć gęślą jaźń.", "cp1250"),
    ("Ελληνικά: Γεια σου κόσμε, τι κάνεις;", "cp1253"),
    ("עברית היא שפה שמית", "cp1255"),
    ("اللغة العربية جميلة جدا", "cp1256"),
    ("Türkçe metin: İstanbul’da güzel bir gün.", "cp1254"),
    ("日本語のテキストです。東京は晴れています。", "shift_jis"),
    ("日本語のテキストです。東京は晴れています。", "euc_jp"),
    ("这是一个中文句子，用来测试编码检测。", "gb18030"),
    ("這是一個中文句子，用來測試編碼檢測。", "big5"),
    ("한국어 문장을 테스트합니다.", "euc_kr"),
])
def test_other_legacy_encodings(text, codec):
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert only_flag(decoded).rule == "decode.detected"


def test_a_family_gives_its_narrowest_member_that_decodes_every_byte():
    # GB18030 text that GB2312 can hold is reported as GB2312 (they read it identically).
    assert decode_bytes("这是一个中文句子，用来测试编码检测。".encode("gb18030")).encoding == "gb2312"


REASONS = ("reads less plausibly (", "is a rarer encoding and the evidence is close", "has lower confidence")


@pytest.mark.parametrize("text", WESTERN[:3])
def test_the_flag_names_the_choice_the_runner_up_and_the_reason(text):
    message = only_flag(decode_bytes(text.encode("cp1252"))).message
    assert message.startswith("cp1252 by statistical detection (chardet confidence ")
    assert "; runner-up " in message and any(reason in message for reason in REASONS)


def test_a_lone_cyrillic_letter_among_latin_words_is_implausible():
    assert decode_bytes("RIFF raff à la carte".encode("cp1252")).text == "RIFF raff à la carte"
    assert plausibility("raff а la carte")[1]["lone letters of another script between Latin words"] == 1
    assert plausibility("Он любит Windows и Linux, а не Mac.")[0] == 0


def test_iso_2022_is_recognised_by_its_escape_sequences():
    text = "日本語のテキストです。"
    decoded = decode_bytes(text.encode("iso2022_jp"))
    assert (decoded.text, decoded.encoding) == (text, "iso2022_jp")
    assert only_flag(decoded).rule == "decode.detected"


def test_plausibility_sees_letters_of_two_scripts_in_one_word_and_symbols_inside_words():
    assert plausibility("Café crème")[0] == 0
    assert plausibility("Cafι crθme")[1]["letters of two scripts touching"] == 3
    assert plausibility("Gr¸fle aus Kˆln")[1]["symbols touching letters"] == 2  # Mac Iceland's reading


# ---------------------------------------------------------------------------- UTF-8, mixed UTF-8 and cp1252

def test_valid_utf8_is_utf8_without_a_flag():
    assert decode_bytes("Grüße 日本".encode("utf-8")) == Decoded("Grüße 日本", "utf-8", [])


def test_mixed_utf8_and_cp1252_bytes_are_each_read_right():
    data = "naïve ".encode("utf-8") + "“quote” and café".encode("cp1252")
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding) == ("naïve “quote” and café", "utf-8")
    assert only_flag(decoded).rule == "decode.mixed"
    assert "first at byte 7" in decoded.flags[0].message


def test_a_utf8_valid_pair_inside_a_cp1252_word_is_read_as_cp1252():
    # \xdc\x93 is valid UTF-8 (U+0713, a Syriac letter) but here it is cp1252 "Ü“"
    data = b"Er rief \x84H\xdc\x93 und ging. " + "Grüße".encode("utf-8")
    assert decode_bytes(data).text == "Er rief „HÜ“ und ging. Grüße"


def test_utf8_letters_next_to_cp1252_punctuation_stay_utf8():
    data = "東京".encode("utf-8") + b"\x93Tokyo\x94 " + "naïve".encode("utf-8")
    assert decode_bytes(data).text == "東京“Tokyo” naïve"


def test_a_legacy_file_with_accidental_utf8_sequences_is_not_mixed():
    # Shift_JIS double-byte characters often contain byte pairs that are valid UTF-8.
    text = "日本語のテキストです。東京は晴れています。ありがとうございました。"
    data = text.encode("shift_jis")
    assert bench_encoding.true_text(data, "utf-8") is None
    decoded = decode_bytes(data)
    assert decoded.text == text and decoded.encoding == "shift_jis"


# ---------------------------------------------------------------------------- binary input

@pytest.mark.parametrize("data, what", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
    (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml", "ZIP"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00", "office"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "executable"),
    (b"abc\x00\x00\x01\x02def", "NUL"),
    (bytes(range(256)) * 4, "NUL"),
    (b"\x00" * 1000 + b"<title>NOT UTF-16!</title>", "NUL"),
    (b"text\x01\x02\x03\x04\x05\x06\x07\x08 more text\x1c\x1d\x1e\x1f", "control bytes"),
])
def test_binary_input_is_refused_with_a_clear_message(data, what):
    with pytest.raises(BinaryInputError, match=f"binary input refused: .*{what}"):
        decode_bytes(data)


@pytest.mark.parametrize("text", ["MZ is a state code", "BM ships", "%PDF-1.4 is a version", "RIFF raff"])
def test_text_that_starts_like_a_file_signature_is_text(text):
    assert decode_bytes(text.encode("utf-8")).text == text
    if not text.startswith("%PDF-"):  # a PDF's second line is non-UTF-8 bytes: that counts as a PDF
        assert decode_bytes((text + " à la carte").encode("cp1252")).text == text + " à la carte"


# ---------------------------------------------------------------------------- forced encoding

def test_a_forced_encoding_is_used_as_given():
    data = "Příliš".encode("cp1250")
    decoded = decode_bytes(data, "cp1250")
    assert (decoded.text, decoded.encoding, only_flag(decoded).rule) == ("Příliš", "cp1250", "decode.forced")
    assert decode_bytes(data, "latin-1").text == data.decode("latin-1")
    assert decode_bytes(data, "auto").text == decode_bytes(data).text


def test_a_forced_encoding_that_is_unknown_or_does_not_fit_is_an_error():
    with pytest.raises(TextfixError, match="unknown encoding"):
        decode_bytes(b"abc", "no-such-codec")
    with pytest.raises(TextfixError, match="cannot be decoded as utf-8"):
        decode_bytes(b"caf\xe9", "utf-8")


def test_clean_reports_the_encoding_and_the_decode_flag():
    result = textfix.clean("Café crème".encode("cp1252"))
    assert (result.text, result.encoding) == ("Café crème", "cp1252")
    assert [f.rule for f in result.flags if f.rule.startswith("decode.")] == ["decode.detected"]


# ---------------------------------------------------------------------------- properties

SETTINGS = settings(max_examples=300, deadline=None)


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_decode_or_are_refused_as_binary_nothing_else(data):
    try:
        decoded = decode_bytes(data)
    except BinaryInputError:
        return
    assert isinstance(decoded.text, str) and decoded.encoding
    assert len(decoded.flags) <= 1
    if "\ufffd" in decoded.text:  # never a replacement character that the bytes did not spell
        assert "\ufffd".encode("utf-8") in data or "\ufffd".encode(decoded.encoding, "ignore") in data


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200))
def test_valid_utf8_always_decodes_as_utf8(text):
    decoded = decode_bytes(text.encode("utf-8"))
    if text.startswith("\ufeff"):  # the bytes start with a byte order mark: dropped, and said so
        assert [flag.rule for flag in decoded.flags] == ["decode.bom"]
        text = text[1:]
    assert (decoded.text, decoded.encoding) == (text, "utf-8")


@SETTINGS
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f"),
               min_size=1, max_size=120))
def test_detected_text_is_the_strict_decoding_with_the_reported_encoding(text):
    data = text.encode("cp1252", errors="ignore")
    try:
        decoded = decode_bytes(data)
    except BinaryInputError:
        return
    if decoded.flags and decoded.flags[0].rule == "decode.detected":
        assert data.decode(decoded.encoding) == decoded.text  # reproducible from Result.encoding
        if decoded.encoding == "cp1252":
            assert decoded.text == text.encode("cp1252", errors="ignore").decode("cp1252")


# ---------------------------------------------------------------------------- evaluation data (skips when absent)

def share(samples):
    scored = bench_encoding.score(bench_encoding.textfix_text, samples)
    return scored.share, scored


def test_chardet_tests_at_least_99_5_percent_right_overall_and_western():
    samples = bench_encoding.chardet_tests(eval_dir("encoding").parent)
    assert len(samples) >= 425
    overall, scored = share(samples)
    assert scored.total >= 424  # EUC-TW has no Python codec: its one file cannot be scored
    assert overall >= 0.995, scored.wrong
    western, scored = share([s for s in samples if s.western])
    assert scored.total >= 10 and western >= 0.995, scored.wrong


def test_udhr_encoded_200_at_least_99_percent_right():
    samples = bench_encoding.udhr_encoded(eval_dir("encoding").parent)
    assert len(samples) >= 175
    overall, scored = share(samples)
    assert overall >= 0.99, scored.wrong


def test_udhr_50_character_excerpts_stay_above_their_measured_floor():
    # Reported, not a target of the issue: measured 95.8% on 2026-11-21; a guard against regressions.
    overall, scored = share(bench_encoding.excerpts(bench_encoding.udhr_encoded(eval_dir("encoding").parent)))
    assert scored.total >= 500 and overall >= 0.94, scored.wrong


def test_english_news_in_windows_1252_decodes_right():
    samples = bench_encoding.news_cp1252(eval_dir("boilerplate-scrapinghub").parent)
    overall, scored = share(samples)
    assert scored.total >= 60 and overall >= 0.985, scored.wrong


def test_mixed_files_at_least_19_of_20_exact():
    folder = eval_dir("mixed-encoding")
    cases = sorted(folder.glob("*.bin"))
    exact = [p.name for p in cases
             if decode_bytes(p.read_bytes()).text == p.with_name(p.name[:-4] + ".expected.txt").read_text("utf-8")]
    assert len(cases) == 20
    # 15_collision_real_valid_pair is valid UTF-8 throughout: it decodes as UTF-8, by rule.
    assert len(exact) >= 19, sorted(set(p.name for p in cases) - set(exact))


def test_doctests():
    import doctest

    import textfix.decode

    assert doctest.testmod(textfix.decode).failed == 0


# Issue 14, item 11: almost-all-valid UTF-8 with a few stray bytes stays UTF-8.
_STRAY_TEXTS = [
    "Der Präsident sagte am Montag, dass die Straße über die Brücke morgen geöffnet wird. „Wir freuen uns“, sagte er.",
    "Le président a déclaré lundi que la rue serait rouverte demain. « C’est une très bonne nouvelle », a-t-il ajouté.",
    "Президент заявил в понедельник, что улица будет открыта завтра. «Мы рады», — сказал он.",
    "总统周一表示，这条街道明天将重新开放。“我们很高兴，”他说。",
]


@pytest.mark.parametrize("stray", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
@pytest.mark.parametrize("text", _STRAY_TEXTS)
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_utf8_with_one_stray_byte_stays_utf8(stray, text, where):
    at = {"start": 0, "middle": len(text) // 2, "end": len(text)}[where]
    decoded = decode_bytes(text[:at].encode("utf-8") + bytes([stray]) + text[at:].encode("utf-8"))
    assert decoded.encoding == "utf-8"
    assert decoded.text == text[:at] + chr(stray) + text[at:]  # (the undefined byte kept as U+0081 …)
    assert [flag.rule for flag in decoded.flags] == ["decode.mixed"]


def test_detection_does_not_depend_on_the_hash_seed():
    import subprocess
    import sys

    samples = [_STRAY_TEXTS[0].encode("utf-8") + b"\x81", "Café crème brûlée".encode("cp1252"),
               "Příliš žluťoučký kůň úpěl ďábelské ódy".encode("cp1250"), "Ёлка и ёж".encode("koi8-r")]
    program = ("import sys; from textfix.decode import decode_bytes\n"
               f"for data in {samples!r}:\n"
               "    d = decode_bytes(data); print(d.encoding, ascii(d.text))\n")
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        env = dict(__import__("os").environ, PYTHONHASHSEED=seed)
        outputs.add(subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True,
                                   check=True).stdout)
    assert len(outputs) == 1
