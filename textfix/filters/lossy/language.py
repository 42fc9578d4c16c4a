"""The lexicon of the lossy rules: word lists (wordfreq, loaded lazily) and the document's
language.

A dictionary repair (`caf�` -> `café`) is only as right as the language it reads: Spanish
words put into an Esperanto text are corruption. So the document's language is the best
scorer of LANGUAGES only when that language knows the document's words — 80% or more of
its small words (lowercase: names are nobody's) — and NO_LANGUAGE otherwise, for which no
word list is read. Measured on the UDHR: every text in one of LANGUAGES scores 0.83-1.00
with its own; every other text (Esperanto, Galician, Afrikaans, Scots, Papiamento…)
0.77 or less with its best scorer.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from math import log10
from operator import itemgetter
from typing import List, Mapping, Optional, Sequence, Tuple

from . import wordfile

# Languages for the dictionary (wordfreq); the document's language is the best scorer.
LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl", "ca", "sv", "da", "nb", "fi", "is",
             "pl", "cs", "sk", "sl", "hu", "ro", "tr", "lt", "lv", "id")
# A document whose language is none of LANGUAGES: no word list, no dictionary repair.
NO_LANGUAGE = "und"
# The share of a document's small words its language must know (see the module's doc).
MIN_COVERAGE = 0.8
# Below this many small words the share says little: the best scorer is taken as it is.
MIN_WORDS = 20
# The document's most frequent distinct words that vote (they carry most of its words;
# a bounded sample keeps detection well under a millisecond on any text).
SAMPLE = 150
# Only the document's first words are read (a language shows in its first thousand words).
FIRST_WORDS = 1000
# Each language's most frequent words that vote in detect_language.
TOP_WORDS = 3000
# The words whose votes detect_language keeps (~3 MB at most; a document's sampled words
# are at most SAMPLE, and the commonest of them recur from document to document).
KNOWN_WORDS = 1 << 15


@lru_cache(maxsize=None)
def _wordfreq() -> Optional[bool]:
    """True when the word lists are there (wordfreq is installed), else None. Found without
    importing wordfreq: its lists are read from compact memory-mapped files (wordfile.py),
    and wordfreq is imported only to build one."""
    return wordfile.available() or None


@lru_cache(maxsize=64)
def _freqs(lang: str, wordlist: str = "best") -> Mapping[str, float]:
    """wordfreq's frequency dict for the language (a read-only mapping with `get` and `in`,
    memory-mapped and shared by every process); empty for NO_LANGUAGE or an unknown one."""
    if not _wordfreq() or lang == NO_LANGUAGE:
        return {}
    return wordfile.frequencies(lang, wordlist) or {}


def _fold(word: str) -> str:
    return word.casefold()


def _sample(words: Sequence[str]) -> Mapping[str, int]:
    """The SAMPLE most frequent distinct words (two letters or more, case-folded) of the
    first FIRST_WORDS, with their counts."""
    counts = Counter(map(str.casefold, words[:FIRST_WORDS]))  # (_fold, in C)
    for short in [w for w in counts if len(w) < 2]:  # (each distinct word once, not each word)
        del counts[short]
    if len(counts) <= SAMPLE:
        return counts
    # (counts.most_common(SAMPLE) is heapq.nlargest, a loop in Python; sorted is its documented
    # equal, ties in the same order, in C)
    return dict(sorted(counts.items(), key=itemgetter(1), reverse=True)[:SAMPLE])


def detect_language(words: Sequence[str]) -> List[Tuple[float, str]]:
    """Score the languages of LANGUAGES on the document's undamaged words, best first: the
    sum of each sampled word's zipf value in the language's TOP_WORDS times its count.

    One look-up per sampled word in one index of every language's frequent words (a look-up
    per language in each full word list cost ~6 ms a call; this well under one)."""
    sample = _sample(words)
    scores = [0.0] * len(LANGUAGES)
    known = _known_votes()
    for word, count in sample.items():
        votes = known.get(word)
        if votes is None:
            votes = _votes(word, known)
        for lang, zipf in votes:
            scores[lang] += count * zipf
    return sorted(zip(scores, LANGUAGES), reverse=True)


@lru_cache(maxsize=1)
def _known_votes() -> dict:
    """The votes of the words met so far, those the index lacks included (an empty tuple),
    filled by `_votes`: documents share their commonest words, and a dict hit costs a
    fraction of a probe of the mapped table. Emptied when it holds KNOWN_WORDS (a run over
    many documents meets words without end)."""
    return {}


def _votes(word: str, known: dict) -> Tuple[Tuple[int, float], ...]:
    """The word's (language number, zipf value) pairs in the detection index, kept in `known`."""
    index, zipf = _index()
    i = index.find(word) if index is not None else -1
    votes: Tuple[Tuple[int, float], ...] = ()
    if i >= 0:
        run = index.run(i)  # (language number, bucket) pairs
        votes = tuple((run[k], zipf[run[k + 1]]) for k in range(0, len(run), 2))
    if len(known) >= KNOWN_WORDS:
        known.clear()
    known[word] = votes
    return votes


@lru_cache(maxsize=1)
def _index():
    """The index of the TOP_WORDS most frequent words of each language's small list (the
    words that tell languages apart: a text's commonest words are among them) with the
    zipf value of each bucket; (None, ()) without wordfreq. Memory-mapped (wordfile.py)."""
    index = wordfile.detection_index(LANGUAGES, TOP_WORDS) if _wordfreq() else None
    if index is None:
        return None, ()
    return index, tuple(map(_zipf, wordfile.bucket_frequencies(index.meta["buckets"])))


def coverage(words: Sequence[str], lang: str) -> Tuple[float, int]:
    """The share of the document's small (lowercase-initial) words, counted with their
    repeats, that the language's small word list knows; and how many words were counted."""
    sample = _sample([w for w in words[:FIRST_WORDS] if w[:1].islower()])
    total = sum(sample.values())
    if not total:
        return 0.0, 0
    return sum(sample[w] for w in sample if _in_small_list(w, lang)) / total, total


def _in_small_list(word: str, lang: str) -> bool:
    """Whether the language's small word list holds the word, remembered (documents share
    their commonest words: a dict hit costs a fraction of a probe of the mapped table)."""
    known = _known_small(lang)
    found = known.get(word)
    if found is None:
        if len(known) >= KNOWN_WORDS:
            known.clear()
        found = known[word] = word in _freqs(lang, "small")
    return found


@lru_cache(maxsize=None)
def _known_small(lang: str) -> dict:
    """The words of `_in_small_list` met so far in `lang`, with the answer."""
    return {}


def document_languages(words: Sequence[str]) -> List[str]:
    """The document's language and the runner-up, best first (["en"] without a word list or a
    known word); [NO_LANGUAGE] when the best scorer does not know the document's words."""
    if _wordfreq() is None:
        return ["en"]
    best = [lang for score, lang in detect_language(words) if score > 0]
    if not best:
        return ["en"]
    share, counted = coverage(words, best[0])
    if counted >= MIN_WORDS and share < MIN_COVERAGE:
        return [NO_LANGUAGE]
    return best[:2]


@lru_cache(maxsize=None)
def _zipf(frequency: float) -> float:
    """A word's zipf value (0 for a word the list holds with no frequency). wordfreq's
    frequencies come in a few hundred steps, so this is computed a few hundred times."""
    return 9 + log10(frequency) if frequency else 0.0


@lru_cache(maxsize=64)
def _alphabet(lang: str) -> frozenset:
    """The non-ASCII letters of a language of LANGUAGES: those in its TOP_WORDS most
    frequent words (kept with the detection index), with their capitals."""
    index, _ = _index()
    if index is None or lang not in LANGUAGES:
        return frozenset()
    letters = set(index.meta["alphabets"][lang])
    letters |= {ch.upper() for ch in letters if len(ch.upper()) == 1}
    if lang == "de":
        letters.add("\u00df")  # the word lists are case-folded: ß appears as ss
    return frozenset(letters)
