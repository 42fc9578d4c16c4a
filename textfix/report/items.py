"""Every change and finding of a document as an `Item`: where it is, what it is, its line.

Items are what `check` prints in each format, what the review page counts, and what a
worker hands back to the main process (plain picklable data).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Optional

from ..model import Change, Result
from .outcome import LineIndex

CONTEXT_CHARS = 160  # of a line kept as context (check shows a window of it)


@dataclass(frozen=True)
class Item:
    """One change or finding, placed: `file`, for JSONL the `record` line and `field`, and the
    1-based `line`/`column` (None for a finding about the whole document) in the decoded text
    (of the field, for JSONL). `kind` is `change`, `flag`, or `reencode` (the bytes change
    on rewrite though the text may not). `source` is the text of `line`, for context."""

    file: str
    rule: str
    kind: str
    message: str = ""
    before: Optional[str] = None
    after: Optional[str] = None
    confidence: Optional[float] = None
    line: Optional[int] = None
    column: Optional[int] = None
    end_line: Optional[int] = None
    end_column: Optional[int] = None
    record: Optional[int] = None
    field: Optional[str] = None
    source: str = ""
    source_start: int = 1  # the column `source` starts at (a long line is cut around the change)

    @property
    def family(self) -> str:
        """`mojibake`, `boilerplate`, …: the rule id's first part."""
        return self.rule.split(".")[0]

    def to_dict(self) -> dict:
        """The public fields (no context), as the json, jsonl and sarif formats give them."""
        d = asdict(self)
        for key in ("source", "source_start"):
            del d[key]
        d["reason"] = d.pop("message")
        return d


@dataclass
class Doc:
    """One document with what happened to it, for the review page."""

    file: str
    original: str
    changes: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    record: Optional[int] = None
    field: Optional[str] = None

    @property
    def key(self) -> str:
        """A stable name: file, and the record and field for JSONL."""
        return self.file if self.record is None else f"{self.file}:{self.record}:{self.field}"


def items_for(file: str, result: Result, *, record: Optional[int] = None, field: Optional[str] = None,
              changes: bool = True, reencode: Optional[str] = None) -> list[Item]:
    """The items of one document in text order: first `reencode` (a message) when its bytes
    change on rewrite, then its findings (less how it was decoded) and, with `changes`, its
    changes."""
    found = [f for f in result.flags if not f.rule.startswith("decode.")]
    found += result.changes if changes else []
    found.sort(key=lambda item: -1 if item.start is None else item.start)
    items = []
    if reencode is not None:
        flag = next((f for f in result.flags if f.rule.startswith("decode.")), None)
        rule, how = (flag.rule, f"; {flag.message}") if flag else ("decode", "")
        items.append(Item(file, rule, "reencode", f"file would be rewritten as UTF-8 (was {reencode}{how})",
                          record=record, field=field))
    index = LineIndex(result.original or "") if found else None
    return items + [_item(file, thing, index, record, field) for thing in found]


def _item(file: str, thing, index: LineIndex, record, field) -> Item:
    """The Item of one Change or Flag."""
    if isinstance(thing, Change):
        kind, message = "change", thing.reason
        extra = {"before": thing.before, "after": thing.after, "confidence": thing.confidence}
    else:
        kind, message, extra = "flag", thing.message, {}
    if thing.start is None:
        return Item(file, thing.rule, kind, message, record=record, field=field, **extra)
    line, column = index.position(thing.start)
    end = thing.end if thing.end is not None else thing.start
    end_line, end_column = index.position(max(end - 1, thing.start)) if end > thing.start else (line, column)
    source, source_start = _window(index.line_text(line), column)
    return Item(file, thing.rule, kind, message, line=line, column=column, end_line=end_line, end_column=end_column,
                record=record, field=field, source=source, source_start=source_start, **extra)


def _window(text: str, column: int) -> tuple[str, int]:
    """`text` cut to CONTEXT_CHARS around `column`: (the cut, the column it starts at).

    >>> _window("x" * 500, 300)[1]
    260
    """
    if len(text) <= CONTEXT_CHARS:
        return text, 1
    start = max(0, min(column - 1 - CONTEXT_CHARS // 4, len(text) - CONTEXT_CHARS))
    return text[start:start + CONTEXT_CHARS], start + 1
