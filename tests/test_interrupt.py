"""Ctrl-C and SIGTERM in the middle of a real run: every file entirely old or entirely new, no temp files."""

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
        for i in range(20000):
            f.write(RECORD.format(i=i, text=text))
    original = shard.read_bytes()
    proc = _start(["clean", "-i", "-j", jobs, str(shard)], tmp_path)
    started = _wait_for(lambda: _temps(tmp_path), proc)
    if not started:
        proc.wait()
        pytest.fail(f"the run ended before a temporary file appeared: {proc.stderr.read()!r}")
    time.sleep(0.05)  # inside the stream: the whole run takes seconds
    proc.send_signal(sig)
    err = proc.communicate(timeout=60)[1].decode()
    assert proc.returncode == 130, err
    assert "textfix: interrupted" in err and "Traceback" not in err
    assert shard.read_bytes() == original
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_directory_run_leaves_each_file_old_or_new(tmp_path, sig):
    original = f"{PARAGRAPH * 40}\n".encode("utf-8")
    expected = textfix.clean(original).text.encode("utf-8")
    assert expected != original
    for count in (300, 1500, 6000):  # more files until the signal lands mid-run
        folder = tmp_path / f"articles-{count}"
        folder.mkdir()
        for i in range(count):
            (folder / f"{i:05d}.txt").write_bytes(original)
        names = sorted(p.name for p in folder.iterdir())

        def some_changed():
            return (folder / names[0]).read_bytes() != original

        proc = _start(["clean", "-i", "-j", "2", str(folder)], tmp_path)
        if not _wait_for(some_changed, proc):
            proc.wait()
            pytest.fail(f"the run ended before any file changed: {proc.stderr.read()!r}")
        proc.send_signal(sig)
        err = proc.communicate(timeout=60)[1].decode()
        states = [(folder / name).read_bytes() for name in names]
        assert all(data in (original, expected) for data in states)
        assert _temps(tmp_path) == []
        if all(data == expected for data in states):
            continue  # every file was done before the signal arrived: try a bigger folder
        assert proc.returncode == 130, err
        assert "Traceback" not in err
        assert expected in states and original in states
        return
    pytest.fail("every run finished before the signal")


STUCK_POOL = r"""
import multiprocessing.pool, os, threading
from textfix import parallel

never = threading.Event()
handle_results = multiprocessing.pool.Pool._handle_results

def stuck(*args):  # as when a worker was killed mid-result: the pool's result thread never ends
    handle_results(*args)
    never.wait()

multiprocessing.pool.Pool._handle_results = staticmethod(stuck)
runner = parallel.Ordered(2)
runner.submit(os.getpid, (), lambda pid: None)
runner.drain()
workers = multiprocessing.active_children()
runner.terminate(grace=0.5)
print(len(workers), sum(w.is_alive() for w in workers))
"""


def test_workers_are_stopped_when_the_pools_own_teardown_never_returns(tmp_path):
    """Pool.terminate() can wait forever (a -j 2 run once did not exit within 60 s of Ctrl-C):
    its result thread may be left reading a result a killed worker never finished. The
    runner then kills its workers itself, and the run ends."""
    done = subprocess.run([sys.executable, "-c", STUCK_POOL], cwd=tmp_path, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().split() == ["2", "0"]
