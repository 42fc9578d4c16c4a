"""`textfix clean --learn-repeats`: a corpus run learns each source's furniture, then removes it.

Inputs are real text: the correct articles of corpus/samples (clean-*) arranged as one
site's pages with the site's menu and footer around each, JSONL records with url fields,
and bench/data/correct_docs.jsonl.gz (translated man pages, message catalogues, licences),
grouped by package, which must lose nothing.
"""

import gzip
import json
from pathlib import Path

import pytest

import textfix
from textfix import repeats
from textfix.cli import main
from textfix.filters.boilerplate import load_pack
from textfix.model import replay

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "corpus" / "samples").glob("clean-*.expected.txt"))
HEAD = ["Skip to content", "Home", "World", "Business", "Sport"]
FOOT = ["About us", "Contact the newsroom", "© 2024 Riverside Media Group"]


def page(body: str) -> str:
    return "\n".join(HEAD) + "\n" + body.replace("\r\n", "\n").rstrip("\n") + "\n" + "\n".join(FOOT) + "\n"


def make_site(folder: Path) -> dict:
    """The correct articles as one site's pages: name -> the article alone."""
    folder.mkdir(parents=True)
    bodies = {}
    for path in ARTICLES:
        name = path.name.replace(".expected", "")
        body = path.read_text("utf-8").replace("\r\n", "\n")
        (folder / name).write_text(page(body), "utf-8")
        bodies[name] = body
    return bodies


def test_a_site_folder_loses_its_furniture_and_keeps_every_article_line(tmp_path, capsys):
    bodies = make_site(tmp_path / "site")
    assert len(bodies) >= 15
    log = tmp_path / "log.jsonl"
    code = main(["clean", "--learn-repeats", str(tmp_path / "site"), "-o", str(tmp_path / "out"),
                 "--learn-repeats-out", str(tmp_path / "packs"), "--log", str(log)])
    assert code == 0
    err = capsys.readouterr().err
    assert f"repeats: {tmp_path / 'site'}: " in err and "line(s) learned from" in err
    for name, body in bodies.items():
        out = (tmp_path / "out" / name).read_text("utf-8")
        kept = out.splitlines()
        assert all(line in kept for line in body.splitlines() if line.strip()), name  # no article line lost
    outs = "".join((tmp_path / "out" / name).read_text("utf-8") for name in bodies)
    assert outs.count("Contact the newsroom") <= len(bodies) // 4  # the furniture goes (where it is aside)
    assert "World\n" not in outs and "Riverside Media Group" not in outs
    # the pack is a reviewable rule pack of `textfix learn`'s format, and the log names its rules
    packs = list((tmp_path / "packs").glob("*.toml"))
    assert len(packs) == 1
    rules = load_pack(packs[0])
    assert {"boilerplate.repeated" == r.id.rsplit(".", 1)[0] for r in rules} == {True}
    changes = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    repeated = [c for c in changes if c.get("rule", "").startswith("boilerplate.repeated.")]
    assert repeated and all(str(tmp_path / "site") in c["reason"] and 0.6 <= c["confidence"] <= 0.95 for c in repeated)


def test_two_jobs_give_the_same_output_as_one(tmp_path, capsys):
    make_site(tmp_path / "site")
    assert main(["clean", "--learn-repeats", str(tmp_path / "site"), "-o", str(tmp_path / "one")]) == 0
    assert main(["clean", "--learn-repeats", "-j", "2", str(tmp_path / "site"), "-o", str(tmp_path / "two")]) == 0
    one = sorted((p.name, p.read_bytes()) for p in (tmp_path / "one").iterdir())
    two = sorted((p.name, p.read_bytes()) for p in (tmp_path / "two").iterdir())
    assert one == two and len(one) == len(ARTICLES)
    capsys.readouterr()


def test_without_the_flag_nothing_is_learned(tmp_path, capsys):
    make_site(tmp_path / "site")
    assert main(["clean", str(tmp_path / "site"), "-o", str(tmp_path / "out")]) == 0
    assert "repeats:" not in capsys.readouterr().err
    assert "boilerplate.repeated" not in "".join(p.read_text("utf-8") for p in (tmp_path / "out").iterdir())


def records(domain: str, footer: str, n: int) -> list:
    """JSONL records of one domain: each a correct article with the domain's footer."""
    out = []
    for i, path in enumerate(ARTICLES[:n]):
        body = path.read_text("utf-8").replace("\r\n", "\n").rstrip("\n")
        out.append({"id": f"{domain}-{i}", "url": f"https://www.{domain}/story/{i}",
                    "text": f"Menu\nSearch\n{body}\n{footer}\nTerms of use\n"})
    return out


def test_jsonl_records_are_grouped_by_their_url_domain(tmp_path, capsys):
    shard = tmp_path / "shard.jsonl"
    rows = records("gazette.example", "Gazette Daily Briefing", 10) + records("courier.example", "Courier Weekend", 10)
    # a record of the courier that quotes the gazette's footer line: not the courier's furniture
    rows.append({"id": "quote", "url": "https://courier.example/x",
                 "text": "Gazette Daily Briefing\nThe rival paper's newsletter is called that, our editor noted in passing."})
    shard.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    assert main(["clean", "--learn-repeats", str(shard), "-o", str(tmp_path / "out.jsonl"),
                 "--learn-repeats-out", str(tmp_path / "packs")]) == 0
    err = capsys.readouterr().err
    assert "repeats: gazette.example:" in err and "repeats: courier.example:" in err
    out = {r["id"]: r["text"] for r in map(json.loads, (tmp_path / "out.jsonl").read_text("utf-8").splitlines())}
    # gone wherever it stands aside; kept after a list of short lines (a list is content: the
    # filter does not take a line out of a run of short lines)
    assert "".join(out[f"gazette.example-{i}"] for i in range(10)).count("Gazette Daily Briefing") <= 2
    assert "".join(out[f"courier.example-{i}"] for i in range(10)).count("Courier Weekend") <= 2
    assert out["quote"].startswith("Gazette Daily Briefing\n")
    names = sorted(p.name for p in (tmp_path / "packs").iterdir())
    assert names == ["courier-example.toml", "gazette-example.toml"]
    # two workers, records cleaned in blocks: the same bytes
    assert main(["clean", "--learn-repeats", "-j", "2", str(shard), "-o", str(tmp_path / "two.jsonl")]) == 0
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "out.jsonl").read_bytes()


def test_the_removal_guard_still_applies(tmp_path, capsys):
    """A page that is nothing but the site's furniture is not emptied: the guard flags it."""
    make_site(tmp_path / "site")
    (tmp_path / "site" / "empty.txt").write_text("\n".join(HEAD + FOOT) + "\n", "utf-8")
    log = tmp_path / "log.jsonl"
    assert main(["clean", "--learn-repeats", "-v", str(tmp_path / "site"), "-o", str(tmp_path / "out"),
                 "--log", str(log)]) == 0
    assert (tmp_path / "out" / "empty.txt").read_text("utf-8") == "\n".join(HEAD + FOOT) + "\n"
    assert "empty.txt: pipeline.removal-guard" in capsys.readouterr().err


def test_standard_input_is_refused(capsys):
    assert main(["clean", "--learn-repeats", "-"]) == 2
    assert "--learn-repeats reads its inputs twice" in capsys.readouterr().err


def test_correct_documents_grouped_by_package_lose_nothing(tmp_path):
    """Translated man pages, message catalogues, licences: their repeated headings ("SEE
    ALSO"), translation credits and licence lines are content of each document."""
    rows = [json.loads(line) for line in gzip.open(ROOT / "bench" / "data" / "correct_docs.jsonl.gz", "rt")]
    learned = repeats.learn_sources(lambda: ((r["package"], r["id"], r["text"]) for r in rows))
    packs = repeats.write_packs(learned, str(tmp_path))
    assert packs  # lines are learned (reviewable), yet ...
    losing = []
    for r in rows:
        pack = packs.get(r["package"])
        if pack is None:
            continue
        result = textfix.clean(r["text"], config={"rules": [pack]})
        assert replay(r["text"], result.changes) == result.text
        lost = sum(len(c.before) for c in result.changes if c.rule.startswith("boilerplate.repeated."))
        if lost > 0.01 * len(r["text"]):
            losing.append((r["id"], lost))
    assert losing == []


def test_furniture_shape_checks():
    """A heading before each document's own text, and a wrapped paragraph's lines, are not
    furniture however often they repeat; a menu block is."""
    docs = []
    for i, topic in enumerate(["harbour", "railway", "library", "orchard", "bakery", "museum"]):
        docs.append(("site", f"d{i}", "Home\nNews\n"
                     f"The {topic} story has its own references, listed here for readers.\n"
                     f"SEE ALSO\n{topic}(1), {topic}.conf(5)\n"
                     "This page is free documentation; you may copy it under the terms of\n"
                     "the licence that comes with the program, and nothing else is promised.\n"))
    found = [c.text for c in repeats.learn_sources(lambda: iter(docs))["site"].candidates]
    assert found == ["home", "news"]


def test_counting_stays_within_its_cap_and_still_finds_the_furniture():
    """Lossy counting: over the cap, the rarest lines are dropped, the furniture survives."""
    def word(i):
        return "".join(chr(97 + int(d)) for d in str(i))

    docs = [("site", f"d{i}", f"Home\nNews\nUnique line {word(i)} of the corpus\nAnother one, {word(i * 7)}x\n")
            for i in range(400)]
    learned = repeats.learn_sources(lambda: iter(docs), cap=50)["site"]
    assert [c.text for c in learned.candidates] == ["home", "news"]
    assert learned.documents == 400


def test_a_line_each_page_holds_many_times_is_its_own_text():
    """A table's column headings over each of a page's tables (or a keyword of code split into
    tokens) repeat on every page of a documentation site and stand next to each other like a
    menu, but each page holds them many times: not furniture. The menu, once a page, is."""
    docs = []
    for i, topic in enumerate(["boot", "network", "storage", "printing", "sound"]):
        tables = "".join(f"package\npopularity\nsize\ndescription\n{topic}-tool-{k}\nV:{k}0, I:{k}5\n{k}123\n"
                         f"a tool for {topic}, part {k}\n" for k in range(4))
        docs.append(("site", f"d{i}", f"Home\nNews\nThe {topic} chapter lists the packages that do the work.\n{tables}"))
    found = [c.text for c in repeats.learn_sources(lambda: iter(docs))["site"].candidates]
    assert found == ["home", "news"]


def test_learned_lines_alone_do_not_start_the_end_of_page_sweep(tmp_path):
    """The sweep takes the short lines after a cluster of lines that rules matched; lines a
    site's pages repeat are furniture themselves, not a sign that what follows them is (a
    documentation page's repeated table headings over its last table)."""
    from textfix.learn import Candidate
    learned = repeats.Learned("site", 5, [Candidate(t) for t in ("package", "popularity", "size", "description")])
    paths = repeats.write_packs({"site": learned}, str(tmp_path))
    table = ["package", "popularity", "size", "description", "systemd", "V:857, I:951", "9572",
             "event-based init daemon", "udev", "V:928, I:996", "12345", "device manager"]
    body = ("The system is brought up in stages, each started by the one before it, and each can "
            "be inspected with the tools described in this chapter of the reference manual.\n")
    text = body + "\n" + body + "\n" + "\n".join(table) + "\n"
    result = textfix.clean(text, config={"rules": [paths["site"]]})
    assert "systemd\nV:857, I:951\n9572\n" in result.text
    assert not any(c.rule == "boilerplate.structure.tail-block" for c in result.changes)
