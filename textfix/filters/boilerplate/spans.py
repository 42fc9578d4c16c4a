"""Where a boilerplate removal's span begins and ends: a removed tail takes the blank lines
above it (`trim_tail`), and inline removals never overlap (`Spans`)."""

from __future__ import annotations

from ...model import Change


def trim_tail(text: str, removals: list) -> None:
    r"""When the line removals reach the end of `text`, let the kept text end as `text` did.

    The blank lines above the removed tail go with it, and so does the kept text's last
    line break when `text` had no final one: no trailing run of blank lines, no `\n`
    gained, no stray `\r` of a CRLF break cut in two. The first removal of the tail
    block is widened in place (`removals`: line removals in text order).

    >>> out = [Change("r", 9, 16, "Share\r\n", ""), Change("r", 16, 21, "Ad Ad", "")]
    >>> trim_tail("Text.\r\n\r\nShare\r\nAd Ad", out); out[0].start, out[0].before
    (5, '\r\n\r\nShare\r\n')
    >>> out = [Change("r", 6, 9, "Ad\n", ""), Change("r", 10, 12, "Ad", "")]
    >>> trim_tail("Text.\nAd\n\nAd", out); [(c.start, c.end) for c in out]
    [(5, 9), (9, 12)]
    """
    if not removals or removals[-1].end != len(text):
        return
    while True:
        first = len(removals) - 1
        while first and removals[first - 1].end == removals[first].start:
            first -= 1
        start = removals[first].start
        kept = rstripped_length(text, start, "\r\n")
        # the blank lines above go; the last kept line keeps its break if the text ended with one
        new_start = kept + (len(line_break_after(text, kept)) if text.endswith("\n") else 0)
        floor = removals[first - 1].end if first else 0  # only line breaks lie between: join the removals
        if new_start >= start:
            return
        change = removals[first]
        removals[first] = Change(change.rule, max(new_start, floor), change.end, text[max(new_start, floor):change.end],
                                 change.after, change.confidence, change.reason)
        if new_start >= floor:
            return


def rstripped_length(text: str, end: int, chars: str) -> int:
    """len(text[:end].rstrip(chars)), without that copy of the text (a large document's
    whole text, twice: 92 MB at once on 16 MB of real pages).
    >>> rstripped_length("ab\\r\\n\\n", 5, "\\r\\n"), rstripped_length("\\n\\n", 2, "\\n")
    (2, 0)
    """
    while end > 0 and text[end - 1] in chars:
        end -= 1
    return end


def line_break_after(text: str, position: int) -> str:
    r"""The line break (`\r\n`, `\n` or none) at `position`."""
    return "\r\n" if text.startswith("\r\n", position) else "\n" if text.startswith("\n", position) else ""


class Spans:
    """Non-overlapping (start, end) spans, sorted, with an overlap test in log time.

    >>> s = Spans([(0, 2), (5, 9)])
    >>> s.overlaps(2, 5), s.overlaps(1, 3), s.overlaps(8, 12)
    (False, True, True)
    """

    def __init__(self, spans=()):
        self.starts: list = []
        self.ends: list = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        from bisect import bisect_left

        k = bisect_left(self.starts, start)
        if k > 0 and self.ends[k - 1] > start:
            return True
        return k < len(self.starts) and self.starts[k] < end

    def add(self, start: int, end: int) -> None:
        from bisect import bisect_left

        k = bisect_left(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)
