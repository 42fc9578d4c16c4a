"""The main process's side of one JSONL file in `textfix clean`/`check`: its output,
log and counts, written block by block in input order as the workers hand them back."""

from __future__ import annotations

import tempfile
from typing import TYPE_CHECKING, Optional

from . import formats, io
from .errors import TextfixError
from .tasks import STDIN_NAME, Done, mirror, reason

if TYPE_CHECKING:  # the run that owns this (no import at run time: corpus imports this module)
    from .corpus import Run

COPY_CHUNK = 1 << 20  # bytes copied at a time from the unchanged start of a file rewritten in place


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



class JsonlFile:
    """The main process's side of one JSONL file: output, log and counts, block by block in order."""

    def __init__(self, run: "Run", path: str, size: int):
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
                        chunk = again.stream.read(min(remaining, COPY_CHUNK))
                        if not chunk:
                            raise TextfixError("the file changed while it was being read")
                        self.writer.write(chunk)
                        remaining -= len(chunk)
            except (OSError, TextfixError) + formats.decompression_errors() as error:
                self._drop_writer()
                raise TextfixError(reason(error, self.compression)) from error

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
