"""The facts the lossy rules read of a whole document, read over its windows (a run in
windows: windows.py, window_facts.py), so that each window is repaired as the whole
document's run repairs it without the document ever joined.

The windows are cut after blank lines: no rule reads a site's context across one (a site's
line, a sentence's start, a quote's pairing stop at a line end, code tokens hold no space),
except a conditional whose `? ` and `: ` lines stand on both sides of one (code.code_marks:
each window is given its next line's start) and a flag's snippet (the window's margins). What
reads the whole document adds up over windows: the evidence counts, the dash and spelling
habits, the quotes and U+FFFD words, `lost_bytes`'s signs. The language is read from the first
windows' prose (its head, its first words); whether CJK runs read as CJK from all of them; and
whether the letter rules read a placeholder as a letter (quotes: the letters survived) from
a reading of every window first.

Each window's `Document` is built again for each reading (its prose lives while it is read):
the document's text and prose are never whole.
"""

from __future__ import annotations

from array import array
from dataclasses import astuple, replace
from functools import cached_property
from itertools import chain
from typing import List, Sequence

from ... import lazyre
from ..cjk_latin1 import cjk_runs, recognised
from .chars import _CP1252_SEEN, _E2_SPACED, SPACED_CONTRACTION, SPACED_SUFFIX
from .document import (_ENGLISH_HEAD, FIRST_WORDS, Document, Language, Whole, _first_words, dash_of, fffd_words,
                       holds_accented, quote_counts, read_code, spelling_counts)
from .evidence import (Evidence, _bare_elisions, _words_holding, compound_counts, compounds_verdict, lost_bytes_of,
                       sign_counts)
from .letters import Letters
from .screen import _Q_SIGN_PLACE, _has_evidence_chars, _mostly_latin1, cannot_show_evidence

# How much of the text around a window a flag's snippet may read (context._snippet).
_SNIPPET = 12
# A line's start after blank lines: what code_marks' conditional over two lines reads after one.
_NEXT_LINE = lazyre.compile(r"(?:[ \t]*\n)*[ \t]*[^ \t\n]")


def read_whole(windows: Sequence[str], head: str) -> List[Whole]:
    """The Whole of each window of a document cut after blank lines (the same facts, each
    window's own code and margins); `head`: the document's first characters, as many as
    _mostly_latin1 reads (20,000)."""
    has = any(_has_evidence_chars(w, w.isascii()) for w in windows)
    latin1 = has and _mostly_latin1(head)
    whole = Whole(latin1=latin1, possible=has and not latin1 and _may_show_evidence(windows))
    if not whole.possible:
        return [whole] * len(windows)
    whole = replace(whole, cjk_recognised=_cjk_recognised(windows))
    parts = [replace(whole, before=before, after=after) for before, after in _margins(windows)]
    parts = [replace(part, code=array("q", chain.from_iterable(read_code(w, part)))) for w, part in zip(windows, parts)]
    language = _language(windows, parts)
    parts = [replace(part, language=language) for part in parts]
    counts = [_counts(Document(w, part)) for w, part in zip(windows, parts)]
    signs, euros, cp1252, quotes, circumflex = zip(*counts)
    ev = Evidence(*map(sum, zip(*signs)))
    if not ev.bare_evidence and any(circumflex):
        ev = replace(ev, bare_evidence=_bare_words_evidence(windows, parts))
    whole = replace(whole, language=language, evidence=ev, lost_bytes=lost_bytes_of(ev, sum(euros), any(cp1252)),
                    quotes=(any(q[0] for q in quotes), sum(q[1] for q in quotes), sum(q[2] for q in quotes)))
    parts = [replace(whole, code=part.code, before=part.before, after=part.after) for part in parts]
    later = _Later(windows, parts)
    return [replace(part, later=later) for part in parts]


class _Later:
    """The facts of the whole document that only some documents' rules ask for (Whole.later),
    read over its windows when first asked: the windows stand as they are while the step
    proposes (its changes are made after every window's)."""

    def __init__(self, windows: Sequence[str], parts: Sequence[Whole]):
        self._windows, self._parts = windows, parts

    @cached_property
    def dash(self) -> str:
        en = sum(w.count(" \u2013 ") for w in self._windows)
        em = sum(w.count(" \u2014 ") for w in self._windows)
        return dash_of(en, em, lambda: tuple(map(sum, zip(*(spelling_counts(w) for w in self._windows)))))

    @cached_property
    def spaced_habit(self) -> bool:
        """Document.spaced_habit: a spaced opener anywhere, or a spaced suffix and a spaced contraction."""
        return (any(_E2_SPACED.search(w) is not None for w in self._windows)
                or any(SPACED_SUFFIX.search(w) is not None for w in self._windows)
                and any(SPACED_CONTRACTION.search(w) is not None for w in self._windows))

    @cached_property
    def fffd_words(self) -> tuple:
        words: tuple = ()
        for w in self._windows:
            if len(words) >= 2:
                break
            words += fffd_words(w) if "\ufffd" in w else ()
        return words[:2]

    @cached_property
    def accented(self) -> bool:
        return any(holds_accented(w) for w in self._windows)

    @cached_property
    def read_as_letters(self) -> bool:
        """Whether the letter rules (as solve runs them) read a placeholder as a letter in some window."""
        ev = self._parts[0].evidence
        if not (ev.any_evidence() and (ev.damaged() or ev.q_letters >= 1 and ev.q_damage())):
            return False
        whole = [replace(part, later=self) for part in self._parts]
        return any(Letters(Document(w, part), ev).read().as_letters for w, part in zip(self._windows, whole))


def _counts(doc: Document) -> tuple:
    """What one window adds to the document's counts (read_whole)."""
    prose = doc.prose
    return (astuple(sign_counts(doc)), prose.count("\u00e2\u20ac"), _CP1252_SEEN.search(prose) is not None,
            quote_counts(doc.text), "\u00e2" in prose)


def _bare_words_evidence(windows: Sequence[str], parts: Sequence[Whole]) -> int:
    """read_evidence's elisions, else compounds, over all windows (where no bare â is evidence)."""
    elisions, compounds = 0, []
    for w, part in zip(windows, parts):
        doc = Document(w, part)
        words = _words_holding(doc.prose, "\u00e2")
        elisions += _bare_elisions(doc, words)
        if not elisions:
            compounds.append(compound_counts(doc, words, short=False))
    return elisions or compounds_verdict(*map(sum, zip(*compounds)))


def _may_show_evidence(windows: Sequence[str]) -> bool:
    """not cannot_show_evidence(the document): a window that may show evidence, or two ? in
    the document where one may count as a sign (a window that cannot holds one at most)."""
    places = 0
    for w in windows:
        if not cannot_show_evidence(w):
            return True
        places += _Q_SIGN_PLACE.search(w) is not None
    return places >= 2


def _cjk_recognised(windows: Sequence[str]) -> bool:
    """recognised(the document, its CJK runs): read from the runs alone (no run crosses a line end)."""
    pieces: list = []
    for w in windows:
        pieces += [w[a:b] for a, b in cjk_runs(w)]
    if not pieces:
        return False
    spans, start = [], 0
    for piece in pieces:
        spans.append((start, start + len(piece)))
        start += len(piece)
    return recognised("".join(pieces), spans)


def _language(windows: Sequence[str], parts: Sequence[Whole]) -> Language:
    """The document's Language, from its first windows' prose: as much as its head and first
    words need."""
    prose = ""
    for w, part in zip(windows, parts):
        prose += Document(w, part).prose
        if len(prose) >= _ENGLISH_HEAD and len(_first_words(prose, FIRST_WORDS)) >= FIRST_WORDS:
            break
    return Language(prose)


def _margins(windows: Sequence[str]) -> list:
    """(before, after) of each window: the document's last characters before it that a
    snippet reads, and its text after it up to the next line's start (_NEXT_LINE) and at least
    as far as a snippet reads."""
    befores, tail = [], ""
    for w in windows:
        befores.append(tail)
        tail = (tail + w[-_SNIPPET:])[-_SNIPPET:]
    afters, head = [], ""
    for w in reversed(windows):
        afters.append(head)
        head = _start(w, head)
    return list(zip(befores, reversed(afters)))


def _start(text: str, rest: str) -> str:
    """The start of `text` followed by `rest` (itself such a start of what follows) that a
    window before it reads (_margins)."""
    for candidate in (text[:64], text + rest):
        m = _NEXT_LINE.match(candidate)
        end = max(_SNIPPET, m.end() + 1) if m is not None else None
        if end is not None and end <= len(candidate):
            return candidate[:end]
    return text + rest
