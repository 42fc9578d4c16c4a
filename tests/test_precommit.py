"""The pre-commit hooks, for real: `pre-commit try-repo` against this checkout, in a fresh git repository.

The hook repository is a snapshot of this checkout as it is on disk (tracked and untracked
files, less what .gitignore ignores), committed into a temporary git repository: the same
as the checkout in CI's fresh clone, and whole even while a working tree is mid-change
(`try-repo` on a dirty tree would take modified tracked files but not new ones).
pre-commit installs it into its own virtualenv with pip (from the package index pip is
configured with), once per test module: ~10-30 s.
"""

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MOJIBAKE = "The cafÃ© said â€œhelloâ€\x9d\n".encode("utf-8")
FIXED = "The café said “hello”\n".encode("utf-8")
RECORD = '{"id": 7, "text": "cafÃ© &amp; bar", "n": [1, 2]}\n'.encode("utf-8")
RECORD_FIXED = '{"id": 7, "text": "café & bar", "n": [1, 2]}\n'.encode("utf-8")

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists() or not (ROOT / ".pre-commit-hooks.yaml").exists(),
    reason="needs git and this repository's git checkout",
)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the test extra)")
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This checkout's files, committed into a new repository."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    snapshot = tmp_path_factory.mktemp("textfix-hooks")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", ".")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot


def git(repo, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, check=True)


def try_repo(repo, hook, home, hooks):
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hooks), hook, "--all-files"],
                          cwd=repo, env=env, capture_output=True, timeout=600)
    return proc.returncode, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "corpus-repo"
    repo.mkdir()
    git(repo, "init", "-q")
    files = {
        "articles/a.txt": MOJIBAKE,
        "articles/ok.txt": "Correct text: naïve “quotes” — 日本語.\n".encode("utf-8"),
        "notes.md": b"# Notes\n\n" + MOJIBAKE,
        "shards/s.jsonl": RECORD + b'{"id": 8, "text": "fine"}\n',
        "shards/s.jsonl.gz": gzip.compress(RECORD),
        "image.bin": b"\x89PNG\r\n\x1a\n\x00\x00",
    }
    for name, data in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes(data)
    git(repo, "add", ".")
    return repo


def snapshot(repo):
    return {str(p.relative_to(repo)): p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}


def test_check_hook_reports_and_touches_nothing(repo, pre_commit_home, hook_repo):
    before = snapshot(repo)
    code, out = try_repo(repo, "textfix-check", pre_commit_home, hook_repo)
    assert code == 1, out
    assert "Failed" in out
    assert "articles/a.txt:1:8:" in out and "notes.md:3:8:" in out and "shards/s.jsonl:1: text:1:4:" in out
    assert "shards/s.jsonl.gz:1: text:1:4:" in out
    assert "image.bin" not in out
    assert snapshot(repo) == before
    # require_serial: pre-commit hands every file to one process, so one summary counts them all
    summaries = [line for line in out.splitlines() if line.startswith("textfix: ") and " files, " in line]
    assert len(summaries) == 1 and summaries[0].startswith("textfix: 5 files, 4 would change"), out


def test_hooks_run_serially():
    """Without require_serial, pre-commit splits the files over processes and each prints a partial summary."""
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").split("- id: ")[1:]
    assert len(hooks) == 2 and all("\n  require_serial: true" in hook for hook in hooks)


def test_fixing_hook_rewrites_blocks_then_passes(repo, pre_commit_home, hook_repo):
    before = snapshot(repo)
    code, out = try_repo(repo, "textfix", pre_commit_home, hook_repo)
    assert code == 1, out
    assert "files were modified by this hook" in out
    after = snapshot(repo)
    assert after["articles/a.txt"] == FIXED
    assert after["notes.md"] == b"# Notes\n\n" + FIXED
    assert after["shards/s.jsonl"] == RECORD_FIXED + b'{"id": 8, "text": "fine"}\n'
    assert gzip.decompress(after["shards/s.jsonl.gz"]) == RECORD_FIXED
    assert after["articles/ok.txt"] == before["articles/ok.txt"]
    assert after["image.bin"] == before["image.bin"]
    assert not [p for p in after if ".textfix-" in p]
    git(repo, "add", ".")
    code, out = try_repo(repo, "textfix", pre_commit_home, hook_repo)
    assert code == 0, out
    assert "Passed" in out
    code, out = try_repo(repo, "textfix-check", pre_commit_home, hook_repo)
    assert code == 0, out
