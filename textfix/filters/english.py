"""English text and its contractions, shared by the lossy and C1 rules: whether a text is
English, and the contraction shape that makes a damaged mark (`donât`, `it?s`, `I\\x92m`)
an apostrophe for certain."""

from collections import Counter
from functools import lru_cache
from .. import lazyre

# Words frequent in any English text (and rare as words elsewhere).
ENGLISH_MARKERS = {"the", "and", "of", "to", "that", "with", "for", "was", "is", "it"}
_ASCII_WORD = lazyre.compile(r"[A-Za-z]+")


@lru_cache(maxsize=8)  # (asked once per C1 control of a text: a str's hash is computed once)
def is_english(text: str) -> bool:
    """Whether the text (its first 20,000 characters) is English: 8% of its ASCII words are
    ENGLISH_MARKERS and 2% are `the`; with fewer than five words, one marker will do."""
    words = _ASCII_WORD.findall(text[:20000])
    if len(words) < 5:
        return len(words) > 0 and any(w.lower() in ENGLISH_MARKERS for w in words)
    counts = Counter(map(str.lower, words))
    hits = sum(counts[w] for w in ENGLISH_MARKERS)
    return hits / len(words) >= 0.08 and counts["the"] / len(words) >= 0.02

# Words before n't, and pronouns (and a few others) before 're 've 'll 'd 'm 's.
NT = "don|doesn|didn|isn|wasn|weren|aren|hasn|haven|hadn|can|won|couldn|wouldn|shouldn|mustn|needn|ain"
PRON = "i|you|we|they|he|she|it|who|that|there|what|where|here|let"


def strong_contraction(token: str) -> lazyre.LazyPattern:
    """A contraction whose mark is `token` (a regex), at a word's start or right after a
    damaged opening mark (âitâs; `â œIâ ll`, “ whose 80 became a space and 9C shows as œ)."""
    return lazyre.compile(
        r"(?:(?<![^\W\d_])|(?<=(?<![^\W\d_])[\u00e2?\ufffd])|(?<=\u00e2 [\u0153\u02dc]))(?:(?i:" + NT + r")" + token
        + r"t|(?i:" + PRON + r")"
        + token + r"(?:re|ve|ll|d|m|s))(?![^\W\d_])"
    )
