"""Progress bar (only on a terminal, never under pre-commit), the closing summary and --statistics."""

import io

import pytest

import textfix.progress
from textfix.cli import main
from textfix.progress import Progress, wanted

MOJIBAKE = "The cafÃ© said â€œhelloâ€\x9d &amp; left\n".encode("utf-8")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    return tmp_path


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bar_only_on_a_terminal_and_never_under_pre_commit(monkeypatch):
    assert wanted(None, Terminal()) is True
    assert wanted(None, io.StringIO()) is False
    assert wanted(True, io.StringIO()) is True
    assert wanted(False, Terminal()) is False
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert wanted(None, Terminal()) is False


def test_bar_line_shows_bytes_rate_eta_and_files(monkeypatch):
    stream = Terminal()
    monkeypatch.setattr(textfix.progress, "DELAY", 0)
    monkeypatch.setattr(textfix.progress, "INTERVAL", 0)
    bar = Progress(total_bytes=4_000_000, total_files=4, enabled=True, stream=stream)
    bar.file_done(1_000_000)
    bar.advance(1_000_000)
    assert "ETA --:--" in bar.line(bar.start + 2.0)  # too early to tell
    line = bar.line(bar.start + 4.0)
    assert line.startswith("[##########----------]  50%  2.0/4.0 MB  0.5 MB/s  ETA 0:00:04  1/4 files")
    assert stream.getvalue().startswith("\r[")
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_quiet_when_disabled():
    stream = Terminal()
    bar = Progress(total_bytes=10, total_files=1, enabled=False, stream=stream)
    bar.file_done(10)
    bar.close()
    assert stream.getvalue() == ""


def test_progress_flag_draws_on_stderr_and_erases_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(textfix.progress, "DELAY", 0)
    monkeypatch.setattr(textfix.progress, "INTERVAL", 0)
    for i in range(3):
        (tmp_path / f"{i}.txt").write_bytes(MOJIBAKE)
    assert main(["check", "--progress", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "\r[" in err and "3/3 files" in err and "\r\x1b[K" in err
    assert "\r" not in out
    assert main(["check", "--no-progress", str(tmp_path)]) == 1
    assert "\r" not in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 1  # stderr is not a terminal here
    assert "\r" not in capsys.readouterr().err


def test_summary_and_statistics(tmp_path, capsys):
    (tmp_path / "a.txt").write_bytes(MOJIBAKE)
    (tmp_path / "b.txt").write_bytes(b"fine\n")
    (tmp_path / "s.jsonl").write_bytes(b'{"text": "x &amp; y"}\n{"text": "ok"}\n')
    assert main(["clean", "-i", str(tmp_path), "--statistics"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "textfix: 3 files, 2 changed, 2 records (1 changed), 5 changes (mojibake 5), 0 errors"
    assert err[1] == "textfix: changes per rule:"
    rows = [line.split() for line in err[2:]]
    assert sum(int(n) for n, _ in rows) == 5
    assert all(rule.startswith("mojibake.") for _, rule in rows)
    assert main(["check", str(tmp_path / "b.txt"), "--statistics"]) == 0
    assert capsys.readouterr() == ("", "")
    # check: the counts replace the per-change lines, on stdout, as ruff --statistics does
    (tmp_path / "a.txt").write_bytes(MOJIBAKE)
    assert main(["check", str(tmp_path), "--statistics", "-q"]) == 1
    out, err = capsys.readouterr()
    rows = [line.split(None, 2) for line in out.splitlines()]
    assert err == "" and all(len(row) == 3 for row in rows)  # count, rule, what it does
    assert sum(int(n) for n, *_ in rows) == len(textfix.clean(MOJIBAKE).changes)


SEED = __import__("pathlib").Path(__file__).parent.parent / "corpus" / "seeds" / "000_a07839f75a8c20c0.in.txt"


def _terminals(monkeypatch):
    """stdout and stderr both a terminal, as in the README's first command typed at a prompt."""
    out, err = Terminal(), Terminal()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setattr(textfix.progress, "DELAY", 0)
    monkeypatch.setattr(textfix.progress, "INTERVAL", 0)
    return out, err


def test_no_bar_when_the_text_goes_to_the_same_terminal(monkeypatch):
    out, err = _terminals(monkeypatch)
    assert main(["clean", str(SEED)]) == 0
    assert "\r" not in err.getvalue() and "files" not in err.getvalue()
    assert out.getvalue().startswith(textfix.clean(SEED.read_bytes()).text[:40])
    assert main(["check", str(SEED)]) in (0, 1)  # the report goes to the terminal too
    assert "\r" not in err.getvalue()


def test_bar_when_only_stderr_is_a_terminal_ends_at_the_true_count(monkeypatch, tmp_path):
    out, err = _terminals(monkeypatch)
    for i in range(3):
        (tmp_path / f"{i}.txt").write_bytes(SEED.read_bytes())
    assert main(["clean", "-i", str(tmp_path)]) == 0  # nothing goes to stdout: the bar is wanted
    frames = [f for f in err.getvalue().split("\r") if f.startswith("[")]
    assert frames and frames[-1].split("\x1b")[0].endswith("3/3 files")
    assert "ETA --:--" in frames[0]  # no guess from the first instant of the run


def test_forced_bar_is_erased_before_text_reaches_stdout(monkeypatch, tmp_path):
    out, err = _terminals(monkeypatch)
    log = []
    monkeypatch.setattr(Terminal, "write", lambda self, s: log.append((self is out, s)) or io.StringIO.write(self, s))
    for i in range(2):
        (tmp_path / f"{i}.txt").write_bytes(MOJIBAKE)
    assert main(["clean", "--progress", str(tmp_path / "0.txt"), str(tmp_path / "1.txt")]) == 0
    for k, (is_out, _) in enumerate(log):
        if is_out and k:  # the last thing on stderr before each write to stdout erased the bar
            last_err = [s for o, s in log[:k] if not o]
            assert not last_err or last_err[-1].endswith("\r\x1b[K") or "\r[" not in last_err[-1]
