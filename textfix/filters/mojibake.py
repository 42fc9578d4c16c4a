"""Encoding repairs (`mojibake.*`), with ftfy as the engine and a span for every edit.

ftfy decides *what* a damaged line should have been; these filters work out *where*
each edit is, so the log shows `Ã©` -> `é` at its own position instead of a whole
line rewritten.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import accumulate
from typing import Iterator, Optional

from ..model import Change
from ..pipeline import Context, Filter, Rule, Scan
from . import fastscan
from .cjk_latin1 import certain_reading, cjk_runs, recognised, short_runs
from .english import is_english, strong_contraction

CJK_RULE = "mojibake.cjk-as-latin1"

# ftfy fixes text in segments: lines, cut every million characters when longer.
SEGMENT_LENGTH = 1_000_000
# C1 control characters alone are weak evidence. U+0092 is the one that clean text uses
# as a letter (an apostrophe-like mark in some transcriptions), and a C1 control between
# two letters may be a Mac Roman letter rather than Windows-1252 punctuation (ftfy's known
# failures). Those need corroboration, a second distinct C1 control in the document;
# without it they get this confidence, below the default threshold.
LONE_C1_CONFIDENCE = 0.5
C1_RE = re.compile("[\x80-\x9f]")
# Above this product of lengths a character diff costs too much; the edit is logged whole.
MAX_DIFF_WORK = 4_000_000

# The characters the small filters (C1 controls, surrogates, terminal escapes, control
# characters) act on; a text without any of them needs none of those filters. ftfy's
# CONTROL_CHARS (checked by tests/test_screens.py): C0 controls but tab, newlines and form
# feed; DEL; U+206A-U+206F; U+FEFF; U+FFF9-U+FFFC.
_SMALL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\u206a-\u206f\ufeff\ufff9-\ufffc]")
# ftfy.chardata.CONTROL_CHARS, written out (importing ftfy costs ~30 ms; tests compare).
CONTROL_CHARS = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\ufff9\ufffa\ufffb\ufffc"
# In ASCII text the same characters are the bytes outside this set.
_ASCII_QUIET = bytes(range(0x20, 0x7F)) + b"\t\n\x0c\r"


def badness_scanner() -> fastscan.Scanner:
    """ftfy's BADNESS_RE (what `ftfy.badness.is_bad` searches for) as a Hyperscan database,
    compiled once per machine and kept in textfix's cache (ftfy is imported only to build it)."""
    global _BADNESS
    if _BADNESS is None:
        from importlib.metadata import version

        from ..cache import cached

        engine = fastscan.engine()
        _BADNESS = fastscan.Scanner([]) if engine == "python" else \
            cached("badness", (version("ftfy"), engine), _compile_badness)
    return _BADNESS


_BADNESS: Optional[fastscan.Scanner] = None


def _compile_badness() -> fastscan.Scanner:
    """Hyperscan takes the expression in pieces (its top-level alternatives: one is too long),
    with `\\s` as Python means it (every str.isspace() character) and `\\w` widened to every
    character outside ASCII (Hyperscan's Unicode tables are older than Python's): it matches
    wherever ftfy's does, and a little more (a screen may say yes too often, never too rarely)."""
    from ftfy.badness import BADNESS_RE

    spaces = "[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in map(chr, range(0x110000)) if ch.isspace()) + "]"
    pieces = [f"(?x){piece}".replace("\\s", spaces).replace("\\w", "(?:\\w|[^\\x00-\\x7f])").encode("utf-8")
              for piece in _top_level_alternatives(BADNESS_RE.pattern)]
    # ftfy tests each line on its own: its ^ (a branch holds `^[ÃÂ][ ]`) is every line's start
    return fastscan.Scanner(pieces, literal=False, flags=(fastscan.UTF8, fastscan.MULTILINE))


def _top_level_alternatives(pattern: str) -> list[str]:
    """`a|b(c|d)|[|]` -> ['a', 'b(c|d)', '[|]']: the branches outside groups and classes.

    >>> _top_level_alternatives("a|b(c|d)|[|]")
    ['a', 'b(c|d)', '[|]']
    """
    out, current, depth, in_class, i = [], "", 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            current += pattern[i:i + 2]
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            out.append(current)
            current, i = "", i + 1
            continue
        current += ch
        i += 1
    return out + [current]


def small_chars(scan: Scan) -> frozenset:
    """The characters of the text that the small filters act on (one C-speed scan per text)."""
    found = scan.small
    if found is None:
        text = scan.text
        if scan.ascii:
            found = frozenset(text.encode("ascii").translate(None, _ASCII_QUIET).decode("ascii"))
        elif _small_scanner().available():
            data = scan.utf8
            found = frozenset(data[end - _SMALL_BYTES[i]:end].decode("utf-8", "surrogatepass")
                              for i, end in _small_scanner().scan(data))
        else:
            found = frozenset(_SMALL_RE.findall(text))
        scan.small = found
    return found


# _SMALL_RE's characters as UTF-8 byte patterns, and each one's length in bytes.
_SMALL_UTF8 = ((rb"[\x00-\x08\x0b\x0e-\x1f\x7f]", 1), (rb"\xc2[\x80-\x9f]", 2), (rb"\xed[\xa0-\xbf][\x80-\xbf]", 3),
               (rb"\xe2\x81[\xaa-\xaf]", 3), (rb"\xef\xbb\xbf", 3), (rb"\xef\xbf[\xb9-\xbc]", 3))
_SMALL_BYTES = tuple(n for _, n in _SMALL_UTF8)


@lru_cache(maxsize=1)
def _small_scanner() -> fastscan.Scanner:
    return fastscan.Scanner([pattern for pattern, _ in _SMALL_UTF8], literal=False)


def _has_c1(found: frozenset) -> bool:
    return any("\x80" <= ch <= "\x9f" for ch in found)

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


def segments(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, segment): lines with their newline, cut at SEGMENT_LENGTH.

    >>> list(segments("a\\nb"))
    [(0, 'a\\n'), (2, 'b')]
    """
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos) + 1
        if end == 0 or end - pos > SEGMENT_LENGTH:
            end = min(len(text), pos + SEGMENT_LENGTH)
        yield pos, text[pos:end]
        pos = end


def char_edits(before: str, after: str) -> list[tuple[int, int, str]]:
    """The edits (start, end, replacement) that turn `before` into `after`, each as small as a diff finds.

    Encoding repairs never touch ASCII letters and digits, so when both sides have the same
    runs of them, those runs anchor the diff and only the gaps between them are compared:
    linear in the length, however long the line. Only the stretch between the first and
    the last difference is split into runs (widened to the run edges around it): the rest
    is the same on both sides, and so are its runs.
    >>> char_edits("The cafÃ© is â€œniceâ€", "The café is “nice”")
    [(7, 9, 'é'), (13, 16, '“'), (20, 22, '”')]
    """
    if before == after:
        return []
    head = _common_prefix(before, after)
    tail = _common_suffix(before, after, min(len(before), len(after)) - head)
    start = _run_start(before, head)
    end = _run_end(before, len(before) - tail)
    # pieces: gap, anchor, gap, anchor, ..., gap (the anchors are the ASCII letter/digit runs)
    pieces_a = _ANCHOR_SPLIT.split(before[start:end])
    pieces_b = _ANCHOR_SPLIT.split(after[start:len(after) - (len(before) - end)])
    if len(pieces_a) != len(pieces_b) or pieces_a[1::2] != pieces_b[1::2]:
        return _gap_edits(before, after, 0)
    offsets = list(accumulate(map(len, pieces_a), initial=start))
    edits = []
    for k in range(0, len(pieces_a), 2):
        if pieces_a[k] != pieces_b[k]:
            edits.extend(_gap_edits(pieces_a[k], pieces_b[k], offsets[k]))
    return edits


_ANCHOR_SPLIT = re.compile("([A-Za-z0-9]+)")
# How far _run_start and _run_end look for the edge of a run before settling for the text's.
_RUN_LOOKOUT = 64


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix (a binary search: slices compare at C speed)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix, at most `limit`."""
    low, high = 0, limit
    while low < high:
        mid = (low + high + 1) // 2
        if a[len(a) - mid:len(a) - low] == b[len(b) - mid:len(b) - low]:
            low = mid
        else:
            high = mid - 1
    return low


def _is_anchor(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _run_start(text: str, pos: int) -> int:
    """The start of the run (ASCII letters and digits, or none of them) that holds text[pos - 1],
    or 0 when it is far: a run edge before `pos` that depends on text[:pos] alone."""
    for edge in range(pos - 1, max(0, pos - _RUN_LOOKOUT), -1):
        if _is_anchor(text[edge - 1]) != _is_anchor(text[edge]):
            return edge
    return 0


def _run_end(text: str, pos: int) -> int:
    """The end of the run that holds text[pos], or the text's end when it is far: a run edge
    after `pos` that depends on text[pos:] alone."""
    for edge in range(pos + 1, min(len(text), pos + _RUN_LOOKOUT)):
        if _is_anchor(text[edge - 1]) != _is_anchor(text[edge]):
            return edge
    return len(text)


def _gap_edits(before: str, after: str, offset: int) -> list[tuple[int, int, str]]:
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    a = before[head:len(before) - tail]
    b = after[head:len(after) - tail]
    start = offset + head
    if len(a) * len(b) > MAX_DIFF_WORK or set(a).isdisjoint(b):
        return [(start, start + len(a), b)]  # (no character in common: the diff's one edit)
    return [
        (start + i1, start + i2, b[j1:j2])
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if tag != "equal"
    ]


def c1_confidence(text: str, start: int, end: int, confidence: float, kinds: Optional[int] = None) -> float:
    """Confidence of a repair that only rewrites the C1 controls in text[start:end].

    >>> c1_confidence("qui\x92\u00ea", 3, 4, 0.95), c1_confidence("parl\u00e9\x85 Tu", 5, 6, 0.95)
    (0.5, 0.95)
    """
    if (kinds if kinds is not None else c1_kinds(text)) >= 2:
        return confidence
    if any(m.start() < start < m.end() for m in _C1_CONTRACTION.finditer(text, max(0, start - 8), end + 3)):
        return confidence  # I\x92m, don\x92t: Windows-1252 text, the apostrophe of an English contraction
    if _ascii_around(text, start, end) and is_english(text) and len(_ASCII_WORDS.findall(text, 0, 2000)) >= 8:
        return confidence  # lawyer\x92s withdrawal: English (eight words or more) has no Mac Roman letters
    between_letters = 0 < start and end < len(text) and text[start - 1].isalpha() and text[end].isalpha()
    if "\x92" in text[start:end] or between_letters:
        return min(confidence, LONE_C1_CONFIDENCE)
    return confidence


# An English contraction whose apostrophe is Windows-1252's 92 read as Latin-1: where \x92
# could be Mac Roman's í between letters (país, Martín), a contraction decides.
_C1_CONTRACTION = strong_contraction("\x92")


_ASCII_WORDS = re.compile(r"[A-Za-z]+")


def _ascii_around(text: str, start: int, end: int) -> bool:
    """Whether no letter beyond ASCII touches text[start:end] (qui\x92être: French)."""
    return not any(ch.isalpha() and not ch.isascii() for ch in text[max(0, start - 1):start] + text[end:end + 1])


def c1_kinds(text: str) -> int:
    """How many distinct C1 control characters the text holds."""
    return len(set(C1_RE.findall(text)))


_LAST_KINDS: tuple = ("", 0)


def _c1_kinds_once(text: str) -> int:
    """c1_kinds of the text the last call was about, without scanning it again (many C1-only
    edits in one text must not each scan the whole text)."""
    global _LAST_KINDS
    last = _LAST_KINDS
    if last[0] is text:
        return last[1]
    kinds = c1_kinds(text)
    _LAST_KINDS = (text, kinds)
    return kinds


def _only_c1(s: str) -> bool:
    return bool(s) and all("\x80" <= ch <= "\x9f" for ch in s)


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
    )

    def __init__(self):
        from .encoding_gate import GATE_PATTERN  # build_gate()'s pattern, without importing ftfy

        self._gate = re.compile(GATE_PATTERN)
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
        badness = badness_scanner()
        if badness.available() and len(text) <= SEGMENT_LENGTH:  # (longer: ftfy may cut a line, a ^ inside it)
            return badness.found(scan.utf8)
        return self._gate.search(text) is not None

    def propose(self, text: str, ctx: Context) -> list[Change]:
        if text.isascii():
            return []
        runs = cjk_runs(text)
        if runs and not recognised(text, runs):
            runs = []
        memo = ctx.memo.setdefault("ftfy", {})  # later passes see the same lines again
        plans = []
        untouched = []
        changes = []
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
            changes.extend(self._edits(text, offset, segment, fixed, *explain_plan(plan)))
        for offset, segment in untouched:
            changes.extend(self._same_damage_as_elsewhere(text, offset, segment, plans))
        if ctx.enabled("lossy.placeholder"):
            changes = [c for c in changes if not _lost_last_byte(text, c)]
        changes = [_lost_c1_not_nbsp(text, c, self._fix_encoding) for c in changes]
        if "\u00c2" in text:
            changes = sorted(changes + list(_cp1250_pairs(text, changes)), key=lambda c: c.start)
        confident = [c for c in changes if c.confidence > LONE_C1_CONFIDENCE]
        if confident and all(_is_ambiguous_word_end(text, c) for c in confident):
            changes = [_uncorroborated(c) if c in confident else c for c in changes]
        if runs:  # inside CJK runs read as Latin-1 no other edit (each makes them harder to recover)
            cjk = self._cjk(text, runs, ctx)
            protected = runs + [(c.start, c.end) for c in cjk]
            changes = [c for c in changes if not any(c.start < end and start < c.end for start, end in protected)]
            changes = sorted(changes + cjk, key=lambda c: c.start)
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
        for m in self._gate.finditer(text):
            if m.start() < line_end:
                continue
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.start()) + 1 or len(text)
            for offset, segment in segments(text[line_start:line_end]):
                yield line_start + offset, segment

    def _same_damage_as_elsewhere(self, text, offset, segment, plans) -> Iterator[Change]:
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
                yield from self._edits(text, offset, segment, fixed, rule, reason, 0.85)
                return

    @staticmethod
    def _edits(text, offset, segment, fixed, rule, reason, confidence) -> Iterator[Change]:
        for start, end, after in char_edits(segment, fixed):
            before = segment[start:end]
            if _only_c1(before):
                yield Change("mojibake.c1-controls", offset + start, offset + end, before, after,
                             c1_confidence(text, offset + start, offset + end, confidence, _c1_kinds_once(text)),
                             reason)
            else:
                yield Change(rule, offset + start, offset + end, before, after, confidence, reason)


# What may follow a word: a space, a no-break space, a closing quote or guillemet.
_AFTER_WORD = " \xa0”’»›“‘«‹"
_BEFORE_WORD = " “‘«‹\"'("


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


# Characters of General Punctuation whose UTF-8 ends in 80-8A: typographic spaces, the
# reading of a lost byte as a no-break space one layer down (A0 -> † -> 86).
_TYPOGRAPHIC_SPACE = re.compile("[\u2000-\u200a]")
# The bytes Windows-1252 leaves undefined: a decoder drops them or shows a space.
_UNDEFINED_C1 = "\x9d\x81\x8d\x8f\x90"


def _lost_c1_not_nbsp(text: str, change: Change, fix) -> Change:
    """A doubly encoded character whose last byte was lost before a space: ftfy reads the
    space as a lost no-break space (A0), which one layer down is † (86) and makes a
    six-per-em space eat the word gap (`Ã¢â‚¬â€ ` -> U+2006). The lost byte may as well
    be one Windows-1252 leaves undefined and a decoder drops: 9D, the last byte of ”, one
    layer down 94, which makes the em dash — a character text holds far more often than a
    typographic space. Beside a spaced word (`Mesh Ã¢â‚¬â€ wires`) the byte was dropped and
    the space is the text's own; otherwise (`"Ã¢â‚¬â€ "`) the space was the byte.
    """
    before, after = change.before, change.after
    if change.rule != "mojibake.double-encoding" or not before.endswith(" ") \
            or not _TYPOGRAPHIC_SPACE.fullmatch(after[-1:]):
        return change
    for byte in _UNDEFINED_C1:
        fixed = fix(before[:-1] + byte)[0]
        if fixed != before[:-1] + byte and fixed.isprintable() and not _TYPOGRAPHIC_SPACE.search(fixed) \
                and "\ufffd" not in fixed:
            spaced = text[change.start - 1:change.start] == " "
            return Change(change.rule, change.start, change.end, before, fixed + (" " if spaced else ""), 0.85,
                          "text encoded as UTF-8 and misdecoded more than once; its last byte, "
                          f"{ord(byte):02X}, lost before a space (not a no-break space: that would make "
                          f"{after[-1]!r})")
    return change


# Bytes A0-BF whose Windows-1250 character no language writes after `Â` (Romanian's Ş ş,
# which do follow Â in capitals as in CÂŞTIG, are not among them): the second byte of
# a UTF-8 pair C2 xx (£ ³ ½ ...) read as Windows-1250.
_CP1250_AFTER_C2 = {
    bytes([b]).decode("cp1250"): chr(b)
    for b in range(0xA0, 0xC0)
    if bytes([b]).decode("cp1250") != chr(b) and bytes([b]).decode("cp1250") not in "Şş"
}
_CP1250_PAIR = re.compile("\u00c2[" + "".join(sorted(_CP1250_AFTER_C2)) + "]")


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


def _uncorroborated(change: Change) -> Change:
    return Change(change.rule, change.start, change.end, change.before, change.after, LONE_C1_CONFIDENCE,
                  change.reason + "; only ambiguous word endings look damaged in this document")


def _is_simple(plan) -> bool:
    """One encode and one decode into UTF-8, nothing lost or guessed in between."""
    return len(plan) == 2 and plan[0][0] == "encode" and plan[1] == ("decode", "utf-8")


# The ftfy releases whose one step of `fix_encoding_and_explain` (`_fix_encoding_one_step_and_explain`
# and `fixes.decode_inconsistent_utf8`) _fix_encoding_step restates; others use ftfy's own call.
RESTATED_FTFY = ("6.3.0", "6.3.1")
# The longest match of ftfy's badness expression, in characters (tests/test_mojibake_paths.py).
BADNESS_WIDTH = 7


def _restates_installed_ftfy(ftfy) -> bool:
    return getattr(ftfy, "__version__", None) in RESTATED_FTFY


@lru_cache(maxsize=1)
def _ftfy_package():
    """ftfy with the modules the restated step reads, imported when first needed (~30 ms)."""
    import ftfy.badness
    import ftfy.chardata
    import ftfy.fixes

    return ftfy


def _fix_encoding_steps(text: str, badness: fastscan.Scanner) -> tuple[str, list]:
    """ftfy's `fix_encoding_and_explain` with its default configuration: one step after
    another until the text stops changing, and every step's plan."""
    plan: list = []
    while True:
        fixed, steps = _fix_encoding_step(text, badness)
        plan.extend(steps)
        if fixed == text:
            return text, plan
        text = fixed


def _fix_encoding_step(text: str, badness: fastscan.Scanner) -> tuple[str, list]:
    """One step of ftfy 6.3's encoding fix (`_fix_encoding_one_step_and_explain`), in its
    order: nothing unless the text looks bad; else the first single-byte encoding that the
    text fits and whose bytes decode as UTF-8; else the UTF-8 mojibake inside the text,
    fixed piece by piece; else C1 controls read as Windows-1252."""
    ftfy = _ftfy_package()
    chardata = ftfy.chardata
    if text.isascii() or not _is_bad(badness, text):  # (ftfy's ASCII test is a regex for isascii)
        return text, []
    fitting = []
    for encoding in chardata.CHARMAP_ENCODINGS:
        if chardata.possible_encoding(text, encoding):
            fitting.append(encoding)
            decoded = _decoded_as_utf8(text, encoding)
            if decoded is not None:
                return decoded
    fixed = chardata.UTF8_DETECTOR_RE.sub(lambda m: _fix_embedded(m.group(), text, badness), text)
    if fixed != text:
        return fixed, [ftfy.ExplanationStep("apply", "decode_inconsistent_utf8")]
    # (ftfy then keeps text that fits both Latin-1 and "windows-1252", a name that is not
    # among the encodings it tries, so that branch never returns)
    if "latin-1" in fitting:
        try:
            fixed = text.encode("latin-1").decode("windows-1252")
        except UnicodeDecodeError:
            fixed = text
        if fixed != text:
            return fixed, [ftfy.ExplanationStep("encode", "latin-1"), ftfy.ExplanationStep("decode", "windows-1252")]
    if chardata.C1_CONTROL_RE.search(text):
        return ftfy.fixes.fix_c1_controls(text), [ftfy.ExplanationStep("transcode", "fix_c1_controls")]
    return text, []


def _decoded_as_utf8(text: str, encoding: str) -> Optional[tuple[str, list]]:
    """The text encoded in `encoding` and decoded as UTF-8, after ftfy's repairs of the bytes
    (a no-break space that became a space, bytes lost to U+FFFD), and its plan; None when
    the bytes are not UTF-8 even then."""
    ftfy = _ftfy_package()
    chardata, fixes, step = ftfy.chardata, ftfy.fixes, ftfy.ExplanationStep
    data = text.encode(encoding)
    transcodes = []
    # (not in Mac Roman, where an en dash and a space would look like a lost no-break space)
    if encoding != "macroman" and chardata.ALTERED_UTF8_RE.search(data):
        restored = fixes.restore_byte_a0(data)
        if restored != data:
            transcodes.append(step("transcode", "restore_byte_a0"))
            data = restored
    # every lossy sequence holds a byte 1A or a `?`: without them, nothing to replace
    if encoding.startswith("sloppy") and (b"\x1a" in data or b"?" in data):
        replaced = fixes.replace_lossy_sequences(data)
        if replaced != data:
            transcodes.append(step("transcode", "replace_lossy_sequences"))
            data = replaced
    decoding = "utf-8-variants" if 0xED in data or 0xC0 in data else "utf-8"
    try:
        fixed = data.decode(decoding)
    except UnicodeDecodeError:
        return None
    return fixed, [step("encode", encoding), *transcodes, step("decode", decoding)]


def _fix_embedded(piece: str, text: str, badness: fastscan.Scanner) -> str:
    """ftfy's fix of one stretch of UTF-8 mojibake inside a text (in `decode_inconsistent_utf8`):
    a shorter piece that looks bad, fixed on its own."""
    if len(piece) < len(text) and _is_bad(badness, piece):
        return _fix_encoding_steps(piece, badness)[0]
    return piece


def _is_bad(badness: fastscan.Scanner, text: str) -> bool:
    """`ftfy.badness.is_bad(text)`, with Hyperscan its search started where a match can start:
    a match of ftfy's expression is one of the scanner's too, so none ends before the
    scanner's first and none starts more than BADNESS_WIDTH characters before that end."""
    badness_re = _ftfy_package().badness.BADNESS_RE
    if not badness.available():
        return badness_re.search(text) is not None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # (a lone surrogate: Hyperscan reads valid UTF-8 only)
        return badness_re.search(text) is not None
    hits = badness.scan(data)
    if not hits:
        return False
    first_end = len(data[:min(end for _, end in hits)].decode("utf-8"))
    return badness_re.search(text, max(0, first_end - BADNESS_WIDTH)) is not None


def _from_ftfy(name: str):
    from ftfy import chardata, fixes

    return getattr(fixes, name, None) or getattr(chardata, name)


class C1Controls(Filter):
    """C1 control characters (U+0080-U+009F) are Windows-1252 bytes read as Latin-1.

    >>> from textfix import clean
    >>> clean("\\x93quoted\\x94").text
    '“quoted”'
    """

    rules = (Rule("mojibake.c1-controls", "C1 control characters read as their Windows-1252 meaning"),)
    pattern = re.compile("[\x80-\x9f]+")

    def screen(self, text: str, scan: Scan) -> bool:
        return not scan.ascii and _has_c1(small_chars(scan))

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        kinds = c1_kinds(text)  # once per text, not per control character
        for m in self.pattern.finditer(text):
            after = m.group().encode("latin-1").decode("windows-1252", errors="ignore")
            # 0x81 0x8D 0x8F 0x90 0x9D mean nothing in Windows-1252 either: leave them for other rules.
            if after and len(after) == len(m.group()):
                yield Change(self.rules[0].id, m.start(), m.end(), m.group(), after,
                             c1_confidence(text, m.start(), m.end(), 0.95, kinds), self.rules[0].description)


class HtmlEntities(Filter):
    """HTML character references left in plain text: `&amp;` -> `&`, `&#8217;` -> `’`.

    Text containing `<` may be markup, where entities belong, so it is left alone (as ftfy does).
    >>> from textfix import clean
    >>> clean("Fish &amp; chips &#8212; it&#x2019;s late").text
    'Fish & chips — it’s late'
    """

    rules = (Rule("mojibake.html-entity", "HTML character reference in plain text"),)

    def screen(self, text: str, scan: Scan) -> bool:
        return "&" in text and "<" not in text

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        if "&" not in text or "<" in text:
            return
        entity_re = _from_ftfy("HTML_ENTITY_RE")
        unescape = _from_ftfy("_unescape_fixup")
        for m in entity_re.finditer(text):
            after = unescape(m)
            if after != m.group():
                yield Change(self.rules[0].id, m.start(), m.end(), m.group(), after, 1.0, "HTML character reference")


class TerminalEscapes(Filter):
    """Terminal escape sequences (colours, cursor moves, window titles) that leaked into text.

    >>> from textfix import clean
    >>> clean("\\x1b[1mBold\\x1b[0m \\x1b]0;title\\x07done").text
    'Bold done'
    """

    rules = (Rule("mojibake.terminal-escape", "terminal escape sequence"),)
    # CSI (ESC [ parameters intermediates final) and OSC (ESC ] ... BEL or ESC \\).
    pattern = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|\x1b\\][^\x07\x1b]*(?:\x07|\x1b\\\\)")

    def screen(self, text: str, scan: Scan) -> bool:
        return "\x1b" in small_chars(scan)

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        if "\x1b" not in text:
            return
        for m in self.pattern.finditer(text):
            yield Change(self.rules[0].id, m.start(), m.end(), m.group(), "", 1.0, "terminal escape sequence")


class ControlCharacters(Filter):
    """Invisible control characters with no meaning in text (ftfy's list: C0 controls but
    tab, newlines and form feed; DEL; U+FEFF; deprecated format characters; U+FFF9-FFFC).
    A vertical tab becomes a newline rather than gluing two words together.

    >>> from textfix import clean
    >>> clean("a\\x00b\\ufeffc").text
    'abc'
    """

    rules = (Rule("mojibake.control-char", "invisible control character"),)

    def __init__(self):
        codepoints = sorted(map(ord, CONTROL_CHARS))
        self.chars = frozenset(CONTROL_CHARS)
        self.pattern = re.compile("[" + "".join(re.escape(chr(c)) for c in codepoints) + "]+")

    def screen(self, text: str, scan: Scan) -> bool:
        return not self.chars.isdisjoint(small_chars(scan))

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        for m in self.pattern.finditer(text):
            names = ", ".join(sorted({f"U+{ord(ch):04X}" for ch in m.group()}))
            # A vertical tab is a line break from word processors: keep the words apart.
            after = "\n" if "\x0b" in m.group() else ""
            yield Change(self.rules[0].id, m.start(), m.end(), m.group(), after, 1.0, f"control character {names}")


class Surrogates(Filter):
    """UTF-16 surrogates in a str: a pair becomes its character, a lone one U+FFFD.

    >>> from textfix import clean
    >>> clean("\\ud83d\\ude00 \\ud800").text
    '😀 �'
    """

    rules = (Rule("mojibake.surrogate", "UTF-16 surrogate code points"),)
    pattern = re.compile("[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")

    def screen(self, text: str, scan: Scan) -> bool:
        return not scan.ascii and any("\ud800" <= ch <= "\udfff" for ch in small_chars(scan))

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        for m in self.pattern.finditer(text):
            s = m.group()
            if len(s) == 2:
                after = chr(0x10000 + ((ord(s[0]) - 0xD800) << 10) + (ord(s[1]) - 0xDC00))
                yield Change(self.rules[0].id, m.start(), m.end(), s, after, 1.0, "surrogate pair joined")
            else:
                yield Change(self.rules[0].id, m.start(), m.end(), s, "\ufffd", 1.0, "lone surrogate")
