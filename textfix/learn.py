"""Learned boilerplate: lines a site repeats across many documents, written as a rule pack.

`textfix learn PATH... -o site-rules.toml` reads the documents (text files, one document
each, or JSONL records with a `text` field; directories are walked), normalises every
short line (case, digits, punctuation and spaces do not count) and counts in how many
documents each one occurs. A line found in at least `min_docs` documents and at least
`min_fraction` of them becomes a rule, unless it also occurs inside running paragraphs
(then it is part of what the articles say, not furniture). The pack lists, per rule, the
count, example lines and example documents, so that a person can review it before use:
`textfix clean --rules site-rules.toml`.

>>> words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
>>> docs = [(f"doc{i}", f"The {w} story begins here.\\nFollow us on Mastodon for more\\n© 2024 Example Media")
...         for i, w in enumerate(words)]
>>> [(c.text, c.documents) for c in learn(docs, min_docs=5)]
[('follow us on mastodon for more', 6), ('© 0 example media', 6)]
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

from .errors import UsageError
from . import lazyre

DEFAULT_MIN_DOCS = 5
DEFAULT_MIN_FRACTION = 0.05
DEFAULT_MAX_CHARS = 200
DEFAULT_MAX_RULES = 1000
# Distinct lines counted at once (8-byte keys: about 100 MB of Python dict at most).
DEFAULT_CAP = 1_000_000
EXAMPLES = 3

_WORD = lazyre.compile(r"[^\W_]+")
_DIGITS = lazyre.compile(r"\d+")


def normalize(line: str) -> str:
    """A line as learning compares it: lower case, digits as 0, words only, one space between.

    >>> normalize("  © 2019 CBS Interactive Inc. — All Rights Reserved. ")
    '© 0 cbs interactive inc all rights reserved'
    """
    words = []
    for token in line.lower().split():
        parts = _WORD.findall(_DIGITS.sub("0", token))
        if parts:
            words.extend(parts)
        elif any(unicodedata.category(ch) == "So" for ch in token):
            words.append(token)  # a symbol standing alone (©, ®) is part of a footer's shape
    return " ".join(words)


@dataclass
class Candidate:
    """A normalised line and where it was seen."""

    text: str
    documents: int = 0
    examples: list = field(default_factory=list)
    example_documents: list = field(default_factory=list)


Document = tuple  # (name, text)


def learn(
    documents: Union[Iterable[Document], Callable[[], Iterable[Document]]],
    *,
    min_docs: int = DEFAULT_MIN_DOCS,
    min_fraction: float = DEFAULT_MIN_FRACTION,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_rules: int = DEFAULT_MAX_RULES,
) -> list[Candidate]:
    """The repeated lines of `documents` ((name, text) pairs), most frequent first.

    `documents` may be a function returning a fresh iterable: the documents are then read
    again (three times in all, see `Learner`) instead of being kept in memory.
    """
    again = documents if callable(documents) else None
    if again is None:
        documents = list(documents)
        again = lambda: documents  # noqa: E731
    learner = Learner(min_docs=min_docs, min_fraction=min_fraction, max_chars=max_chars)
    for _name, text in again():
        learner.count(text)
    if learner.start_check():
        for name, text in again():
            learner.gather(name, text)
        for _name, text in again():
            learner.check(text)
    return learner.candidates()[:max_rules]


def document_keys(text: str, max_chars: int) -> dict:
    """normalised line -> its first stripped form, for the short lines of one document."""
    keys: dict = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or len(stripped) > max_chars:
            continue
        key = normalize(stripped)
        if key and key not in keys and any(ch.isalpha() for ch in key):
            keys[key] = stripped
    return keys


def _digest(key: str) -> bytes:
    """8 bytes standing for a normalised line while counting (collisions: 1 in 2**64)."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()


class LineCounts:
    """In how many documents each normalised line occurs, in bounded memory.

    Keys are 8-byte hashes, not the lines. When more than `cap` are held, the least
    frequent are dropped (lossy counting): a dropped line can only be undercounted later,
    so memory pressure makes learning find fewer lines, never wrong ones.
    """

    def __init__(self, cap: int = DEFAULT_CAP):
        self.cap = cap
        self.counts: dict = {}
        self.documents = 0
        self.floor = 0  # counts at or below this were dropped at some point

    def add(self, keys: Iterable[str]) -> None:
        """Count one document's distinct normalised lines."""
        self.documents += 1
        counts = self.counts
        for key in keys:
            digest = _digest(key)
            counts[digest] = counts.get(digest, 0) + 1
        if len(counts) > self.cap:
            self._prune()

    def _prune(self) -> None:
        while len(self.counts) > self.cap // 2:
            self.drop_rarest()

    def drop_rarest(self) -> int:
        """Drop the lines counted `floor + 1` times or fewer; return how many were dropped."""
        before = len(self.counts)
        self.floor += 1
        self.counts = {k: n for k, n in self.counts.items() if n > self.floor}
        return before - len(self.counts)

    def frequent(self, needed: float) -> set:
        """The hashes of lines counted in at least `needed` documents."""
        return {k for k, n in self.counts.items() if n >= needed}


class Learner:
    """Learning over one set of documents, read three times: `count` each; `start_check`;
    `gather` each (the repeated lines' text and examples); `check` each (lines also found
    inside running paragraphs are dropped); then `candidates`. Memory: hashed counts and
    the few lines that repeat, never the documents."""

    def __init__(self, *, min_docs: int = DEFAULT_MIN_DOCS, min_fraction: float = DEFAULT_MIN_FRACTION,
                 max_chars: int = DEFAULT_MAX_CHARS, cap: int = DEFAULT_CAP):
        if min_docs < 1 or not 0 <= min_fraction <= 1 or max_chars < 1:
            raise UsageError("learn: min-docs must be >= 1, min-fraction between 0 and 1, max-chars >= 1")
        self.min_docs, self.min_fraction, self.max_chars = min_docs, min_fraction, max_chars
        self.counts = LineCounts(cap)
        self.wanted: set = set()
        self.found: dict = {}  # normalised line -> Candidate, filled by `check`
        self.running: set = set()  # normalised lines seen inside running text
        self.pattern = None

    def count(self, text: str) -> None:
        self.counts.add(document_keys(text, self.max_chars))

    def start_check(self) -> bool:
        """Fix which lines repeat often enough; False when none does (no second pass needed)."""
        needed = max(self.min_docs, self.min_fraction * self.counts.documents)
        self.wanted = self.counts.frequent(needed)
        self.counts.counts = {k: n for k, n in self.counts.counts.items() if k in self.wanted}
        return bool(self.wanted)

    def gather(self, name: str, text: str) -> None:
        """Second reading of one document: the repeated lines' text and examples."""
        for key, stripped in document_keys(text, self.max_chars).items():
            digest = _digest(key)
            if digest not in self.wanted:
                continue
            candidate = self.found.get(key)
            if candidate is None:
                candidate = self.found[key] = Candidate(key, self.counts.counts[digest])
            if len(candidate.examples) < EXAMPLES and stripped not in candidate.examples:
                candidate.examples.append(stripped)
            if len(candidate.example_documents) < EXAMPLES:
                candidate.example_documents.append(str(name))

    def check(self, text: str) -> None:
        """Third reading of one document: note the repeated lines that also occur inside
        running paragraphs (longer lines); they are part of what documents say."""
        if not self.found:
            return
        if self.pattern is None:
            import regex

            keys = sorted(self.found, key=len, reverse=True)
            self.pattern = regex.compile(r"(?<![^\W_])(?:" + "|".join(regex.escape(k) for k in keys) + r")(?![^\W_])")
        for line in text.splitlines():
            stripped = line.strip()
            if len(stripped) <= self.max_chars and not _is_running_text(stripped):
                continue
            key = normalize(stripped)
            for m in self.pattern.finditer(key, overlapped=True):
                if m.group() != key:
                    self.running.add(m.group())

    def candidates(self) -> list[Candidate]:
        """The repeated lines never seen inside running text, most frequent first."""
        kept = [c for key, c in self.found.items() if key not in self.running]
        return sorted(kept, key=lambda c: (-c.documents, c.text))


def _is_running_text(line: str) -> bool:
    from .filters.boilerplate import is_paragraph

    return is_paragraph(line)


def pattern_for(candidate: Candidate) -> str:
    """A pattern that matches the line however its case, digits, punctuation and spaces vary.

    >>> pattern_for(Candidate("© 0 example media"))
    '[\\\\W_]*©[\\\\W_]*\\\\d+[\\\\W_]+example[\\\\W_]+media[\\\\W_]*'
    """
    import regex

    words = candidate.text.split()
    body = ""
    for i, word in enumerate(words):
        if i:  # words need a separator; a symbol (©) may stand right against a word
            body += r"[\W_]+" if words[i - 1][-1].isalnum() and word[0].isalnum() else r"[\W_]*"
        body += "".join(r"\d+" if part == "0" else regex.escape(part) for part in regex.split(r"(0)", word) if part)
    return r"[\W_]*" + body + r"[\W_]*"


def rule_id(candidate: Candidate, kind: str = "learned") -> str:
    """`boilerplate.<kind>.<first words>-<hash>`: readable and stable for one normalised line."""
    slug = "-".join(re.findall(r"[a-z0-9]+", candidate.text))[:40].strip("-") or "line"
    digest = hashlib.sha1(candidate.text.encode("utf-8")).hexdigest()[:6]
    return f"boilerplate.{kind}.{slug}-{digest}"


def write_pack(candidates: Sequence[Candidate], total_documents: Optional[int] = None, *,
               position: str = "aside", settings: str = "", kind: str = "learned", site: str = "",
               confidence: Optional[Callable[[Candidate], float]] = None) -> str:
    """A reviewable TOML rule pack for `candidates` (`site`: the source they were learned
    from, named in each rule's description and so in the log's reason)."""
    out = [
        "# Rule pack written by `textfix learn`: lines repeated across many documents.",
        "# Review it before use: delete a [[rule]] to keep that line. Use: textfix clean --rules THIS.toml",
    ]
    if settings:
        out.append(f"# Settings: {settings}")
    out += ["", "[pack]", f"name = {_toml(kind + (' ' + site if site else ''))}",
            f"description = {_toml(f'{len(candidates)} repeated lines' + (f' from {total_documents} documents' if total_documents else ''))}",
            ""]
    for c in candidates:
        share = f" of {total_documents}" if total_documents else ""
        out += [
            "[[rule]]",
            f"id = {_toml(rule_id(c, kind))}",
            f"kind = {_toml(kind)}",
            f"description = {_toml(f'a line repeated in {c.documents}{share} documents' + (f' of {site}' if site else ''))}",
            *([f"confidence = {confidence(c)}"] if confidence else []),
            'scope = "line"',
            f"position = {_toml(position)}",
            f"patterns = [{_toml(pattern_for(c))}]",
            f"examples_match = [{', '.join(_toml(e) for e in c.examples)}]",
            "examples_keep = []",
            f"count = {c.documents}",
            f"documents = {c.documents}",
            f"example_documents = [{', '.join(_toml(d) for d in c.example_documents)}]",
            "",
        ]
    return "\n".join(out)


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


# ----------------------------------------------------------------------------- reading documents


def iter_documents(paths: Sequence[str], field_name: str = "text",
                   on_error: Optional[Callable[[str, BaseException], None]] = None,
                   on_missing: Optional[Callable[[], None]] = None) -> Iterator[Document]:
    """(name, text) for every document under `paths`: a text file is one document, a JSONL
    file one per record (its `field_name`, a dotted path); directories are walked like
    `textfix clean` does. A record whose field is missing or null calls `on_missing`."""
    from . import formats, walk

    patterns = walk.Patterns(walk.combine([walk.DEFAULT_INCLUDE]), walk.combine([walk.DEFAULT_EXCLUDE]), None)
    report = on_error or (lambda path, error: None)
    for path in walk.expand(list(paths), patterns, report):
        try:
            data = formats.read_all(path, formats.compression_of(path))
        except (OSError, EOFError, ValueError) as error:
            report(path, error)
            continue
        except Exception as error:  # noqa: a broken compressed file
            report(path, error)
            continue
        if formats.format_of(path) == "jsonl":
            for number, raw in enumerate(data.splitlines(), 1):
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw)
                except ValueError as error:
                    report(f"{path}:{number}", error)
                    continue
                if not isinstance(record, dict):
                    report(f"{path}:{number}", ValueError("not a JSON object"))
                    continue
                try:
                    value = formats.text_fields(record, [formats.parse_path(field_name)])[0]
                except formats.RecordError as error:
                    report(f"{path}:{number}", error)
                    continue
                if value is None:  # missing or null: skipped and counted, as `textfix clean` does
                    (on_missing or (lambda: None))()
                else:
                    yield f"{path}:{number}", value
        else:
            from .decode import decode_bytes

            yield path, decode_bytes(data).text


def learn_paths(paths: Sequence[str], output: Optional[str] = None, **options) -> tuple[str, list, int]:
    """Learn from the documents under `paths`; return (pack text, candidates, documents read)."""
    position = options.pop("position", "aside")
    field_name = options.pop("field", "text")
    on_error = options.pop("on_error", None)
    count = [0, 0]  # documents, records without the field (counted on the last pass)
    reported = set()

    def report(path, error):  # the documents are read twice: report a bad one once
        if on_error and path not in reported:
            reported.add(path)
            on_error(path, error)

    def missing():
        count[1] += 1

    def documents():
        count[0] = count[1] = 0
        for document in iter_documents(paths, field_name, report, missing):
            count[0] += 1
            yield document

    candidates = learn(documents, **options)
    total = count[0]
    if not total and count[1]:
        raise UsageError(f"no record has a field {field_name!r} ({count[1]} without it); check --text-field")
    settings = ", ".join(f"{k.replace('_', '-')}={v}" for k, v in sorted(options.items()))
    text = write_pack(candidates, total, position=position, settings=settings)
    if output:
        tmp = f"{output}.tmp{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, output)
    return text, candidates, total
