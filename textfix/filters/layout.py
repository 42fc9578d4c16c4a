"""Layout repairs (`layout.*`): text that a flattened page layout doubled.

- `layout.doubled-line`: a line that is the same text twice, glued (`XX`) or with a space
  (`X X`), becomes one copy.
- `layout.repeated-paragraph`: a paragraph repeated on the next line (blank lines aside)
  is kept once.
- `layout.version-pair` and the flag `layout.side-by-side`: a news change-tracker page
  shows two versions of an article side by side; flattened, one line holds the old and the
  new version of a paragraph. When the split is certain (the two halves begin alike and
  read alike), the older half goes and the newer stays. The page is flagged with the
  number of lines that could not be separated.

Only the later copy is removed, so the log shows exactly which characters went.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import islice, repeat
from operator import eq, itemgetter, rshift
from typing import Iterator, Optional

from ..model import Change
from ..pipeline import Context, Filter, Rule, Scan
from .boilerplate import looks_like_markup
from .boilerplate.view import line_pieces
from .. import lazyre

# A copy must be at least this long and have this many words to be called a doubling:
# short doublings ("Bora Bora", "New York, New York") are real text.
MIN_DOUBLED_CHARS = 24
MIN_DOUBLED_WORDS = 4
MIN_REPEATED_CHARS = 40
MIN_REPEATED_WORDS = 6
# A version pair: each half this long, the same first words, and word by word (in order)
# most of the shorter half found in the longer one, and a good part of the longer one.
MIN_HALF_CHARS = 30
SAME_FIRST_WORDS = 3
MIN_PAIR_SIMILARITY = 0.7
MIN_PAIR_COVER = 0.35

_DOUBLED_HEAD = itemgetter(slice(0, MIN_DOUBLED_CHARS))
_VERSION_HEADER = lazyre.compile(r"(?im)^[^\S\n]*version \d+\s+version \d+[^\S\n]*$")
_BOUNDARY = lazyre.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))(?: (?=[\"“‘(]?[A-Z0-9])|(?=[\"“‘]?[A-Z][a-z]))")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line without its newline) for every line."""
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def doubled(line: str) -> Optional[tuple[int, int]]:
    """The span (in `line`) of the second copy, and its separator, if `line` is `XX` or `X X`.

    A tab between the copies is a column's edge, not a doubling: two columns of a poem with
    one refrain, a glossary row whose translation is the source (`X\tX`) are real text.

    >>> doubled("Red Wall Labour MPs want more Red Wall Labour MPs want more")
    (29, 59)
    >>> doubled("Walla Walla") is None, doubled("café au lait " * 4) is None
    (True, True)
    >>> doubled("And the system is going to crash.\tAnd the system is going to crash.") is None
    True
    """
    body = line.rstrip()
    lead = len(body) - len(body.lstrip())
    body = body[lead:]
    n = len(body)
    if n < 2 * MIN_DOUBLED_CHARS:
        return None
    half = n // 2
    if n % 2 == 0 and body[:half] == body[half:]:
        first = body[:half]
    elif n % 2 == 1 and body[half] in " \u00a0" and body[:half] == body[half + 1:]:
        first = body[:half]
    else:
        return None
    if len(first.split()) < MIN_DOUBLED_WORDS or not any(ch.isalpha() for ch in first) or first != first.strip():
        return None
    again = body.find(first[:MIN_DOUBLED_CHARS], 1)
    if 0 < again < half and body[again:] == body[:n - again]:
        return None  # the line repeats a shorter text throughout: a repetition, not a doubled layout
    return lead + half, lead + n


def _maybe_doubled(stripped: list) -> bool:
    """A necessary condition of `doubled` for some line (given stripped): its first characters
    again at its middle. Tested for all lines at once in C; a hit is checked line by line."""
    heads = list(map(_DOUBLED_HEAD, stripped))
    halves = list(map(rshift, map(len, stripped), repeat(1)))
    if not (any(map(str.startswith, stripped, heads, halves))
            or any(map(str.startswith, stripped, heads, map((1).__add__, halves)))):
        return False
    return any(len(s) >= 2 * MIN_DOUBLED_CHARS and (s.startswith(s[:MIN_DOUBLED_CHARS], len(s) >> 1)
                                                    or s.startswith(s[:MIN_DOUBLED_CHARS], (len(s) >> 1) + 1))
               for s in stripped)


def _maybe_repeated(stripped: list) -> bool:
    """A necessary condition of a repeated paragraph: two lines in a row (blank lines aside)
    the same. Tested in C; a hit is checked line by line as `RepeatedParagraphs` reads them."""
    if not any(map(eq, stripped, islice(stripped, 1, None))):
        return False
    previous = None
    for line in stripped:
        if len(line) < MIN_REPEATED_CHARS:
            previous = None  # a short line between two copies
        elif line == previous:
            return True
        else:
            previous = line
    return False


def _layout_facts(scan: Scan) -> tuple[bool, bool]:
    """(a line may be doubled, a paragraph may repeat on the next line): `scan.layout`,
    filled once per text for the two layout screens. The lines are read ~64 KB at a time
    (`line_pieces`), not as one str each at once (a million short lines would keep their
    memory); a piece's first line is compared with the last non-blank line before it."""
    facts = scan.layout
    if facts is None:
        doubled = repeated = False
        last: list = []  # the last non-blank line so far, stripped
        for piece in line_pieces(scan.text):
            stripped = list(filter(None, map(str.strip, piece.split("\n"))))  # blank lines aside
            doubled = doubled or _maybe_doubled(stripped)
            repeated = repeated or _maybe_repeated(last + stripped)
            if doubled and repeated:
                break
            last = stripped[-1:] or last
        facts = scan.layout = (doubled, repeated)
    return facts


class DoubledLines(Filter):
    """A line that holds the same text twice keeps one copy.

    >>> from textfix import clean
    >>> clean("Sign up for our newsletter today and read more.Sign up for our newsletter today and read more.\\n",
    ...       ignore=["boilerplate"]).text
    'Sign up for our newsletter today and read more.\\n'
    """

    rules = (Rule("layout.doubled-line", "a line that is the same text twice (XX or X X) becomes one copy"),)

    def screen(self, text: str, scan: Scan) -> bool:
        return _layout_facts(scan)[0] and not looks_like_markup(text)

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        markup = ctx.document(self)  # (a window: whether the whole document looks like markup)
        if looks_like_markup(text) if markup is None else markup:
            return  # repeated elements are markup's business
        rule = self.rules[0].id
        for offset, line in _lines(text):
            if len(line) < 2 * MIN_DOUBLED_CHARS:
                continue
            span = doubled(line)
            if span is None:
                continue
            start, end = offset + span[0], offset + span[1]
            ctx.counters[rule] += 1
            yield Change(rule, start, end, text[start:end], "", 0.95,
                         f"the line holds the same {span[1] - span[0]} characters twice; the second copy goes")


class RepeatedParagraphs(Filter):
    """A paragraph repeated on the next non-blank line is kept once.

    >>> from textfix import clean
    >>> line = "The council met on Tuesday to discuss the new bridge over the river."
    >>> text = line + "\\n" + line + "\\nIt was approved.\\n"
    >>> clean(text, select=["default", "layout.repeated-paragraph"]).text == line + "\\nIt was approved.\\n"
    True
    >>> clean(text).text == text
    True
    """

    # Opt-in (issue 13): correct documents repeat lines on purpose (a message catalogue's
    # identical plural forms, a licence's repeated clause), and on the boilerplate-web dev
    # pages it removed 20 content lines for 31 boilerplate lines. `--select default,layout.repeated-paragraph`.
    rules = (Rule("layout.repeated-paragraph", "a paragraph repeated right after itself is kept once", False),)

    def screen(self, text: str, scan: Scan) -> bool:
        return _layout_facts(scan)[1] and not looks_like_markup(text)

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        if looks_like_markup(text):
            return  # repeated elements are markup's business
        rule = self.rules[0].id
        previous: Optional[str] = None
        previous_end = 0  # offset just after the previous non-blank line's newline
        for offset, line in _lines(text):
            stripped = line.strip()
            if not stripped:
                continue
            end = offset + len(line)
            if (previous is not None and stripped == previous and len(stripped) >= MIN_REPEATED_CHARS
                    and len(stripped.split()) >= MIN_REPEATED_WORDS):
                # the copy goes with the newline (or the blank lines) that led to it
                start = previous_end - 1
                yield Change(rule, start, end, text[start:end], "", 0.9,
                             "the same paragraph again on the next line")
                previous_end = end + 1
                continue
            previous, previous_end = stripped, end + 1


def _first_words(s: str) -> list[str]:
    return s.split()[:SAME_FIRST_WORDS]


def version_split(line: str) -> Optional[int]:
    """Where the newer version starts, if `line` is certainly an old and a new version of one paragraph.

    Certain means: exactly one sentence boundary splits the line into two halves that both
    are long, begin with the same words, are not identical, and share most of their words in order.
    >>> version_split("The group has requested a meeting with the leader. The group has now requested an urgent meeting with the leader, and its members have concerns.")
    51
    >>> version_split("The group met on Monday. It will meet again on Friday after the vote in parliament.") is None
    True
    """
    s = line.rstrip()
    found = None
    for m in _BOUNDARY.finditer(s):
        left, right = s[:m.start()].strip(), s[m.end():].strip()
        if len(left) < MIN_HALF_CHARS or len(right) < MIN_HALF_CHARS or left == right:
            continue
        if _first_words(left) != _first_words(right) or len(_first_words(left)) < SAME_FIRST_WORDS:
            continue
        a, b = left.split(), right.split()
        same = sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
        if same < MIN_PAIR_SIMILARITY * min(len(a), len(b)) or same < MIN_PAIR_COVER * max(len(a), len(b)):
            continue
        if found is not None:
            return None  # two candidate splits: not certain
        found = m.end()
    return found


def _two_parts(line: str) -> bool:
    """A line that may hold two paragraphs: a sentence boundary with a long text on each side."""
    s = line.strip()
    return any(len(s[:m.start()].strip()) >= MIN_HALF_CHARS and len(s[m.end():].strip()) >= MIN_HALF_CHARS
               for m in _BOUNDARY.finditer(s))


class VersionPairs(Filter):
    """A change-tracker page with two versions side by side: keep the newer half of a line
    when the split is certain, and flag the page with what could not be separated.

    The page is recognised by the tracker's header (a `boilerplate.tracker.*` rule fired
    on it, or a "Version 2 Version 3" line is there).
    """

    rules = (
        Rule("layout.version-pair", "a line holding an old and a new version of a paragraph keeps the newer one"),
        Rule("layout.side-by-side", "a side-by-side version page (reported in Result.flags)"),
    )

    def screen(self, text: str, scan: Scan) -> bool:
        if scan.ctx is not None and scan.ctx.counters["boilerplate.tracker"] > 0:
            return True
        if scan.lower_is_exact:
            # the header needs the word (re's case folding agrees with lower() here); the
            # boilerplate screen's bytes view (ASCII lowered, one byte per character) has it too
            view = scan.view
            if view is not None:
                # "version" and a digit (the view's 0, or ? for one outside ASCII)
                if b"version 0" not in view.bytes() and b"version ?" not in view.bytes():
                    return False
            elif not any("version" in piece.lower() for piece in line_pieces(text)):
                return False  # (lowered a piece at a time: scan.lower would keep a copy of the whole text)
        return _VERSION_HEADER.search(text) is not None

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        seen_header = ctx.counters["boilerplate.tracker"] > 0 or _VERSION_HEADER.search(text) is not None
        if not seen_header:
            return
        pair_rule, flag_rule = self.rules[0].id, self.rules[1].id
        doubled_count = split_count = unsure = 0
        changes = []
        for offset, line in _lines(text):
            if len(line) < 2 * MIN_HALF_CHARS or _VERSION_HEADER.fullmatch(line):
                continue
            if doubled(line) is not None:
                doubled_count += 1
                continue
            at = version_split(line) if ctx.enabled(pair_rule) else None
            if at is not None:
                split_count += 1
                start, end = offset, offset + at
                changes.append(Change(pair_rule, start, end, text[start:end], "", 0.85,
                                      "side-by-side version page: the older version of this paragraph goes, "
                                      "the newer one stays"))
            elif _two_parts(line):
                unsure += 1
        if ctx.enabled(flag_rule) and not ctx.counters[flag_rule]:
            ctx.counters[flag_rule] += 1
            ctx.flag(flag_rule, f"side-by-side version page (a news change tracker): {doubled_count} doubled line(s), "
                                f"{split_count} old+new line(s) reduced to the newer version, {unsure} line(s) "
                                f"could not be separated (each may hold an old and a new version)")
        yield from changes
