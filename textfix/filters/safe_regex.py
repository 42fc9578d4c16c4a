"""User regular expressions, bounded: what a rule pack may ask for, and how long it may run.

A rule pack is input from whoever wrote it. Its patterns are checked before they are
compiled (a repeat count in the billions compiles to tens of gigabytes; tens of thousands of
alternatives never finish loading), and while they run each pattern has a time budget per
document: a pattern that is slow on one line cannot make a 10,000-line document take hours.
A pattern that runs out of time is skipped for the rest of that document and reported
(`boilerplate.timeout`); it never raises out of `clean()`.
"""

from __future__ import annotations

import time
from typing import Callable, Optional
from .. import lazyre

# Limits on one compiled expression (a rule's patterns joined count as one).
MAX_PATTERN_CHARS = 20_000
MAX_REPEAT = 1_000
# Seconds a pattern may spend on one document, and on one line (the `regex` timeout).
DOCUMENT_SECONDS = 2.0
LINE_SECONDS = 1.0

_REPEAT = lazyre.compile(r"(?<!\\)(?:\\\\)*\{(\d+)(?:,(\d*))?\}")


def check(pattern: str) -> None:
    """Raise ValueError when `pattern` is too big to compile safely.

    >>> check("a{2,5}b")
    >>> check("a{1000000000}")
    Traceback (most recent call last):
    ValueError: repeat count 1000000000 is over 1000
    """
    if len(pattern) > MAX_PATTERN_CHARS:
        raise ValueError(f"{len(pattern):,} characters, over {MAX_PATTERN_CHARS:,} (split the rule)")
    for match in _REPEAT.finditer(pattern):
        for count in match.groups():
            if count and int(count) > MAX_REPEAT:
                raise ValueError(f"repeat count {int(count)} is over {MAX_REPEAT}")


class Budget(list):
    """One document's record of the patterns that ran out of time, as (rule, where), and the
    time each rule has left on it."""

    def __init__(self, seconds: float = DOCUMENT_SECONDS):
        super().__init__()
        self.seconds = seconds
        self.left: dict = {}


def run(budget: Optional[list], rule, where: str, call: Callable, text: str):
    """`call(text, timeout=...)` within the rule's time left on this document, or None when
    it runs out (recorded in `budget` once; later calls for the rule return None at once)."""
    if not isinstance(budget, Budget):
        try:
            return call(text, timeout=LINE_SECONDS)
        except TimeoutError:
            if budget is not None:
                budget.append((rule, where))
            return None
    left = budget.left.get(rule.id, budget.seconds)
    if left <= 0:
        return None
    started = time.perf_counter()
    try:
        result = call(text, timeout=min(left, LINE_SECONDS))
    except TimeoutError:
        result, left = None, 0.0
    else:
        left -= time.perf_counter() - started
    budget.left[rule.id] = left
    if left <= 0:
        budget.append((rule, where))
    return result
