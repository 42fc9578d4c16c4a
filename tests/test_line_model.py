"""The line model's inference (features.py, linemodel.py) computes what its definitions say.

Features are computed column by column with shortcuts (bulk byte deletion for ASCII, the
letters of a line found by one regex, a cheaper link search when there is no "@"); each
shortcut is checked here against the plain definition it replaces, on arbitrary text and on
real text. The scores are checked against a plain walk of the shipped trees over the
feature vectors, on real pages: corpus/ samples, bench/data/correct_docs.jsonl.gz and, when
../shared is present, the boilerplate-web cases (skipped otherwise).
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.filters.boilerplate import features, linemodel

ROOT = Path(__file__).resolve().parents[1]
WEB_CASES = ROOT.parent / "shared" / "eval" / "boilerplate-web" / "cases"
EXAMPLES = int(os.environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", 300))

# text with what the shortcuts could get wrong: capitals and digits outside ASCII (Ⅻ, ², ①,
# Ⓐ, titlecase ǅ), CJK, unusual spaces, e-mails, links, separators
lines_text = st.lists(st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from(list("Aa1 ²①ⅫⓐⒶǅİ中文カ한\u00a0\u2003\t@#./|»:-•") + ["www.", "http://", "a@b.co", ".com"])),
    max_size=40).map("".join)


def _real_documents() -> list:
    """Real documents (lists of non-blank lines): corpus samples, correct documents, and a
    sample of the boilerplate-web pages when ../shared is present."""
    texts = [p.read_text("utf-8", errors="replace") for p in sorted((ROOT / "corpus" / "samples").glob("*.in.txt"))]
    with gzip.open(ROOT / "bench" / "data" / "correct_docs.jsonl.gz", "rt", encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f][::4]
    if WEB_CASES.is_dir():
        texts += [p.read_text("utf-8") for p in sorted(WEB_CASES.glob("*.txt"))[::10]]
    return [[line for line in text.split("\n") if line.strip()] for text in texts]


def _plain_counts(s: str) -> tuple:
    """The definition: (words lower-cased, letters, capitals, digits) of a line, a token and a character at a time."""
    cjk = len(features._cjk().findall(s))
    tokens = [t.lower() for t in features._WORD.findall(s)]
    if cjk:
        tokens = [t for t in tokens if not features._cjk().match(t)] + features._cjk().findall(s)
    return tokens, sum(map(str.isalpha, s)), sum(map(str.isupper, s)), sum(map(str.isdigit, s))


def _plain_title_share(s: str) -> float:
    split = s.split()
    return sum([w[:1].isupper() for w in split]) / len(split) if split else 0.0


def _check_line(line: str) -> None:
    s = line.strip()
    cjk = 0 if s.isascii() else len(features._cjk().findall(s))
    assert features._words_and_counts(s, cjk) == _plain_counts(s)
    assert features._title_share(s) == _plain_title_share(s)
    assert features._linkish(s) == (features._LINKISH.search(s) is not None)


@settings(max_examples=EXAMPLES, deadline=None)
@given(lines_text)
def test_the_per_line_shortcuts_equal_their_definitions(line):
    _check_line(line)


@settings(max_examples=EXAMPLES // 3, deadline=None)
@given(st.lists(lines_text, max_size=30))
def test_the_neighbourhood_columns_equal_their_definitions(lines):
    cols = features.columns(lines)
    n = len(lines)
    assert len(cols) == len(features.NAMES) and all(len(c) == n for c in cols)
    rows = features.features(lines)
    f = {name: i for i, name in enumerate(features.NAMES)}
    shapes = [_shape(row, line) for row, line in zip(rows, lines)]
    for i, row in enumerate(rows):
        lo, hi = max(0, i - features.WINDOW), min(n, i + features.WINDOW + 1)
        span = hi - lo - 1 or 1
        others = [k for k in range(lo, hi) if k != i]
        assert row[f["window_paragraphs"]] == pytest.approx(sum(rows[k][f["paragraph"]] for k in others) / span)
        assert row[f["window_short"]] == pytest.approx(sum(rows[k][f["short"]] for k in others) / span)
        assert row[f["window_width"]] == pytest.approx(sum(rows[k][f["log_width"]] for k in others) / span, abs=1e-9)
        alike = sum(1 for k in (i - 2, i - 1, i + 1, i + 2) if 0 <= k < n and shapes[k] == shapes[i]) / 4
        assert row[f["alike_neighbours"]] == alike
        pars = [k for k in range(n) if rows[k][f["paragraph"]]]
        # no paragraph at all: more than the number of lines, counted on from the nearer end (as trained)
        assert row[f["log_dist_paragraph"]] == math.log1p(min([abs(k - i) for k in pars], default=n + 1 + min(i, n - 1 - i)))
    scores = [(i * 37 % 11) / 10 for i in range(n)]
    for i, row in enumerate(features.context(scores)):
        for width, value in zip((1, 4, 12), row[1:4]):
            near = [scores[k] for k in range(max(0, i - width), min(n, i + width + 1)) if k != i]
            assert value == pytest.approx(sum(near) / len(near) if near else sum(scores) / n)


def _shape(row: list, line: str) -> tuple:
    first = line.strip()[:1]
    return ("d" if first.isdigit() else "u" if first.isupper() else "l" if first.islower() else "o",
            line.strip()[-1:] in features.SENTENCE_END, row[features.NAMES.index("short")] == 1.0)


def _walk(nodes: list, x: list) -> float:
    k = 0
    while nodes[k][0] >= 0:
        feature, threshold, left, right, _ = nodes[k]
        k = left if x[feature] <= threshold else right
    return nodes[k][4]


def _stage(stage: dict, x: list) -> float:
    """A stage's raw score, tree after tree in the shipped order."""
    total = stage["baseline"]
    for tree in stage["trees"]:
        total += _walk(tree, x)
    return total


def test_scores_on_real_pages_equal_a_walk_of_the_shipped_trees():
    data = json.loads(linemodel.MODEL_PATH.read_text("utf-8"))
    first, second = data["stages"]
    model = linemodel.load()
    checked = 0
    for lines in _real_documents():
        for line in lines[:40]:
            _check_line(line)
        feats, ctx, scores = model.scores(lines)
        rows = features.features(lines)
        assert [list(r) for r in zip(*feats)] == rows
        stage1 = [linemodel._sigmoid(_stage(first, x)) for x in rows]
        context = features.context(stage1)
        assert [list(r) for r in zip(*ctx)] == context
        for x, c, score in zip(rows, context, scores):
            assert abs(score - linemodel._sigmoid(_stage(second, x + c))) <= 1e-12
        checked += len(lines)
    assert checked > (20_000 if WEB_CASES.is_dir() else 10_000)  # the corpus and correct documents alone: ~16,000


def test_the_models_edge_scores_are_the_lines_before_and_after_the_article():
    """The model's position is `edge`: at its own thresholds it scores only the lines before
    the first paragraph or after the last one (measured on boilerplate-web dev: a point more
    boilerplate at the same content kept than anywhere aside). Between the paragraphs it acts
    only where rules named furniture (`inside_removals`, the next test)."""
    from textfix.filters.boilerplate.structure import Lines

    par = "The council approved the new budget on Tuesday after a long debate about the costs of the new bridge over the river."
    text = "\n".join(["Home | News", "Sport", par, "Most read", "", "Contact us", par, "Terms of use", "© 2024"]) + "\n"
    lines = Lines(text)
    assert sorted(linemodel.page_scores(lines)) == [0, 1, 7, 8]
    assert linemodel.MODEL_RULE.position == "edge"


def test_between_paragraphs_the_model_removes_only_near_named_furniture_and_never_a_list():
    """Between the article's paragraphs the model removes a line it scores at
    `threshold_inside` (`threshold_furnished` where rules removed a quarter of the run) only
    in a run of lines where a rule pack named one (a share row, a "More:" label); the article's lists and tables stay (a marked item, a line under a bare
    number, items under a kept line ending in ':', a row of numbers), and so do lines of one
    or two words and a run where no rule named anything (out of fold on dev: 304 boilerplate
    lines and no content line at 0.98; LINE_MODEL.md, sixth round)."""
    from textfix.filters.boilerplate.packs import builtin_rules
    from textfix.filters.boilerplate.structure import Lines, _Removal

    par = "The council approved the new budget on Tuesday after a long debate about the costs of the new bridge over the river."
    text = "\n".join([
        par,
        "Share this article",                        # 1 named by a rule
        "Floods close the coast road again",         # 2 near it: removed
        "1. Buy the bread and the milk first",       # 3 a list item
        "Minister resigns",                          # 4 two words
        par,
        "The four tents we took are:",               # 6 kept: introduces a list
        "Share this article",                        # 7 named
        "Tents for the rain and the wind",           # 8 under the introduction
        "Total 12 34 56",                            # 9 a table row
        par,
        "Readers also liked these stories",          # 11 no named line in its run
        par,
    ]) + "\n"
    page = Lines(text)
    related = next(r for r in builtin_rules() if r.id == "boilerplate.related.block")
    removals = {k: _Removal(k, related, related.description) for k in (1, 7)}
    model = linemodel.load()
    inside = linemodel.inside_candidates(page, removals)
    assert inside == {2: True, 4: True}  # (one of the run's four lines removed: a quarter)
    scored = linemodel.page_scores(page, list(inside))
    assert set(inside) <= set(scored)
    scored = {k: (0.99, *scored[k][1:]) for k in inside}
    assert model.threshold_strong < model.threshold_inside < 1
    assert model.threshold_furnished < model.threshold_inside
    linemodel.inside_removals(page, removals, scored, inside, model)
    assert sorted(removals) == [1, 2, 7]
    assert "where rules named furniture" in removals[2].reason
    for furnished, threshold in ((True, model.threshold_furnished), (False, model.threshold_inside)):
        scored[2] = (threshold - 0.001, *scored[2][1:])
        removals = {k: _Removal(k, related, related.description) for k in (1, 7)}
        linemodel.inside_removals(page, removals, scored, {2: furnished, 4: furnished}, model)
        assert sorted(removals) == [1, 7]
    scored[2] = (model.threshold_furnished, *scored[2][1:])
    linemodel.inside_removals(page, removals, scored, {2: False, 4: False}, model)
    assert sorted(removals) == [1, 7]  # a run rules did not mostly remove needs threshold_inside


def test_a_teaser_or_shape_taken_line_the_model_reads_as_running_text_stays():
    """The model's veto: a removal no pattern named itself — a teaser taken for standing under a
    block's label, a line a structure heuristic took for its shape — stays when the model
    scores its line under `veto_below` (on dev: the article's own headline under a "More:"
    label, a sentence cut at a link, a blog post's title). A line a pattern named stays
    removed whatever the model says; so does a teaser the model scores as furniture, one of
    one or two words (the model never learned from those), and one between the article's
    paragraphs (where the model does not act)."""
    from textfix.filters.boilerplate.packs import builtin_rules
    from textfix.filters.boilerplate.structure import Lines, _Removal
    from textfix.filters.boilerplate.teasers import TEASER_RULES

    par = "The council approved the new budget on Tuesday after a long debate about the costs of the new bridge over the river."
    text = "\n".join([
        "More:",                                                 # 0 the label: named by the pattern
        "Ceres' temporary atmosphere linked to solar activity",  # 1 a teaser read as running text: stays
        "Minister resigns after budget row",                     # 2 a teaser read as furniture
        par,
        "Floods close the coast road again",                     # 4 between the paragraphs
        par,
        "Flash Animation: From Cell Phones to Romance",          # 6 a title-run line read as running text: stays
        "Read more",                                             # 7 two words
    ]) + "\n"
    page = Lines(text)
    related = next(r for r in builtin_rules() if r.id == "boilerplate.related.block")
    titles = TEASER_RULES["titles"]
    removals = {0: _Removal(0, related, related.description)}
    removals.update({k: _Removal(k, related, "teaser listed under 'More:'", member=True) for k in (1, 2, 4, 7)})
    removals[6] = _Removal(6, titles, "one of 3 titles in a row after the article")
    below = linemodel.load().veto_below
    scored = dict(linemodel.page_scores(page))
    scored = {k: (0.0 if k != 2 else 0.99, *rest) for k, (_s, *rest) in scored.items()}
    assert linemodel.vetoes(removals, scored, below) == [1, 6]


def test_the_lower_threshold_needs_more_named_furniture_than_the_model_does():
    """Three named lines let the model run; only STRONG_FURNITURE_LINES let it remove at its
    lower threshold: a message catalogue's "E-mail" and "Login" and a licence's "TERMS AND
    CONDITIONS" are three, and at the lower threshold the model took their short lines."""
    model = linemodel.load()
    assert linemodel.MIN_FURNITURE_LINES < linemodel.STRONG_FURNITURE_LINES
    assert model.threshold_strong < model.threshold
    assert model.threshold_for(linemodel.STRONG_FURNITURE_LINES - 1) == model.threshold
    assert model.threshold_for(linemodel.STRONG_FURNITURE_LINES) == model.threshold_strong
    assert 0 < model.veto_below < model.threshold_strong


def _mean_around(scores: list, i: int, width: int) -> float:
    """The definition: the mean of the scores within `width` of line i, line i left out, summed
    as context_columns sums them (running sums), else the document's mean."""
    n = len(scores)
    cum = [0.0]
    for s in scores:
        cum.append(cum[-1] + s)
    lo, hi = max(0, i - width), min(n, i + width + 1)
    return (cum[hi] - cum[lo] - scores[i]) / (hi - lo - 1) if hi - lo > 1 else cum[-1] / n


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.floats(0, 1), max_size=40))
def test_the_context_windows_equal_their_definition_exactly(scores):
    cols = features.context_columns(scores)
    for k, width in enumerate((1, 4, 12), start=1):
        assert cols[k] == [_mean_around(scores, i, width) for i in range(len(scores))]


@settings(max_examples=EXAMPLES // 3, deadline=None)
@given(st.lists(lines_text, max_size=30))
def test_the_cjk_counts_of_a_page_equal_those_line_by_line(lines):
    stripped = [line.strip() for line in lines]
    assert features._cjk_counts(stripped) == [len(features._cjk().findall(s)) for s in stripped]


def test_page_scores_are_the_full_scores_of_the_lines_at_the_edges():
    """page_scores runs the second stage on the lines before the article's first paragraph and
    after its last only: their scores, features and context are those of scoring every line."""
    from textfix.filters.boilerplate.structure import Lines

    model = linemodel.load()
    checked = 0
    for lines in _real_documents()[::3]:
        text = "\n".join(lines[:1] + [""] + lines[1:]) + "\n"  # a blank line, as pages have
        page = Lines(text)
        scored = linemodel.page_scores(page)
        rows = [k for k in range(page.count) if not page.blank(k)]
        feats, ctx, scores = model.scores([page.line(k) for k in rows])
        edges = {k: (scores[j], j) for j, k in enumerate(rows) if page.in_head(k) or page.in_tail(k)}
        assert {k: (s, j) for k, (s, j, _f, _c) in scored.items()} == edges
        assert all(f == feats and c == ctx for _s, _j, f, c in scored.values())
        checked += len(edges)
    assert checked > (1000 if WEB_CASES.is_dir() else 500)  # (corpus and correct docs alone: ~900 edge lines)


@functools.lru_cache(maxsize=1)
def _shipped() -> dict:
    return json.loads(linemodel.MODEL_PATH.read_text("utf-8"))


def _thresholds(stage: dict) -> list:
    return [node[1] for tree in stage["trees"] for node in tree if node[0] >= 0]


@settings(max_examples=EXAMPLES // 5, deadline=None)
@given(st.data())
def test_compiled_stages_score_random_columns_as_the_walk_exactly(data):
    """Each compiled stage, over feature columns (all rows or a slice of them, as page_scores
    asks for the edges), gives exactly the float a walk of the shipped JSON trees gives, summed
    tree after tree: values drawn at, just around and far from the trees' thresholds."""
    model = linemodel.load()
    for stage, compiled in zip(_shipped()["stages"], (model.first, model.second)):
        near = _thresholds(stage)
        value = st.one_of(st.sampled_from(near), st.sampled_from(near).map(lambda t: math.nextafter(t, math.inf)),
                          st.floats(-10, 10, allow_nan=False))
        width = len(features.NAMES) + (len(features.CONTEXT_NAMES) if compiled is model.second else 0)
        rows = data.draw(st.lists(st.lists(value, min_size=width, max_size=width), min_size=1, max_size=4))
        columns = [list(c) for c in zip(*rows)]
        walked = [_stage(stage, x) for x in rows]
        assert compiled.over(columns) == walked
        assert [compiled(x) for x in rows] == walked
        lo, hi = sorted(data.draw(st.lists(st.integers(0, len(rows)), min_size=2, max_size=2)))
        assert compiled.over(columns, slice(lo, hi)) == walked[lo:hi]
