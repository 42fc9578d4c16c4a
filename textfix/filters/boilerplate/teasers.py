"""Structure heuristics that remain (measured on the boilerplate-web dev pages): lists kept,
teasers under a related-content label, title runs after the article, cut-off blurbs.
"""

from __future__ import annotations

import re
from array import array
from itertools import chain
from typing import Iterator

from .packs import BoilerplateRule
from .structure import PARAGRAPH_MIN_CHARS, SENTENCE_END_STRICT, Heuristic, Lines, _Removal, is_paragraph, reports_speech
from ... import lazyre


# A heading that names a table of contents: the short lines under it are the document's own
# list of its parts (a manual's, a book's, a report's), not a menu.
_CONTENTS_HEADING = lazyre.compile(
    r"(?:table of contents|contents|inhalt|inhaltsverzeichnis|sommaire|table des matières|índice|indice|índex"
    r"|inhoud|inhoudsopgave|innehåll|indholdsfortegnelse|innhold|sisällys|sisällysluettelo|spis treści|obsah"
    r"|содержание|оглавление|зміст|περιεχόμενα|目录|目錄|目次|목차)\s*:?", re.I)


def _keep_lists(lines: Lines, removals: dict) -> None:
    """A run of short lines introduced by a line ending in ':' is a list: the article's content.

    Positional rules (head, tail, edge, aside) call a short line furniture because of where
    it stands; the items of a list ("The four tents are:" / "Food" / "Books") stand there
    too, so those rules do not remove them. The introduction must read like the article's
    own words: three words or more ("Tags:", "Edition:" label the page's furniture), and
    not removed itself (a label such as "Share this:" introduces furniture). The run ends at a
    blank line, a separator (`_____`), a line as long as a paragraph, or the next line
    ending in ':'. Rules that match anywhere (`ADVERTISEMENT`) still apply inside a list.
    A heading naming a table of contents ("Contents", "Оглавление", "目录") introduces one too.
    """
    if not any(r.rule.position != "anywhere" for r in removals.values()):
        return
    k = 0
    while k < lines.count:
        intro = lines.line(k).rstrip()
        k += 1
        contents = _CONTENTS_HEADING.fullmatch(intro.strip()) is not None
        if (k - 1) in removals or not (contents or (intro.endswith(":") and len(intro.split()) >= 3)):
            continue
        while k < lines.count:
            item = lines.line(k).strip()
            if len(item) >= PARAGRAPH_MIN_CHARS or item.endswith(":") or not any(c.isalnum() for c in item):
                break
            r = removals.get(k)
            if r is not None and r.rule.position != "anywhere":
                del removals[k]
            k += 1


def _teaser(lines: Lines, k: int, rule: BoilerplateRule) -> bool:
    """A line that can be a teaser headline or blurb under a related-content label.

    Inside the article a teaser must not read like a sentence (headlines do not end with a
    full stop); after the last paragraph, a short sentence can be a teaser's blurb. A piece
    of a sentence an extractor broke at a link is the article going on.
    """
    s = lines.line(k).strip()
    if not s or len(s) > rule.block_max_chars or lines.in_wrapped_prose(k):
        return False  # (a paragraph wrapped at a width is running text, not a list of teasers)
    if rule.block_paragraphs:
        return True
    if lines.fragment(k):
        return False  # the article goes on: a sentence an extractor broke at a link
    if is_paragraph(s):
        return False
    return lines.in_tail(k) or s[-1] not in SENTENCE_END_STRICT


# ----------------------------------------------------------------------------- unlabelled teasers

# On a page where a rule found furniture, pages list other articles without a label: as runs
# of titles after the article, and as blurbs cut off with an ellipsis next to a teaser a
# related-content rule named. A title does not end like a sentence, the article's lines do;
# the article's subheadings stand alone, each over its paragraph, not in runs. `_keep_lists`
# still keeps a list that a line ending in ':' introduces. (Kicker + title pairs, teaser
# cards, author + date cards and link lines in capitals were dropped: measured on the
# boilerplate-web dev pages they took as much content as furniture; the line model covers
# what they found.)
HEADLINE_MIN_CHARS = 12
HEADLINE_MAX_CHARS = 120
TEASER_RUN = 3  # titles in a row before they count as a list of teasers
TITLE_RUN_MEDIAN_CHARS = 40  # teaser titles are a line of news; names and captions are shorter
_BULLETS = "-•*·»›–— \t\u00a0"
_ELLIPSES = ("...", "…")


def _structure_rule(name: str, description: str, position: str) -> Heuristic:
    return Heuristic(f"boilerplate.structure.{name}", "structure", description, position, 0.75)


TEASER_RULES = {
    "titles": _structure_rule("title-run", "a run of article titles after the article", "tail"),
    "blurbs": _structure_rule("cut-off-blurb", "a teaser's blurb cut off with an ellipsis", "anywhere"),
}


def headline_like(line: str) -> bool:
    """A title: three words or more, up to HEADLINE_MAX_CHARS, beginning with a capital or a
    digit, not ending like a sentence or a label (a cut-off title's ellipsis aside).

    >>> headline_like("- Storm closes schools across the valley"), headline_like("The storm closed the schools.")
    (True, False)
    """
    s = line.strip().lstrip(_BULLETS)
    if s.endswith(_ELLIPSES):
        s = s.rstrip(".… ")
    elif not s or s[-1] in ".!?:;,。！？":
        return False
    if not HEADLINE_MIN_CHARS <= len(s) <= HEADLINE_MAX_CHARS or s.count(" ") < 2 or "@" in s or "://" in s:
        return False  # a handle or an address: an embed's attribution, a link, not a title
    first = next((c for c in s if c.isalnum()), "")
    return first.isupper() or first.isdigit()


def unlabelled_teasers(lines: Lines, removals: dict, enabled) -> None:
    """Add the title runs after the article and the cut-off blurbs next to named teasers to
    `removals`, on a page where a rule that needs no page found furniture: a copyright
    notice or a bare word alone (a README's, a licence's) opens no page to these guesses,
    nor can what they find then count as the page that notice needs."""
    if not any(not r.rule.needs_page for r in removals.values()):
        return
    rows = array("q", (k for k in range(lines.count) if not lines.blank(k)))  # (not an int object a line)
    longest = 2 * HEADLINE_MAX_CHARS + 200

    def line(k):  # long lines are neither titles nor the blurbs these look for (sliced when read: not a str a line held)
        return lines.line(k) if lines.ends[k] - lines.starts[k] <= longest else ""

    rule = TEASER_RULES
    found: list = []  # (line, rule key, reason)
    if enabled(rule["titles"].id):
        # after the last paragraph that stays (a bio a rule took is not the article's end)
        last = max((k for k in rows if k not in removals and lines.paragraph(k)), default=None)
        tail = array("q", (k for k in rows if last is not None and k > last))
        for run in _runs(tail, lambda k: headline_like(line(k)), lambda k: k in removals):
            if _median_length(run, line) < TITLE_RUN_MEDIAN_CHARS:
                continue  # short names in a row (captions, places, products) are a list
            found += [(k, "titles", f"one of {len(run)} titles in a row after the article") for k in run]
    if enabled(rule["blurbs"].id):
        found += [(k, "blurbs", "a blurb cut off next to a teaser") for k in _blurbs(rows, line, removals)]
    for k, key, reason in found:
        if k not in removals and not reports_speech(line(k)):
            removals[k] = _Removal(k, rule[key], reason)


def _median_length(rows: list, line) -> int:
    """The median length of the rows' stripped lines."""
    return sorted(len(line(k).strip()) for k in rows)[len(rows) // 2]


def _blurbs(rows: array, line, removals: dict) -> list:
    """Lines cut off with an ellipsis ("… joins the ranks of those who …") next to a line a
    related-content rule removed: the blurbs of the teasers it names."""
    out = []
    for j, k in enumerate(rows):
        s = line(k).rstrip()
        if not s.endswith(_ELLIPSES) or len(s) < HEADLINE_MIN_CHARS or k in removals:
            continue
        before = s.rstrip(".… ")
        if not before or not (before[-1].isalnum() or before[-1] in ",—–-"):
            continue  # a sentence that trails off after its punctuation, a quote: not cut off
        near = [rows[i] for i in (j - 1, j + 1) if 0 <= i < len(rows)]
        if any(removals.get(n) is not None and removals[n].rule.kind == "related" for n in near):
            out.append(k)
    return out


def _runs(rows: array, member, joins) -> Iterator[list]:
    """Runs of TEASER_RUN members or more among `rows` (lines for which `joins` is true sit
    inside a run without counting)."""
    run: list = []
    for k in chain(rows, [None]):
        if k is not None and member(k):
            run.append(k)
        elif k is not None and joins(k):
            continue
        else:
            if len(run) >= TEASER_RUN:
                yield run
            run = []
