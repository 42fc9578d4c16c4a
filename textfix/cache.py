"""textfix's on-disk cache: what is slow to make and the same on every run.

Reading the rule packs, deriving the boilerplate gate from the patterns' syntax and
compiling ftfy's badness expression for Hyperscan take about a second; a command line run
on one small file would spend most of its time there. Each is kept in a cache directory,
keyed by everything it is made from (the caller's key: the packs' bytes, the rules'
patterns, versions; the source of the code that makes them; the Python version), so an
edit anywhere makes a new entry. $TEXTFIX_CACHE_DIR names the directory ("" turns the
cache off); else $XDG_CACHE_HOME/textfix or ~/.cache/textfix. Unwritable: no cache, same
results.

Entries are pickles, so none is read unless it is signed with a random key kept in the
directory (HMAC-SHA256), and the directory is used only when it is the user's own and
writable by no one else (it is created 0700). A planted, damaged or foreign entry is
ignored and rebuilt; it never runs code and never breaks a run.

Every new textfix version (and every edit of the code that makes an entry) makes new
entries, so the directory would only grow: an entry records its last use in its mtime
(refreshed at most daily), and one not used for `UNUSED_DAYS` is removed by the first
process that opens the directory on a day.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import sys
import time
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Optional, Tuple

from .owners import owner_tag, owner_is_gone
from . import lazyre

CACHE_FORMAT = 2
KEY_BYTES = 32
DIGEST_BYTES = 32
_MISSING = object()
UNUSED_DAYS = 30
SWEPT = "swept"  # a file whose mtime says when the directory was last swept
_DAY = 24 * 3600
# What this module and the word files (filters/lossy/wordfile.py) store; `.pickle`: format 1.
_ENTRY_NAME = lazyre.compile(r"[a-z]+-[0-9a-f]{32}\.(entry|pickle|bin)$")
# The code that makes what is cached: the gate (boilerplate, regex_gate, fastscan) and the
# badness scanner (mojibake).
_BUILDERS = ("boilerplate/__init__.py", "boilerplate/gate.py", "boilerplate/entry.py", "boilerplate/view.py", "boilerplate/packs.py",
             "boilerplate/stored.py", "boilerplate/shipped.py",
             "boilerplate/scanning.py",
             "regex_gate.py", "regex_literals.py", "fastscan.py", "mojibake.py")
_CODE_DIGEST: Optional[str] = None


def _cache_dir() -> Optional[Path]:
    configured = os.environ.get("TEXTFIX_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "textfix"


def _private(directory: Path) -> bool:
    """Create `directory` 0700 if it is missing; True only when it is ours and no one else
    may write in it (anyone who can plant an entry could make textfix run their code)."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(directory, follow_symlinks=False)
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    if owner_ok and stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) != 0o700:
        try:
            os.chmod(directory, 0o700)  # made by an older textfix with the umask's mode
            st = os.stat(directory, follow_symlinks=False)
        except OSError:
            pass
    return stat.S_ISDIR(st.st_mode) and owner_ok and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _secret(directory: Path) -> Optional[bytes]:
    """The random key this user's entries are signed with (made once, readable only by the user)."""
    path = directory / "key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError:
        return None
    else:
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(KEY_BYTES))
    try:
        with open(path, "rb") as f:
            key = f.read(KEY_BYTES + 1)
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    private = stat.S_ISREG(st.st_mode) and not st.st_mode & 0o077
    return key if len(key) == KEY_BYTES and private else None


def _code_digest() -> str:
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        h = hashlib.sha256()
        for name in _BUILDERS:
            h.update((Path(__file__).parent / "filters" / name).read_bytes())
        h.update(f"{CACHE_FORMAT} {sys.version}".encode())
        _CODE_DIGEST = h.hexdigest()
    return _CODE_DIGEST


def _load(path: Path, secret: bytes, kind: str):
    """The value stored at `path`, or _MISSING when absent, unsigned, or not what was stored.

    Nothing is unpickled before its signature (HMAC-SHA256 with the user's key, over the
    kind, the value's type and the pickle) checks out: a planted file is never run.
    """
    import pickle

    try:
        with open(path, "rb") as f:
            blob = f.read()
    except OSError:
        return _MISSING
    tag, rest = blob[:DIGEST_BYTES], blob[DIGEST_BYTES:]
    header, _, payload = rest.partition(b"\n")
    if not hmac.compare_digest(tag, _sign(secret, kind, header, payload)):
        return _MISSING
    try:
        value = pickle.loads(payload)
    except Exception:  # noqa: signed but unreadable (another Python): make it again
        return _MISSING
    return value if _type_name(value).encode() == header else _MISSING


def _store(path: Path, secret: bytes, kind: str, value) -> None:
    import pickle

    header = _type_name(value).encode()
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    tmp = temporary_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(_sign(secret, kind, header, payload) + header + b"\n" + payload)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def temporary_path(path: Path) -> Path:
    """Where to write `path`'s next version before renaming it into place: a name of this
    process, so that concurrent writers never share one and a killed writer's file is swept."""
    return path.with_name(f"{path.name}.{owner_tag()}-{secrets.token_hex(4)}.tmp")


_TEMP_NAME = lazyre.compile(r".+\.(.+)-(\d+)-[0-9a-f]+\.tmp$")


@lru_cache(maxsize=None)
def _sweep(directory: Path) -> None:
    """Sweep `directory` (once per process, and at most once a day: the `swept` file's mtime
    says when, so a warm run does not stat every entry)."""
    stamp = directory / SWEPT
    try:
        if time.time() - os.stat(stamp).st_mtime < _DAY:
            return
    except OSError:  # never swept
        pass
    _sweep_dead_temps(directory)
    _sweep_unused(directory)
    try:
        stamp.touch(mode=0o600)  # (an existing file gets the time now)
    except OSError:  # a read-only directory: sweep again next time
        pass


def _sweep_dead_temps(directory: Path) -> None:
    """Remove the temporary files that processes killed while writing an entry left behind."""
    try:
        names = [e.name for e in os.scandir(directory) if e.name.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        match = _TEMP_NAME.match(name)
        if match and owner_is_gone(match.group(1), int(match.group(2))):
            try:
                os.unlink(directory / name)
            except OSError:  # another run swept it first
                pass


def mark_used(path: Path) -> None:
    """Record that the entry at `path` was just used (its mtime; once a day is enough, so
    a warm run writes nothing)."""
    try:
        if time.time() - os.stat(path).st_mtime > _DAY:
            os.utime(path)
    except OSError:  # gone or read-only: it is only a hint
        pass


def _sweep_unused(directory: Path) -> None:
    """Remove the entries no run has used for UNUSED_DAYS."""
    oldest = time.time() - UNUSED_DAYS * _DAY
    try:
        entries = [e for e in os.scandir(directory) if _ENTRY_NAME.match(e.name)]
    except OSError:
        return
    for entry in entries:
        try:
            if entry.stat(follow_symlinks=False).st_mtime < oldest:
                os.unlink(entry.path)  # (a process that maps a word file keeps its pages)
        except OSError:  # another run swept it first, or a read-only directory
            pass


def _sign(secret: bytes, kind: str, header: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, kind.encode() + b"\0" + header + b"\0" + payload, hashlib.sha256).digest()


def _type_name(value) -> str:
    return f"{type(value).__module__}.{type(value).__qualname__}"


def private_directory() -> Optional[Tuple[Path, bytes]]:
    """The user's private cache directory and the key its entries are signed with, or None
    (no cache configured, or a directory others could write in: nothing is read from it)."""
    directory = _cache_dir()
    if directory is None or not _private(directory):
        return None
    secret = _secret(directory)
    if secret is None:
        return None
    _sweep(directory)
    return directory, secret


def cached(kind: str, key, make):
    """`make()`, or the value an earlier run stored for the same `key` (bytes/str/tuples).

    An entry that is missing, unsigned, damaged or of another type is made again and
    rewritten. Without a private cache directory, `make()` every time.
    """
    place = private_directory()
    if place is None:
        return make()
    directory, secret = place
    h = hashlib.sha256(_code_digest().encode())
    h.update(repr(key).encode("utf-8", "surrogatepass"))
    path = directory / f"{kind}-{h.hexdigest()[:32]}.entry"
    value = _load(path, secret, kind)
    if value is not _MISSING:
        mark_used(path)
        return value
    value = make()
    try:
        _store(path, secret, kind, value)
    except Exception:  # noqa: a read-only home, a full disk: run without the cache
        pass
    return value


@lru_cache(maxsize=None)
def installed_version(package: str) -> str:
    """The installed version of `package` (a distribution named as its top-level module:
    ftfy, wordfreq), part of the key of what is made from it. Read from the `.dist-info`
    folder beside the package, since importing importlib.metadata costs ~10 ms of a
    command's start; importlib.metadata is the fallback."""
    spec = find_spec(package)
    if spec is not None and spec.origin:
        for entry in sorted(Path(spec.origin).parent.parent.glob(f"{package}-*.dist-info")):
            return entry.name[len(package) + 1:-len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:  # a source checkout on sys.path
        return "unknown"
