"""The line model: a score per line of how much it looks like page furniture.

Trained by tools/train_line_model.py on the dev split of a line-labelled set of 1,615 web
pages in 12 languages (line_model.card.md says what it was trained on and how well it did).
Two stages of small gradient-boosted trees: the first scores a line from what it looks
like and where it sits (features.py), the second again with its neighbours' first scores,
since furniture comes in runs. The trees ship as JSON; here they become one Python
function per stage (compiled once) of the features its trees read, mapped over the
document's feature columns, so a line costs a few hundred comparisons and no dependency.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from itertools import takewhile
from pathlib import Path

from .features import CONTEXT_NAMES, NAMES, columns, context_columns
from .structure import Heuristic, Lines, _Removal, reports_speech

MODEL_PATH = Path(__file__).resolve().parent / "line_model.json"


def _tree_source(nodes: list, k: int = 0) -> str:
    """One tree (nodes of [feature, threshold, left, right, value]) as a Python expression of
    the features it reads, named `x<index>`."""
    feature, threshold, left, right, value = nodes[k]
    if feature < 0:
        return repr(value)
    return f"({_tree_source(nodes, left)} if x{feature} <= {threshold!r} else {_tree_source(nodes, right)})"


class Stage:
    """One stage of trees, compiled once into a function of the features its trees read (each
    a local name, no indexing per comparison): `over(columns)` scores every line in one map,
    calling it `stage(vector)` scores one vector. Both give the raw score (log-odds)."""

    def __init__(self, stage: dict):
        self.used = sorted({node[0] for tree in stage["trees"] for node in tree if node[0] >= 0})
        body = " + ".join([repr(stage["baseline"])] + [_tree_source(t) for t in stage["trees"]])
        params = ", ".join(f"x{i}" for i in self.used)
        self.score = eval(compile(f"lambda {params}: {body}", "<line model>", "eval"), {})  # trusted data shipped in the package

    def over(self, columns: list, rows: slice = slice(None)) -> list:
        """The score of every line, or of the lines in `rows`."""
        return list(map(self.score, *[columns[i][rows] for i in self.used]))

    def __call__(self, vector: list) -> float:
        return self.score(*[vector[i] for i in self.used])


@lru_cache(maxsize=1)
def load() -> "LineModel":
    return LineModel(json.loads(MODEL_PATH.read_text("utf-8")))


class LineModel:
    """The shipped model: `scores(lines)` gives each line a probability of being furniture."""

    def __init__(self, data: dict):
        if data.get("kind") != "trees" or tuple(data["features"]) != NAMES \
                or tuple(data["context_features"]) != CONTEXT_NAMES:
            raise ValueError(f"{MODEL_PATH.name} does not match features.py: retrain it (tools/train_line_model.py)")
        self.first, self.second = (Stage(s) for s in data["stages"])
        self.threshold = data["threshold"]  # on a page with MIN_FURNITURE_LINES named lines
        self.threshold_strong = data["threshold_strong"]  # ... with STRONG_FURNITURE_LINES
        self.veto_below = data["veto_below"]  # a teaser or shape-taken line scored under this stays
        self.threshold_inside = data["threshold_inside"]  # between paragraphs, near named furniture
        self.threshold_furnished = data["threshold_furnished"]  # ... in a run rules mostly removed

    def threshold_for(self, named: int) -> float:
        """The threshold on a page where rule packs removed `named` lines."""
        return self.threshold_strong if named >= STRONG_FURNITURE_LINES else self.threshold

    def scores(self, lines: list, head: int = None, tail: int = None, also: tuple = ()) -> tuple:
        """(feature columns, second-stage context columns, probability per line). With `head`
        and `tail`, the probabilities of lines[:head] and lines[tail:] only, then of the lines
        `also` (in that order): the first stage reads every line, the second only those asked
        for."""
        feats = columns(lines)
        ctx = context_columns(list(map(_sigmoid, self.first.over(feats))))
        if head is None:
            return feats, ctx, list(map(_sigmoid, self.second.over(feats + ctx)))
        both = feats + ctx
        edges = self.second.over(both, slice(None, head)) + self.second.over(both, slice(tail, None))
        return feats, ctx, list(map(_sigmoid, edges + [self.second([c[j] for c in both]) for j in also]))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


_F = {name: i for i, name in enumerate(NAMES)}
_C = {name: i for i, name in enumerate(CONTEXT_NAMES)}


def reason(vec: list, ctx: list) -> str:
    """What the model saw in a line it removes, in words: its shape, where it stands, and
    its neighbours' scores."""
    shape = "short line" if vec[_F["short"]] else "line"
    if vec[_F["linkish"]]:
        shape += " with a link or handle"
    elif vec[_F["separators"]]:
        shape += " with menu separators"
    elif not vec[_F["ends_sentence"]]:
        shape += " not ending like a sentence"
    if vec[_F["repeated"]]:
        shape += ", repeated on the page"
    if vec[_F["head"]]:
        where = "before the article's first paragraph"
    elif vec[_F["tail"]]:
        where = "after the article's last paragraph"
    else:
        where = "between paragraphs"
    return f"{shape} {where}, among furniture-like lines (neighbours {ctx[_C['near4']]:.2f})"


# position "edge": the model removes lines before the article's first paragraph and after its
# last one only (measured on boilerplate-web dev, threshold 0.975: 98.50% of content lines kept
# and 25.4% of boilerplate removed, against 98.44% / 26.5% anywhere aside; at the same content
# kept, a point more boilerplate), so a list, a table or a byline inside the article stays.
# Like the positional rules, it leaves alone the items of a list that a line ending in ':'
# introduces (teasers._keep_lists).
MODEL_RULE = Heuristic(
    "boilerplate.model", "model",
    "a line the line model scores as page furniture, before or after the article (or between its paragraphs "
    "near named furniture), on a page where rules found furniture",
    "edge", 0.9)
# The model runs on a page where rule packs removed at least this many lines: furniture found
# with confidence. One named line ("E-mail", a copyright line) is also what a message
# catalogue, a licence or a manual holds, and their short lines look like a page's menus.
MIN_FURNITURE_LINES = 3
# On a page where rule packs removed this many lines the model removes at its lower threshold
# (`threshold_strong` in the model file): three named lines ("E-mail", "Login", a licence's
# "TERMS AND CONDITIONS") are also what a message catalogue or a licence holds, and there the
# lower threshold took their short lines (correct-documents set: 2 documents over 1% at 0.96
# with three lines; 0 with five).
STRONG_FURNITURE_LINES = 5
# ... and that has at most this many lines. The longest page the model learned from has 1,505
# (the median 152): a longer text is a book, a log or pages run together, which the model has
# never seen, and its feature columns would take memory in proportion (~1 KB a line).
MAX_PAGE_LINES = 5000
# Between the article's paragraphs, a run of lines where rules removed at least this share is
# a furniture block on the rules' own evidence: the model removes the rest of it at
# `threshold_furnished` (out of fold on dev, LINE_MODEL.md sixth round).
FURNISHED_RUN_SHARE = 0.25


def named_furniture(removals: dict) -> int:
    """The lines rule packs (not the structure heuristics, not the model) removed."""
    return sum(1 for r in removals.values() if r.rule.kind not in ("structure", "model") and not r.member)


def page_evidence(removals: dict, line_count: int) -> bool:
    """Whether rule packs (not the structure heuristics) found enough furniture for the model
    to run, on a text no longer than a web page."""
    return line_count <= MAX_PAGE_LINES and named_furniture(removals) >= MIN_FURNITURE_LINES


def page_scores(lines: Lines, inside: list = ()) -> dict:
    """The model's probability for each non-blank line before the article's first paragraph
    or after its last one (`MODEL_RULE`'s position, the only lines the model acts on), and
    for the lines `inside` (between the paragraphs: `inside_candidates`), with the line's
    features and context columns for `reason`: {line: (score, row, features, context)}.
    Every non-blank line is read, for its neighbours' first-stage scores; blank lines are
    left out of what the model reads (it learned from pages without them)."""
    texts = lines.text.split("\n", lines.count)[:lines.count]  # (Lines cuts at newlines: line k is texts[k])
    rows = [k for k, t in enumerate(texts) if t.strip()]
    head = sum(1 for _ in takewhile(lines.in_head, rows))
    tail = len(rows) - sum(1 for _ in takewhile(lines.in_tail, reversed(rows)))
    tail = max(tail, head)  # (on a page without paragraphs a line can be both: scored once)
    row_of = {k: j for j, k in enumerate(rows)} if inside else {}
    also = [row_of[k] for k in inside if k in row_of and head <= row_of[k] < tail]
    feats, ctx, scores = load().scores([texts[k] for k in rows], head, tail, also)
    asked = list(range(head)) + list(range(tail, len(rows))) + also
    return {rows[j]: (score, j, feats, ctx) for j, score in zip(asked, scores)}


def model_removals(lines: Lines, removals: dict) -> None:
    """Add the lines at the page's edges that the line model scores at or above its
    threshold, and take back the teasers a block rule listed and the lines a structure
    heuristic took that the model scores as running text (`vetoes`). Only on a page where
    rules already found furniture (`page_evidence`): a document that does not look like an
    extracted web page loses nothing to a guess. Reported speech and hard-wrapped prose are
    never furniture."""
    model = load()
    named = named_furniture(removals)
    inside = inside_candidates(lines, removals) if named >= STRONG_FURNITURE_LINES else {}
    scored = page_scores(lines, list(inside))
    inside_scored = {k: scored.pop(k) for k in inside if k in scored}
    threshold = model.threshold_for(named)
    for k in vetoes(removals, scored, model.veto_below):
        del removals[k]
    for k, (score, j, feats, ctx) in scored.items():
        if score >= threshold and k not in removals and not reports_speech(lines.line(k)) \
                and not lines.in_wrapped_prose(k):
            why = reason([c[j] for c in feats], [c[j] for c in ctx])
            removals[k] = _Removal(k, MODEL_RULE, why, round(score, 3))
    inside_removals(lines, removals, inside_scored, inside, model)


def inside_candidates(lines: Lines, removals: dict) -> dict:
    """The lines between the article's paragraphs the model may remove (`inside_removals`):
    in a run of non-paragraph lines where a rule pack named a line (a "Read more" label, a
    share row), not removed, and not an item of a list or a row of a table (`Lines.listed`).
    Furniture a rule found inside the article comes with the teasers and ledes around it
    (LINE_MODEL.md, sixth round). {line: whether rules removed FURNISHED_RUN_SHARE of its
    run's lines}: a block the rules mostly recognised is furniture on stronger evidence."""
    named = {k for k, r in removals.items() if r.rule.kind not in ("structure", "model")}
    out = {}
    for first, last in lines.inside_runs():
        if any(k in named for k in range(first, last + 1)):
            listed = lines.listed(first, last, lambda i: i not in removals)
            filled = [k for k in range(first, last + 1) if not lines.blank(k)]
            furnished = sum(1 for k in filled if k in removals) >= FURNISHED_RUN_SHARE * len(filled)
            out.update((k, furnished) for k in filled if k not in removals and k not in listed)
    return out


def inside_removals(lines: Lines, removals: dict, scored: dict, furnished: dict, model: "LineModel") -> None:
    """Add the `inside_candidates` the model scores at or above its inside threshold (above
    its edge thresholds; `threshold_furnished` in a run rules mostly removed) that hold three
    words or more (a subheading is one or two; the model never learned from such lines) and
    are not reported speech or hard-wrapped prose."""
    for k, entry in scored.items():
        threshold = model.threshold_furnished if furnished[k] else model.threshold_inside
        if entry[0] >= threshold and _words(entry) >= 3 and not reports_speech(lines.line(k)) \
                and not lines.in_wrapped_prose(k):
            score, j, feats, ctx = entry
            why = reason([c[j] for c in feats], [c[j] for c in ctx]) + ", in a run of lines where rules named furniture"
            removals[k] = _Removal(k, MODEL_RULE, why, round(score, 3))


def vetoes(removals: dict, scored: dict, below: float) -> list:
    """The removals a pattern did not name itself — a teaser taken for standing under a
    block's label, a line a structure heuristic took for its shape — whose line the model
    scores under `below`: on dev those are the article's own headline under a "More:" label,
    a sentence cut at a link, a blog post's title (LINE_MODEL.md, "Fourth round"). Only
    where the model itself may act (before the article's first paragraph or after its last:
    the lines `page_scores` scores), and only lines of three words or more: the model never
    learned from shorter ones."""
    return [k for k, r in removals.items()
            if (r.member or r.rule.kind == "structure") and k in scored and scored[k][0] < below
            and _words(scored[k]) >= 3]


def _words(entry: tuple) -> float:
    """The words of a scored line (a CJK character counts half), from its feature column."""
    _score, j, feats, _ctx = entry
    return math.expm1(feats[_F["log_words"]][j])
