"""`textfix check --output-format …`, -q, --exit-zero, --color, -o: the report formats on real pages."""

import json
import shutil
from pathlib import Path

import pytest

import textfix
from textfix.cli import main
from textfix.report import LineIndex

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
PAGES = ["bp-nav", "double-encoding", "c1-controls", "html-entities", "clean-multilingual"]


@pytest.fixture
def pages(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    (tmp_path / "pages").mkdir()
    for name in PAGES:
        shutil.copy(SAMPLES / f"{name}.in.txt", tmp_path / "pages" / f"{name}.txt")
    records = [{"id": n, "text": (SAMPLES / f"{n}.in.txt").read_text("utf-8")} for n in ("bp-nav", "double-encoding")]
    (tmp_path / "pages" / "shard.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return tmp_path / "pages"


def expected_changes(pages):
    """Every change `textfix.clean` makes to the pages, per file (and record)."""
    out = {}
    for path in sorted(pages.iterdir()):
        if path.suffix == ".jsonl":
            for i, line in enumerate(path.read_text("utf-8").split("\n")[:-1], 1):
                out[(str(path), i)] = textfix.clean(json.loads(line)["text"]).changes
        else:
            out[(str(path), None)] = textfix.clean(path.read_bytes()).changes
    return out


def test_json_has_one_object_per_change_with_its_place(pages, capsys):
    assert main(["check", str(pages), "--output-format", "json", "-q"]) == 1
    out, err = capsys.readouterr()
    assert err == ""  # -q: no summary
    items = json.loads(out)
    changes = [i for i in items if i["kind"] == "change"]
    expected = expected_changes(pages)
    assert len(changes) == sum(len(c) for c in expected.values())
    for item in changes:
        assert set(item) >= {"file", "line", "column", "rule", "before", "after", "confidence", "reason", "record", "field"}
        change = next(c for c in expected[(item["file"], item["record"])] if c.before == item["before"]
                      and LineIndex(textfix.clean(
                          Path(item["file"]).read_bytes() if item["record"] is None else
                          json.loads(Path(item["file"]).read_text("utf-8").split("\n")[item["record"] - 1])["text"]
                      ).original).position(c.start) == (item["line"], item["column"]))
        assert change.rule == item["rule"] and change.after == item["after"]
    assert {i["field"] for i in changes if i["record"]} == {"text"}


def test_jsonl_github_and_sarif(pages, capsys):
    total = sum(len(c) for c in expected_changes(pages).values())
    assert main(["check", str(pages), "--output-format", "jsonl", "-q"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.split("\n") if line]
    assert len([r for r in lines if r["kind"] == "change"]) == total
    assert main(["check", str(pages), "--output-format", "github", "-q"]) == 1
    out = capsys.readouterr().out.split("\n")[:-1]
    assert len([line for line in out if line.startswith("::warning ")]) == total
    nav = next(line for line in out if "bp-nav.txt,line=1,col=1,title=boilerplate.nav.skip-link" in line)
    assert "'Skip to main content\\n' -> ''" in nav  # one line per annotation
    assert any("shard.jsonl,line=2," in line and "::text:" in line for line in out)  # a record, on its line
    assert main(["check", str(pages), "--output-format", "sarif", "-o", "out.sarif"]) == 1
    assert capsys.readouterr().out == ""
    log = json.loads(Path("out.sarif").read_text("utf-8"))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    results = [r for r in run["results"] if r["level"] == "warning"]
    assert len(results) == total
    for r in run["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]
        assert r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


def test_exit_zero_quiet_and_color(pages, capsys):
    damaged = str(pages / "double-encoding.txt")
    assert main(["check", damaged, "--exit-zero"]) == 0
    assert main(["check", damaged, "--color", "always"]) == 1
    assert "\x1b[31m" in capsys.readouterr().out
    assert main(["check", damaged, "--color", "never"]) == 1
    assert "\x1b" not in capsys.readouterr().out
    assert main(["check", damaged]) == 1  # auto: stdout is not a terminal here
    assert "\x1b" not in capsys.readouterr().out
    assert main(["check", str(pages / "missing.txt"), "--exit-zero"]) == 3  # errors still count
    capsys.readouterr()
    assert main(["check", str(pages), "-q"]) == 1
    assert "textfix:" not in capsys.readouterr().err


def test_report_command_and_html_from_the_output_name(pages, capsys):
    assert main(["report", str(pages), "-q"]) == 0
    page = Path("textfix-report.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "bp-nav.txt" in page and "clean-multilingual" not in page
    assert main(["check", str(pages), "-o", "r.html"]) == 1  # the name says html
    assert Path("r.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert main(["check", str(pages), "--diff", "--output-format", "json"]) == 2
    before = (pages / "bp-nav.txt").read_bytes()
    assert main(["check", str(pages / "bp-nav.txt"), "-o", str(pages / "bp-nav.txt")]) == 2  # never over an input
    assert (pages / "bp-nav.txt").read_bytes() == before


def test_html_sampling_states_its_rate(pages, capsys):
    for i in range(30):
        shutil.copy(pages / "double-encoding.txt", pages / f"copy-{i:02d}.txt")
    assert main(["check", str(pages), "-o", "r.html", "--max-docs", "8", "-q"]) == 1
    page = Path("r.html").read_text("utf-8")
    data = json.loads(page.split('<script id="textfix-data" type="application/json">')[1].split("</script>")[0]
                      .replace("&quot;", '"'))
    assert data["shown"] <= 8 and data["documents"] == 36 and data["rate"] < 1
    assert f"rate {data['rate']:.4g}" in page
    assert page.count('<section class="doc"') == data["shown"]
    # the counts at the top cover every document, not only the sample
    assert data["changes"] == sum(len(c) for c in expected_changes(pages).values())
