"""The values textfix hands back: a `Change` per edit, `Flag`s per finding, one `Result`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator, Optional


@dataclass(frozen=True)
class Change:
    """One edit, with its span in the *input* text (characters, end exclusive).

    >>> Change("mojibake.utf8-as-cp1252", 3, 5, "Ã©", "é")
    Change(rule='mojibake.utf8-as-cp1252', start=3, end=5, before='Ã©', after='é', confidence=1.0, reason='')
    """

    rule: str
    start: int
    end: int
    before: str
    after: str
    confidence: float = 1.0
    reason: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Flag:
    """A document-level finding that is not an edit (what was decoded how, damage left alone)."""

    rule: str
    message: str
    start: Optional[int] = None
    end: Optional[int] = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Result:
    """What `textfix.clean` returns."""

    text: str
    changes: list[Change] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    encoding: Optional[str] = None
    original: Optional[str] = field(default=None, repr=False)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def log_lines(self, **where) -> Iterator[str]:
        """The provenance log as JSON lines: one `"type": "change"` record per change, then one
        `"type": "flag"` record per flag, each also carrying the fields of `where` (file, doc, …).

        >>> list(Result("b", [Change("x.y", 0, 1, "a", "b")]).log_lines(file="f"))[0]
        '{"type": "change", "file": "f", "rule": "x.y", "start": 0, "end": 1, "before": "a", "after": "b", "confidence": 1.0, "reason": ""}\\n'
        """
        for change in self.changes:
            yield _json_line({"type": "change", **where, **change.to_dict()})
        for flag in self.flags:
            yield _json_line({"type": "flag", **where, **flag.to_dict()})


def _json_line(record: dict) -> str:
    """`record` as one line of JSON: readable UTF-8, or \\u escapes when it holds lone surrogates."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    return line + "\n"


def replay(original: str, changes: Iterable[Change]) -> str:
    """Apply `changes` (spans in `original`, sorted, non-overlapping) to `original`.

    >>> replay("caf\u00c3\u00a9", [Change("mojibake.utf8-as-cp1252", 3, 5, "\u00c3\u00a9", "\u00e9")])
    'café'
    """
    out = []
    pos = 0
    for change in sorted(changes, key=lambda c: (c.start, c.end)):
        if change.start < pos:
            raise ValueError(f"overlapping change at {change.start}: {change!r}")
        if original[change.start:change.end] != change.before:
            raise ValueError(f"change does not match the text at {change.start}: {change!r}")
        out.append(original[pos:change.start])
        out.append(change.after)
        pos = change.end
    out.append(original[pos:])
    return "".join(out)
