"""The repairs of one text that may show lossy damage: its `Document` (document.py), the
evidence it shows (evidence.py), and its sites, found by the letter, grave, punctuation and
quote rules in that order.

`LossyMojibake.propose` imports this module only for a text that passed the checks in
screen.py, so clean text never loads the rules (start-up: docs/architecture.md).
"""

from __future__ import annotations

from typing import Iterator, List, Optional

from ...model import Change
from ...pipeline import Context
from .context import Site
from .document import Document, Whole
from .evidence import Evidence, read_evidence
from .grave import GraveA
from .letters import NO_LETTERS, Letters
from .punctuation import Punctuation
from .quotes import Pairing


def repairs(text: str, ctx: Context, whole: Optional[Whole] = None) -> Iterator[Change]:
    """The changes (and flags, on `ctx`) of `text`, a text that may show evidence; in a run in
    windows, a window of the document whose facts are `whole`."""
    doc = Document(text, whole)
    ev = read_evidence(doc) if whole is None else whole.evidence
    if not ev.any_evidence():
        return
    for site in solve(doc, ev):
        if not ctx.enabled(site.rule):
            continue
        if site.after is None or site.after == text[site.start:site.end]:
            if site.reason and site.flag:
                ctx.flag_once(site.rule, f"not repaired: {doc.snippet(site.start, site.end)}: {site.reason}")
            continue
        yield Change(site.rule, site.start, site.end, text[site.start:site.end], site.after,
                     round(site.confidence, 2), site.reason)


def solve(doc: Document, ev: Evidence) -> List[Site]:
    """The sites of one document: letters first, then punctuation, left to right, none
    inside code or another site; then the characters context chooses (quotes.py)."""
    sites: List[Site] = []
    taken = bytearray(len(doc.text))
    for start, end in doc.code:  # nothing is read inside code (code.py)
        taken[start:end] = b"\x01" * (end - start)

    def add(site: Site):
        if any(taken[site.start:site.end]):
            return
        for i in range(site.start, site.end):
            taken[i] = 1
        sites.append(site)

    damaged = ev.damaged()
    letters = Letters(doc, ev)
    # 1. Letters: words holding a lead byte without its continuation, or placeholders.
    reading = letters.read() if damaged or ev.q_letters >= 1 and ev.q_damage() else NO_LETTERS
    for site in reading.sites:
        add(site)
    grave = GraveA(doc, ev)
    if ev.bare_evidence:
        for site in grave.capital_a_sites():
            add(site)
    if ev.bare_evidence or ev.letter_evidence:  # C1 controls stripped
        for site in grave.final_a_grave_sites():
            add(site)
    # 2. Punctuation sites, left to right.
    for site in Punctuation(doc, ev).sites(damaged):
        add(site)
    sites.sort(key=lambda s: s.start)
    Pairing(doc, ev, sites, reading).decide()
    return sites
