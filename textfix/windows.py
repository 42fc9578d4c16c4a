"""One large document run in windows, with the whole-document run's result (issue 12 item 8,
issue 15 item 4).

A document is cut into windows after blank lines. The pipeline's steps run in lock-step:
step k on every window before step k+1, and each step is given what it reads of the whole
document (the facts below, computed over the windows as they stand at that step), so every
window sees what the whole run would show it. Passes repeat until no window changes; the
changes are those of the whole run (in the original's coordinates); flags come in the whole
run's order (step by step, window by window), a document-level flag once.

Whether a step can run so is the step's kind (`_GIVEN`, `_QUIET`):
- the character filters (surrogates, control characters) read nothing beyond a line;
- HTML entities read whether the document holds a `<`; C1 controls how many kinds the
  document holds and its head (is it English); the encoding repair also the plans that
  repaired its segments (tried on the others) and whether all its confident edits are
  ambiguous word ends (`MojibakeDocument`; a damaged emoji's lost bytes are read from the
  whole document's Windows-1252 signs: a window that may hold one without the sign another
  shows falls back); doubled lines whether it looks like markup;
- boilerplate, the lossy repair, version pairs and terminal escapes run in windows only
  where they are certain to do nothing in the whole document (`_QUIET`): no line of any
  window that a boilerplate rule could match wherever it stood; no evidence of lossy damage
  even counted as if the document were English and Spanish; no "version N" header; no ESC.

Where a step would act on document-wide evidence that is not given here, or a filter of
another kind is selected, `run_in_windows` returns None and the caller runs the whole
document (correct, and as large as before): docs/scale.md lists these cases.
"""

from __future__ import annotations

import re
from itertools import accumulate
from dataclasses import astuple, replace
from typing import Callable, Optional, Sequence

from .edits import check_proposals, compose, original_positions
from .filters.boilerplate import Boilerplate
from .filters.boilerplate.structure import _MARKUP_LINE
from .filters.boilerplate.view import _View
from .filters.cjk_latin1 import cjk_runs
from .filters import emoji_c1
from .filters.codepage_runs import PAGES, hinted
from .filters.controls import (ENGLISH_HEAD, C1_RE, C1Controls, C1Document, ControlCharacters, HtmlEntities,
                               Surrogates, TerminalEscapes)
from .filters.layout import DoubledLines, VersionPairs
from .filters.lossy import LossyMojibake
from .filters.lossy.document import Document
from .filters.lossy.evidence import Evidence, read_evidence
from .filters.lossy.screen import _has_evidence_chars, _mostly_latin1
from .filters.mojibake import EncodingMojibake, MojibakeDocument
from .model import Flag, Result, replay
from .pipeline import MAX_PASSES, MAX_REMOVED_SHARE, UNSURE, Context, Scan, removed_share_of, settled

# A window: at least this many characters, up to the next blank line.
WINDOW_CHARS = 1 << 20
_CUT = re.compile(r"\n\r?\n")
_CUT_UTF8 = re.compile(rb"\n\r?\n")  # (a newline byte is never inside a UTF-8 sequence)


def cut(text, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) of the windows of a text (or its UTF-8): each ends after the first blank
    line at or past `size` characters (bytes) from its start (the last one at the text's end).
    >>> cut("a\\n\\nb\\n\\nc", 1), cut(b"a\\n\\nb", 1)
    ([(0, 3), (3, 6), (6, 7)], [(0, 3), (3, 4)])
    """
    spans, start = [], 0
    blank = _CUT if isinstance(text, str) else _CUT_UTF8
    while start < len(text):
        m = blank.search(text, start + size - 1) if start + size - 1 < len(text) else None
        end = m.end() if m is not None else len(text)
        spans.append((start, end))
        start = end
    return spans


class _At(Context):
    """The run's context as one window sees it: flags positioned in the whole text (the
    window starts at `offset`), everything else the run's own."""

    def __init__(self, shared: Context, offset: int, scan: Scan):
        self.__dict__.update(shared.__dict__)  # (the same lists, sets and dicts: flags, counters, caches)
        self.offset = offset
        self.scan = scan

    def flag(self, rule: str, message: str, start: Optional[int] = None, end: Optional[int] = None) -> None:
        super().flag(rule, message, *_shifted(start, end, self.offset))

    def flag_once(self, rule: str, message: str, start: Optional[int] = None, end: Optional[int] = None) -> None:
        super().flag_once(rule, message, *_shifted(start, end, self.offset))


def _shifted(start: Optional[int], end: Optional[int], offset: int) -> tuple:
    return (None if start is None else start + offset, None if end is None else end + offset)


def _head(windows: Sequence[str]) -> str:
    """The document's first ENGLISH_HEAD characters."""
    parts, size = [], 0
    for w in windows:
        parts.append(w[:ENGLISH_HEAD - size])
        size += len(parts[-1])
        if size >= ENGLISH_HEAD:
            break
    return "".join(parts)


def _c1(windows: Sequence[str]) -> C1Document:
    kinds: set = set()
    for w in windows:
        if not w.isascii():
            kinds.update(C1_RE.findall(w))
    return C1Document(len(kinds), _head(windows))


# ---- what each kind of step is given (None: the step runs on its window alone)

def _mojibake(step: EncodingMojibake, windows: Sequence[str], ctx: Context):
    """The plans over all windows first (in the document's order), then each window's part of
    the verdict given them. _FALL_BACK where a window that may hold a damaged emoji lacks the
    Windows-1252 sign that another window shows (the emoji's lost bytes are read from the
    whole document's sign: emoji_c1._lost_bytes)."""
    signs = [(any(hint in w for hint in emoji_c1.HINTS), emoji_c1._CP1252_SIGN.search(w) is not None) for w in windows]
    if any(sign for _, sign in signs) and any(hint and not sign for hint, sign in signs):
        return _FALL_BACK
    c1 = _c1(windows)
    plans: list = []
    for w, at in _contexts(windows, ctx):
        for plan in step.plans(w, at, c1):
            if plan not in plans:
                plans.append(plan)
    any_confident, all_ambiguous = False, True
    for w, at in _contexts(windows, ctx):
        confident, ambiguous = step.ambiguous_part(w, at, plans, c1)
        any_confident |= confident
        all_ambiguous &= ambiguous
    shown: list = []
    for w in windows:
        shown.extend(page for page in hinted(w) if page not in shown)
    pages = [page for page in PAGES if page in shown]  # (in the order `hinted` gives them)
    return MojibakeDocument(plans, any_confident and all_ambiguous, c1, pages)


def _markup(windows: Sequence[str]) -> bool:
    """looks_like_markup of the whole document, from its windows' counts."""
    tagged = sum(_MARKUP_LINE.count(w) for w in windows if "<" in w)
    return tagged >= 3 and tagged * 10 >= sum(w.count("\n") for w in windows) + 1


_FALL_BACK = object()  # (what a step's facts are where the whole document must be run)

_GIVEN: dict = {
    HtmlEntities: lambda step, windows, ctx: any("<" in w for w in windows),
    C1Controls: lambda step, windows, ctx: _c1(windows),
    EncodingMojibake: _mojibake,
    DoubledLines: lambda step, windows, ctx: _markup(windows),
    Surrogates: lambda step, windows, ctx: None,
    ControlCharacters: lambda step, windows, ctx: None,
}


# ---- steps that run in windows only where they do nothing in the whole document

class _EveryEdge(_View):
    """A window's view on which the gate admits a head or tail rule on any line: the lines it
    admits hold every line that it admits anywhere in the whole document."""

    def edges(self) -> tuple:
        return (len(self.line_starts()), -1)

    def where(self, i: int, position: str) -> bool:
        return True

    def _spans(self, positions: frozenset) -> list:
        return [(0, len(self.text))] if positions else []


def _no_boilerplate(step: Boilerplate, windows: Sequence[str], ctx: Context) -> bool:
    """No line of any window that a rule of the selection could match wherever it stood."""
    for w in windows:
        view = _EveryEdge(w, Scan(w, ctx))
        for user in (False, True):
            gate = step._gate(ctx, user)
            if gate.rules and (gate.unsafe or not view.safe(gate.trouble) or gate.candidates(w, view) != {}):
                return False
    return True


def _no_lossy_damage(step: LossyMojibake, windows: Sequence[str], ctx: Context) -> bool:
    """No evidence of lossy damage in the document: none of its characters; or, with its
    head not mostly Latin-1 letters (a flag), no `â` and no CJK run (whose evidence reads the
    document's language) and no evidence in the windows' counts added up, each counted as if
    the document were English and Spanish (more signs than its own language shows)."""
    if not any(_has_evidence_chars(w, w.isascii()) for w in windows):
        return True
    if _mostly_latin1(_head(windows)) or any("\u00e2" in w or cjk_runs(w) for w in windows):
        return False
    counts = [astuple(read_evidence(_AnyLanguage(w))) for w in windows]
    return not Evidence(*map(sum, zip(*counts))).any_evidence()


class _AnyLanguage(Document):
    """A window read as English and Spanish: the evidence these languages add is counted
    (the evidence counts only grow with it, and `any_evidence` with them)."""

    english = True

    def spanish(self) -> bool:
        return True


_VERSION = re.compile(r"(?i)version \d")  # what every version header (layout._VERSION_HEADER) holds

_QUIET: dict = {
    Boilerplate: _no_boilerplate,
    LossyMojibake: _no_lossy_damage,
    VersionPairs: lambda step, windows, ctx: ctx.counters["boilerplate.tracker"] == 0
    and not any(_VERSION.search(w) for w in windows),
    TerminalEscapes: lambda step, windows, ctx: not any("\x1b" in w for w in windows),
}


class _Windows:
    """The document's windows as they stand: a changed window's text, an unchanged one read
    from the input when it is asked for (so the input is not held twice). The input is the
    text (`source` a str, `spans` in characters) or its UTF-8 (`source` bytes, `spans` in
    bytes: a window is decoded when read, and the text is never whole)."""

    def __init__(self, source, spans: list):
        self.source = source
        self.spans = spans
        self.changed: list = [None] * len(spans)
        # where each window starts in the input's text, and its length there
        if isinstance(source, str):
            self.starts = [start for start, _ in spans]
            self.lengths = [end - start for start, end in spans]
        else:
            self.lengths = [len(self.original(k)) for k in range(len(spans))]
            self.starts = [0, *accumulate(self.lengths[:-1])]

    def original(self, k: int) -> str:
        """Window `k` of the input."""
        start, end = self.spans[k]
        piece = self.source[start:end]
        return piece if isinstance(piece, str) else piece.decode("utf-8")

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, k: int) -> str:
        window = self.changed[k]
        return self.original(k) if window is None else window

    def __setitem__(self, k: int, window: str) -> None:
        self.changed[k] = window

    def __iter__(self):
        return (self[k] for k in range(len(self.spans)))

    def length(self, k: int) -> int:
        window = self.changed[k]
        return self.lengths[k] if window is None else len(window)

    def same_as(self, before: list) -> bool:
        """Whether every window holds the text it held when `before` (a copy of `changed`) was taken."""
        return all(now is then or (self.original(k) if now is None else now) == (self.original(k) if then is None else then)
                   for k, (now, then) in enumerate(zip(self.changed, before)))

    def joined(self) -> str:
        """The document's text (the pieces and the result at once: one copy of it more)."""
        return "".join(list(self))

    def encoded(self) -> bytes:
        """The document's text in UTF-8, each changed window let go once encoded (the text is
        never whole: its UTF-8 pieces and the result at once)."""
        return b"".join(self._encode_each())

    def _encode_each(self):
        for k in range(len(self.spans)):
            window = self.changed[k]
            self.changed[k] = None
            if window is None:
                start, end = self.spans[k]
                piece = self.source[start:end]
                yield piece if isinstance(piece, bytes) else piece.encode("utf-8")
            else:
                yield window.encode("utf-8")
            del window


def _contexts(windows: _Windows, ctx: Context):
    """(window, its context) for each window, its flags placed where it stands in the document."""
    offset = 0
    for k, w in enumerate(windows):
        yield w, _At(ctx, offset, Scan(w, ctx))
        offset += windows.length(k)


def windowed(active: Sequence) -> bool:
    """Whether every active step is of a kind that runs in windows."""
    return all(type(step) in _GIVEN or type(step) in _QUIET for step in active)


def run_in_windows(pipeline, text: str, encoding: Optional[str], flags: Sequence[Flag], enabled: dict,
                   active: Sequence, size: Optional[int] = None) -> Optional[Result]:
    """`pipeline._run(text, ...)`'s result, computed in windows of about `size` characters
    (WINDOW_CHARS); None where the whole document must be run instead (see the module's docstring)."""
    spans = cut(text, size or WINDOW_CHARS)
    if len(spans) < 2 or not windowed(active):
        return None
    windows = _Windows(text, spans)
    run = _lockstep(pipeline, windows, flags, enabled, active)
    if run is None:
        return None
    changes, flags = run
    return Result(text=windows.joined(), changes=changes, flags=flags, encoding=encoding, original=text)


def clean_utf8(pipeline, data: bytes, force_removals: bool = False,
               size: Optional[int] = None) -> Optional[tuple[list, list, bytes]]:
    """(changes, flags, the cleaned text's UTF-8) of `pipeline.run(data.decode("utf-8"))`, for
    `data` that decode_bytes reads as UTF-8 with no flag, computed in windows of about `size`
    bytes (WINDOW_CHARS) decoded one at a time: the text is never held whole (the input stays bytes); None
    where the whole document must be run instead."""
    spans = cut(data, size or WINDOW_CHARS)
    if len(spans) < 2 or not windowed(pipeline._active):
        return None
    windows = _Windows(data, spans)
    run = _lockstep(pipeline, windows, (), pipeline._enabled, pipeline._active)
    if run is None:
        return None
    changes, flags = run
    if not force_removals and removed_share_of(sum(windows.lengths), changes) > MAX_REMOVED_SHARE:
        return None  # (the removal guard's rerun: the whole document's)
    return changes, flags, windows.encoded()


def _lockstep(pipeline, windows: _Windows, flags: Sequence[Flag], enabled: dict,
              active: Sequence) -> Optional[tuple[list, list]]:
    """Run the steps over `windows` in lock-step, pass after pass: (the changes in the input's
    coordinates, the flags) as the whole run makes them, or None (see the module's docstring)."""
    ctx = Context(pipeline.selection, pipeline.options)
    ctx._enabled = enabled
    ctx.flags.extend(flags)
    applied: list = [[] for _ in windows]  # each window's changes, in its own coordinates
    quiet: dict = {}
    version = 0
    for _ in range(MAX_PASSES):
        before_pass = list(windows.changed)
        for step in active:
            if pipeline.reuse_quiet and quiet.get(id(step)) == version:
                continue
            if type(step) in _QUIET:
                if not _QUIET[type(step)](step, windows, ctx):
                    return None
                quiet[id(step)] = version
                continue
            changed = _step(pipeline, step, windows, applied, ctx, enabled)
            if changed is None:
                return None
            if changed:
                version += 1
            else:
                quiet[id(step)] = version
        if windows.same_as(before_pass):
            break
    else:
        ctx.flag("pipeline.unstable", f"text still changing after {MAX_PASSES} passes")
    changes = [replace(c, start=c.start + a, end=c.end + a) for a, window in zip(windows.starts, applied) for c in window]
    return changes, settled(ctx.flags, changes)


def _step(pipeline, step, windows: _Windows, applied: list, ctx: Context, enabled: dict) -> Optional[bool]:
    """Run `step` on every window with what it reads of the whole document; whether a window
    changed (None: its flags came from several windows in an order only the whole run knows)."""
    given: Callable = _GIVEN[type(step)]
    facts = given(step, windows, ctx)
    if facts is _FALL_BACK:
        return None
    if facts is not None:
        ctx.given[id(step)] = facts
    try:
        proposed = []
        flagged_by = 0
        for k, (w, at) in enumerate(_contexts(windows, ctx)):
            offset_in_original = windows.starts[k]
            before = len(ctx.flags)
            proposals, unsure = [], []
            for c in step.propose(w, at):
                if not enabled.get(c.rule, False):
                    continue
                (proposals if c.confidence >= pipeline._min_confidence else unsure).append(c)
            if unsure:
                starts = original_positions(applied[k], [c.start for c in unsure])
                for c, start in zip(unsure, starts):  # (where they are in the input: its window's start added)
                    ctx.flag_once(c.rule, f"{UNSURE} {c.confidence:.2f} < {pipeline._min_confidence:.2f}): "
                                  f"{c.before!r} -> {c.after!r}: {c.reason}", start + offset_in_original,
                                  start + offset_in_original + len(c.before))
            flagged_by += len(ctx.flags) > before
            proposed.append(proposals)
        if flagged_by > 1 and isinstance(step, EncodingMojibake):
            return None  # (its flags come in the order of its own phases over the whole text)
    finally:
        ctx.given.pop(id(step), None)
    changed = False
    for k, proposals in enumerate(proposed):
        if not proposals:
            continue
        window = windows[k]
        proposals = check_proposals(window, proposals)
        applied[k] = compose(windows.original(k), applied[k], window, proposals)
        replayed = replay(window, proposals)
        if replayed is not window:
            windows[k] = replayed
            changed = True
    return changed


__all__ = ["WINDOW_CHARS", "clean_utf8", "cut", "run_in_windows", "windowed"]
