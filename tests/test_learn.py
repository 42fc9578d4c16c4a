"""Learned boilerplate: repeated lines across documents become a reviewable rule pack."""

import json

import pytest

import textfix
from textfix.errors import UsageError
from textfix.filters.boilerplate import load_pack
from textfix.learn import learn, learn_paths, normalize, write_pack

TOPICS = ["harbour", "railway", "library", "orchard", "bakery", "museum", "bridge", "festival"]


def article(i, topic):
    return (f"The {topic} reopened on Monday after {i + 2} years of repairs, the council said in a statement.\n"
            f"Residents queued from early morning to see the {topic}, and several said they had waited a long time.\n"
            "Read the Riverside Gazette every morning\n"
            f"Copyright {2010 + i} Riverside Gazette Ltd.\n")


DOCS = [(f"doc{i}.txt", article(i, topic)) for i, topic in enumerate(TOPICS)]


def test_normalize_ignores_case_digits_punctuation_and_spaces():
    assert normalize("Copyright 2019  RIVERSIDE Gazette, Ltd.") == normalize("copyright 2024 Riverside Gazette Ltd")


def test_lines_repeated_across_documents_are_found_with_counts_and_examples():
    found = learn(DOCS, min_docs=5)
    texts = [c.text for c in found]
    assert texts == ["copyright 0 riverside gazette ltd", "read the riverside gazette every morning"]
    assert all(c.documents == 8 for c in found)
    assert found[0].examples[:2] == ["Copyright 2010 Riverside Gazette Ltd.", "Copyright 2011 Riverside Gazette Ltd."]
    assert found[0].example_documents == ["doc0.txt", "doc1.txt", "doc2.txt"]


def test_thresholds_are_options():
    assert learn(DOCS, min_docs=9) == []
    assert learn(DOCS, min_docs=1, min_fraction=1.0) != []
    assert learn(DOCS[:3], min_docs=3, min_fraction=0.5) != []
    with pytest.raises(UsageError):
        learn(DOCS, min_docs=0)


def test_a_line_that_also_occurs_inside_running_paragraphs_is_not_proposed():
    docs = list(DOCS)
    docs.append(("doc-x.txt", "The mayor told reporters that people should read the Riverside Gazette every morning, "
                              "because it covers the council better than anyone else in the valley.\n"))
    texts = [c.text for c in learn(docs, min_docs=5)]
    assert texts == ["copyright 0 riverside gazette ltd"]


def test_the_pack_is_valid_reviewable_and_removes_the_lines(tmp_path):
    found = learn(DOCS, min_docs=5)
    pack = tmp_path / "site-rules.toml"
    pack.write_text(write_pack(found, len(DOCS)), "utf-8")
    text = pack.read_text("utf-8")
    assert "a line repeated in 8 of 8 documents" in text and "example_documents" in text
    rules = load_pack(pack)
    assert all(r.id.startswith("boilerplate.learned.") and r.kind == "learned" for r in rules)
    for rule in rules:
        for example in rule.examples_match:
            assert rule.matches_line(example)
    new = article(41, "stadium").replace("Copyright 2051", "COPYRIGHT 2025")
    result = textfix.clean(new, config={"rules": [str(pack)]})
    assert result.text == new.split("Read the Riverside")[0]
    assert "learned" in {c.rule.split(".")[1] for c in result.changes}  # the copyright line is also legal.copyright
    # without the pack the built-in rules leave the masthead line alone
    assert "Read the Riverside Gazette every morning" in textfix.clean(new).text


def test_learn_paths_reads_text_files_and_jsonl(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    for name, text in DOCS[:4]:
        (folder / name).write_text(text, "utf-8")
    with open(tmp_path / "more.jsonl", "w", encoding="utf-8") as f:
        for name, text in DOCS[4:]:
            f.write(json.dumps({"id": name, "text": text}) + "\n")
    out = tmp_path / "site-rules.toml"
    text, found, total = learn_paths([str(folder), str(tmp_path / "more.jsonl")], str(out), min_docs=5)
    assert total == 8 and len(found) == 2
    assert out.read_text("utf-8") == text
    assert len(load_pack(out)) == 2


# ----------------------------------------------------------------------------- command line


def test_textfix_learn_then_clean_with_the_pack(tmp_path, capsys):
    from textfix.cli import main

    folder = tmp_path / "site"
    folder.mkdir()
    for name, text in DOCS:
        (folder / name).write_text(text, "utf-8")
    pack = tmp_path / "site-rules.toml"
    assert main(["learn", str(folder), "-o", str(pack), "--min-docs", "5"]) == 0
    assert "2 repeated line(s) from 8 document(s)" in capsys.readouterr().err
    new = tmp_path / "new.txt"
    new.write_text(article(40, "stadium"), "utf-8")
    assert main(["check", "--rules", str(pack), str(new)]) == 1
    assert "boilerplate.learned." in capsys.readouterr().out
    assert main(["clean", "--rules", str(pack), str(new)]) == 0
    assert "Riverside Gazette every morning" not in capsys.readouterr().out


def test_rule_packs_from_pyproject_are_relative_to_it(tmp_path, capsys, monkeypatch):
    from textfix.cli import main

    pack = tmp_path / "rules" / "site.toml"
    pack.parent.mkdir()
    pack.write_text(write_pack(learn(DOCS, min_docs=5), len(DOCS)), "utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nrules = ["rules/site.toml"]\n', "utf-8")
    sub = tmp_path / "articles"
    sub.mkdir()
    (sub / "a.txt").write_text(article(40, "stadium"), "utf-8")
    monkeypatch.chdir(sub)
    assert main(["check", "a.txt"]) == 1
    assert "boilerplate.learned." in capsys.readouterr().out


def test_a_bad_rule_pack_is_a_usage_error_naming_file_and_rule(tmp_path, capsys):
    from textfix.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nid = "boilerplate.site.x"\ndescription = "d"\npatterns = ["(("]\n', "utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("hello\n", "utf-8")
    assert main(["clean", "--rules", str(bad), str(doc)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "boilerplate.site.x" in err and "bad pattern" in err
