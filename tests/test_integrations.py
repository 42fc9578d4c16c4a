"""Hugging Face datasets (`textfix.clean_batch`) and the datatrove step, with the real libraries.

Both libraries are in the `test` extra; without them these tests skip and say why.
"""

import gzip
import json
import pickle
import subprocess
import sys
import textwrap

import pytest

import textfix

ROWS = ["plain text {i}", "The cafÃ© {i} is â€œopenâ€\x9d", "Fish &amp; chips {i}"]


def test_clean_batch_without_datasets():
    out = textfix.clean_batch({"text": ["The cafÃ©", None, "fine"], "id": [1, 2, 3]}, with_changes=True)
    assert out["text"] == ["The café", None, "fine"]
    assert [len(json.loads(c)) for c in out["textfix_changes"]] == [1, 0, 0]
    assert set(out) == {"text", "textfix_changes"}
    single = textfix.clean_batch({"body": "Fish &amp; chips"}, text_column="body", with_changes=True,
                                 changes_as="dicts", ignore=["mojibake.html-entity"])
    assert single == {"body": "Fish &amp; chips", "textfix_changes": []}


def test_dataset_map_batched_with_processes():
    datasets = pytest.importorskip("datasets", reason="datasets is not installed (pip install -e '.[datasets]')")
    rows = [ROWS[i % 3].format(i=i) for i in range(300)] + [None]
    ds = datasets.Dataset.from_dict({"text": rows, "id": list(range(len(rows)))})
    out = ds.map(textfix.clean_batch, batched=True, batch_size=16, num_proc=2, fn_kwargs={"with_changes": True})
    assert out.column_names == ["text", "id", "textfix_changes"]
    assert out["id"] == list(range(len(rows)))
    for row, original in zip(out, rows):
        assert row["text"] == (None if original is None else textfix.clean(original).text)
        changes = json.loads(row["textfix_changes"])
        if original is not None:
            assert textfix.replay(original, [textfix.Change(**c) for c in changes]) == row["text"]
    assert out[1]["text"] == "The café 1 is “open”"


def test_dataset_map_with_change_dicts_and_features():
    datasets = pytest.importorskip("datasets", reason="datasets is not installed (pip install -e '.[datasets]')")
    from textfix.batch import changes_feature

    ds = datasets.Dataset.from_dict({"text": ["fine"] * 20 + ["The cafÃ©"] * 5})
    features = ds.features.copy()
    features["textfix_changes"] = changes_feature()
    out = ds.map(textfix.clean_batch, batched=True, batch_size=4, num_proc=2, features=features,
                 fn_kwargs={"with_changes": True, "changes_as": "dicts"})
    assert out[-1]["textfix_changes"][0]["after"] == "é"
    assert out[0]["textfix_changes"] == []


PIPELINE = """
import sys
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from textfix.integrations.datatrove import TextfixFormatter

if __name__ == "__main__":
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader("in"),
            TextfixFormatter(log_folder="out/textfix-log", ignore=["normalize"]),
            JsonlWriter("out"),
        ],
        tasks=2, workers=2, logging_dir="logs",
    ).run()
"""


def test_datatrove_local_executor_two_tasks_two_workers(tmp_path):
    pytest.importorskip("datatrove", reason="datatrove is not installed (pip install -e '.[datatrove]')")
    (tmp_path / "in").mkdir()
    originals = {}
    for part in range(4):
        with open(tmp_path / "in" / f"part{part}.jsonl", "w", encoding="utf-8") as f:
            for i in range(30):
                doc_id, text = f"{part}-{i}", ROWS[i % 3].format(i=i)
                originals[doc_id] = text
                f.write(json.dumps({"id": doc_id, "text": text}) + "\n")
    (tmp_path / "run.py").write_text(textwrap.dedent(PIPELINE))
    proc = subprocess.run([sys.executable, "run.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    docs = {}
    for shard in sorted((tmp_path / "out").glob("*.jsonl.gz")):
        for line in gzip.decompress(shard.read_bytes()).decode("utf-8").splitlines():
            record = json.loads(line)
            docs[record["id"]] = record["text"]
    assert docs == {doc_id: textfix.clean(text).text for doc_id, text in originals.items()}
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "textfix" in s["name"])["stats"]
    changes = [c for text in originals.values() for c in textfix.clean(text).changes]
    assert step["total"] == 120
    assert step["changed"] == sum(textfix.clean(t).changed for t in originals.values())
    for rule in {c.rule for c in changes}:
        value = step[rule]["total"] if isinstance(step[rule], dict) else step[rule]
        assert value == sum(c.rule == rule for c in changes)
    logs = sorted((tmp_path / "out" / "textfix-log").glob("*.jsonl"))
    assert [p.name for p in logs] == ["00000.jsonl", "00001.jsonl"]
    records = [json.loads(line) for p in logs for line in p.read_text("utf-8").splitlines()]
    assert len([r for r in records if r["type"] == "change"]) == len(changes)
    for r in records:
        assert r["doc"] in originals and r["file"].endswith(".jsonl") and r["rank"] in (0, 1)


def test_datatrove_step_pickles_for_slurm_and_ray(tmp_path):
    pytest.importorskip("datatrove", reason="datatrove is not installed (pip install -e '.[datatrove]')")
    dill = pytest.importorskip("dill")
    from datatrove.data import Document

    from textfix.integrations.datatrove import TextfixFormatter

    step = TextfixFormatter(log_folder=str(tmp_path / "log"), log_filename="${rank}.jsonl.gz", add_metadata=True)
    for dumps, loads in ((dill.dumps, dill.loads), (pickle.dumps, pickle.loads)):
        copy = loads(dumps(step))
        docs = list(copy.run(iter([Document(text="The cafÃ©", id="d1")]), rank=3, world_size=4))
        assert docs[0].text == "The café" and docs[0].metadata["textfix_changes"] == 1
    (record,) = [json.loads(line) for line in gzip.decompress((tmp_path / "log" / "00003.jsonl.gz").read_bytes()).splitlines()]
    assert record["doc"] == "d1" and record["rank"] == 3 and record["after"] == "é"
    with pytest.raises(textfix.UsageError):
        TextfixFormatter(select=["no-such-rule"])


# one policy for a missing or null text field: skipped and counted; another type is an error

NULLS = [{"id": 1, "meta": {"title": "The cafÃ© reopens"}}, {"id": 2, "meta": {"title": None}},
         {"id": 3, "meta": {}}, {"id": 4}]


def test_missing_or_null_field_policy_on_the_command_line(tmp_path, capsys):
    from textfix.cli import main

    shard = tmp_path / "s.jsonl"
    shard.write_text("".join(json.dumps(r) + "\n" for r in NULLS), "utf-8")
    assert main(["clean", str(shard), "--text-field", "meta.title"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line).get("meta", {}).get("title") for line in out.splitlines()] == ["The café reopens", None, None, None]
    assert "4 records (1 changed)" in err and "3 missing or null text fields skipped" in err
    assert main(["check", str(shard), "--text-field", "nosuchfield"]) == 2
    assert "no record has a text field 'nosuchfield'" in capsys.readouterr().err
    shard.write_text(json.dumps({"id": 5, "meta": {"title": 17}}) + "\n", "utf-8")
    assert main(["check", str(shard), "--text-field", "meta.title"]) == 3
    assert "field 'meta.title' is a number, not a string" in capsys.readouterr().err


def test_missing_or_null_field_policy_in_learn(tmp_path, capsys):
    from textfix.cli import main

    shard = tmp_path / "s.jsonl"
    shard.write_text("".join(json.dumps(r) + "\n" for r in NULLS), "utf-8")
    assert main(["learn", str(shard), "--text-field", "meta.title"]) == 0
    assert "from 1 document(s)" in capsys.readouterr().err
    assert main(["learn", str(shard), "--text-field", "nosuchfield"]) == 2
    assert "no record has a field 'nosuchfield'" in capsys.readouterr().err


def test_missing_or_null_field_policy_in_clean_batch():
    out = textfix.clean_batch({"meta": [r.get("meta") for r in NULLS]}, text_column="meta.summary")
    assert out == {"meta": [r.get("meta") for r in NULLS]}
    out = textfix.clean_batch({"meta": [r.get("meta") for r in NULLS]}, text_column="meta.title", with_changes=True)
    assert [(m or {}).get("title") for m in out["meta"]] == ["The café reopens", None, None, None]
    assert [len(json.loads(c)) for c in out["textfix_changes"]] == [1, 0, 0, 0]
    with pytest.raises(TypeError, match="row 0"):
        textfix.clean_batch({"meta": [{"title": 17}]}, text_column="meta.title")
    with pytest.raises(KeyError, match="no column 'body'"):
        textfix.clean_batch({"text": ["x"]}, text_column="body")


def test_missing_or_null_field_policy_in_dataset_map():
    datasets = pytest.importorskip("datasets", reason="datasets is not installed (pip install -e '.[datasets]')")
    ds = datasets.Dataset.from_list([{"id": r["id"], "meta": {"title": r.get("meta", {}).get("title")}} for r in NULLS])
    out = ds.map(textfix.clean_batch, batched=True, fn_kwargs={"text_column": "meta.title"})
    assert [row["meta"]["title"] for row in out] == ["The café reopens", None, None, None]


def test_missing_or_null_text_policy_in_datatrove():
    pytest.importorskip("datatrove", reason="datatrove is not installed (pip install -e '.[datatrove]')")
    from datatrove.data import Document

    from textfix.integrations.datatrove import TextfixFormatter

    step = TextfixFormatter()
    docs = [Document(text="The cafÃ© reopens", id="1"), Document(text=None, id="2")]
    assert [d.text for d in step.run(iter(docs))] == ["The café reopens", None]
    assert step.stats["skipped_null"].total == 1 and step.stats["changed"].total == 1
    with pytest.raises(TypeError, match="document '3'"):
        list(step.run(iter([Document(text=17, id="3")])))


def test_install_commands_in_the_docs_work_without_a_package_index():
    """textfix is on no package index: every documented install names a checkout (`.`) or a git URL,
    and every extra it names exists."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    extras = set(re.search(r"\[project\.optional-dependencies\]\n(.*?)\n\n", (root / "pyproject.toml").read_text(),
                           re.S).group(1).replace(" ", "").split("\n"))
    extras = {line.split("=")[0] for line in extras if "=" in line}
    files = [root / "README.md", *sorted((root / "docs").glob("*.md")), *sorted((root / "textfix").rglob("*.py"))]
    found = 0
    for path in files:
        text = path.read_text("utf-8").replace("@\n", "@ ")
        for match in re.finditer(r"pip install ([^`\n)]*)", text):
            command = match.group(1)
            for target, names in re.findall(r"'?([\w./-]*)\[([\w,]+)\]", command):
                found += 1
                assert target in (".", "textfix") and (target == "." or "@ git+" in command), (path.name, command)
                assert set(names.split(",")) <= extras, (path.name, command)
    assert found >= 5
