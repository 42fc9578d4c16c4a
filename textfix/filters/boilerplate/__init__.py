"""Boilerplate removal (`boilerplate.*`): rule packs as data, read with the document's structure.

Rules live in TOML rule packs (`textfix/rules/*.toml`, and any pack a user adds with
`--rules FILE.toml`, `[tool.textfix] rules = [...]` or `clean(config={"rules": [...]})`).
One rule is an id `boilerplate.<kind>.<name>`, a kind, a description, patterns (the
`regex` module), a scope, a position, languages, and examples it must match and
examples it must leave alone (docs/boilerplate.md has the format).

Scopes:
- `line`: a pattern matches the whole line (surrounding spaces aside); the line goes,
  with its newline.
- `inline`: a pattern matches part of a line; that part goes, the rest of the line stays.
- `block`: a pattern matches a label line ("Related articles", "Baca juga"); the label
  goes, and so do the teaser lines under it (short lines, up to `block_lines`), up to the
  first line that reads like running text.

Positions say where in the document a match counts:
- `anywhere`;
- `head` / `tail`: before the first / after the last line of running text (a paragraph:
  long, ends like a sentence), where pages keep their furniture;
- `edge`: head or tail;
- `aside`: head or tail, or among short lines (not between two paragraphs), so that a
  short line quoted inside the article stays.

Every removal is a `Change` whose `before` is the removed text (the line with its
newline) and whose reason names the rule. A gate per scope (`_Gate`, from the patterns'
syntax: regex_gate.py) finds the lines a rule could match, by each line's first and last
characters, the document's words and a few literals; only those lines meet a pattern.
User patterns run with a time limit: a pattern that backtracks too long is skipped for
that document and reported in `Result.flags` (`boilerplate.timeout`).
"""

from __future__ import annotations

import copy
import os
from typing import Iterator, Optional, Sequence, Union

from ...model import Change
from ...pipeline import Context, Filter, Rule, Scan
from ...cache import cached
from .. import fastscan, safe_regex
from . import linemodel
from .gate import _Gate
from .packs import (KINDS, POSITIONS, RULE_KEYS, RULES_DIR, SCOPES, BoilerplateRule, builtin_pack_paths,
                    builtin_rules, load_pack, pack_digest, parse_pack, parse_rule, _check_unique)
from .spans import Spans, trim_tail
from .structure import (PARAGRAPH_MIN_CHARS, SENTENCE_END, Heuristic, Lines, _Removal, is_paragraph, looks_like_markup,
                        looks_preformatted, reports_speech)
from .teasers import TEASER_RULES, _keep_lists, _teaser, headline_like, unlabelled_teasers
from .view import _View

# the package's names that other modules and users import from `textfix.filters.boilerplate`
__all__ = [
    "Boilerplate", "BoilerplateRule", "KINDS", "Lines", "PARAGRAPH_MIN_CHARS", "POSITIONS",
    "RULES_DIR", "RULE_KEYS", "SCOPES", "SENTENCE_END", "builtin_pack_paths", "builtin_rules", "headline_like",
    "is_paragraph", "load_pack", "looks_like_markup", "looks_preformatted", "pack_digest", "parse_pack", "parse_rule", "reports_speech",
    "with_rule_packs",
]

# The end-of-page sweep: this many rule-matched lines after the last paragraph, and no line
# longer than this from the first of them to the end.
TAIL_SWEEP_MATCHES = 4
TAIL_SWEEP_MAX_CHARS = 200
TAIL_SWEEP_CODE_NAMES = 3  # names in code split into tokens (Lines.code_token) that stop the sweep



# A rule with `needs_page` (a copyright notice: a page's footer, and a licence's, a README's or
# a book's own notice; a bare interface word: "Help", "Accept", "more", "Twitter", "8/7") fires
# only on a text where the rules and structure heuristics found other furniture: at least
# linemodel.MIN_FURNITURE_LINES lines, its own counted. Measured for the notices (2026-12-07):
# correct documents losing more than 1% 2 -> 0 (the BSD licence, janome's README), losing
# anything 22 -> 14; boilerplate-web dev 98.49/25.8 -> 98.49/25.6, test 98.47/26.6 ->
# 98.49/26.4 (content kept / boilerplate removed %; zh 3.4 -> 2.8 on both splits: pages where
# the packs name nothing else); scrapinghub 531 -> 525 of 792 boilerplate lines, content
# unchanged. The bare words: see docs/boilerplate.md ("A rule that needs a page").


def _page_shown(removals: dict) -> bool:
    """Whether the text shows itself a web page, as a `needs_page` rule's match needs: at
    least linemodel.MIN_FURNITURE_LINES lines found, one of them by a rule that needs no page
    (a list's "(c)" items or a few bare words are no page by themselves)."""
    return len(removals) >= linemodel.MIN_FURNITURE_LINES and any(
        not r.rule.needs_page for r in removals.values())


class Boilerplate(Filter):
    """Remove boilerplate lines, inline markers and teaser blocks named by rule packs.

    >>> from textfix import clean
    >>> text = "The council approved the new budget on Tuesday after a long debate about the costs of the bridge.\\nADVERTISEMENT\\nThe mayor said the vote was a relief for everyone who had waited years for it.\\n"
    >>> result = clean(text)
    >>> [(c.rule, c.before) for c in result.changes]
    [('boilerplate.ad.marker', 'ADVERTISEMENT\\n')]
    """

    def __init__(self, packs: Sequence[Union[str, os.PathLike]] = (), builtin: bool = True):
        rules = builtin_rules() if builtin else []
        for path in packs:
            rules.extend(load_pack(path))
        _check_unique(rules)
        self.pack_paths = tuple(str(p) for p in packs)
        self.all_rules = rules
        self._sweep_rule = Heuristic(
            "boilerplate.structure.tail-block", "structure", "short lines inside an end-of-page boilerplate cluster",
            "tail", 0.8)
        self.rules = tuple(Rule(r.id, r.description, r.default) for r in rules) + (
            Rule(self._sweep_rule.id, self._sweep_rule.description),
            Rule(linemodel.MODEL_RULE.id, linemodel.MODEL_RULE.description),
            *(Rule(r.id, r.description) for r in TEASER_RULES.values()),
            Rule("boilerplate.timeout", "a user pattern ran out of time on a document (reported, not a change)"),
        )
        self._gates: dict = {}

    def _gate(self, ctx: Context, user: bool) -> _Gate:
        """The gate of the selected rules of all scopes: built-in ones, or the user's packs'."""
        key = (user, id(ctx._enabled))
        gate = self._gates.get(key)
        if gate is None:
            rules = [r for r in self.all_rules if r.builtin != user and ctx.enabled(r.id)]
            if user:  # a user's pack: a few rules, quick to read, not worth a cache entry each
                gate = _Gate(rules)
            else:
                signature = tuple((r.id, r.scope, r.patterns, r.case_sensitive, r.position, r.max_chars) for r in rules)
                gate = copy.copy(_builtin_gate(signature + (fastscan.engine(),), lambda: _Gate(rules, exact=True).without_rules()))
                gate.rules = rules
            self._gates[key] = gate
        return gate

    def screen(self, text: str, scan: Scan) -> bool:
        """Whether a line may match a rule (the gates, without Lines or regular expressions).
        Without one, nothing else runs either: the structure heuristics and the line model
        work only on a page where a rule found furniture."""
        if scan.ctx is None or not text or text.isspace() or looks_like_markup(text):
            return scan.ctx is None
        view = scan.view
        if view is None:  # (propose, called next with the same text, reuses it: ctx.scan_of)
            view = scan.view = _View(text, scan)
        for user in (False, True):
            gate = self._gate(scan.ctx, user)
            if gate.rules and gate.candidates(text, view) != {}:
                return True
        return False

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        # (the screen leaves preformatted text to propose: the test reads every line, and most
        # texts never get here)
        if not text or text.isspace() or looks_like_markup(text) or looks_preformatted(text):
            return
        lines: Optional[Lines] = None
        removals: dict[int, _Removal] = {}
        inline: list[tuple[int, int, BoilerplateRule]] = []
        timeouts = safe_regex.Budget()
        scan = ctx.scan_of(text)
        view = scan.view if scan.view is not None else _View(text, scan)
        found = []
        for user in (False, True):
            gate = self._gate(ctx, user)
            if not gate.rules:
                continue
            candidates = gate.candidates(text, view)
            matched = bool(candidates) and gate.exact
            if candidates == {}:
                continue
            if lines is None:
                lines = Lines(text, view.line_starts())
            if candidates is None:  # no gate for this text: every line, every rule
                candidates = {i: gate.rules for i in range(lines.count)}
            found.append((candidates, matched))
        if lines is not None:  # a paragraph at an edge that a rule names is not the article's
            lines.claim_edges(lambda k, side: self._claims(lines, k, side, found, timeouts))
        for candidates, matched in found:
            order = sorted(candidates)
            inline_done: set = set()
            for scope in ("block", "line", "inline"):
                for i in order:
                    rules = [r for r in candidates[i] if r.scope == scope]
                    if not rules:
                        continue
                    if scope == "inline":
                        self._inline(text, lines, i, rules, inline, inline_done, timeouts)
                    elif i not in removals and not lines.blank(i):
                        self._line(lines, i, rules, removals, scope, timeouts, matched)
                for rule, where in timeouts:
                    ctx.flag_once("boilerplate.timeout", f"a {where} pattern ran out of time; skipped here ({rule.id}…)")
                timeouts.clear()
        if lines is None:  # no line a rule could match
            return
        unlabelled_teasers(lines, removals, ctx.enabled)
        if not _page_shown(removals):
            self._keep_unless_paged(lines, removals, found, timeouts)
        if ctx.enabled(linemodel.MODEL_RULE.id) and linemodel.page_evidence(removals, lines.count):
            linemodel.model_removals(lines, removals)
        if removals:
            _keep_lists(lines, removals)
        if removals and ctx.enabled(self._sweep_rule.id):
            self._sweep_tail(lines, removals)
        yield from self._changes(text, lines, removals, inline, ctx)

    def _keep_unless_paged(self, lines: Lines, removals: dict, found: list, timeouts: list) -> None:
        """Drop the removals of `needs_page` rules (on a text with too little other furniture),
        unless a rule of the user's packs (a site's learned furniture) that needs no page names
        the line too."""
        for k in [k for k, r in removals.items() if r.rule.needs_page]:
            line = lines.line(k)
            users = [rule for candidates, _ in found for rule in candidates.get(k, ())
                     if not rule.builtin and not rule.needs_page and rule.scope == "line" and _safe_match(rule, line, timeouts)
                     and self._context_ok(rule, lines, k, timeouts)]
            if users:
                removals[k] = _Removal(k, users[0], users[0].description)
            else:
                del removals[k]

    def _claims(self, lines: Lines, k: int, side: str, found: list, timeouts: list) -> bool:
        """Whether a line or block rule that may stand at this edge matches line `k`."""
        line = lines.line(k)
        if reports_speech(line):
            return False
        allowed = ("anywhere", "edge", "aside", side)
        for candidates, _ in found:
            for rule in candidates.get(k, ()):
                if rule.scope != "inline" and rule.position in allowed and _safe_match(rule, line, timeouts):
                    return True
        return False

    def _context_ok(self, rule: BoilerplateRule, lines: Lines, i: int, timeouts: Optional[list] = None) -> bool:
        if not lines.where(i, rule.position):
            return False
        if rule.followed_by:
            k = lines.neighbour(i, 1)
            if k is None or not safe_regex.run(timeouts, rule, "followed_by", rule.compiled_followed.fullmatch,
                                               lines.line(k).strip()):
                return False
        if rule.preceded_by:
            k = lines.neighbour(i, -1)
            if k is None or not safe_regex.run(timeouts, rule, "preceded_by", rule.compiled_preceded.fullmatch,
                                               lines.line(k).strip()):
                return False
        return True

    def _line(self, lines: Lines, i: int, rules, removals: dict, scope: str, timeouts: Optional[list] = None,
              matched: bool = False) -> None:
        """Remove line `i` (and a block's teasers) for the first of `rules` that matches it in
        its context; `matched`: the rules are known to match the line (an exact gate's)."""
        line = lines.line(i)
        candidates = rules if matched else [r for r in rules if _safe_match(r, line, timeouts)]
        rule = next((r for r in candidates
                     if self._context_ok(r, lines, i, timeouts) and self._often_enough(r, lines, timeouts)), None)
        if rule is None or reports_speech(line) or lines.code_token(i) or (scope == "block" and lines.underlined(i)):
            return  # (an underlined label heads the document's own section)
        if rule.kept_heading_text and self._heads_text(rule, lines, i, timeouts):
            return
        removals[i] = _Removal(i, rule, rule.description)
        if scope != "block":
            return
        label = line.strip()
        if rule.block_to_end:
            for k in range(i + 1, lines.count):
                if k not in removals and not lines.blank(k):
                    removals[k] = _Removal(k, rule, f"in the section that starts with {label!r}", member=True)
            return
        taken = 0
        k = i + 1
        while k < lines.count and taken < rule.block_lines:
            teaser = lines.line(k).strip()
            if not teaser:
                # a blank line ends the block once it has items, unless more teasers follow it
                nxt = lines.neighbour(k, 1)
                if taken and (nxt is None or not _teaser(lines, nxt, rule)):
                    break
                k += 1
                continue
            if not _teaser(lines, k, rule):
                break
            if k not in removals:
                removals[k] = _Removal(k, rule, f"teaser listed under {label!r}", member=True)
            taken += 1
            k += 1

    def _heads_text(self, rule: BoilerplateRule, lines: Lines, i: int, timeouts: Optional[list] = None) -> bool:
        """Line `i`, with the lines of the same rule after it, stands right over the text's first
        running text: the notice of the licence or manual that follows ("Copyright 2007
        Pallets" over "Redistribution and use in source and binary forms…"), not the page's,
        which ends it (over its disclaimers) or credits a photo between two paragraphs."""
        if not lines.before_running_text(i):
            return False
        k = lines.neighbour(i, 1)
        while k is not None and _safe_match(rule, lines.line(k), timeouts):
            k = lines.neighbour(k, 1)
        return k is not None and (lines.paragraph(k) or lines.wrapped_prose(k))

    def _often_enough(self, rule: BoilerplateRule, lines: Lines, timeouts: Optional[list] = None) -> bool:
        """A rule with min_count > 1 fires only when it matches that many lines of the document."""
        if rule.min_count <= 1:
            return True
        known = lines.often.get(rule.id)  # once per document, not once per matching line
        if known is not None:
            return known
        count = 0
        answer = False
        for k in range(lines.count):
            if _safe_match(rule, lines.line(k), timeouts) and self._context_ok(rule, lines, k, timeouts):
                count += 1
                if count >= rule.min_count:
                    answer = True
                    break
        lines.often[rule.id] = answer
        return answer

    def _sweep_tail(self, lines: Lines, removals: dict) -> None:
        """Boilerplate clusters at the end: after the last paragraph of running text, once
        TAIL_SWEEP_MATCHES lines there were matched by rules, the short lines between and
        after them go too (teasers, counters, separators a rule cannot name). Not when running
        text follows: a long line, or a paragraph hard-wrapped into short lines (a plain-text
        copy of the article, a <br>-broken body), leaves the rest alone: the lines around a
        second copy of the article may be its headline and byline."""
        # lines rules matched (what the structure heuristics or the model inferred does not add up to a cluster)
        tail = sorted(i for i, r in removals.items() if lines.in_tail(i) and r.rule.kind not in ("structure", "model", "repeated"))
        if len(tail) < TAIL_SWEEP_MATCHES:
            return
        first = tail[0]
        rule = self._sweep_rule
        names_in_code = 0
        for k in range(first + 1, lines.count):
            if k in removals or lines.blank(k):
                continue
            if len(lines.line(k).strip()) > TAIL_SWEEP_MAX_CHARS or lines.wrapped_prose(k):
                return  # running text after the cluster, long or wrapped: leave the rest alone
            names_in_code += lines.code_token(k)
            if names_in_code >= TAIL_SWEEP_CODE_NAMES:
                return  # code split into tokens (a documentation page's last example), not a cluster
        for k in range(first + 1, lines.count):
            if k not in removals and not lines.blank(k):
                removals[k] = _Removal(k, rule, f"a short line inside the end-of-page cluster of {len(tail)} boilerplate lines")

    def _inline(self, text, lines: Lines, i: int, rules, out: list, done: set, timeouts: Optional[list] = None) -> None:
        """Every inline match in candidate line `i` (each line is searched once per group of rules)."""
        if i in done:
            return
        done.add(i)
        line = text[lines.starts[i]:lines.ends[i]]
        taken = Spans()
        for rule in rules:
            matches = safe_regex.run(timeouts, rule, "inline", lambda s, timeout: list(rule.compiled.finditer(s, timeout=timeout)),
                                     line)
            if matches is None:
                continue
            for m in matches:
                if m.end() > m.start() and not taken.overlaps(m.start(), m.end()) \
                        and self._context_ok(rule, lines, i, timeouts):
                    taken.add(m.start(), m.end())
                    out.append((lines.starts[i] + m.start(), lines.starts[i] + m.end(), rule))

    def _changes(self, text: str, lines: Lines, removals: dict, inline: list, ctx: Context) -> Iterator[Change]:
        out: list[Change] = []
        removed = set(removals)
        for i in sorted(removals):
            r = removals[i]
            start, end = lines.starts[i], lines.ends[i]
            if end < len(text):
                end += 1  # the newline goes with the line
                # between two blank lines (or at the start), one of them goes too
                prev_blank = i == 0 or (lines.blank(i - 1) and (i - 1) not in removed)
                while prev_blank and i + 1 < lines.count and lines.blank(i + 1) and lines.ends[i + 1] < len(text) \
                        and (i + 1) not in removed:
                    end = lines.ends[i + 1] + 1
                    break
            elif i > 0 and (i - 1) not in removed and (not out or out[-1].end < start):
                start -= 1  # the last line has no newline: take the one before it (if still there)
            if ctx is not None and r.rule.kind == "tracker":
                ctx.counters["boilerplate.tracker"] += 1
            confidence = r.rule.confidence if r.confidence is None else r.confidence
            out.append(Change(r.rule.id, start, end, text[start:end], "", confidence,
                              f"{r.rule.kind}: {r.reason}"))
        trim_tail(text, out)
        spans = Spans((c.start, c.end) for c in out)
        content: dict = {}  # line -> (start, end) of its text without the surrounding spaces
        for start, end, rule in inline:
            line_i = lines.index_of(start)
            if line_i in removals:
                continue
            line_start, line_end = lines.starts[line_i], lines.ends[line_i]
            if line_i not in content:
                line = text[line_start:line_end]
                content[line_i] = (line_start + len(line) - len(line.lstrip()), line_start + len(line.rstrip()))
            first, last = content[line_i]
            if start <= first and end >= last:
                continue  # the whole line: that is a line rule's business
            # one space of the two around the removed text goes with it
            if start > line_start and text[start - 1] in " \t" and (end == line_end or text[end] in " \t"):
                start -= 1
            if spans.overlaps(start, end):
                continue
            spans.add(start, end)
            # glued between two words or sentences ("a.m.ADVERTISEMENT“My"): a space keeps them apart
            glued = line_start < start and end < line_end and not text[start - 1].isspace() and not text[end].isspace()
            out.append(Change(rule.id, start, end, text[start:end], " " if glued else "", rule.confidence,
                              f"{rule.kind}: {rule.description}"))
        out.sort(key=lambda c: (c.start, c.end))
        return iter(out)


def _safe_match(rule: BoilerplateRule, line: str, timeouts: Optional[list] = None) -> bool:
    return bool(safe_regex.run(timeouts, rule, rule.scope, rule.matches_line, line))


_BUILTIN_GATES: dict = {}


def _builtin_gate(signature: tuple, build):
    """The built-in rules' gate for `signature` (the engine last: a gate built without
    Hyperscan has no scanner), loaded from the disk cache once per process: every pipeline
    with the same built-in selection shares it (read-only; each takes a shallow copy to hold
    its own rule objects). Pipelines differ by their user packs: a corpus run with
    `--learn-repeats` builds one per source, and unpickling the gate cost ~15 ms and ~4 MB each."""
    gate = _BUILTIN_GATES.get(signature)
    if gate is None:
        if len(_BUILTIN_GATES) >= 8:  # a few selections per process at most; a long-lived one may see more
            _BUILTIN_GATES.clear()
        gate = _BUILTIN_GATES[signature] = cached("gate", list(signature), build)
    return gate


def with_rule_packs(filters: list, packs: Sequence[Union[str, os.PathLike]]) -> list:
    """`filters` with the Boilerplate filter replaced by one that also reads `packs`."""
    if not packs:
        return filters
    return [Boilerplate(packs) if isinstance(f, Boilerplate) else f for f in filters]
