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

The worker's side is `textfix.tasks`; the main process's side of a JSONL file is
`textfix.shard`; the closing counts and `check`'s report are `textfix.summary`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import threading
from functools import partial

from . import formats, io, parallel, repeats, stdin, walk
from . import progress as progress_bar
from .report import log as report_log
from .report import render
from .errors import TextfixError, UsageError
from .shard import JsonlFile
from .summary import CheckReport, Summary
from .tasks import OUT_OF_MEMORY, STDIN_NAME, Done, Settings, init_worker, jsonl_task, mirror, reason, text_batch_task
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


# the run


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
        self.report = CheckReport(self) if command == "check" else None
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
            self.executor.then(partial(state.fail, getattr(error, "path", None) or state.name, reason(error)))
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
                self.executor.then(partial(state.fail, f"{state.name}:{line_no}", reason(error, compression)))
            except MemoryError:  # a line too long for the memory left
                self.executor.then(partial(state.fail, f"{state.name}:{line_no}", OUT_OF_MEMORY))
        self.executor.then(state.finish)


def _check_tree(source: str, output: str) -> None:
    """`clean SRC_DIR -o OUT_DIR`: OUT_DIR is a directory (or will be) outside SRC_DIR."""
    if os.path.exists(output) and not os.path.isdir(output):
        raise UsageError(f"{io.shown(output)}: not a directory; with a directory to clean, -o names the output directory")
    src, out = os.path.realpath(source), os.path.realpath(output)
    if out == src or out.startswith(src.rstrip(os.sep) + os.sep):
        raise UsageError(f"{io.shown(output)}: the output directory must not be inside {io.shown(source)} "
                         "(it would be read as input); use -i/--in-place to rewrite the tree itself")


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
