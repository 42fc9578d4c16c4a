"""Where each edit of a rewritten line is: ftfy's segments of a text, and the smallest
character edits that turn a segment into its repair (so the log shows `Ã©` -> `é` at its
own position instead of a whole line rewritten)."""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import accumulate
from typing import Iterator
from .. import lazyre

# ftfy fixes text in segments: lines, cut every million characters when longer.
SEGMENT_LENGTH = 1_000_000
# Above this product of lengths a character diff costs too much; the edit is logged whole.
MAX_DIFF_WORK = 4_000_000


def segments(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, segment): lines with their newline, cut at SEGMENT_LENGTH.

    >>> list(segments("a\\nb"))
    [(0, 'a\\n'), (2, 'b')]
    """
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos) + 1
        if end == 0 or end - pos > SEGMENT_LENGTH:
            end = min(len(text), pos + SEGMENT_LENGTH)
        yield pos, text[pos:end]
        pos = end


def char_edits(before: str, after: str) -> list[tuple[int, int, str]]:
    """The edits (start, end, replacement) that turn `before` into `after`, each as small as a diff finds.

    Encoding repairs never touch ASCII letters and digits, so when both sides have the same
    runs of them, those runs anchor the diff and only the gaps between them are compared:
    linear in the length, however long the line. Only the stretch between the first and
    the last difference is split into runs (widened to the run edges around it): the rest
    is the same on both sides, and so are its runs.
    >>> char_edits("The cafÃ© is â€œniceâ€", "The café is “nice”")
    [(7, 9, 'é'), (13, 16, '“'), (20, 22, '”')]
    """
    if before == after:
        return []
    head = _common_prefix(before, after)
    tail = _common_suffix(before, after, min(len(before), len(after)) - head)
    start = _run_start(before, head)
    end = _run_end(before, len(before) - tail)
    # pieces: gap, anchor, gap, anchor, ..., gap (the anchors are the ASCII letter/digit runs)
    pieces_a = _ANCHOR_SPLIT.split(before[start:end])
    pieces_b = _ANCHOR_SPLIT.split(after[start:len(after) - (len(before) - end)])
    if len(pieces_a) != len(pieces_b) or pieces_a[1::2] != pieces_b[1::2]:
        return _gap_edits(before, after, 0)
    offsets = list(accumulate(map(len, pieces_a), initial=start))
    edits = []
    for k in range(0, len(pieces_a), 2):
        if pieces_a[k] != pieces_b[k]:
            edits.extend(_gap_edits(pieces_a[k], pieces_b[k], offsets[k]))
    return edits


_ANCHOR_SPLIT = lazyre.compile("([A-Za-z0-9]+)")
# How far _run_start and _run_end look for the edge of a run before settling for the text's.
_RUN_LOOKOUT = 64


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix (a binary search: slices compare at C speed)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix, at most `limit`."""
    low, high = 0, limit
    while low < high:
        mid = (low + high + 1) // 2
        if a[len(a) - mid:len(a) - low] == b[len(b) - mid:len(b) - low]:
            low = mid
        else:
            high = mid - 1
    return low


def _is_anchor(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _run_start(text: str, pos: int) -> int:
    """The start of the run (ASCII letters and digits, or none of them) that holds text[pos - 1],
    or 0 when it is far: a run edge before `pos` that depends on text[:pos] alone."""
    for edge in range(pos - 1, max(0, pos - _RUN_LOOKOUT), -1):
        if _is_anchor(text[edge - 1]) != _is_anchor(text[edge]):
            return edge
    return 0


def _run_end(text: str, pos: int) -> int:
    """The end of the run that holds text[pos], or the text's end when it is far: a run edge
    after `pos` that depends on text[pos:] alone."""
    for edge in range(pos + 1, min(len(text), pos + _RUN_LOOKOUT)):
        if _is_anchor(text[edge - 1]) != _is_anchor(text[edge]):
            return edge
    return len(text)


def _gap_edits(before: str, after: str, offset: int) -> list[tuple[int, int, str]]:
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    a = before[head:len(before) - tail]
    b = after[head:len(after) - tail]
    start = offset + head
    if len(a) * len(b) > MAX_DIFF_WORK or set(a).isdisjoint(b):
        return [(start, start + len(a), b)]  # (no character in common: the diff's one edit)
    return [
        (start + i1, start + i2, b[j1:j2])
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if tag != "equal"
    ]
