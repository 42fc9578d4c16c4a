"""What each step of a run in windows is given of the whole document (windows.py), as
typed values computed over the windows as they stand at that step, and the tests that a
step does nothing in the whole document (then it is skipped in every window).

`GIVEN`: the steps that run window by window with these facts (None: nothing beyond the
window; `PerWindow`: each window's own; RUN_JOINED: this document's facts cannot be given,
the step reads it joined).
`QUIET`: the steps that run in windows only where they are certain to do nothing; where the
test fails they read the document joined.
"""

from __future__ import annotations

from dataclasses import astuple
from itertools import accumulate
from typing import Optional, Sequence

from .filters.boilerplate import Boilerplate
from .filters.boilerplate.structure import _MARKUP_LINE
from .filters.boilerplate.view import _View
from .filters.cjk_latin1 import cjk_runs, recognised
from .filters import emoji_c1
from .filters.codepage_runs import PAGES, hinted
from .filters.controls import (ENGLISH_HEAD, C1_RE, C1Controls, C1Document, ControlCharacters, HtmlEntities,
                               Surrogates, TerminalEscapes)
from .filters.layout import DoubledLines, VersionPairs
from .filters.lossy import LossyMojibake
from .filters.lossy.document import Document
from .filters.lossy.evidence import Evidence, read_evidence
from .filters.lossy.screen import _has_evidence_chars, _mostly_latin1
from .filters.lossy.whole import read_whole
from .filters.mojibake import EncodingMojibake, MojibakeDocument
from .pipeline import Context, Scan
from . import lazyre


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
    the verdict given them. RUN_JOINED (the step runs joined) where a window that may hold a
    damaged emoji lacks the Windows-1252 sign that another window shows (the emoji's lost
    bytes are read from the whole document's sign: emoji_c1._lost_bytes), and where a window
    holds a run of CJK bytes that reads as CJK (cjk_latin1.recognised and certain_reading
    read every run of the document: `_read_as_cjk`)."""
    signs = [(any(hint in w for hint in emoji_c1.HINTS), emoji_c1.shows_cp1252(w)) for w in windows]
    if any(sign for _, sign in signs) and any(hint and not sign for hint, sign in signs):
        return RUN_JOINED
    if _read_as_cjk(windows):
        return RUN_JOINED  # (whether CJK runs read as such, and how, is read from all of them)
    c1 = _c1(windows)
    plans: list = []
    for w, at in contexts(windows, ctx):
        for plan in step.plans(w, at, c1):
            if plan not in plans:
                plans.append(plan)
    any_confident, all_ambiguous = False, True
    for w, at in contexts(windows, ctx):
        confident, ambiguous = step.ambiguous_part(w, at, plans, c1)
        any_confident |= confident
        all_ambiguous &= ambiguous
    shown: list = []
    for w in windows:
        shown.extend(page for page in hinted(w) if page not in shown)
    pages = [page for page in PAGES if page in shown]  # (in the order `hinted` gives them)
    return MojibakeDocument(plans, any_confident and all_ambiguous, c1, pages)


def _read_as_cjk(windows: Sequence[str]) -> bool:
    """Whether runs of CJK bytes read as Latin-1 are recognised as CJK in the document (all its
    runs: no run crosses a line end) or in a window alone; where neither, every window, as
    the whole document, leaves its runs alone (EncodingMojibake.propose)."""
    pieces: list = []
    for w in windows:
        spans = cjk_runs(w)
        if spans and recognised(w, spans):
            return True
        pieces += [w[a:b] for a, b in spans]
    ends = list(accumulate(map(len, pieces)))
    return bool(pieces) and recognised("".join(pieces), [(end - len(p), end) for p, end in zip(pieces, ends)])


def _markup(windows: Sequence[str]) -> bool:
    """looks_like_markup of the whole document, from its windows' counts."""
    tagged = sum(_MARKUP_LINE.count(w) for w in windows if "<" in w)
    return tagged >= 3 and tagged * 10 >= sum(w.count("\n") for w in windows) + 1


def _lossy(step: LossyMojibake, windows, ctx: Context):
    """Each window's part of the lossy rules' facts of the whole document (lossy/whole.py).
    RUN_JOINED where a cut is no blank line (the rules read the line before a site: whether
    it ends a sentence)."""
    if not all(windows.ends_paragraph(k) for k in range(len(windows) - 1)):
        return RUN_JOINED
    return PerWindow(read_whole(windows, _head(windows)))


class PerWindow(list):
    """A step's facts that differ from window to window: one for each, in order."""


RUN_JOINED = object()  # (what a step's facts are where it must run on the whole document: _whole_step)

GIVEN: dict = {
    HtmlEntities: lambda step, windows, ctx: any("<" in w for w in windows),
    C1Controls: lambda step, windows, ctx: _c1(windows),
    EncodingMojibake: _mojibake,
    DoubledLines: lambda step, windows, ctx: _markup(windows),
    Surrogates: lambda step, windows, ctx: None,
    ControlCharacters: lambda step, windows, ctx: None,
    LossyMojibake: _lossy,
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


_VERSION = lazyre.compile(r"(?i)version \d")  # what every version header (layout._VERSION_HEADER) holds

QUIET: dict = {
    Boilerplate: _no_boilerplate,
    LossyMojibake: _no_lossy_damage,
    VersionPairs: lambda step, windows, ctx: ctx.counters["boilerplate.tracker"] == 0
    and not any(_VERSION.search(w) for w in windows),
    TerminalEscapes: lambda step, windows, ctx: not any("\x1b" in w for w in windows),
}


def contexts(windows, ctx: Context):
    """(window, its context) for each window, its flags placed where it stands in the document."""
    offset = 0
    for k, w in enumerate(windows):
        yield w, _At(ctx, offset, Scan(w, ctx))
        offset += windows.length(k)


__all__ = ["GIVEN", "QUIET", "RUN_JOINED", "PerWindow", "contexts"]
