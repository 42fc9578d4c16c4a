"""Chinese, Japanese or Korean bytes read as Latin-1 or Windows-1252 (`ÇëÊäÈë`, `¤Ç¤¹`).

A GBK, Big5, EUC-JP, Shift-JIS or EUC-KR text decoded one byte per character becomes runs
of Latin-1 letters and symbols, two per original character (a Big5 or GBK second byte may
be ASCII: `¤J`). These runs are no UTF-8 mojibake (their bytes are not UTF-8), and every
edit ftfy or the lossy rules make inside them makes the text harder to recover. So such a
run is found first (`cjk_runs`), the other rules leave it alone, and it is re-decoded only
when one encoding reads every run of the document as common characters of its language and
no other comes close (`certain_reading`); otherwise the document is flagged.

Common characters are those of the language's 5000 most frequent words (wordfreq). Its
Chinese list is in simplified characters, so Big5 (traditional) text is never certain: it
is flagged, not guessed.

>>> text = 'printf("ÇëÊäÈë×Ö·û´®£º");'
>>> [text[a:b] for a, b in cjk_runs(text)]
['ÇëÊäÈë×Ö·û´®£º']
>>> certain_reading(text, cjk_runs(text))[0]
'gbk'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Optional, Tuple
from .. import lazyre

# The byte each character stands for: Latin-1 for U+0080-U+00FF, Windows-1252's glyphs for
# its 80-9F bytes.
_BYTE_OF = {chr(b): b for b in range(0x80, 0x100)}
_BYTE_OF.update({bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0)
                 if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)})
_TO_LATIN1 = {ord(ch): b for ch, b in _BYTE_OF.items()}
# Windows-1252's quotes and dashes (Shift-JIS lead bytes 91-97): Latin text's own punctuation
# before a letter (`“d’l’am”`, elided articles in quotes), so a run whose every lead byte is
# one of them is no evidence of CJK. (‚ 82 and ƒ 83, the kana rows' leads, are not among them.)
_LATIN_PUNCTUATION = frozenset("‘’“”–—")
_HIGH = "".join(re.escape(ch) for ch in _BYTE_OF)
# Three or more two-byte characters in a row: a lead byte, then a high or ASCII trail byte.
_RUN = lazyre.compile(f"(?:[{_HIGH}][{_HIGH}\\x40-\\x7e]){{3,}}")
_ANY_RUN = lazyre.compile(f"(?:[{_HIGH}][{_HIGH}\\x40-\\x7e])+")
# Each encoding and the language whose common characters it should give.
CODECS = (("gbk", "zh"), ("big5", "zh"), ("euc_jp", "ja"), ("shift_jis", "ja"), ("euc_kr", "ko"))
# A reading is certain when this share of its characters is common in its language, and
# every other reading that decodes falls this far below it.
MIN_COMMON = 0.8
MIN_LEAD = 0.3
# Runs are taken for CJK at all when some reading gives this share of common characters.
RECOGNISED = 0.65
# UTF-8 mojibake: at least this share of the run's bytes are valid UTF-8 sequences.
MAX_UTF8_SHARE = 0.6
_UTF8_SEQUENCE = lazyre.compile(
    b"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@lru_cache(maxsize=None)
def _wide() -> "re.Pattern[str]":
    """The CJK (wide) characters, compiled on first use: `re` expands these ranges character by
    character (~6 ms), which a run that meets no CJK-in-Latin-1 run never needs."""
    return re.compile("[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")


def _bytes(run: str) -> bytes:
    return run.translate(_TO_LATIN1).encode("latin-1")


def cjk_runs(text: str) -> List[Tuple[int, int]]:
    """Spans of runs of two-byte characters read one byte at a time: their bytes are no UTF-8,
    decode in one of CODECS to CJK characters only (any ASCII trail byte included), and not
    every lead byte is a quote or a dash of Latin text.

    >>> cjk_runs("“d’l’am” “k’s’n” “d’l’éga”")
    []
    """
    spans = []
    if not _may_hold_run(text):
        return spans
    for m in _RUN.finditer(text):
        if all(lead in _LATIN_PUNCTUATION for lead in m.group()[::2]):
            continue  # typographic punctuation before Latin letters: `“d’l’a`
        data = _bytes(m.group())
        if _utf8_share(data) >= MAX_UTF8_SHARE:
            continue  # UTF-8 mojibake, whole or with lost bytes: ftfy's and the lossy rules' business
        for codec, _ in CODECS:
            decoded = _decode(data, codec)
            if decoded and len(_wide().findall(decoded)) == len(decoded):
                spans.append(m.span())
                break
    return spans


def _may_hold_run(text: str) -> bool:
    """Whether _RUN can match, read in C from the text's Windows-1252 bytes: every character
    _HIGH holds but the C1 controls is one byte 80-FF there, ASCII is itself, and every other
    character one `?` (no byte 80-FF, none in 40-7E). So a _RUN match in the text is one of
    _RUN_BYTES at the same place (a text with a C1 control is left to _RUN: cp1252 lacks them).
    A Latin text's letters (é, ã, â) rarely stand three pairs in a row, and _RUN's class tried
    at each of its characters was half of cjk_runs' time on the UDHR (the lossy Document's).
    >>> _may_hold_run("ÇëÊäÈë"), _may_hold_run("Ça a été très bien, nhân quyền")
    (True, False)
    """
    if _C1.search(text) is not None:
        return True
    return _RUN_BYTES.search(text.encode("cp1252", "replace")) is not None


_C1 = lazyre.compile("[\x80-\x9f]")
# (three pairs spelt out: the same matches' starts as {3,}, without the engine's repeat)
_RUN_BYTES = lazyre.compile(b"[\x80-\xff][\x40-\x7e\x80-\xff]" * 3)


def _utf8_share(data: bytes) -> float:
    """The share of the bytes that valid UTF-8 sequences cover (in a two-byte CJK text's bytes
    a few pairs are UTF-8 by chance; in UTF-8 mojibake, even with bytes lost, most are)."""
    return sum(len(m) for m in _UTF8_SEQUENCE.findall(data)) / len(data)


def _decode(data: bytes, codec: str) -> Optional[str]:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


# CJK punctuation and full-width forms: in every CJK text, and in no word list; they count
# for no reading (most encodings share them: 、 is A1 A2 in GBK and EUC-JP alike).
_PUNCTUATION = frozenset(chr(c) for c in [*range(0x3000, 0x3040), *range(0xFF00, 0xFF66)])


@lru_cache(maxsize=None)
def _common(lang: str) -> frozenset:
    """The characters of the language's 5000 most frequent words."""
    try:
        import wordfreq

        return frozenset("".join(wordfreq.top_n_list(lang, 5000, wordlist="small")))
    except (ImportError, LookupError, ValueError, OSError):  # pragma: no cover - wordfreq is a dependency
        return frozenset()


def _share_common(decoded: List[str], lang: str) -> float:
    wide = _wide()
    chars = [ch for piece in decoded for ch in piece if wide.match(ch) and ch not in _PUNCTUATION]
    common = _common(lang)
    return sum(1 for ch in chars if ch in common) / len(chars) if chars else 0.0


def recognised(text: str, spans: List[Tuple[int, int]]) -> bool:
    """Whether the runs read as CJK at all: some encoding gives RECOGNISED common characters
    (another legacy text read as Latin-1, Greek or Cyrillic, decodes as CJK only by chance,
    into rare characters)."""
    return any(_share_common(decoded, lang) >= RECOGNISED
               for codec, lang in CODECS
               for decoded in [[_decode(_bytes(text[a:b]), codec) for a, b in spans]] if all(decoded))


def certain_reading(text: str, spans: List[Tuple[int, int]]) -> Tuple[Optional[str], List[str], str]:
    """(codec, the runs decoded, why) when one encoding reads every run as common characters
    and leads every other by MIN_LEAD; (None, [], why not) otherwise."""
    scored = []
    for codec, lang in CODECS:
        decoded = [_decode(_bytes(text[a:b]), codec) for a, b in spans]
        if all(decoded):
            scored.append((_share_common(decoded, lang), codec, decoded))
    scored.sort(key=lambda s: (-s[0], s[1]))
    if not scored:
        return None, [], "no one encoding decodes every run"
    share, codec, decoded = scored[0]
    runner = scored[1] if len(scored) > 1 else None
    detail = f"{codec} reads {share:.0%} common characters" + (
        f", {runner[1]} {runner[0]:.0%}" if runner else ", no other encoding decodes the runs")
    if share < MIN_COMMON or (runner and share - runner[0] < MIN_LEAD):
        return None, [], detail
    return codec, decoded, detail


def short_runs(text: str, spans: List[Tuple[int, int]], codec: str) -> List[Tuple[int, int, str]]:
    """Once `codec` is certain for the document: its other runs, too short to be found alone
    (`GNOME ¤Î ¥æ¡¼`: の) or UTF-8 by chance (`ÜµÞ»é¡£`), where they decode to common
    characters only. (start, end, decoded), outside `spans`."""
    common = _common(dict(CODECS)[codec])
    found = []
    for m in _ANY_RUN.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in spans):
            continue
        decoded = _decode(_bytes(m.group()), codec)
        # (one or two characters: every one common; longer: as common as a recognised reading)
        if decoded and (all(ch in common or ch in _PUNCTUATION for ch in decoded) if len(decoded) <= 2
                        else _share_common([decoded], dict(CODECS)[codec]) >= RECOGNISED):
            found.append((m.start(), m.end(), decoded))
    return found
