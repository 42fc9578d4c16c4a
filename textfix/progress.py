"""A one-line progress bar on stderr: bytes read, rate, ETA and files done.

Shown only when asked (`--progress`) or, by default, when stderr is a terminal, the
run is not under pre-commit (which may give hooks a terminal), and standard output is
not that terminal too while text or a report is written there (the bar and the text
would share lines) — and then only once the run has lasted a second, so quick runs
print nothing. The bar is erased before anything else is printed and at the end; its
last frame counts every file. The ETA waits for a few seconds of rate: the first
frames of a run (process start, first reads) say nothing about the rest.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Optional, TextIO

DELAY = 1.0  # seconds before the bar first appears
INTERVAL = 0.2  # seconds between redraws
ETA_AFTER = 3.0  # seconds of measured rate before an ETA is shown


def wanted(flag: Optional[bool], stream: TextIO = None, stdout: Optional[TextIO] = None) -> bool:
    """`--progress` / `--no-progress`, else: stderr is a terminal, pre-commit is not running
    us, and `stdout` (the stream text or a report goes to, None when nothing does) is not a
    terminal."""
    if flag is not None:
        return flag
    if os.environ.get("PRE_COMMIT") or os.environ.get("TERM") == "dumb":
        return False
    return _isatty(stream or sys.stderr) and not (stdout is not None and _isatty(stdout))


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Counts bytes and files against known totals and redraws a bar now and then."""

    def __init__(self, total_bytes: int, total_files: int, enabled: bool, stream: TextIO = None):
        self.total_bytes, self.total_files = total_bytes, total_files
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.done_bytes = 0  # of files finished
        self.partial = 0  # of the file being read
        self.files = 0
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def advance(self, partial_bytes: int) -> None:
        """The file being read has been read up to `partial_bytes`."""
        self.partial = partial_bytes
        self._maybe_draw()

    def file_done(self, size: int) -> None:
        """One more file is finished; the frame for the last one is always drawn (if the bar is up)."""
        self.files += 1
        self.done_bytes += size
        self.partial = 0
        self._maybe_draw(force=self.files >= self.total_files and self.last > 0)

    def _maybe_draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and (now - self.start < DELAY or now - self.last < INTERVAL):
            return
        self.last = now
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def line(self, now: float) -> str:
        """`[#####-----]  48%  120.0/250.0 MB  35.2 MB/s  ETA 0:00:04  3/10 files`."""
        done = min(self.done_bytes + self.partial, self.total_bytes) if self.total_bytes else 0
        fraction = done / self.total_bytes if self.total_bytes else self.files / max(self.total_files, 1)
        width = 20
        filled = int(fraction * width)
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        eta = (self.total_bytes - done) / rate if rate > 0 and self.total_bytes and elapsed >= ETA_AFTER else None
        eta_text = _clock(eta) if eta is not None else "--:--"
        return (f"[{'#' * filled}{'-' * (width - filled)}] {fraction * 100:3.0f}%  "
                f"{_mb(done)}/{_mb(self.total_bytes)} MB  {_mb(rate)} MB/s  ETA {eta_text}  "
                f"{self.files}/{self.total_files} files")

    def clear(self) -> None:
        """Erase the bar (if it is drawn), e.g. before a message; the next update draws it again."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    close = clear


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f}"


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
