"""JSONL records edited in place: a record is rewritten only when one of its text fields
changes, and then only the bytes of that field's string literal are replaced: every other
field, the key order, the spacing and every other record stay byte for byte as they were."""

from __future__ import annotations

import json
from json.decoder import scanstring
from typing import Sequence
from . import lazyre

BOM = "\ufeff"


class RecordError(Exception):
    """One JSONL record is unusable (invalid JSON, no text field, a field that is not a string)."""



_WS = lazyre.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def parse_path(dotted: str) -> tuple:
    """`"meta.body"` -> `("meta", "body")`."""
    parts = tuple(dotted.split("."))
    if not all(parts):
        raise ValueError(f"bad field path {dotted!r}")
    return parts


def get_path(obj, path: Sequence[str]):
    """The value at `path` in `obj`, or raise KeyError naming the missing part."""
    for part in path:
        if not isinstance(obj, dict) or part not in obj:
            raise KeyError(part)
        obj = obj[part]
    return obj


def load_record(line: bytes, line_no: int):
    """(text of the line as str, the parsed object) or raise RecordError with a short reason."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RecordError(f"not valid UTF-8 (byte 0x{line[e.start]:02x} at column {e.start + 1})") from None
    body = text[1:] if line_no == 1 and text.startswith(BOM) else text
    if too_deep(body):
        raise RecordError(f"invalid JSON: nested more than {MAX_NESTING} levels deep")
    try:
        obj = json.loads(body)
    except json.JSONDecodeError as e:
        raise RecordError(f"invalid JSON: {e.msg} (column {e.colno})") from None
    if not isinstance(obj, dict):
        raise RecordError(f"not a JSON object but {_json_type(obj)}")
    return text, obj


# Deeper JSON is refused before it is parsed: the parser's own limit is Python's recursion
# limit, which depends on how deep the caller's stack already is (a worker process and the
# main process disagreed near 980 levels), so the same record could pass or fail by -j.
MAX_NESTING = 500
_BRACKETS = lazyre.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def too_deep(text: str) -> bool:
    """True when arrays and objects nest more than MAX_NESTING levels deep in the JSON `text`
    (brackets inside strings do not count).

    >>> too_deep("[" * 501 + "]" * 501), too_deep('["' + "[" * 600 + '"]')
    (True, False)
    """
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return False
    depth = 0
    for match in _BRACKETS.finditer(text):
        c = match.group()
        if c in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return True
        elif c in "]}":
            depth -= 1
    return False


def text_fields(obj: dict, fields: Sequence[tuple]) -> list:
    """The string at each field path of `obj`; None where the field is missing or null.

    One policy everywhere (command line, `clean_batch`, datatrove): an optional field that
    is absent or null is skipped and counted, never an error; a value of the wrong type
    (a number, an object, ...) is a RecordError, since then the field name is likely wrong.

    >>> text_fields({"text": "a", "meta": {"title": None}}, [("text",), ("meta", "title"), ("x",)])
    ['a', None, None]
    """
    values = []
    for path in fields:
        try:
            value = get_path(obj, path)
        except KeyError:
            value = None
        if value is not None and not isinstance(value, str):
            raise RecordError(f"field {'.'.join(path)!r} is {_json_type(value)}, not a string")
        values.append(value)
    return values


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def record_id(obj: dict, path: Sequence[str]):
    """The record's id (a string or number at `path`), or None."""
    try:
        value = get_path(obj, path)
    except KeyError:
        return None
    return value if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def literal_span(text: str, path: Sequence[str]) -> tuple:
    """(start, end) of the JSON value at `path` in the JSON object `text` (quotes included for a string).

    With duplicate keys the last one counts, as in `json.loads`.

    >>> s = '{"id": 1, "meta": {"body": "x\\\\u00e9"}, "text": "abc"}'
    >>> a, b = literal_span(s, ("text",)); s[a:b]
    '"abc"'
    >>> a, b = literal_span(s, ("meta", "body")); s[a:b]
    '"x\\\\u00e9"'
    """
    i = _WS.match(text, 0).end()
    if text.startswith(BOM, i):
        i = _WS.match(text, i + 1).end()
    for depth, key in enumerate(path):
        if text[i] != "{":
            raise RecordError(f"field {'.'.join(path[:depth])!r} is not an object")
        found = None
        i = _WS.match(text, i + 1).end()
        if text[i] == "}":
            raise RecordError(f"no field {'.'.join(path)!r}")
        while True:
            name, i = scanstring(text, i + 1)
            i = _WS.match(text, i).end() + 1  # past ':'
            i = _WS.match(text, i).end()
            end = _DECODER.raw_decode(text, i)[1]
            if name == key:
                found = (i, end)
            i = _WS.match(text, end).end()
            if text[i] == "}":
                break
            i = _WS.match(text, i + 1).end()  # past ','
        if found is None:
            raise RecordError(f"no field {'.'.join(path)!r}")
        i = found[0]
    return found


_NON_ASCII_ESCAPE = lazyre.compile(r"\\u(?!00[0-7])[0-9a-fA-F]{4}")
_UPPER_HEX_ESCAPE = lazyre.compile(r"\\u(?=[0-9A-F]{0,3}[A-F])[0-9A-F]{4}")
_ESCAPES = lazyre.compile(r"\\\\|\\u([0-9a-f]{4})")
_SURROGATE = lazyre.compile("[\ud800-\udfff]")


def encode_like(value: str, original_literal: str) -> str:
    """`value` as a JSON string literal written the way `original_literal` was.

    Non-ASCII characters stay readable UTF-8 unless the original escaped them as `\\uXXXX`
    (then they are escaped, in the same hex case); `/` is escaped as `\\/` if the
    original did that. Lone surrogates are always escaped (they cannot be UTF-8).

    >>> encode_like("café", '"cafe"'), encode_like("café", '"caf\\\\u00c3\\\\u00a9"')
    ('"café"', '"caf\\\\u00e9"')
    >>> encode_like("a/é", '"\\\\/\\\\u00C3"')
    '"a\\\\/\\\\u00E9"'
    """
    ascii_only = original_literal.isascii() and bool(_NON_ASCII_ESCAPE.search(original_literal))
    literal = json.dumps(value, ensure_ascii=ascii_only)
    if not ascii_only:
        literal = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", literal)
    if "\\/" in original_literal:
        literal = literal.replace("/", "\\/")
    if _UPPER_HEX_ESCAPE.search(original_literal) and "\\u" in literal:
        literal = _ESCAPES.sub(lambda m: m.group(0) if m.group(1) is None else "\\u" + m.group(1).upper(), literal)
    return literal


def splice_fields(text: str, edits: Sequence[tuple]) -> str:
    """`text` (one JSONL line) with the string at each (path, new value) replaced, nothing else touched."""
    spans = []
    for path, value in edits:
        start, end = literal_span(text, path)
        spans.append((start, end, encode_like(value, text[start:end])))
    spans.sort()
    out, pos = [], 0
    for start, end, literal in spans:
        if start < pos:
            raise RecordError("text fields overlap")
        out += [text[pos:start], literal]
        pos = end
    out.append(text[pos:])
    return "".join(out)
