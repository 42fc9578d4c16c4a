"""Provenance arithmetic: keep every change's span in the coordinates of the original input.

Filters run one after another, each proposing changes against the text it was given.
`compose` folds a filter's proposals into the changes applied so far, so that the log
always describes original -> current in one flat, sorted, non-overlapping list.
"""

from __future__ import annotations

from typing import Sequence

from .model import Change


def check_proposals(text: str, changes: Sequence[Change]) -> list[Change]:
    """Sort proposals and make sure they fit `text`: inside it, matching, not overlapping."""
    ordered = sorted(changes, key=lambda c: (c.start, c.end))
    pos = 0
    for change in ordered:
        if not (pos <= change.start <= change.end <= len(text)):
            raise ValueError(f"change out of order or out of bounds: {change!r}")
        if text[change.start:change.end] != change.before:
            raise ValueError(f"change does not match the text: {change!r}")
        if change.before == change.after:
            raise ValueError(f"change changes nothing: {change!r}")
        pos = change.end
    return ordered


def compose(original: str, applied: Sequence[Change], current: str, proposed: Sequence[Change]) -> list[Change]:
    """Fold `proposed` (spans in `current`) into `applied` (spans in `original`).

    `current` must equal `replay(original, applied)`. A proposal that touches text an
    earlier change produced is merged with that change, so that no two spans overlap:
    >>> a = [Change("x.a", 0, 2, "ab", "c")]
    >>> compose("abd", a, "cd", [Change("x.b", 0, 1, "c", "C")])
    [Change(rule='x.a', start=0, end=2, before='ab', after='C', confidence=1.0, reason='x.a then x.b')]
    """
    if not proposed:
        return list(applied)
    # Items in current-text coordinates: (start, end, kind, change); kind 0 = applied, 1 = proposed.
    items = []
    shift = 0
    for change in applied:
        start = change.start + shift
        items.append((start, start + len(change.after), 0, change))
        shift += len(change.after) - (change.end - change.start)
    items.extend((c.start, c.end, 1, c) for c in proposed)
    items.sort(key=lambda item: (item[0], item[1], item[2]))

    out: list[Change] = []
    shift = 0  # len(current) - len(original) for everything before the group being built
    i = 0
    while i < len(items):
        group = [items[i]]
        group_end = items[i][1]
        i += 1
        while i < len(items) and items[i][0] < group_end:
            group.append(items[i])
            group_end = max(group_end, items[i][1])
            i += 1
        out.append(_merge_group(original, current, group, shift))
        for start, end, kind, change in group:
            if kind == 0:
                shift += len(change.after) - (change.end - change.start)
        if len(out) > 1 and _both_insertions_at(out[-2], out[-1]):
            out[-2:] = [_join(out[-2], out[-1])]
    return [c for c in out if c.before != c.after]


def _merge_group(original: str, current: str, group: list, shift: int) -> Change:
    if len(group) == 1:
        # alone: an applied change as it is, a proposal moved to the original's coordinates
        # (most groups: a page's line removals touch no earlier change)
        start, end, kind, change = group[0]
        if kind == 0:
            return change
        return Change(change.rule, start - shift, end - shift, change.before, change.after, change.confidence,
                      change.reason)
    cur_start = min(item[0] for item in group)
    cur_end = max(item[1] for item in group)
    orig_start = cur_start - shift
    growth = sum(len(c.after) - (c.end - c.start) for _, _, kind, c in group if kind == 0)
    orig_end = orig_start + (cur_end - cur_start) - growth
    pieces = []
    pos = cur_start
    for start, end, kind, change in group:
        if kind == 1:
            pieces.append(current[pos:start])
            pieces.append(change.after)
            pos = end
    pieces.append(current[pos:cur_end])
    members = [item[3] for item in group]
    if len(members) == 1:
        rule, reason = members[0].rule, members[0].reason
    else:
        # Named after the edit that did the most (a line removal beats a repair inside it),
        # the earlier one on a tie (the mojibake repair, not the uncurling of its output).
        rule = max(members, key=lambda c: c.end - c.start).rule
        reason = " then ".join(_describe(c) for c in members)
    return Change(
        rule=rule,
        start=orig_start,
        end=orig_end,
        before=original[orig_start:orig_end],
        after="".join(pieces),
        confidence=min(c.confidence for c in members),
        reason=reason,
    )


def _describe(change: Change) -> str:
    return f"{change.rule}: {change.reason}" if change.reason else change.rule


def _both_insertions_at(first: Change, second: Change) -> bool:
    return first.start == first.end == second.start == second.end


def _join(first: Change, second: Change) -> Change:
    return Change(
        rule=first.rule,
        start=first.start,
        end=second.end,
        before=first.before + second.before,
        after=first.after + second.after,
        confidence=min(first.confidence, second.confidence),
        reason=f"{_describe(first)} then {_describe(second)}",
    )


def original_position(applied: Sequence[Change], pos: int) -> int:
    """Where position `pos` of the current text was in the original (a change's start if inside one).

    >>> original_position([Change("x.a", 1, 3, "bc", "")], 2)
    4
    """
    shift = 0
    for change in applied:
        start = change.start + shift
        if pos < start:
            break
        if pos < start + len(change.after):
            return change.start
        shift += len(change.after) - (change.end - change.start)
    return pos - shift


def original_positions(applied: Sequence[Change], positions: Sequence[int]) -> list:
    """`original_position` of every position, in one walk over `applied` (positions in any order).

    >>> original_positions([Change("x.a", 1, 3, "bc", "")], [2, 0, 1])
    [4, 0, 3]
    """
    order = sorted(range(len(positions)), key=positions.__getitem__)
    out = [0] * len(positions)
    shift = 0
    k = 0  # the next change of `applied` not yet passed
    for i in order:
        pos = positions[i]
        while k < len(applied):
            change = applied[k]
            start = change.start + shift
            if pos < start or pos < start + len(change.after):
                break
            shift += len(change.after) - (change.end - change.start)
            k += 1
        if k < len(applied):
            change = applied[k]
            start = change.start + shift
            if start <= pos < start + len(change.after):
                out[i] = change.start
                continue
        out[i] = pos - shift
    return out
