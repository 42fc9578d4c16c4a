"""JSONL shards: only the text field changes, compression round trips, bad input, -j gives the same bytes."""

import bz2
import gzip
import json
import lzma
import os
import re

import pytest

from textfix import formats
from textfix.cli import main

LINES = [
    '{"id": "a1", "text": "The cafÃ© is open", "n": 1, "tags": ["x", "y"]}\n',
    '{"id":2,"text":"plain and correct","url":"https://example.com/ä"}\n',
    '{"text": "caf\\u00c3\\u00a9 \\/ na\\u00EFve", "id": "esc"}\n',
    "\n",
    '{"meta": {"lang": "fr", "body": "Fish &amp; chips"}, "id": 4, "text": "ok"}\n',
    '{"id": "last", "text": "Fish &amp; chips — done"}',
]
ORIGINAL = "".join(LINES).encode("utf-8")
EXPECTED = "".join([
    '{"id": "a1", "text": "The café is open", "n": 1, "tags": ["x", "y"]}\n',
    LINES[1],
    '{"text": "caf\\u00E9 \\/ na\\u00EFve", "id": "esc"}\n',
    "\n",
    LINES[4],
    '{"id": "last", "text": "Fish & chips — done"}',
]).encode("utf-8")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def leftovers(directory):
    return [p.name for p in directory.rglob(".textfix-*")]


def log_records(path):
    """The change and flag records (after the header)."""
    return [r for r in map(json.loads, path.read_text("utf-8").splitlines()) if r["type"] != "header"]


def test_only_the_text_field_of_changed_records_changes(tmp_path, capsys):
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(ORIGINAL)
    assert main(["clean", "-i", str(shard), "--log", "log.jsonl"]) == 0
    assert shard.read_bytes() == EXPECTED
    records = log_records(tmp_path / "log.jsonl")
    assert [(r["record"], r["doc"], r["field"], r["rule"].split(".")[0], r["after"]) for r in records] == [
        (1, "a1", "text", "mojibake", "é"),
        (3, "esc", "text", "mojibake", "é"),
        (6, "last", "text", "mojibake", "&"),
    ]
    assert all(r["file"] == str(shard) and r["type"] == "change" for r in records)
    assert leftovers(tmp_path) == []


def test_unchanged_shard_is_not_touched(tmp_path):
    shard = tmp_path / "ok.jsonl"
    shard.write_bytes(LINES[1].encode() * 3)
    os.utime(shard, (1_000_000_000, 1_000_000_000))
    assert main(["clean", "-i", str(shard)]) == 0
    assert shard.stat().st_mtime == 1_000_000_000


def test_dotted_and_repeated_text_fields(tmp_path, capsys):
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(ORIGINAL)
    assert main(["clean", str(shard), "--text-field", "meta.body", "--on-error", "skip", "--log", "-"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines(keepends=True)
    assert lines[4] == '{"meta": {"lang": "fr", "body": "Fish & chips"}, "id": 4, "text": "ok"}\n'
    assert lines[:4] == LINES[:4]  # records without meta.body are kept as they are, and counted
    assert "4 missing or null text fields skipped" in err
    assert '"field": "meta.body"' in err and '"doc": 4' in err
    assert main(["check", str(shard), "--text-field", "text", "--text-field", "meta.body", "--on-error", "skip"]) == 1
    out = capsys.readouterr().out
    assert f"{shard}:5: meta.body:1:6: mojibake.html-entity '&amp;' -> '&'" in out


def test_id_field_and_records_without_id(tmp_path):
    shard = tmp_path / "s.jsonl"
    shard.write_text('{"meta": {"key": "k-7"}, "text": "cafÃ©"}\n{"text": "cafÃ©"}\n', "utf-8")
    assert main(["clean", str(shard), "-o", "out.jsonl", "--id-field", "meta.key", "--log", "log.jsonl"]) == 0
    assert [r["doc"] for r in log_records(tmp_path / "log.jsonl")] == ["k-7", f"{shard}:2"]


def test_check_lines_name_record_field_line_and_column(tmp_path, capsys):
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(ORIGINAL)
    assert main(["check", "--output-format", "concise", str(shard)]) == 1
    lines = [re.sub(r" mojibake\.[a-z0-9-]+ ", " RULE ", line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        f"{shard}:1: text:1:8: RULE 'Ã©' -> 'é'",
        f"{shard}:3: text:1:4: RULE 'Ã©' -> 'é'",
        f"{shard}:6: text:1:6: RULE '&amp;' -> '&'",
    ]
    assert shard.read_bytes() == ORIGINAL
    assert main(["check", "--diff", str(shard)]) == 1
    out = capsys.readouterr().out
    assert f"--- a/{shard}:1:text\n+++ b/{shard}:1:text\n" in out
    assert "-The cafÃ© is open\n" in out and "+The café is open\n" in out


def test_format_flag_and_stdin(tmp_path, capsys, monkeypatch):
    shard = tmp_path / "records.txt"
    shard.write_bytes(ORIGINAL)
    assert main(["clean", "--format", "jsonl", str(shard)]) == 0
    assert capsys.readouterr().out.encode() == EXPECTED
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ORIGINAL)))
    assert main(["clean", "--format", "jsonl", "-"]) == 0
    assert capsys.readouterr().out.encode() == EXPECTED


def test_crlf_bom_and_surrogate_escapes(tmp_path):
    shard = tmp_path / "s.jsonl"
    data = '\ufeff{"text": "cafÃ©"}\r\n{"text": "x\\ud800 cafÃ©"}\r\n'.encode("utf-8")
    shard.write_bytes(data)
    assert main(["clean", "-i", str(shard), "--ignore", "mojibake.surrogate"]) == 0
    assert shard.read_bytes() == '\ufeff{"text": "café"}\r\n{"text": "x\\ud800 café"}\r\n'.encode("utf-8")


def test_encode_like_keeps_the_escaping_style():
    assert formats.encode_like("café “x”", '"cafe"') == '"café “x”"'
    assert formats.encode_like("café", '"caf\\u00c3\\u00a9"') == '"caf\\u00e9"'
    assert formats.encode_like("a/b", '"a\\/c"') == '"a\\/b"'
    assert formats.encode_like("x\ud800", '"x"') == '"x\\ud800"'
    assert json.loads(formats.encode_like("\\uabcd é", '"\\u00C9"')) == "\\uabcd é"


def test_splice_fields_uses_the_last_duplicate_key_like_json():
    line = '{"text": "a", "x": {"text": "b"}, "text": "c"}'
    assert formats.splice_fields(line, [(("text",), "C")]) == '{"text": "a", "x": {"text": "b"}, "text": "C"}'
    assert formats.splice_fields(line, [(("x", "text"), "B")]) == '{"text": "a", "x": {"text": "B"}, "text": "c"}'


# compression


def _compress(kind, data):
    if kind == "zst":
        zstandard = pytest.importorskip("zstandard", reason="the zstd extra (zstandard) is not installed")
        return zstandard.ZstdCompressor().compress(data)
    return {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}[kind](data)


def _decompress(kind, data):
    if kind == "zst":
        import zstandard

        return zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return {"gz": gzip.decompress, "bz2": bz2.decompress, "xz": lzma.decompress}[kind](data)


@pytest.mark.parametrize("kind", ["gz", "bz2", "xz", "zst"])
def test_compressed_shards_are_written_back_in_the_same_format(tmp_path, capsys, kind):
    shard = tmp_path / f"s.jsonl.{kind}"
    text = tmp_path / f"t.txt.{kind}"
    shard.write_bytes(_compress(kind, ORIGINAL))
    text.write_bytes(_compress(kind, "The cafÃ© is open\n".encode()))
    assert main(["check", str(shard), str(text)]) == 1
    assert f"{shard}:1: text:1:8:" in capsys.readouterr().out
    assert main(["clean", "-i", str(tmp_path)]) == 0
    assert _decompress(kind, shard.read_bytes()) == EXPECTED
    assert _decompress(kind, text.read_bytes()) == "The café is open\n".encode()
    assert main(["check", str(shard), str(text)]) == 0
    assert leftovers(tmp_path) == []


def test_output_compression_follows_the_output_name(tmp_path, capsys):
    shard = tmp_path / "s.jsonl.gz"
    shard.write_bytes(gzip.compress(ORIGINAL))
    assert main(["clean", str(shard), "-o", "out.jsonl.xz"]) == 0
    assert lzma.decompress((tmp_path / "out.jsonl.xz").read_bytes()) == EXPECTED
    assert main(["clean", str(shard)]) == 0  # stdout: plain text
    assert capsys.readouterr().out.encode() == EXPECTED


def test_multi_member_gzip_and_multi_frame_zstd(tmp_path):
    shard = tmp_path / "s.jsonl.gz"
    shard.write_bytes(gzip.compress(ORIGINAL[:60]) + gzip.compress(ORIGINAL[60:]))
    assert main(["clean", "-i", str(shard)]) == 0
    assert gzip.decompress(shard.read_bytes()) == EXPECTED
    zstandard = pytest.importorskip("zstandard", reason="the zstd extra (zstandard) is not installed")
    shard = tmp_path / "s.jsonl.zst"
    c = zstandard.ZstdCompressor()
    shard.write_bytes(c.compress(ORIGINAL[:60]) + c.compress(ORIGINAL[60:]))
    assert main(["clean", "-i", str(shard)]) == 0
    assert _decompress("zst", shard.read_bytes()) == EXPECTED


# bad input


def _bad_inputs(tmp_path):
    good_gz = gzip.compress(ORIGINAL)
    cases = {
        "corrupt.jsonl.gz": (good_gz[:20] + b"\xff" * 12 + good_gz[32:], "corrupt gzip data"),
        "truncated.jsonl.gz": (good_gz[: len(good_gz) // 2], "truncated gzip file"),
        "notgzip.jsonl.gz": (b"plain text, not gzip\n", "corrupt gzip data"),
        "invalid.jsonl": (ORIGINAL.replace(b'"plain and correct"', b'"plain and correct'), "2: invalid JSON"),
        "number.jsonl": (ORIGINAL.replace(b'"text":"plain and correct"', b'"text":17'),
                         "2: field 'text' is a number, not a string"),
        "array.jsonl": (ORIGINAL.replace(LINES[1].encode(), b'["a", "b"]\n'), "2: not a JSON object but an array"),
        "latin1.jsonl": (ORIGINAL.replace(b"\xc3\xa4", b"\xe4"), "2: not valid UTF-8"),
        "cut.jsonl": (ORIGINAL[:-5], "6: invalid JSON"),
    }
    try:
        import zstandard

        good_zst = zstandard.ZstdCompressor().compress(ORIGINAL)
        cases["corrupt.jsonl.zst"] = (good_zst[:12] + b"\xff" * 12 + good_zst[24:], "corrupt zstd data")
        cases["truncated.jsonl.zst"] = (good_zst[: len(good_zst) // 2], "truncated zstd file")
    except ImportError:
        pass
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    return cases


def test_bad_input_is_named_left_untouched_and_the_run_goes_on(tmp_path, capsys):
    cases = _bad_inputs(tmp_path)
    good = tmp_path / "zz-good.jsonl"
    good.write_bytes(ORIGINAL)
    names = sorted(cases) + [good.name]
    assert main(["clean", "-i", *names]) == 3
    err = capsys.readouterr().err
    for name, (data, message) in cases.items():
        assert (tmp_path / name).read_bytes() == data, name
        assert f"textfix: {name}:" in err and message in err.split(f"textfix: {name}:")[1].splitlines()[0], (name, err)
    assert "Traceback" not in err
    assert good.read_bytes() == EXPECTED
    assert f"{len(cases)} errors" in err
    assert leftovers(tmp_path) == []
    assert main(["check", *names]) == 3


def test_on_error_skip_keeps_bad_records_and_reports_them(tmp_path, capsys):
    shard = tmp_path / "s.jsonl"
    bad_lines = [b'{"text": 17}\n', b"{broken\n", b'{"body": "x"}\n', b'"just a string"\n']
    shard.write_bytes(ORIGINAL.replace(b"\n\n", b"\n" + b"".join(bad_lines)))
    expected = EXPECTED.replace(b"\n\n", b"\n" + b"".join(bad_lines))
    assert main(["clean", "-i", str(shard), "--on-error", "skip"]) == 0
    assert shard.read_bytes() == expected
    err = capsys.readouterr().err
    assert f"textfix: {shard}:4: field 'text' is a number, not a string; record kept unchanged" in err
    assert f"textfix: {shard}:5: invalid JSON: Expecting property name enclosed in double quotes (column 2)" in err
    assert f"textfix: {shard}:7: not a JSON object but a string; record kept unchanged" in err
    assert "3 bad records kept unchanged, 1 missing or null text field skipped" in err  # line 6: no "text"
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\non-error = "skip"\n')
    assert main(["check", str(shard)]) == 0


def test_write_failure_leaves_the_shard_untouched(tmp_path, capsys, monkeypatch):
    shard = tmp_path / "s.jsonl.gz"
    data = gzip.compress(ORIGINAL)
    shard.write_bytes(data)
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    assert main(["clean", "-i", str(shard)]) == 3
    assert shard.read_bytes() == data
    assert leftovers(tmp_path) == []
    assert f"textfix: {shard}: cannot write: No space left on device; left untouched" in capsys.readouterr().err


def test_permission_denied_on_the_temporary_file(tmp_path, capsys, monkeypatch):
    import tempfile

    shard = tmp_path / "s.jsonl"
    shard.write_bytes(ORIGINAL)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    assert main(["clean", "-i", str(shard)]) == 3
    assert shard.read_bytes() == ORIGINAL
    assert f"textfix: {shard}: cannot write: Permission denied" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only directory")
def test_read_only_directory(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    shard = folder / "s.jsonl"
    shard.write_bytes(ORIGINAL)
    folder.chmod(0o555)
    try:
        assert main(["clean", "-i", str(shard)]) == 3
    finally:
        folder.chmod(0o755)
    assert shard.read_bytes() == ORIGINAL


# parallel


def _corpus(tmp_path):
    """A few shards (one large enough for several blocks), text files and a bad file."""
    import textfix.corpus

    folder = tmp_path / "corpus"
    folder.mkdir()
    line = LINES[0].encode() + LINES[1].encode() * 8 + LINES[2].encode()
    big = line * (6 * textfix.corpus.BLOCK_SIZE // len(line))
    (folder / "big.jsonl").write_bytes(big)
    (folder / "big2.jsonl.gz").write_bytes(gzip.compress(big[: len(big) // 3]))
    for i in range(6):
        (folder / f"doc{i}.txt").write_bytes(f"Doc {i}: the cafÃ© â€œniceâ€\x9d\n".encode() * (i + 1))
        (folder / f"s{i}.jsonl").write_bytes(ORIGINAL)
    (folder / "bad.jsonl").write_bytes(b'{"text": "ok"}\n{nope}\n')
    return folder


def test_jobs_give_the_same_bytes_order_and_log(tmp_path, capsys, monkeypatch):
    import textfix.corpus

    monkeypatch.setattr(textfix.corpus, "BLOCK_SIZE", 16 * 1024)  # several blocks per shard
    import shutil

    pristine = _corpus(tmp_path)
    runs = {}
    for jobs in ("1", "2", "0"):
        work = tmp_path / f"run{jobs}"
        shutil.copytree(pristine, work)
        code_check = main(["check", "-j", jobs, str(work)])
        check_out = capsys.readouterr().out.replace(str(work), "W")
        code = main(["clean", "-i", "-j", jobs, str(work), "--log", str(tmp_path / f"log{jobs}.jsonl"), "--statistics"])
        err = capsys.readouterr().err.replace(str(work), "W")
        files = {p.name: p.read_bytes() for p in sorted(work.iterdir())}
        log = (tmp_path / f"log{jobs}.jsonl").read_text("utf-8").replace(str(work), "W")
        runs[jobs] = (code_check, check_out, code, files, log, err)
    assert runs["1"][0] == 3 and runs["1"][2] == 3  # bad.jsonl
    assert runs["1"] == runs["2"] == runs["0"]
    assert leftovers(tmp_path) == []


def test_jobs_stream_to_stdout_in_order(tmp_path, capsys):
    folder = tmp_path / "c"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.jsonl").write_bytes(ORIGINAL)
        (folder / f"{i}.txt").write_bytes(b"x &amp; y\n")
    assert main(["clean", "-j", "1", str(folder)]) == 0
    one = capsys.readouterr().out
    assert main(["clean", "-j", "2", str(folder)]) == 0
    assert capsys.readouterr().out == one
    assert one.count("x & y") == 5


@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_first_change_late_in_a_big_shard_copies_the_lines_before_it(tmp_path, monkeypatch, suffix, jobs):
    import textfix.corpus

    monkeypatch.setattr(textfix.corpus, "BLOCK_SIZE", 4096)
    clean = LINES[1].encode() * 2000
    data = clean + LINES[0].encode() + clean
    shard = tmp_path / f"s.jsonl{suffix}"
    shard.write_bytes(gzip.compress(data) if suffix else data)
    assert main(["clean", "-i", "-j", jobs, str(shard)]) == 0
    out = shard.read_bytes()
    assert (gzip.decompress(out) if suffix else out) == clean + EXPECTED.splitlines(keepends=True)[0] + clean
    assert leftovers(tmp_path) == []
