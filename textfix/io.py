"""The file edge of the command line: read bytes, write atomically, never lose data.

A file is replaced only by a complete, synced copy of its new contents: the new bytes go
to a temporary file in the same directory, which then takes the original's place in one
`os.replace`. If anything fails before that, the temporary file is removed and the
original is left as it was.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import sys
import tempfile
import threading
from contextlib import contextmanager

from .errors import TextfixError

STDIN = "-"
TEMP_PREFIX = ".textfix-"


class WriteError(TextfixError):
    """A file could not be written; whatever was there before is untouched."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"cannot write: {reason}; left untouched")
        self.path = path


def read_input(path: str) -> bytes:
    """The bytes of `path`, or of standard input for `-`."""
    if path == STDIN:
        return sys.stdin.buffer.read()
    if os.path.isdir(path):
        raise IsADirectoryError(errno.EISDIR, "is a directory; recursion comes later", path)
    with open(path, "rb") as f:
        return f.read()


def write_stdout(data: bytes) -> None:
    """Write `data` to standard output as bytes (text streams without a buffer get UTF-8 text)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def write_atomic(path: str, data: bytes) -> None:
    """Replace the contents of `path` with `data` in one step, keeping its permission bits.

    A symbolic link is followed, so the link stays and its target gets the new contents.
    Raises WriteError, with the original file untouched, when any step fails.
    """
    try:
        _replace(os.path.realpath(path), data)
    except OSError as e:
        raise WriteError(path, e.strerror or str(e)) from e


@contextmanager
def signals_deferred():
    """Hold Ctrl-C and SIGTERM until the block ends, so that a temporary file and the record
    that it must be removed come into being together (no interrupt falls between them).

    The handlers are swapped rather than the signals masked: with worker threads about,
    the kernel may hand a signal to a thread that does not mask it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = []
    previous = {signum: signal.signal(signum, lambda signum, frame: held.append(signum))
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if held:
            signal.raise_signal(held[0])


def make_temp(target: str) -> tuple:
    """A new temporary file (fd, path) beside `target`; call it inside signals_deferred()."""
    return tempfile.mkstemp(dir=os.path.dirname(target), prefix=TEMP_PREFIX, suffix=".tmp")


def _replace(target: str, data: bytes) -> None:
    """Write `data` to a synced temporary file beside `target`, then move it over `target`."""
    temp = None
    try:
        with signals_deferred():
            fd, temp = make_temp(target)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        _copy_mode(target, temp)
        os.replace(temp, target)
    except BaseException:
        if temp is not None:
            _remove(temp)
        raise


def _copy_mode(original: str, temp: str) -> None:
    """Give `temp` the owner (where allowed) and then the permission bits of `original`.

    A new file gets the usual mode for new files (0o666 less the umask).
    """
    try:
        st = os.stat(original)
    except FileNotFoundError:
        os.chmod(temp, 0o666 & ~_umask())
        return
    if hasattr(os, "chown") and (st.st_uid, st.st_gid) != _owner(temp):
        try:
            os.chown(temp, st.st_uid, st.st_gid)
        except PermissionError:
            pass  # only root may give a file away; the new file stays ours
    os.chmod(temp, stat.S_IMODE(st.st_mode))


def _owner(path: str) -> tuple:
    """(uid, gid) of `path`."""
    st = os.stat(path)
    return st.st_uid, st.st_gid


def _umask() -> int:
    """The process umask (reading it means setting it, so it is put back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove(path: str) -> None:
    """Delete `path` if it exists."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
