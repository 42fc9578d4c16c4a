"""Encoding repairs (`mojibake.*`), with ftfy as the engine and a span for every edit.

ftfy decides *what* a damaged line should have been; these filters work out *where*
each edit is, so the log shows `Ã©` -> `é` at its own position instead of a whole
line rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional

from ..model import Change
from ..pipeline import Context, Filter, Rule, Scan
from . import codepage_runs, dropped_kana, emoji_c1, lost_gap
from .cjk_latin1 import certain_reading, cjk_runs, recognised, short_runs
from .controls import (LONE_C1_CONFIDENCE, C1Controls, C1Document, ControlCharacters, HtmlEntities, Surrogates,
                       TerminalEscapes, _c1_kinds_once, _only_c1, c1_confidence)
from .ftfy_step import _fix_encoding_steps, _ftfy_package, _restates_installed_ftfy, badness_scanner
from .small_chars import _has_c1, small_chars
from .spans import SEGMENT_LENGTH, char_edits, segments
from .. import lazyre

# The small filters, the text facts the screens share and the character diff live in their own
# modules; their public names stay importable from here.
__all__ = ["EncodingMojibake", "C1Controls", "HtmlEntities", "TerminalEscapes", "ControlCharacters", "Surrogates",
           "build_gate", "explain_plan", "badness_scanner", "small_chars", "segments", "char_edits",
           "c1_confidence", "CJK_RULE", "SEGMENT_LENGTH"]

CJK_RULE = "mojibake.cjk-as-latin1"

_ENCODING_NAMES = {
    "latin-1": ("latin1", "Latin-1"),
    "sloppy-windows-1252": ("cp1252", "Windows-1252"),
    "sloppy-windows-1251": ("cp1251", "Windows-1251"),
    "sloppy-windows-1250": ("cp1250", "Windows-1250"),
    "sloppy-windows-1253": ("cp1253", "Windows-1253"),
    "sloppy-windows-1254": ("cp1254", "Windows-1254"),
    "sloppy-windows-1257": ("cp1257", "Windows-1257"),
    "iso-8859-2": ("latin2", "ISO-8859-2"),
    "macroman": ("macroman", "Mac Roman"),
    "cp437": ("cp437", "IBM code page 437"),
}


def _chars(encodings, byte_values) -> str:
    """The characters that `byte_values` decode to in any of `encodings` (ASCII left out)."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-* codecs)

    chars = set()
    for encoding in encodings:
        for byte in byte_values:
            ch = bytes([byte]).decode(encoding, errors="ignore")
            if ch and not ch.isascii():
                chars.add(ch)
    return "".join(sorted(chars))


def _class(chars: str) -> str:
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


@lru_cache(maxsize=None)
def _encoding_gate() -> "re.Pattern[str]":
    """build_gate()'s pattern without importing ftfy, compiled when a text first needs it: the
    Hyperscan screen and ASCII text never do (~2 ms of every command's start-up)."""
    from .encoding_gate import GATE_PATTERN

    return re.compile(GATE_PATTERN)


def build_gate() -> "re.Pattern[str]":
    """A regex that finds every place where ftfy could see mojibake; a line without a match
    cannot be changed by an encoding repair, so ftfy is never asked about it.

    An encoding repair encodes the line in a single-byte code page and decodes it as UTF-8.
    It changes the line only if that produces a multi-byte UTF-8 sequence: a lead byte
    followed by a continuation byte, which ftfy also accepts as a space (a lost no-break
    space, only after some leads), `?`, U+001A or U+FFFD (lost bytes). Every other repair
    needs a C1 control character. So a match of this regex is necessary for any change.
    """
    single_byte = list(_ENCODING_NAMES)
    without_macroman = [e for e in single_byte if e != "macroman"]
    leads = _chars(single_byte, range(0xC0, 0x100))
    continuations = _chars(single_byte, range(0x80, 0xC0)) + "?\x1a\ufffd"
    # Leads before which ftfy restores a space to a no-break space (its ALTERED_UTF8_RE).
    space_leads_2 = _chars(without_macroman, (0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9))
    space_leads_3 = _chars(without_macroman, (0xE0, 0xE1, 0xE2, 0xE3, 0xF0))
    cont = _class(continuations)
    # One class first (a lead or a C1 control), the alternatives after it as lookbehinds:
    # the same matches as "lead cont | lead2 space | ... | C1", but the engine skips to the
    # characters of that class instead of trying every alternative at every position.
    return re.compile(
        f"[{_class(leads)[1:-1]}\x80-\x9f]"
        f"(?:(?<={_class(leads)}){cont}"
        f"|(?<={_class(space_leads_2)}) "
        f"|(?<={_class(space_leads_3)})(?: {cont}|{cont} )"
        "|(?<=[\x80-\x9f]))"
    )


def explain_plan(plan) -> tuple[str, str, float]:
    """Turn ftfy's plan for a segment into (rule id, reason, confidence).

    >>> explain_plan([("encode", "sloppy-windows-1252"), ("decode", "utf-8")])
    ('mojibake.utf8-as-cp1252', 'UTF-8 bytes decoded as Windows-1252', 0.95)
    """
    encodes = [name for kind, name in plan if kind == "encode"]
    transcodes = {name for kind, name in plan if kind in ("transcode", "apply")}
    decodes = [name for kind, name in plan if kind == "decode"]
    confidence = 0.95
    if len(encodes) > 1:
        rule, reason = "mojibake.double-encoding", "text encoded as UTF-8 and misdecoded more than once"
    elif encodes and decodes and decodes[0].startswith("utf-8"):
        short, long = _ENCODING_NAMES.get(encodes[0], (encodes[0], encodes[0]))
        rule, reason = f"mojibake.utf8-as-{short}", f"UTF-8 bytes decoded as {long}"
    elif "decode_inconsistent_utf8" in transcodes:
        rule, reason = "mojibake.mixed-utf8", "UTF-8 mojibake embedded in otherwise correct text"
    else:
        rule, reason = "mojibake.c1-controls", "C1 control characters read as their Windows-1252 meaning"
    if "restore_byte_a0" in transcodes:
        reason += "; a no-break space byte that became a space was restored"
        confidence = 0.9
    if "replace_lossy_sequences" in transcodes:
        reason += "; bytes lost on the way were replaced with U+FFFD"
        confidence = 0.8
    return rule, reason, confidence


class EncodingMojibake(Filter):
    """Text encoded in UTF-8 and decoded in a single-byte code page, repaired by ftfy.

    >>> from textfix import clean
    >>> [(c.start, c.before, c.after) for c in clean("l’Ã©tÃ©").changes]
    [(2, 'Ã©', 'é'), (5, 'Ã©', 'é')]
    """

    rules = tuple(
        Rule(f"mojibake.utf8-as-{short}", f"UTF-8 text decoded as {long}")
        for short, long in _ENCODING_NAMES.values()
    ) + (
        Rule("mojibake.double-encoding", "UTF-8 mojibake of UTF-8 mojibake"),
        Rule("mojibake.mixed-utf8", "UTF-8 mojibake embedded in otherwise correct text"),
        Rule(CJK_RULE, "Chinese, Japanese or Korean bytes read as Latin-1: re-decoded when one encoding is certain"),
        Rule("mojibake.utf8-as-koi8r", "UTF-8 text decoded as KOI8-R"),
        Rule("mojibake.utf8-as-cp874", "UTF-8 text decoded as Windows-874"),
    )

    def __init__(self):
        self._ftfy_module = None
        self._ftfy_config = None

    @property
    def _ftfy(self):
        """ftfy, imported when a text first needs it (~30 ms; most texts never do)."""
        if self._ftfy_module is None:
            ftfy = _ftfy_package()
            self._ftfy_config = ftfy.TextFixerConfig(explain=True)
            self._ftfy_module = ftfy
        return self._ftfy_module

    @property
    def _config(self):
        return self._ftfy_config if self._ftfy_config is not None else (self._ftfy and self._ftfy_config)

    def screen(self, text: str, scan: Scan) -> bool:
        """ftfy changes a segment only where its badness expression matches (`is_bad`), and
        the plans of such segments are the only ones tried on others: a text where it
        matches nowhere needs nothing. One Hyperscan pass when it is there, else the gate."""
        if scan.ascii:
            return False
        if _has_c1(small_chars(scan)) or ("\u00c2" in text and _CP1250_PAIR.search(text)):
            return True
        if any(hint in text for hint in emoji_c1.HINTS) and emoji_c1.maybe(text):
            return True
        badness = badness_scanner()
        if badness.available() and len(text) <= SEGMENT_LENGTH:  # (longer: ftfy may cut a line, a ^ inside it)
            return badness.found(scan.utf8) or codepage_runs.maybe(text)
        return _encoding_gate().search(text) is not None or codepage_runs.maybe(text)

    def propose(self, text: str, ctx: Context) -> list[Change]:
        if text.isascii():
            return []
        given: Optional[MojibakeDocument] = ctx.document(self)  # (a window's: the whole document's facts)
        runs = cjk_runs(text)  # (a run in windows falls back to the whole document where there are any)
        if runs and not recognised(text, runs):
            runs = []
        c1 = None if given is None else given.c1
        changes, plans, untouched = self._first_round(text, ctx, c1)
        changes = self._completed(text, ctx, changes, untouched, plans if given is None else given.plans, c1)
        if _only_ambiguous(text, changes) if given is None else given.only_ambiguous:
            changes = [_uncorroborated(c) if c.confidence > LONE_C1_CONFIDENCE else c for c in changes]
        if any(hint in text for hint in emoji_c1.HINTS):
            changes = _with_emoji(text, changes, ctx)
        if "\u00e3" in text:
            changes = _with_kana(text, changes)
        changes = codepage_runs.with_runs(text, changes, ctx, None if given is None else given.pages)
        if runs:  # inside CJK runs read as Latin-1 no other edit (each makes them harder to recover)
            cjk = self._cjk(text, runs, ctx)
            protected = runs + [(c.start, c.end) for c in cjk]
            changes = [c for c in changes if not any(c.start < end and start < c.end for start, end in protected)]
            changes = sorted(changes + cjk, key=lambda c: c.start)
        return changes

    def plans(self, text: str, ctx: Context, c1: Optional[C1Document]) -> list:
        """The simple plans that repaired segments of `text`, in its order (a window's part of
        `MojibakeDocument.plans`)."""
        return [] if text.isascii() else self._first_round(text, ctx, c1)[1]

    def ambiguous_part(self, text: str, ctx: Context, plans: list, c1: Optional[C1Document]) -> tuple[bool, bool]:
        """(whether `text` has a confident edit, whether all of them are ambiguous word ends),
        given the whole document's plans: a window's part of `MojibakeDocument.only_ambiguous`."""
        if text.isascii():
            return False, True
        changes, _, untouched = self._first_round(text, ctx, c1)
        changes = self._completed(text, ctx, changes, untouched, plans, c1)
        confident = [c for c in changes if c.confidence > LONE_C1_CONFIDENCE]
        return bool(confident), all(_is_ambiguous_word_end(text, c) for c in confident)

    def _first_round(self, text: str, ctx: Context, c1: Optional[C1Document]) -> tuple[list, list, list]:
        """(ftfy's edits of the suspect segments, the simple plans among them in order, the
        segments it left as they were)."""
        memo = ctx.cache(self)  # later passes see the same lines again
        plans: list = []
        untouched = []
        changes: list = []
        for offset, segment in self._suspect_segments(text):
            if segment not in memo:
                memo[segment] = self._fix_encoding(segment)
            fixed, plan = memo[segment]
            if fixed == segment:
                untouched.append((offset, segment))
                continue
            memo.setdefault(fixed, (fixed, []))  # ftfy's output is its own fixed point
            if _is_simple(plan) and plan not in plans:
                plans.append(plan)
            changes.extend(self._edits(text, offset, segment, fixed, *explain_plan(plan), c1=c1))
        return changes, plans, untouched

    def _completed(self, text: str, ctx: Context, changes: list, untouched: list, plans: list,
                   c1: Optional[C1Document]) -> list:
        """The first round's edits with the same damage found elsewhere, the lost bytes and the
        Windows-1250 pairs."""
        changes = list(changes)
        for offset, segment in untouched:
            changes.extend(self._same_damage_as_elsewhere(text, offset, segment, plans, c1))
        if ctx.enabled("lossy.placeholder"):
            changes = [c for c in changes if not _lost_last_byte(text, c)]
        changes = [lost_gap.gap_not_nbsp(text, lost_gap.lost_c1_not_nbsp(text, c, self._fix_encoding),
                                         self._fix_encoding) for c in changes]
        if "\u00c2" in text:
            changes = sorted(changes + list(_cp1250_pairs(text, changes)), key=lambda c: c.start)
        return changes

    @staticmethod
    def _cjk(text: str, runs, ctx: Context) -> list[Change]:
        """A document with CJK bytes read as Latin-1 (cjk_latin1.py): its runs re-decoded when
        one encoding is certain, else nothing changed there and the document flagged."""
        codec, decoded, why = certain_reading(text, runs)
        if codec is None:
            ctx.flag_once(CJK_RULE, f"{len(runs)} run(s) of CJK bytes read as Latin-1, first "
                                    f"{text[runs[0][0]:runs[0][1]][:20]!r}; no encoding is certain ({why}): left as is")
            return []
        found = [(start, end, after) for (start, end), after in zip(runs, decoded)] + short_runs(text, runs, codec)
        return [Change(CJK_RULE, start, end, text[start:end], after, 0.9,
                       f"{codec} bytes read as Latin-1, re-decoded as {codec} ({why})")
                for start, end, after in sorted(found)]

    def _fix_encoding(self, segment: str) -> tuple:
        """`ftfy.fix_encoding_and_explain(segment)`: the same (text, plan), sooner where it can be.

        With an ftfy whose step `_fix_encoding_step` restates, that step runs here (with
        Hyperscan, its badness tests start where the scanner matches, and a line the scanner
        finds clean skips them); otherwise ftfy's own call.
        """
        if not _restates_installed_ftfy(self._ftfy):
            return tuple(self._ftfy.fix_encoding_and_explain(segment, self._config))
        return _fix_encoding_steps(segment, badness_scanner())

    def _suspect_segments(self, text: str) -> Iterator[tuple[int, str]]:
        """The segments of the lines where the gate matches, each line once, in order."""
        line_end = 0
        for m in _encoding_gate().finditer(text):
            if m.start() < line_end:
                continue
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.start()) + 1 or len(text)
            for offset, segment in segments(text[line_start:line_end]):
                yield line_start + offset, segment

    def _same_damage_as_elsewhere(self, text, offset, segment, plans, c1=None) -> Iterator[Change]:
        """A line ftfy judged alone as fine, but that the plan which repaired other lines of
        this document turns into valid UTF-8: the same damage, too short for ftfy to see.

        >>> from textfix import clean
        >>> clean("Derybos tÄ™sis pirmadienÄÆ.\\nOpozicija kritikuoja vyriausybÄ—s sprendimÄ….").text
        'Derybos tęsis pirmadienį.\\nOpozicija kritikuoja vyriausybės sprendimą.'
        """
        for plan in plans:
            try:
                fixed = self._ftfy.apply_plan(segment, plan)
            except (UnicodeError, LookupError):
                continue
            if fixed != segment:
                rule, reason, _ = explain_plan(plan)
                reason += "; the same damage as repaired elsewhere in this document"
                yield from self._edits(text, offset, segment, fixed, rule, reason, 0.85, c1)
                return

    @staticmethod
    def _edits(text, offset, segment, fixed, rule, reason, confidence, c1=None) -> Iterator[Change]:
        for start, end, after in char_edits(segment, fixed):
            before = segment[start:end]
            if _only_c1(before):
                kinds, head = (_c1_kinds_once(text), None) if c1 is None else (c1.kinds, c1.head)
                yield Change("mojibake.c1-controls", offset + start, offset + end, before, after,
                             c1_confidence(text, offset + start, offset + end, confidence, kinds, head),
                             reason)
            else:
                yield Change(rule, offset + start, offset + end, before, after, confidence, reason)


# What may follow a word: a space, a no-break space, a closing quote or guillemet.
_AFTER_WORD = " \xa0”’»›“‘«‹"
_BEFORE_WORD = " “‘«‹\"'("


def _only_ambiguous(text: str, changes: list) -> bool:
    """Whether the confident edits are all ambiguous word ends (and there is one)."""
    confident = [c for c in changes if c.confidence > LONE_C1_CONFIDENCE]
    return bool(confident) and all(_is_ambiguous_word_end(text, c) for c in confident)


@dataclass(frozen=True)
class MojibakeDocument:
    """What EncodingMojibake reads of the whole document besides the text it is given (a
    window of it, windows.py): the simple plans that repaired its segments, in its order
    (tried on the segments ftfy left alone), whether its confident edits are all ambiguous
    word ends, its C1 facts, and the code pages whose hint it shows (`codepage_runs.hinted`)."""

    plans: list
    only_ambiguous: bool
    c1: C1Document
    pages: list


def _is_ambiguous_word_end(text: str, change: Change) -> bool:
    """A 'mixed-utf8' repair of a letter inside a word, before a space, a quote or (for `Â`,
    whose pairs decode to C1 controls) another letter: `GBÃ”` -> `GBÔ`, `CONSIDRÂ QUI` ->
    `CONSIDR\xa0QUI`, `VAALDÂŠM` -> `VAALDŠM`. Ã, Â, Î end or sit inside words in many
    languages, so alone in a document such repairs are not evidence enough.
    """
    start = change.start
    following = text[start + 1:start + 2]
    return (
        change.rule == "mojibake.mixed-utf8"
        and len(change.before) <= 2
        and change.before[:1].isalpha()
        and start > 0
        and (text[start - 1].isalpha() or text[start - 1] in _BEFORE_WORD)
        and (following in tuple(_AFTER_WORD) or (change.before[:1] == "Â" and following.isalpha()))
    )


def _lost_last_byte(text: str, change: Change) -> bool:
    """ftfy's edit of `â€?` or `â€�`: E2 80 whose last byte was lost, which ftfy writes as
    U+FFFD. It is left to `lossy.placeholder`, which reads the bytes: in Windows-1252 only
    81 8D 8F 90 9D can be lost, so E2 80 xx was ” (9D) or a hyphen (90), never ’ (E2 80 99,
    whose 99 would have survived as ™).
    """
    before = change.before
    if change.after not in ("", "\ufffd") or not before.startswith("\u00e2\u20ac"):
        return False
    return before[2:] in ("?", "\ufffd") or (before == "\u00e2\u20ac" and text[change.end:change.end + 1] in ("?", "\ufffd"))


# Bytes A0-BF whose Windows-1250 character no language writes after `Â` (Romanian's Ş ş,
# which do follow Â in capitals as in CÂŞTIG, are not among them): the second byte of
# a UTF-8 pair C2 xx (£ ³ ½ ...) read as Windows-1250.
_CP1250_AFTER_C2 = {
    bytes([b]).decode("cp1250"): chr(b)
    for b in range(0xA0, 0xC0)
    if bytes([b]).decode("cp1250") != chr(b) and bytes([b]).decode("cp1250") not in "Şş"
}
_CP1250_PAIR = lazyre.compile("\u00c2[" + "".join(sorted(_CP1250_AFTER_C2)) + "]")


def _cp1250_pairs(text: str, changes) -> Iterator[Change]:
    """`ÂŁ` -> `£`, `mÂł` -> `m³`: a UTF-8 pair C2 xx read as Windows-1250, where C2 shows as
    Â and xx as a letter or mark that never follows Â in text. ftfy's badness does not see
    these pairs (Ł and ł are letters), so a whole-line re-decoding never starts."""
    taken = [(c.start, c.end) for c in changes]
    for m in _CP1250_PAIR.finditer(text):
        if any(start < m.end() and m.start() < end for start, end in taken):
            continue
        after = _CP1250_AFTER_C2[m.group()[1]]
        yield Change("mojibake.utf8-as-cp1250", m.start(), m.end(), m.group(), after, 0.85,
                     f"UTF-8 bytes C2 {ord(after):02X} decoded as Windows-1250 ({after} read as {m.group()})")


def _with_emoji(text: str, changes: list[Change], ctx: Context) -> list[Change]:
    """The changes with the emoji that lost a byte (emoji_c1.py). Where ftfy changed a site,
    its edit stands unless it took the lost byte for a no-break space and made braille
    (`â Œ` -> `⠌`; the blank ⠀ is a spacer pages use) or guessed one of several emoji (`ðŸ— `
    -> 🗠); U+FFFD, ftfy's mark for a lost byte, and its deletions stand. Where several emoji fit, nothing is
    changed there and the text is flagged."""
    # (an intact sequence is ftfy's where ftfy changed it: a site must not cut a longer edit)
    sites = [site for site in emoji_c1.emoji_sites(text) if site.lost != "none lost"
             or not any(c.start < site.end and site.start < c.end for c in changes)]
    dropped: set = set()
    added = []
    for site in sites:
        overlapping = [c for c in changes if c.start < site.end and site.start < c.end]
        guessed = "".join(c.after for c in overlapping)
        if overlapping and not (_BRAILLE.search(guessed) or (site.after is None and guessed.strip()
                                                            and not _KEPT_MARKS.search(guessed))):
            continue  # ftfy's reading stands
        dropped.update(map(id, overlapping))
        before = text[site.start:site.end]
        rule = f"mojibake.utf8-as-{site.codec}"
        if site.after is None:
            ctx.flag_once(rule, f"not repaired: {before!r} is UTF-8 read as {site.name} that lost a byte; "
                                f"it may be any of {site.readings}", site.start, site.end)
            continue
        added.append(Change(rule, site.start, site.end, before, site.after, 0.85,
                            f"an emoji's UTF-8 read as {site.name}, byte {site.lost}: the only certain reading"))
    if not added and not dropped:
        return changes
    return sorted([c for c in changes if id(c) not in dropped] + added, key=lambda c: c.start)


def _with_kana(text: str, changes: list[Change]) -> list[Change]:
    """The changes with Japanese runs whose dropped 81 bytes are certain (dropped_kana.py) in
    place of ftfy's partial edits there (`使用ã—ã¦ãƒ‘` -> `使用してパ`)."""
    runs = list(dropped_kana.kana_runs(text))
    if not runs:
        return changes
    kept = [c for c in changes if not any(c.start < end and start < c.end for start, end, _ in runs)]
    for start, end, after in runs:
        reason = "Japanese UTF-8 read as Windows-1252, its undefined byte 81 dropped: the one kana reading"
        kept.extend(Change("mojibake.utf8-as-cp1252", start + a, start + b, text[start + a:start + b], repl, 0.85, reason)
                    for a, b, repl in char_edits(text[start:end], after))
    return sorted(kept, key=lambda c: c.start)


# Braille but the blank: ftfy's reading of `â` + a space as E2 A0 xx.
_BRAILLE = lazyre.compile("[\u2801-\u28ff]")
# What ftfy writes for a lost byte, and the blank braille spacer: readings that stand.
_KEPT_MARKS = lazyre.compile("[\ufffd\u2800]")


def _uncorroborated(change: Change) -> Change:
    return Change(change.rule, change.start, change.end, change.before, change.after, LONE_C1_CONFIDENCE,
                  change.reason + "; only ambiguous word endings look damaged in this document")


def _is_simple(plan) -> bool:
    """One encode and one decode into UTF-8, nothing lost or guessed in between."""
    return len(plan) == 2 and plan[0][0] == "encode" and plan[1] == ("decode", "utf-8")


