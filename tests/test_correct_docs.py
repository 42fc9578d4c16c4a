"""Correct documents that are not web pages stay correct (issues 13 and 14).

bench/data/correct_docs.jsonl.gz holds 482 real documents in 67 language tags (translated man
pages, the Debian Reference and FAQ, gettext catalogues, documentation and Sphinx sources,
changelogs, licences, READMEs, release dedications), built
from pinned packages by bench/build_correct_docs.py with the package, version, path, licence,
language and genre of each. All of them are correct text:
  - no repair rule (mojibake, lossy, decode, normalize: every family but boilerplate and
    layout) may change one of them;
  - boilerplate and layout rules may remove at most 1% of a document's characters.

Today's failures are listed below per document with the rules that hit it, as STRICT xfails:
when a fix makes a listed document pass, its test fails (XPASS) until the entry is removed.
Regenerate the tables with `python3 bench/bench_correct_docs.py --xfail`; see every change with
`python3 bench/bench_correct_docs.py --rule PREFIX`.
"""

import gzip
import io
import os
import sys
from functools import lru_cache

import pytest

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench")
sys.path.insert(0, BENCH)

import bench_correct_docs  # noqa: E402
import build_correct_docs  # noqa: E402

DOCS = {d["id"]: d for d in build_correct_docs.load()}

# ---- today's failures (python3 bench/bench_correct_docs.py --xfail) ----
REPAIR_XFAIL = {}
REMOVAL_XFAIL = {
}


@lru_cache(maxsize=None)
def verdict(doc_id):
    return bench_correct_docs.judge(DOCS[doc_id])


def cases(xfails):
    """Every document id, those in `xfails` marked as strict expected failures."""
    out = []
    for doc_id in sorted(DOCS):
        marks = [pytest.mark.xfail(strict=True, reason=f"today: {xfails[doc_id]}")] if doc_id in xfails else []
        out.append(pytest.param(doc_id, marks=marks, id=doc_id))
    return out


@pytest.mark.parametrize("doc_id", cases(REPAIR_XFAIL))
def test_no_repair_rule_changes_a_correct_document(doc_id):
    v = verdict(doc_id)
    assert not v.repairs, [(c.rule, c.before, c.after) for c in v.repairs[:10]]


@pytest.mark.parametrize("doc_id", cases(REMOVAL_XFAIL))
def test_boilerplate_and_layout_remove_at_most_one_percent(doc_id):
    v = verdict(doc_id)
    assert v.removed_share <= bench_correct_docs.MAX_REMOVED_SHARE, (
        f"{v.removed_share:.1%} removed by {v.removal_rules}: "
        + repr([(c.rule, c.before[:120]) for c in v.removals[:5]]))


def test_xfail_tables_name_only_documents_of_the_set():
    assert set(REPAIR_XFAIL) <= set(DOCS) and set(REMOVAL_XFAIL) <= set(DOCS)


def test_the_set_is_broad_and_attributed():
    docs = list(DOCS.values())
    assert len(docs) >= 300
    assert len({d["lang"].split("-")[0] for d in docs}) >= 15
    assert len({d["genre"] for d in docs}) >= 5
    assert max(sum(d["package"] == p for d in docs) for p in {d["package"] for d in docs}) <= 40
    for d in docs:
        assert d["package"] and d["version"] and d["path"] and d["licence"] and d["registry"], d["id"]
    texts = [d["text"] for d in docs]
    assert len(set(texts)) == len(texts)


def test_po_msgstrs_reads_plurals_continuations_and_skips_the_header():
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: a.py:1\nmsgid "Hello"\nmsgstr "Hallo"\n\n'
        'msgctxt "menu"\nmsgid "%(n)s file"\nmsgid_plural "%(n)s files"\n'
        'msgstr[0] "%(n)s Datei"\nmsgstr[1] ""\n"%(n)s Dateien\\n"\n\n'
        'msgid "Untranslated"\nmsgstr ""\n'
    )
    assert build_correct_docs.po_msgstrs(po) == ["Hallo", "%(n)s Datei", "%(n)s Dateien\n"]


def test_language_tags_have_one_spelling():
    assert build_correct_docs.language_tag("pt_BR") == "pt-BR"
    assert build_correct_docs.language_tag("pt-br") == "pt-BR"
    assert build_correct_docs.language_tag("sr-Latn") == "sr-Latn"


def test_write_is_deterministic(tmp_path):
    docs = [build_correct_docs.Doc(**{k: v for k, v in d.items()}) for d in list(DOCS.values())[:3]]
    a, b = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    build_correct_docs.write(docs, a)
    build_correct_docs.write(list(reversed(docs)), b)
    assert a.read_bytes() == b.read_bytes()
    assert [d["id"] for d in build_correct_docs.load(a)] == sorted(d.id for d in docs)


def test_report_runs_on_one_language():
    out = io.StringIO()
    assert bench_correct_docs.main(["--lang", "vi"], out=out) == 0
    assert "documents" in out.getvalue()
