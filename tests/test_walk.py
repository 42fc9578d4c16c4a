"""Directories on the command line: recursion, include/exclude, hidden and VCS folders, symlinks."""

import os

import pytest

import textfix.walk
from textfix.cli import main
from textfix.walk import Patterns, expand

MOJIBAKE = "The cafÃ© is open\n".encode("utf-8")
FIXED = "The café is open\n".encode("utf-8")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def tree(root, files):
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def found(*paths, **options):
    errors = []
    result = list(expand([str(p) for p in paths], Patterns.from_options(options), lambda p, e: errors.append(p)))
    assert not errors
    return result


def test_walk_is_recursive_sorted_and_takes_text_suffixes(tmp_path):
    tree(tmp_path / "c", {"b.txt": b"", "a/z.md": b"", "a/y.jsonl.gz": b"", "x.png": b"", "n.ndjson": b"",
                          "deep/er/k.txt.zst": b"", "noext": b""})
    assert found("c") == ["c/a/y.jsonl.gz", "c/a/z.md", "c/b.txt", "c/deep/er/k.txt.zst", "c/n.ndjson"]


def test_hidden_and_vcs_folders_are_skipped(tmp_path):
    tree(tmp_path / "c", {".git/x.txt": b"", ".hidden.txt": b"", ".cache/y.txt": b"", "CVS/z.txt": b"",
                          "_darcs/w.txt": b"", "keep.txt": b"", "sub/.svn/v.txt": b""})
    assert found("c") == ["c/keep.txt"]


def test_default_exclude_and_extend_exclude(tmp_path):
    tree(tmp_path / "c", {"node_modules/a.txt": b"", "venv/b.txt": b"", "drafts/c.txt": b"", "d.bak.txt": b"",
                          "e.txt": b""})
    assert found("c") == ["c/d.bak.txt", "c/drafts/c.txt", "c/e.txt"]
    assert found("c", extend_exclude=("drafts/", r"\.bak\.txt$")) == ["c/e.txt"]
    # --exclude replaces the default list
    assert found("c", exclude=("drafts/",)) == ["c/d.bak.txt", "c/e.txt", "c/node_modules/a.txt", "c/venv/b.txt"]


def test_include_replaces_the_suffix_list(tmp_path):
    tree(tmp_path / "c", {"a.txt": b"", "b.html": b""})
    assert found("c", include=(r"\.html$",)) == ["c/b.html"]


def test_named_files_are_always_taken_and_only_once(tmp_path):
    tree(tmp_path, {"notes.bak": b"", "c/a.txt": b""})
    assert found("notes.bak", "c", "c/a.txt", extend_exclude=("bak",)) == ["notes.bak", "c/a.txt"]


def test_symlinks_do_not_leave_the_tree(tmp_path):
    tree(tmp_path, {"outside/secret.txt": b"", "c/real/a.txt": b"", "c/b.txt": b""})
    os.symlink(tmp_path / "outside", tmp_path / "c" / "out-dir")
    os.symlink(tmp_path / "outside" / "secret.txt", tmp_path / "c" / "out-file.txt")
    os.symlink(tmp_path / "c" / "real", tmp_path / "c" / "loop")  # a folder inside: walked once, as itself
    os.symlink(tmp_path / "c", tmp_path / "c" / "real" / "up")  # a cycle
    os.symlink("b.txt", tmp_path / "c" / "alias.txt")  # a second name for b.txt
    assert found("c") == ["c/b.txt", "c/real/a.txt"]
    assert found("c/alias.txt", "c") == ["c/alias.txt", "c/real/a.txt"]  # named: read through the link, once


def test_unreadable_directory_is_reported(tmp_path, monkeypatch):
    tree(tmp_path / "c", {"a.txt": b""})
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("c"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(textfix.walk.os, "scandir", scandir)
    errors = []
    assert list(expand(["c"], Patterns.from_options({}), lambda p, e: errors.append((p, e.strerror)))) == []
    assert errors == [("c", "Permission denied")]


def test_clean_in_place_walks_a_directory(tmp_path, capsys):
    tree(tmp_path / "c", {"a.txt": MOJIBAKE, "sub/b.md": MOJIBAKE, "ok.txt": b"fine\n", ".git/c.txt": MOJIBAKE,
                          "skip/d.txt": MOJIBAKE})
    assert main(["check", "c", "--extend-exclude", "^skip/"]) == 1
    out = capsys.readouterr().out
    assert "c/a.txt:1:8:" in out and "c/sub/b.md:1:8:" in out and "skip" not in out
    assert main(["clean", "-i", "c", "--extend-exclude", "^skip/"]) == 0
    assert (tmp_path / "c/a.txt").read_bytes() == FIXED
    assert (tmp_path / "c/sub/b.md").read_bytes() == FIXED
    assert (tmp_path / "c/.git/c.txt").read_bytes() == MOJIBAKE
    assert (tmp_path / "c/skip/d.txt").read_bytes() == MOJIBAKE
    assert "3 files, 2 changed" in capsys.readouterr().err


def test_exclude_keys_in_pyproject(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nextend-exclude = ["^drafts/"]\n')
    tree(tmp_path / "c", {"a.txt": MOJIBAKE, "drafts/b.txt": MOJIBAKE})
    assert main(["check", "c"]) == 1
    assert "drafts" not in capsys.readouterr().out
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nexclude = "^a"\n')
    assert main(["check", "c"]) == 1
    out = capsys.readouterr().out
    assert "c/drafts/b.txt" in out and "c/a.txt" not in out


@pytest.mark.parametrize("config", ['exclude = "("', 'extend-exclude = 3', 'format = "xml"', 'on-error = "ignore"',
                                    'text-field = ""', 'id-field = ["a"]'])
def test_bad_corpus_keys_are_usage_errors(tmp_path, capsys, config):
    (tmp_path / "pyproject.toml").write_text(f"[tool.textfix]\n{config}\n")
    (tmp_path / "a.txt").write_bytes(b"x\n")
    assert main(["check", "a.txt"]) == 2
    assert "textfix: error:" in capsys.readouterr().err


def test_bad_exclude_flag_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_bytes(b"x\n")
    assert main(["check", "a.txt", "--exclude", "("]) == 2
    assert "bad regular expression" in capsys.readouterr().err


def test_output_of_a_directory_is_a_directory(tmp_path, capsys):
    tree(tmp_path / "c", {"a.txt": MOJIBAKE})
    (tmp_path / "out.txt").write_bytes(b"kept")
    assert main(["clean", "c", "-o", "out.txt"]) == 2  # a directory mirrors into a directory, never over a file
    assert (tmp_path / "out.txt").read_bytes() == b"kept"
    assert main(["clean", "c", "-o", "out"]) == 0 and (tmp_path / "out" / "a.txt").is_file()
