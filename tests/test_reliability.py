"""Nothing lost, no way in (issue 12): each data-loss, hang and injection path as a test.

Every test here failed on the code before the fix it names: damaged compressed files
were cut short, device nodes replaced, the log allowed to truncate an input, FIFOs read
forever, tracebacks instead of named errors, raw file names printed.
"""

import bz2
import errno
import gzip
import lzma
import os
import stat
import subprocess
import sys

import pytest

import textfix
from textfix import cli, formats, io
from textfix.pipeline import Pipeline

zstandard = pytest.importorskip("zstandard")

DAMAGED = "caf\u00c3\u00a9 line\n"
FIXED = "café line\n"
RECORDS = b"".join(b'{"id": %d, "text": "caf\xc3\x83\xc2\xa9 number %d"}\n' % (i, i) for i in range(103))


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def compress(kind: str, data: bytes) -> bytes:
    return {"gz": lambda d: gzip.compress(d, mtime=0), "bz2": bz2.compress, "xz": lzma.compress,
            "zst": lambda d: zstandard.ZstdCompressor(write_checksum=True).compress(d)}[kind](data)


def two_streams(kind: str) -> tuple:
    """The records as two concatenated compressed streams (as `cat a.gz b.gz` makes)."""
    return compress(kind, RECORDS[:300]), compress(kind, RECORDS[300:])


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


DAMAGE = {
    "trailing-garbage": lambda a, b: a + b + b"this is not compressed data",
    "later-stream-corrupt": lambda a, b: a + flip(b, len(b) // 2),
    "truncated": lambda a, b: a + b[:-7],
    "first-stream-corrupt": lambda a, b: flip(a, len(a) // 2) + b,
}
KINDS = ("gz", "bz2", "xz", "zst")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_compressed_stream_is_an_error_not_a_short_read(kind, damage):
    data = DAMAGE[damage](*two_streams(kind))
    with pytest.raises(formats.decompression_errors() + (OSError,)):
        formats.wrap_read(__import__("io").BytesIO(data), {"gz": "gzip", "zst": "zstd"}.get(kind, kind)).read()


@pytest.mark.parametrize("kind", KINDS)
def test_concatenated_streams_read_whole(kind):
    a, b = two_streams(kind)
    assert formats.wrap_read(__import__("io").BytesIO(a + b), {"gz": "gzip", "zst": "zstd"}.get(kind, kind)).read() == RECORDS


def test_zst_is_written_with_content_checksums_that_are_checked():
    written = formats.compress(RECORDS, "zstd")
    params = zstandard.get_frame_parameters(written)
    assert params.has_checksum
    damaged = flip(written, len(written) // 2)
    with pytest.raises(formats.decompression_errors()):
        formats.wrap_read(__import__("io").BytesIO(damaged), "zstd").read()


@pytest.mark.parametrize("suffix", ["jsonl", "txt"])
def test_damaged_xz_in_place_is_named_untouched_exit_3(tmp_path, capsys, suffix):
    bad = tmp_path / f"shard.{suffix}.xz"
    bad.write_bytes(DAMAGE["later-stream-corrupt"](*two_streams("xz")))
    before = bad.read_bytes()
    good = tmp_path / "good.txt"
    good.write_text(DAMAGED, encoding="utf-8")
    assert cli.main(["clean", "-i", str(bad), str(good)]) == 3
    err = capsys.readouterr().err
    assert bad.read_bytes() == before
    assert good.read_text(encoding="utf-8") == FIXED
    assert [line for line in err.splitlines() if str(bad) in line and "corrupt" in line]
    assert "Traceback" not in err


# item 2: -o onto a device node or a FIFO


def test_output_onto_a_device_is_written_through_not_replaced(tmp_path):
    # A null device of our own: on broken code this test must not replace the system's.
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root (only root could replace one in /dev)")
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    before = os.stat(null)
    assert cli.main(["clean", "a.txt", "-o", str(null)]) == 0
    (tmp_path / "b.jsonl").write_bytes(RECORDS)
    assert cli.main(["clean", "-j", "2", "b.jsonl", "-o", str(null)]) == 0
    after = os.stat(null)
    assert (after.st_ino, after.st_mode, after.st_rdev) == (before.st_ino, before.st_mode, before.st_rdev)
    assert stat.S_ISCHR(after.st_mode)
    assert not list(tmp_path.glob(".textfix-*"))


def test_output_onto_a_fifo_writes_into_it(tmp_path):
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    assert cli.main(["clean", "a.txt", "-o", str(fifo)]) == 0
    assert reader.communicate(timeout=30)[0] == FIXED.encode()
    assert os.path.exists(fifo) and not os.path.isfile(fifo)


def test_output_onto_a_socket_is_refused(tmp_path, capsys):
    import socket

    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    with socket.socket(socket.AF_UNIX) as s:
        s.bind("sock")
        assert cli.main(["clean", "a.txt", "-o", "sock"]) == 3
    assert "not a regular file" in capsys.readouterr().err


# item 3: --log naming an input


@pytest.mark.parametrize("jsonl", [False, True])
def test_log_naming_an_input_is_a_usage_error(tmp_path, capsys, jsonl):
    name = "a.jsonl" if jsonl else "a.txt"
    content = RECORDS if jsonl else DAMAGED.encode()
    (tmp_path / name).write_bytes(content)
    (tmp_path / "b.txt").write_text(DAMAGED, encoding="utf-8")
    assert cli.main(["clean", "-i", "b.txt", name, "--log", f"./{name}"]) == 2
    assert (tmp_path / name).read_bytes() == content
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == DAMAGED
    assert "--log" in capsys.readouterr().err


def test_log_naming_an_input_through_a_hard_link_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    os.link("a.txt", "log.jsonl")
    assert cli.main(["clean", "a.txt", "--log", "log.jsonl"]) == 2
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DAMAGED


# item 9: MemoryError on one file


@pytest.mark.parametrize("kind", ["txt", "jsonl"])
def test_memory_error_on_one_file_is_reported_and_the_rest_processed(tmp_path, capsys, monkeypatch, kind):
    real = Pipeline.run

    def run(self, text, *args, **kw):  # (what clean and the block path of JSONL records both call)
        if "HUGE" in text:
            raise MemoryError
        return real(self, text, *args, **kw)

    monkeypatch.setattr(Pipeline, "run", run)
    huge = tmp_path / f"huge.{kind}"
    huge.write_text('{"text": "HUGE caf\u00c3\u00a9"}\n' if kind == "jsonl" else "HUGE " + DAMAGED, encoding="utf-8")
    before = huge.read_bytes()
    later = tmp_path / "z.txt"
    later.write_text(DAMAGED, encoding="utf-8")
    assert cli.main(["clean", "-i", str(huge), str(later)]) == 3
    err = capsys.readouterr().err
    assert "memory" in err and str(huge) in err and "Traceback" not in err
    assert huge.read_bytes() == before
    assert later.read_text(encoding="utf-8") == FIXED


# item 10: a FIFO named as input


def test_fifo_input_is_refused_not_read_forever(tmp_path):
    os.mkfifo(tmp_path / "in.txt")
    (tmp_path / "b.txt").write_text(DAMAGED, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "textfix", "clean", "-i", "in.txt", "b.txt"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert "in.txt: not a regular file (a FIFO)" in proc.stderr
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == FIXED


def test_device_input_is_refused(capsys):
    assert cli.main(["check", "/dev/zero"]) == 3
    assert "not a regular file (a character device)" in capsys.readouterr().err


# item 11: an unwritable log or stdout


@pytest.mark.parametrize("name", ["a.txt", "a.jsonl"])
def test_unwritable_log_stops_before_any_file_is_rewritten(tmp_path, name):
    content = RECORDS if name.endswith("jsonl") else DAMAGED.encode()
    (tmp_path / name).write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "textfix", "clean", "-i", name, "--log", "/dev/full"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert "cannot write the log: No space left on device" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / name).read_bytes() == content
    assert not list(tmp_path.glob(".textfix-*"))


@pytest.mark.parametrize("command", ["clean", "check"])
def test_full_stdout_is_a_clear_error(tmp_path, command):
    (tmp_path / "a.txt").write_text(DAMAGED * 2000, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "textfix", command, "a.txt"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert "cannot write to standard output" in proc.stderr and "Traceback" not in proc.stderr


# item 12: codecs and rule packs


@pytest.mark.parametrize("encoding", ["undefined", "punycode", "idna", "unicode_escape", "base64", "rot13", "no-such"])
def test_unusable_codec_is_a_usage_error_before_any_file_is_read(tmp_path, capsys, encoding):
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    assert cli.main(["clean", "-i", "-e", encoding, "a.txt"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DAMAGED


def test_codec_failing_without_position_is_a_named_file_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_bytes(b"+AGE-\x80")
    assert cli.main(["check", "-e", "utf-7", "a.txt"]) == 3
    assert "a.txt: cannot be decoded as utf-7" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["--rules", "--config"])
def test_non_utf8_toml_is_a_usage_error(tmp_path, capsys, where):
    (tmp_path / "bad.toml").write_bytes(b"[pack]\nname = \"caf\xe9\"\n")
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    assert cli.main(["check", where, "bad.toml", "a.txt"]) == 2
    err = capsys.readouterr().err
    assert "bad.toml: not UTF-8" in err and "Traceback" not in err


# item 13: file names on stdout/stderr


def test_file_names_are_escaped_in_reports_and_errors(tmp_path, capsys):
    name = "x\nforged.txt:1:1: mojibake.x 'a' -> 'b'\x1b[31m.txt"
    (tmp_path / name).write_text(DAMAGED, encoding="utf-8")
    missing = "gone\x1b]0;title\x07.txt"
    assert cli.main(["check", "--diff", name]) == 1
    assert cli.main(["check", "--output-format", "concise", name, missing]) == 3
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err
    assert "\\x1b[31m" in out and "\\x1b]0;title\\x07" in err
    assert all(line.startswith(("x\\nforged", "---", "+++", "@@", "-", "+")) for line in out.splitlines())


def test_shown_leaves_printable_names_alone():
    assert io.shown("données/été 2024.txt") == "données/été 2024.txt"
    assert io.shown("a\u202eb\udcff") == "a\\u202eb\\xff"


# item 17: extended attributes and hard links


def test_in_place_rewrite_keeps_extended_attributes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    try:
        os.setxattr(path, "user.origin", b"crawl-2024")
    except OSError as e:
        if e.errno in (errno.ENOTSUP, errno.EPERM):
            pytest.skip("no user extended attributes on this file system")
        raise
    assert cli.main(["clean", "-i", "a.txt"]) == 0
    assert path.read_text(encoding="utf-8") == FIXED
    assert os.getxattr(path, "user.origin") == b"crawl-2024"


def test_hard_linked_file_is_refused_not_split(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    os.link("a.txt", "b.txt")
    (tmp_path / "c.txt").write_text(DAMAGED, encoding="utf-8")
    assert cli.main(["clean", "-i", "a.txt", "c.txt"]) == 3
    assert "a.txt: cannot write: has 2 hard links" in capsys.readouterr().err
    assert os.stat("a.txt").st_ino == os.stat("b.txt").st_ino
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == DAMAGED
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == FIXED


# item 4: the removal guard

EVERYTHING = """[pack]
name = "everything"
[[rule]]
id = "boilerplate.site.everything"
kind = "site"
description = "a rule gone wrong"
scope = "{scope}"
position = "anywhere"
confidence = 0.9
{extra}
patterns = ['{pattern}']
"""
ARTICLE = ("The council met on Tuesday to vote on the new bridge.\nMost members said the cost was too high.\n"
           "Jo says:\nThe vote is set for May.\nA second reading follows in June.\n")


@pytest.mark.parametrize("scope, extra, pattern", [("line", "", ".*"), ("block", "block_to_end = true", "The council.*")])
def test_rule_that_takes_most_of_a_document_removes_nothing_and_flags_it(tmp_path, scope, extra, pattern):
    pack = tmp_path / "pack.toml"
    pack.write_text(EVERYTHING.format(scope=scope, extra=extra, pattern=pattern), encoding="utf-8")
    result = textfix.clean(ARTICLE, config={"rules": [str(pack)]})
    assert result.text == ARTICLE and not result.changes
    assert [f.rule for f in result.flags] == ["pipeline.removal-guard"]
    forced = textfix.clean(ARTICLE, config={"rules": [str(pack)], "force_removals": True})
    assert len(forced.text) < len(ARTICLE) * 0.2
    assert textfix.replay(ARTICLE, forced.changes) == forced.text


def test_built_in_rules_obey_the_guard_and_other_repairs_still_happen():
    text = "ADVERTISEMENT\n" * 10 + "The caf\u00c3\u00a9 opened on Tuesday.\n"
    result = textfix.clean(text)
    assert result.text == "ADVERTISEMENT\n" * 10 + "The café opened on Tuesday.\n"
    assert "pipeline.removal-guard" in [f.rule for f in result.flags]
    assert all(not c.rule.startswith("boilerplate") for c in result.changes)
    assert textfix.clean(text, config={"force_removals": True}).text == "The café opened on Tuesday.\n"


def test_guard_on_the_command_line(tmp_path, capsys):
    pack = tmp_path / "pack.toml"
    pack.write_text(EVERYTHING.format(scope="line", extra="", pattern=".*"), encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert cli.main(["clean", "-i", "-v", "--rules", str(pack), "a.txt"]) == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ARTICLE
    assert "pipeline.removal-guard" in capsys.readouterr().err
    assert cli.main(["clean", "-i", "--force-removals", "--rules", str(pack), "a.txt"]) == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").strip() == ""


# item 15: deep JSON gets one answer whatever -j is


@pytest.mark.parametrize("depth", [499, 980, 5000])
def test_deep_json_same_answer_with_one_or_two_jobs(tmp_path, depth):
    shard = tmp_path / "deep.jsonl"
    shard.write_text('{"text": "caf\u00c3\u00a9", "x": ' + "[" * depth + "]" * depth + "}\n", encoding="utf-8")
    answers = set()
    for jobs in ("1", "2"):
        proc = subprocess.run([sys.executable, "-m", "textfix", "check", "-j", jobs, str(shard)],
                              capture_output=True, text=True, timeout=120)
        assert "Traceback" not in proc.stderr
        answers.add((proc.returncode, proc.stdout, proc.stderr))
    assert len(answers) == 1
    assert answers.pop()[0] == (1 if depth < formats.MAX_NESTING else 3)


def test_brackets_inside_strings_do_not_count_as_nesting():
    line = '{"text": "' + "[" * 2000 + '"}'
    assert not formats.too_deep(line)
    assert formats.load_record(line.encode(), 1)[1]["text"] == "[" * 2000


@pytest.mark.parametrize("kind", ["gzip", "bz2", "xz", "zstd"])
@pytest.mark.parametrize("data", [b"", b"\0" * 8])
def test_empty_or_padding_only_compressed_file_is_an_error(kind, data):
    with pytest.raises(formats.decompression_errors() + (OSError,)):
        formats.wrap_read(__import__("io").BytesIO(data), kind).read()


# item 7: user regexes are bounded

SLOW_RULE = """[pack]
name = "slow"
[[rule]]
id = "boilerplate.site.slow"
kind = "site"
description = "a pattern that backtracks for ever on a run of a's"
scope = "line"
position = "anywhere"
confidence = 0.9
patterns = ['{pattern}']
{extra}
"""


@pytest.mark.parametrize("pattern, extra", [("a{1000000000}", ""), ("x", "followed_by = 'b{0,99999}c'"),
                                            ("|".join(f"w{i}" for i in range(50000)), "")])
def test_huge_patterns_are_refused_at_load(tmp_path, capsys, pattern, extra):
    pack = tmp_path / "pack.toml"
    pack.write_text(SLOW_RULE.format(pattern=pattern, extra=extra), encoding="utf-8")
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    import time

    started = time.monotonic()
    assert cli.main(["check", "--rules", str(pack), "a.txt"]) == 2
    assert time.monotonic() - started < 20
    assert "boilerplate.site.slow" in capsys.readouterr().err


def _slow_pack(tmp_path, where):
    pattern, extra = ("(?:a|aa|aaa)+b", "") if where == "pattern" else ("x", "followed_by = '(?:a|aa|aaa)+b'")
    pack = tmp_path / "slow.toml"
    pack.write_text(SLOW_RULE.format(pattern=pattern, extra=extra), encoding="utf-8")
    return pack


@pytest.mark.parametrize("where", ["pattern", "followed_by"])
def test_slow_pattern_has_a_budget_per_document_and_only_flags(tmp_path, monkeypatch, where):
    import time

    from textfix.filters import safe_regex

    monkeypatch.setattr(safe_regex, "LINE_SECONDS", 0.2)
    monkeypatch.setattr(safe_regex, "DOCUMENT_SECONDS", 0.5)
    pack = _slow_pack(tmp_path, where)
    # 40 lines that each take the pattern past its line limit (8 s without a document budget)
    text = "An article line that is long enough to be running text, as articles are.\n" + "x\n" + ("a" * 60 + "cb\nx\n") * 40
    started = time.monotonic()
    result = textfix.clean(text, config={"rules": [str(pack)]})
    assert time.monotonic() - started < 4
    assert result.text == text
    assert "boilerplate.timeout" in [f.rule for f in result.flags]


def test_slow_followed_by_with_two_jobs_flags_and_goes_on(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pack = _slow_pack(tmp_path, "followed_by")
    (tmp_path / "a.txt").write_text("x\n" + "a" * 28 + "cb\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(DAMAGED, encoding="utf-8")
    assert cli.main(["clean", "-i", "-v", "-j", "2", "--rules", str(pack), "a.txt", "b.txt"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == FIXED
