"""Ctrl-C and SIGTERM in the middle of a real run: every file entirely old or entirely new, no temp files."""

import os
import signal
import subprocess
import sys
import time

import pytest

import textfix

RECORD = '{{"id": {i}, "url": "https://example.com/{i}", "text": "{text}"}}\n'
PARAGRAPH = ("The cafÃ© on the corner said â€œwe are openâ€\x9d again â€” after the storm, the "
             "owners of the cafÃ© thanked everyone. ")


def _temps(folder):
    return [p.name for p in folder.rglob(".textfix-*")]


def _start(args, cwd):
    return subprocess.Popen([sys.executable, "-m", "textfix", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for(condition, proc, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    return False


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_shard_is_left_entirely_old(tmp_path, sig, jobs):
    shard = tmp_path / "big.jsonl"
    text = (PARAGRAPH * 8).replace('"', '\\"').replace("\x9d", "\\u009d")
    with open(shard, "w", encoding="utf-8") as f:
        for i in range(6000):
            f.write(RECORD.format(i=i, text=text))
    original = shard.read_bytes()
    proc = _start(["clean", "-i", "-j", jobs, str(shard)], tmp_path)
    started = _wait_for(lambda: _temps(tmp_path), proc)
    if not started:
        proc.wait()
        pytest.fail(f"the run ended before a temporary file appeared: {proc.stderr.read()!r}")
    time.sleep(0.2)  # well inside the stream
    proc.send_signal(sig)
    err = proc.communicate(timeout=60)[1].decode()
    assert proc.returncode == 130, err
    assert "textfix: interrupted" in err and "Traceback" not in err
    assert shard.read_bytes() == original
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_directory_run_leaves_each_file_old_or_new(tmp_path, sig):
    folder = tmp_path / "articles"
    folder.mkdir()
    originals = {}
    for i in range(80):
        data = f"Article {i}\n{PARAGRAPH * 40}\n".encode("utf-8")
        (folder / f"{i:03d}.txt").write_bytes(data)
        originals[f"{i:03d}.txt"] = data
    expected = {name: textfix.clean(data).text.encode("utf-8") for name, data in originals.items()}

    def some_changed():
        return any((folder / name).read_bytes() != data for name, data in originals.items())

    proc = _start(["clean", "-i", "-j", "2", str(folder)], tmp_path)
    if not _wait_for(some_changed, proc):
        proc.wait()
        pytest.fail(f"the run ended before any file changed: {proc.stderr.read()!r}")
    proc.send_signal(sig)
    err = proc.communicate(timeout=60)[1].decode()
    assert proc.returncode == 130, err
    states = {name: (folder / name).read_bytes() for name in originals}
    for name, data in states.items():
        assert data in (originals[name], expected[name]), name
    assert any(states[n] == expected[n] for n in states)
    assert any(states[n] == originals[n] for n in states), "the run finished before the signal"
    assert _temps(tmp_path) == []
