"""The command line: `textfix clean`, `check`, `rules`, run in-process and as a real process."""

import doctest
import json
import os
import shutil
import subprocess
import sys

import pytest

import textfix
import textfix.cli
import textfix.config
import textfix.io
from textfix import Change, replay
from textfix.cli import main

MOJIBAKE = "The cafÃ© is â€œniceâ€\x9d\n".encode("utf-8")
FIXED = "The café is “nice”\n"
CP1252 = "Café crème brûlée, naïve façade.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    """Every test runs in its own empty directory (so no pyproject.toml above it is found)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path, data: bytes, mode=None):
    path.write_bytes(data)
    if mode is not None:
        path.chmod(mode)
    return path


def run(*args, stdin=None, cwd=None):
    """`python -m textfix ARGS` in a real process."""
    return subprocess.run([sys.executable, "-m", "textfix", *args], input=stdin, capture_output=True, cwd=cwd)


def leftovers(directory):
    return [p.name for p in directory.iterdir() if p.name.startswith(".textfix-")]


# clean


def test_clean_writes_the_cleaned_text_to_stdout(tmp_path, capsys):
    src = write(tmp_path / "m.txt", MOJIBAKE)
    assert main(["clean", str(src)]) == 0
    out, err = capsys.readouterr()
    assert out == FIXED
    assert err == ""
    assert src.read_bytes() == MOJIBAKE


def test_clean_to_output_file(tmp_path, capsys):
    src = write(tmp_path / "m.txt", MOJIBAKE)
    assert main(["clean", str(src), "-o", str(tmp_path / "out.txt")]) == 0
    assert (tmp_path / "out.txt").read_text("utf-8") == FIXED
    assert src.read_bytes() == MOJIBAKE
    assert capsys.readouterr().out == ""
    assert leftovers(tmp_path) == []


def test_output_takes_one_input_only(tmp_path, capsys):
    a = write(tmp_path / "a.txt", MOJIBAKE)
    b = write(tmp_path / "b.txt", MOJIBAKE)
    assert main(["clean", str(a), str(b), "-o", str(tmp_path / "out.txt")]) == 2
    assert main(["clean", str(a), "-i", "-o", str(tmp_path / "out.txt")]) == 2
    assert main(["clean", "-i", "-"]) == 2
    assert not (tmp_path / "out.txt").exists()
    assert "textfix: error:" in capsys.readouterr().err


def test_in_place_rewrites_changed_files_only(tmp_path, capsys):
    a = write(tmp_path / "a.txt", MOJIBAKE, 0o640)
    b = write(tmp_path / "b.txt", b"Fish &amp; chips\n", 0o600)
    ok = write(tmp_path / "ok.txt", "Already fine, café.\n".encode(), 0o644)
    os.utime(ok, (1_000_000_000, 1_000_000_000))
    assert main(["clean", "-i", str(a), str(b), str(ok)]) == 0
    assert a.read_text("utf-8") == FIXED
    assert b.read_text("utf-8") == "Fish & chips\n"
    assert (a.stat().st_mode & 0o777, b.stat().st_mode & 0o777) == (0o640, 0o600)
    assert ok.stat().st_mtime == 1_000_000_000
    assert leftovers(tmp_path) == []
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "textfix: 3 files, 2 changed, 4 changes (mojibake 4), 0 errors\n"


def test_in_place_through_a_symlink_keeps_the_link(tmp_path):
    target = write(tmp_path / "target.txt", MOJIBAKE)
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    assert main(["clean", "-i", str(link)]) == 0
    assert link.is_symlink()
    assert target.read_text("utf-8") == FIXED


def test_log_records_every_change_and_replays(tmp_path):
    src = write(tmp_path / "m.txt", MOJIBAKE + b"Fish &amp; chips\n")
    log = tmp_path / "log.jsonl"
    assert main(["clean", "-i", str(src), "--log", str(log)]) == 0
    header, *records = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert header["type"] == "header" and {r["type"] for r in records} == {"change"}
    assert all(r["file"] == r["doc"] == str(src) for r in records)
    first = records[0]
    assert set(first) == {"type", "file", "doc", "rule", "start", "end", "before", "after", "confidence", "reason"}
    assert (first["rule"], first["start"], first["end"], first["before"], first["after"]) == (
        "mojibake.utf8-as-cp1252", 7, 9, "Ã©", "é")
    changes = [Change(**{k: r[k] for k in ("rule", "start", "end", "before", "after", "confidence", "reason")})
               for r in records]
    assert replay((MOJIBAKE + b"Fish &amp; chips\n").decode("utf-8"), changes) == src.read_text("utf-8")


def test_log_records_flags(tmp_path):
    src = write(tmp_path / "bom.txt", b"\xef\xbb\xbfhello\n")
    log = tmp_path / "log.jsonl"
    assert main(["clean", str(src), "--log", str(log)]) == 0
    _, record = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert record["type"] == "flag"
    assert record["rule"] == "decode.bom"
    assert set(record) == {"type", "file", "doc", "rule", "message", "start", "end"}


def test_log_to_stderr_keeps_stdout_clean(tmp_path, capsys):
    src = write(tmp_path / "m.txt", MOJIBAKE)
    assert main(["clean", str(src), "--log", "-"]) == 0
    out, err = capsys.readouterr()
    assert out == FIXED
    assert [json.loads(line)["after"] for line in err.splitlines()[1:]] == ["é", "“", "”"]


def test_cp1252_file_becomes_utf8(tmp_path, capsys):
    src = write(tmp_path / "c.txt", CP1252.encode("cp1252"))
    assert main(["clean", "-e", "cp1252", "-i", str(src)]) == 0
    assert src.read_text("utf-8") == CP1252


def test_cp1252_file_is_detected_and_rewritten_as_utf8(tmp_path, capsys):
    src = write(tmp_path / "c.txt", CP1252.encode("cp1252"))
    assert main(["check", str(src)]) == 1
    assert capsys.readouterr().out.startswith(f"{src}: decode.detected file would be rewritten as UTF-8 (was ")
    assert main(["clean", "-i", str(src)]) == 0
    src.read_bytes().decode("utf-8")  # valid UTF-8 now


def test_cp1252_file_is_detected_as_cp1252(tmp_path, capsys):
    src = write(tmp_path / "c.txt", CP1252.encode("cp1252"))
    assert main(["clean", str(src)]) == 0
    assert capsys.readouterr().out == CP1252


def test_forced_encoding_that_does_not_fit_is_an_input_error(tmp_path, capsys):
    src = write(tmp_path / "c.txt", CP1252.encode("cp1252"))
    assert main(["clean", "-e", "utf-8", "-i", str(src)]) == 3
    assert f"textfix: {src}: cannot be decoded as utf-8" in capsys.readouterr().err
    assert src.read_bytes() == CP1252.encode("cp1252")


def test_ignore_and_select(tmp_path, capsys):
    src = write(tmp_path / "m.txt", MOJIBAKE + b"Fish &amp; chips\n")
    assert main(["clean", "--ignore", "mojibake", str(src)]) == 0
    assert capsys.readouterr().out.encode() == MOJIBAKE + b"Fish &amp; chips\n"
    assert main(["clean", "--select", "mojibake.html-entity", str(src)]) == 0
    assert capsys.readouterr().out.encode() == MOJIBAKE + b"Fish & chips\n"
    assert main(["clean", "--ignore", "mojibake.html-entity", "--ignore", "mojibake.c1-controls", str(src)]) == 0
    assert capsys.readouterr().out == FIXED + "Fish &amp; chips\n"


@pytest.mark.parametrize("options", [
    ["--ignore", "nosuchrule"],
    ["--select", "mojibake,bogus"],
    ["--min-confidence", "1.5"],
    ["--min-confidence", "high"],
    ["-e", "no-such-codec"],
])
@pytest.mark.parametrize("command", ["clean", "check"])
def test_usage_errors_exit_2(tmp_path, capsys, command, options):
    src = write(tmp_path / "m.txt", MOJIBAKE)
    assert main([command, *options, str(src)]) == 2
    assert src.read_bytes() == MOJIBAKE
    assert "Traceback" not in capsys.readouterr().err


def test_no_command_is_a_usage_error(capsys):
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err


# unreadable input


def test_missing_file_is_named_and_the_others_still_processed(tmp_path, capsys):
    good = write(tmp_path / "good.txt", MOJIBAKE)
    missing = tmp_path / "missing.txt"
    assert main(["clean", "-i", str(missing), str(good)]) == 3
    err = capsys.readouterr().err
    assert f"textfix: {missing}: No such file or directory" in err
    assert "1 error" in err
    assert "Traceback" not in err
    assert good.read_text("utf-8") == FIXED


@pytest.mark.parametrize("data, reason", [(PNG, "PNG image"), (b"text\x00with\x00NULs\n", "NUL bytes")])
def test_binary_input_is_refused_and_untouched(tmp_path, capsys, data, reason):
    binary = write(tmp_path / "data.bin", data)
    good = write(tmp_path / "good.txt", MOJIBAKE)
    assert main(["clean", "-i", str(binary), str(good)]) == 3
    assert binary.read_bytes() == data
    assert good.read_text("utf-8") == FIXED
    err = capsys.readouterr().err
    assert f"textfix: {binary}: binary input refused" in err and reason in err


def test_empty_directory_is_walked_and_reported(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    assert main(["check", str(tmp_path / "sub")]) == 0
    assert f"textfix: {tmp_path / 'sub'}: no files to process" in capsys.readouterr().err


def test_failed_replace_leaves_the_original(tmp_path, capsys, monkeypatch):
    src = write(tmp_path / "m.txt", MOJIBAKE, 0o640)

    def denied(src_path, dst_path):
        raise PermissionError(13, "Permission denied", dst_path)

    monkeypatch.setattr(os, "replace", denied)
    assert main(["clean", "-i", str(src)]) == 3
    assert src.read_bytes() == MOJIBAKE
    assert leftovers(tmp_path) == []
    err = capsys.readouterr().err
    assert f"textfix: {src}: cannot write: Permission denied" in err
    assert "Traceback" not in err


def test_failed_output_write_creates_nothing(tmp_path, capsys, monkeypatch):
    src = write(tmp_path / "m.txt", MOJIBAKE)
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    assert main(["clean", str(src), "-o", str(tmp_path / "out.txt")]) == 3
    assert not (tmp_path / "out.txt").exists()
    assert leftovers(tmp_path) == []
    assert "No space left on device" in capsys.readouterr().err


def test_output_into_a_missing_directory_names_the_output(tmp_path, capsys):
    src = write(tmp_path / "m.txt", MOJIBAKE)
    out = tmp_path / "no" / "such" / "out.txt"
    assert main(["clean", str(src), "-o", str(out)]) == 3
    assert f"textfix: {out}: cannot write: No such file or directory" in capsys.readouterr().err


def test_interrupt_exits_130_and_removes_the_temp_file(tmp_path, capsys, monkeypatch):
    src = write(tmp_path / "m.txt", MOJIBAKE)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    assert main(["clean", "-i", str(src)]) == 130
    assert src.read_bytes() == MOJIBAKE
    assert leftovers(tmp_path) == []
    assert "Traceback" not in capsys.readouterr().err


# check


def test_check_lists_each_change_and_exits_1(tmp_path, capsys):
    src = write(tmp_path / "m.txt", b"First line\n" + MOJIBAKE)
    before = src.stat().st_mtime_ns
    assert main(["check", str(src)]) == 1
    assert capsys.readouterr().out.splitlines()[:3] == [  # the line, and the change marked beneath it
        f"{src}:2:8: mojibake.utf8-as-cp1252 'Ã©' -> 'é'",
        "  2 | The cafÃ© is â€œniceâ€\ufffd",  # a control character is shown, never sent to the terminal
        "    |        ^^ é",
    ]
    assert main(["check", str(src), "--output-format", "concise"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{src}:2:8: mojibake.utf8-as-cp1252 'Ã©' -> 'é'",
        f"{src}:2:14: mojibake.utf8-as-cp1252 'â€œ' -> '“'",
        f"{src}:2:21: mojibake.utf8-as-cp1252 'â€\\x9d' -> '”'",
    ]
    assert src.read_bytes() == b"First line\n" + MOJIBAKE
    assert src.stat().st_mtime_ns == before


def test_check_clean_file_exits_0_silently(tmp_path, capsys):
    src = write(tmp_path / "ok.txt", "Plain, correct text: naïve “quotes” — 日本語.\n".encode())
    assert main(["check", str(src)]) == 0
    assert capsys.readouterr() == ("", "")


def test_check_reports_findings_without_failing(tmp_path, capsys):
    src = write(tmp_path / "c1.txt", "Line one\nthe qui\x92être\n".encode())
    assert main(["check", str(src)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{src}:2:8: mojibake.c1-controls not repaired (confidence 0.50")
    assert main(["check", "--min-confidence", "0.4", "--output-format", "concise", str(src)]) == 1
    assert capsys.readouterr().out == f"{src}:2:8: mojibake.c1-controls '\\x92' -> '’'\n"


def test_check_bom_file_would_be_rewritten(tmp_path, capsys):
    src = write(tmp_path / "bom.txt", b"\xef\xbb\xbfhello\n")
    assert main(["check", str(src)]) == 1
    assert capsys.readouterr().out.startswith(f"{src}: decode.bom file would be rewritten as UTF-8 (was utf-8")
    assert main(["clean", "-i", str(src)]) == 0
    assert src.read_bytes() == b"hello\n"


def test_check_diff(tmp_path, capsys):
    src = write(tmp_path / "m.txt", b"First line\n" + MOJIBAKE + b"last &amp; final")
    assert main(["check", "--diff", str(src)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"--- a/{src}",
        f"+++ b/{src}",
        "@@ -1,3 +1,3 @@",
        " First line",
        "-The cafÃ© is â€œniceâ€\x9d",
        "-last &amp; final",
        "\\ No newline at end of file",
        "+The café is “nice”",
        "+last & final",
        "\\ No newline at end of file",
    ]


def test_check_several_files_prints_a_summary(tmp_path, capsys):
    bad = write(tmp_path / "bad.txt", MOJIBAKE)
    ok = write(tmp_path / "ok.txt", b"fine\n")
    assert main(["check", str(bad), str(ok)]) == 1
    assert capsys.readouterr().err == "textfix: 2 files, 1 would change, 3 changes (mojibake 3), 0 errors\n"
    assert main(["check", str(ok), str(tmp_path / "gone.txt")]) == 3


# config


def test_pyproject_config_is_used_and_flags_override_it(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nignore = ["mojibake.html-entity"]\n')
    (tmp_path / "sub").mkdir()
    src = write(tmp_path / "sub" / "e.txt", b"Fish &amp; chips\n")
    os.chdir(tmp_path / "sub")  # the nearest pyproject.toml is one level up
    assert main(["check", str(src)]) == 0
    assert main(["clean", str(src)]) == 0
    assert capsys.readouterr().out == "Fish &amp; chips\n"
    assert main(["clean", "--ignore", "mojibake.c1-controls", str(src)]) == 0
    assert capsys.readouterr().out == "Fish & chips\n"


def test_pyproject_config_keys(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.textfix]\nselect = "mojibake.c1-controls"\nmin-confidence = 0.4\nencoding = "auto"\n')
    src = write(tmp_path / "c1.txt", "qui\x92être &amp;\n".encode())
    assert main(["clean", str(src)]) == 0
    assert capsys.readouterr().out == "qui’être &amp;\n"


def test_bad_config_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nignroe = ["mojibake"]\n')
    src = write(tmp_path / "m.txt", MOJIBAKE)
    assert main(["check", str(src)]) == 2
    assert "unknown option 'ignroe'" in capsys.readouterr().err


def test_explicit_config_file(tmp_path, capsys):
    (tmp_path / "textfix.toml").write_text('ignore = ["mojibake"]\n')
    src = write(tmp_path / "m.txt", MOJIBAKE)
    assert main(["check", "--config", str(tmp_path / "textfix.toml"), str(src)]) == 0
    assert main(["check", "--config", str(tmp_path / "missing.toml"), str(src)]) == 2


# version, rules


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"textfix {textfix.__version__}\n"


def test_rules_lists_every_rule(capsys):
    assert main(["rules"]) == 0
    rows = {line.split()[0]: line.split()[1] for line in capsys.readouterr().out.splitlines()}
    assert rows["mojibake.utf8-as-cp1252"] == "on"
    assert rows["normalize.uncurl-quotes"] == "off"
    assert rows["decode.bom"] == "always"
    assert set(rows) >= {rule.id for rule in textfix.default_pipeline(("all",)).rules}


# real processes


def test_module_reads_stdin_and_writes_utf8():
    proc = run("clean", "-", stdin=MOJIBAKE)
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8") == FIXED
    assert proc.stderr == b""


def test_module_check_from_stdin():
    proc = run("check", "-", stdin=MOJIBAKE)
    assert proc.returncode == 1
    assert proc.stdout.decode("utf-8").startswith("<stdin>:1:8: mojibake.utf8-as-cp1252")


def test_module_reports_errors_without_traceback(tmp_path):
    good = write(tmp_path / "good.txt", MOJIBAKE)
    binary = write(tmp_path / "img.png", PNG)
    proc = run("clean", "-i", "missing.txt", str(binary), str(good), cwd=tmp_path)
    assert proc.returncode == 3
    err = proc.stderr.decode()
    assert "textfix: missing.txt: No such file or directory" in err
    assert f"textfix: {binary}: binary input refused" in err
    assert "Traceback" not in err
    assert good.read_text("utf-8") == FIXED
    assert binary.read_bytes() == PNG


def test_module_version_and_usage_error():
    assert run("--version").stdout.decode() == f"textfix {textfix.__version__}\n"
    proc = run("check", "--select", "nonsense", "x.txt")
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr


@pytest.mark.skipif(shutil.which("textfix") is None, reason="the textfix script is not installed")
def test_installed_script(tmp_path):
    src = write(tmp_path / "m.txt", MOJIBAKE)
    proc = subprocess.run([shutil.which("textfix"), "check", str(src)], capture_output=True)
    assert proc.returncode == 1
    proc = subprocess.run([shutil.which("textfix"), "clean", "-"], input=MOJIBAKE, capture_output=True)
    assert (proc.returncode, proc.stdout.decode("utf-8")) == (0, FIXED)


def test_importing_the_cli_is_cheap():
    code = "import sys, textfix.cli; print(sorted({'ftfy', 'charset_normalizer'} & set(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout == "[]\n"


def test_checking_a_clean_file_with_a_warm_cache_imports_nothing_heavy(tmp_path, monkeypatch):
    """Start-up is paid on every run of the hook: a clean small file needs neither ftfy nor
    the `regex` module nor importlib.metadata (read versions from `.dist-info` instead), nor
    the lossy rules (their screen finds no sign of damage)."""
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path / "cache"))
    src = write(tmp_path / "clean.txt", "A clean sentence.\nAnother one, with a curly \u2019 in it.\n".encode())
    heavy = {"ftfy", "charset_normalizer", "regex", "importlib.metadata", "wordfreq", "zstandard",
             "textfix.filters.lossy.document", "textfix.filters.lossy.letters"}
    code = (f"import sys\nfrom textfix.cli import main\ncode = main(['check', {str(src)!r}])\n"
            f"print(code, sorted({heavy!r} & set(sys.modules)))")
    for _ in range(2):  # the first run fills the empty cache, the second reads it
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout == "0 []\n", proc.stderr


LOADED = """
import sys
from textfix import lazyre
from textfix.cli import main
from textfix.filters.boilerplate import _BUILTIN_GATES
from textfix.filters import fastscan

made = []  # the scanners built in this run (Hyperscan compiles them): none, all come from the cache
init = fastscan.Scanner.__init__
fastscan.Scanner.__init__ = lambda self, expressions, *a, **k: made.append(len(expressions)) or init(self, expressions, *a, **k)
code = main(["check", sys.argv[1]])
(gate,) = _BUILTIN_GATES.values()
further = [p for p in gate.further if p is not None]
patterns = {id(value): (module.__name__ + "." + name, value) for module in list(sys.modules.values())
            if module and module.__name__.startswith("textfix")
            for name, value in vars(module).items() if isinstance(value, lazyre.LazyPattern)}
compiled = sorted(name for name, p in patterns.values() if len(vars(p)) > 1)
print(code, gate.str_keys.unpacked is None, gate.bytes_keys.unpacked is None or not gate.scans(),  # (read by the Python search)
      sum(p.unpacked is not None for p in further), len(further), sum(map(bool, made)) if fastscan.engine() != "python" else 0,
      len(compiled), len(patterns), compiled)
"""


def test_a_warm_check_of_a_small_clean_file_leaves_the_gates_tables_and_most_patterns_unread(tmp_path, monkeypatch):
    """A warm start unpickles the gate's cache entry and imports every filter: what a small
    ASCII file never reads stays as it was stored (the gate's key tables, by str and by bytes
    (those the Python search reads without Hyperscan), its start keys' longer starts but for
    its lines' keys: boilerplate/stored.py) and the
    filters' module-level patterns stay uncompiled (lazyre.py) but for the few its screens
    run; no Hyperscan database is compiled (the screens' scanners are cached too:
    fastscan.stored). Asserts what is loaded, not how long it took."""
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path / "cache"))
    src = write(tmp_path / "clean.txt", "The council approved the new budget on Tuesday.\nThe mayor said it was a \u2018relief\u2019 for the town.\n".encode())
    for _ in range(2):  # the first run fills the empty cache, the second reads it
        proc = subprocess.run([sys.executable, "-c", LOADED, str(src)], capture_output=True, text=True)
    code, str_keys_packed, bytes_keys_packed, read, stored, scanners, compiled, patterns, names = proc.stdout.split(" ", 8)
    assert (code, str_keys_packed, bytes_keys_packed, scanners) == ("0", "True", "True", "0"), proc.stderr
    assert int(read) <= 2 < int(stored)  # at most one start key's for each line
    assert int(compiled) <= 10 < 80 < int(patterns), names


@pytest.mark.parametrize("module", [textfix.cli, textfix.config, textfix.io])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


def test_a_byte_order_mark_is_dropped_unless_the_user_asks_to_keep_it(tmp_path, monkeypatch):
    data = "\ufeffThe cafÃ© is open.\n".encode("utf-8")
    dropped = write(tmp_path / "dropped.txt", data)
    kept = write(tmp_path / "kept.txt", data)
    configured = write(tmp_path / "configured.txt", data)
    assert main(["clean", "-i", str(dropped)]) == 0
    assert dropped.read_bytes() == "The café is open.\n".encode("utf-8")
    assert main(["clean", "-i", "--keep-bom", str(kept)]) == 0
    assert kept.read_bytes() == "\ufeffThe café is open.\n".encode("utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.textfix]\nkeep-bom = true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["clean", "-i", str(configured)]) == 0
    assert configured.read_bytes() == kept.read_bytes()
    clean_utf8_with_bom = write(tmp_path / "clean.txt", "\ufeffAlready clean.\n".encode("utf-8"))
    assert main(["check", "--keep-bom", str(clean_utf8_with_bom)]) == 0


# standard input: JSONL is recognised, compressed or JSON-looking input refused

SEEDS = sorted((__import__("pathlib").Path(__file__).parent.parent / "corpus" / "seeds").glob("*.in.txt"))


def test_jsonl_on_stdin_is_read_as_jsonl(tmp_path):
    """`zcat shard.jsonl.gz | textfix clean -`: records of real pages, one repeated (a text rule would
    drop it as a repeated paragraph) and one holding `?` next to JSON syntax; the output is what
    the named file gives, record for record."""
    texts = [p.read_bytes().decode("utf-8", "replace") for p in SEEDS[:3]]
    records = [{"id": i, "text": t} for i, t in enumerate(texts)]
    records += [records[0], {"id": 9, "text": "Is it ?\u00e2\u20ac\u2122s fine? \"yes\"?"}]
    shard = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    write(tmp_path / "shard.jsonl", shard)
    named = run("clean", "shard.jsonl", cwd=tmp_path)
    piped = run("clean", "-", stdin=shard, cwd=tmp_path)
    assert piped.returncode == named.returncode == 0, piped.stderr
    assert piped.stdout == named.stdout
    out = [json.loads(line) for line in piped.stdout.decode("utf-8").splitlines()]
    assert [r["id"] for r in out] == [r["id"] for r in records]
    assert out[-2] == out[0]
    assert run("check", "-", stdin=shard, cwd=tmp_path).stdout.startswith(b"<stdin>:1: text:")


def test_stdin_that_is_not_safely_text_is_refused_with_a_hint():
    import gzip

    piped = run("clean", "-", stdin=gzip.compress(b'{"text": "x"}\n'))
    assert piped.returncode == 2 and b"gzip-compressed" in piped.stderr and b"zcat" in piped.stderr
    pretty = b'{\n  "text": "caf\xc3\x83\xc2\xa9"\n}\n'
    piped = run("clean", "-", stdin=pretty)
    assert piped.returncode == 2 and b"--format text" in piped.stderr and piped.stdout == b""
    assert run("clean", "--format", "text", "-", stdin=pretty).returncode == 0
    plain = "{Braces} open this caf\u00c3\u00a9 text.\n".encode("utf-8")
    assert run("clean", "-", stdin=plain).stdout == "{Braces} open this café text.\n".encode("utf-8")


def test_config_file_with_a_tool_textfix_table(tmp_path, capsys):
    """`--config FILE` takes a pyproject-style `[tool.textfix]` table under any name, as ruff does."""
    src = write(tmp_path / "m.txt", MOJIBAKE + b"Fish &amp; chips\n")
    (tmp_path / "team.toml").write_text('[tool.textfix]\nignore = ["mojibake.html-entity"]\n')
    assert main(["clean", "--config", "team.toml", str(src)]) == 0
    assert capsys.readouterr().out == FIXED + "Fish &amp; chips\n"
    (tmp_path / "flat.toml").write_text('ignore = ["mojibake.html-entity"]\n')
    assert main(["clean", "--config", "flat.toml", str(src)]) == 0
    assert capsys.readouterr().out == FIXED + "Fish &amp; chips\n"


def test_top_level_help_says_what_textfix_does(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "boilerplate" in out and "mojibake" in out and "learn" in out and "docs/cli.md" in out


def test_a_span_is_reported_once_as_what_finally_happened(tmp_path, capsys):
    """One rule unsure of a span for two reasons, or unsure where another step repairs it:
    `check` shows the span once."""
    from textfix.filters import default_filters
    from textfix.pipeline import Filter, Pipeline, Rule

    src = write(tmp_path / "m.txt", "The caf\u00c3\u00a9 it\x92s\n".encode("utf-8"))
    assert main(["check", str(src)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len([line for line in out if ":1:13:" in line]) == 1, out

    class Unsure(Filter):
        rules = (Rule("test.unsure", "proposes a weak repair"),)

        def propose(self, text, ctx):
            i = text.find("\x92")
            return [Change("test.unsure", i, i + 1, "\x92", "'", 0.3, "weak")] if i >= 0 else []

    result = Pipeline([Unsure(), *default_filters()], select=["test", "mojibake"]).run("It\x92s caf\u00c3\u00a9 \x93ok\x94")
    assert "\x92" not in result.text
    assert not [f for f in result.flags if f.start == 2]


SAMPLES = __import__("pathlib").Path(__file__).parent.parent / "corpus" / "samples"


@pytest.mark.parametrize("name", ["bp-nav", "bp-related", "bp-social", "bp-tail-sweep", "bp-syndication-wire"])
def test_removals_leave_no_debris(tmp_path, capsys, name):
    """Boilerplate removed at the end of a real page: the file ends as it did (no `\\n` gained
    without a final newline, no stray `\\r` of a CRLF break), and no run of blank lines is left."""
    import re

    page = (SAMPLES / f"{name}.in.txt").read_text("utf-8")
    for variant in (page, page.rstrip("\n"), page.replace("\n", "\r\n"), page.rstrip("\n").replace("\n", "\r\n")):
        src = write(tmp_path / "page.txt", variant.encode("utf-8"))
        assert main(["clean", str(src)]) == 0
        out = capsys.readouterr().out
        assert len(out) < len(variant)  # something was removed
        assert out.endswith("\n") == variant.endswith("\n")
        assert not re.search(r"\r(?!\n)", out)
        assert not re.search(r"\n[ \t\r]*\n[ \t\r]*\n", out) and not re.search(r"\n[ \t\r]*\n[ \t\r]*$", out)


def test_rules_explain_and_json(capsys):
    """`rules --explain ID`: what a rule does, why, and the examples of its pack, each of which
    `clean` really removes (must match) or leaves (must keep); `--output-format json` lists all."""
    assert main(["rules", "--explain", "boilerplate.nav.skip-link"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("boilerplate.nav.skip-link (on by default)") and "Pack: textfix/rules/nav.toml" in out
    match = out.split("Must match (each is removed):\n")[1].split("\n\n")[0].splitlines()
    keep = out.split("Must keep (each is left alone):\n")[1].split("\n\n")[0].splitlines()
    assert "  Skip to main content" in match
    for example in match:
        text = f"{example.strip()}\nA council meeting on Tuesday approved the budget for the new bridge over the river.\n"
        assert not textfix.clean(text).text.startswith(example.strip())
    for example in keep:
        text = f"{example.strip()}\nA council meeting on Tuesday approved the budget for the new bridge over the river.\n"
        assert textfix.clean(text).text.startswith(example.strip())
    assert main(["rules", "--explain", "nav.skip"]) == 2
    assert "did you mean boilerplate.nav.skip-link" in capsys.readouterr().err
    assert main(["rules", "--output-format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert {r["default"] for r in rules} == {"on", "off", "always"}
    assert len(rules) == len(textfix.default_pipeline(("all",)).rules)
    assert all(r["examples_match"] for r in rules if r["family"] == "boilerplate" and "kind" in r and r["kind"] != "learned")


def test_package_is_typed():
    """py.typed ships with the package, so type checkers read textfix's annotations."""
    import importlib.resources

    assert importlib.resources.files("textfix").joinpath("py.typed").is_file()
    from pathlib import Path

    assert '"py.typed"' in (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()


def test_clean_a_tree_into_another(tmp_path, capsys):
    """`clean SRC_DIR -o OUT_DIR` mirrors the tree: every file processed, cleaned, at the same
    relative path, JSONL and compression kept; SRC is never touched."""
    import gzip

    src = tmp_path / "src"
    (src / "news" / "2024").mkdir(parents=True)
    pages = {"news/2024/nav.txt": (SAMPLES / "bp-nav.in.txt").read_bytes(),
             "news/dbl.txt": (SAMPLES / "double-encoding.in.txt").read_bytes(),
             "clean.txt": (SAMPLES / "clean-multilingual.in.txt").read_bytes()}
    for name, data in pages.items():
        (src / name).write_bytes(data)
    record = json.dumps({"id": 1, "text": pages["news/dbl.txt"].decode("utf-8")}) + "\n"
    (src / "news" / "shard.jsonl.gz").write_bytes(gzip.compress(record.encode("utf-8")))
    (src / "image.png").write_bytes(PNG)
    before = {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}
    assert main(["clean", str(src), "-o", str(tmp_path / "out")]) == 0
    out = tmp_path / "out"
    for name, data in pages.items():
        assert (out / name).read_text("utf-8") == textfix.clean(data).text
    shard = json.loads(gzip.decompress((out / "news" / "shard.jsonl.gz").read_bytes()))
    assert shard == {"id": 1, "text": textfix.clean(pages["news/dbl.txt"]).text}
    assert not (out / "image.png").exists()  # only what clean processes
    assert {p: p.read_bytes() for p in src.rglob("*") if p.is_file()} == before
    assert main(["clean", str(src), "-o", str(src / "sub")]) == 2
    assert "must not be inside" in capsys.readouterr().err
    assert main(["clean", str(src), "-o", str(src / "clean.txt")]) == 2


def test_per_file_ignores_in_tool_textfix(tmp_path, capsys):
    """A file that legitimately holds what a rule matches (a site's own terms page) is exempted
    by path in [tool.textfix], as ruff's per-file-ignores does; other files are cleaned as usual."""
    page = (SAMPLES / "bp-legal.in.txt").read_bytes()
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / "terms.txt").write_bytes(page)
    (tmp_path / "article.txt").write_bytes(page)
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nper-file-ignores = {"legal/*.txt" = ["boilerplate.legal"]}\n')
    assert main(["check", "--output-format", "json", "-q", "legal", "article.txt"]) == 1
    items = json.loads(capsys.readouterr().out)
    assert any(i["file"] == "article.txt" and i["rule"].startswith("boilerplate.legal") for i in items)
    assert not any(i["file"].startswith("legal") and i["rule"].startswith("boilerplate.legal") for i in items)
    sub = tmp_path / "legal"  # the globs are relative to the configuration file, wherever textfix runs
    os.chdir(sub)
    assert main(["check", "--output-format", "json", "-q", "terms.txt"]) in (0, 1)
    assert not any(i["rule"].startswith("boilerplate.legal") for i in json.loads(capsys.readouterr().out or "[]"))
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nper-file-ignores = {"*.txt" = ["nosuch.rule"]}\n')
    assert main(["check", "terms.txt"]) == 2
    assert "per-file-ignores '*.txt'" in capsys.readouterr().err
