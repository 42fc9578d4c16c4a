"""One large document run in windows, with the whole-document run's result (issue 12 item 8,
issue 15 item 4).

A document is cut into windows after blank lines (after line ends where no blank line is
near: every step given facts reads no more of the text than a line). The pipeline's steps run in lock-step:
step k on every window before step k+1, and each step is given what it reads of the whole
document (the facts below, computed over the windows as they stand at that step), so every
window sees what the whole run would show it. Passes repeat until no window changes; the
changes are those of the whole run (in the original's coordinates); flags come in the whole
run's order (step by step, window by window), a document-level flag once.

Whether a step can run so is the step's kind (`GIVEN`, `QUIET`):
- the character filters (surrogates, control characters) read nothing beyond a line;
- HTML entities read whether the document holds a `<`; C1 controls how many kinds the
  document holds and its head (is it English); the encoding repair also the plans that
  repaired its segments (tried on the others) and whether all its confident edits are
  ambiguous word ends (`MojibakeDocument`; a damaged emoji's lost bytes are read from the
  whole document's Windows-1252 signs: a window that may hold one without the sign another
  shows runs the step joined); doubled lines whether it looks like markup;
- the lossy repair reads the whole document's evidence counts, language, habits and more
  (lossy/whole.py), given to each window where every cut is a blank line;
- boilerplate, the lossy repair, version pairs and terminal escapes run in windows without
  facts where they are certain to do nothing in the whole document (`QUIET`): no line of any
  window that a boilerplate rule could match wherever it stood; no evidence of lossy damage
  even counted as if the document were English and Spanish; no "version N" header; no ESC.

A step that is given nothing here (where it would act on document-wide evidence that is
not given, or a filter of another kind is selected) runs on the document joined, as in the
whole run (`_whole_step`): the other steps stay in windows, and its changes go back to the
windows they fall in (two windows become one where a change crosses the cut between them).
`run_in_windows` returns None only for a text that does not make two windows.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from dataclasses import replace
from typing import Callable, Optional, Sequence

from .edits import check_proposals, compose, original_positions
from .filters.mojibake import EncodingMojibake
from .model import Flag, Result, replay
from .pipeline import MAX_PASSES, MAX_REMOVED_SHARE, UNSURE, Context, Scan, removed_share_of, settled
from .window_facts import GIVEN, QUIET, RUN_JOINED, PerWindow, contexts
from . import lazyre

# A window: at least this many characters, up to the next blank line.
WINDOW_CHARS = 1 << 20
_CUT = lazyre.compile(r"\n\r?\n")
_CUT_UTF8 = lazyre.compile(rb"\n\r?\n")  # (a newline byte is never inside a UTF-8 sequence)


def cut(text, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) of the windows of a text (or its UTF-8): each ends after the first blank
    line at or past `size` characters (bytes) from its start, or, with none in the next
    `size`, after the first line end there (a text of short lines, a list); the last one at
    the text's end (a line of more than `size` is not cut).
    >>> cut("a\\n\\nb\\n\\nc", 1), cut(b"a\\n\\nb", 1), cut("a\\nb\\nc\\n\\nd", 2)
    ([(0, 3), (3, 6), (6, 7)], [(0, 3), (3, 4)], [(0, 2), (2, 7), (7, 8)])
    """
    spans, start = [], 0
    blank, newline = (_CUT, "\n") if isinstance(text, str) else (_CUT_UTF8, b"\n")
    while start < len(text):
        end = len(text)
        at = start + size - 1
        if at < len(text):
            m = blank.search(text, at, at + size + 2)
            line_end = text.find(newline, at) if m is None else -1
            end = m.end() if m is not None else line_end + 1 if line_end >= 0 else len(text)
        spans.append((start, end))
        start = end
    return spans


class _Windows:
    """The document's windows as they stand: a changed window's text, an unchanged one read
    from the input when it is asked for (so the input is not held twice). The input is the
    text (`source` a str, `spans` in characters) or its UTF-8 (`source` bytes, `spans` in
    bytes: a window is decoded when read, and the text is never whole)."""

    def __init__(self, source, spans: list):
        self.source = source
        self.spans = spans
        self.changed: list = [None] * len(spans)
        self.marked: list = list(self.changed)
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

    def ends_paragraph(self, k: int) -> bool:
        """Whether window `k` ends with a blank line (read in the input where it is unchanged)."""
        window = self.changed[k]
        if window is not None:
            return window.endswith(("\n\n", "\n\r\n"))
        start, end = self.spans[k]
        blank = ("\n\n", "\n\r\n") if isinstance(self.source, str) else (b"\n\n", b"\n\r\n")
        return self.source.endswith(blank, start, end)

    def mark(self) -> None:
        """Remember what each window holds now (`unchanged_since_mark` compares with it)."""
        self.marked = list(self.changed)

    def unchanged_since_mark(self) -> bool:
        """Whether every window holds the text it held at `mark` (the mark is let go: the
        texts it held are not kept while the result is written)."""
        marked, self.marked = self.marked, [None] * len(self.changed)
        return all(now is then or (self.original(k) if now is None else now) == (self.original(k) if then is None else then)
                   for k, (now, then) in enumerate(zip(self.changed, marked)))

    def held_in(self, text: str) -> list:
        """Let go of the changed windows' texts while `text` (the windows joined) holds them:
        (window, start, end in `text`) of each, for `hold` to take them back from `text`."""
        held, start = [], 0
        for k in range(len(self.spans)):
            end = start + self.length(k)
            if self.changed[k] is not None:
                held.append((k, start, end))
                self.changed[k] = None
            start = end
        return held

    def hold(self, held: list, text: str) -> None:
        """Take back the windows' texts that `held_in` let go of, from `text`."""
        for k, start, end in held:
            self.changed[k] = text[start:end]

    def merge(self, k: int, applied: list) -> None:
        """Make windows k and k+1 one (a change of a step run whole crosses the cut between
        them), their changes (`applied`, each window's in its own coordinates) too."""
        shift = self.lengths[k]
        applied[k:k + 2] = [applied[k] + [replace(c, start=c.start + shift, end=c.end + shift) for c in applied[k + 1]]]
        for held in (self.changed, self.marked):
            first, second = held[k], held[k + 1]
            if first is not None or second is not None:
                first = self.original(k) if first is None else first
                second = self.original(k + 1) if second is None else second
                held[k:k + 2] = [first + second]
            else:
                held[k:k + 2] = [None]
        self.spans[k:k + 2] = [(self.spans[k][0], self.spans[k + 1][1])]
        self.lengths[k:k + 2] = [self.lengths[k] + self.lengths[k + 1]]
        del self.starts[k + 1]

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


def run_in_windows(pipeline, text: str, encoding: Optional[str], flags: Sequence[Flag], enabled: dict,
                   active: Sequence, size: Optional[int] = None) -> Optional[Result]:
    """`pipeline._run(text, ...)`'s result, computed in windows of about `size` characters
    (WINDOW_CHARS); None where the whole document must be run instead (see the module's docstring)."""
    spans = cut(text, size or WINDOW_CHARS)
    if len(spans) < 2:
        return None
    windows = _Windows(text, spans)
    changes, flags = _lockstep(pipeline, windows, flags, enabled, active)
    return Result(text=windows.joined(), changes=changes, flags=flags, encoding=encoding, original=text)


def clean_utf8(pipeline, data: bytes, force_removals: bool = False,
               size: Optional[int] = None) -> Optional[tuple[list, list, bytes]]:
    """(changes, flags, the cleaned text's UTF-8) of `pipeline.run(data.decode("utf-8"))`, for
    `data` that decode_bytes reads as UTF-8 with no flag, computed in windows of about `size`
    bytes (WINDOW_CHARS) decoded one at a time: the text is never held whole (the input stays bytes); None
    where the whole document must be run instead."""
    spans = cut(data, size or WINDOW_CHARS)
    if len(spans) < 2:
        return None
    windows = _Windows(data, spans)
    changes, flags = _lockstep(pipeline, windows, (), pipeline._enabled, pipeline._active)
    if not force_removals and removed_share_of(sum(windows.lengths), changes) > MAX_REMOVED_SHARE:
        return None  # (the removal guard's rerun: the whole document's)
    return changes, flags, windows.encoded()


def _lockstep(pipeline, windows: _Windows, flags: Sequence[Flag], enabled: dict, active: Sequence) -> tuple[list, list]:
    """Run the steps over `windows` in lock-step, pass after pass: (the changes in the input's
    coordinates, the flags) as the whole run makes them."""
    ctx = Context(pipeline.selection, pipeline.options)
    ctx._enabled = enabled
    ctx.flags.extend(flags)
    applied: list = [[] for _ in windows]  # each window's changes, in its own coordinates
    quiet: dict = {}
    version = 0
    for _ in range(MAX_PASSES):
        windows.mark()
        for step in active:
            if pipeline.reuse_quiet and quiet.get(id(step)) == version:
                continue
            if type(step) in QUIET and QUIET[type(step)](step, windows, ctx):
                quiet[id(step)] = version
                continue
            changed = _step(pipeline, step, windows, applied, ctx, enabled) if type(step) in GIVEN else None
            if changed is None:
                changed = _whole_step(pipeline, step, windows, applied, ctx, enabled)
            if changed:
                version += 1
            else:
                quiet[id(step)] = version
        if windows.unchanged_since_mark():
            break
    else:
        ctx.flag("pipeline.unstable", f"text still changing after {MAX_PASSES} passes")
    changes = [replace(c, start=c.start + a, end=c.end + a) for a, window in zip(windows.starts, applied) for c in window]
    return changes, settled(ctx.flags, changes)


def _sorted_out(pipeline, step, text: str, ctx: Context, enabled: dict) -> tuple[list, list]:
    """(proposals sure enough to make, proposals reported as unsure) of `step` on `text`."""
    proposals, unsure = [], []
    for c in step.propose(text, ctx):
        if enabled.get(c.rule, False):
            (proposals if c.confidence >= pipeline._min_confidence else unsure).append(c)
    return proposals, unsure


def _flag_unsure(pipeline, ctx: Context, unsure: list, starts: list) -> None:
    """Report the proposals left out for their confidence, at their places in the input (`starts`)."""
    for c, start in zip(unsure, starts):
        ctx.flag_once(c.rule, f"{UNSURE} {c.confidence:.2f} < {pipeline._min_confidence:.2f}): "
                      f"{c.before!r} -> {c.after!r}: {c.reason}", start, start + len(c.before))


def _step(pipeline, step, windows: _Windows, applied: list, ctx: Context, enabled: dict) -> Optional[bool]:
    """Run `step` on every window with what it reads of the whole document; whether a window
    changed. None, with nothing recorded, where the step must run whole instead (its facts
    are not given, or its flags came from several windows in an order only the whole run knows)."""
    given: Callable = GIVEN[type(step)]
    facts = given(step, windows, ctx)
    if facts is RUN_JOINED:
        return None
    if facts is not None and not isinstance(facts, PerWindow):
        ctx.given[id(step)] = facts
    mojibake = isinstance(step, EncodingMojibake)
    recorded = (len(ctx.flags), set(ctx._flagged), ctx._flagged_upto) if mojibake else None
    try:
        proposed, unsure_of, flagged_by = [], [], 0
        for k, (w, at) in enumerate(contexts(windows, ctx)):
            if isinstance(facts, PerWindow):
                ctx.given[id(step)] = facts[k]
            before = len(ctx.flags)
            proposals, unsure = _sorted_out(pipeline, step, w, at, enabled)
            flagged_by += len(ctx.flags) > before or bool(unsure)
            proposed.append(proposals)
            unsure_of.append(unsure)
    finally:
        ctx.given.pop(id(step), None)
    for k, unsure in enumerate(unsure_of):  # (after every window's: the whole run flags them after its propose)
        if unsure:  # (where they are in the input: its window's start added)
            starts = original_positions(applied[k], [c.start for c in unsure])
            _flag_unsure(pipeline, ctx, unsure, [start + windows.starts[k] for start in starts])
    if flagged_by > 1 and mojibake:
        # (its flags come in the order of its own phases over the whole text)
        del ctx.flags[recorded[0]:]
        ctx._flagged, ctx._flagged_upto = recorded[1], recorded[2]
        return None
    changed = False
    for k, proposals in enumerate(proposed):
        if proposals:
            changed |= _apply(windows, applied, k, check_proposals(windows[k], proposals))
    return changed


def _whole_step(pipeline, step, windows: _Windows, applied: list, ctx: Context, enabled: dict) -> bool:
    """Run `step` on the document joined, as the whole run does (the step reads what it reads
    of the whole document itself), and give each window its part of the changes; whether a
    window changed. The joined text and the step's facts about it live only during the step."""
    text = windows.joined()
    held = windows.held_in(text)
    scan = ctx.scan = Scan(text, ctx)
    try:
        if pipeline.screens and not step.screen(text, scan):
            return False
        if scan.view is None:  # (only the boilerplate view's propose reads its screen's facts again)
            scan.forget()  # the UTF-8 the screen read (a third of the text or more) goes before propose
        proposals, unsure = _sorted_out(pipeline, step, text, ctx, enabled)
        if unsure:
            everything = [replace(c, start=c.start + a, end=c.end + a) for a, window in zip(windows.starts, applied)
                          for c in window]
            _flag_unsure(pipeline, ctx, unsure, original_positions(everything, [c.start for c in unsure]))
        proposals = check_proposals(text, proposals)
    finally:
        scan.forget()
        ctx.scan = None
        windows.hold(held, text)
    del text, scan
    changed = False
    for k, part in _parts(windows, applied, proposals):
        changed |= _apply(windows, applied, k, part)
    return changed


def _parts(windows: _Windows, applied: list, proposals: list) -> list:
    """(window, its proposals in its coordinates) for `proposals` (sorted spans of the joined
    text). Where one crosses a cut, or inserts at one, the windows around it become one."""
    while True:
        ends = list(accumulate(map(windows.length, range(len(windows)))))
        k = next((k for k in (_crossing(ends, c) for c in proposals) if k is not None), None)
        if k is None:
            break
        windows.merge(k, applied)
    parts: dict = {}
    for c in proposals:
        k = bisect_left(ends, c.end)
        shift = ends[k] - windows.length(k)
        parts.setdefault(k, []).append(replace(c, start=c.start - shift, end=c.end - shift))
    return list(parts.items())


def _crossing(ends: list, c) -> Optional[int]:
    """The window whose end change `c` crosses or inserts at (the whole run may join an
    insertion there with one at the next window's start); None for a change inside a window.
    `ends`: where each window ends in the joined text."""
    k = bisect_left(ends, c.end)  # (the first window ending at or after the change's end)
    if c.start == c.end:
        return k if c.end == ends[k] and k + 1 < len(ends) else None
    return bisect_right(ends, c.start) if c.start < (ends[k - 1] if k else 0) else None


def _apply(windows: _Windows, applied: list, k: int, proposals: list) -> bool:
    """Make `proposals` (checked, in window k's coordinates) in window k; whether it changed."""
    window = windows[k]
    applied[k] = compose(windows.original(k), applied[k], window, proposals)
    replayed = replay(window, proposals)
    if replayed is window:
        return False
    windows[k] = replayed
    return True


__all__ = ["WINDOW_CHARS", "clean_utf8", "cut", "run_in_windows"]
