"""UTF-8 read through a single-byte code page, whole or with lost bytes, run by run
(`ΓÇÖ` for ’ through IBM 437, `п╣я│п╩п╦` for если through KOI8-R, `Ð½ÐµÐ»ÑŒÐ·Ñ` for
нельзя through Windows-1252 with я's 8F dropped, `ΞΞµΟ„Ξ±` for Μετα through Windows-1253).

A run is a stretch of the page's glyphs for bytes 80-FF. Its bytes are decoded as UTF-8; a
sequence short of one continuation byte lost a byte the page leaves undefined (a decoder
drops it) or its soft hyphen AD (invisible, lost on copying); on the pages ftfy does not
read, where runs may hold spaces, a space where a continuation byte belongs was such a byte
or A0. U+FFFD in place of a lost byte is ftfy's own mark for it and stays (as in ftfy's
cases). What is certain is repaired, the rest flagged:

- a whole run (every byte there) is certain when the page is one ftfy does not read (IBM
  437 lines its badness never flags, KOI8-R, Windows-874), the run as shown is no text
  (a symbol, or letters of two scripts touching; box drawing alone is line art) and its
  reading is: letters of the page's scripts and common punctuation;
- a lost byte is certain when one letter of the run's script fits, or when the page's
  languages' word lists (wordfreq) know one of the words the candidates make, or one far
  ahead of the others (MIN_LEAD times as frequent, and common);
  otherwise the run is left as it is and flagged with its readings.

ftfy reads whole Windows-1252/1251/1253 sequences itself; on those pages only runs that
lost a byte are taken here (ftfy leaves them half done: `ПожалуйÑта`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product
from math import log10
from typing import Iterator, List, NamedTuple, Optional, Tuple, Union

from ..model import Change
from . import dropped_kana
from .spans import char_edits
from .. import lazyre

# Per word, at most this many ways to fill its lost bytes are looked up.
MAX_COMBINATIONS = 4096


class Page(NamedTuple):
    """A single-byte reading of UTF-8: what it loses and what the text under it may be."""

    codec: str
    rule: str  # the rule id's suffix: mojibake.utf8-as-<rule>
    name: str
    scripts: Tuple[str, ...]  # the scripts of the UTF-8 text read through it
    languages: Tuple[Tuple[str, Tuple[str, ...]], ...]  # per script, the word lists that decide
    whole: bool  # whole runs are repaired here (ftfy does not read this page's lines)
    leads: bytes  # the UTF-8 lead bytes of those scripts' text (and punctuation's, on whole pages)
    c1_from: str = ""  # the code page whose glyphs stand for bytes 80-9F this one leaves undefined


_CYRILLIC = ("ru", "uk", "bg")
# UTF-8 lead bytes: Greek and Coptic CD-CF, Cyrillic D0-D3, Thai E0, Latin-1 and Latin
# Extended C2-C9, General Punctuation E2.
_GREEK, _CYR, _THAI, _LATIN, _PUNCT = b"\xcd\xce\xcf", b"\xd0\xd1\xd2\xd3", b"\xe0", bytes(range(0xC2, 0xCA)), b"\xe2"
# CJK punctuation, kana and ideographs (U+3000-9FFF): E3-E9.
_CJK = bytes(range(0xE3, 0xEA))
PAGES = (
    Page("cp1252", "cp1252", "Windows-1252", ("Cyrillic", "Greek", "CJK"),
         (("Cyrillic", _CYRILLIC), ("Greek", ("el",))), False, _CYR + _GREEK + _CJK),
    Page("cp1253", "cp1253", "Windows-1253", ("Greek",), (("Greek", ("el",)),), False, _GREEK),
    Page("cp1251", "cp1251", "Windows-1251", ("Cyrillic",), (("Cyrillic", _CYRILLIC),), False, _CYR),
    Page("cp437", "cp437", "IBM code page 437", ("Latin", "Cyrillic", "Greek"),
         (("Cyrillic", _CYRILLIC), ("Greek", ("el",))), True, _LATIN + _PUNCT + _CYR + _GREEK),
    Page("koi8_r", "koi8r", "KOI8-R", ("Cyrillic",), (("Cyrillic", _CYRILLIC),), True, _CYR + _PUNCT),
    # Windows shows 80-9F of Windows-874 as Windows-1252 does (`เธ™` is น, E0 B8 99)
    Page("cp874", "cp874", "Windows-874", ("Thai",), (), True, _THAI + _PUNCT, "cp1252"),
)


# What any reading may hold besides letters: general punctuation (’ — “ ” … •), the
# no-break space, signs (°, №, ™), arrows, box drawing (comment rules), check marks, emoji.
@lru_cache(maxsize=1)
def _punctuation() -> "regex.Pattern":
    import regex  # ~7 ms to import: only a text with a code-page run pays it

    return regex.compile(r"[\u00a0\u00ab\u00bb\u00b0\u00b7\u2010-\u2027\u2030-\u205e\u20ac\u2116\u2122"
                         r"\u2190-\u2199\u2500-\u257f\u2713\u2714\u2716\u2717]|\p{Extended_Pictographic}\ufe0f?")


# A dictionary reading is taken over others when it is this many times as frequent as the
# next and common (Zipf >= MIN_ZIPF): the lossy letters' standard for a confident reading.
MIN_LEAD = 10
MIN_ZIPF = 2.0


class Tables(NamedTuple):
    byte: dict  # glyph -> byte (80-FF)
    lost: Tuple[int, ...]  # bytes that may be missing: undefined, and AD where it is a soft hyphen
    run: "re.Pattern"
    hint: "re.Pattern"  # where a run of damage starts (_hint)


@lru_cache(maxsize=None)
def tables(page: Page) -> Tables:
    """The page's glyph table and patterns, computed from the codec."""
    byte = {}
    for b in range(0x80, 0x100):
        ch = bytes([b]).decode(page.codec, "ignore")
        if not ch and page.c1_from and b < 0xA0:
            ch = bytes([b]).decode(page.c1_from, "ignore")
        if ch:
            byte[ch] = b
    undefined = tuple(b for b in range(0x80, 0x100) if b not in byte.values())
    soft_hyphen = (0xAD,) if byte.get("\xad") == 0xAD else ()
    glyphs = "".join(re.escape(ch) for ch in byte)
    run = f"[{glyphs}]+" + (f"(?: [{glyphs}]+)*" if page.whole else "")
    return Tables(byte, undefined + soft_hyphen, re.compile(run), re.compile(_hint(page, byte)))


def _hint(page: Page, byte: dict) -> str:
    """A lead glyph of the page's scripts and what follows it in damage: on a page ftfy does
    not read, a whole sequence of continuation glyphs (`ΓÇÖ`, `п╣`; Russian or Thai text
    puts a letter after `п` or `เ` and never box drawing); on the others any glyph (a
    sequence that lost its continuation is followed by the next lead). One class first,
    the rest after it as lookbehinds, so the engine skips to the leads."""
    def glyphs(test):
        return "[" + "".join(re.escape(ch) for ch, b in byte.items() if test(b)) + "]"

    leads = glyphs(lambda b: b in page.leads)
    if not page.whole:
        return leads + glyphs(lambda b: True)
    cont = glyphs(lambda b: 0x80 <= b <= 0xBF)
    two = glyphs(lambda b: b in page.leads and b < 0xE0)
    three = glyphs(lambda b: b in page.leads and b >= 0xE0)
    alternatives = [f"(?<={two}){cont}"] if two != "[]" else []
    alternatives += [f"(?<={three}){cont}{cont}"] if three != "[]" else []
    return f"{leads}(?:{'|'.join(alternatives)})"


class Site(NamedTuple):
    """A run's repair (`after`) or, when `after` is None, a flagged run and why."""

    start: int
    end: int
    after: Optional[str]
    why: str
    page: Page
    lost: int  # how many of its bytes were lost
    script: str = ""


def maybe(text: str) -> bool:
    """Whether a page ftfy does not read may have a run here (a screen: no decoding; on the
    others ftfy's badness finds the whole sequences around a lost byte)."""
    return _joined_hint(True).search(text) is not None


@lru_cache(maxsize=2)
def _joined_hint(whole_only: bool) -> "re.Pattern":
    """The hints of the pages (those ftfy does not read, or all) as one pattern with one
    leading class: one pass over a text instead of one per page."""
    parts = []
    for page in PAGES:
        if page.whole or not whole_only:
            pattern = tables(page).hint.pattern
            lead_class, rest = pattern[:pattern.index("]") + 1], pattern[pattern.index("]") + 1:]
            parts.append((lead_class, rest[3:-1] if rest.startswith("(?:") else f"(?<={lead_class}){rest}"))
    leads = "".join(lead_class[1:-1] for lead_class, _ in parts)
    return re.compile(f"[{leads}](?:" + "|".join(rest for _, rest in parts) + ")")


def hinted(text: str) -> list:
    """The pages whose hint `text` shows (where `sites` looks for runs)."""
    if _joined_hint(False).search(text) is None:
        return []
    return [page for page in PAGES if tables(page).hint.search(text)]


def sites(text: str, pages: Optional[list] = None) -> Iterator[Site]:
    """The runs to repair or flag, per page, none overlapping one taken before; `pages`: the
    pages whose hint the whole document shows, when `text` is a window of it (windows.py)."""
    taken: List[Tuple[int, int]] = []
    for page in hinted(text) if pages is None else pages:
        t = tables(page)
        for m in t.run.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            site = _site(text, m.start(), m.end(), page, t)
            if site is not None:
                taken.append((site.start, site.end))
                yield site


# A run's decoded pieces: a character, or the characters one lost byte may have made.
Piece = Union[str, Tuple[str, ...]]


def _site(text: str, start: int, end: int, page: Page, t: Tables) -> Optional[Site]:
    run = text[start:end]
    if text[end:end + 1] in ("\ufffd", "?"):
        return None  # a lost byte marked there: ftfy's mark, or a placeholder the lossy rules read
    data = [0x20 if ch == " " else t.byte[ch] for ch in run]
    pieces = decode(data, t)
    if not pieces:
        return None
    lost = sum(1 for p in pieces if not isinstance(p, str))
    if (lost or page.whole) and not _no_text(run):
        return None  # (a whole run of a page ftfy reads is only taken beside a repaired one)
    if lost and sum(1 for p in pieces if isinstance(p, str) and p.isalpha()) < lost:
        return None  # mostly guesses (`РФ` would be И + a guess): capitals of correct text, not damage
    script = _script(pieces, page)
    if script is None:
        return None
    choices = [tuple(ch for ch in p if _in_script(ch, script)) if not isinstance(p, str) else p for p in pieces]
    if any(not c for c in choices):
        return None  # a lost byte that no letter of the script fits: not this damage
    if not lost:
        return Site(start, end, "".join(choices), "every byte there", page, 0)
    if script in _FLAGGED_ONLY:
        return Site(start, end, None, "ideographs, kana or CJK punctuation fit each lost byte; "
                                      "no word list decides", page, lost, script)
    reading, why = _resolve(choices, dict(page.languages).get(script, ()))
    return Site(start, end, reading, why, page, lost)


def decode(data: List[int], t: Tables) -> Optional[List[Piece]]:
    """The run's bytes as UTF-8, where a sequence short of one byte (dropped, or a space in
    its place) becomes the characters each lost byte makes; None where it is no UTF-8."""
    pieces: List[Piece] = []
    i = 0
    while i < len(data):
        b = data[i]
        if b == 0x20:
            pieces.append(" ")
            i += 1
            continue
        size = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        if not size:
            return None
        k = 0
        while k < size - 1 and i + 1 + k < len(data) and (data[i + 1 + k] == 0x20 or 0x80 <= data[i + 1 + k] <= 0xBF):
            k += 1
        tail = data[i + 1:i + 1 + k]
        if 0x20 in tail:  # a lost byte shown as a space, or the text's own space after a dropped one
            return None if tail.count(0x20) > 1 else _spaced(pieces, [b] + tail[:tail.index(0x20)], data, i, size, t)
        if k == size - 1:
            try:
                pieces.append(bytes([b] + tail).decode("utf-8"))
            except UnicodeDecodeError:
                return None
        elif k == size - 2:
            pieces.append(_readings([[b] + tail[:at] + [x] + tail[at:] for x in t.lost for at in range(k + 1)]))
        else:
            return None
        i += 1 + k
    return pieces


def _spaced(pieces, head, data, i, size, t) -> Optional[List[Piece]]:
    """A space where a continuation byte belongs (only whole pages' runs hold spaces): a
    lost byte shown as a space (an undefined one, or A0), the rest decoded after it."""
    at = len(head)
    rest = data[i + at + 1:]
    k = 0
    while len(head) + 1 + k < size and k < len(rest) and 0x80 <= rest[k] <= 0xBF:
        k += 1
    if len(head) + 1 + k != size:
        return None
    spaced = _readings([head + [x] + rest[:k] for x in t.lost + (0xA0,)])
    after = decode(rest[k:], t)
    if after is None:
        return None
    return pieces + [spaced] + after


def _readings(candidates) -> Tuple[str, ...]:
    """The single characters the candidate byte sequences decode to, each once."""
    found = []
    for seq in candidates:
        try:
            ch = bytes(seq).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(ch) == 1 and ch not in found:
            found.append(ch)
    return tuple(found)


@lru_cache(maxsize=None)
def _script_pattern(script: str) -> "regex.Pattern":
    import regex

    return regex.compile(rf"\p{{Script={script}}}")


# The letters (and marks) the pages' languages write: basic Cyrillic with Ukrainian ґ, modern
# Greek with its accents, Thai; any Latin letter. Correct text that happens to decode gives
# the rest (Ғ Ӕ ӣ, Coptic ϐ, combining marks: capitals of Kazakh or Kurdish), never these.
_ALPHABETS = {"Cyrillic": "[\u0400-\u045f\u0490\u0491]", "Greek": "[\u0386-\u03ce]",
              "Thai": "[\u0e01-\u0e3a\u0e40-\u0e4e]",
              # kana, ideographs and the CJK punctuation between them (、 loses its 81 in
              # Windows-1252): no word list decides between ideographs, so never repaired
              "CJK": "[\u3001-\u3003\u3005-\u3011\u3014-\u301f\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]"}
_FLAGGED_ONLY = ("CJK",)


@lru_cache(maxsize=None)
def _alphabet(script: str) -> Optional["re.Pattern"]:
    """`_ALPHABETS[script]` compiled, on first use (the CJK class alone takes 2 ms to compile,
    which every start-up paid though few texts reach this test)."""
    pattern = _ALPHABETS.get(script)
    return None if pattern is None else re.compile(pattern)


def _in_script(ch: str, script: str) -> bool:
    """A letter (or mark) of the script's alphabet: what a lost byte of a word was, and what a
    reading of damage is made of."""
    alphabet = _alphabet(script)
    if script in _FLAGGED_ONLY:
        return alphabet.match(ch) is not None
    if alphabet is not None:
        return alphabet.match(ch) is not None and (ch.isalpha() or unicodedata.category(ch).startswith("M"))
    return ch.isalpha() and _script_pattern(script).match(ch) is not None


def _script(pieces: List[Piece], page: Page) -> Optional[str]:
    """The one script of the page whose letters make every whole non-ASCII character that is
    no punctuation; None when there is none, or the run has no such letter."""
    whole = [p for p in pieces if isinstance(p, str) and not p.isascii() and not _punctuation().match(p)]
    if not whole:
        return None if any(not isinstance(p, str) for p in pieces) else page.scripts[0]
    for script in page.scripts:
        if all(_in_script(ch, script) for ch in whole):
            return script
    return None


def _no_text(run: str) -> bool:
    """The run as shown is no text: it holds a symbol (maths, a currency or punctuation sign,
    box drawing beside something else) or letters of two scripts touching (`ΓÇ`: Greek, then
    Latin). Box drawing and blocks alone are line art (`├┤a┼┐a`), whatever they decode to."""
    if _LINE_ART.fullmatch(run):
        return False
    letters = []
    for ch in run:
        if not ch.isalpha():
            return True
        letters.append(ch)
    scripts = [_letter_script(ch) for ch in letters]
    return any(a != b for a, b in zip(scripts, scripts[1:]))


_LINE_ART = lazyre.compile("[\u2500-\u259f ]+")


def _letter_script(ch: str) -> str:
    for script in ("Latin", "Greek", "Cyrillic", "Thai"):
        if _script_pattern(script).match(ch):
            return script
    return "other"


def _resolve(choices: List[Piece], languages: Tuple[str, ...]) -> Tuple[Optional[str], str]:
    """The run's text when every lost byte is certain: one letter fits, or the word lists know
    one word the letters make; else (None, the readings) to flag."""
    out, whys, i = [], [], 0
    while i < len(choices):
        j = i
        while j < len(choices) and (not isinstance(choices[j], str) or choices[j].isalpha()):
            j += 1
        if j == i:
            out.append(choices[i])
            i += 1
            continue
        word = choices[i:j]
        known, why = _word(word, languages)
        if known is None:
            return None, why
        out.append(known)
        whys.extend([why] if why else [])
        i = j
    return "".join(out), "; ".join(whys) or "one letter fits"


def _word(word: List[Piece], languages: Tuple[str, ...]) -> Tuple[Optional[str], str]:
    """The word with its lost bytes filled, when that is certain."""
    open_ = [p for p in word if not isinstance(p, str)]
    if all(len(p) == 1 for p in open_):
        return "".join(p if isinstance(p, str) else p[0] for p in word), ""
    shown = "".join(p if isinstance(p, str) else "?" for p in word)
    count = 1
    for p in open_:
        count *= len(p)
    if not languages or count > MAX_COMBINATIONS:
        return None, f"{shown!r}: " + " / ".join("".join(p) for p in open_) + " fit, no word list decides"
    from .lossy.language import _freqs

    lists = [_freqs(lang) for lang in languages]
    found = {}
    for filled in product(*[p if not isinstance(p, str) else (p,) for p in word]):
        candidate = "".join(filled)
        frequency = max(f.get(candidate.casefold(), 0.0) for f in lists)
        if frequency:
            found[candidate] = frequency
    ranked = sorted(found.items(), key=lambda kv: -kv[1])
    if len(ranked) == 1:
        return ranked[0][0], f"{ranked[0][0]!r}, the one reading the word lists know"
    if len(ranked) > 1 and ranked[0][1] >= MIN_LEAD * ranked[1][1] and 9 + log10(ranked[0][1]) >= MIN_ZIPF:
        return ranked[0][0], (f"{ranked[0][0]!r}, {ranked[0][1] / ranked[1][1]:.0f}x as frequent as "
                              f"the next reading {ranked[1][0]!r}")
    return None, f"{shown!r}: the word lists ({', '.join(languages)}) know {len(found)} readings, none far ahead"


def with_runs(text: str, changes: List[Change], ctx, pages: Optional[list] = None) -> List[Change]:
    """The changes with the runs of UTF-8 read through a single-byte code page that are
    certain (and none inside a flagged CJK run). On a page ftfy does not read, a whole run where ftfy changed
    nothing. On the others, a line with a run whose lost bytes are certain is taken whole,
    in place of ftfy's partial edits there (they are aligned to ftfy's output, not to the
    runs), when what they replace lies in that page's runs. A run whose lost bytes are not certain
    is left as it is and flagged."""
    found = list(sites(text, pages))
    # a CJK run that lost bytes stays whole: an edit of part of it (ftfy's, of its whole
    # sequences) leaves a mix that can no longer be read back as the page's bytes; unless
    # it is Japanese whose lost bytes are certain (dropped_kana.py: repaired there)
    kept_whole = [(s.start, s.end) for s in found if s.after is None and s.script in _FLAGGED_ONLY]
    if kept_whole:
        kana = [(start, end) for start, end, _ in dropped_kana.kana_runs(text)]
        found = [s for s in found if not (s.script in _FLAGGED_ONLY and _overlaps(s.start, s.end, kana))]
        kept_whole = [(start, end) for start, end in kept_whole if not _overlaps(start, end, kana)]
        changes = [c for c in changes if not _overlaps(c.start, c.end, kept_whole)]
    taken, spans = [], []
    for site in found:
        if site.after is None:
            ctx.flag_once(f"mojibake.utf8-as-{site.page.rule}",
                          f"not repaired: {text[site.start:site.end]!r} is UTF-8 read as {site.page.name} that "
                          f"lost {site.lost} byte(s); {site.why}", site.start, site.end)
        elif site.page.whole and not any(c.start < site.end and site.start < c.end for c in changes):
            taken.append(site)
            spans.append((site.start, site.end))
    for line in _lines_with_certain_loss(text, found):
        runs = [s for s in found if s.page == line[0] and line[1] <= s.start < line[2]]
        inside = [c for c in changes if line[1] <= c.start and c.end <= line[2]]
        if all(_covered(text, c, runs) for c in inside):
            taken.extend(s for s in runs if s.after is not None)
            spans.append(line[1:])
    if not taken:
        return changes
    kept = [c for c in changes if not any(start <= c.start and c.end <= end for start, end in spans)]
    for site in taken:
        before = text[site.start:site.end]
        reason = f"UTF-8 read as {site.page.name}, " + (
            f"{site.lost} lost byte(s) restored: {site.why}" if site.lost else "every byte there")
        kept.extend(Change(f"mojibake.utf8-as-{site.page.rule}", site.start + a, site.start + b, before[a:b], after,
                           0.85 if site.lost else 0.9, reason)
                    for a, b, after in char_edits(before, site.after))
    return sorted(kept, key=lambda c: c.start)


def _overlaps(start: int, end: int, spans) -> bool:
    return any(a < end and start < b for a, b in spans)


def _covered(text: str, change: Change, runs) -> bool:
    """Every character `change` replaces that is not ASCII lies in one of the runs (an
    insertion: at one), so the runs' readings redo it."""
    if change.start == change.end:
        return any(s.start <= change.start <= s.end for s in runs)
    return all(text[i].isascii() or any(s.start <= i < s.end for s in runs) for i in range(change.start, change.end))


def _lines_with_certain_loss(text: str, found) -> list:
    """(page, line start, line end) of each line where a run of a page ftfy reads lost bytes
    that are certain."""
    lines = []
    for site in found:
        if site.lost and site.after is not None and not site.page.whole:
            start = text.rfind("\n", 0, site.start) + 1
            end = text.find("\n", site.end)
            line = (site.page, start, len(text) if end < 0 else end)
            if line not in lines:
                lines.append(line)
    return lines
