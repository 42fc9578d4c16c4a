"""`textfix revert --log LOG`: put the original text back from a provenance log.

Each change record holds its span in the original text, what was there (`before`) and
what replaced it (`after`); in the cleaned text the same span sits shifted by what the
changes before it added or removed. Replaying the log backwards puts every `before` back,
after checking that each `after` is where the log says (a file edited since is left
alone and named). Plain files get their whole text back; JSONL records their fields,
spliced into the line as `clean` spliced them; compressed files are written back in
their own compression. The text comes back exactly; bytes come back exactly when the
input was UTF-8 (`clean` writes UTF-8, and a log does not hold the original bytes of
another encoding: such a file is named and restored as UTF-8 text).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from typing import Optional, Sequence

from .. import formats, io
from ..errors import TextfixError, UsageError
from ..model import Change

# how a file was decoded when its bytes were not plain UTF-8 (a UTF-8 BOM included: clean drops it)
NOT_UTF8 = ("decode.bom", "decode.utf-16", "decode.mixed", "decode.detected", "decode.fallback", "decode.forced")


class RevertError(TextfixError):
    """The cleaned text is not what the log says it should be."""


def unapply(text: str, changes: Sequence[Change]) -> str:
    """The original of `text`, cleaned with `changes` (spans in the original, in order).

    >>> unapply("The café", [Change("m.x", 7, 9, "Ã©", "é")])
    'The cafÃ©'
    """
    out, pos, shift = [], 0, 0
    for change in sorted(changes, key=lambda c: (c.start, c.end)):
        start = change.start + shift
        if text[start:start + len(change.after)] != change.after:
            raise RevertError(f"the text at {start} is not {change.after!r} as the log says; was it edited since?")
        out += [text[pos:start], change.before]
        pos = start + len(change.after)
        shift += len(change.after) - (change.end - change.start)
    out.append(text[pos:])
    return "".join(out)


def read_log(path: str) -> tuple[Optional[dict], dict]:
    """(the header record or None, {file: {(record, field): [Change, ...]}, and flags per file})."""
    changes: dict = defaultdict(lambda: defaultdict(list))
    header = None
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as e:
                    raise UsageError(f"{path}:{number}: not a textfix log line ({e})") from None
                kind = record.get("type")
                if kind == "header":
                    header = record
                elif kind == "change":
                    fields = {k: record[k] for k in ("rule", "start", "end", "before", "after", "confidence", "reason")}
                    changes[record["file"]][(record.get("record"), record.get("field"))].append(Change(**fields))
                    if record.get("escaped"):
                        changes[record["file"]][("escaped", None)].append((record.get("record"), record.get("field")))
                elif kind == "flag" and str(record.get("rule", "")).startswith(NOT_UTF8) and record.get("record") is None:
                    changes[record["file"]][("encoding", None)].append(record["rule"])
    except OSError as e:
        raise UsageError(f"{path}: cannot read the log: {e.strerror or e}") from None
    return header, changes


def _checker(header: Optional[dict], path: str):
    """A test that a restored text cleans to the current one under the header's options (a
    removal leaves nothing to check in place: this catches a file reverted twice or edited)."""
    if header is None:
        return lambda original, current: True
    import textfix

    from ..config import ignored_for

    options = {k: tuple(v) if isinstance(v, list) else v for k, v in header.get("options", {}).items()}
    table = tuple(tuple(entry[:2]) + (tuple(entry[2]),) for entry in options.pop("per_file_ignores", ()))
    extra = ignored_for(table, path)
    config = dict(options)  # textfix.clean reads its own keys; the corpus keys are not for it
    if extra:
        config["ignore"] = tuple(config.get("ignore", ())) + extra
    return lambda original, current: textfix.clean(original, config=config).text == current


def revert_file(path: str, entries: dict, header: Optional[dict] = None) -> Optional[str]:
    """Write `path` back as it was before the changes in `entries`; a note when it was not UTF-8."""
    compression = formats.compression_of(path)
    data = formats.read_all(path, compression)
    encoding_note = entries.pop(("encoding", None), None)
    escaped = set(entries.pop(("escaped", None), ()))
    if all(record is None for record, _ in entries):
        text = data.decode("utf-8")
        original = unapply(text, entries.get((None, None), []))
        if not _checker(header, path)(original, text):
            raise RevertError("the restored text does not clean to the file's text: reverted already, or edited since")
        new = original.encode("utf-8")
    else:
        new = _revert_jsonl(data, entries, escaped, _checker(header, path))
    if new != data:
        writer = io.AtomicWriter(path, compression)
        writer.write(new)
        writer.commit()
    if encoding_note:
        return f"was not UTF-8 ({encoding_note[0]}); its text is back, written as UTF-8"
    return None


def _revert_jsonl(data: bytes, entries: dict, escaped: set, check) -> bytes:
    """The JSONL `data` with each logged record's fields put back (with \\u escapes where the
    log says the field had them)."""
    lines = data.split(b"\n")
    by_record = defaultdict(list)
    for (record, field), changes in entries.items():
        by_record[record].append((field, changes))
    for record, fields in by_record.items():
        index = record - 1
        if index >= len(lines):
            raise RevertError(f"line {record}: not in the file (the log names more records)")
        text, obj = formats.load_record(lines[index], record)
        edits = []
        for field, changes in fields:
            path = formats.parse_path(field)
            value = formats.text_fields(obj, [path])[0]
            if value is None:
                raise RevertError(f"line {record}: no field {field!r}")
            original = unapply(value, changes)
            if not check(original, value):
                raise RevertError(f"line {record}: {field}: the restored text does not clean to the record's: "
                                  "reverted already, or edited since")
            edits.append((path, original, (record, field) in escaped))
        lines[index] = _splice(text, edits).encode("utf-8")
    return b"\n".join(lines)


def _splice(text: str, edits: list) -> str:
    """`text` with each field's literal rewritten, in the current literal's style, escaped when asked."""
    spans = []
    for path, value, escaped in edits:
        start, end = formats.literal_span(text, path)
        style = text[start:end]
        if escaped and style.isascii() and "\\u" not in style:
            style = style[:-1] + '\\u00e9"'  # the field's style had escapes; its cleaned text shows none
        spans.append((start, end, formats.encode_like(value, style)))
    out, pos = [], 0
    for start, end, literal in sorted(spans):
        out += [text[pos:start], literal]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def run(log: str, paths: Sequence[str]) -> int:
    """`textfix revert`: every file the log names (or the one file given, for a log of one file)."""
    header, files = read_log(log)
    if paths:
        if len(paths) == 1 and len(files) == 1:
            files = {paths[0]: next(iter(files.values()))}
        else:
            unknown = [p for p in paths if p not in files]
            if unknown:
                raise UsageError(f"{io.shown(unknown[0])}: the log has no changes for this file")
            files = {p: files[p] for p in paths}
    errors = 0
    for path, entries in files.items():
        try:
            note = revert_file(path, dict(entries), header)
        except (OSError, TextfixError, formats.RecordError, UnicodeDecodeError) as error:
            errors += 1
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            print(f"textfix: {io.shown(path)}: {reason}; left untouched", file=sys.stderr)
            continue
        if note:
            print(f"textfix: {io.shown(path)}: {note}", file=sys.stderr)
    print(f"textfix: {len(files) - errors} file{'s' if len(files) - errors != 1 else ''} reverted, "
          f"{errors} error{'s' if errors != 1 else ''}", file=sys.stderr)
    return 3 if errors else 0
