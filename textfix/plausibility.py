"""How plausible a reading of bytes is: the referee's test of a decoded text (letters of two
scripts in one word, symbols or stray punctuation inside words, control characters, case
flips ...). Used to choose among the candidate encodings of a legacy file and to reject a
mixed UTF-8 reading that reads worse than the legacy one (textfix/decode.py, docs/decoding.md).
"""

from __future__ import annotations

from functools import lru_cache
from typing import List, Tuple
from . import lazyre


# One class letter per BMP code point; see _class_of.
_LATIN = "aAbB"
_NON_LATIN_LETTERS = "gGcChrtjko"
_LETTERS = _LATIN + _NON_LATIN_LETTERS
_SCRIPTS = {"L": "aAbB", "G": "gG", "C": "cC", "H": "h", "R": "r", "T": "t", "J": "j", "K": "k", "O": "o"}


# class letters -> one letter per script (see _SCRIPTS), marks dropped, anything else a space
_TO_SCRIPT = {ord(c): " " for c in " pqinufeysxd"}
_TO_SCRIPT.update({ord(c): script for script, members in _SCRIPTS.items() for c in members})
_TO_SCRIPT[ord("m")] = None
_TOUCH_OK = {("L", "J"), ("J", "L"), ("L", "K"), ("K", "L"), ("J", "K"), ("K", "J")}  # CJK and Hangul next to Latin


def _mixed_script(classes: str) -> int:
    """How many times letters of two scripts touch inside a word (CJK and Hangul may touch Latin)."""
    words = classes.translate(_TO_SCRIPT).split()
    count = 0
    for word in words:
        if len(word) > 1 and word.count(word[0]) != len(word):
            count += sum(1 for a, b in zip(word, word[1:]) if a != b and (a, b) not in _TOUCH_OK)
    return count
_SYMBOL_IN_WORD = lazyre.compile(f"(?<=[{_LETTERS}m])[sy]|[sy](?=[{_LETTERS}])|e(?=[{_LETTERS}])")
_SPACED = "aAbBgGcChro"  # letters of scripts that separate words with spaces (not CJK, not Thai)
_PUNCT_IN_WORD = lazyre.compile(
    f"(?<=[{_SPACED}m])[qu](?=[{_SPACED}])|(?<=[{_SPACED}m])i|(?<=[{_LETTERS}m])f|f(?=[{_LETTERS}])"
)
# On the text itself: a closing quote that opens a word of non-ASCII letters (Mac Cyrillic "Т"
# read as cp1251 "’"), a low opening quote standing alone (Mac Cyrillic "В" read as "‚").
_QUOTE_MISPLACED = lazyre.compile(r"(?<=\s)[’”»›](?=[^\W\d_\x00-\x7f])|(?:^|(?<=\s))[‚„](?=\s)")
_ACCENT_RUN = lazyre.compile("[bB]{4,}")
_CASE_FLIP = lazyre.compile("[bgc][BGC]|a[BGC]|[bgc]A|[AB]B(?=[ab])")
_CJK_ISLAND = lazyre.compile("[aAbB][jk]{1,2}(?=[aAbB])")
_LONE_LETTER = lazyre.compile("[aAbB][ p]{1,3}[gGcChrt][ p]{1,3}(?=[aAbB])")  # "raff а la": one Cyrillic letter
_DASH_IN_SHORT_WORD = lazyre.compile(
    f"(?<![{_LETTERS}])(?:[{_LETTERS}]n[{_LETTERS}]{{1,3}}|[{_LETTERS}]{{2}}n[{_LETTERS}]{{1,2}}|[{_LETTERS}]{{3}}n[{_LETTERS}])(?![{_LETTERS}])"
)
_TONE_ON_CONSONANT = lazyre.compile("[bcdfghj-np-tv-xzBCDFGHJ-NP-TV-XZ][\u0300\u0301\u0303\u0309\u0323]")
_NON_ASCII = lazyre.compile("[^\x00-\x7f]+")
_BEYOND_BMP = lazyre.compile("[^\x00-\x7f]")
_ROMANIAN_CEDILLA = lazyre.compile("[şţŞŢ]")
_ROMANIAN = lazyre.compile("[ăĂâÂîÎţŢ]")
_TURKISH = lazyre.compile("[ğĞıİ]")
# Cyrillic orthographies: letters of one alphabet in a text that has letters its alphabet lacks
_SERBIAN_MACEDONIAN_ONLY = lazyre.compile("[ђћџљњѓќѕјЂЋЏЉЊЃЌЅЈ]")
_NOT_SERBIAN_MACEDONIAN = lazyre.compile("[йщъыьэюяёЙЩЪЫЬЭЮЯЁ]")
_UKRAINIAN_ONLY = lazyre.compile("[єїґЄЇҐ]")
_NOT_UKRAINIAN = lazyre.compile("[ыэъёЫЭЪЁ]")

_WEIGHTS = {  # penalty per occurrence
    "control or unassigned characters": 3.0,
    "letters of two scripts touching": 2.0,
    "isolated CJK characters inside Latin words": 2.0,
    "lone letters of another script between Latin words": 1.5,
    "symbols touching letters": 1.0,
    "symbols": 0.5,
    "punctuation inside words": 1.0,
    "case flips inside words": 1.0,
    "runs of four accented letters": 1.0,
    "dashes inside short words": 0.5,
    "letters foreign to the rest of the text": 0.5,
}


def _class_of(cp: int) -> str:
    """a/A ASCII letters, b/B other Latin letters, g/G Greek, c/C Cyrillic, h Hebrew, r Arabic,
    t Thai, j CJK and kana, k Hangul, o other letters, m marks, d digits, space, p punctuation,
    q punctuation that does not go inside a word, i inverted ¿¡, n dashes, u signs that follow a
    word but do not go inside one (ª º ¹ ² ³ © ® ™ ± × ÷), f fractions, e currency, s improbable
    symbols, y box drawing and arrows (fine alone, not stuck to letters), x controls, unassigned,
    private use."""
    import unicodedata

    ch = chr(cp)
    cat = unicodedata.category(ch)
    if cp < 0x80:
        if "a" <= ch <= "z":
            return "a"
        if "A" <= ch <= "Z":
            return "A"
        if "0" <= ch <= "9":
            return "d"
        if ch in "\t\n\r\f\v ":
            return " "
        if cat == "Cc":
            return "p" if ch == "\x1b" else "x"
        return "p"
    if cat in ("Cc", "Cn", "Co", "Cs") or cp == 0xFFFD:
        return "x"
    if cat == "Cf":
        return "p"
    if cat.startswith("Z"):
        return " "
    if cat.startswith("M"):
        return "m"
    if ch in "½¼¾":
        return "f"
    if ch in "¹²³ªº©®™±×÷":
        return "u"
    if ch == "µ":
        return "b"
    if ch in "€£¥¢":
        return "e"
    if cat == "Nd":
        return "d"
    if ch in "´°№":
        return "p"
    if 0x2190 <= cp < 0x2200 or 0x2500 <= cp < 0x2600:
        return "y"
    if 0xFF00 <= cp < 0xFFF0 and not cat.startswith("L"):
        return "p"
    if cat.startswith("N"):
        return "s"
    if cat.startswith("P"):
        if ch == "¶":
            return "s"
        if ch in "¿¡":
            return "i"
        if ch in "«»§‚„†‡‰•‹›“”‘":
            return "q"
        if ch in "–—":
            return "n"
        return "p"
    if cat.startswith("S"):
        return "s"
    if cat == "Lm":
        return "j" if 0x3000 <= cp < 0x3100 or 0xFF00 <= cp < 0xFFF0 else "s"
    if cat.startswith("L"):
        if 0xFB00 <= cp < 0xFB07:  # ﬁ ﬂ ligatures: Mac Roman reads them out of Windows-1252 letters
            return "s"
        upper = cat in ("Lu", "Lt")
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            if cp < 0x250 or 0x1E00 <= cp < 0x1F00:
                return "B" if upper else "b"
            return "j" if 0xFF00 <= cp < 0xFF60 else "s"
        for prefix, lower, capital in (("GREEK", "g", "G"), ("CYRILLIC", "c", "C")):
            if name.startswith(prefix):
                return capital if upper else lower
        for prefixes, letter in ((("HEBREW",), "h"), (("ARABIC",), "r"), (("THAI",), "t"),
                                 (("CJK", "HIRAGANA", "KATAKANA", "BOPOMOFO", "HALFWIDTH KATAKANA"), "j"),
                                 (("HANGUL", "HALFWIDTH HANGUL"), "k")):
            if name.startswith(prefixes):
                return letter
        return "o"
    return "s"


@lru_cache(maxsize=1)
def _classes() -> str:
    """The class letter of every BMP code point, as a str.translate table (built once, ~0.1 s)."""
    return "".join(_class_of(cp) for cp in range(0x10000))


def _condensed(text: str, limit: int = 1000) -> str:
    """The neighbourhoods of non-ASCII characters (where candidate readings differ)."""
    spans: List[List[int]] = []
    total = 0
    for match in _NON_ASCII.finditer(text):
        start, end = max(0, match.start() - 6), match.end() + 6
        if spans and start <= spans[-1][1]:
            total += end - spans[-1][1]
            spans[-1][1] = end
        else:
            spans.append([start, end])
            total += end - start
        if total > limit:
            break
    return "\n".join(text[start:end] for start, end in spans)


_OTHER_ALPHABETS = "gGcChrt"
_COUNT_OTHER = {ord(c): None for c in " pqinufeysxdmjkoaAbB"}
_COUNT_LATIN = {ord(c): None for c in " pqinufeysxdmjkogGcChrt"}


def _lone_letters(classes: str) -> int:
    """One-letter words of Greek, Cyrillic, Hebrew, Arabic or Thai between Latin words, in a
    text that is mostly Latin (a Russian text may well say "Windows и Linux")."""
    if not _LONE_LETTER.search(classes):
        return 0
    if 5 * len(classes.translate(_COUNT_OTHER)) >= len(classes.translate(_COUNT_LATIN)):
        return 0
    return len(_LONE_LETTER.findall(classes))


def _foreign_letters(near: str) -> int:
    """Serbian/Macedonian-only letters next to letters those alphabets lack (ы, я, й ...), and
    Ukrainian-only letters next to ы, э, ъ, ё: what Mac Cyrillic capitals look like in cp1251."""
    count = 0
    if _SERBIAN_MACEDONIAN_ONLY.search(near) and _NOT_SERBIAN_MACEDONIAN.search(near):
        count += len(_SERBIAN_MACEDONIAN_ONLY.findall(near))
    if _UKRAINIAN_ONLY.search(near) and _NOT_UKRAINIAN.search(near):
        count += len(_UKRAINIAN_ONLY.findall(near))
    return count


def plausibility(text: str) -> Tuple[float, dict]:
    """How implausible a reading is (0 = nothing suspicious), with counts per kind of evidence.

    >>> plausibility("Café crème")[0]
    0.0
    >>> plausibility("Cafι crθme")[1]["letters of two scripts touching"]
    3
    """
    near = _condensed(text)
    classes = near.translate(_classes())
    if not classes.isascii():  # characters beyond the BMP (emoji, rare CJK) are left as they were
        classes = _BEYOND_BMP.sub("p", classes)
    kinds = {
        "control or unassigned characters": classes.count("x"),
        "letters of two scripts touching": _mixed_script(classes),
        "isolated CJK characters inside Latin words": len(_CJK_ISLAND.findall(classes)) + len(_TONE_ON_CONSONANT.findall(near)),
        "lone letters of another script between Latin words": _lone_letters(classes),
        "symbols touching letters": len(_SYMBOL_IN_WORD.findall(classes)),
        "symbols": classes.count("s"),
        "punctuation inside words": len(_PUNCT_IN_WORD.findall(classes)) + len(_QUOTE_MISPLACED.findall(near)),
        "case flips inside words": len(_CASE_FLIP.findall(classes)),
        "runs of four accented letters": len(_ACCENT_RUN.findall(classes)),
        "dashes inside short words": len(_DASH_IN_SHORT_WORD.findall(classes)),
        "letters foreign to the rest of the text": _foreign_letters(near),
    }
    penalty = sum(_WEIGHTS[k] * n for k, n in kinds.items())
    # Romanian s/t with a cedilla are the 8-bit-era stand-ins for ș/ț (comma below): when another
    # reading of the same bytes gives the comma letters, prefer it.
    if _ROMANIAN_CEDILLA.search(near) and _ROMANIAN.search(near) and not _TURKISH.search(near):
        penalty += 0.3
    return penalty, kinds
