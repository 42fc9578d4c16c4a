"""The chain a datatrove user writes instead of textfix, and the boilerplate gate's false hits.

Used by bench_speed.py (on by default for the corpora in CORPORA; `--no-datatrove` skips it):

- `chain()`: datatrove's `FTFYFormatter` (its defaults: ftfy's encoding repairs without
  normalizations) followed by C4's line filter (`C4QualityFilter`): the step that removes
  boilerplate lines in a datatrove pipeline. Its page-level rule "at least 5 sentences" needs
  spaCy's sentence splitter, which is not a dependency here, so it runs with
  `min_num_sentences=-1`: every line rule of C4 (terminal punctuation, 3 words, javascript,
  policy phrases, citations, long words, the lorem-ipsum and curly-bracket page drops) runs;
  only the sentence count does not. That makes the chain a little faster than the real one,
  so a ratio against it is, if anything, unfavourable to textfix.
- `gate_hits()`: per document, the lines the built-in boilerplate gate's literal tests admit
  (each one paid in Python: literals, positions, then the rules' patterns), the lines the gate
  admits once the patterns confirmed them, and of those the lines where no boilerplate
  change ends up being made ("false hits"). Read from outside the filter: the
  gate's `candidates()` on the document as the filter's screen sees it, against the spans of
  the `boilerplate.*` changes of `textfix.clean()`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import Callable, List, Optional, Sequence, Tuple

import textfix

# The corpora the chain runs on by default: clean text (generated, news bodies, documents) and
# real extractor output with boilerplate.
CORPORA = ("clean", "news", "docs", "extracted")


def chain() -> Optional[Callable[[str], str]]:
    """datatrove's FTFYFormatter + C4 line filter as one call per document (the text it keeps;
    "" for a page C4 drops), or None when datatrove is not installed."""
    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter
        from datatrove.pipeline.formatters import FTFYFormatter
    except ImportError:  # pragma: no cover - datatrove is a test dependency
        return None
    formatter = FTFYFormatter()
    c4 = C4QualityFilter(min_num_sentences=-1)

    def run(text: str) -> str:
        doc = Document(text=formatter.format(text), id="")
        kept = c4.filter(doc)
        return doc.text if kept is True else ""

    return run


def _builtin_gate():
    """The default pipeline's boilerplate filter and the gate of its built-in rules."""
    from textfix.filters.boilerplate import Boilerplate
    from textfix.pipeline import Context

    pipeline = textfix.default_pipeline()
    step = next(f for f in pipeline._active if isinstance(f, Boilerplate))
    ctx = Context(pipeline.selection, pipeline.options)
    ctx._enabled = pipeline._enabled
    return step._gate(ctx, False)


def gate_hits(docs: Sequence[str], results: Sequence[textfix.Result],
              false_by_rule: Optional[Counter] = None) -> Tuple[float, float, float]:
    """(lines the gate's literal tests admit, lines the gate admits, of them lines no
    boilerplate change touches), per document; `false_by_rule` (if given) counts, per rule
    id, the false hits' (line, rule) pairs.

    The built-in rules' gate is exact: each line its literal tests admit costs one call of
    the rules' patterns (C regex), and it admits only lines a pattern matches; a false hit
    is then a line that matches a rule's pattern but not its context (position, neighbours,
    count). The gate runs on the input text; the filter sees the text after the repairs,
    which on the corpora timed here differs in a few characters at most (the same lines).
    A page the filter's screen skips as markup is not counted (the gate is never asked)."""
    from textfix.filters.boilerplate import _View, looks_like_markup

    gate = _builtin_gate()
    tested = hits = false = 0
    for text, result in zip(docs, results):
        if not text.strip() or looks_like_markup(text):
            continue
        view = _View(text)
        admitted = gate.candidates(text, view)
        if admitted is None:  # no gate for this text: every line is tried
            admitted = dict.fromkeys(range(text.count("\n") + 1))
        tested += len(gate._admitted(text, view) or admitted)
        touched = _lines_touched(text, [c for c in result.changes if c.rule.startswith("boilerplate.")])
        hits += len(admitted)
        missed = admitted.keys() - touched
        false += len(missed)
        if false_by_rule is not None:
            false_by_rule.update(rule.id for i in missed for rule in (admitted[i] or ()))
    n = max(len(docs), 1)
    return tested / n, hits / n, false / n


def _lines_touched(text: str, changes: Sequence[textfix.Change]) -> set:
    """The indexes of the lines (split at \\n) that `changes` (spans in `text`) overlap."""
    starts: List[int] = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    touched = set()
    for c in changes:
        first = bisect_right(starts, c.start) - 1
        last = bisect_right(starts, max(c.start, c.end - 1)) - 1
        touched.update(range(first, last + 1))
    return touched
