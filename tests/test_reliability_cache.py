"""The on-disk cache (issue 12, item 5): nothing planted in it runs, nothing bad in it breaks a run."""

import os
import pickle
import stat

import pytest

from textfix import cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(directory))
    return directory


class Planted:
    """Unpickling this runs `touch MARKER` (what a planted cache file could do)."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def entries(directory):
    return sorted(p for p in directory.iterdir() if p.name.startswith("k-"))


def test_directory_is_private_and_entries_are_reused(cache_dir):
    calls = []
    make = lambda: calls.append(1) or ("value", 1)  # noqa: E731
    assert cache.cached("k", "key", make) == ("value", 1)
    assert cache.cached("k", "key", make) == ("value", 1)
    assert len(calls) == 1
    assert stat.S_IMODE(os.stat(cache_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(cache_dir / "key").st_mode) == 0o600


@pytest.mark.parametrize("planted", ["code", "wrong-type", "garbage", "empty"])
def test_planted_or_bad_entry_never_runs_and_is_rebuilt(cache_dir, tmp_path, planted):
    marker = tmp_path / "pwned"
    cache.cached("k", "key", lambda: ("good",))
    [entry] = entries(cache_dir)
    body = {"code": pickle.dumps(Planted(marker)), "wrong-type": pickle.dumps(["a", "list"]),
            "garbage": os.urandom(100), "empty": b""}[planted]
    entry.write_bytes(body)
    assert cache.cached("k", "key", lambda: ("rebuilt",)) == ("rebuilt",)
    assert not marker.exists()
    assert cache.cached("k", "key", lambda: ("never",)) == ("rebuilt",)  # the rebuilt entry is used


def test_signed_entry_for_another_kind_is_not_taken(cache_dir):
    cache.cached("k", "key", lambda: ("good",))
    [entry] = entries(cache_dir)
    os.rename(entry, cache_dir / entry.name.replace("k-", "j-", 1))
    assert cache.cached("j", "key", lambda: ("made",)) == ("made",)


def test_directory_writable_by_others_is_not_used(cache_dir):
    cache_dir.mkdir()
    os.chmod(cache_dir, 0o777)
    calls = []
    if os.getuid() == 0:  # root owns it: the directory is first made private again
        cache.cached("k", "key", lambda: calls.append(1) or 1)
        assert stat.S_IMODE(os.stat(cache_dir).st_mode) == 0o700
        return
    cache.cached("k", "key", lambda: calls.append(1) or 1)
    cache.cached("k", "key", lambda: calls.append(1) or 1)
    assert len(calls) == 2 and not entries(cache_dir)


def test_directory_of_another_user_is_not_used(cache_dir, monkeypatch):
    cache_dir.mkdir(mode=0o700)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache_dir).st_uid + 1)
    calls = []
    cache.cached("k", "key", lambda: calls.append(1) or 1)
    cache.cached("k", "key", lambda: calls.append(1) or 1)
    assert len(calls) == 2 and not entries(cache_dir)


def test_key_readable_by_others_is_not_trusted(cache_dir):
    cache.cached("k", "key", lambda: 1)
    os.chmod(cache_dir / "key", 0o644)
    calls = []
    assert cache.cached("k", "key", lambda: calls.append(1) or 2) == 2
    assert calls == [1]


def test_temporary_files_of_killed_writers_are_swept_once_per_process(cache_dir):
    """A writer killed between writing and renaming leaves its temporary file; the next
    process that opens the cache removes it, and leaves live writers' and other hosts' alone."""
    import subprocess
    import sys

    from textfix import owners

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    cache_dir.mkdir(mode=0o700)
    stale = cache_dir / f"words-abc.bin.{owners.HOST}-{dead.pid}-0badf00d.tmp"
    live = cache_dir / f"words-abc.bin.{owners.HOST}-{os.getppid()}-0badf00d.tmp"
    elsewhere = cache_dir / f"k-abc.entry.other-host-{dead.pid}-0badf00d.tmp"
    for path in (stale, live, elsewhere):
        path.write_bytes(b"partial")
    cache._sweep.cache_clear()
    assert cache.private_directory() is not None
    assert not stale.exists()
    assert live.exists() and elsewhere.exists()
    # a writer's own temporary name is swept only after that writer is gone
    assert cache.temporary_path(cache_dir / "x.entry").name.startswith(f"x.entry.{owners.owner_tag()}-")


def test_entries_unused_for_a_month_are_removed_and_used_ones_kept(cache_dir):
    """New versions make new entries; those no run has used for UNUSED_DAYS go, the ones in
    use (their mtime refreshed on use, at most daily) and files that are not entries stay."""
    cache.cached("k", "old", lambda: ("old",))
    cache.cached("k", "used", lambda: ("used",))
    old_path = next(p for p in entries(cache_dir) if cache._load(p, cache._secret(cache_dir), "k") == ("old",))
    used_path = next(p for p in entries(cache_dir) if p != old_path)
    words = cache_dir / ("words-" + "0" * 32 + ".bin")
    stranger = cache_dir / "notes.txt"
    long_ago = os.stat(old_path).st_mtime - (cache.UNUSED_DAYS + 1) * 24 * 3600
    for path in (old_path, used_path, words, stranger):
        path.touch()
        os.utime(path, (long_ago, long_ago))
    assert cache.cached("k", "used", lambda: ("rebuilt",)) == ("used",)  # a use refreshes its mtime
    (cache_dir / cache.SWEPT).unlink()  # the last sweep was a day ago
    cache._sweep.cache_clear()
    assert cache.private_directory() is not None
    assert not old_path.exists() and not words.exists()
    assert used_path.exists() and stranger.exists() and (cache_dir / "key").exists()
    assert cache.cached("k", "old", lambda: ("made again",)) == ("made again",)


def test_a_warm_run_writes_no_use_marks(cache_dir):
    cache.cached("k", "key", lambda: ("v",))
    [entry] = entries(cache_dir)
    before = os.stat(entry).st_mtime_ns
    assert cache.cached("k", "key", lambda: ("never",)) == ("v",)
    assert os.stat(entry).st_mtime_ns == before


def test_the_directory_is_swept_at_most_once_a_day(cache_dir):
    """A warm run does not stat every entry: the `swept` file's mtime says when the last
    sweep was; a day later the next process sweeps again."""
    import time

    cache_dir.mkdir(mode=0o700)
    old = cache_dir / ("k-" + "0" * 32 + ".entry")
    old.write_bytes(b"x")
    long_ago = time.time() - (cache.UNUSED_DAYS + 1) * 24 * 3600
    os.utime(old, (long_ago, long_ago))
    (cache_dir / cache.SWEPT).touch()  # swept an hour ago, say
    cache._sweep.cache_clear()
    assert cache.private_directory() is not None
    assert old.exists()
    yesterday = time.time() - 25 * 3600
    os.utime(cache_dir / cache.SWEPT, (yesterday, yesterday))
    cache._sweep.cache_clear()
    assert cache.private_directory() is not None
    assert not old.exists()
