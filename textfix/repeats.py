"""Corpus runs that learn each site's own furniture: `textfix clean --learn-repeats`.

Pass 1 reads every document once per `Learner` step (textfix.learn) and groups it by its
source: the domain of a JSONL record's `url` field when it has one, else the folder of the
file. Lines that repeat in many documents of one source, are short, and never occur inside
running paragraphs there, become that source's rule pack (`textfix learn`'s format,
rule ids `boilerplate.repeated.*`). Pass 2 is the ordinary run, each document cleaned with
its source's pack: every removal is a logged change, the removal guard applies.

A repeated line is furniture only when it is shaped like it (docs/boilerplate.md): short,
never inside running paragraphs nor part of a paragraph wrapped over lines, and in most
documents next to another repeated line (menus, footers and sidebars are blocks; a heading
such as "SEE ALSO" or a signature stands before or after the document's own text), and held
fewer than MANY_IN_DOC times by most of its documents (a menu is shown once or twice a page).

Thresholds: a line must occur in at least MIN_DOCS documents and
MIN_SHARE of its source's documents. Site furniture (menus, footers) is on nearly every page
of a site; a line on a fifth of them is a topic, a tag or a heading. MIN_DOCS was tuned on
boilerplate-web's dev split grouped by domain (docs/boilerplate.md: 2 removes 103 content
lines there, 3 removes 14, all furniture or a source line; 5 learns nothing).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Sequence
from urllib.parse import urlsplit

from collections import Counter

from .learn import Candidate, Learner, normalize, write_pack

MIN_DOCS = 3
MIN_SHARE = 0.5
MAX_CHARS = 100  # furniture is short: a menu entry, a copyright line, a share prompt
RUN_SHARE = 0.5  # furniture comes in blocks: in at least this share of its documents, next to other furniture
WRAP_MIN_CHARS = 50  # a line this long, not ending a sentence, followed by a lower-case line: wrapped text
SENTENCE_END = ".!?:;。！？：；"
# A line a document holds this often is a word of its own text (a keyword of code split into
# tokens, a table's column heading, "Added in:" over each entry), not the site's menu or footer,
# which a page shows once or twice.
MANY_IN_DOC = 4
CORPUS_CAP = 500_000  # distinct lines counted at once (8-byte hashes: ~40 MB, within a corpus run's bound)
URL_FIELDS = ("url", "URL", "source_url")

Sourced = tuple  # (source, name, text)


def source_of(path: str, record: Optional[dict] = None) -> str:
    """The site a document comes from: its record's URL domain, else its file's folder.

    >>> source_of("crawl/a.jsonl", {"url": "https://www.Example.com/news/1"})
    'example.com'
    >>> source_of("site/docs/page.txt")
    'site/docs'
    """
    if isinstance(record, dict):
        for name in URL_FIELDS:
            url = record.get(name)
            if isinstance(url, str) and "//" in url:
                host = (urlsplit(url.strip()).hostname or "").lower()
                if host:
                    return host[4:] if host.startswith("www.") else host
    return os.path.dirname(path) or "."


class FurnitureLearner(Learner):
    """`Learner` with the furniture-shape checks of a site's repeated lines."""

    def __init__(self, **options):
        super().__init__(**options)
        self.pairs: Counter = Counter()  # (line, neighbour): documents where the two repeated lines touch
        self.many: Counter = Counter()  # line: documents that hold it MANY_IN_DOC times or more

    def check(self, text: str) -> None:
        super().check(text)
        if not self.found:
            return
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        wrapped = [_wrapped(lines, i) for i in range(len(lines))]
        keys = [normalize(line) if len(line) <= self.max_chars and not w else None for line, w in zip(lines, wrapped)]
        pairs = set()
        times: Counter = Counter()
        for i, line in enumerate(lines):
            key = normalize(line) if len(line) <= self.max_chars else None
            if key not in self.found:
                continue
            times[key, line] += 1  # the same words and digits: "April 2008" and "April 2007" are two lines
            if wrapped[i]:
                self.running.add(key)
                continue
            pairs.update((key, keys[j]) for j in (i - 1, i + 1)
                         if 0 <= j < len(lines) and keys[j] in self.found and keys[j] != key)
        self.pairs.update(pairs)
        self.many.update({key for (key, _line), n in times.items() if n >= MANY_IN_DOC})

    def candidates(self) -> list[Candidate]:
        """The repeated lines that sit next to another kept one in RUN_SHARE of their
        documents (one neighbour's count, a lower bound: never more than the truth), and that
        most of their documents do not hold MANY_IN_DOC times or more."""
        kept = {c.text: c for c in super().candidates() if self.many[c.text] < RUN_SHARE * c.documents}
        while True:
            blocked = {key: c for key, c in kept.items()
                       if max((self.pairs[key, other] for other in kept if other != key), default=0)
                       >= RUN_SHARE * c.documents}
            if len(blocked) == len(kept):
                return list(kept.values())
            kept = blocked


def _wrapped(lines: Sequence[str], i: int) -> bool:
    """Line `i` belongs to a paragraph wrapped over several lines: it, or the line before
    it, is long, does not end a sentence, and the next line goes on in lower case."""
    def joins(a: int) -> bool:
        return (0 <= a and a + 1 < len(lines) and len(lines[a]) >= WRAP_MIN_CHARS
                and lines[a][-1] not in SENTENCE_END and lines[a + 1][:1].islower())
    return joins(i) or joins(i - 1)


@dataclass
class Learned:
    """What pass 1 found for one source."""

    source: str
    documents: int
    candidates: list = field(default_factory=list)
    pack: Optional[str] = None  # the pack's path once written


def learn_sources(documents: Callable[[], Iterable[Sourced]], *, min_docs: int = MIN_DOCS,
                  min_share: float = MIN_SHARE, max_chars: int = MAX_CHARS, cap: int = CORPUS_CAP) -> dict:
    """source -> Learned, for every source of the (source, name, text) triples `documents()`
    yields (called three times: the documents are read again, never kept). At most `cap`
    distinct lines are counted at once, all sources together (about 40 MB)."""
    learners: dict = {}
    held = 0  # distinct lines counted, all sources together
    for source, _name, text in documents():
        learner = learners.get(source)
        if learner is None:
            learner = learners[source] = FurnitureLearner(min_docs=min_docs, min_fraction=min_share,
                                                          max_chars=max_chars, cap=cap)
        before = len(learner.counts.counts)
        learner.count(text)
        held += len(learner.counts.counts) - before
        while held > cap:  # lossy counting over every source: the rarest lines go first
            held -= sum(other.counts.drop_rarest() for other in learners.values())
    busy = {s for s, learner in learners.items() if learner.start_check()}
    if busy:
        for source, name, text in documents():
            if source in busy:
                learners[source].gather(name, text)
        for source, _name, text in documents():
            if source in busy:
                learners[source].check(text)
    return {s: Learned(s, learner.counts.documents, learner.candidates() if s in busy else [])
            for s, learner in learners.items()}


def slug(source: str) -> str:
    """A source as a file name and a rule-id part: `example.com` -> `example-com`."""
    return re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")[:60] or "root"


def confidence(candidate: Candidate, documents: int) -> float:
    """How sure a repeated line is furniture: its share of the source's documents, within
    [0.6, 0.95] (a line on half the pages passes the default confidence bar just)."""
    share = candidate.documents / documents if documents else 0.0
    return round(min(0.95, 0.6 + 0.4 * max(0.0, share - MIN_SHARE) / (1 - MIN_SHARE)), 3)


def write_packs(learned: dict, directory: str) -> dict:
    """Write each source's pack (sources that learned something) into `directory`;
    return source -> pack path (also set on each `Learned`)."""
    os.makedirs(directory, exist_ok=True)
    paths, used = {}, set()
    for source in sorted(learned):
        found = learned[source]
        if not found.candidates:
            continue
        name = slug(source)
        while name in used:
            name += "-x"
        used.add(name)
        path = os.path.join(directory, f"{name}.toml")
        text = write_pack(found.candidates, found.documents, kind="repeated", site=source,
                          confidence=lambda c: confidence(c, found.documents))
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        found.pack = paths[source] = path
    return paths


# ----------------------------------------------------------------------------- corpus runs


def corpus_documents(targets: Sequence[str], kinds: Sequence[str], fields: Sequence[tuple]) -> Iterator[Sourced]:
    """(source, name, text) for every document of a corpus run's `targets` (`kinds`: "text"
    or "jsonl" each), read as a stream: a JSONL shard is never held whole. A file or record
    that cannot be read is passed over here; the cleaning pass reports it."""
    from . import formats
    from .decode import decode_bytes

    errors = (OSError, formats.RecordError) + formats.decompression_errors()
    for path, kind in zip(targets, kinds):
        compression = formats.compression_of(path)
        try:
            if kind != "jsonl":
                yield source_of(path), path, decode_bytes(formats.read_all(path, compression)).text
                continue
            with formats.Source(path, compression) as source:
                for number, line in enumerate(source.stream, 1):
                    if not line.strip():
                        continue
                    try:
                        _text, record = formats.load_record(line, number)
                        values = formats.text_fields(record, fields)
                    except formats.RecordError:
                        continue
                    where = source_of(path, record)
                    for value in values:
                        if value is not None:
                            yield where, f"{path}:{number}", value
        except errors:
            continue
        except MemoryError:
            continue


def learn_corpus(targets: Sequence[str], kinds: Sequence[str], fields: Sequence[tuple],
                 directory: str) -> dict:
    """Pass 1 of `--learn-repeats`: learn every source's pack and write it into `directory`."""
    learned = learn_sources(lambda: corpus_documents(targets, kinds, fields))
    write_packs(learned, directory)
    return learned


def removed_lines(changes) -> int:
    """How many removals of a result are learned repeats."""
    return sum(1 for change in changes if change.rule.startswith("boilerplate.repeated."))


def report_lines(learned: dict, removed: Counter, packs_kept: bool) -> list:
    """The closing report, one line per source that learned something: lines learned,
    documents, lines removed (and its pack, when `packs_kept`)."""
    out = []
    for source in sorted(learned, key=lambda s: (-removed[s], s)):
        found = learned[source]
        if found.candidates:
            out.append(f"textfix: repeats: {source}: {len(found.candidates)} line(s) learned from "
                       f"{found.documents} document(s), {removed[source]} removed"
                       + (f"; pack {found.pack}" if packs_kept and found.pack else ""))
    return out
