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

import os
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, islice
from operator import itemgetter
from pathlib import Path
from typing import Iterator, Optional, Sequence, Union

from ..errors import UsageError
from ..model import Change
from ..pipeline import Context, Filter, Rule, Scan
from ..cache import cached
from . import fastscan, regex_gate

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
SCOPES = ("line", "inline", "block")
POSITIONS = ("anywhere", "head", "tail", "edge", "aside")
KINDS = {
    "ad": "advertisement markers",
    "syndication": "syndication, wire and source footers",
    "newsletter": "newsletter, subscription, paywall and app promotions",
    "social": "social share and follow prompts",
    "legal": "cookie, privacy, terms and copyright notices",
    "related": "related / read-more / recommended teasers",
    "comments": "comment-section interface",
    "contact": "author contact lines and bios",
    "disclosure": "affiliate disclosures",
    "credit": "photo and image credits",
    "media": "video, embed and gallery interface",
    "nav": "navigation labels",
    "tracker": "news change-tracker page furniture",
    "learned": "lines learned from a corpus (`textfix learn`)",
    "structure": "short lines inside a cluster of boilerplate at the end of a page",
}
RULE_KEYS = {
    "id", "kind", "description", "patterns", "pattern", "scope", "position", "languages",
    "examples_match", "examples_keep", "confidence", "case_sensitive", "block_lines",
    "block_max_chars", "block_paragraphs", "block_to_end", "min_count", "max_chars", "followed_by", "preceded_by",
    # written by `textfix learn` for the reviewer; not used for matching
    "count", "documents", "example_documents", "notes",
}
# Seconds a pattern may spend on one document before it is given up (user packs).
PATTERN_TIMEOUT = 1.0

# A line of running text: long enough, and ends like a sentence.
PARAGRAPH_MIN_CHARS = 100
SENTENCE_END = ".!?…:;\"'”’»)]。！？"
SENTENCE_END_STRICT = ".!?。！？"
# The end-of-page sweep: this many rule-matched lines after the last paragraph, and no line
# longer than this from the first of them to the end.
TAIL_SWEEP_MATCHES = 4
TAIL_SWEEP_MAX_CHARS = 200


def _regex():
    import regex

    return regex


@dataclass
class BoilerplateRule:
    """One rule of a rule pack, checked and compiled."""

    id: str
    kind: str
    description: str
    patterns: tuple
    scope: str = "line"
    position: str = "anywhere"
    languages: tuple = ()
    examples_match: tuple = ()
    examples_keep: tuple = ()
    confidence: float = 0.9
    case_sensitive: bool = False
    block_lines: int = 12
    block_max_chars: int = 160
    block_paragraphs: bool = False
    block_to_end: bool = False
    min_count: int = 1
    max_chars: int = 0
    followed_by: Optional[str] = None
    preceded_by: Optional[str] = None
    source: str = ""
    builtin: bool = True
    _compiled: object = field(default=None, repr=False)
    compiled_followed: object = field(default=None, repr=False)
    compiled_preceded: object = field(default=None, repr=False)

    @property
    def compiled(self):
        """The rule's patterns as one compiled pattern (compiled on first use)."""
        if self._compiled is None:
            self._compiled = _compile(self.wrapped, self.source, self.id, 0)
        return self._compiled

    @compiled.setter
    def compiled(self, value) -> None:
        self._compiled = value

    @property
    def wrapped(self) -> str:
        """The rule's patterns as one group, with its case flag (for combined patterns)."""
        flag = "(?-i:" if self.case_sensitive else "(?i:"
        return flag + "|".join(f"(?:{p})" for p in self.patterns) + ")"

    def matches_line(self, line: str, timeout: Optional[float] = None) -> bool:
        """Whether the rule's pattern matches `line` (whole line for line/block scope)."""
        stripped = line.strip()
        if self.max_chars and len(stripped) > self.max_chars:
            return False
        if self.scope == "inline":
            return self.compiled.search(line, timeout=timeout) is not None
        return self.compiled.fullmatch(stripped, timeout=timeout) is not None


def _problem(source: str, rule_id: str, message: str) -> UsageError:
    return UsageError(f"{source}: rule {rule_id!r}: {message}")


def _string_list(value, source, rule_id, key) -> tuple:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise _problem(source, rule_id, f"{key} must be a string or a list of strings")
    return tuple(value)


def _compile(pattern: str, source: str, rule_id: str, flags: int, what: str = "pattern"):
    regex = _regex()
    try:
        return regex.compile(pattern, flags | regex.V0)
    except regex.error as e:
        raise _problem(source, rule_id, f"bad {what} {pattern!r}: {e}") from None
    except (TypeError, ValueError, OverflowError, RecursionError) as e:
        raise _problem(source, rule_id, f"bad {what} {pattern!r}: {e}") from None


def parse_rule(table: dict, source: str, builtin: bool = False) -> BoilerplateRule:
    """Check one `[[rule]]` table of a pack and compile it; UsageError names file, rule and problem."""
    rule_id = table.get("id") if isinstance(table, dict) else None
    if not isinstance(rule_id, str) or not rule_id:
        raise UsageError(f"{source}: a rule without an id (every [[rule]] needs id = \"boilerplate.<kind>.<name>\")")
    unknown = set(table) - RULE_KEYS
    if unknown:
        raise _problem(source, rule_id, f"unknown key(s) {', '.join(sorted(unknown))}")
    parts = rule_id.split(".")
    if len(parts) < 3 or parts[0] != "boilerplate" or not all(parts):
        raise _problem(source, rule_id, "the id must look like boilerplate.<kind>.<name>")
    kind = table.get("kind", parts[1])
    if kind != parts[1]:
        raise _problem(source, rule_id, f"kind {kind!r} differs from the id's kind {parts[1]!r}")
    description = table.get("description", "")
    if not isinstance(description, str) or not description:
        raise _problem(source, rule_id, "description is missing")
    if "patterns" in table and "pattern" in table:
        raise _problem(source, rule_id, "give pattern or patterns, not both")
    patterns = _string_list(table.get("patterns", table.get("pattern", [])), source, rule_id, "patterns")
    if not patterns or not all(p.strip() for p in patterns):
        raise _problem(source, rule_id, "no pattern (or an empty one)")
    scope = table.get("scope", "line")
    if scope not in SCOPES:
        raise _problem(source, rule_id, f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    position = table.get("position", "anywhere")
    if position not in POSITIONS:
        raise _problem(source, rule_id, f"position must be one of {', '.join(POSITIONS)}, not {position!r}")
    confidence = table.get("confidence", 0.9)
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise _problem(source, rule_id, "confidence must be a number between 0 and 1")
    case_sensitive = table.get("case_sensitive", False)
    block_paragraphs = table.get("block_paragraphs", False)
    block_to_end = table.get("block_to_end", False)
    for key, value in (("case_sensitive", case_sensitive), ("block_paragraphs", block_paragraphs),
                       ("block_to_end", block_to_end)):
        if not isinstance(value, bool):
            raise _problem(source, rule_id, f"{key} must be true or false")
    numbers = {}
    for key, default in (("block_lines", 12), ("block_max_chars", 160), ("max_chars", 0), ("min_count", 1)):
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _problem(source, rule_id, f"{key} must be a whole number >= 0")
        numbers[key] = value
    for key in ("followed_by", "preceded_by"):
        if key in table and not isinstance(table[key], str):
            raise _problem(source, rule_id, f"{key} must be a pattern (a string)")
    regex = _regex()
    flags = 0 if case_sensitive else regex.IGNORECASE
    if not builtin:  # shipped patterns are checked by the test suite; compile them when used
        for p in patterns:
            _compile(p, source, rule_id, flags)
    rule = BoilerplateRule(
        id=rule_id, kind=kind, description=description, patterns=patterns, scope=scope, position=position,
        languages=_string_list(table.get("languages", []), source, rule_id, "languages"),
        examples_match=_string_list(table.get("examples_match", []), source, rule_id, "examples_match"),
        examples_keep=_string_list(table.get("examples_keep", []), source, rule_id, "examples_keep"),
        confidence=float(confidence), case_sensitive=case_sensitive, block_paragraphs=block_paragraphs,
        block_to_end=block_to_end, followed_by=table.get("followed_by"),
        preceded_by=table.get("preceded_by"), source=source, builtin=builtin, **numbers,
    )
    if not builtin:
        rule.compiled = _compile(rule.wrapped, source, rule_id, 0)
    if rule.followed_by:
        rule.compiled_followed = _compile(rule.followed_by, source, rule_id, flags, "followed_by pattern")
    if rule.preceded_by:
        rule.compiled_preceded = _compile(rule.preceded_by, source, rule_id, flags, "preceded_by pattern")
    return rule


def parse_pack(data: dict, source: str, builtin: bool = False) -> list[BoilerplateRule]:
    """The rules of a parsed TOML pack: `[pack]` (optional metadata) and `[[rule]]` tables."""
    if not isinstance(data, dict):
        raise UsageError(f"{source}: not a rule pack")
    unknown = set(data) - {"pack", "rule"}
    if unknown:
        raise UsageError(f"{source}: unknown table(s) {', '.join(sorted(unknown))} (a rule pack has [pack] and [[rule]])")
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise UsageError(f"{source}: rules must be an array of tables, [[rule]]")
    rules = [parse_rule(t, source, builtin) for t in tables]
    seen = set()
    for rule in rules:
        if rule.id in seen:
            raise _problem(source, rule.id, "defined twice")
        seen.add(rule.id)
    return rules


def _toml():
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        try:
            import tomli as tomllib
        except ImportError:
            raise UsageError("reading rule packs needs Python 3.11+ or the tomli package") from None
    return tomllib


def load_pack(path: Union[str, os.PathLike], builtin: bool = False) -> list[BoilerplateRule]:
    """Read and check the rule pack at `path`."""
    tomllib = _toml()
    source = str(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise UsageError(f"{source}: cannot read rule pack: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{source}: invalid TOML: {e}") from None
    except UnicodeDecodeError as e:
        raise UsageError(f"{source}: not UTF-8 (byte {e.start}), as TOML must be") from None
    return parse_pack(data, source, builtin)


def builtin_pack_paths() -> list[Path]:
    """The rule packs shipped with textfix."""
    return sorted(RULES_DIR.glob("*.toml"))


_BUILTIN: Optional[list] = None


def builtin_rules() -> list[BoilerplateRule]:
    """Every rule of the shipped packs (read once; kept in the on-disk cache, textfix/cache.py)."""
    global _BUILTIN
    if _BUILTIN is None:
        paths = builtin_pack_paths()

        def read():
            rules = []
            for path in paths:
                rules.extend(load_pack(path, builtin=True))
            _check_unique(rules)
            return rules

        _BUILTIN = cached("rules", [p.read_bytes() for p in paths], read)
    return list(_BUILTIN)


def _check_unique(rules: Sequence[BoilerplateRule]) -> None:
    seen = {}
    for rule in rules:
        if rule.id in seen:
            raise UsageError(f"{rule.source}: rule {rule.id!r}: already defined in {seen[rule.id]}")
        seen[rule.id] = rule.source


# ----------------------------------------------------------------------------- structure


def is_paragraph(line: str) -> bool:
    """A line of running text: at least PARAGRAPH_MIN_CHARS long, ending like a sentence.

    >>> is_paragraph("Share this:"), is_paragraph("The minister said the plan would cost more than the government had promised in its budget last year.")
    (False, True)
    """
    s = line.strip()
    return len(s) >= PARAGRAPH_MIN_CHARS and s[-1] in SENTENCE_END and " " in s


# An attribution clause in the third person: ", they urged readers", ",” she said", ", the campaign urged."
_ATTRIBUTION = re.compile(
    r",[\"”’']?\s+(?:he|she|they|it|(?:the|a|an|his|her|their|its|our)\s+[\w'’-]+(?:\s+[\w'’-]+)?"
    r"|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2})\s+(?:also\s+)?"
    r"(?:said|says|urged|urges|told|tells|wrote|added|adds|asked|asks|warned|warns|insisted|insists"
    r"|argued|argues|explained|explains|suggested|suggests|advised|advises|pleaded|pleads|implored|implores"
    r"|encouraged|encourages|reminded|reminds|recalled|recalls|noted|notes|declared|declares)\b")


def reports_speech(line: str) -> bool:
    """A line that reports someone's words: what an attribution clause ("…, they urged
    readers, …", "…, the campaign said.") puts in someone's mouth is the article's text,
    even when the words are a sign-up prompt or a share request.

    >>> reports_speech("Subscribe to the newsletter, they urged readers, and come to the meeting."), reports_speech("Subscribe to our newsletter, it's free")
    (True, False)
    """
    return "," in line and _ATTRIBUTION.search(line) is not None


_MARKUP_LINE = re.compile(r"(?m)^[^\S\n]*<[/!?]?[A-Za-z][^<>\n]*>")


def looks_like_markup(text: str) -> bool:
    """HTML or XML rather than plain text: at least 3 lines, and a tenth of the lines, begin with a tag.

    Boilerplate rules are for text; in markup they would cut elements apart.
    >>> looks_like_markup("<rss>\\n<item>\\n<title>A</title>\\n</item>\\n</rss>"), looks_like_markup("a < b\\n")
    (True, False)
    """
    if "<" not in text:
        return False
    tagged = len(_MARKUP_LINE.findall(text))
    return tagged >= 3 and tagged * 10 >= text.count("\n") + 1


class Lines:
    """The lines of a document with their spans and the structure the positions use."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []  # end of the line's text, before its newline
        pos = 0
        n = len(text)
        while pos < n:
            nl = text.find("\n", pos)
            end = n if nl < 0 else nl
            self.starts.append(pos)
            self.ends.append(end)
            pos = end + 1
        self.count = len(self.starts)
        self.often: dict = {}  # rule id -> whether it matches min_count lines (Boilerplate._often_enough)
        self._paragraph: Optional[list] = None
        self._first = self._last = None

    def line(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def index_of(self, offset: int) -> int:
        from bisect import bisect_right

        return bisect_right(self.starts, offset) - 1

    def blank(self, i: int) -> bool:
        return not self.line(i).strip()

    def paragraph(self, i: int) -> bool:
        if self._paragraph is None:
            self._paragraph = [is_paragraph(self.line(k)) for k in range(self.count)]
            paragraphs = [k for k, p in enumerate(self._paragraph) if p]
            if paragraphs:
                self._first, self._last = paragraphs[0], paragraphs[-1]
            else:  # no running text at all: only the first and last few lines are edges
                nonblank = [k for k in range(self.count) if not self.blank(k)]
                self._first = nonblank[min(3, len(nonblank) - 1)] if nonblank else 0
                self._last = nonblank[max(0, len(nonblank) - 4)] if nonblank else 0
        return self._paragraph[i]

    def claim_edges(self, claimed) -> None:
        """The first paragraph, when a rule that may stand in the head matches it
        (`claimed(k, "head")`), is not the article's first paragraph: the head extends over
        it and over the lines after it that such rules match too, up to the first other
        line. The same for the last paragraph and the tail. Once per side, never past the
        next paragraph, and never both sides of an article of two paragraphs.
        """
        if not self.count:
            return
        self.paragraph(0)
        paragraphs = [k for k, p in enumerate(self._paragraph) if p]
        if len(paragraphs) < 2:
            return
        first, last = paragraphs[0], paragraphs[-1]
        if claimed(first, "head"):
            k = first + 1
            while k < paragraphs[1] and (self.blank(k) or claimed(k, "head")):
                k += 1
            self._paragraph[first] = False
            self._first = k
        if claimed(last, "tail") and (len(paragraphs) > 2 or self._first == first):
            k = last - 1
            while k > paragraphs[-2] and (self.blank(k) or claimed(k, "tail")):
                k -= 1
            self._paragraph[last] = False
            self._last = k

    def in_head(self, i: int) -> bool:
        self.paragraph(0) if self.count else None
        return i < self._first

    def in_tail(self, i: int) -> bool:
        self.paragraph(0) if self.count else None
        return i > self._last

    def neighbour(self, i: int, step: int) -> Optional[int]:
        k = i + step
        while 0 <= k < self.count and self.blank(k):
            k += step
        return k if 0 <= k < self.count else None

    def aside(self, i: int) -> bool:
        """In the head or tail, or not between two paragraphs of running text."""
        if self.in_head(i) or self.in_tail(i):
            return True
        before, after = self.neighbour(i, -1), self.neighbour(i, 1)
        return not (before is not None and self.paragraph(before) and after is not None and self.paragraph(after))

    def where(self, i: int, position: str) -> bool:
        if position == "anywhere":
            return True
        if position == "head":
            return self.in_head(i)
        if position == "tail":
            return self.in_tail(i)
        if position == "edge":
            return self.in_head(i) or self.in_tail(i)
        return self.aside(i)


# ----------------------------------------------------------------------------- the filter


# ----------------------------------------------------------------------------- the gate


# The key alphabet for ASCII text, as bytes (see regex_gate.key).
_ASCII_NORM = bytes.maketrans(
    bytes(range(65, 91)) + b"123456789\t\x0b\x0c\r\x1c\x1d\x1e\x1f",
    bytes(range(97, 123)) + b"000000000" + b" " * 8)


# Bytes that end a word when the text is cut into words (ASCII letters and digits are word bytes).
_TOKEN_NORM = bytes.maketrans(bytes(range(256)), bytes(c if (48 <= c < 58 or 97 <= c < 123) else 32 for c in range(256)))
# A word is looked up in the document's set of words if it is not a common word: rarer than
# this (regex_gate.rarity) and not in _COMMON_WORDS.
MIN_TOKEN_RARITY = 13.0
_COMMON_WORDS = frozenset("""
a about after all also an and any are as at be been but by can could did do does for from had
has have he her his how i if in into is it its just like may me more most my new no not now of
on one only or our out over said says she so some than that the their them then there these
they this to two up us was we were what when which who will with would you your year years
time people first last get see read more here
de la le les des du et en un une est pour par sur au aux dans que qui ce il elle nous vous
der die das und den dem des ein eine ist im mit von zu auf für nicht sich es sie wir
el los las y que en un una es por para con del al se lo o
di il e che per non una della dei gli le nel sono
do da dos das em no na os as um uma para com por
yang dan di ini itu dengan untuk dari ke
""".split())


def _as_view_bytes(s: str) -> bytes:
    """`s` as the bytes view of a text has it: ASCII in the key alphabet, anything else `?`."""
    return s.encode("ascii", "replace").translate(_ASCII_NORM)


def _selective(ends) -> bool:
    """Starts (or ends) of three characters or more, or shorter ones without letters or digits."""
    return all(k >= 3 or not any(ch.isalnum() for s in strings for ch in s) for k, strings in ends.starts.items())


class _Entry:
    """One pattern of one rule, and the tests a line must pass to be worth matching against it."""

    __slots__ = ("rule", "mode", "ends", "literals", "literals_b", "anchor", "tokens", "max_len")

    def __init__(self, rule: int, scope: str, pattern: str, ignorecase: bool, max_chars: int = 0):
        self.rule = rule
        self.mode = "always"
        self.ends = None
        self.tokens = None
        tree = regex_gate.parse(pattern, ignorecase)
        # the longest (stripped) line a whole-line match can be: its width, or the rule's max_chars
        self.max_len = None
        if scope != "inline":
            widest = regex_gate.max_width(tree)
            if max_chars:
                widest = min(widest, max_chars) if widest is not None else max_chars
            self.max_len = widest
        marked = regex_gate.literal_sets(tree, whole_line=scope != "inline") if tree is not None else []
        sets = []
        for s in marked:
            plain = tuple(sorted({regex_gate.plain(x) for x in s}))
            if all(plain) and plain not in sets:
                sets.append(plain)
        self.anchor = max(sets, key=regex_gate.set_rarity) if sets else None
        # what a line must hold: the two rarest sets, each as the few substrings that cover
        # its alternatives (a weaker test than the literals themselves, but still necessary)
        checks = sorted(sets, key=regex_gate.set_rarity, reverse=True)[:2]
        self.literals = [tuple(sorted(regex_gate.cover(s, min_rarity=16.0, lengths=range(3, 9)))) for s in checks]
        # as the bytes view has them: other characters are `?` (a weaker test, still necessary)
        self.literals_b = [tuple(_as_view_bytes(x) for x in s) for s in self.literals]
        if scope != "inline" and tree is not None:
            heads = regex_gate.ends(pattern, ignorecase, tree=tree)
            if heads is not None and (_selective(heads) or not sets):
                self.mode, self.ends = "head", heads
                return
            tails = regex_gate.ends(pattern, ignorecase, reverse=True, tree=tree)
            if tails is not None and (_selective(tails) or not sets):
                self.mode, self.ends = "tail", tails
                return
            if heads is not None and (heads.shortest >= 2 or not sets):
                self.mode, self.ends = "head", heads
                return
        if not sets:
            return
        self.mode = "needle"
        # words: a set of whole ASCII words one of which is in every match
        best = None
        for s in marked:
            words = []
            for alt in s:
                # in the bytes the words are read from, other characters are `?`: word ends
                asciified = "".join(ch if ch.isascii() else "?" for ch in alt)
                complete = [regex_gate.key(w) for w in regex_gate.complete_words(asciified)]
                complete = [w for w in complete if w not in _COMMON_WORDS]
                if not complete:
                    break
                words.append(max(complete, key=regex_gate.rarity))
            else:
                score = min(regex_gate.rarity(w) for w in words)
                if score >= MIN_TOKEN_RARITY and (best is None or score > best[0]):
                    best = (score, tuple(sorted(set(words))))
        if best is not None:
            self.mode, self.tokens = "token", best[1]

    def has_literals(self, line: bytes) -> bool:
        contains = line.__contains__
        for s in self.literals_b:
            if not any(map(contains, s)):
                return False
        return True


class _Gate:
    """Which lines each rule (of any scope) could match, found without running its patterns.

    Each pattern gets the cheapest necessary test its syntax allows (regex_gate): the start
    or the end of a matching line (looked up by key in a set, for every line at once), or
    whole words every match holds (looked up in the document's set of words), or a literal
    every match holds (searched for in the text); with it, the literals every match holds
    are checked on the lines that passed. A rule whose pattern allows no test is tried on
    every line. Lines that no test admits cost no regular expression.
    """

    def __init__(self, rules: Sequence[BoilerplateRule]):
        self.rules = list(rules)
        self.entries: list[_Entry] = []
        for i, rule in enumerate(self.rules):
            for pattern in rule.patterns:
                self.entries.append(_Entry(i, rule.scope, pattern, not rule.case_sensitive, rule.max_chars))
        chars = regex_gate.pattern_chars(p for r in self.rules for p in r.patterns)
        self.trouble = regex_gate.troublesome(chars)
        self.unsafe = bool(chars & regex_gate.IRREGULAR_CASE)
        self.stand_ins = _stand_ins(self.trouble + "\u212a", chars)
        self.always = [e for e in self.entries if e.mode == "always"]
        tokens: dict = {}
        for e in self.entries:
            if e.mode == "token":
                for w in e.tokens:
                    tokens.setdefault(w.encode("ascii"), []).append(e)
        self.tokens = {w: (es, frozenset(self.rules[e.rule].position for e in es)) for w, es in tokens.items()}
        # words of rules that may match anywhere; the others are looked for only when the
        # document has head or tail lines (see _View.ranges)
        self.tokens_anywhere = frozenset(w for w, (es, pos) in self.tokens.items() if pos & {"anywhere", "aside"})
        self.tokens_edges = frozenset(self.tokens) - self.tokens_anywhere

        by_literal: dict = {}  # literal -> entries whose anchor holds it
        for e in self.entries:
            if e.mode == "needle":
                for lit in e.anchor:
                    by_literal.setdefault(lit, set()).add(e)
        needles: dict = {}  # needle (a substring of literals) -> entries
        for needle, lits in regex_gate.cover(by_literal).items():
            needles[needle] = sorted({e for lit in lits for e in by_literal[lit]}, key=self.entries.index)
        self.needles = {n: (es, frozenset(self.rules[e.rule].position for e in es)) for n, es in needles.items()}
        needles_b: dict = {}
        for n, es in needles.items():
            if n.isascii():  # a needle with other characters is never in ASCII text
                needles_b.setdefault(n.encode("ascii").translate(_ASCII_NORM), []).extend(es)
        self.needles_b = {n: (es, frozenset(self.rules[e.rule].position for e in es)) for n, es in needles_b.items()}
        # needles with other characters: searched in the text itself when they have no case
        # (©, •, », ...), else in its lower()
        self.needles_caseless = {n: v for n, v in self.needles.items()
                                 if not n.isascii() and n == n.upper() == n.lower()}
        self.needles_other = {n: v for n, v in self.needles.items()
                              if not n.isascii() and n not in self.needles_caseless}
        self.heads = self._index("head")
        self.tails = self._index("tail")
        # a needle with other characters, by its longest ASCII part (the bytes view has it in
        # any case): no lower() of the whole text for it
        self.needles_scanned = {needle: part for needle, part in
                                ((n, max(re.findall("[\x00-\x7f]+", n), key=len, default="").strip())
                                 for n in self.needles_other) if len(part) >= 3}
        self.literals, self.actions = self._scan_literals()
        self.scanner = fastscan.Scanner(self.literals)
        self.keyed_apart = self._keyed_apart() if self.entries else frozenset()
        self.apart_scanner = _ends_holding(self.keyed_apart)
        self._holding: dict = {}  # (short bytes line, id of its entries) -> those whose literals it holds

    def __getstate__(self):
        return dict(self.__dict__, _holding={})  # (ids: good in this process only)

    def without_rules(self) -> "_Gate":
        """The gate without its rules (to be stored; the caller sets `rules` again)."""
        self.rules = []
        return self

    def _index(self, mode: str):
        """({length: {start: entries}}, {whole line: entries}) for the entries of a mode, in str and bytes."""
        starts: dict = {}
        whole: dict = {}
        for e in self.entries:
            if e.mode != mode:
                continue
            for k, strings in e.ends.starts.items():
                for s in strings:
                    starts.setdefault(k, {}).setdefault(s, []).append(e)
            for s in e.ends.whole:
                whole.setdefault(s, []).append(e)

        def as_bytes(d):
            """Keys as the bytes view has them; only keys without other characters (a line whose
            key has one is looked up by its str key in the other index)."""
            return {s.encode("ascii"): v for s, v in d.items() if s.isascii()}
        return ((starts, whole), ({k: as_bytes(d) for k, d in starts.items()}, as_bytes(whole)))

    def candidates(self, text: str, view: "_View") -> Optional[dict]:
        """{line index: the rules (in order) that may match it}; None: every line, every rule."""
        done = view.memo.get(id(self))
        if done is not None and done[0] is self:
            return done[1]
        result = self._candidates(text, view)
        view.memo[id(self)] = (self, result)
        return result

    def _candidates(self, text: str, view: "_View") -> Optional[dict]:
        if self.unsafe:
            return None
        if not view.safe(self.trouble):
            if self.stand_ins is None:
                return None
            # İ ı ſ K (Turkish text, say) read as the one letter each can match: same lines, same offsets
            text = text.translate(self.stand_ins)
            view = _View(text)
        found: dict = {}  # line -> set of entries
        lines = view.lines()  # the bytes view's lines: the literals are checked there
        rules = self.rules

        holding = self._holding

        def admit(i, entries):
            line = lines[i]
            if len(entries) >= MEMO_ENTRIES and len(line) <= MEMO_LINE_CHARS:
                # the entries whose literals a short line holds: a corpus repeats its short lines
                key = (line, id(entries))
                held = holding.get(key)
                if held is None:
                    if len(holding) >= MEMO_LINES:
                        holding.clear()
                    held = holding[key] = [e for e in entries if e.has_literals(line)]
                entries = held
            for e in entries:  # the cheapest tests first (a line no longer than the limit is short enough stripped)
                if (e.max_len is None or len(line) <= e.max_len or view.length(i) <= e.max_len) \
                        and e.has_literals(line) and view.where(i, rules[e.rule].position):
                    found.setdefault(i, set()).add(e)

        if self.scanner.available():
            for i, entries in self._scan(view):
                admit(i, entries)
        else:
            self._search(view, admit)
        if not view.ascii:  # needles with other characters: in the text, or in its lower()
            for needle, (entries, positions) in self.needles_caseless.items():
                _admit_lines_holding(text, needle, entries, positions, view, admit)
            searched = self.needles_scanned if self.scanner.available() else ()
            for needle, (entries, positions) in self.needles_other.items():
                if needle not in searched:
                    _admit_lines_holding(view.lower(), needle, entries, positions, view, admit)
        if self.always:
            for i, line in enumerate(lines):
                if line.strip():
                    admit(i, self.always)
        if not found:
            return {}
        return {i: [self.rules[r] for r in sorted({e.rule for e in es})] for i, es in found.items()}

    def _search(self, view: "_View", admit) -> None:
        """The tests on the bytes view in Python: every line's keys looked up, the document's
        words, the ASCII needles searched for one by one."""
        heads_keys, tails_keys, other_heads, other_tails = view.keys()
        for (index, reverse, keys, others) in ((self.heads, False, heads_keys, other_heads),
                                               (self.tails, True, tails_keys, other_tails)):
            starts, whole = index[1]
            if whole and not whole.keys().isdisjoint(keys):
                for i, key in enumerate(keys):
                    if key in whole:
                        admit(i, whole[key])
            for k, table in starts.items():
                if not table or set(map(_SLICERS[reverse][k], keys)).isdisjoint(table):
                    continue
                for i, key in enumerate(keys):
                    piece = key[-k:] if reverse else key[:k]
                    if len(piece) == k and piece in table:
                        admit(i, table[piece])
            for i, key in others.items():  # lines whose bytes key holds another character
                _look_up(index[0], i, key, reverse, admit)
        if self.tokens:
            norm = view.bytes()
            words = view.words()
            wanted = self.tokens_anywhere
            present = list(view.word_set() & wanted) if not wanted.isdisjoint(words) else []
            # the words of head, tail and edge rules: searched in those lines only (few)
            present += [w for w in self.tokens_edges if view.ranges(self.tokens[w][1])]
            for word in present:
                _admit_lines_holding(norm, word, *self.tokens[word], view, admit)
        for needle, (entries, positions) in self.needles_b.items():
            _admit_lines_holding(view.bytes(), needle, entries, positions, view, admit)

    def _scan_literals(self) -> tuple:
        """The tests of `_search` as byte literals to find in "\\n" + bytes view + "\\n":
        (literals, [(kind, entries)]). A line's start or end key follows or precedes
        a newline, with at most one space between (the key is the stripped line's); a line
        with more spaces at an end is looked up in Python (`_scan`)."""
        literals: list = []
        actions: list = []
        for index, kind in ((self.heads, _STARTS), (self.tails, _ENDS)):
            starts, whole = index[1]
            for table in starts.values():
                for s, entries in table.items():
                    if s[:1] == b" " if kind == _STARTS else s[-1:] == b" ":
                        continue  # a stripped line's key never begins (ends) with a space
                    for pad in (b"", b" "):
                        literals.append(b"\n" + pad + s if kind == _STARTS else s + pad + b"\n")
                        actions.append((kind, entries))
            for s, entries in whole.items():
                if len(s) < regex_gate.KEY_LENGTH and s == s.strip():  # a longer one is a start too (regex_gate.ends)
                    for pad in (b"", b" "):
                        for end_pad in (b"", b" "):
                            literals.append(b"\n" + pad + s + end_pad + b"\n")
                            actions.append((_STARTS, entries))
        for word, (entries, _) in self.tokens.items():
            literals.append(word)
            actions.append((_WORD, entries))
        for needle, (entries, _) in self.needles_b.items():
            literals.append(needle)
            actions.append((_NEEDLE, entries))
        for needle, part in self.needles_scanned.items():
            literals.append(_as_view_bytes(part))
            actions.append((_NEEDLE, self.needles_other[needle][0]))
        literals += [b"\n  ", b"  \n"]  # lines whose keys are looked up in Python
        actions += [(_PADDED_START, None), (_PADDED_END, None)]
        return literals, actions

    def _keyed_apart(self) -> frozenset:
        """The characters outside ASCII that can give a line a str key (regex_gate.key) some
        key of the str tables holds, where its bytes key has `?`: those keys' characters in
        any case, the irregular case folders, whitespace (str.strip removes it, bytes.strip
        does not) and decimal digits (keyed `0`). A line whose key ends hold none of them
        is looked up by its bytes keys alone (`_scan`)."""
        table_chars = {ch for index in (self.heads[0], self.tails[0])
                       for keys in (*index[0].values(), index[1]) for key in keys for ch in key}
        chars = {form for ch in table_chars
                 for form in (ch, ch.lower(), ch.upper(), ch.title(), ch.casefold()) if len(form) == 1}
        chars |= regex_gate.IRREGULAR_CASE | {"\u212a"} | _spaces_and_digits()
        return frozenset(ch for ch in chars if not ch.isascii())

    def _scan(self, view: "_View") -> list:
        """`_search` in one Hyperscan pass: the same keys, needles and (whole) words.
        Returns [(line, entries to admit)], each pair once however often the line holds
        the literal (a line of 100,000 ad markers is admitted once, not 100,000 times)."""
        framed = b"\n" + view.bytes() + b"\n"
        actions, literals = self.actions, self.literals
        hits = self.scanner.scan(framed)
        # a few hits: count the newlines before each (C); many: look them up in the line starts
        line_of = view.line_of if len(hits) > FEW_HITS else view.count_lines_before
        out: dict = {}  # (line, id of the entries) -> entries

        def admit(i, entries):
            out[(i, id(entries))] = entries

        padded = set()  # lines with two spaces or more at an end
        # framed offset f is text offset f - 1: a start literal begins at the newline before
        # its line (text: the line's first offset); the others' last byte is in their line
        for index, end in hits:
            kind, entries = actions[index]
            if kind == _STARTS:
                admit(line_of(end - len(literals[index])), entries)
            elif kind == _PADDED_START or kind == _PADDED_END:
                padded.add(line_of(end - 3 if kind == _PADDED_START else end - 2))
            elif kind != _WORD or not (_WORD_BYTES[framed[end]] or _WORD_BYTES[framed[end - len(literals[index]) - 1]]):
                admit(line_of(end - 2), entries)
        # their keys, and (other text) the str keys of lines whose key ends hold a character
        # keyed apart (for the others, the bytes keys say all)
        if not view.ascii:
            for i, head, tail in self._ends_keyed_apart(view):
                if head:
                    _look_up(self.heads[0], i, view.str_keys(i)[0], False, admit)
                if tail:
                    _look_up(self.tails[0], i, view.str_keys(i)[1], True, admit)
        for i in sorted(padded):
            stripped = view.lines()[i].strip()
            head, tail = stripped[:regex_gate.KEY_LENGTH], stripped[-regex_gate.KEY_LENGTH:]
            _look_up(self.heads[1], i, head, False, admit)
            _look_up(self.tails[1], i, tail, True, admit)
        return [(i, entries) for (i, _), entries in out.items()]

    def _ends_keyed_apart(self, view: "_View") -> Iterator[tuple]:
        """(line, whether its start key, whether its end key holds a character keyed apart)
        for the lines where one does, in order: found in the text's UTF-8 by Hyperscan, or
        (text with a lone surrogate, which is no UTF-8) line by line."""
        data = view.utf8()
        if not self.apart_scanner.available() or (b"\xed" in data and _SURROGATE_UTF8.search(data) is not None):
            apart = self.keyed_apart.isdisjoint
            for i, head, tail in view.odd_ends():
                if not (apart(head) and apart(tail)):
                    yield i, not apart(head), not apart(tail)
            return
        ends: dict = {}  # line -> [start key, end key]
        line = counted = 0  # (newlines counted once, from one hit to the next)
        for index, end in sorted(self.apart_scanner.scan(data), key=itemgetter(1)):
            line += data.count(b"\n", counted, end)
            counted = end
            ends.setdefault(line, [False, False])[index] = True
        for i, (head, tail) in ends.items():
            yield i, head, tail


def _ends_holding(chars: frozenset) -> fastscan.Scanner:
    """Where a line's start key (its first KEY_LENGTH characters, less the spaces the bytes
    view strips) or its end key holds one of `chars`: two expressions on the text's UTF-8."""
    if not chars:
        return fastscan.Scanner([])
    wanted = "[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in sorted(chars)) + "]"
    spaces = "[\\t\\x0b\\x0c\\r \\x1c-\\x1f]"  # (bytes.strip() in the view: _ASCII_NORM's spaces)
    near = f"[^\\n]{{0,{regex_gate.KEY_LENGTH - 1}}}"
    return fastscan.Scanner([f"^{spaces}*{near}{wanted}".encode(), f"{wanted}{near}{spaces}*$".encode()],
                            literal=False, flags=(fastscan.UTF8, fastscan.MULTILINE))


# A lone surrogate in UTF-8 (encoded with "surrogatepass"): not UTF-8 for Hyperscan.
_SURROGATE_UTF8 = re.compile(b"\xed[\xa0-\xbf]")


@lru_cache(maxsize=1)
def _spaces_and_digits() -> frozenset:
    """Every whitespace character and decimal digit outside ASCII."""
    from array import array

    four_bytes = "I" if array("I").itemsize == 4 else "L"  # every code point but the surrogates, decoded at once
    code_points = array(four_bytes, range(0x80, 0xD800)) + array(four_bytes, range(0xE000, 0x110000))
    everything = code_points.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
    return frozenset(re.findall(r"[\s\d]", everything))


def _stand_ins(trouble: str, pattern_chars: set) -> Optional[dict]:
    """A str.translate table giving each troublesome character the one letter of the patterns
    it can match case-insensitively (ı -> i, ſ -> s, K -> k), or None when one of them can
    match several.

    >>> _stand_ins("ıſ\u212a", set("isk"))
    {305: 'i', 383: 's', 8490: 'k'}
    """
    lowered = {ch.lower() for ch in pattern_chars if len(ch.lower()) == 1}
    table = {}
    for ch in trouble:
        partners = regex_gate.partners(ch) & lowered
        if len(partners) > 1:
            return None
        if partners:
            table[ord(ch)] = partners.pop()
    return table


def _look_up(index, i, key, reverse: bool, admit) -> None:
    """Admit line `i` for the entries its start (or end, `reverse`) key selects in `index`."""
    starts, whole = index
    if key in whole:
        admit(i, whole[key])
    for k, table in starts.items():
        piece = key[-k:] if reverse else key[:k]
        if len(piece) == k and piece in table:
            admit(i, table[piece])


# Up to this many scanner hits in a text, each hit's line is found by counting newlines.
FEW_HITS = 8
# A line of at most MEMO_LINE_CHARS admitted for MEMO_ENTRIES entries or more has their literal
# tests remembered ("Article 1", a site's menu items), for up to MEMO_LINES lines at a time.
MEMO_ENTRIES = 3
MEMO_LINE_CHARS = 40
MEMO_LINES = 20_000
# What a literal of the gate's scanner stands for (`_Gate._scan_literals`).
_STARTS, _ENDS, _WORD, _NEEDLE, _PADDED_START, _PADDED_END = range(6)
# Bytes of a word in the bytes view (ASCII letters, lower case there, and digits).
_WORD_BYTES = tuple(48 <= c < 58 or 97 <= c < 123 for c in range(256))




def _slicer(k: int, reverse: bool):
    return itemgetter(slice(-k, None) if reverse else slice(0, k))


_SLICERS = {reverse: {k: _slicer(k, reverse) for k in range(1, regex_gate.KEY_LENGTH + 1)} for reverse in (False, True)}


class _View:
    """A text as the gates read it: one byte per character, ASCII in the key alphabet
    (regex_gate.key) and any other character `?`; split in lines, with each line's key
    (the first and last KEY_LENGTH characters, stripped) and the text's words. A line whose
    key holds another character is also keyed from the str (`other` keys)."""

    __slots__ = ("text", "ascii", "_bytes", "_blines", "_lower", "_keys", "_starts", "_edges", "_words",
                 "memo", "_lengths")

    def __init__(self, text: str):
        self.text = text
        self.memo: dict = {}  # id(gate) -> (gate, its candidates); positions -> ranges; the word set
        self.ascii = text.isascii()
        self._bytes = self._blines = self._lower = None
        self._keys = self._starts = self._edges = self._words = self._lengths = None

    def safe(self, trouble: str) -> bool:
        """Whether lower() finds every case-insensitive match of the patterns' letters (and
        the words every case-insensitive match of ASCII letters: not with the Kelvin sign)."""
        return self.ascii or not any(ch in self.text for ch in trouble + "\u212a")

    def utf8(self) -> bytes:
        """The text in UTF-8 (lone surrogates too): the encoding screen's, when it made it."""
        data = self.memo.get("utf8")
        if data is None:
            data = self.memo["utf8"] = self.text.encode("utf-8", "surrogatepass")
        return data

    def bytes(self) -> bytes:
        if self._bytes is None:
            raw = self.text.encode("ascii") if self.ascii else self.text.encode("ascii", "replace")
            self._bytes = raw.translate(_ASCII_NORM)
        return self._bytes

    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    def lines(self) -> list:
        """The bytes view's lines (offsets and lengths are the text's)."""
        if self._blines is None:
            self._blines = self.bytes().split(b"\n")
        return self._blines

    def words(self) -> list:
        if self._words is None:
            self._words = self.bytes().translate(_TOKEN_NORM).split()
        return self._words

    def word_set(self) -> set:
        memo = self.memo.get("word set")
        if memo is None:
            memo = self.memo["word set"] = set(self.words())
        return memo

    def length(self, i: int) -> int:
        """The length of line `i`, stripped (as `keys` finds it, without keying every line)."""
        if self._lengths is not None:
            return self._lengths[i]
        stripped = self.lines()[i].strip()
        n = regex_gate.KEY_LENGTH
        if self.ascii or (63 not in stripped[:n] and 63 not in stripped[-n:]):  # b"?"
            return len(stripped)
        start = self._line_starts()[i]
        return len(self.text[start:start + len(self._blines[i])].strip())

    def keys(self):
        """(start keys, end keys) of the lines in the bytes view, and {line: start key},
        {line: end key} from the str for the lines whose bytes key holds another character."""
        if self._keys is None:
            n = regex_gate.KEY_LENGTH
            stripped = [line.strip() for line in self.lines()]
            heads = [s[:n] for s in stripped]
            tails = [s[-n:] for s in stripped]
            lengths = list(map(len, stripped))
            other_heads: dict = {}
            other_tails: dict = {}
            if not self.ascii:
                for i, (h, t) in enumerate(zip(heads, tails)):
                    if 63 in h or 63 in t:  # b"?"
                        lengths[i] = self.length(i)
                        if 63 in h:
                            other_heads[i] = self.str_keys(i)[0]
                        if 63 in t:
                            other_tails[i] = self.str_keys(i)[1]
            self._lengths = lengths
            self._keys = (heads, tails, other_heads, other_tails)
        return self._keys

    def odd_ends(self) -> Iterator[tuple]:
        """(line, the text's characters at its bytes start key, at its bytes end key) for the
        lines whose bytes start or end key holds `?` (another character)."""
        n = regex_gate.KEY_LENGTH
        lines = self.lines()
        stripped = list(map(bytes.strip, lines))
        odd = [i for i, (h, t) in enumerate(zip(map(_SLICERS[False][n], stripped), map(_SLICERS[True][n], stripped))) if 63 in h or 63 in t]
        if not odd:
            return
        starts = self._line_starts()
        text = self.text
        for i in odd:
            start = starts[i] + len(lines[i]) - len(lines[i].lstrip())
            end = start + len(stripped[i])
            # (within the line: a key shorter than n is the whole line, not the text around it)
            yield i, text[start:min(start + n, end)] if 63 in stripped[i][:n] else "", \
                text[max(start, end - n):end] if 63 in stripped[i][-n:] else ""

    def str_keys(self, i: int) -> tuple:
        """(start key, end key) of line `i` read from the str (for a line whose bytes key holds `?`)."""
        start = self._line_starts()[i]
        s = self.text[start:start + len(self._blines[i])].strip()
        n = regex_gate.KEY_LENGTH
        return regex_gate.key(s[:n]), regex_gate.key(s[-n:])

    def edges(self) -> tuple:
        """(first, last): the first and last line of running text, as Lines finds them."""
        if self._edges is None:
            lines = self.text.split("\n")
            first = next((k for k, line in enumerate(lines) if is_paragraph(line)), None)
            if first is not None:
                last = next(k for k in range(len(lines) - 1, -1, -1) if is_paragraph(lines[k]))
                if first < last:  # Lines.claim_edges may move an edge up to the next paragraph
                    first, last = (next(k for k in range(first + 1, last + 1) if is_paragraph(lines[k])),
                                   next(k for k in range(last - 1, first - 1, -1) if is_paragraph(lines[k])))
            else:
                nonblank = [k for k, line in enumerate(lines) if line.strip()]
                first = nonblank[min(3, len(nonblank) - 1)] if nonblank else 0
                last = nonblank[max(0, len(nonblank) - 4)] if nonblank else 0
            self._edges = (first, last)
        return self._edges

    def where(self, i: int, position: str) -> bool:
        """A necessary condition of Lines.where(i, position): head and tail only."""
        if position == "anywhere" or position == "aside":
            return True
        first, last = self.edges()
        if position == "head":
            return i < first
        if position == "tail":
            return i > last
        return i < first or i > last

    def _line_starts(self) -> list:
        if self._starts is None:
            # each line's length and its newline, summed up (all in C)
            self._starts = list(accumulate(map((1).__add__, map(len, self.lines())), initial=0))[:-1]
        return self._starts

    def ranges(self, positions: frozenset) -> list:
        """Spans of the text where lines of these positions lie."""
        memo = self.memo.get(positions)
        if memo is None:
            memo = self.memo[positions] = self._ranges(positions)
        return memo

    def _ranges(self, positions: frozenset) -> list:
        n = len(self.text)
        if "anywhere" in positions or "aside" in positions:
            return [(0, n)]
        if not positions:
            return []
        starts = self._line_starts()
        first, last = self.edges()
        out = []
        if positions & {"head", "edge"} and first > 0:
            out.append((0, starts[first]))
        if positions & {"tail", "edge"} and last + 1 < len(starts):
            out.append((starts[last + 1], n))
        return out

    def line_of(self, offset: int) -> int:
        return bisect_right(self._line_starts(), offset) - 1

    def count_lines_before(self, offset: int) -> int:
        """line_of(offset) without the line starts: quicker for a few offsets in a text."""
        return self.bytes().count(b"\n", 0, offset)

    def line_end(self, i: int) -> int:
        return self._line_starts()[i] + len(self.lines()[i])


@dataclass
class _Removal:
    line: int
    rule: BoilerplateRule
    reason: str


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
        self._sweep_rule = BoilerplateRule(
            "boilerplate.structure.tail-block", "structure", "short lines inside an end-of-page boilerplate cluster",
            ("(?!)",), position="tail", confidence=0.8, source="(built in)")
        self.rules = tuple(Rule(r.id, r.description) for r in rules) + (
            Rule(self._sweep_rule.id, self._sweep_rule.description),
            *(Rule(r.id, r.description) for r in TEASER_RULES.values()),
            Rule("boilerplate.timeout", "a user pattern ran out of time on a document (reported, not a change)"),
        )
        self._gates: dict = {}
        self._last_view: Optional[_View] = None

    def _gate(self, ctx: Context, user: bool) -> _Gate:
        """The gate of the selected rules of all scopes: built-in ones, or the user's packs'."""
        key = (user, id(ctx._enabled))
        gate = self._gates.get(key)
        if gate is None:
            rules = [r for r in self.all_rules if r.builtin != user and ctx.enabled(r.id)]
            if user:  # a user's pack: a few rules, quick to read, not worth a cache entry each
                gate = _Gate(rules)
            else:
                signature = [(r.id, r.scope, r.patterns, r.case_sensitive, r.position, r.max_chars) for r in rules]
                signature.append(fastscan.engine())  # a gate built without Hyperscan has no scanner
                gate = cached("gate", signature, lambda: _Gate(rules).without_rules())
                gate.rules = rules
            self._gates[key] = gate
        return gate

    def screen(self, text: str, scan: Scan) -> bool:
        """Whether a line may match a rule (the gates, without Lines or regular expressions),
        or the text has the short lines a page-wide teaser heuristic needs."""
        if scan.ctx is None or not text.strip() or looks_like_markup(text):
            return scan.ctx is None
        view = scan.memo.get("boilerplate")
        if view is None:
            view = scan.memo["boilerplate"] = _View(text)
            if "utf8" in scan.memo:  # (mojibake.utf8: the encoding screens' UTF-8 of this text)
                view.memo["utf8"] = scan.memo["utf8"]
            self._last_view = view  # propose (called next with the same text) reuses it
        for user in (False, True):
            gate = self._gate(scan.ctx, user)
            if gate.rules and gate.candidates(text, view) != {}:
                return True
        return _page_wide_teasers_possible(text, view, scan.ctx.enabled)

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        if not text.strip() or looks_like_markup(text):
            return
        lines: Optional[Lines] = None
        removals: dict[int, _Removal] = {}
        inline: list[tuple[int, int, BoilerplateRule]] = []
        timeouts: list = []
        view, self._last_view = self._last_view, None
        if view is None or view.text is not text:
            view = _View(text)
        found = []
        for user in (False, True):
            gate = self._gate(ctx, user)
            if not gate.rules:
                continue
            candidates = gate.candidates(text, view)
            matched = bool(candidates) and not user
            if matched:
                candidates = _matching(candidates, text.split("\n"))
            if candidates == {}:
                continue
            if lines is None:
                lines = Lines(text)
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
        if lines is None:  # no line a rule could match: only the page-wide teaser shapes are left
            if not _page_wide_teasers_possible(text, view, ctx.enabled):
                return
            lines = Lines(text)
        unlabelled_teasers(lines, removals, ctx.enabled)
        if removals:
            _keep_lists(lines, removals)
        if removals and ctx.enabled(self._sweep_rule.id):
            self._sweep_tail(lines, removals)
        yield from self._changes(text, lines, removals, inline, ctx)

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

    def _context_ok(self, rule: BoilerplateRule, lines: Lines, i: int) -> bool:
        if not lines.where(i, rule.position):
            return False
        if rule.followed_by:
            k = lines.neighbour(i, 1)
            if k is None or not rule.compiled_followed.fullmatch(lines.line(k).strip(), timeout=PATTERN_TIMEOUT):
                return False
        if rule.preceded_by:
            k = lines.neighbour(i, -1)
            if k is None or not rule.compiled_preceded.fullmatch(lines.line(k).strip(), timeout=PATTERN_TIMEOUT):
                return False
        return True

    def _line(self, lines: Lines, i: int, rules, removals: dict, scope: str, timeouts: Optional[list] = None,
              matched: bool = False) -> None:
        """Remove line `i` (and a block's teasers) for the first of `rules` that matches it in
        its context; `matched`: the rules are known to match the line (`_matching`)."""
        line = lines.line(i)
        candidates = rules if matched else [r for r in rules if _safe_match(r, line, timeouts)]
        rule = next((r for r in candidates if self._context_ok(r, lines, i) and self._often_enough(r, lines)), None)
        if rule is None or reports_speech(line):
            return
        removals[i] = _Removal(i, rule, rule.description)
        if scope != "block":
            return
        label = line.strip()
        if rule.block_to_end:
            for k in range(i + 1, lines.count):
                if k not in removals and not lines.blank(k):
                    removals[k] = _Removal(k, rule, f"in the section that starts with {label!r}")
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
                removals[k] = _Removal(k, rule, f"teaser listed under {label!r}")
            taken += 1
            k += 1

    def _often_enough(self, rule: BoilerplateRule, lines: Lines) -> bool:
        """A rule with min_count > 1 fires only when it matches that many lines of the document."""
        if rule.min_count <= 1:
            return True
        known = lines.often.get(rule.id)  # once per document, not once per matching line
        if known is not None:
            return known
        count = 0
        answer = False
        for k in range(lines.count):
            if _safe_match(rule, lines.line(k)) and self._context_ok(rule, lines, k):
                count += 1
                if count >= rule.min_count:
                    answer = True
                    break
        lines.often[rule.id] = answer
        return answer

    def _sweep_tail(self, lines: Lines, removals: dict) -> None:
        """Boilerplate clusters at the end: after the last paragraph of running text, once
        TAIL_SWEEP_MATCHES lines there were matched by rules, the short lines between and
        after them go too (teasers, counters, separators a rule cannot name)."""
        # lines rules matched (what the structure heuristics inferred does not add up to a cluster)
        tail = sorted(i for i, r in removals.items() if lines.in_tail(i) and r.rule.kind != "structure")
        if len(tail) < TAIL_SWEEP_MATCHES:
            return
        first = tail[0]
        rule = self._sweep_rule
        for k in range(first + 1, lines.count):
            if k in removals or lines.blank(k):
                continue
            if len(lines.line(k).strip()) > TAIL_SWEEP_MAX_CHARS:
                return  # something long after the cluster: leave the rest alone
        for k in range(first + 1, lines.count):
            if k not in removals and not lines.blank(k):
                removals[k] = _Removal(k, rule, f"a short line inside the end-of-page cluster of {len(tail)} boilerplate lines")

    def _inline(self, text, lines: Lines, i: int, rules, out: list, done: set, timeouts: Optional[list] = None) -> None:
        """Every inline match in candidate line `i` (each line is searched once per group of rules)."""
        if i in done:
            return
        done.add(i)
        line = text[lines.starts[i]:lines.ends[i]]
        taken = _Spans()
        for rule in rules:
            try:
                matches = list(rule.compiled.finditer(line, timeout=PATTERN_TIMEOUT))
            except TimeoutError:
                if timeouts is not None:
                    timeouts.append((rule, "inline"))
                continue
            for m in matches:
                if m.end() > m.start() and not taken.overlaps(m.start(), m.end()) \
                        and self._context_ok(rule, lines, i):
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
            out.append(Change(r.rule.id, start, end, text[start:end], "", r.rule.confidence,
                              f"{r.rule.kind}: {r.reason}"))
        _trim_tail(text, out)
        spans = _Spans((c.start, c.end) for c in out)
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


def _trim_tail(text: str, removals: list) -> None:
    r"""When the line removals reach the end of `text`, let the kept text end as `text` did.

    The blank lines above the removed tail go with it, and so does the kept text's last
    line break when `text` had no final one: no trailing run of blank lines, no `\n`
    gained, no stray `\r` of a CRLF break cut in two. The first removal of the tail
    block is widened in place (`removals`: line removals in text order).

    >>> out = [Change("r", 9, 16, "Share\r\n", ""), Change("r", 16, 21, "Ad Ad", "")]
    >>> _trim_tail("Text.\r\n\r\nShare\r\nAd Ad", out); out[0].start, out[0].before
    (5, '\r\n\r\nShare\r\n')
    >>> out = [Change("r", 6, 9, "Ad\n", ""), Change("r", 10, 12, "Ad", "")]
    >>> _trim_tail("Text.\nAd\n\nAd", out); [(c.start, c.end) for c in out]
    [(5, 9), (9, 12)]
    """
    if not removals or removals[-1].end != len(text):
        return
    while True:
        first = len(removals) - 1
        while first and removals[first - 1].end == removals[first].start:
            first -= 1
        start = removals[first].start
        kept = text[:start].rstrip("\r\n")
        # the blank lines above go; the last kept line keeps its break if the text ended with one
        new_start = len(kept) + (len(_line_break_after(text, len(kept))) if text.endswith("\n") else 0)
        floor = removals[first - 1].end if first else 0  # only line breaks lie between: join the removals
        if new_start >= start:
            return
        change = removals[first]
        removals[first] = Change(change.rule, max(new_start, floor), change.end, text[max(new_start, floor):change.end],
                                 change.after, change.confidence, change.reason)
        if new_start >= floor:
            return


def _line_break_after(text: str, position: int) -> str:
    r"""The line break (`\r\n`, `\n` or none) at `position`."""
    return "\r\n" if text.startswith("\r\n", position) else "\n" if text.startswith("\n", position) else ""


class _Spans:
    """Non-overlapping (start, end) spans, sorted, with an overlap test in log time.

    >>> s = _Spans([(0, 2), (5, 9)])
    >>> s.overlaps(2, 5), s.overlaps(1, 3), s.overlaps(8, 12)
    (False, True, True)
    """

    def __init__(self, spans=()):
        self.starts: list = []
        self.ends: list = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        from bisect import bisect_left

        k = bisect_left(self.starts, start)
        if k > 0 and self.ends[k - 1] > start:
            return True
        return k < len(self.starts) and self.starts[k] < end

    def add(self, start: int, end: int) -> None:
        from bisect import bisect_left

        k = bisect_left(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)


def _matching(candidates: dict, lines: list) -> dict:
    """The candidates whose rule matches their line at all (where it stands and what is
    around it aside): the only ones that can remove anything. Most lines a gate admits
    match nothing, and a text left without candidates needs no Lines, edges or context.
    For the built-in rules only: a user's pattern runs under a time limit, in `_line`."""
    out = {}
    for i, rules in candidates.items():
        matched = [rule for rule in rules if rule.matches_line(lines[i])]
        if matched:
            out[i] = matched
    return out


def _safe_match(rule: BoilerplateRule, line: str, timeouts: Optional[list] = None) -> bool:
    try:
        return rule.matches_line(line, timeout=PATTERN_TIMEOUT)
    except TimeoutError:
        if timeouts is not None:
            timeouts.append((rule, rule.scope))
        return False


def _keep_lists(lines: Lines, removals: dict) -> None:
    """A run of short lines introduced by a line ending in ':' is a list: the article's content.

    Positional rules (head, tail, edge, aside) call a short line furniture because of where
    it stands; the items of a list ("The four tents are:" / "Food" / "Books") stand there
    too, so those rules do not remove them. The introduction must read like the article's
    own words: three words or more ("Tags:", "Edition:" label the page's furniture), and
    not removed itself (a label such as "Share this:" introduces furniture). The run ends at a
    blank line, a separator (`_____`), a line as long as a paragraph, or the next line
    ending in ':'. Rules that match anywhere (`ADVERTISEMENT`) still apply inside a list.
    """
    if not any(r.rule.position != "anywhere" for r in removals.values()):
        return
    k = 0
    while k < lines.count:
        intro = lines.line(k).rstrip()
        k += 1
        if not intro.endswith(":") or (k - 1) in removals or len(intro.split()) < 3:
            continue
        while k < lines.count:
            item = lines.line(k).strip()
            if len(item) >= PARAGRAPH_MIN_CHARS or item.endswith(":") or not any(c.isalnum() for c in item):
                break
            r = removals.get(k)
            if r is not None and r.rule.position != "anywhere":
                del removals[k]
            k += 1


def _teaser(lines: Lines, k: int, rule: BoilerplateRule) -> bool:
    """A line that can be a teaser headline or blurb under a related-content label.

    Inside the article a teaser must not read like a sentence (headlines do not end with a
    full stop); after the last paragraph, a short sentence can be a teaser's blurb.
    """
    s = lines.line(k).strip()
    if not s or len(s) > rule.block_max_chars:
        return False
    if rule.block_paragraphs:
        return True
    if is_paragraph(s):
        return False
    return lines.in_tail(k) or s[-1] not in SENTENCE_END_STRICT


# ----------------------------------------------------------------------------- unlabelled teasers

# Pages list other articles without a label above them: as runs of titles after the article,
# as cards (a title, then the start of its blurb cut off at a fixed length; or an author, a
# date and a blurb), as kicker + title pairs ("RED ALERT" / "Storm closes schools"), and as
# link lines set in capitals between paragraphs. A title does not end like a sentence, the
# article's lines do; the article's subheadings stand alone, each over its paragraph, not in
# runs. Most of these run only on a page where a rule found furniture; the two whose shape
# is a strict repeated pattern of short lines (kicker + title pairs, author + date + blurb
# cards: PAGE_WIDE) run on every page, and the filter's screen looks for their short lines
# first (`_page_wide_teasers_possible`). `_keep_lists` still keeps a list that a line ending
# in ':' introduces.
HEADLINE_MIN_CHARS = 12
HEADLINE_MAX_CHARS = 120  # also the longest kicker, author line or date line (the screen relies on it)
TEASER_RUN = 3  # titles, cards or pairs in a row before they count as a list of teasers
CUT_OFF_MIN_CHARS = 80  # a blurb cut off at a fixed length is at least this long
TITLE_RUN_MEDIAN_CHARS = 40  # teaser titles are a line of news; names and captions are shorter
KICKER_MAX_WORDS = 5
KICKER_MAX_CHARS = 40
CAPS_LINK_MIN_WORDS = 6
AUTHOR_MAX_CHARS = 40
AUTHOR_WORDS = (2, 4)
DATE_MAX_CHARS = 40
_BULLETS = "-•*·»›–— \t\u00a0"
_ELLIPSES = ("...", "…")


def _structure_rule(name: str, description: str, position: str) -> BoilerplateRule:
    return BoilerplateRule(f"boilerplate.structure.{name}", "structure", description, ("(?!)",),
                           position=position, confidence=0.75, source="(built in)")


TEASER_RULES = {
    "titles": _structure_rule("title-run", "a run of article titles after the article", "tail"),
    "cards": _structure_rule("teaser-cards", "teaser cards: a title and its blurb cut off", "aside"),
    "kickers": _structure_rule("kicker-titles", "teaser pairs: a kicker in capitals and a title", "aside"),
    "blurbs": _structure_rule("cut-off-blurb", "a teaser's blurb cut off with an ellipsis", "anywhere"),
    "caps": _structure_rule("caps-link", "a link to another story set in capitals", "aside"),
    "bylines": _structure_rule("byline-cards", "teaser cards: an author, a date and a blurb", "aside"),
}
# the heuristics that run on every page (the others only where a rule found furniture)
PAGE_WIDE = ("kickers", "bylines")


def headline_like(line: str) -> bool:
    """A title: three words or more, up to HEADLINE_MAX_CHARS, beginning with a capital or a
    digit, not ending like a sentence or a label (a cut-off title's ellipsis aside).

    >>> headline_like("- Storm closes schools across the valley"), headline_like("The storm closed the schools.")
    (True, False)
    """
    s = line.strip().lstrip(_BULLETS)
    if s.endswith(_ELLIPSES):
        s = s.rstrip(".… ")
    elif not s or s[-1] in ".!?:;,。！？":
        return False
    if not HEADLINE_MIN_CHARS <= len(s) <= HEADLINE_MAX_CHARS or s.count(" ") < 2 or "@" in s or "://" in s:
        return False  # a handle or an address: an embed's attribution, a link, not a title
    first = next((c for c in s if c.isalnum()), "")
    return first.isupper() or first.isdigit()


def cut_off(line: str) -> bool:
    """A blurb cut off mid-sentence: long, ending in a word, a comma or an ellipsis.

    >>> cut_off("The council met on Tuesday to approve the budget for the coming two years, and the mayor said that the"), cut_off("It passed.")
    (True, False)
    """
    s = line.strip()
    if len(s) < CUT_OFF_MIN_CHARS:
        return False
    return s.endswith(_ELLIPSES) or s[-1].isalnum() or s[-1] == ","


def _in_capitals(s: str) -> bool:
    """Letters, all of them capitals (and at least two)."""
    return s.isupper() and sum(c.isalpha() for c in s) >= 2


def kicker(line: str) -> bool:
    """A kicker over a teaser's title: a few words in capitals, not a sentence."""
    s = line.strip().strip("'‘’\"“”")
    return len(s) <= KICKER_MAX_CHARS and _in_capitals(s) and len(s.split()) <= KICKER_MAX_WORDS \
        and s[-1:] not in (".", "!", "?", ":")


_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
           "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_WEEKDAYS = "mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# a date alone: "Tuesday, March 3, 2026", "3 March 2026", "Mar. 3, 2026", "2026-03-03", "03/03/2026"
_DATE_LINE = re.compile(
    rf"(?:(?:{_WEEKDAYS})\.?,?\s+)?"
    rf"(?:(?:{_MONTHS})\.?\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./](?:\d{2}|\d{4}))", re.IGNORECASE)
# a label that names a day or a month ("MONDAY", "JUNE 3"): a schedule's, not a teaser's kicker
_CALENDAR_WORD = re.compile(rf"(?:{_WEEKDAYS}|{_MONTHS})\b", re.IGNORECASE)


def date_line(line: str) -> bool:
    """A line that is a date and nothing else.

    >>> date_line("Tuesday, March 3, 2026"), date_line("3 March 2026"), date_line("On March 3, 2026 it rained.")
    (True, True, False)
    """
    s = line.strip()
    return len(s) <= DATE_MAX_CHARS and _DATE_LINE.fullmatch(s) is not None


# the small words of a person's name ("Anna van Berg", "Luis de la Cruz")
_NAME_PARTICLES = frozenset("de da del della di van von der den la le bin al".split())


def author_line(line: str) -> bool:
    """A line that is a person's name (two to four words, each capitalised, no digits),
    perhaps after "By": the author on a teaser card.

    >>> author_line("By Anna van Berg"), author_line("Storm closes schools"), author_line("Anna Berg said:")
    (True, False, False)
    """
    s = line.strip()
    if len(s) > AUTHOR_MAX_CHARS or not s or s[-1] in ",:;!?" or any(c.isdigit() for c in s):
        return False
    words = s.split()
    if words[0].lower() == "by":
        words = words[1:]
    if not AUTHOR_WORDS[0] <= len(words) <= AUTHOR_WORDS[1]:
        return False
    return all(w[0].isupper() and w.replace(".", "").replace("-", "").replace("'", "").replace("’", "").isalpha()
               or w in _NAME_PARTICLES for w in words)


def caps_link(line: str) -> bool:
    """A link line in capitals: CAPS_LINK_MIN_WORDS words or more, a title, not a sentence.

    >>> caps_link("MAYOR SAYS NEW BRIDGE WILL OPEN BY SPRING"), caps_link("WHAT HAPPENS NEXT")
    (True, False)
    """
    s = line.strip()
    if len(s) > HEADLINE_MAX_CHARS or not _in_capitals(s) or len(s.split()) < CAPS_LINK_MIN_WORDS:
        return False
    # words, not a table row in capitals ("| HD | THE HOME DEPOT INC. | 225.86 |")
    letters = sum(c.isalpha() for c in s)
    return "|" not in s and letters >= 0.85 * (len(s) - s.count(" ")) and headline_like(s)


def unlabelled_teasers(lines: Lines, removals: dict, enabled) -> None:
    """Add the teaser runs, cards, kicker pairs and capital link lines of a page to `removals`:
    all of them on a page where a rule found furniture (`removals` not empty), else only
    the PAGE_WIDE ones."""
    rows = [k for k in range(lines.count) if not lines.blank(k)]
    text = {k: lines.line(k) for k in rows if lines.ends[k] - lines.starts[k] <= 2 * HEADLINE_MAX_CHARS + 200}

    def line(k):  # long lines are neither titles nor the blurbs these look for
        return text.get(k, "")

    rule = TEASER_RULES
    wanted = {key for key in rule if enabled(rule[key].id) and (removals or key in PAGE_WIDE)}
    found: list = []  # (line, rule key, reason)
    for key, shape in (("cards", (headline_like, cut_off)), ("kickers", (short_kicker, short_title)),
                       ("bylines", (short_author, short_date, _blurb))):
        if key in wanted:  # (a blurb under an author and a date may be as long as a paragraph)
            for run in _card_runs(rows, lines.line if key == "bylines" else line, shape):
                if key == "kickers" and not _kicker_teasers(run, line):
                    continue
                cards = len(run) // len(shape)
                found += [(k, key, f"one of {cards} {rule[key].description.split(':')[0]}") for k in run]
    if "titles" in wanted:
        # after the last paragraph that stays (a bio a rule took is not the article's end)
        last = max((k for k in rows if k not in removals and lines.paragraph(k)), default=None)
        tail = [k for k in rows if last is not None and k > last]
        for run in _runs(tail, lambda k: headline_like(line(k)), lambda k: k in removals):
            if _median_length(run, line) < TITLE_RUN_MEDIAN_CHARS:
                continue  # short names in a row (captions, places, products) are a list
            found += [(k, "titles", f"one of {len(run)} titles in a row after the article") for k in run]
    if "blurbs" in wanted:
        found += [(k, "blurbs", "a blurb cut off next to a teaser") for k in _blurbs(rows, line, removals)]
    if "caps" in wanted:
        found += [(k, "caps", "a line in capitals that reads like a title, not a subheading")
                  for k in rows if caps_link(line(k))]
    for k, key, reason in found:
        if k not in removals and not reports_speech(line(k)):
            removals[k] = _Removal(k, rule[key], reason)


def _page_wide_teasers_possible(text: str, view: "_View", enabled) -> bool:
    """A necessary condition for the PAGE_WIDE heuristics, cheap enough for every text.

    Each of their cards holds two short lines (a kicker and a title, an author and a date:
    at most HEADLINE_MAX_CHARS each, spaces included), and a run has TEASER_RUN cards. The
    lines' lengths come from the gate's bytes view (one byte per character, in C, no line
    decoded); only when the text has that many short lines are they read and tested.
    """
    known = view.memo.get("page-wide")  # the screen asks, then propose again
    if known is None:
        known = view.memo["page-wide"] = _page_wide_teasers_possible_in(text, view, enabled)
    return known


def _page_wide_teasers_possible_in(text: str, view: "_View", enabled) -> bool:
    blines = view.lines()
    # lines of at most HEADLINE_MAX_CHARS, less the empty ones (lines of spaces count: safe)
    if bisect_right(sorted(map(len, blines)), HEADLINE_MAX_CHARS) - blines.count(b"") < 2 * TEASER_RUN:
        return False
    keys = [key for key in PAGE_WIDE if enabled(TEASER_RULES[key].id)]
    starts = view._line_starts()
    short = [text[starts[i]:starts[i] + len(line)] for i, line in enumerate(blines) if 0 < len(line) <= HEADLINE_MAX_CHARS]

    def enough(test) -> bool:  # TEASER_RUN lines pass `test` (it stops at the TEASER_RUN-th)
        return next(islice(filter(test, short), TEASER_RUN - 1, None), None) is not None

    # the rarer line of each card first (a kicker in capitals, a date), the other only then
    return ("kickers" in keys and enough(short_kicker) and enough(short_title)) or \
        ("bylines" in keys and enough(short_date) and enough(short_author))


def _blurb(line: str) -> bool:
    """A teaser's blurb under its author and date: a line of words (a sentence or more)."""
    s = line.strip()
    return len(s) >= HEADLINE_MIN_CHARS and " " in s


def _short(test):
    """`test`, for lines of at most HEADLINE_MAX_CHARS characters as they stand (spaces
    included): the page-wide shapes, whose screen measures lines without stripping them."""
    def short_test(line: str) -> bool:
        return len(line) <= HEADLINE_MAX_CHARS and test(line)
    return short_test


_SHORT_TESTS = tuple(map(_short, (kicker, headline_like, author_line, date_line)))
short_kicker, short_title, short_author, short_date = _SHORT_TESTS


def _kicker_teasers(run: list, line) -> bool:
    """Whether a run of kicker + title pairs lists teasers rather than the article's sections:
    teaser titles are a line of news in lower case under the kicker's capitals (a recipe's
    lines under labels are shorter; a text in capitals has no such contrast), and teaser
    kickers differ ("ARTICLE 3", "ARTICLE 4": headings are numbered, or begin with the same
    word) and name no day or month ("MONDAY": a schedule)."""
    kickers = [line(k).strip().strip("'‘’\"“”") for k in run[::2]]
    titles = run[1::2]
    if len({s.split()[0] for s in kickers}) == 1 or all(any(c.isdigit() for c in s) for s in kickers):
        return False
    if any(_CALENDAR_WORD.match(s) for s in kickers):
        return False  # a programme by day or month
    in_capitals = any(_in_capitals(line(k).strip()) for k in titles)
    return not in_capitals and _median_length(titles, line) >= TITLE_RUN_MEDIAN_CHARS


def _median_length(rows: list, line) -> int:
    """The median length of the rows' stripped lines."""
    return sorted(len(line(k).strip()) for k in rows)[len(rows) // 2]


def _blurbs(rows: list, line, removals: dict) -> list:
    """Lines cut off with an ellipsis ("… joins the ranks of those who …") next to a line a
    related-content rule removed: the blurbs of the teasers it names."""
    out = []
    for j, k in enumerate(rows):
        s = line(k).rstrip()
        if not s.endswith(_ELLIPSES) or len(s) < HEADLINE_MIN_CHARS or k in removals:
            continue
        before = s.rstrip(".… ")
        if not before or not (before[-1].isalnum() or before[-1] in ",—–-"):
            continue  # a sentence that trails off after its punctuation, a quote: not cut off
        near = [rows[i] for i in (j - 1, j + 1) if 0 <= i < len(rows)]
        if any(removals.get(n) is not None and removals[n].rule.kind == "related" for n in near):
            out.append(k)
    return out


def _runs(rows: list, member, joins) -> Iterator[list]:
    """Runs of TEASER_RUN members or more among `rows` (lines for which `joins` is true sit
    inside a run without counting)."""
    run: list = []
    for k in rows + [None]:
        if k is not None and member(k):
            run.append(k)
        elif k is not None and joins(k):
            continue
        else:
            if len(run) >= TEASER_RUN:
                yield run
            run = []


def _card_runs(rows: list, line, shape: tuple) -> Iterator[list]:
    """Runs of TEASER_RUN cards or more: consecutive rows whose lines pass the tests of
    `shape` in order (a title, then a cut-off blurb; a kicker, then a title; ...)."""
    run: list = []
    n = len(shape)
    first, rest = shape[0], shape[1:]
    j = 0
    while j <= len(rows):
        # the first line's test alone rejects most rows (no card to build for them)
        if j + n <= len(rows) and first(line(rows[j])) \
                and all(test(line(k)) for test, k in zip(rest, rows[j + 1:j + n])):
            run += rows[j:j + n]
            j += n
            continue
        if len(run) >= n * TEASER_RUN:
            yield run
        run = []
        j += 1


def with_rule_packs(filters: list, packs: Sequence[Union[str, os.PathLike]]) -> list:
    """`filters` with the Boilerplate filter replaced by one that also reads `packs`."""
    if not packs:
        return filters
    return [Boilerplate(packs) if isinstance(f, Boilerplate) else f for f in filters]


def pack_digest(paths: Sequence[Union[str, os.PathLike]]) -> tuple:
    """A cache key for rule packs: each path with its modification time and size."""
    key = []
    for p in paths:
        try:
            st = os.stat(p)
            key.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            key.append((str(p), None, None))
    return tuple(key)


def _admit_lines_holding(haystack, needle, entries, positions, view, admit) -> None:
    """Admit `entries` for every line (in the ranges `positions` allows) whose text holds `needle`."""
    if needle not in haystack:  # the usual case, before the ranges (which read the lines)
        return
    for start, end in view.ranges(positions):
        at = haystack.find(needle, start, end)
        while at >= 0:
            i = view.line_of(at)
            admit(i, entries)
            at = haystack.find(needle, view.line_end(i) + 1, end)
