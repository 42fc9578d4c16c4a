"""Rule packs: the TOML format of a boilerplate rule, its checks, loading and the built-in packs.

A rule is data (docs/boilerplate.md has the format): an id `boilerplate.<kind>.<name>`, a
kind, a description, patterns (the `regex` module), a scope, a position, languages, and
examples it must match and examples it must leave alone; a pack that breaks any of this is
refused with the file, the rule and the problem named.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence, Union

from ...errors import UsageError
from ...cache import cached
from ...tomlfile import read_toml
from .. import safe_regex


RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
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
    "repeated": "lines a source of a corpus run repeats on most of its pages (`clean --learn-repeats`)",
    "structure": "short lines inside a cluster of boilerplate at the end of a page",
    "model": "lines the line model scores as page furniture",
}
RULE_KEYS = {
    "id", "kind", "description", "patterns", "pattern", "scope", "position", "languages",
    "examples_match", "examples_keep", "confidence", "case_sensitive", "default", "block_lines",
    "block_max_chars", "block_paragraphs", "block_to_end", "min_count", "max_chars", "followed_by", "preceded_by",
    "needs_page", "kept_heading_text",
    # written by `textfix learn` for the reviewer; not used for matching
    "count", "documents", "example_documents", "notes",
}


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
    default: bool = True  # false: opt-in, runs only when selected (`--select default,<id>`)
    needs_page: bool = False  # fires only on a text where other furniture was found (a bare word, a notice)
    kept_heading_text: bool = False  # the line stays where running text follows it (a licence's own notice)
    _compiled: object = field(default=None, repr=False)
    _followed: object = field(default=None, repr=False)
    _preceded: object = field(default=None, repr=False)

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
    def compiled_followed(self):
        """The `followed_by` pattern compiled (on first use, like `compiled`)."""
        if self._followed is None:
            self._followed = self._compile_context(self.followed_by, "followed_by pattern")
        return self._followed

    @property
    def compiled_preceded(self):
        """The `preceded_by` pattern compiled (on first use, like `compiled`)."""
        if self._preceded is None:
            self._preceded = self._compile_context(self.preceded_by, "preceded_by pattern")
        return self._preceded

    def compile_all(self) -> None:
        """Compile every pattern now (shipped rules compile each on first use)."""
        self._compiled = _compile(self.wrapped, self.source, self.id, 0)
        if self.followed_by:
            self._followed = self._compile_context(self.followed_by, "followed_by pattern")
        if self.preceded_by:
            self._preceded = self._compile_context(self.preceded_by, "preceded_by pattern")

    def _compile_context(self, pattern: str, what: str):
        flags = 0 if self.case_sensitive else _regex().IGNORECASE
        return _compile(pattern, self.source, self.id, flags, what)

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
        safe_regex.check(pattern)
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
    by_default = table.get("default", True)
    needs_page = table.get("needs_page", False)
    kept_heading_text = table.get("kept_heading_text", False)
    for key, value in (("case_sensitive", case_sensitive), ("block_paragraphs", block_paragraphs),
                       ("block_to_end", block_to_end), ("default", by_default), ("needs_page", needs_page),
                       ("kept_heading_text", kept_heading_text)):
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
        preceded_by=table.get("preceded_by"), source=source, builtin=builtin, default=by_default,
        needs_page=needs_page, kept_heading_text=kept_heading_text, **numbers,
    )
    if not builtin:  # a user's pack: every pattern's error now, naming the file
        rule.compile_all()
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


def load_pack(path: Union[str, os.PathLike], builtin: bool = False) -> list[BoilerplateRule]:
    """Read and check the rule pack at `path`."""
    data = read_toml(path, unreadable="cannot read rule pack: ")
    return parse_pack(data, str(path), builtin)


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

        # The path is part of the key: a rule names the pack it came from (its `source`), and
        # an entry made by another installation would name that one's files.
        _BUILTIN = cached("rules", [(str(p), p.read_bytes()) for p in paths], read)
    return list(_BUILTIN)


def _check_unique(rules: Sequence[BoilerplateRule]) -> None:
    seen = {}
    for rule in rules:
        if rule.id in seen:
            raise UsageError(f"{rule.source}: rule {rule.id!r}: already defined in {seen[rule.id]}")
        seen[rule.id] = rule.source



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
