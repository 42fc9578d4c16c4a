"""The corpora of real text bench_speed.py reads from disk (the generated ones are datagen.py's).

``udhr``: the Universal Declaration of Human Rights in 532 languages (../shared/eval/udhr);
``news``: the scrapinghub benchmark's article bodies; ``extracted``: the boilerplate-web pages'
naive extractor output (both evaluation data under ../shared/eval, read at run time, never
copied into the repository; each skipped when absent); ``docs``: the project's
correct-documents set (bench/data/correct_docs.jsonl.gz).
"""

from __future__ import annotations

import os
from typing import List, Optional

from datagen import corpus_bytes

EVAL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "shared", "eval")
UDHR = os.path.join(EVAL, "udhr")
NEWS = os.path.join(EVAL, "boilerplate-scrapinghub", "gold.jsonl")
EXTRACTED = os.path.join(EVAL, "boilerplate-web", "cases")
DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "correct_docs.jsonl.gz")


def udhr_corpus(size_bytes: int) -> Optional[List[str]]:
    """The UDHR texts (one document each), evenly thinned to about `size_bytes`; None if absent."""
    if not os.path.isdir(UDHR):
        return None
    paths = sorted(os.path.join(UDHR, name) for name in os.listdir(UDHR) if name.endswith(".txt"))
    docs = []
    for path in paths:
        with open(path, "rb") as f:
            docs.append(f.read().decode("utf-8"))
    return thinned(docs, size_bytes)


def news_corpus(size_bytes: int) -> Optional[List[str]]:
    """The 91 hand-checked article bodies of the scrapinghub benchmark (real English news
    with its curly quotes, names, and some other scripts), thinned to about `size_bytes`;
    None if absent. At most ~0.4 MB: a larger size repeats none of them."""
    if not os.path.isfile(NEWS):
        return None
    import json

    with open(NEWS, encoding="utf-8") as f:
        docs = [body for body in (json.loads(line).get("articleBody") for line in f) if body]
    return thinned(docs, size_bytes)


def docs_corpus(size_bytes: int) -> Optional[List[str]]:
    """The correct documents of bench/data/correct_docs.jsonl.gz (real multilingual text that
    is not a web page), in their file order (sorted by id), thinned to about `size_bytes`."""
    if not os.path.isfile(DOCS):
        return None
    import gzip
    import json

    with gzip.open(DOCS, "rt", encoding="utf-8") as f:
        return thinned([json.loads(line)["text"] for line in f], size_bytes)


def extracted_corpus(size_bytes: int) -> Optional[List[str]]:
    """Naive extractor output of real pages in 12 languages, boilerplate included (one case
    file per document, sorted by name), thinned to about `size_bytes`; None if absent."""
    if not os.path.isdir(EXTRACTED):
        return None
    paths = sorted(os.path.join(EXTRACTED, n) for n in os.listdir(EXTRACTED) if n.endswith(".txt"))
    total = sum(os.path.getsize(p) for p in paths)
    if total > size_bytes:  # thin by file size first: read only the files that are kept
        step = total / size_bytes
        paths = [paths[int(i * step)] for i in range(int(len(paths) / step))]
    docs = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            docs.append(f.read())
    return docs


# Corpora read from disk: name -> (loader, the path whose absence skips it).
LOADED = {"udhr": (udhr_corpus, UDHR), "news": (news_corpus, NEWS), "docs": (docs_corpus, DOCS),
          "extracted": (extracted_corpus, EXTRACTED)}


def thinned(docs: List[str], size_bytes: int) -> List[str]:
    """Every n-th document, so that they add up to about `size_bytes`."""
    total = corpus_bytes(docs)
    if total > size_bytes:
        step = total / size_bytes
        docs = [docs[int(i * step)] for i in range(int(len(docs) / step))]
    return docs
