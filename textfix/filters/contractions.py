"""English contractions whose apostrophe was damaged (`donât`, `it?s`, `I\\x92m`): the shape
that makes a damaged mark an apostrophe for certain, shared by the lossy and C1 rules."""

import re

# Words before n't, and pronouns (and a few others) before 're 've 'll 'd 'm 's.
NT = "don|doesn|didn|isn|wasn|weren|aren|hasn|haven|hadn|can|won|couldn|wouldn|shouldn|mustn|needn|ain"
PRON = "i|you|we|they|he|she|it|who|that|there|what|where|here|let"


def strong_contraction(token: str) -> "re.Pattern":
    """A contraction whose mark is `token` (a regex), at a word's start or right after a
    damaged opening mark (âitâs)."""
    return re.compile(
        r"(?:(?<![^\W\d_])|(?<=(?<![^\W\d_])[\u00e2?\ufffd]))(?:(?i:" + NT + r")" + token + r"t|(?i:" + PRON + r")"
        + token + r"(?:re|ve|ll|d|m|s))(?![^\W\d_])"
    )
