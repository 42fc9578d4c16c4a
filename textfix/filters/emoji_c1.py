"""Emoji whose UTF-8 was read as Windows-1252 or Windows-1251 and lost a byte (`â Œ` for
❌, `âš ï¸` for ⚠️, `рџ‚` for 😂).

A single-byte reading loses the bytes its code page leaves undefined (Windows-1252: 81 8D
8F 90 9D; Windows-1251: 98): a decoder drops them or shows a space; a no-break space (A0)
often becomes a space too. Emoji hold such bytes more than any other text (❌ is E2 9D 8C,
⏳ E2 8F B3, every 😀-😿 is F0 9F 98 xx, the variation selector after ⚠ is EF B8 8F), so
scraped pages show `â Œ Failed`, `âš ï¸  No products found`, `Made with â ¤ï¸  by`,
`["рџ‚", "рџі"]`. ftfy reads the space as a lost A0 and makes braille (`⠌`), or leaves the
sequence alone.

A site is a lead's glyphs (E2 and two more bytes; F0 9F and two more) whose continuation
glyphs lack one byte: a space stands where it was, or it was dropped. Every byte that can be
lost is tried in every place it can be. A site is repaired only when one reading is certain:
the only emoji that shows as an emoji by default (Emoji_Presentation: 😂, not the playing
card 🂘 the same bytes allow), else the only pictograph (⚠; its other readings are APL,
braille, control pictures). Two readings of the same rank (`âœ ` is ✍ ✏ or ✝) are flagged,
not guessed. A variation selector that lost its 8F (`ï¸`) right after the emoji is U+FE0F,
the only one emoji take. Encoded twice or more, the lost byte leaves a `Â` per outer layer
once the rest is decoded (`⚠ï¸Â Cannot`): part of the site, the same byte lost.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterator, NamedTuple, Optional
from .. import lazyre

VS16 = "\ufe0f"
# What each outer layer of a text encoded twice or more through Windows-1252 left of a byte
# lost in the last pass, once the rest is decoded: a `Â` (`ðŸ¤Â`, `ï¸Â`; lossy/chars.py).
RESIDUE = "\u00c2"
NBSP = "\u00a0"
# Glyphs that text sets after a word and a space, or glues to one: after a bare `â` (Welsh
# writes the word â before a quote: `â “`) they are read as an emoji only when a variation
# selector's remnant follows.
_TEXT_GLYPHS = set("\u201c\u201d\u2018\u2019\u201e\u2022\u2013\u2014\u2026\u00a1\u00bf\u00ab\u00bb\u00a9\u00ae"
                   "\u00b0\u00b1\u00b7\u00a7\u00b6\u00a3\u00a5\u00a2\u20ac\u2122")


# Characters text holds far more often than any emoji the same bytes allow: a reading among
# them means the bytes were punctuation, left to the lossy rules (`â ¦` is …, `â¬` €).
COMMON = set("\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2032\u2033"
             "\u2039\u203a\u203c\u2044\u20ac\u2122\u2116\u2103\u2190\u2191\u2192\u2193\u2194")
# Windows-1252's glyphs for 80-9F (Latin-1 has invisible controls there): after a mojibake
# lead anywhere in the text, those that no language writes as letters (š ž œ are letters)
# show the text was read as Windows-1252.
# In a site any of them does (`âš`: in Latin-1 its 9A would be an invisible control).
_LATIN1_C1 = set(bytes(range(0x80, 0xA0)).decode("cp1252", "ignore"))
_ANY_LOST = tuple(range(0x80, 0xA0)) + (0xA0,)
_CP1252_SIGN = lazyre.compile("[\u00e2\u00c3\u00c2\u00f0\u00ef]["
                          + "".join(sorted(ch for ch in _LATIN1_C1 if not ch.isalpha())) + "]")


class CodePage(NamedTuple):
    """A single-byte reading of UTF-8 and what it loses."""

    codec: str
    name: str
    undefined: tuple  # bytes a decoder drops or shows as a space
    leads: tuple  # the lead bytes read here (E2 only where its glyph is no common word)


class EmojiSite(NamedTuple):
    """A repaired emoji (`after`) or, when `after` is None, a flagged sequence with `readings`."""

    start: int
    end: int
    after: Optional[str]
    readings: str
    lost: str
    codec: str
    name: str


# Windows-1251's E2 is `в`, a Russian word: only F0 9F (`рџ`, no word) is read there.
CODE_PAGES = (
    CodePage("cp1252", "Windows-1252", (0x81, 0x8D, 0x8F, 0x90, 0x9D), (b"\xe2", b"\xf0\x9f")),
    CodePage("cp1251", "Windows-1251", (0x98,), (b"\xf0\x9f",)),
)


class _Tables(NamedTuple):
    lost: tuple
    continuation: Dict[str, int]
    leads: Dict[str, bytes]
    site: "re.Pattern"
    vs16: "re.Pattern"


@lru_cache(maxsize=None)
def _tables(page: CodePage) -> _Tables:
    """A code page's glyph tables and site pattern: a lead's glyphs + one or two slots, each a
    continuation glyph or a space (the last may be missing: dropped)."""
    lost = page.undefined + (0xA0,)
    continuation = {bytes([b]).decode(page.codec): b for b in range(0x80, 0xC0) if b not in lost}
    leads = {lead.decode(page.codec): lead for lead in page.leads}
    glyphs = "".join(re.escape(ch) for ch in continuation)
    residue = f"|{RESIDUE}+" if page.codec == "cp1252" else ""
    vs = b"\xef\xb8".decode(page.codec)
    # (A0 intact: whole only before a selector's remnant, so a no-break space is a slot only there)
    nbsp = f"|{NBSP}(?={re.escape(vs)})" if page.codec == "cp1252" else ""
    site = re.compile("(?:" + "|".join(map(re.escape, leads)) + f")[{glyphs} ](?:[{glyphs} ]{nbsp}{residue})?")
    eight_f = f"(?:{RESIDUE}+)? ?" if 0x8F in lost and residue else b"\x8f".decode(page.codec) if 0x8F not in lost else " ?"
    return _Tables(lost, continuation, leads, site, re.compile(re.escape(vs) + eight_f))


@lru_cache(maxsize=1)
def _classes() -> tuple:
    import regex

    return regex.compile(r"\p{Emoji_Presentation}"), regex.compile(r"\p{Extended_Pictographic}")


def readings(page: CodePage, lead: bytes, slots: str, lost: tuple, dropped: tuple) -> Dict[str, str]:
    """What `lead` + the slots (two bytes after the lead) can be, each with how its byte was
    lost: a space slot as any of `lost`, or one of `dropped` dropped anywhere (then a
    trailing space is the text's own). Pictographs, and the common punctuation that competes
    with them (`â ¦` is … whose 80 became a space, `â¬` € that lost its 82). Whole (`рџ’Ђ`,
    a line ftfy did not take up): the emoji it is, when it shows as one by default."""
    tables = _tables(page)
    presentation, pictographic = _classes()
    found: Dict[str, str] = {}

    def decode(data: bytes, how: str):
        try:
            ch = data.decode("utf-8")
        except UnicodeDecodeError:
            return
        if len(ch) == 1 and (pictographic.fullmatch(ch) or ch in COMMON):
            found.setdefault(ch, how)

    if len(slots) == 2 and " " not in slots:
        ch = (lead + bytes(tables.continuation[ch] for ch in slots)).decode("utf-8", "replace")
        return {ch: "none lost"} if len(ch) == 1 and presentation.fullmatch(ch) else {}
    if len(slots) == 2 and slots.count(" ") == 1:
        for b in lost:
            decode(lead + bytes(b if ch == " " else tables.continuation[ch] for ch in slots), f"{b:02X} shown as a space")
    kept = slots.rstrip(" ")
    if len(kept) == 1:
        known = tables.continuation[kept]
        for b in dropped:
            for data in (lead + bytes([b, known]), lead + bytes([known, b])):
                decode(data, f"{b:02X} dropped")
    return found


def certain(found: Dict[str, str]) -> Optional[str]:
    """The one reading that is certain: alone among the emoji shown as emoji by default, or
    (none such) alone among the pictographs; none where common punctuation competes."""
    presentation, _ = _classes()
    shown = [ch for ch in found if presentation.fullmatch(ch)]
    if len(shown) == 1:
        return shown[0]
    if not shown and len(found) == 1:
        return next(iter(found))
    return None


def emoji_sites(text: str) -> Iterator[EmojiSite]:
    """The damaged emoji of the text, per code page, left to right; repaired where one
    reading is certain, else (after=None) to be flagged."""
    for page in CODE_PAGES:
        tables = _tables(page)
        if any(lead in text for lead in tables.leads):
            for m in tables.site.finditer(text):
                site = _site(text, m, page, tables)
                if site is not None:
                    yield site
    yield from _lone_selectors(text)


def _lone_selectors(text: str) -> Iterator[EmojiSite]:
    """The remnant of a variation selector that lost its 8F right after an emoji already
    decoded (`⚠ï¸Â Cannot`: the emoji's bytes survived, or another pass repaired them):
    U+FE0F, the only selector emoji take."""
    page = CODE_PAGES[0]
    tables = _tables(page)
    if "\u00ef\u00b8" not in text:
        return
    _, pictographic = _classes()
    for vs in tables.vs16.finditer(text):
        i = vs.start()
        if i and pictographic.fullmatch(text[i - 1]) and text[vs.end():vs.end() + 1] != "\x8f":
            yield EmojiSite(i, _vs16_end(text, vs), VS16, VS16, "8F dropped", page.codec, page.name)


def _site(text: str, m: "re.Match", page: CodePage, tables: _Tables) -> Optional[EmojiSite]:
    s = m.group()
    prefix = next(glyphs for glyphs in tables.leads if s.startswith(glyphs))
    lead, slots = tables.leads[prefix], s[len(prefix):].rstrip(RESIDUE)
    end = m.end()
    vs = tables.vs16.match(text, end)
    if lead == b"\xe2" and vs is None and set(slots) <= _TEXT_GLYPHS | {" "}:
        return None
    before = text[m.start() - 1:m.start()]
    if before.isalpha() or before in tables.continuation:
        return None  # glued to a word (Inari Sami writes `almosmaailmlâš julgáštus`) or inside a run of mojibake
    if vs is not None and len(slots) == 2 and NBSP in slots and " " not in slots:
        return _whole_before_selector(text, m, page, lead, slots, vs)
    found = readings(page, lead, slots, *_lost_bytes(text, page, tables, slots))
    if not found or not COMMON.isdisjoint(found):
        return None  # punctuation that lost a byte (`â¬`, `â ¦`): the lossy rules' business
    after = certain(found)
    if after is None:
        return EmojiSite(m.start(), end, None, "".join(found), ", ".join(found.values()), page.codec, page.name)
    how = found[after]
    if "dropped" in how and slots.endswith(" "):
        end -= 1  # the space is the text's own
        vs = tables.vs16.match(text, end)
    if vs is not None:
        end = _vs16_end(text, vs)
        after += VS16
    return EmojiSite(m.start(), end, after, after, how, page.codec, page.name)


def _whole_before_selector(text: str, m: "re.Match", page: CodePage, lead: bytes, slots: str,
                           vs: "re.Match") -> Optional[EmojiSite]:
    """An emoji whose last byte A0 survived as a no-break space (`âš\xa0` is ⚠, E2 9A A0),
    before the remnant of its variation selector: the emoji and U+FE0F, when its bytes make
    a pictograph (the selector's remnant says an emoji stood there)."""
    _, pictographic = _classes()
    try:
        ch = (lead + bytes(0xA0 if c == NBSP else _tables(page).continuation[c] for c in slots)).decode("utf-8")
    except (UnicodeDecodeError, KeyError):
        return None
    if len(ch) != 1 or not pictographic.fullmatch(ch):
        return None
    return EmojiSite(m.start(), _vs16_end(text, vs), ch + VS16, ch + VS16, "none lost, 8F of FE0F dropped",
                     page.codec, page.name)


def _lost_bytes(text: str, page: CodePage, tables: _Tables, slots: str) -> tuple:
    """The bytes that may have been lost (shown as a space, dropped): the code page's
    undefined ones (and A0) where the text shows it was read with that code page (a glyph
    only it has for 80-9F: `âš` is E2 9A, `â€` E2 80), else any C1 byte too, which a
    Latin-1 reading turns into an invisible control that gets stripped."""
    if page.codec != "cp1252" or not _LATIN1_C1.isdisjoint(slots) or shows_cp1252(text):
        return tables.lost, page.undefined
    return _ANY_LOST, _ANY_LOST[:-1]


def shows_cp1252(text: str) -> bool:
    """Whether the text shows it was read as Windows-1252: a lead, then a glyph only that code
    page has for 80-9F (`â€`). `_lost_bytes` reads it from the whole document (a run in
    windows asks each window: windows.py)."""
    return _CP1252_SIGN.search(text) is not None


def _vs16_end(text: str, vs: "re.Match") -> int:
    """Where the variation selector's remnant after an emoji ends: a space it ends in is the
    lost 8F only when another space or the line's end follows (`âš ï¸  No products`);
    before a word it is the text's own gap."""
    end = vs.end()
    if vs.group().endswith(" ") and text[end:end + 1] not in ("", " ", "\n", "\r"):
        end -= 1
    return end


# The lead glyphs of every code page (â, ð, рџ) and a selector's remnant (ï¸): a text
# without any holds no site.
HINTS = ("\u00e2", "\u00f0", "\u0440\u045f", "\u00ef\u00b8")


def maybe(text: str) -> bool:
    """Whether the text may hold a damaged emoji (a screen: no decoding): a site with a space
    in a slot or a slot missing (`â€œ`, whole, is ftfy's business)."""
    for page in CODE_PAGES:
        tables = _tables(page)
        for m in tables.site.finditer(text) if any(lead in text for lead in tables.leads) else ():
            s = m.group()
            prefix = next(glyphs for glyphs in tables.leads if s.startswith(glyphs))
            if " " in s or len(s[len(prefix):].rstrip(RESIDUE)) < 2:
                return True
    return next(_lone_selectors(text), None) is not None
