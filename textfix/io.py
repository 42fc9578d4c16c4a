"""The file edge of the command line: read bytes, write atomically, never lose data.

A file is replaced only by a complete, synced copy of its new contents: the new bytes go
to a temporary file in the same directory, which then takes the original's place in one
`os.replace`. If anything fails before that, the temporary file is removed and the
original is left as it was.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
import sys
import tempfile
import threading
from contextlib import contextmanager
from typing import Optional

from . import formats
from .errors import TextfixError, UsageError
from .owners import owner_is_gone, owner_tag
from . import lazyre

STDIN = "-"
TEMP_PREFIX = ".textfix-"


class WriteError(TextfixError):
    """A file could not be written; whatever was there before is untouched."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"cannot write: {reason}; left untouched")
        self.path = path


class OutputError(TextfixError):
    """Standard output or the log cannot be written: the run stops (what it would say is lost)."""


def shown(name: str) -> str:
    """`name` safe to print on a terminal or in a one-line report: characters that are not
    printable (newlines, ESC, bidi controls, undecodable bytes) become escapes, as in the log.

    >>> shown("a\\nb\\x1b[31m.txt")
    'a\\\\nb\\\\x1b[31m.txt'
    """
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else _escape(c) for c in name)


def _escape(c: str) -> str:
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if c in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[c]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def write_stdout(data: bytes) -> None:
    """Write `data` to standard output as bytes (text streams without a buffer get UTF-8 text).

    A failed write (a full disk, a closed stream) is an OutputError: the run cannot go on.
    """
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(data.decode("utf-8"))
            return
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        raise OutputError(f"cannot write to standard output: {e.strerror or e}") from None


def write_report(text: str) -> None:
    """Write `text` (report lines) to standard output; a failed write is an OutputError."""
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        raise
    except OSError as e:
        raise OutputError(f"cannot write to standard output: {e.strerror or e}") from None


def flush_stdout() -> None:
    """Flush standard output now, so that a full disk is reported, not lost at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        raise OutputError(f"cannot write to standard output: {e.strerror or e}") from None


def refuse_log_over(log: Optional[str], paths) -> None:
    """UsageError when the `--log` file is one of `paths` (an input, the output): opening
    the log would empty that file before it is read."""
    if not log or log == STDIN:
        return
    for path in paths:
        if path != STDIN and same_file(log, path):
            raise UsageError(f"--log {log}: is also an input or the output ({path}); choose another file")


def same_file(a: str, b: str) -> bool:
    """True when `a` and `b` name the same file (same inode, or the same path if either is missing)."""
    try:
        return os.path.samestat(os.stat(a), os.stat(b))
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def write_atomic(path: str, data: bytes) -> None:
    """Replace the contents of `path` with `data` in one step, keeping its permission bits.

    A symbolic link is followed, so the link stays and its target gets the new contents.
    Raises WriteError, with the original file untouched, when any step fails.
    """
    writer = AtomicWriter(path, None)
    writer.write(data)
    writer.commit()


def written_through(target: str) -> bool:
    """True when `target` is a device or a FIFO, which is written to, never replaced
    (`-o /dev/null` must not replace the system's /dev/null with a regular file).

    Raises OSError for an existing target that is neither that nor a regular file.
    """
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return True
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, f"{formats.file_kind(mode)}, not a regular file")
    return False


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
    """A new temporary file (fd, path) beside `target`; call it inside signals_deferred().

    Its name holds this host and process id, so that a later run can tell the temporary
    files of a process that was killed (SIGKILL leaves them) from those of a live one.
    """
    return tempfile.mkstemp(dir=os.path.dirname(target), prefix=f"{TEMP_PREFIX}{owner_tag()}-", suffix=".tmp")


def sweep_stale_temps(paths) -> list:
    """Remove, in the directories of `paths`, the temporary files left by textfix processes
    of this host that no longer exist; return their paths. Files of live processes, of
    other hosts (a shared file system) or not named by textfix are left alone."""
    removed = []
    for directory in sorted({os.path.dirname(os.path.abspath(p)) for p in paths if p and p != STDIN}):
        try:
            with os.scandir(directory) as entries:
                names = [e.name for e in entries if e.name.startswith(TEMP_PREFIX) and e.name.endswith(".tmp")]
        except OSError:
            continue
        for name in names:
            pid = _dead_owner(name)
            if pid is not None:
                path = os.path.join(directory, name)
                _remove(path)
                removed.append(path)
    return removed


_TEMP_NAME = lazyre.compile(re.escape(TEMP_PREFIX) + r"(.+)-(\d+)-[^-]*\.tmp$")


def _dead_owner(name: str) -> Optional[int]:
    """The pid in a temporary file's name when it was made on this host by a process that is gone."""
    match = _TEMP_NAME.match(name)
    if match is None or not owner_is_gone(match.group(1), int(match.group(2))):
        return None
    return int(match.group(2))


class AtomicWriter:
    """A file written as a stream into a temporary file that replaces `path` only on `commit`.

    Compressed as `compression` says. Any failure raises WriteError and removes the
    temporary file; the original is untouched until the final `os.replace`. A device or a
    FIFO (`-o /dev/null`) is written to directly instead.
    """

    def __init__(self, path: str, compression: Optional[str] = None):
        self.path = path
        self.target = os.path.realpath(path)
        self.temp = None
        self.raw = self.stream = None
        try:
            with signals_deferred():
                if written_through(self.target) or _refuse_links(self.target):
                    self.raw = open(self.target, "wb")
                else:
                    fd, self.temp = make_temp(self.target)
                    self.raw = os.fdopen(fd, "wb")
            self.stream = formats.wrap_write(self.raw, compression, inner_name(path))
        except BaseException as error:
            self.discard()
            self._raise(error)

    def write(self, data: bytes) -> None:
        try:
            self.stream.write(data)
        except BaseException as error:
            self.discard()
            self._raise(error)

    def commit(self) -> None:
        try:
            self.stream.close()
            self.raw.flush()
            if self.temp is not None:
                os.fsync(self.raw.fileno())
            self.raw.close()
            if self.temp is not None:
                _copy_mode(self.target, self.temp)
                _copy_xattrs(self.target, self.temp)
                os.replace(self.temp, self.target)
                self.temp = None
        except BaseException as error:
            self.discard()
            self._raise(error)

    def discard(self) -> None:
        """Drop what was written; the target stays as it was."""
        for stream in (self.stream, self.raw):
            try:
                if stream is not None:
                    stream.close()
            except Exception:
                pass
        if self.temp is not None:
            _remove(self.temp)
            self.temp = None

    def _raise(self, error: BaseException):
        if isinstance(error, OSError):
            raise WriteError(self.path, error.strerror or str(error)) from error
        raise error


def _refuse_links(target: str) -> bool:
    """Raise OSError for a file with several hard links: replacing it would split them into
    separate files (the other names keep the old text), so such a file is left untouched."""
    try:
        links = os.stat(target).st_nlink
    except FileNotFoundError:
        return False
    if links > 1:
        raise OSError(errno.EMLINK, f"has {links} hard links; a rewrite would split them (copy it first to clean it)")
    return False


def inner_name(path: Optional[str]) -> str:
    """The name a gzip header records for `path`: its base name without `.gz`."""
    base = os.path.basename(path or "")
    return base[:-3] if base.endswith(".gz") else base


def _copy_xattrs(original: str, temp: str) -> None:
    """Give `temp` the extended attributes of `original` (labels, quarantine, user tags):
    a rewrite changes the contents, not what the file is. Where a file system has none,
    there is nothing to copy; one that cannot be set is a WriteError (nothing replaced)."""
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(original)
    except OSError as e:
        if e.errno in (errno.ENOTSUP, errno.ENOENT, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)):
            return
        raise
    for name in names:
        os.setxattr(temp, name, os.getxattr(original, name, follow_symlinks=False), follow_symlinks=False)


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
