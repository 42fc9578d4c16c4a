"""The damage characters of the lossy rules and their rule ids: what each chain leaves
(bare â, â€, placeholders, lead bytes without their continuation), the marks it stood for,
and the patterns that find them. Constants only."""

from __future__ import annotations

import re

from ..english import strong_contraction
from ... import lazyre

# ------------------------------------------------------------------ rule ids

BARE = "lossy.bare-a-circumflex"
DROPPED = "lossy.dropped-byte"
PLACEHOLDER = "lossy.placeholder"
SWALLOWED = "lossy.swallowed-space"
LETTER = "lossy.lost-letter-byte"
SINGLE = "lossy.single-byte-replaced"

# ------------------------------------------------------------------ characters

FFFD = "\ufffd"
PLACEHOLDERS = "?" + FFFD
APOS, LSQ, LDQ, RDQ = "\u2019", "\u2018", "\u201c", "\u201d"
NDASH, MDASH, ELLIPSIS, BULLET, TM, EURO = "\u2013", "\u2014", "\u2026", "\u2022", "\u2122", "\u20ac"
HYPHEN = "\u2010"
OPENERS = "([{\u00ab\u2039" + LDQ + LSQ + "\u201e"
GUILLEMETS = "\u00ab\u00bb"
CLOSE_PUNCT = ".,;:!?)]}"

# E2 80 xx with xx >= A0 survives Latin-1 + C1 stripping as `â` + chr(xx): the third byte
# names the character (E2 80 A6 = …). Two exceptions come from other second bytes:
# E2 82 AC = € and E2 84 A2 = ™ (chosen by context over •).
_FINAL_BYTE = {
    0xA0: "\u2020", 0xA1: "\u2021", 0xA2: BULLET, 0xA3: "\u2023", 0xA4: "\u2024", 0xA5: "\u2025",
    0xA6: ELLIPSIS, 0xA7: "\u2027", 0xAC: EURO, 0xAF: "\u202f", 0xB0: "\u2030", 0xB2: "\u2032",
    0xB3: "\u2033", 0xB9: "\u2039", 0xBA: "\u203a", 0xBC: "\u203c", 0xBD: "\u203d",
}
# What ftfy makes of `â` + chr(b) + " ": it takes the space for byte A0 and decodes E2 b A0,
# a character in U+2000-U+2FFF whose low six bits are 0x20 (`⦠` = E2 A6 A0, `⢠`, `⬠`, and
# `†` = E2 80 A0 from `â€ `). The space is swallowed.
_SWALLOWING = {chr(0x2000 | ((b & 0x3F) << 6) | 0x20): b for b in range(0x80, 0xC0)}
# U+2320 ⌠ (E2 8C A0), in the first seed in place of an ellipsis glued to the next word: the
# look-alike of ⦠ (U+29A0, ftfy's guess for `â¦ `). No byte chain we tried yields it from …
# directly; glued between words in a damaged document it stands for "… ".
_LOOKALIKE = {"\u2320": ELLIPSIS}

# English contractions and elisions: strong evidence that a damaged mark is an apostrophe.
_SUFFIX_RE = lazyre.compile(r"(?:s|t|re|ve|ll|d|m)(?![^\W\d_])")
_SUFFIX_ANY_CASE = lazyre.compile(_SUFFIX_RE.pattern, re.I)  # (title case: ItâS, DonâT)
_ELIDING = ("fr", "it", "ca")
_ELISIONS = {
    "o", "d", "l", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    "dell", "all", "nell", "sull", "dall", "un", "quest", "po", "rock",
}
# An elision stands before a vowel or a mute h only (l’été, d’habitude; never d’nonce).
_ELISION_NEXT = frozenset("aeiouyhàáâäæèéêëìíîïòóôöœùúûüÿ")
# One-letter words a placeholder quote can stand beside (`?A great` is “A great); other
# single letters in the word lists are elisions (t’, l’) and never a stem.
_ONE_LETTER_WORDS = "aioy"
# Double quotation marks (opening, closing) by language, where the habit is settled; the
# others write “ ” (or guillemets, which are not guessed).
_LANGUAGE_QUOTES = {
    "de": "\u201e\u201c", "cs": "\u201e\u201c", "sk": "\u201e\u201c", "is": "\u201e\u201c",
    "pl": "\u201e\u201d", "ro": "\u201e\u201d", "hu": "\u201e\u201d",
    "sv": "\u201d\u201d", "fi": "\u201d\u201d",
}
_BRITISH = lazyre.compile(
    r"\b(?:per cent|colour|favour|honour|labour|neighbour|centre|theatre|programme|defence|"
    r"organis\w*|realis\w*|recognis\w*|\w+isation|travell\w+|Mr |Mrs |Dr )", re.I)
_AMERICAN = lazyre.compile(
    r"\b(?:percent|color|favor|honor|labor|neighbor|center|theater|program|defense|"
    r"organiz\w*|realiz\w*|recogniz\w*|\w+ization|traveled|traveling|Mr\.|Mrs\.|Dr\.)", re.I)
# Every match of _BRITISH / _AMERICAN holds one of these, case aside (their literal parts):
# keep them with the patterns (document._count skips a pattern whose literals are absent).
_BRITISH_NEEDLES = ("per cent", "colour", "favour", "honour", "labour", "neighbour", "centre", "theatre", "programme",
                    "defence", "organis", "realis", "recognis", "isation", "travell", "mr ", "mrs ", "dr ")
_AMERICAN_NEEDLES = ("percent", "color", "favor", "honor", "labor", "neighbor", "center", "theater", "program",
                     "defense", "organiz", "realiz", "recogniz", "ization", "traveled", "traveling", "mr.", "mrs.", "dr.")

# Letters a Windows-1252 byte can stand for (chain 4 candidates).
_CP1252_LETTERS = [ch for ch in bytes(range(0x80, 0x100)).decode("cp1252", errors="ignore") if ch.isalpha()
                   and ch not in "\u00aa\u00ba\u00b5\u0192"]
_LEADS = "\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00ce\u00cf"
# Lead bytes whose lost continuation leaves a letter we can look up (Latin, Greek).
_LETTER_LEADS = "\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00ce\u00cf"
# What each outer layer of a text encoded twice or more left of a lost byte: a character
# U+0080-U+00BF is C2 xx in UTF-8, shown `Â` + xx, so a byte lost in the last pass leaves a
# lone `Â` per layer after the decoded lead (`mÃÂÂnima`: mínima encoded three times, its
# soft hyphen lost).
RESIDUE = "\u00c2"
# A lead that lost its second byte, with the residue of the layers above it.
_LEAD_RESIDUE = lazyre.compile("[" + _LETTER_LEADS + "]" + RESIDUE + "+")
# What a damaged word holds: a placeholder, a lead byte that lost its partner, a bare â.
_DAMAGE_CHARS = frozenset(PLACEHOLDERS + _LETTER_LEADS + "\u00e2")
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
# A lead byte and a continuation byte shown as Windows-1252 shows 80-9F: Windows-1252 mojibake.
_CP1252_SEEN = lazyre.compile("[\u00c2-\u00cf\u00e2](?:" + "|".join(
    re.escape(bytes([b]).decode("cp1252")) for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)) + ")")
# What a continuation byte (80-BF) looks like in Latin-1 or Windows-1252.
_CONTINUATIONS = frozenset(bytes(range(0x80, 0xC0)).decode("latin-1")
                           + bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore"))

# Languages that write compounds as one word: a damaged compound is looked up in two parts.
_COMPOUNDING = ("de", "nl", "sv", "da", "nb", "is")
# Languages whose words end in à.
_GRAVE_A_LANGUAGES = ("fr", "it", "pt", "ca")
# Languages in which â is a letter: a word with â found in their dictionaries is left alone.
_CIRCUMFLEX_LANGUAGES = ("fr", "pt", "ro", "tr", "vi")
# The languages (with a word list) that write each lead letter as a letter of their own words:
# a word holding one that such a language knows as written is no damage (MÃO, ÅSE, ÇOK).
_LEAD_LETTER_LANGUAGES = {
    "\u00e3": ("pt", "vi"), "\u00e4": ("de", "fi", "sv", "sk"), "\u00e5": ("sv", "da", "nb", "fi"),
    "\u00e6": ("da", "nb", "is"), "\u00e7": ("fr", "pt", "ca", "tr"), "\u00e8": ("fr", "it", "ca"),
    "\u00e9": ("fr", "es", "pt", "it", "ca", "hu", "cs"), "\u00ea": ("fr", "pt", "vi"), "\u00eb": ("fr", "nl"),
    "\u00ee": ("fr", "ro"), "\u00ef": ("fr", "nl", "ca"),
}

_TRIGGER_RE = lazyre.compile("[\u00e2\u00c3\u00c4\u00c5\ufffd" + "".join(_SWALLOWING) + "".join(_LOOKALIKE) + "]")
_LETTER_Q_RE = lazyre.compile(r"(?!\u00e2)[^\W\d_]\?(?!\u00e2)[^\W\d_]")  # (â is damage, not a letter: `here?â It`)
# Whether _LETTER_Q_RE matches at all, found from the question marks (a literal the
# engine skips to) instead of trying the letter class at every position.
_ANY_LETTER_Q = lazyre.compile(r"\?(?<=[^\W\d_]\?)(?=[^\W\d_])")
_WORD_RE = lazyre.compile(r"(?:[^\W\d_]|[?\ufffd])+")

_BARE_CONTRACTION = strong_contraction("\u00e2")
_POSSESSIVE = lazyre.compile(r"(?<![^\W\d_])[A-Za-z]{2,}\u00e2s(?![^\W\d_])")
# (the bare-â patterns begin with their â, so that a search skips to each â in C)
_BARE_BEFORE_CAPITAL = lazyre.compile(r"\u00e2(?<![^\s(\[:;,]\u00e2)(?=[A-Z])")  # at a line's start or after \s ( [ : ; ,
_BARE_AFTER_PUNCT = lazyre.compile(r"\u00e2(?<=[.,!?;:]\u00e2)(?=\s|$|[A-Za-z])", re.M)
_PLACEHOLDER_CONTRACTION = strong_contraction("[?\ufffd]")
_QMARK_POSSESSIVE = lazyre.compile(r"(?<![^\W\d_])[A-Za-z]{2,}\?s(?![^\W\d_])")
# A ? set off by spaces between words: English never spaces a question mark (`airline ? the`).
_Q_SPACED = lazyre.compile(r"\?(?<=[^\W\d_] \?)(?= [^\W\d_])")
_QMARK_CONTRACTION = strong_contraction("\\?")
_Q_OPENS_WORD = lazyre.compile(r"\?(?<![^\s(\[\"]\?)(?=[^\W\d_])")
# â with placeholders for its lost bytes, or with a surviving final byte: never real text.
_E2_REMNANT = lazyre.compile("\u00e2(?:[?\ufffd]{2}|[?\ufffd]?[\u00a2\u00a6\u00ac])")
# A C1 byte that became a space: `isnâ t` (’ is E2 80 99, its controls turned into a space),
# `â œYes` (“ is E2 80 9C: 80 became a space, 9C shows as Windows-1252's œ).
SPACED_CONTRACTION = strong_contraction("\u00e2 ")
# ... and a possessive (`doctorâ s appointments`), read in English text or beside the spaced
# habit: Aromanian writes â before a clitic s- (`umineshtsâ s-fac`).
SPACED_POSSESSIVE = lazyre.compile(r"(?<![^\W\d_])[A-Za-z]{2,}\u00e2 s(?=[\s.,;:!?)\]]|$)")
# What every match of SPACED_CONTRACTION and SPACED_POSSESSIVE holds: searched first, from its
# `â` (a literal the engine skips to), where their letter classes would be tried everywhere.
SPACED_SUFFIX = lazyre.compile(r"\u00e2 (?:t|re|ve|ll|d|m|s)(?![^\W\d_])")
# The Windows-1252 glyph of a third byte, and the punctuation E2 80 + that byte is (not “ ”,
# the glyphs of 93 94: Welsh writes the word â before a quote).
SPACED_FINAL = {bytes([b]).decode("cp1252"): bytes([0xE2, 0x80, b]).decode("utf-8")
                for b in (0x98, 0x99, 0x9C, 0x9E, 0xA6)}
# ™ read as Windows-1252 (â„¢) with „ straightened to " by a quote normaliser.
_TM_STRAIGHTENED = lazyre.compile('\u00e2"\u00a2')
_E2_SPACED = lazyre.compile("\u00e2 [" + "".join(SPACED_FINAL) + "]")
# In English text a bare â is never a word or a word's end.
_ENGLISH_BARE = lazyre.compile(r"\u00e2(?:(?<= \u00e2)(?= )|(?<=[a-z]\u00e2)(?=[.,;:!?]))")
