"""The block path (textfix/block.py) gives what `Pipeline.run` gives document by document.

A block's screens must admit every document some filter can fire on: a document they
leave out gets the empty Result without running the pipeline. So the results of
`run_block` over random blocks (corpus/ samples, generated English of the speed benchmark,
lines built to fire each filter) and real inputs (every corpus/ page in one block, the
correct documents in blocks) must equal the per-document ones: text, changes, flags.
"""

import gzip
import json
import os
import pathlib
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix import block
from textfix.filters import mojibake
from textfix.filters.boilerplate import builtin_rules
from textfix.pipeline import Context, Scan

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import datagen  # noqa: E402

EXAMPLES = int(os.environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", 300))
SAMPLES = sorted((ROOT / "corpus" / "samples").glob("*.in.txt"))
PAGES = [path.read_bytes().decode("utf-8", "replace") for path in SAMPLES]
GENERATED = [doc for kind in datagen.CORPORA for doc in datagen.make_corpus(kind, 30_000, seed=15)]
RULES = builtin_rules()
# lines that make a filter fire, or come close: entities, mojibake, lost bytes, controls,
# surrogates, escapes, version headers, doubled lines, rule examples, characters the gate reads apart
SNIPPETS = (
    [ex for r in RULES for ex in r.examples_match[:2]]
    + [ex for r in RULES for ex in r.examples_keep[:1]]
    + ["Fish &amp; chips", "a < b &amp; c", "cafÃ© au lait", "donâ€™t", "Thatâs it", "f?r", "caf\ufffd",
       "Â£5", "\x1b[1mBold\x1b[0m", "a\x00b", "\x93quoted\x94", "\x85", "\ud83d\ude00", "\ud800 lone", "\ufeffBOM",
       "Version 2 Version 3", "version 2", "VERſION 1 VERSION 2", "İstanbul ıſ", "K Kelvin", "»", "• Home",
       "The same sentence comes twice here. The same sentence comes twice here.",
       "A paragraph that is repeated on the next line, word for word, here.",
       "A paragraph that is repeated on the next line, word for word, here.",
       "Home > News > World", "News | Sport | Weather | Culture", "© 2024 Example Ltd", "<b>tag</b>", "  padded  ",
       "\u00a0Share\u2003", "12 comments", "By Jane Smith", "Advertisement", "Share this:\r", "\r\n", "\r"]
)
lines = st.one_of(
    st.sampled_from(SNIPPETS),
    st.text(st.characters(min_codepoint=0x09, max_codepoint=0x24ff), max_size=30),
    st.just(""),
)
made = st.lists(lines, min_size=0, max_size=8).map("\n".join)
documents = st.one_of(st.sampled_from(PAGES), st.sampled_from(GENERATED), made,
                      st.tuples(st.sampled_from(GENERATED), made).map("\n".join))
# and the same with Windows line ends, or none at the end
documents = st.one_of(documents, documents.map(lambda text: text.replace("\n", "\r\n")), documents.map(str.rstrip))
blocks = st.lists(documents, min_size=1, max_size=10)


def per_document(pipeline, texts):
    return [pipeline.run(text) for text in texts]


@settings(max_examples=EXAMPLES, deadline=None)
@given(blocks)
def test_a_block_gives_what_each_document_gives(texts):
    pipeline = textfix.default_pipeline()
    assert block.run_block(pipeline, texts) == per_document(pipeline, texts)


@settings(max_examples=EXAMPLES // 3, deadline=None)
@given(blocks, st.sampled_from([("default", "layout.repeated-paragraph"), ("mojibake",), ("boilerplate", "layout")]))
def test_a_block_gives_what_each_document_gives_for_other_selections(texts, select):
    pipeline = textfix.default_pipeline(select)
    assert block.run_block(pipeline, texts) == per_document(pipeline, texts)


def test_the_corpus_pages_as_one_block():
    pipeline = textfix.default_pipeline()
    expected = per_document(pipeline, PAGES)
    assert block.run_block(pipeline, PAGES) == expected
    # and the path skips something: the clean pages (most of them are built to tempt a filter);
    # without Hyperscan (TEXTFIX_HYPERSCAN=0, a platform without wheels) non-ASCII text cannot be
    # screened in one pass, and the block runs document by document
    busy = block.admitted(pipeline, PAGES)
    if not mojibake.badness_scanner().available():
        assert busy is None
    else:
        assert len(PAGES) - len(busy) >= 10


def test_the_correct_documents_in_blocks():
    with gzip.open(ROOT / "bench" / "data" / "correct_docs.jsonl.gz", "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    pipeline = textfix.default_pipeline()
    for start in range(0, len(texts), 64):
        chunk = texts[start:start + 64]
        assert block.run_block(pipeline, chunk) == per_document(pipeline, chunk), start


def test_clean_texts_is_clean_per_text():
    texts = GENERATED[:40] + PAGES[:40]
    config = {"min_confidence": 0.3, "ignore": ["layout"]}
    assert block.clean_texts(texts, config=config) == [textfix.clean(t, config=config) for t in texts]
    assert block.clean_texts(texts, select=["mojibake"]) == [textfix.clean(t, select=["mojibake"]) for t in texts]


def acts(step, text, pipeline) -> bool:
    """Whether `step` does something with `text` in a pipeline run: its screen lets it through
    and its propose proposes a change, flags or counts something."""
    ctx = Context(pipeline.selection, pipeline.options)
    ctx._enabled = pipeline._enabled
    if not step.screen(text, Scan(text, ctx)):
        return False
    return bool(list(step.propose(text, ctx)) or ctx.flags or +ctx.counters)


def test_each_block_screen_admits_every_document_its_filter_acts_on():
    """The block screens one by one: a document a filter does something with (a change, a flag,
    a count) is admitted by its block screen."""
    pipeline = textfix.default_pipeline(("default", "layout.repeated-paragraph"))
    texts = PAGES + GENERATED[::5] + [SNIPPETS[i] + "\n" + SNIPPETS[-i] for i in range(len(SNIPPETS))]
    whole = block.Block(texts)
    ctx = Context(pipeline.selection, pipeline.options)
    ctx._enabled = pipeline._enabled
    for step in pipeline._active:
        found = block.BLOCK_SCREENS[type(step)](whole, step, ctx)
        acted = {k for k, text in enumerate(texts) if acts(step, text, pipeline)}
        assert acted, type(step).__name__  # (the texts tempt every filter: the test means something)
        assert found is None or acted <= found, (type(step).__name__, sorted(acted - found)[:5])


def test_generated_clean_english_is_mostly_quiet():
    pipeline = textfix.default_pipeline()
    texts = datagen.make_corpus("clean", 100_000, seed=3)
    busy = block.admitted(pipeline, texts)
    if not mojibake.badness_scanner().available():  # (see test_the_corpus_pages_as_one_block)
        assert busy is None
    else:
        assert len(busy) <= len(texts) // 10


def test_empty_block_and_empty_documents():
    pipeline = textfix.default_pipeline()
    assert block.run_block(pipeline, []) == []
    assert block.run_block(pipeline, ["", "\n", " "]) == per_document(pipeline, ["", "\n", " "])


def test_clean_batch_is_clean_per_row():
    rows = PAGES[:30] + [None] + GENERATED[:30]
    out = textfix.clean_batch({"text": rows}, with_changes=True, changes_as="dicts")
    expected = [None if t is None else textfix.clean(t) for t in rows]
    assert out["text"] == [None if r is None else r.text for r in expected]
    assert out["textfix_changes"] == [[] if r is None else [c.to_dict() for c in r.changes] for r in expected]


def test_datatrove_step_over_several_blocks(monkeypatch, tmp_path):
    pytest.importorskip("datatrove", reason="datatrove is not installed (pip install -e '.[datatrove]')")
    from datatrove.data import Document

    from textfix.integrations import datatrove as step_module

    monkeypatch.setattr(step_module, "BLOCK_DOCS", 7)  # several blocks, one cut inside the list
    texts = PAGES[:20] + [None] + GENERATED[:10]
    step = step_module.TextfixFormatter(log_folder=str(tmp_path))
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    out = list(step.run(iter(docs)))
    expected = [None if t is None else textfix.clean(t) for t in texts]
    assert [d.id for d in out] == [str(i) for i in range(len(texts))]
    assert [d.text for d in out] == [None if r is None else r.text for r in expected]
    assert step.stats["changed"].total == sum(1 for t, r in zip(texts, expected) if r is not None and r.text != t)
    log = (tmp_path / "00000.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(log) == sum(len(r.changes) + len(r.flags) for r in expected if r is not None)
    # a text of another type: the documents before it are handed on first
    bad = [Document(text="The cafÃ© reopens", id="a"), Document(text=17, id="b")]
    seen = []
    with pytest.raises(TypeError, match="document 'b'"):
        for doc in step_module.TextfixFormatter().run(iter(bad)):
            seen.append(doc.text)
    assert seen == ["The café reopens"]


def test_a_jsonl_shard_is_cleaned_as_each_record_would_be(tmp_path):
    """The CLI's JSONL block (tasks._records): records read first, their fields cleaned as one
    block; a bad record skipped in its place; two text fields; the log as per record."""
    from textfix.cli import main

    texts = PAGES[:25] + GENERATED[:25]
    lines = []
    for i, text in enumerate(texts):
        lines.append(json.dumps({"id": i, "text": text, "meta": {"summary": texts[-1 - i][:300]}}) + "\n")
        if i == 10:
            lines.append("{not json\n")
    shard = tmp_path / "s.jsonl"
    shard.write_text("".join(lines), encoding="utf-8")
    assert main(["clean", "-i", str(shard), "--on-error", "skip", "--text-field", "text", "--text-field", "meta.summary",
                 "--log", str(tmp_path / "log.jsonl")]) == 0
    out = [json.loads(line) for line in shard.read_text(encoding="utf-8").splitlines() if line != "{not json"]
    assert [r["text"] for r in out] == [textfix.clean(t).text for t in texts]
    assert [r["meta"]["summary"] for r in out] == [textfix.clean(texts[-1 - i][:300]).text for i in range(len(texts))]
    logged = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = sum(len(r.changes) + len(r.flags) for t in texts for r in (textfix.clean(t),))
    expected += sum(len(r.changes) + len(r.flags) for i in range(len(texts)) for r in (textfix.clean(texts[-1 - i][:300]),))
    assert sum(1 for r in logged if r["type"] != "header") == expected


def test_clean_texts_cuts_a_long_list_in_blocks(monkeypatch):
    monkeypatch.setattr(block, "BLOCK_DOCS", 3)
    seen = []
    real = block.run_block
    monkeypatch.setattr(block, "run_block", lambda p, texts, **kw: seen.append(len(texts)) or real(p, texts, **kw))
    texts = PAGES[:7]
    assert block.clean_texts(texts) == [textfix.clean(t) for t in texts]
    assert seen == [3, 3, 1]


def test_a_user_rule_pack_on_the_block_path():
    """A user's pack has its own gate (not exact): its lines are admitted on the literal, start
    and position tests alone. The pack's sample page among other pages, as one block."""
    config = {"rules": [str(ROOT / "corpus" / "rules" / "riverside-gazette.toml")]}
    page = (ROOT / "corpus" / "samples" / "bp-user-pack.in.txt").read_text(encoding="utf-8")
    texts = PAGES[:20] + [page] + GENERATED[:20] + [page.replace("\n", "\r\n")]
    expected = [textfix.clean(t, config=config) for t in texts]
    assert any(c.rule.startswith("boilerplate.site.") for c in expected[20].changes)
    assert block.clean_texts(texts, config=config) == expected


def test_a_folder_of_small_files_is_cleaned_as_each_file_would_be(tmp_path, monkeypatch):
    """The CLI's batch of plain text files (tasks.text_batch_task): read and decoded one by one,
    cleaned as one block; what each file hands back (bytes to write, counts, report items, log,
    errors) is what text_task gives it alone: UTF-8, Windows-1252, a BOM, gzip, empty, binary,
    a file per-file-ignores touches."""
    from textfix import tasks

    contents = [text.encode("utf-8") for text in PAGES[:12] + GENERATED[:12]]
    contents += ["Café au lait, naïve façade — “quoted”.\n".encode("cp1252"), "\ufeffBOM first line\n".encode("utf-8"),
                 "cafÃ© au lait\n".encode("utf-8"), b"", b"\x00\x01\x02binary\x00" * 50]
    paths = []
    for i, data in enumerate(contents):
        path = tmp_path / f"f{i:02}.txt"
        path.write_bytes(data)
        paths.append(str(path))
    gz = tmp_path / "z.txt.gz"
    gz.write_bytes(gzip.compress(PAGES[0].encode("utf-8")))
    paths += [str(gz), str(tmp_path / "missing.txt")]
    blocked = []
    real = block.clean_decoded
    monkeypatch.setattr(block, "clean_decoded", lambda decoded, config: blocked.append(len(decoded)) or real(decoded, config))
    for settings_ in (tasks.Settings("clean", {}, log=True, verbose=True, destination="in-place"),
                      tasks.Settings("check", {}, log=True, output_format="html"),
                      tasks.Settings("check", {}, diff=True, per_file_ignores=((str(tmp_path), "f0*.txt", ("boilerplate",)),))):
        tasks.init_worker(settings_)
        items = [(path, None) for path in paths]
        assert tasks.text_batch_task(items) == [tasks.text_task(path) for path in paths]
    assert blocked == [len(paths) - 2] * 2 + [len(paths) - 2 - 10]  # (binary and missing: errors; f00-f09 ignore rules)
