"""`textfix clean` and `textfix check` over a corpus: directories, JSONL shards, compression, jobs.

The command line hands its parsed arguments and resolved options to `run`. Paths are
expanded (`textfix.walk`), each file is read as plain text (one document) or as JSONL
(one document per record and text field), cleaned with `textfix.clean`, and the
results are written, printed and logged in input order, whatever `-j` is.

- A plain text file is one task: a worker reads, decompresses and cleans it and hands
  back the bytes to write.
- A JSONL file is cut into blocks of whole lines (about 1 MiB); each block is a task.
  The main process reads (and decompresses) the file, and writes the output as the
  blocks come back in order, so memory stays constant in the size of the file. With
  `--in-place`, nothing is written until the first record that changes; then the lines
  before it are copied and the rest streams after them. An unchanged file is never
  touched.
- Every write goes to a temporary file beside the target, which replaces the target only
  once it is complete and synced. Workers never write files, and a run stopped by
  Ctrl-C or SIGTERM removes its temporary files: each file is either entirely old or
  entirely new.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Optional

from . import formats, io, parallel, repeats, report, stdin, walk
from . import progress as progress_bar
from .report import html as report_html
from .report import log as report_log
from .report import render
from .errors import TextfixError, UsageError

STDIN_NAME = "<stdin>"
OUT_OF_MEMORY = "not enough memory to process this file; left untouched"
BLOCK_SIZE = 1 << 20
TEXT_BATCH_FILES = 64  # plain text files handed to a worker together (fewer round trips for small files)
# Options of [tool.textfix] / the command line that belong to this module, not to textfix.clean.
EDGE_KEYS = ("include", "exclude", "extend_exclude", "format", "text_field", "id_field", "on_error", "keep_bom",
             "per_file_ignores")
DEFAULT_TEXT_FIELD = "text"
DEFAULT_ID_FIELD = "id"


# command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The corpus options shared by `clean` and `check`."""
    group = parser.add_argument_group("corpus options")
    group.add_argument("--format", choices=formats.FORMATS, help="read inputs as plain text or JSONL (default: auto, from the name)")
    group.add_argument("--text-field", action="append", metavar="FIELD",
                       help="JSONL: the field to clean (dotted path for nested fields; repeatable; default: text)")
    group.add_argument("--id-field", metavar="FIELD", help="JSONL: the field naming a record in the log (default: id)")
    group.add_argument("--on-error", choices=("fail", "skip"),
                       help="JSONL: a bad record fails its file (default), or is kept unchanged and reported (skip)")
    group.add_argument("--include", action="append", metavar="REGEX", help="in directories, only files matching this (replaces the default)")
    group.add_argument("--exclude", action="append", metavar="REGEX", help="in directories, skip paths matching this (replaces the default)")
    group.add_argument("--extend-exclude", action="append", metavar="REGEX", help="in directories, also skip paths matching this")
    group.add_argument("--keep-bom", action="store_const", const=True,
                       help="a file that starts with a byte order mark keeps one (UTF-8); by default it is dropped")
    group.add_argument("-j", "--jobs", type=_jobs, metavar="N", help="worker processes (0: one per core; default 1)")
    group.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="show a progress bar on stderr (default: when stderr is a terminal)")
    group.add_argument("--statistics", action="store_true", help="print the number of changes per rule at the end")
    group.add_argument("--learn-repeats", action="store_true",
                       help="first learn each source's furniture (lines repeated on most of its documents; source: "
                            "a record's url domain, else the file's folder), then clean with it (docs/boilerplate.md)")
    group.add_argument("--learn-repeats-out", metavar="DIR",
                       help="with --learn-repeats: write each source's learned rule pack here, for review")


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (every core) or more")
    return n


def flags_from(args: argparse.Namespace) -> dict:
    """The corpus flags as configuration keys (None when not given, so the configuration applies)."""
    return {key: getattr(args, key, None) for key in EDGE_KEYS}


def clean_options(options: dict) -> dict:
    """The part of the options that `textfix.clean` takes."""
    return {k: v for k, v in options.items() if k not in EDGE_KEYS}


# what workers do


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
_READ_ERRORS: tuple = ()


def init_worker(settings: Settings) -> None:
    global _SETTINGS, _READ_ERRORS
    _SETTINGS = settings
    _READ_ERRORS = (OSError, TextfixError) + formats.decompression_errors()


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


def _reason(error: BaseException, compression: Optional[str] = None) -> str:
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
        result = textfix.clean(data, config=_options_for(s, path, source))
    except _READ_ERRORS as error:
        return Done(error=(getattr(error, "path", None) or name, _reason(error, compression)))
    except MemoryError:  # this file is too big for the memory left; the others may not be
        return Done(error=(name, OUT_OF_MEMORY))
    outcome = report.Outcome(path, data, result, s.keep_bom)
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
    """`text_task` for each (path, data) in `items`."""
    return [text_task(path, data) for path, data in items]


def jsonl_task(name: str, block: bytes, first_line: int) -> Done:
    """Clean the text fields of the JSONL records in `block` (whole lines, the first is `first_line`)."""
    import textfix

    s = _SETTINGS
    done = Done()
    start, line_no, size = 0, first_line, len(block)
    try:
        _records(textfix, s, done, name, block, start, line_no)
    except MemoryError:
        done.error, done.stop = (name, OUT_OF_MEMORY), 0
    return done


def _records(textfix, s: Settings, done: Done, name: str, block: bytes, start: int, line_no: int) -> None:
    """Clean the records of `block` from `start` into `done`; stop at the first bad one unless skipping."""
    size = len(block)
    while start < size:
        newline = block.find(b"\n", start)
        end = size if newline < 0 else newline + 1
        line = block[start:end]
        if line.strip():
            try:
                _record(textfix, s, done, name, line, line_no, start, end)
            except formats.RecordError as error:
                if not s.skip_bad:
                    done.error, done.stop = (f"{name}:{line_no}", str(error)), start
                    return
                done.skipped += 1
                done.messages.append(f"textfix: {io.shown(name)}:{line_no}: {error}; record kept unchanged")
        start, line_no = end, line_no + 1


def _record(textfix, s: Settings, done: Done, name: str, line: bytes, line_no: int, start: int, end: int) -> None:
    """Clean one record; add its edit, report, log lines and counts to `done`."""
    text, obj = formats.load_record(line, line_no)
    found = formats.text_fields(obj, s.fields)
    done.missing += found.count(None)
    fields = [path for path, value in zip(s.fields, found) if value is not None]
    values = [value for value in found if value is not None]
    source = repeats.source_of(name, obj) if s.repeat_packs else None
    options = _options_for(s, name, source)
    results = [textfix.clean(value, config=options) for value in values]
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


def apply_edits(block: bytes, edits: list, stop: Optional[int] = None) -> bytes:
    """`block` with each (start, end, new) replaced; cut at `stop` when given."""
    if not edits and stop is None:
        return block
    out, pos = [], 0
    for start, end, new in edits:
        out += [block[pos:start], new]
        pos = end
    out.append(block[pos:stop] if stop is not None else block[pos:])
    return b"".join(out)


# writing


# the run


class Summary:
    """Counts for the closing line on stderr, and the errors printed on the way."""

    def __init__(self, verb: str):
        self.verb = verb
        self.files = self.changed = self.errors = 0
        self.records = self.records_changed = self.skipped = self.missing = 0
        self.jsonl = False
        self.rules: Counter = Counter()
        self.repeated: Counter = Counter()  # --learn-repeats: source -> lines removed
        self.progress = None

    def add(self, done: Done) -> None:
        self.records += done.records
        self.records_changed += done.records_changed
        self.skipped += done.skipped
        self.missing += done.missing
        self.rules.update(done.counts)
        self.repeated.update(done.repeated)

    def fail(self, where: str, reason: str, file: bool = True) -> None:
        self.files += file
        self.errors += 1
        if self.progress is not None:
            self.progress.clear()
        print(f"textfix: {io.shown(where)}: {reason}", file=sys.stderr)

    def line(self) -> str:
        """`textfix: 3 files, 2 changed, 5 changes (mojibake 5), 0 errors`."""
        parts = [_count(self.files, "file"), f"{self.changed} {self.verb}"]
        if self.jsonl:
            parts.append(f"{_count(self.records, 'record')} ({self.records_changed} {self.verb})")
        changes = _count(sum(self.rules.values()), "change")
        families = Counter()
        for rule, n in self.rules.items():
            families[rule.split(".")[0]] += n
        if families:
            changes += " (" + ", ".join(f"{f} {n}" for f, n in sorted(families.items(), key=lambda x: (-x[1], x[0]))) + ")"
        parts += [changes, _count(self.errors, "error")]
        if self.skipped:
            parts.append(f"{_count(self.skipped, 'bad record')} kept unchanged")
        if self.missing:
            parts.append(f"{_count(self.missing, 'missing or null text field')} skipped")
        return "textfix: " + ", ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class Run:
    """One `clean` or `check` over every input."""

    def __init__(self, command: str, args: argparse.Namespace, options: dict):
        self.command = command
        self.args = args
        self.options = options
        self.format = options.get("format", "auto")
        fields = options.get("text_field") or (DEFAULT_TEXT_FIELD,)
        destination = "stdout"
        if command == "clean" and getattr(args, "in_place", False):
            destination = "in-place"
        elif command == "clean" and getattr(args, "output", None):
            destination = "tree" if len(args.files) == 1 and os.path.isdir(args.files[0]) else "output"
        self.settings = Settings(
            command=command,
            options=clean_options(options),
            fields=tuple(formats.parse_path(f) for f in fields),
            id_field=formats.parse_path(options.get("id_field", DEFAULT_ID_FIELD)),
            skip_bad=options.get("on_error", "fail") == "skip",
            log=bool(getattr(args, "log", None)),
            diff=bool(getattr(args, "diff", False)),
            output_format=getattr(args, "output_format", None) or "text",
            source=args.files[0] if destination == "tree" else "",
            per_file_ignores=options.get("per_file_ignores", ()),
            verbose=bool(args.verbose),
            destination=destination,
            output=getattr(args, "output", None),
            keep_bom=bool(options.get("keep_bom")),
        )
        self.summary = Summary("changed" if command == "clean" else "would change")
        self.writers: set = set()
        self.batch: list = []  # plain text files waiting to be handed to a worker: (path, data, size)
        self.batch_bytes = 0
        self.log = None
        self.progress = None
        self.executor = None
        self.stdin_format, self.stdin = "text", None  # standard input, once looked at (textfix.stdin)
        self.cleanups: list = []  # called when the run ends (the temporary packs of --learn-repeats)
        self.report = _Report(self) if command == "check" else None
        self.learned: dict = {}  # --learn-repeats: source -> repeats.Learned

    # main loop

    def execute(self) -> int:
        patterns = walk.Patterns.from_options(self.options)
        if self.settings.destination == "tree":
            _check_tree(self.args.files[0], self.settings.output)
        targets = list(walk.expand(self.args.files, patterns, self._walk_error,
                                   lambda path: print(f"textfix: {io.shown(path)}: no files to process", file=sys.stderr)))
        io.refuse_log_over(getattr(self.args, "log", None), targets + [self.settings.output or io.STDIN])
        if self.report is not None and self.report.output and any(io.same_file(self.report.output, t) for t in targets):
            raise UsageError(f"{io.shown(self.report.output)}: the report would overwrite an input")
        if self.settings.destination != "stdout":
            io.sweep_stale_temps(targets + [self.settings.output or io.STDIN])
        if getattr(self.args, "learn_repeats", False):
            self._learn_repeats(targets)
        if io.STDIN in targets:
            self.stdin_format, self.stdin = stdin.open_stdin(self.format)
        sizes = [_size(t) for t in targets]
        to_stdout = self.command == "check" or self.settings.destination == "stdout"
        wanted = progress_bar.wanted(self.args.progress, stdout=sys.stdout if to_stdout else None)
        self.progress = progress_bar.Progress(sum(sizes), len(targets), wanted)
        self.summary.progress = self.progress
        jobs = parallel.resolve_jobs(self.args.jobs)
        restore = _on_sigterm_interrupt()
        try:
            with report_log.open_log(getattr(self.args, "log", None)) as log:
                self.log = log
                if log is not None:
                    self._write_log([report_log.header(self.command, self.options)])
                self.executor = parallel.Ordered(jobs, init_worker, (self.settings,))
                for target, size in zip(targets, sizes):
                    kind = self.stdin_format if target == io.STDIN else formats.format_of(target, self.format)
                    if kind == "jsonl":
                        self._flush_texts()
                        self._jsonl(target, size)
                    else:
                        self._text(target, size)
                self._flush_texts()
                self.executor.drain()
                self.executor.close()
                io.flush_stdout()
        except BaseException:
            if self.executor is not None:
                self.executor.terminate()
            for writer in list(self.writers):
                writer.discard()
            raise
        finally:
            restore()
            self.progress.close()
        try:
            return self._finish()
        finally:
            for cleanup in self.cleanups:
                cleanup()

    def _learn_repeats(self, targets: list) -> None:
        """Pass 1 of --learn-repeats: each source's pack, written to --learn-repeats-out
        (or a temporary directory removed at the end of the run)."""
        if io.STDIN in targets:
            raise UsageError("--learn-repeats reads its inputs twice: standard input cannot be one of them")
        directory = getattr(self.args, "learn_repeats_out", None)
        if directory is None:
            directory = tempfile.mkdtemp(prefix="textfix-repeats-")
            self.cleanups.append(partial(shutil.rmtree, directory, ignore_errors=True))
        kinds = [formats.format_of(t, self.format) for t in targets]
        try:
            self.learned = repeats.learn_corpus(targets, kinds, self.settings.fields, directory)
        except OSError as error:
            raise UsageError(f"{io.shown(directory)}: cannot write the learned packs: {error.strerror or error}") from None
        self.settings.repeat_packs = {s: found.pack for s, found in self.learned.items() if found.pack}

    def _finish(self) -> int:
        summary = self.summary
        if self.report is not None:
            self.report.finish()
        quiet = getattr(self.args, "quiet", False)
        if not quiet:
            kept = getattr(self.args, "learn_repeats_out", None) is not None
            for line in repeats.report_lines(self.learned, summary.repeated, kept):
                print(line, file=sys.stderr)
        if not quiet and (self.args.verbose or summary.files > 1 or summary.skipped or summary.missing):
            print(summary.line(), file=sys.stderr)
        if self.args.statistics and self.command == "clean":
            print("textfix: changes per rule:", file=sys.stderr)
            for line in render.statistics(summary.rules) or ["no changes"]:
                print(line, file=sys.stderr)
        if summary.records and summary.missing == summary.records * len(self.settings.fields):
            names = ", ".join(repr(".".join(path)) for path in self.settings.fields)
            print(f"textfix: error: no record has a text field {names}; check --text-field", file=sys.stderr)
            return 2
        if summary.errors:
            return 3
        return 1 if self.command == "check" and summary.changed and not getattr(self.args, "exit_zero", False) else 0

    def _walk_error(self, path: str, error: OSError) -> None:
        self.summary.fail(path, error.strerror or str(error), file=False)

    # plain text files

    def _text(self, path: str, size: int) -> None:
        """Queue a plain text file; files go to the workers in small batches, in order."""
        data = self.stdin.read() if path == io.STDIN else None
        self.batch.append((path, data, size))
        self.batch_bytes += size if data is None else len(data)
        if len(self.batch) >= TEXT_BATCH_FILES or self.batch_bytes >= BLOCK_SIZE:
            self._flush_texts()

    def _flush_texts(self) -> None:
        if not self.batch:
            return
        batch, self.batch, self.batch_bytes = self.batch, [], 0
        self.executor.submit(text_batch_task, ([(path, data) for path, data, _ in batch],),
                             partial(self._texts_done, [(path, size) for path, _, size in batch]))

    def _texts_done(self, files: list, results: list) -> None:
        for (path, size), done in zip(files, results):
            self._text_done(path, size, done)

    def _text_done(self, path: str, size: int, done: Done) -> None:
        name = STDIN_NAME if path == io.STDIN else path
        self.progress.file_done(size)
        if done.error:
            self.summary.fail(*done.error)
            return
        try:
            if done.payload is not None and self.settings.destination == "stdout":
                self.progress.clear()
                io.write_stdout(done.payload)
            elif done.payload is not None:
                destination = self.settings.destination
                target = self.settings.output if destination == "output" else \
                    mirror(self.settings, path) if destination == "tree" else path
                writer = io.AtomicWriter(target)
                writer.write(done.payload)
                self._commit_logged(writer, done.log)
                done.log = []
        except io.OutputError:
            raise
        except TextfixError as error:
            self.summary.fail(getattr(error, "path", None) or name, str(error))
            return
        self._print(done)
        self._write_log(done.log)
        self.summary.files += 1
        self.summary.changed += done.changed
        self.summary.add(done)

    def _write_log(self, lines) -> None:
        """Add `lines` to the log, flushed: a log that cannot be written stops the run."""
        if self.log is None or not lines:
            return
        try:
            self.log.writelines(lines)
            self.log.flush()
        except OSError as e:
            if self.log is not sys.stderr:
                try:
                    self.log.close()  # drops what it could not write, so closing later fails no more
                except OSError:
                    pass
            raise io.OutputError(f"cannot write the log: {e.strerror or e}") from None

    def _commit_logged(self, writer: io.AtomicWriter, lines) -> None:
        """Log a file's changes, then let its new contents replace it: no file is rewritten
        without its provenance (if the log fails, the file stays as it was)."""
        try:
            self._write_log(lines)
        except BaseException:
            writer.discard()
            raise
        writer.commit()

    def _print(self, done: Done) -> None:
        if done.report or done.messages or done.items:
            self.progress.clear()  # a line of output never starts after the bar
        if self.report is not None:
            self.report.add(done)
        for message in done.messages:
            print(message, file=sys.stderr)

    # JSONL files

    def _jsonl(self, path: str, size: int) -> None:
        self.summary.jsonl = True
        state = JsonlFile(self, path, size)
        compression = None if path == io.STDIN else formats.compression_of(path)
        try:
            if path == io.STDIN:
                source = formats.Source(None, raw=self.stdin)
            else:
                source = formats.Source(path, compression)
        except (OSError, TextfixError) as error:
            self.executor.then(partial(state.fail, getattr(error, "path", None) or state.name, _reason(error)))
            return
        read_errors = (OSError,) + formats.decompression_errors()
        offset, line_no = 0, 1
        with source:
            try:
                while not state.failed:
                    block = source.stream.read(BLOCK_SIZE)
                    if not block:
                        break
                    if not block.endswith(b"\n"):
                        block += source.stream.readline()
                    done = partial(state.block_done, offset, block, source.position())
                    self.executor.submit(jsonl_task, (state.name, block, line_no), done)
                    offset += len(block)
                    line_no += block.count(b"\n")
            except read_errors as error:
                self.executor.then(partial(state.fail, f"{state.name}:{line_no}", _reason(error, compression)))
            except MemoryError:  # a line too long for the memory left
                self.executor.then(partial(state.fail, f"{state.name}:{line_no}", OUT_OF_MEMORY))
        self.executor.then(state.finish)


class JsonlFile:
    """The main process's side of one JSONL file: output, log and counts, block by block in order."""

    def __init__(self, run: Run, path: str, size: int):
        self.run = run
        self.path = path
        self.size = size
        self.name = STDIN_NAME if path == io.STDIN else path
        self.compression = None if path == io.STDIN else formats.compression_of(path)
        self.failed = False
        self.changed = False
        self.writer: Optional[io.AtomicWriter] = None
        self.spool = None  # the log lines, kept until the file is written
        self.totals = Done()  # counts of the blocks handed back so far

    def block_done(self, offset: int, block: bytes, position: int, done: Done) -> None:
        if self.failed:
            return
        run, s = self.run, self.run.settings
        run.progress.advance(position)
        try:
            if s.command == "clean":
                self._write(offset, block, done)
        except TextfixError as error:
            self.fail(getattr(error, "path", None) or self.name, str(error))
            return
        self.changed |= done.changed
        run._print(done)
        if done.log:
            if self.spool is None:
                self.spool = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")
            self.spool.writelines(done.log)
        self.totals.records += done.records
        self.totals.records_changed += done.records_changed
        self.totals.skipped += done.skipped
        self.totals.missing += done.missing
        self.totals.counts.update(done.counts)
        self.totals.repeated.update(done.repeated)
        if done.error:
            self.fail(*done.error)

    def _write(self, offset: int, block: bytes, done: Done) -> None:
        s = self.run.settings
        data = apply_edits(block, done.edits, done.stop if done.error else None)
        if s.destination == "stdout":
            self.run.progress.clear()
            io.write_stdout(data)
            return
        if done.error:
            return
        if self.writer is None and (s.destination in ("output", "tree") or done.edits):
            self._open_writer(offset)
        if self.writer is not None:
            self.writer.write(data)

    def _open_writer(self, offset: int) -> None:
        s = self.run.settings
        with io.signals_deferred():  # the run removes what it knows of when interrupted
            if s.destination == "output":
                self.writer = io.AtomicWriter(s.output, formats.compression_of(s.output))
            elif s.destination == "tree":
                self.writer = io.AtomicWriter(mirror(s, self.path), self.compression)
            else:
                self.writer = io.AtomicWriter(self.path, self.compression)
            self.run.writers.add(self.writer)
        if offset:  # in place: copy the lines before the first change
            try:
                with formats.Source(self.path, self.compression) as again:
                    remaining = offset
                    while remaining:
                        chunk = again.stream.read(min(remaining, BLOCK_SIZE))
                        if not chunk:
                            raise TextfixError("the file changed while it was being read")
                        self.writer.write(chunk)
                        remaining -= len(chunk)
            except (OSError, TextfixError) + formats.decompression_errors() as error:
                self._drop_writer()
                raise TextfixError(_reason(error, self.compression)) from error

    def _drop_writer(self) -> None:
        if self.writer is not None:
            self.writer.discard()
            self.run.writers.discard(self.writer)
            self.writer = None

    def fail(self, where: str, reason: str) -> None:
        """The file could not be processed: drop its output and its log, report it."""
        if self.failed:
            return
        self.failed = True
        self._drop_writer()
        if self.spool is not None:
            self.spool.close()
            self.spool = None
        self.run.summary.fail(where, reason)
        self.run.progress.file_done(self.size)

    def finish(self) -> None:
        if self.failed:
            return
        run, s = self.run, self.run.settings
        try:
            if s.command == "clean" and s.destination in ("output", "tree") and self.writer is None:
                self._open_writer(0)  # an empty input still makes an (empty) output
            if self.spool is not None and run.log is not None:
                self.spool.seek(0)
                lines = iter(lambda: self.spool.read(1 << 16), "")
            else:
                lines = ()
            if self.writer is not None:
                run._commit_logged(self.writer, lines)
                run.writers.discard(self.writer)
                self.writer = None
            else:
                run._write_log(lines)
        except io.OutputError:
            raise
        except TextfixError as error:
            self.fail(getattr(error, "path", None) or self.name, str(error))
            return
        if self.spool is not None:
            self.spool.close()
        run.summary.files += 1
        run.summary.changed += self.changed
        run.summary.add(self.totals)
        run.progress.file_done(self.size)


class _Report:
    """`check`'s report: items rendered as they come (or kept for json, sarif, the page, the
    statistics), written to stdout or, whole at the end, to `-o FILE`."""

    def __init__(self, run: "Run"):
        args = run.args
        self.summary = run.summary
        self.kind = getattr(args, "output_format", None) or "text"
        self.statistics = bool(args.statistics)
        self.output = getattr(args, "output", None)
        self.buffer: list = []  # what goes to -o FILE
        self.write = self.buffer.append if self.output else io.write_report
        color = render.use_color(getattr(args, "color", "never"), sys.stdout) and not self.output
        self._rules: Optional[dict] = None
        self.renderer = render.Renderer(self.kind, self.write, color=color, shown=io.shown,
                                        version=_version(), rules=None)
        self.page = report_html.Collector(getattr(args, "max_docs", report_html.MAX_DOCS)) if self.kind == "html" else None

    def rules(self) -> dict:
        """Rule id -> what it does (for sarif, the page, the statistics)."""
        if self._rules is None:
            import textfix

            self._rules = {rule.id: rule.description for rule in textfix.default_pipeline(("all",)).rules}
        return self._rules

    def add(self, done: Done) -> None:
        if done.report:
            self.write(done.report)
        if self.page is not None:
            self.page.count(done.items)
            for doc in done.docs:
                self.page.offer(doc)
        elif not self.statistics:
            self.renderer.add(done.items)

    def finish(self) -> None:
        """Close the format, or print the statistics, and write -o FILE."""
        if self.page is not None:
            self.write(report_html.page(self.page, rules=self.rules(), files=self.summary.files))
        elif self.statistics:
            counts = self.summary.rules
            if self.kind == "json":
                rows = [{"rule": rule, "count": n, "description": self.rules().get(rule, "")}
                        for rule, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]
                self.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
            else:
                self.write("".join(line + "\n" for line in render.statistics(counts, self.rules())))
        else:
            self.renderer.rules = self.rules() if self.kind == "sarif" else {}
            self.renderer.finish()
        if self.output:
            io.write_atomic(self.output, "".join(self.buffer).encode("utf-8"))


def _version() -> str:
    from . import __version__

    return __version__


def _check_tree(source: str, output: str) -> None:
    """`clean SRC_DIR -o OUT_DIR`: OUT_DIR is a directory (or will be) outside SRC_DIR."""
    if os.path.exists(output) and not os.path.isdir(output):
        raise UsageError(f"{io.shown(output)}: not a directory; with a directory to clean, -o names the output directory")
    src, out = os.path.realpath(source), os.path.realpath(output)
    if out == src or out.startswith(src.rstrip(os.sep) + os.sep):
        raise UsageError(f"{io.shown(output)}: the output directory must not be inside {io.shown(source)} "
                         "(it would be read as input); use -i/--in-place to rewrite the tree itself")


def mirror(settings: Settings, path: str) -> str:
    """Where `clean SRC_DIR -o OUT_DIR` writes `path`: the same place under OUT_DIR (directories made)."""
    target = os.path.join(settings.output, os.path.relpath(path, settings.source))
    try:
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    except OSError as error:
        raise io.WriteError(target, error.strerror or str(error)) from error
    return target


def _size(path: str) -> int:
    try:
        return 0 if path == io.STDIN else os.path.getsize(path)
    except OSError:
        return 0


def _on_sigterm_interrupt():
    """Make SIGTERM stop the run like Ctrl-C (so temporary files are removed); return the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


def run(command: str, args: argparse.Namespace, options: dict) -> int:
    """`textfix clean` / `textfix check` with the resolved `options`; returns the exit code.

    Standard output or the log failing (a full disk) stops the run with exit 3: every file
    rewritten before has its log lines, no file after it is touched.
    """
    try:
        return Run(command, args, options).execute()
    except io.OutputError as error:
        print(f"textfix: error: {error}; stopped", file=sys.stderr)
        return 3
