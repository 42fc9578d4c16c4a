"""The block path: many documents screened in one pass, Python only where something can fire.

Corpora arrive in blocks: a JSONL block, a `datasets` batch, a datatrove stream, a folder of
small files. Most of their documents are quiet for every filter, and for a quiet document
the per-document run (a `Scan`, the loop over the filters, each screen's own call) costs
more than the screens' C work. Here the screens' tests run once over the whole block: its
documents joined by newlines into one text, so that every line of a document is a line of
the block, its first line follows a newline and its last precedes one (what `^` and `$`
in MULTILINE mode and the boilerplate gate's framing expect); one UTF-8 view; one pass per
Hyperscan database; each hit goes to its document through the boundary map (`Block`).

A document no block screen admits gets the Result the pipeline gives a text no filter
fires on (its text, no change, no flag); the others run through `Pipeline.run` as before.
Each block screen admits every document its filter's `screen` would let through (it may
admit more: a hit spanning two documents, a test it leaves to the filter), so the results
are the same as document by document (tests/test_block.py). A filter without a block
screen (a user's, the opt-in normalisations) sends the whole block down the per-document
path.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, compress, count, islice, repeat
from operator import eq, le, or_, rshift
from typing import Callable, Iterable, Iterator, Optional, Sequence

from .model import Result
from .pipeline import Context, Filter, Pipeline, Scan, settled
from .filters import boilerplate, emoji_c1, layout, lossy, mojibake, small_chars
from .filters.boilerplate.gate import MEMO_ENTRIES, MEMO_LINE_CHARS, MEMO_LINES
from .filters.boilerplate.structure import looks_like_markup
from .filters.boilerplate.view import _View
from .filters.controls import _from_ftfy
from .filters.lossy.screen import _ANY_Q_EVIDENCE, _EVIDENCE_RE, _evidence_scanner
from . import lazyre

# A stream of documents is cut in blocks of at most this many documents, or this many
# characters (the last document may take it over): big enough to pay one screening pass per
# block, small enough that a block of long documents stays a few MB.
BLOCK_DOCS = 1000
BLOCK_CHARS = 1 << 20
# A document longer than this runs alone: the encoding screen cuts such texts in segments.
MAX_BLOCK_DOC = mojibake.SEGMENT_LENGTH
# Bytes outside these, in ASCII text, are the small filters' characters (small_chars._ASCII_QUIET).
_ASCII_NOISE = lazyre.compile(rb"[^\x20-\x7e\t\n\x0c\r]")
# Characters a case-insensitive "version" may hold outside ASCII (ſ, ı and İ fold to s and i).
_VERSION_STAND_INS = "\u017f\u0131\u0130"


class Block:
    """Documents joined by "\\n" into one text, with the boundary map: `starts[k]` is where
    document k begins in `text` (`starts[-1]` is one past the end). The UTF-8 view, the
    bytes view and the lines are made on first use, once for the block."""

    __slots__ = ("texts", "text", "starts", "ascii", "_utf8", "_byte_starts", "_broken", "_view", "_small",
                 "_first_lines", "_doc_views", "_lowers", "settled")

    def __init__(self, texts: Sequence[str]):
        self.texts = texts
        self.text = "\n".join(texts)
        self.starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))
        self.ascii = self.text.isascii()
        self._utf8: Optional[bytes] = None
        self._byte_starts: Optional[list] = None
        self._broken: frozenset = frozenset()
        self._view: Optional[_View] = None
        self._small: Optional[set] = None
        self._first_lines: Optional[list] = None
        self._doc_views: dict = {}
        self._lowers: dict = {}
        self.settled: set = set()  # the documents some screen already admitted (`admitted` fills it)

    def doc_at(self, offset: int) -> int:
        """The document holding character `offset` of `text` (a separator: the one before it)."""
        return bisect_right(self.starts, offset) - 1

    def docs_over(self, start: int, end: int) -> range:
        """The documents a match of `text[start:end]` touches."""
        return range(self.doc_at(start), self.doc_at(max(start, end - 1)) + 1)

    def holding(self, needle: str) -> set:
        """The documents whose text holds `needle` (one find per document at most)."""
        text, starts, out = self.text, self.starts, set()
        at = text.find(needle)
        while at >= 0:
            k = self.doc_at(at)
            if at + len(needle) < starts[k + 1]:  # inside document k, not across its separator
                out.add(k)
                at = text.find(needle, starts[k + 1])
            else:
                at = text.find(needle, at + 1)
        return out

    def utf8(self) -> bytes:
        """The block in UTF-8; a document that has none (a lone surrogate) is empty in it and
        listed in `broken`, for the screens to admit."""
        if self._utf8 is None:
            if self.ascii:
                self._utf8, self._byte_starts = self.text.encode("ascii"), self.starts
            else:
                parts = list(map(_utf8_or_empty, self.texts))
                self._broken = frozenset(k for k, part in enumerate(parts) if part is None)
                parts = [b"" if part is None else part for part in parts]
                self._utf8 = b"\n".join(parts)
                self._byte_starts = list(accumulate(map((1).__add__, map(len, parts)), initial=0))
        return self._utf8

    @property
    def broken(self) -> frozenset:
        self.utf8()
        return self._broken

    def doc_at_byte(self, offset: int) -> int:
        """The document holding byte `offset` of `utf8()`."""
        self.utf8()
        return bisect_right(self._byte_starts, offset) - 1

    def view(self) -> _View:
        """The boilerplate gate's view of the block: one byte per character, so its offsets
        are the text's, and its lines are the documents' lines."""
        if self._view is None:
            scan = Scan(self.text)
            if not self.broken:  # (the gate reads the text's UTF-8 for the lines keyed apart)
                scan._utf8 = self.utf8()
            self._view = _View(self.text, scan)
        return self._view

    def line_starts(self) -> Sequence[int]:
        """Where each line of the block begins (its lines are the documents' lines)."""
        return self.view().line_starts()

    def first_lines(self) -> list:
        """The block's line index of each document's first line (and one past the last line)."""
        if self._first_lines is None:
            self._first_lines = list(accumulate((text.count("\n") + 1 for text in self.texts), initial=0))
        return self._first_lines

    def doc_of_line(self, i: int) -> int:
        return bisect_right(self.first_lines(), i) - 1

    def doc_view(self, k: int) -> _View:
        """Document k's own view (where its lines stand: its edges), made on first use."""
        view = self._doc_views.get(k)
        if view is None:
            view = self._doc_views[k] = _View(self.texts[k])
        return view

    def lower(self, k: int) -> str:
        """Document k's lower(), made once."""
        lower = self._lowers.get(k)
        if lower is None:
            lower = self._lowers[k] = self.texts[k].lower()
        return lower

    def small(self) -> set:
        """The documents holding a character the small filters act on (small_chars.small_chars):
        C0 and C1 controls but tab and newlines, DEL, surrogates, U+206A-F, U+FEFF, U+FFF9-C."""
        if self._small is None:
            data = self.utf8()
            if self.ascii:
                found = set() if not data.translate(None, small_chars._ASCII_QUIET) else \
                    {self.doc_at(m.start()) for m in _ASCII_NOISE.finditer(data)}
            elif small_chars._small_scanner().available():
                found = {self.doc_at_byte(end - 1) for _, end in small_chars._small_scanner().scan(data)}
            else:
                found = {self.doc_at(m.start()) for m in small_chars._SMALL_RE.finditer(self.text)}
            self._small = found | self.broken
        return self._small

    def long_docs(self) -> set:
        return {k for k, text in enumerate(self.texts) if len(text) > MAX_BLOCK_DOC}


def _utf8_or_empty(text: str) -> Optional[bytes]:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return None


# ----------------------------------------------------------------------------- the block screens
# Each returns the documents its filter's screen may let through, or None for all of them.


def _html_entities(block: Block, step: Filter, ctx: Context) -> Optional[set]:
    """HtmlEntities.propose: a character reference (ftfy's HTML_ENTITY_RE, which holds no
    newline) in a document without `<`."""
    if "&" not in block.text:
        return set()
    out = set(map(block.doc_at, (m.start() for m in _from_ftfy("HTML_ENTITY_RE").finditer(block.text))))
    return {k for k in out if "<" not in block.texts[k]}


def _small_filter(block: Block, step: Filter, ctx: Context) -> Optional[set]:
    """C1Controls, Surrogates, TerminalEscapes, ControlCharacters: one of the small characters."""
    return block.small()


def _encoding(block: Block, step: Filter, ctx: Context) -> Optional[set]:
    """EncodingMojibake.screen: ftfy's badness expression matches (Hyperscan, over the block's
    UTF-8), or a C1 control, or Â (a Windows-1250 pair), or an emoji that lost a byte
    (emoji_c1.maybe); never in ASCII text."""
    if block.ascii:
        return set()
    badness = mojibake.badness_scanner()
    if not badness.available():
        return None
    out = block.small() | block.holding("\u00c2") | block.long_docs()
    hinted = set().union(*(block.holding(hint) for hint in emoji_c1.HINTS))
    out.update(k for k in hinted if emoji_c1.maybe(block.texts[k]))
    out.update(map(block.doc_at_byte, (end - 1 for _, end in badness.scan(block.utf8()))))
    return out


def _lossy(block: Block, step: Filter, ctx: Context) -> Optional[set]:
    """LossyMojibake.screen: an evidence character (â, Ã, U+FFFD, ftfy's guesses), or a `?`
    that can be evidence."""
    out: set = set()
    if not block.ascii:
        scanner = _evidence_scanner()
        if scanner.available():
            out.update(block.doc_at_byte(end - 1) for _, end in scanner.scan(block.utf8()))
            out |= block.broken
        else:
            out.update(block.doc_at(m.start()) for m in _EVIDENCE_RE.finditer(block.text))
    if "?" in block.text:
        for m in _ANY_Q_EVIDENCE.finditer(block.text):
            out.update(block.docs_over(m.start(), m.end()))
    return out


def _boilerplate(block: Block, step: Filter, ctx: Context) -> Optional[set]:
    """Boilerplate.screen: a line some gate admits, and (the built-in rules' exact gate) that
    one of the rules it is admitted for matches it.

    It reads only the documents no other screen admitted, that are not blank and not markup
    (the filter leaves those alone): when that is not all of them, as a block of their own."""
    rest = [k for k, text in enumerate(block.texts)
            if k not in block.settled and text.strip() and not looks_like_markup(text)]
    if len(rest) == len(block.texts):
        return _gated(block, step, ctx)
    found = _gated(Block([block.texts[k] for k in rest]), step, ctx) if rest else set()
    return None if found is None else set(map(rest.__getitem__, found))


def _gated(block: Block, step: Filter, ctx: Context) -> Optional[set]:
    """`_boilerplate` for all the documents of `block`. The gate's own pass (`_Gate._scan`: its
    Hyperscan literals, and outside ASCII the lines whose ends are keyed apart) runs once over
    the block's view, whose lines are the documents' lines; a line it finds counts where it
    passes the entry's tests (`_line_may_match`). Outside ASCII, a document holding a needle
    searched in the str, or a character the gate reads apart (İ ı ſ K), is admitted whole."""
    out: set = set()
    for user in (False, True):
        gate = step._gate(ctx, user)
        if not gate.rules:
            continue
        if gate.unsafe or gate.always or not gate.scans():
            return None
        view = block.view()
        for i, entries in gate._scan(view, by_edges=False):  # (each document has its own edges)
            k = block.doc_of_line(i)
            if k not in out and _line_may_match(block, gate, i, k, entries, user):
                out.add(k)
        if block.ascii:
            continue
        for ch in gate.trouble + "\u212a":
            out |= block.holding(ch)
        for needle in gate.needles_caseless:
            out |= block.holding(needle)
        for needle in gate.needles_other:
            if needle not in gate.needles_scanned:
                out.update(k for k, text in enumerate(block.texts) if not text.isascii() and needle in block.lower(k))
    return out


def _line_may_match(block: Block, gate, i: int, k: int, entries, user: bool) -> bool:
    """Whether line `i` of the block (in document `k`) passes one of the gate's `entries` (its
    length, literal, start and position tests, in the gate's order; the position in its document)
    and, for the built-in rules, that entry's rule matches it."""
    view = block.view()
    line = view.line(i)
    n = len(line)
    short = len(entries) >= MEMO_ENTRIES and n <= MEMO_LINE_CHARS
    for e in _holding(gate, line, entries) if short else entries:
        if (e.max_len is None or n <= e.max_len or view.length(i) <= e.max_len) \
                and (short or e.has_literals(line)) and e.may_start(line) \
                and block.doc_view(k).where(i - block.first_lines()[k], gate.rules[e.rule].position):
            start = block.line_starts()[i]
            if user or gate.rules[e.rule].matches_line(block.text[start:start + n]):
                return True
    return False


def _holding(gate, line: bytes, entries) -> list:
    """The `entries` whose literals a short line holds, in the gate's own memo (shared with
    the per-document runs, kept across blocks: a corpus repeats its short lines)."""
    memo = gate._holding
    held = memo.get((line, id(entries)))
    if held is None:
        if len(memo) >= MEMO_LINES:
            memo.clear()
        held = memo[(line, id(entries))] = [e for e in entries if e.has_literals(line)]
    return held


def _version_pairs(block: Block, step: Filter, ctx: Context) -> Optional[set]:
    """VersionPairs.screen: the change tracker's header (or a boilerplate tracker count, which
    only a document the boilerplate screen admits can have)."""
    view = block.view().bytes()
    out, at = set(), view.find(b"version")
    candidates = set()
    while at >= 0:
        candidates.add(block.doc_at(at))
        at = view.find(b"version", at + 1)
    if not block.ascii:
        for ch in _VERSION_STAND_INS:
            candidates |= block.holding(ch)
    for k in candidates:
        if layout._VERSION_HEADER.search(block.texts[k]) is not None:
            out.add(k)
    return out


def _line_docs(block: Block, line_indexes: Iterable[int]) -> set:
    """The documents holding these lines of the block (its lines are its documents' lines)."""
    return set(map(block.doc_of_line, line_indexes))


def _stripped_lines(block: Block) -> tuple[list, list]:
    """(the block's non-blank lines stripped, their line indexes)."""
    stripped = list(map(str.strip, block.text.split("\n")))
    return list(compress(stripped, stripped)), list(compress(range(len(stripped)), stripped))


def _doubled_lines(block: Block, step: Filter, ctx: Context) -> Optional[set]:
    """DoubledLines.screen (layout._maybe_doubled): a line long enough to be doubled whose first
    characters come again at its middle; tested for all the block's lines at once in C."""
    stripped = list(map(str.strip, block.text.split("\n")))
    where = list(compress(count(), map(le, repeat(2 * layout.MIN_DOUBLED_CHARS), map(len, stripped))))
    lines = list(map(stripped.__getitem__, where))
    heads = list(map(layout._DOUBLED_HEAD, lines))
    halves = list(map(rshift, map(len, lines), repeat(1)))
    hits = compress(where, map(or_, map(str.startswith, lines, heads, halves),
                               map(str.startswith, lines, heads, map((1).__add__, halves))))
    return _line_docs(block, hits)


def _repeated_paragraphs(block: Block, step: Filter, ctx: Context) -> Optional[set]:
    """RepeatedParagraphs.screen (layout._maybe_repeated): two non-blank lines in a row the same."""
    lines, where = _stripped_lines(block)
    hits = [where[i + 1] for i, same in enumerate(map(eq, lines, islice(lines, 1, None))) if same]
    return _line_docs(block, hits) if hits else set()


BLOCK_SCREENS: dict[type, Callable[[Block, Filter, Context], Optional[set]]] = {
    mojibake.HtmlEntities: _html_entities,
    mojibake.EncodingMojibake: _encoding,
    mojibake.C1Controls: _small_filter,
    lossy.LossyMojibake: _lossy,
    mojibake.Surrogates: _small_filter,
    mojibake.TerminalEscapes: _small_filter,
    mojibake.ControlCharacters: _small_filter,
    boilerplate.Boilerplate: _boilerplate,
    layout.VersionPairs: _version_pairs,
    layout.DoubledLines: _doubled_lines,
    layout.RepeatedParagraphs: _repeated_paragraphs,
}


def admitted(pipeline: Pipeline, texts: Sequence[str]) -> Optional[set]:
    """The documents of `texts` some active filter of `pipeline` may fire on; None: all."""
    if not texts:
        return set()
    block = Block(texts)
    ctx = Context(pipeline.selection, pipeline.options)
    ctx._enabled = pipeline._enabled
    out = block.settled
    # (the boilerplate screen, the costly one, last: it reads only the documents left)
    for step in sorted(pipeline._active, key=lambda step: isinstance(step, boilerplate.Boilerplate)):
        screen = BLOCK_SCREENS.get(type(step))
        found = screen(block, step, ctx) if screen is not None else None
        if found is None:
            return None
        out |= found
        if len(out) == len(texts):
            break
    return out


def run_block(pipeline: Pipeline, texts: Sequence[str], force_removals: bool = False,
              decoded: Optional[Sequence[tuple]] = None) -> list:
    """`[pipeline.run(text, encoding, flags, force_removals=...) for text in texts]`, the quiet
    documents found for the whole block at once (see the module's docstring). `decoded`: each
    text's (encoding, flags) from its bytes (`decode.decode_bytes`); none by default."""
    busy = admitted(pipeline, texts)
    out = []
    for k, (text, (encoding, flags)) in enumerate(zip(texts, decoded or repeat((None, ())))):
        if busy is None or k in busy:
            out.append(pipeline.run(text, encoding, flags, force_removals=force_removals))
        else:  # what the pipeline gives a text no filter fires on
            out.append(Result(text, [], settled(flags, []), encoding, text))
    return out


def blocks(texts: Iterable, length: Callable[..., int] = len) -> Iterator[list]:
    """`texts` cut in blocks of BLOCK_DOCS documents or BLOCK_CHARS characters (`length` of each)."""
    pending, size = [], 0
    for text in texts:
        pending.append(text)
        size += length(text)
        if len(pending) >= BLOCK_DOCS or size >= BLOCK_CHARS:
            yield pending
            pending, size = [], 0
    if pending:
        yield pending


def clean_texts(texts: Sequence[str], *, select: Optional[Sequence[str]] = None,
                ignore: Optional[Sequence[str]] = None, config=None) -> list:
    """`[textfix.clean(text, select=..., ignore=..., config=...) for text in texts]` for str
    texts, on the block path (cut in blocks: `blocks`)."""
    from . import configured_pipeline

    pipeline, force = configured_pipeline(select, ignore, config)
    return [result for chunk in blocks(texts) for result in run_block(pipeline, chunk, force_removals=force)]


def clean_decoded(decoded: Sequence, config=None) -> list:
    """`[textfix.clean(data, config=config) for data in ...]` for bytes already decoded
    (`decode.decode_bytes`'s results, with the same `config`), on the block path: a folder
    of small files."""
    from . import configured_pipeline

    pipeline, force = configured_pipeline(None, None, config)
    return [result for chunk in blocks(decoded, length=lambda d: len(d.text))
            for result in run_block(pipeline, [d.text for d in chunk], force, [(d.encoding, d.flags) for d in chunk])]
