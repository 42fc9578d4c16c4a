"""The provenance log (`--log`): where it goes, and the header record that opens it."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from contextlib import nullcontext
from typing import Optional

from ..errors import UsageError


def open_log(path: Optional[str]):
    """A context giving the log stream: None without --log, stderr for `-`, else the file.

    A log file that cannot be opened is a usage error.
    """
    if not path or path == "-":
        return nullcontext(sys.stderr if path else None)
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as e:
        raise UsageError(f"{path}: cannot write the log: {e.strerror or e}") from None


def escaped(line: str, path: tuple) -> bool:
    """True when the JSON string at `path` in the record `line` writes non-ASCII as \\u escapes.

    The cleaned field may hold no non-ASCII character left to show that style; the log keeps it.

    >>> escaped('{"text": "caf\\\\u00e9"}', ("text",)), escaped('{"text": "café"}', ("text",))
    (True, False)
    """
    from ..formats import literal_span

    start, end = literal_span(line, path)
    literal = line[start:end]
    return literal.isascii() and bool(re.search(r"\\u(?!00[0-7])[0-9a-fA-F]{4}", literal))


def header(command: str, options: dict) -> str:
    """The log's first record: how it was made (textfix version, command, options, and each rule
    pack with the SHA-256 of its bytes), so that a log can be read, and reverted, years later.

    >>> json.loads(header("clean", {"ignore": ("mojibake.html-entity",)}))["options"]
    {'ignore': ['mojibake.html-entity']}
    """
    from .. import __version__
    from ..filters.boilerplate import builtin_pack_paths

    packs = [(f"textfix/rules/{path.name}", path) for path in builtin_pack_paths()]
    packs += [(str(path), path) for path in options.get("rules", ())]
    record = {"type": "header", "textfix": __version__, "command": command,
              "options": {key: _plain(value) for key, value in sorted(options.items())},
              "rule_packs": [{"path": name, "sha256": _digest(path)} for name, path in packs]}
    return json.dumps(record, ensure_ascii=False) + "\n"


def _plain(value):
    """Tuples as lists, all the way down (JSON has no tuples)."""
    return [_plain(v) for v in value] if isinstance(value, (tuple, list)) else value


def _digest(path) -> Optional[str]:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None
