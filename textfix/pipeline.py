"""The pipeline: filters propose edits, the pipeline applies them and keeps the log.

A filter is a small class with one job. It declares the rule ids it may emit and
proposes `Change`s against the text it is given; it never applies them itself and
knows nothing of files or processes. The pipeline selects rules, validates and
applies proposals, composes provenance back to the input, and repeats the whole
run until the text stops changing (so `clean(clean(x).text)` changes nothing).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Sequence

from .edits import check_proposals, compose, original_positions
from .errors import UsageError
from .model import Change, Flag, Result, replay

if TYPE_CHECKING:  # (the boilerplate screen's view of a text, kept on its Scan)
    from .filters.boilerplate.view import _View

MAX_PASSES = 4
# A text this long (characters) is run in windows (windows.py) when every active filter can be:
# the same result, without whole-document facts and views at once.
WINDOWED_CHARS = 4 << 20
# The removal guard: when the removing rules (these families) would take more than this share
# of a document's characters, none of their removals is made and the document is flagged
# (`force_removals` overrides), so a rule that matches everything cannot empty a corpus.
# Not half: text extracted naively from web pages is often mostly boilerplate (measured in
# docs/guarantees.md: at 0.5 the guard kept 4,195 boilerplate lines to save 85 content lines
# on the dev split; at 0.8, 111 to save 25).
MAX_REMOVED_SHARE = 0.8
REMOVAL_FAMILIES = ("boilerplate",)
# Repairs less certain than this are not applied by default; they are reported in Result.flags.
DEFAULT_MIN_CONFIDENCE = 0.6
UNSURE = "not repaired (confidence"  # how the flag of a repair left out for its confidence begins


@dataclass(frozen=True)
class Rule:
    """A rule id (`family.name`), what it does, and whether it runs by default."""

    id: str
    description: str
    default: bool = True


class Filter:
    """Base class of a pipeline step. Subclasses set `rules` and implement `propose`.

    A subclass may also implement `screen`: a cheap test, run before `propose`, that
    returns False only when `propose` would certainly propose nothing and record nothing
    (no flag, no counter) for this text. Most scraped text is clean; the screens let the
    pipeline skip the filters that cannot fire at the cost of a scan of the text.

    `propose` must depend only on the text and the context (the selection, options and
    what earlier steps recorded): a step that found nothing in a text is not asked again
    about the same text in a later pass. It may read what the screens found in its text
    through `ctx.scan_of(text)`.
    """

    rules: Sequence[Rule] = ()

    def propose(self, text: str, ctx: "Context") -> Iterable[Change]:
        raise NotImplementedError

    def screen(self, text: str, scan: "Scan") -> bool:
        """False if `propose(text, ...)` can be skipped (conservative: True when unsure)."""
        return True


class Scan:
    """Facts about one text that the filters' screens (and their `propose`) share.

    The pipeline makes one per text, and `Context.scan_of(text)` hands it to `propose`.
    What any filter may want is computed on first use: `ascii`, `lower`, `utf8` (no list of
    lines: a million short lines would be a million objects; read them by offsets or in pieces).
    What one filter computes for the others is a typed field, None until that filter's
    function fills it: `small` (`filters.small_chars.small_chars`: the characters the small repair
    filters act on), `layout` (`layout._layout_facts`: whether a line may be doubled, a
    paragraph repeated), `view` (the boilerplate screen's `_View`: the text as its gate reads it).
    """

    __slots__ = ("text", "ctx", "_ascii", "_lower", "_utf8", "small", "layout", "view")

    def __init__(self, text: str, ctx: Optional["Context"] = None):
        self.text = text
        self.ctx = ctx
        self._ascii: Optional[bool] = None
        self._lower: Optional[str] = None
        self._utf8: Optional[bytes] = None
        self.small: Optional[frozenset] = None
        self.layout: Optional[tuple[bool, bool]] = None
        self.view: Optional["_View"] = None

    def forget(self) -> None:
        """Drop the facts held about the text (the pipeline's old Scan, once its text is
        replaced). A Scan and its boilerplate view refer to each other: without this the old
        facts (the UTF-8, the lines, the view's bytes) of every replaced text stay alive until
        the cycle collector runs."""
        self._lower = self._utf8 = None
        self.small = self.layout = self.view = None

    @property
    def ascii(self) -> bool:
        if self._ascii is None:
            self._ascii = self.text.isascii()
        return self._ascii

    @property
    def lower(self) -> str:
        """`text.lower()` (may differ in length from `text` outside ASCII)."""
        if self._lower is None:
            self._lower = self.text.lower() if self.ascii else lower_in_pieces(self.text)
        return self._lower

    @property
    def lower_is_exact(self) -> bool:
        """Whether a case-insensitive match of Latin letters (`re` or `regex`) can only happen
        where `lower` holds the lowercase letters: not with İ ı ſ, which match i and s."""
        return self.ascii or not ("\u0130" in self.text or "\u0131" in self.text or "\u017f" in self.text)

    @property
    def utf8(self) -> bytes:
        """The text in UTF-8 (lone surrogates too): what the Hyperscan screens read."""
        if self._utf8 is None:
            self._utf8 = self.text.encode("utf-8", "surrogatepass")
        return self._utf8


def line_pieces_of(text: str, piece: int = 1 << 16) -> Iterator[tuple[int, int]]:
    """(start, end) of `text`'s pieces of whole lines: each ends after the first line end at
    or past `piece` characters from its start, the last at the text's end."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + piece)
        end = len(text) if end < 0 else end + 1
        yield start, end
        start = end


def lower_in_pieces(text: str, piece: int = 1 << 16) -> str:
    """`text.lower()`, lowered a few lines at a time: lower() of a non-ASCII str allocates 12
    bytes a character at once besides its result (room for three UCS-4 characters each, the
    longest full case mapping), 139 MB for 11.6M characters. Each piece ends after a line
    end, which no case rule reads across (the final sigma's context stops at a character
    neither cased nor case-ignorable), so the pieces join to the same text.
    >>> lower_in_pieces("ΟΔΟΣ\\nΣΑ İx", 2) == "ΟΔΟΣ\\nΣΑ İx".lower()
    True
    """
    return "".join([text[start:end].lower() for start, end in line_pieces_of(text, piece)])


class Selection:
    """Which rule ids are on: `select`/`ignore` take ids or dotted prefixes.

    Without `select`, every rule marked default is on. With it, only the rules it names;
    the word "default" stands for the default set and "all" for every rule.
    >>> Selection(["default", "normalize.uncurl-quotes"]).enabled(Rule("normalize.uncurl-quotes", "", False))
    True
    """

    def __init__(self, select: Optional[Sequence[str]] = None, ignore: Optional[Sequence[str]] = None):
        self.select = tuple(_as_list(select)) if select is not None else ("default",)
        self.ignore = tuple(_as_list(ignore)) if ignore is not None else ()

    def enabled(self, rule: Rule) -> bool:
        if any(_matches(rule.id, prefix) for prefix in self.ignore):
            return False
        for prefix in self.select:
            if prefix == "all" or (prefix == "default" and rule.default) or _matches(rule.id, prefix):
                return True
        return False

    def check_known(self, known: Iterable[str]) -> None:
        """Raise UsageError for a select/ignore entry that names no rule at all."""
        known = list(known)
        for prefix in self.select + self.ignore:
            if prefix in ("all", "default"):
                continue
            if not any(_matches(rule_id, prefix) for rule_id in known):
                raise UsageError(f"unknown rule or prefix {prefix!r} (try `textfix rules`)")


def removed_share(text: str, changes: Sequence[Change]) -> float:
    """The share of `text`'s characters the removing rules take away (0 for an empty text)."""
    return removed_share_of(len(text), changes)


def removed_share_of(length: int, changes: Sequence[Change]) -> float:
    """`removed_share` of a text of `length` characters (one not held whole: windows.py)."""
    if not length:
        return 0.0
    removed = sum(len(c.before) - len(c.after) for c in changes if _removes(c.rule))
    return removed / length


def _removes(rule_id: str) -> bool:
    return rule_id.split(".", 1)[0] in REMOVAL_FAMILIES


def _as_list(value) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    return [v.strip() for v in value if v.strip()]


def _matches(rule_id: str, prefix: str) -> bool:
    return rule_id == prefix or rule_id.startswith(prefix + ".")


class Context:
    """What a filter may use besides the text: the selection, the options, a place for flags."""

    def __init__(self, selection: Selection, options: dict):
        self.selection = selection
        self.options = options
        self.flags: list[Flag] = []
        self.counters: Counter = Counter()
        self._caches: dict = {}  # id(filter) -> its own cache for the length of one run (see `cache`)
        self.scan: Optional[Scan] = None  # the Scan of the text the filters are given (set by the pipeline)
        self._enabled: dict[str, bool] = {}
        self._flagged: set = set()  # the flags already in self.flags (flag_once looks here)
        self._flagged_upto = 0
        # id(filter) -> what it reads of the whole document, given by a run in windows (windows.py);
        # empty in a whole run, where each filter reads it from the text it is given
        self.given: dict = {}

    def document(self, owner: object):
        """The facts of the whole document that a run in windows gives `owner` (a filter), or
        None: then the text `owner` is given is the whole document and it reads them there."""
        return self.given.get(id(owner))

    def enabled(self, rule_id: str) -> bool:
        return self._enabled.get(rule_id, False)

    def cache(self, owner: object) -> dict:
        """A dict of `owner`'s (a filter) for the length of one run: what it computed in one
        pass and meets again in the next. Each filter has its own, keyed by the filter itself."""
        cache = self._caches.get(id(owner))
        if cache is None:
            cache = self._caches[id(owner)] = {}
        return cache

    def scan_of(self, text: str) -> Scan:
        """The Scan of `text` with what the screens found in it (a new one for another text)."""
        scan = self.scan
        return scan if scan is not None and scan.text is text else Scan(text, self)

    def flag(self, rule: str, message: str, start: Optional[int] = None, end: Optional[int] = None) -> None:
        self.flags.append(Flag(rule, message, start, end))

    def flag_once(self, rule: str, message: str, start: Optional[int] = None, end: Optional[int] = None) -> None:
        """Flag, unless the same finding was already flagged (passes repeat proposals)."""
        flag = Flag(rule, message, start, end)
        if self._flagged_upto != len(self.flags):  # flags appended some other way since
            self._flagged.update(self.flags[self._flagged_upto:])
            self._flagged_upto = len(self.flags)
        if flag not in self._flagged:
            self.flags.append(flag)
            self._flagged.add(flag)
            self._flagged_upto += 1


class Pipeline:
    """An ordered list of filters with a rule selection.

    >>> from textfix.filters import default_filters
    >>> Pipeline(default_filters()).run("caf\u00c3\u00a9").text
    'café'
    """

    def __init__(self, filters: Sequence[Filter], select=None, ignore=None, options: Optional[dict] = None,
                 extra_rules: Sequence[Rule] = (), screens: bool = True, reuse_quiet: bool = True):
        """`screens` and `reuse_quiet` are the fast paths (on by default; tests turn them off
        to prove they change nothing): a filter's screen may skip its `propose`, and a later
        pass skips a filter on a text it already found nothing in."""
        self.filters = list(filters)
        self.screens = screens
        self.reuse_quiet = reuse_quiet
        self.extra_rules = list(extra_rules)  # rules reported outside the filters (decoding)
        self.selection = Selection(select, ignore)
        self.selection.check_known(rule.id for rule in self.rules)
        self.options = dict(options or {})
        self._enabled = {rule.id: self.selection.enabled(rule) for f in self.filters for rule in f.rules}
        self._active = [f for f in self.filters if any(self._enabled[r.id] for r in f.rules)]
        self._min_confidence = float(self.options.get("min_confidence", DEFAULT_MIN_CONFIDENCE))

    @property
    def rules(self) -> list[Rule]:
        return self.extra_rules + [rule for f in self.filters for rule in f.rules]

    def run(self, text: str, encoding: Optional[str] = None, flags: Sequence[Flag] = (),
            force_removals: bool = False, windows: bool = True) -> Result:
        """Clean `text`; removals over MAX_REMOVED_SHARE of it are undone unless `force_removals`.
        `windows`: a long text may be run in windows (False: a caller found it may not)."""
        result = self._run(text, encoding, flags, self._enabled, self._active, windows)
        removed = removed_share(text, result.changes)
        if force_removals or removed <= MAX_REMOVED_SHARE:
            return result
        enabled = {rule_id: on and not _removes(rule_id) for rule_id, on in self._enabled.items()}
        active = [f for f in self.filters if any(enabled[r.id] for r in f.rules)]
        result = self._run(text, encoding, flags, enabled, active, windows)
        result.flags.append(Flag("pipeline.removal-guard",
                                 f"removals would take {removed:.0%} of the document (more than {MAX_REMOVED_SHARE:.0%}): "
                                 "none made; review the rules, or force them (--force-removals)"))
        return result

    def _run(self, text: str, encoding: Optional[str], flags: Sequence[Flag], enabled: dict, active: list,
             windows: bool = True) -> Result:
        if windows and len(text) >= WINDOWED_CHARS:
            from .windows import run_in_windows  # (a large document only)

            result = run_in_windows(self, text, encoding, flags, enabled, active)
            if result is not None:
                return result
        ctx = Context(self.selection, self.options)
        ctx._enabled = enabled
        ctx.flags.extend(flags)
        applied: list[Change] = []
        current = text
        screens = self.screens
        # step -> the version of the text it last found nothing to do in: a later pass over
        # that version (nothing changed it since) skips the step, whose result on it is known;
        # so the confirmation pass reruns only the steps that saw an older text. (A number, not
        # the text: holding each step's old text kept up to one copy of the document per step.)
        quiet: dict = {}
        version = 0
        reuse = self.reuse_quiet
        for _ in range(MAX_PASSES):
            before_pass = current
            scan = _new_scan(ctx, current)
            for step in active:
                if reuse and quiet.get(id(step)) == version:
                    continue
                if screens and not step.screen(current, scan):
                    quiet[id(step)] = version
                    continue
                proposals = []
                unsure = []
                for c in step.propose(current, ctx):
                    if not enabled.get(c.rule, False):
                        continue
                    if c.confidence >= self._min_confidence:
                        proposals.append(c)
                    else:
                        unsure.append(c)
                if unsure:  # reported, not applied; where they are in the input, in one walk
                    starts = original_positions(applied, [c.start for c in unsure])
                    for c, start in zip(unsure, starts):
                        ctx.flag_once(c.rule, f"{UNSURE} {c.confidence:.2f} < {self._min_confidence:.2f}): "
                                      f"{c.before!r} -> {c.after!r}: {c.reason}", start, start + len(c.before))
                if not proposals:
                    quiet[id(step)] = version
                    continue
                proposals = check_proposals(current, proposals)
                applied = compose(text, applied, current, proposals)
                replayed = replay(current, proposals)
                if replayed is not current:  # (no proposal left: the same text, the same version)
                    current, version = replayed, version + 1
                scan = _new_scan(ctx, current)
            if current == before_pass:
                break
        else:
            ctx.flag("pipeline.unstable", f"text still changing after {MAX_PASSES} passes")
        _new_scan(ctx, None)  # (a Scan refers to its context: no cycle outlives the run)
        return Result(text=current, changes=applied, flags=settled(ctx.flags, applied), encoding=encoding, original=text)


def _new_scan(ctx: Context, text: Optional[str]) -> Optional[Scan]:
    """Give `ctx` a new Scan of `text` (none for None), the old one's facts dropped."""
    if ctx.scan is not None:
        ctx.scan.forget()
    ctx.scan = None if text is None else Scan(text, ctx)
    return ctx.scan


def settled(flags: Sequence[Flag], applied: Sequence[Change]) -> list:
    """`flags` less the "not repaired" ones that the result contradicts or repeats.

    A span one step left alone for its confidence may be repaired by a surer step or a
    later pass; and one rule may be unsure of a span for two reasons. A reader must see
    each span once, as what finally happened to it.

    >>> unsure = Flag("m.x", UNSURE + " 0.50 < 0.60): 'a' -> 'b': r", 0, 1)
    >>> settled([unsure, unsure, Flag("m.x", UNSURE + " 0.50 < 0.60): 'c' -> 'd': s", 4, 5)], [Change("m.y", 0, 1, "a", "b")])
    [Flag(rule='m.x', message="not repaired (confidence 0.50 < 0.60): 'c' -> 'd': s", start=4, end=5)]
    """
    spans = sorted((c.start, c.end) for c in applied)  # disjoint: sorted by start is sorted by end
    ends = [end for _, end in spans]
    kept, seen = [], set()
    for flag in flags:
        if flag.start is not None and flag.message.startswith(UNSURE):
            where = (flag.rule, flag.start, flag.end)
            first = bisect_right(ends, flag.start)  # the first change ending after the flag starts
            if where in seen or (first < len(spans) and spans[first][0] < flag.end):
                continue
            seen.add(where)
        kept.append(flag)
    return kept

