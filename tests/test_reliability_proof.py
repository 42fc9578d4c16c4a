"""The proof of issue 12: a bad-input matrix, a kill test and stale temporary files.

- Matrix: every compressed format x every kind of damage x -j 1/2, beside good files: exit
  3, one stderr line naming the damaged file, that file byte-identical, the others cleaned.
- Kill: SIGKILL, SIGTERM and SIGINT at random moments of a real `clean -i -j N` over a
  folder: every file is entirely old or entirely new, the next run leaves no temporary file,
  and the workers of a killed run exit by themselves.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from textfix import cli, owners

from test_reliability import DAMAGE, KINDS, RECORDS, compress, two_streams

pytest.importorskip("zstandard")

TEXT = ("The cafÃ© on the corner said â€œwe are openâ€\x9d again â€” after the storm.\n" * 40)


# JSONL shards are read as a stream (every damage x -j); a plain text file is read whole, once.
MATRIX = [("jsonl", kind, damage, jobs) for kind in KINDS for damage in sorted(DAMAGE) for jobs in ("1", "2")]
MATRIX += [("txt", kind, "later-stream-corrupt", "2") for kind in KINDS]


@pytest.mark.parametrize("fmt, kind, damage, jobs", MATRIX)
def test_bad_input_matrix(tmp_path, capsys, monkeypatch, fmt, kind, damage, jobs):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / f"b-shard.{fmt}.{kind}"
    bad.write_bytes(DAMAGE[damage](*two_streams(kind)))
    before = bad.read_bytes()
    first, last = tmp_path / "a.txt", tmp_path / f"c-shard.jsonl.{kind}"
    first.write_text(TEXT, encoding="utf-8")
    last.write_bytes(compress(kind, RECORDS))
    assert cli.main(["clean", "-i", "-j", jobs, "."]) == 3
    err = capsys.readouterr().err
    named = [line for line in err.splitlines() if "b-shard" in line]
    assert len(named) == 1 and named[0].startswith(f"textfix: ./b-shard.{fmt}.{kind}"), err
    assert "Traceback" not in err
    assert bad.read_bytes() == before
    assert "Ã" not in first.read_text(encoding="utf-8")
    assert b"\xc3\x83" not in __import__("textfix").formats.read_all(str(last), {"gz": "gzip", "zst": "zstd"}.get(kind, kind))
    assert not list(tmp_path.glob(".textfix-*"))


def _corpus(folder):
    """A folder of files that all change: plain text and JSONL, some compressed."""
    folder.mkdir()
    for i in range(6):
        (folder / f"doc{i}.txt").write_text(TEXT * (1 + i), encoding="utf-8")
    big = b"".join(RECORDS for _ in range(12))
    (folder / "shard.jsonl").write_bytes(big)
    (folder / "shard2.jsonl.gz").write_bytes(compress("gz", big))
    (folder / "shard3.jsonl.zst").write_bytes(compress("zst", big))


def _contents(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def _children(pid):
    """Pids whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc to find the workers")
def test_kill_at_random_moments_leaves_every_file_old_or_new(tmp_path):
    old_dir = tmp_path / "old"
    _corpus(old_dir)
    old = _contents(old_dir)
    new_dir = tmp_path / "new"
    shutil.copytree(old_dir, new_dir)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "textfix", "clean", "-i", str(new_dir)], check=True, timeout=120)
    duration = time.monotonic() - started
    new = _contents(new_dir)
    assert all(old[name] != new[name] for name in old)
    rng = random.Random(12)
    interrupted = 0
    runs = [(sig, jobs) for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT) for jobs in ("1", "2")]
    for n, (sig, jobs) in enumerate(runs):
        delay = rng.uniform(0.3, 0.9) * duration
        for attempt in range(3):  # a loaded machine may finish the run before the signal: kill sooner
            folder = tmp_path / f"run{n}-{attempt}"
            shutil.copytree(old_dir, folder)
            proc = subprocess.Popen([sys.executable, "-m", "textfix", "clean", "-i", "-j", jobs, str(folder)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(delay)
            workers = _children(proc.pid)
            proc.send_signal(sig)
            err = proc.communicate(timeout=60)[1].decode()
            assert "Traceback" not in err, err
            now = _contents(folder)
            for name, data in now.items():
                assert data in (old[name], new[name]), (sig, jobs, name)
            deadline = time.monotonic() + 10
            while any(_alive(w) for w in workers) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not any(_alive(w) for w in workers), "workers of a killed run kept running"
            if sig != signal.SIGKILL:
                assert not list(folder.glob(".textfix-*")), sig
            assert cli.main(["clean", "-i", str(folder)]) == 0  # the next run finishes the job ...
            assert not list(folder.glob(".textfix-*"))  # ... and removes what a killed run left
            assert _contents(folder) == new
            if any(now[name] == old[name] for name in now):
                interrupted += 1
                break
            delay /= 3
    assert interrupted >= len(runs) // 2, "most kills should land before the run ends"


def test_stale_temp_files_of_dead_processes_only_are_removed(tmp_path):
    (tmp_path / "a.txt").write_text("fine\n", encoding="utf-8")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = owners.HOST
    stale = tmp_path / f".textfix-{host}-{dead.pid}-abc123.tmp"
    live = tmp_path / f".textfix-{host}-{os.getppid()}-abc123.tmp"
    other_host = tmp_path / f".textfix-elsewhere-{dead.pid}-abc123.tmp"
    unnamed = tmp_path / ".textfix-abc123.tmp"
    for path in (stale, live, other_host, unnamed):
        path.write_bytes(b"partial")
    assert cli.main(["clean", "-i", str(tmp_path / "a.txt")]) == 0
    assert not stale.exists()
    assert live.exists() and other_host.exists() and unnamed.exists()
