"""`textfix clean --log` opens with a header record, and `textfix revert --log` undoes a run byte for byte."""

import gzip
import json
import shutil
from pathlib import Path

import pytest

import textfix
from textfix.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
PAGES = ["bp-nav", "bp-social", "double-encoding", "c1-controls", "html-entities", "clean-multilingual", "bp-legal"]


def read_log(path):
    return [json.loads(line) for line in path.read_text("utf-8").split("\n") if line]


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """Real pages as text files (one CRLF, one gzip), and a JSONL shard of them (plain and zstd-free gzip)."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "tree"
    root.mkdir()
    for name in PAGES:
        shutil.copy(SAMPLES / f"{name}.in.txt", root / f"{name}.txt")
    crlf = (SAMPLES / "bp-related.in.txt").read_bytes().replace(b"\n", b"\r\n")
    (root / "crlf.txt").write_bytes(crlf)
    (root / "page.txt.gz").write_bytes(gzip.compress((SAMPLES / "double-encoding.in.txt").read_bytes(), mtime=0))
    records = [{"id": n, "meta": {"src": "x"}, "text": (SAMPLES / f"{n}.in.txt").read_text("utf-8")} for n in PAGES]
    shard = "".join(json.dumps(r, ensure_ascii=i % 2 == 0) + "\n" for i, r in enumerate(records))
    (root / "shard.jsonl").write_text(shard, "utf-8")
    (root / "shard.jsonl.gz").write_bytes(gzip.compress(shard.encode("utf-8"), mtime=0))
    return root


def snapshot(root):
    return {p.name: (gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes())
            for p in sorted(root.iterdir())}


def test_log_starts_with_a_header(tree):
    assert main(["clean", "-i", str(tree), "--log", "log.jsonl", "--ignore", "layout"]) == 0
    header = read_log(Path("log.jsonl"))[0]
    assert header["type"] == "header" and header["textfix"] == textfix.__version__ and header["command"] == "clean"
    assert header["options"]["ignore"] == ["layout"]
    packs = {p["path"]: p["sha256"] for p in header["rule_packs"]}
    assert "textfix/rules/nav.toml" in packs and all(len(d) == 64 for d in packs.values())


def test_revert_puts_every_byte_back(tree, capsys):
    before = snapshot(tree)
    assert main(["clean", "-i", str(tree), "--log", "log.jsonl"]) == 0
    after = snapshot(tree)
    changed = [name for name in before if before[name] != after[name]]
    assert len(changed) >= 8  # the pages, the CRLF page, the gzip page and both shards
    assert main(["revert", "--log", "log.jsonl"]) == 0
    assert snapshot(tree) == before
    assert main(["revert", "--log", "log.jsonl"]) == 3  # once reverted, the changes are not there to undo
    assert "not" in capsys.readouterr().err and snapshot(tree) == before


def test_revert_leaves_an_edited_file_alone(tree, capsys):
    assert main(["clean", "-i", str(tree / "double-encoding.txt"), str(tree / "bp-nav.txt"), "--log", "log.jsonl"]) == 0
    edited = (tree / "double-encoding.txt").read_text("utf-8").replace("é", "e")
    (tree / "double-encoding.txt").write_text(edited, "utf-8")
    assert main(["revert", "--log", "log.jsonl"]) == 3
    err = capsys.readouterr().err
    assert "double-encoding.txt" in err and "left untouched" in err
    assert (tree / "double-encoding.txt").read_text("utf-8") == edited
    assert (tree / "bp-nav.txt").read_bytes() == (SAMPLES / "bp-nav.in.txt").read_bytes()


def test_revert_a_cleaned_copy(tree, capsys):
    """`clean page.txt -o copy.txt --log log`: the log names page.txt; `revert --log log copy.txt` undoes the copy."""
    page = tree / "bp-social.txt"
    assert main(["clean", str(page), "-o", "copy.txt", "--log", "log.jsonl"]) == 0
    assert main(["revert", "--log", "log.jsonl", "copy.txt"]) == 0
    assert Path("copy.txt").read_bytes() == page.read_bytes()
