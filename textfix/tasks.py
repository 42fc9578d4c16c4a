"""What a worker of `textfix clean`/`check` does with one task (see `textfix.corpus`).

A plain text file is one task: the worker reads, decompresses and cleans it and hands back
the bytes to write. A block of whole JSONL lines is one task: the worker cleans each
record's text fields and hands back the edits to splice into the block. Workers never
write files; the main process does (`textfix.corpus`, `textfix.shard`).
"""

from __future__ import annotations

import codecs
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from . import formats, io, repeats, report
from .report import log as report_log
from .errors import TextfixError
from .pipeline import WINDOWED_CHARS

STDIN_NAME = "<stdin>"
OUT_OF_MEMORY = "not enough memory to process this file; left untouched"


@dataclass
class Settings:
    """Everything a worker needs, sent once when it starts."""

    command: str  # "clean" or "check"
    options: dict  # for textfix.clean
    fields: tuple = (("text",),)
    id_field: tuple = ("id",)
    skip_bad: bool = False
    log: bool = False
    diff: bool = False
    verbose: bool = False
    destination: str = "stdout"  # clean: "stdout", "in-place", "output" (one file) or "tree" (SRC_DIR -o OUT_DIR)
    output_format: str = "text"  # check
    source: str = ""  # clean SRC_DIR -o OUT_DIR: SRC_DIR
    per_file_ignores: tuple = ()  # ((root, glob, rules), ...) from [tool.textfix] per-file-ignores
    output: Optional[str] = None
    keep_bom: bool = False
    repeat_packs: dict = field(default_factory=dict)  # --learn-repeats: source -> its learned pack


_SETTINGS: Optional[Settings] = None


def init_worker(settings: Settings) -> None:
    global _SETTINGS
    _SETTINGS = settings


def _read_errors() -> tuple:
    """What reading a (compressed) file may raise. Called only in an `except` clause's
    expression, so only when a read fails: the optional zstandard module is not imported
    by a run that reads its files."""
    return (OSError, TextfixError) + formats.decompression_errors()


@dataclass
class Done:
    """What a task hands back to the main process."""

    payload: Optional[bytes] = None  # bytes to write (text files)
    edits: list = field(default_factory=list)  # (start, end, new bytes) inside the block (JSONL)
    error: Optional[tuple] = None  # (where, reason): the file failed
    stop: Optional[int] = None  # JSONL, a fatal bad record: block offset where output stops
    changed: bool = False
    records: int = 0
    records_changed: int = 0
    skipped: int = 0
    missing: int = 0  # text fields absent or null in a record (skipped, see formats.text_fields)
    counts: Counter = field(default_factory=Counter)  # changes per rule
    report: str = ""  # check --diff: for stdout
    items: list = field(default_factory=list)  # check: report.Item per change and finding
    docs: list = field(default_factory=list)  # check --output-format html: report.Doc per document shown
    messages: list = field(default_factory=list)  # for stderr
    log: list = field(default_factory=list)  # JSON lines
    repeated: Counter = field(default_factory=Counter)  # --learn-repeats: source -> lines removed


def reason(error: BaseException, compression: Optional[str] = None) -> str:
    if isinstance(error, OSError) and error.errno is not None:
        return error.strerror or str(error)
    if isinstance(error, TextfixError):
        return str(error)
    return formats.describe_error(error, compression)


def text_task(path: str, data: Optional[bytes] = None) -> Done:
    """Clean one plain text file (or `data`, read from standard input) as one document."""
    import textfix

    s = _SETTINGS
    name = STDIN_NAME if path == io.STDIN else path
    compression = None if data is not None else formats.compression_of(path)
    try:
        if data is None:
            data = formats.read_all(path, compression)
        source = repeats.source_of(path) if s.repeat_packs else None
        read = report.Input.of(data)
        options = _options_for(s, path, source)
        # clean() holds the only reference (`held`), so the bytes go once decoded: not one
        # more copy of a large file while it is cleaned
        held = [data]
        del data
        output = None
        if s.command == "clean" and len(held[0]) >= WINDOWED_CHARS:
            result, output = _clean_large(held, options)
        else:
            result = textfix.clean(held.pop(), config=options)
    except _read_errors() as error:
        return Done(error=(getattr(error, "path", None) or name, reason(error, compression)))
    except MemoryError:  # this file is too big for the memory left; the others may not be
        return Done(error=(name, OUT_OF_MEMORY))
    return _text_done(s, path, name, compression, read, result, source, output)


def _clean_large(held: list, options: dict) -> tuple:
    """(the Result, the output's bytes or None) of `textfix.clean(held.pop(), config=options)`
    for a large file, cleaned as its text's windows (windows.py): when it is UTF-8 without a
    byte order mark or a decoding flag, and the windowed run does not fall back, the text is
    never held whole (the input stays bytes, the output is encoded a window at a time) and the
    Result holds no text (None: the output's bytes are its text)."""
    import textfix
    from .decode import decode_bytes
    from .model import Result
    from .windows import clean_utf8

    pipeline, force = textfix.configured_pipeline(None, None, options)
    decoded = decode_bytes(held[0], options.get("encoding"))
    tried = decoded.encoding == "utf-8" and not decoded.flags and not held[0].startswith(codecs.BOM_UTF8)
    if tried:
        del decoded  # (the windows are decoded from the bytes one at a time)
        cleaned = clean_utf8(pipeline, held[0], force)
        if cleaned is not None:
            changes, flags, output = cleaned
            return Result(None, changes, flags, "utf-8"), output
        decoded = decode_bytes(held[0], options.get("encoding"))
    held.clear()  # (the bytes go once decoded)
    return pipeline.run(decoded.text, encoding=decoded.encoding, flags=decoded.flags, force_removals=force,
                        windows=not tried), None


def _text_done(s: Settings, path: str, name: str, compression: Optional[str], read, result,
               source: Optional[str], output: Optional[bytes] = None) -> Done:
    """What `text_task` hands back for a file cleaned into `result` (`read`: its report.Input;
    `output`: the bytes to write, when the cleaned text was encoded without being held whole)."""
    outcome = report.Outcome(path, read, result, s.keep_bom, output)
    done = Done(changed=outcome.would_change, counts=Counter(c.rule for c in result.changes))
    if source is not None:
        done.repeated[source] += repeats.removed_lines(result.changes)
    if s.command == "check":
        done.items = report.items_for(name, result, changes=not s.diff,
                                      reencode=result.encoding if outcome.reencoded else None)
        if s.diff:
            done.report = "".join(report.unified_diff(io.shown(name), result.original, result.text))
        if s.output_format == "html" and (result.changes or done.items):
            done.docs = [report.Doc(name, result.original, result.changes, result.flags)]
        return done
    if s.destination == "stdout":
        done.payload = outcome.output
    elif s.destination == "tree":  # every file, in its own compression
        done.payload = formats.compress(outcome.output, compression, io.inner_name(path))
    elif s.destination == "output":
        done.payload = formats.compress(outcome.output, formats.compression_of(s.output), io.inner_name(s.output))
    elif outcome.would_change:
        done.payload = formats.compress(outcome.output, compression, io.inner_name(path))
    if s.verbose:
        done.messages = [f"textfix: {io.shown(name)}: {flag.rule} {flag.message}" for flag in result.flags]
    if s.log:
        done.log = list(result.log_lines(file=name, doc=name))
    return done


def _options_for(s: Settings, path: str, source: Optional[str] = None) -> dict:
    """The options for `textfix.clean` of one file: with the rules per-file-ignores turns off
    for it, and the pack learned for its `source` (--learn-repeats)."""
    from .config import ignored_for

    extra = ignored_for(s.per_file_ignores, path) if s.per_file_ignores and path not in (io.STDIN, STDIN_NAME) else ()
    options = {**s.options, "ignore": tuple(s.options.get("ignore", ())) + extra} if extra else s.options
    pack = s.repeat_packs.get(source) if source is not None else None
    return {**options, "rules": tuple(options.get("rules") or ()) + (pack,)} if pack else options


def text_batch_task(items: list) -> list:
    """`text_task` for each (path, data) in `items`: the files cleaned with the run's own options
    (no per-file ignores, no learned pack) decoded one by one and cleaned as one block
    (textfix/block.py: their quiet documents found in one pass), the others one by one."""
    from .block import clean_decoded
    from .decode import decode_bytes

    s = _SETTINGS
    out: list = [None] * len(items)
    read: list = []  # (index, path, compression, report.Input, decoded) of the files cleaned as a block
    for k, (path, data) in enumerate(items):
        compression = formats.compression_of(path)
        if path == io.STDIN or s.repeat_packs or _options_for(s, path) is not s.options or _large(s, path, compression):
            out[k] = text_task(path, data)
            continue
        try:
            raw = formats.read_all(path, compression)  # (let go once decoded, as text_task does)
            read.append((k, path, compression, report.Input.of(raw), decode_bytes(raw, s.options.get("encoding"))))
            del raw
        except _read_errors() + (MemoryError,):  # the file's own error, as text_task reports it
            out[k] = text_task(path, data)
    try:
        results = clean_decoded([decoded for *_, decoded in read], config=s.options)
    except _read_errors() + (MemoryError,):  # each file's own outcome, as text_task gives it
        results = None
    for i, (k, path, compression, input_, _) in enumerate(read):
        out[k] = text_task(path, None) if results is None else _text_done(s, path, path, compression, input_, results[i], None)
    return out


def _large(s: Settings, path: str, compression: Optional[str]) -> bool:
    """Whether `text_task` may clean this file in windows from its bytes (`_clean_large`): a
    plain file of WINDOWED_CHARS bytes or more, a compressed one of a quarter of that (its
    text is larger; text_task decides on the bytes it decompressed)."""
    try:
        size = os.path.getsize(path)
    except OSError:  # (text_task reports it)
        return True
    return s.command == "clean" and size >= (WINDOWED_CHARS if compression is None else WINDOWED_CHARS // 4)


def jsonl_task(name: str, block: bytes, first_line: int) -> Done:
    """Clean the text fields of the JSONL records in `block` (whole lines, the first is `first_line`)."""
    s = _SETTINGS
    done = Done()
    try:
        _records(s, done, name, block, 0, first_line)
    except MemoryError:
        done.error, done.stop = (name, OUT_OF_MEMORY), 0
    return done


def _records(s: Settings, done: Done, name: str, block: bytes, start: int, line_no: int) -> None:
    """Clean the records of `block` from `start` into `done`; stop at the first bad one unless skipping.
    The records are read first, then their fields cleaned together (`_clean_fields`)."""
    size = len(block)
    read: list = []  # (line number, start, end, the _Record or the RecordError)
    while start < size:
        newline = block.find(b"\n", start)
        end = size if newline < 0 else newline + 1
        line = block[start:end]
        if line.strip():
            try:
                read.append((line_no, start, end, _read_record(s, name, line, line_no)))
            except formats.RecordError as error:
                read.append((line_no, start, end, error))
                if not s.skip_bad:
                    break
        start, line_no = end, line_no + 1
    results = iter(_clean_fields([record for *_, record in read if isinstance(record, _Record)]))
    for line_no, start, end, record in read:
        if isinstance(record, _Record):
            _record(s, done, name, record, next(results), line_no, start, end)
        elif not s.skip_bad:
            done.error, done.stop = (f"{name}:{line_no}", str(record)), start
            return
        else:
            done.skipped += 1
            done.messages.append(f"textfix: {io.shown(name)}:{line_no}: {record}; record kept unchanged")


@dataclass
class _Record:
    """A JSONL record read: its line as str, the object, its text fields present and their values."""

    text: str
    obj: object
    fields: list
    values: list
    source: Optional[str]  # --learn-repeats: its source
    options: dict  # for textfix.clean
    missing: int  # text fields absent or null


def _read_record(s: Settings, name: str, line: bytes, line_no: int) -> _Record:
    text, obj = formats.load_record(line, line_no)
    found = formats.text_fields(obj, s.fields)
    fields = [path for path, value in zip(s.fields, found) if value is not None]
    source = repeats.source_of(name, obj) if s.repeat_packs else None
    return _Record(text, obj, fields, [value for value in found if value is not None], source,
                   _options_for(s, name, source), found.count(None))


def _clean_fields(records: list) -> list:
    """[the Results of each record's values], as `textfix.clean` gives them: the values of the
    records that share their options (all, but with --learn-repeats) cleaned as one block
    (textfix/block.py: its quiet documents found in one pass)."""
    from .block import clean_texts

    by_source: dict = {}  # source -> the records with its options
    for record in records:
        by_source.setdefault(record.source, []).append(record)
    results: dict = {}  # id(record) -> its Results
    for group in by_source.values():
        cleaned = iter(clean_texts([value for record in group for value in record.values], config=group[0].options))
        for record in group:
            results[id(record)] = [next(cleaned) for _ in record.values]
    return [results[id(record)] for record in records]


def _record(s: Settings, done: Done, name: str, record: _Record, results: list, line_no: int, start: int,
            end: int) -> None:
    """Add one cleaned record's edit, report, log lines and counts to `done`."""
    text, obj, fields, values, source = record.text, record.obj, record.fields, record.values, record.source
    done.missing += record.missing
    if source is not None:
        done.repeated[source] += sum(repeats.removed_lines(result.changes) for result in results)
    done.records += 1
    changed = [(path, result) for path, value, result in zip(fields, values, results) if result.text != value]
    if changed:
        new_line = formats.splice_fields(text, [(path, result.text) for path, result in changed]).encode("utf-8")
        done.edits.append((start, end, new_line))
        done.records_changed += 1
        done.changed = True
    if not any(result.changes or result.flags for result in results):
        return
    record_id = formats.record_id(obj, s.id_field)
    where = {"file": name, "doc": record_id if record_id is not None else f"{name}:{line_no}", "record": line_no}
    for path, value, result in zip(fields, values, results):
        field_name = ".".join(path)
        done.counts.update(c.rule for c in result.changes)
        if s.command == "check":
            _check_field(s, done, name, line_no, field_name, value, result)
        else:
            if s.verbose:
                done.messages += [f"textfix: {io.shown(name)}:{line_no}: {field_name}: {f.rule} {f.message}"
                                  for f in result.flags]
            if s.log:
                at = {**where, "field": field_name}
                if result.changes and report_log.escaped(text, path):
                    at["escaped"] = True  # for revert: the field was written with \u escapes
                done.log += result.log_lines(**at)


def _check_field(s: Settings, done: Done, name: str, line_no: int, field_name: str, value: str, result) -> None:
    """`check` for one field of one record: its items (and diff, and page document)."""
    items = report.items_for(name, result, record=line_no, field=field_name, changes=not s.diff)
    done.items += items
    if s.diff and result.text != value:
        done.report += "".join(report.unified_diff(f"{io.shown(name)}:{line_no}:{field_name}", value, result.text))
    if s.output_format == "html" and items:
        done.docs.append(report.Doc(name, value, result.changes, result.flags, record=line_no, field=field_name))



def mirror(settings: Settings, path: str) -> str:
    """Where `clean SRC_DIR -o OUT_DIR` writes `path`: the same place under OUT_DIR (directories made)."""
    target = os.path.join(settings.output, os.path.relpath(path, settings.source))
    try:
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    except OSError as error:
        raise io.WriteError(target, error.strerror or str(error)) from error
    return target
