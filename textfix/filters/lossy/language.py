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
from typing import List, Sequence, Tuple

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


@lru_cache(maxsize=None)
def _wordfreq():
    try:
        import wordfreq  # noqa: deferred: only documents with letter damage need it

        return wordfreq
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return None


@lru_cache(maxsize=64)
def _freqs(lang: str, wordlist: str = "best") -> dict:
    wf = _wordfreq()
    if wf is None or lang == NO_LANGUAGE:
        return {}
    try:
        return wf.get_frequency_dict(lang, wordlist=wordlist)
    except (LookupError, ValueError, OSError):
        return {}


def _fold(word: str) -> str:
    return word.casefold()


def _sample(words: Sequence[str]) -> Counter:
    """The SAMPLE most frequent distinct words (two letters or more, case-folded) of the
    first FIRST_WORDS, with their counts."""
    counts = Counter(map(str.casefold, words[:FIRST_WORDS]))  # (_fold, in C)
    for short in [w for w in counts if len(w) < 2]:  # (each distinct word once, not each word)
        del counts[short]
    return counts if len(counts) <= SAMPLE else Counter(dict(counts.most_common(SAMPLE)))


def detect_language(words: Sequence[str]) -> List[Tuple[float, str]]:
    """Score the languages of LANGUAGES on the document's undamaged words, best first: the
    sum of each sampled word's zipf value in the language's TOP_WORDS times its count.

    One look-up per sampled word in one index of every language's frequent words (a look-up
    per language in each full word list cost ~6 ms a call; this well under one)."""
    sample = _sample(words)
    index = _index()
    scores = [0.0] * len(LANGUAGES)
    for word, count in sample.items():
        for lang, zipf in index.get(word, ()):
            scores[lang] += count * zipf
    return sorted(zip(scores, LANGUAGES), reverse=True)


@lru_cache(maxsize=1)
def _index() -> dict:
    """word -> ((language number, zipf value), ...) over the TOP_WORDS most frequent words
    of each language's small list: the words that tell languages apart (a text's commonest
    words are among them), built once (~0.2 s)."""
    wf = _wordfreq()
    index: dict = {}
    if wf is None:
        return index
    for number, lang in enumerate(LANGUAGES):
        freqs = _freqs(lang, "small")
        try:
            top = wf.top_n_list(lang, TOP_WORDS, wordlist="small")
        except (LookupError, ValueError, OSError):  # pragma: no cover - the languages are wordfreq's
            continue
        for word in top:
            if word in freqs:
                index.setdefault(word, []).append((number, _zipf(freqs[word])))
    return {word: tuple(entries) for word, entries in index.items()}


def coverage(words: Sequence[str], lang: str) -> Tuple[float, int]:
    """The share of the document's small (lowercase-initial) words, counted with their
    repeats, that the language's small word list knows; and how many words were counted."""
    sample = _sample([w for w in words[:FIRST_WORDS] if w[:1].islower()])
    total = sum(sample.values())
    if not total:
        return 0.0, 0
    freqs = _freqs(lang, "small")
    return sum(sample[w] for w in filter(freqs.__contains__, sample)) / total, total


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
    """The non-ASCII letters of a language: those in its 3000 most frequent words."""
    wf = _wordfreq()
    if wf is None or lang == NO_LANGUAGE:
        return frozenset()
    try:
        words = wf.top_n_list(lang, 3000, wordlist="small")
    except (LookupError, ValueError, OSError):
        return frozenset()
    letters = {ch for w in words for ch in w if ord(ch) > 127 and ch.isalpha()}
    letters |= {ch.upper() for ch in letters if len(ch.upper()) == 1}
    if lang == "de":
        letters.add("\u00df")  # the word lists are case-folded: ß appears as ss
    return frozenset(letters)
