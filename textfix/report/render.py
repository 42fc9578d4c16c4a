"""`textfix check` output formats, as ruff names them, and `--statistics`.

- `text` (default): per item, `path:line:col: rule 'before' -> 'after'` and, beneath, the
  line it sits on with the change marked (`^^^`) and what it becomes.
- `concise`: the first line only.
- `json`: one array of objects (file, record, field, line, column, end_line, end_column,
  rule, kind, before, after, confidence, reason); `jsonl`: one such object per line.
- `github`: GitHub Actions workflow commands (`::warning file=…,line=…,col=…::…`), so a
  pull request shows each change on its line.
- `sarif`: SARIF 2.1.0, for code-scanning tools.

Streaming formats write as items come; `json` and `sarif` write once at the end.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter
from typing import Callable, Iterable, Optional, TextIO

from .items import Item

FORMATS = ("text", "concise", "json", "jsonl", "github", "sarif", "html")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def use_color(choice: str, stream: TextIO) -> bool:
    """`--color auto|always|never`: auto is a terminal without NO_COLOR (no-color.org)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Style:
    """ANSI styles, or none."""

    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and text else text


def where(item: Item, shown=lambda name: name) -> str:
    """`path:line:col`, or for JSONL `path:record: field:line:col` (`path` alone, or
    `path:record: field`, for an item about the whole document)."""
    name = shown(item.file)
    inner = "" if item.line is None else f"{item.line}:{item.column}"
    if item.record is None:
        return f"{name}:{inner}" if inner else name
    return f"{name}:{item.record}: {item.field}" + (f":{inner}" if inner else "")


def headline(item: Item, style: _Style = _Style(False), shown=lambda name: name) -> str:
    """The first line of an item: where, rule, and `'before' -> 'after'` or the message."""
    what = f"{item.before!r} -> {item.after!r}" if item.kind == "change" else item.message
    return f"{style(where(item, shown), '1')}: {style(item.rule, '31' if item.kind == 'change' else '33')} {what}"


def context(item: Item, style: _Style = _Style(False)) -> list[str]:
    """The line the item sits on, and beneath it the marked span and what it becomes.

    >>> item = Item("f", "mojibake.x", "change", "", "Ã©", "é", 0.95, 1, 8, 1, 9, source="The cafÃ© is open")
    >>> print("\\n".join(context(item)))
      1 | The cafÃ© is open
        |        ^^ é
    """
    if item.line is None or not item.source:
        return []
    gutter = f"{item.line:>3}"
    pad = " " * len(gutter)
    text = _terminal_safe(item.source.replace("\t", " "))
    start = item.column - item.source_start
    first_line_of_span = (item.before or "").split("\n")[0] if item.kind == "change" else ""
    width = max(1, min(len(first_line_of_span.rstrip("\r")) or 1, len(text) - start if len(text) > start else 1))
    if item.kind != "change":
        note = ""
    elif item.after == "":
        more = (item.before or "").count("\n") - (1 if (item.before or "").endswith("\n") else 0)
        note = "removed" + (f" (and {more} more line{'s' if more > 1 else ''})" if more > 0 else "")
    else:
        note = repr(item.after)[1:-1] if item.after.isprintable() else repr(item.after)
    marker = " " * max(start, 0) + "^" * width
    return [f"{style(gutter, '34')} | {text}", f"{pad} | {style(marker, '31')} {style(note, '32')}".rstrip()]


def _terminal_safe(text: str) -> str:
    """`text` with each control or bidi-override character as U+FFFD, one column for one, so the
    marker stays aligned and the terminal reads no escape sequence (C1 \\x9b is CSI) from a page.

    >>> _terminal_safe("it\x92s \x1b[2J\u202e")
    'it\ufffds \ufffd[2J\ufffd'
    """
    return "".join("\ufffd" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text)


class Renderer:
    """Writes items with `write` (a function of a string) in one format; `finish` closes what the
    format needs closed."""

    def __init__(self, kind: str, write: Callable[[str], object], color: bool = False, shown=lambda name: name,
                 version: str = "", rules: Optional[dict] = None):
        self.kind, self.write, self.shown = kind, write, shown
        self.style = _Style(color and kind == "text")
        self.version = version
        self.rules = rules or {}  # rule id -> description, for sarif
        self.kept: list[Item] = []  # json, sarif

    def add(self, items: Iterable[Item]) -> None:
        """Items of one document, in text order."""
        write = self.write
        for item in items:
            if self.kind in ("json", "sarif"):
                self.kept.append(item)
            elif self.kind == "jsonl":
                write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            elif self.kind == "github":
                write(github(item, self.shown) + "\n")
            else:
                write(headline(item, self.style, self.shown) + "\n")
                if self.kind == "text":
                    write("".join(line + "\n" for line in context(item, self.style)))

    def finish(self) -> None:
        if self.kind == "json":
            self.write(json.dumps([item.to_dict() for item in self.kept], ensure_ascii=False, indent=2) + "\n")
        elif self.kind == "sarif":
            self.write(json.dumps(sarif(self.kept, self.version, self.rules), ensure_ascii=False, indent=2) + "\n")


def _github_escape(text: str, property: bool = False) -> str:
    """GitHub's escaping of workflow command data (and, in properties, of `:` and `,`)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


def github(item: Item, shown=lambda name: name) -> str:
    """`::warning file=F,line=L,col=C,title=RULE::message` (a JSONL item is placed on its record's line).

    >>> github(Item("a.txt", "mojibake.x", "change", "why", "Ã©", "é", 0.95, 2, 8))
    "::warning file=a.txt,line=2,col=8,title=mojibake.x::'Ã©' -> 'é' (why; confidence 0.95)"
    """
    props = [f"file={_github_escape(shown(item.file), True)}"]
    line = item.record if item.record is not None else item.line
    if line is not None:
        props.append(f"line={line}")
    if item.record is None and item.column is not None:
        props += [f"col={item.column}"]
    props.append(f"title={_github_escape(item.rule, True)}")
    if item.kind == "change":
        message = f"{item.before!r} -> {item.after!r} ({item.message}; confidence {item.confidence:.2f})"
    else:
        message = item.message
    if item.record is not None:
        message = f"{item.field}" + (f":{item.line}:{item.column}" if item.line else "") + f": {message}"
    level = "warning" if item.kind in ("change", "reencode") else "notice"
    return f"::{level} {','.join(props)}::{_github_escape(message)}"


def sarif(items: list[Item], version: str, rules: dict) -> dict:
    """A SARIF 2.1.0 log of `items` (one run, textfix as the tool)."""
    used = sorted({item.rule for item in items})
    results = []
    for item in items:
        region = {}
        if item.record is not None:
            region = {"startLine": item.record}
        elif item.line is not None:
            region = {"startLine": item.line, "startColumn": item.column,
                      "endLine": item.end_line, "endColumn": (item.end_column or item.column) + 1}
        text = f"{item.before!r} -> {item.after!r}: {item.message}" if item.kind == "change" else item.message
        if item.record is not None:
            text = f"{item.field}" + (f":{item.line}:{item.column}" if item.line else "") + f": {text}"
        location = {"physicalLocation": {"artifactLocation": {"uri": item.file.replace(os.sep, "/")},
                                         **({"region": region} if region else {})}}
        result = {"ruleId": item.rule, "ruleIndex": used.index(item.rule),
                  "level": "warning" if item.kind in ("change", "reencode") else "note",
                  "message": {"text": text}, "locations": [location],
                  "properties": {k: v for k, v in item.to_dict().items()
                                 if k in ("before", "after", "confidence", "record", "field", "kind") and v is not None}}
        results.append(result)
    # no informationUri: optional in SARIF, and textfix has no public address to give
    driver = {"name": "textfix", "version": version,
              "rules": [{"id": rule, "shortDescription": {"text": rules.get(rule, rule)}} for rule in used]}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}


def statistics(counts: Counter, rules: Optional[dict] = None) -> list[str]:
    """One line per rule, most frequent first: count, rule id, what it does (as ruff does)."""
    rows = sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    width = max([len(str(n)) for _, n in rows] + [5])
    rule_width = max([len(rule) for rule, _ in rows] + [0])
    return [f"{n:>{width}}  {rule:<{rule_width}}  {(rules or {}).get(rule, '')}".rstrip() for rule, n in rows]
