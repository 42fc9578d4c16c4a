"""What the document's structure says about a line, without HTML: running text (a paragraph),
reported speech, markup, and the head and tail of the page around the article. Shared by
the rule packs' positions, the teaser heuristics, the line model's gate, layout and learn.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Optional, Union

from .packs import BoilerplateRule
from ... import lazyre


# A line of running text: long enough, and ends like a sentence.
PARAGRAPH_MIN_CHARS = 100
SENTENCE_END = ".!?…:;\"'”’»)]。！？"
SENTENCE_END_STRICT = ".!?。！？"

# ----------------------------------------------------------------------------- structure


def is_paragraph(line: str) -> bool:
    """A line of running text: at least PARAGRAPH_MIN_CHARS long, ending like a sentence.
    Chinese and Japanese text has no spaces between words: a line mostly of CJK characters,
    each counted as two letters, that ends with 。！？ is running text too.

    >>> is_paragraph("Share this:"), is_paragraph("The minister said the plan would cost more than the government had promised in its budget last year.")
    (False, True)
    >>> is_paragraph("市政府昨天公布了明年的预算草案，其中用于修缮旧码头和老鱼市的资金比今年增加了一倍，反对派议员认为这笔开支过高。"), is_paragraph("暴风魔镜在激进的路上摔了一跤")
    (True, False)
    """
    s = line.strip()
    if not s or s[-1] not in SENTENCE_END:
        return False
    if " " in s and len(s) >= PARAGRAPH_MIN_CHARS:
        return True
    return _wrap_width(s) >= PARAGRAPH_MIN_CHARS and _cjk_count(s) * 2 >= len(s) and s[-1] in "。！？"


# Hard-wrapped prose: a paragraph broken into lines at a fixed width (plain-text copies, e-mail,
# <br>-broken bodies). Each line is short of PARAGRAPH_MIN_CHARS, so only the run shows it.
WRAP_MIN_CHARS = 40  # a wrapped line, CJK counted double (a CJK character is about a word's half)
WRAP_MIN_WORDS = 6
WRAP_WIDTH_RATIO = 0.7  # the shorter of two wrapped lines is at least this share of the longer
_MENUISH = lazyre.compile(r"\s[|•·»›]\s")
_ADDRESS = lazyre.compile(r"\S*(?:https?://|www\.|\S@\S)\S*")
_INNER_PUNCT = lazyre.compile(r"[^\W\d_][,;:.!?]\s+\w|[，、；。！？]\S")


# A list item's marker: a bullet, or a number or letter with its full stop or bracket.
_LIST_MARK = lazyre.compile(r"\s*(?:[-*•·▪►◦‣○●■□–—]|\(?\d{1,3}[.)、:]|\(?[a-z]\))(?:\s|$)")
_NUMBERS = lazyre.compile(r"\d+(?:[.,]\d+)?%?")
_FIRST_CJK = "\u3040"  # the first character _cjk() matches


@lru_cache(maxsize=None)
def _cjk() -> "re.Pattern[str]":
    """Kana, ideographs and Hangul, compiled on first use: `re` expands these ranges character
    by character (~3 ms of start-up), which text without CJK never needs."""
    return re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _cjk_count(line: str) -> int:
    """How many CJK characters `line` holds (no pattern is run on a line below the first)."""
    return 0 if line.isascii() or max(line) < _FIRST_CJK else len(_cjk().findall(line))


def _wrap_width(line: str) -> int:
    return len(line) + _cjk_count(line)


def _wrapped_line(line: str) -> bool:
    """Long enough and worded like a line of a wrapped paragraph, not like a link or menu: an
    address inside counts as no word ("please read http://www.w3c.org/ before asking")."""
    if _wrap_width(line) < WRAP_MIN_CHARS or _MENUISH.search(line):
        return False
    words = _ADDRESS.sub("", line)
    return len(words.split()) >= WRAP_MIN_WORDS or _cjk_count(words) * 2 >= len(words) > 0


def _wraps_into(line: str, following: str) -> bool:
    """A sentence broken at the line's end: no sentence end there, and the next line goes on
    in lower case (or, in CJK text, with no punctuation at the break at all)."""
    if line[-1] in SENTENCE_END_STRICT:
        return False
    start = following[0]
    if start.isalpha() and start.lower() != start.upper():
        return start.islower()
    return _cjk_count(start) == 1 and _cjk_count(line[-1]) == 1


def is_wrapped_prose(run: list) -> bool:
    """Three lines of one paragraph wrapped at a width: the first two long and worded like
    prose, of about the same width, each breaking mid-sentence into the next, with sentence
    punctuation inside. A list of headlines or links breaks at item ends and starts each item
    with a capital; a menu has neither the width nor the words.

    >>> is_wrapped_prose(["Rada miasta przyjęła wczoraj budżet na przyszły rok, choć opozycja",
    ...                   "zgłosiła kilkanaście poprawek. Najwięcej sporów wywołała kwota",
    ...                   "przeznaczona na remont mostu."])
    True
    >>> is_wrapped_prose(["Council approves the budget for next year after a long debate",
    ...                   "Opposition files amendments to the new bridge repair plan",
    ...                   "Mayor promises new bus lines for the northern districts"])
    False
    """
    if len(run) < 3:
        return False
    a, b, c = (x.strip() for x in run[:3])
    if not (a and b and c) or not (_wrapped_line(a) and _wrapped_line(b)):
        return False
    wa, wb = _wrap_width(a), _wrap_width(b)
    if min(wa, wb) < WRAP_WIDTH_RATIO * max(wa, wb):
        return False
    return _wraps_into(a, b) and _wraps_into(b, c) and _INNER_PUNCT.search(a + " " + b) is not None


# Punctuation that goes on with the sentence of the line before: an extractor broke the
# sentence at a link or a code span (", who have both met with Block, were…", ". It is now…").
_CONTINUATION = ",;.:)]"


# A name in code, and a line that is only brackets, `=` or a comma (a menu's separators are
# » | / · -).
_IDENTIFIER = lazyre.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CODE_PUNCTUATION = lazyre.compile(r"[()\[\]{}=,:]{1,3}")


def continues_sentence(line: str) -> bool:
    """`line` goes on with the sentence of the line before it: it begins with that sentence's
    punctuation (an ellipsis aside: a teaser may begin with one).

    >>> continues_sentence(", who have both met with Block, were what remained"), continues_sentence("...and then"), continues_sentence("Rugby")
    (True, False, False)
    """
    s = line.lstrip()
    return bool(s) and s[0] in _CONTINUATION and not s.startswith("...")


# An attribution clause in the third person: ", they urged readers", ",” she said", ", the campaign urged."
_ATTRIBUTION = lazyre.compile(
    r",[\"”’']?\s+(?:he|she|they|it|(?:the|a|an|his|her|their|its|our)\s+[\w'’-]+(?:\s+[\w'’-]+)?"
    r"|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2})\s+(?:also\s+)?"
    r"(?:said|says|urged|urges|told|tells|wrote|added|adds|asked|asks|warned|warns|insisted|insists"
    r"|argued|argues|explained|explains|suggested|suggests|advised|advises|pleaded|pleads|implored|implores"
    r"|encouraged|encourages|reminded|reminds|recalled|recalls|noted|notes|declared|declares)\b")


def reports_speech(line: str) -> bool:
    """A line that reports someone's words: what an attribution clause ("…, they urged
    readers, …", "…, the campaign said.") puts in someone's mouth is the article's text,
    even when the words are a sign-up prompt or a share request.

    >>> reports_speech("Subscribe to the newsletter, they urged readers, and come to the meeting."), reports_speech("Subscribe to our newsletter, it's free")
    (True, False)
    """
    return "," in line and _ATTRIBUTION.search(line) is not None


class _LinesStarting:
    """Lines that begin with a pattern, counted from the text's newlines (found at C speed)
    rather than with `(?m)^`, which `re` tries at every character.

    >>> _LinesStarting("[ ]+x").count(" x\\nx\\n  x y\\n")
    2
    """

    def __init__(self, pattern: str):
        self.first = lazyre.compile(pattern)
        self.later = lazyre.compile(r"\n(?:" + pattern + ")")

    def count(self, text: str) -> int:
        return len(self.later.findall(text)) + (self.first.match(text) is not None)


_MARKUP_LINE = _LinesStarting(r"[^\S\n]*<[/!?]?[A-Za-z][^<>\n]*>")


def looks_like_markup(text: str) -> bool:
    """HTML or XML rather than plain text: at least 3 lines, and a tenth of the lines, begin with a tag.

    Boilerplate rules are for text; in markup they would cut elements apart.
    >>> looks_like_markup("<rss>\\n<item>\\n<title>A</title>\\n</item>\\n</rss>"), looks_like_markup("a < b\\n")
    (True, False)
    """
    if "<" not in text:
        return False
    tagged = _MARKUP_LINE.count(text)
    return tagged >= 3 and tagged * 10 >= text.count("\n") + 1


_INDENTED_LINE = _LinesStarting(r"[ \t]+\S")
_NONBLANK_LINE = _LinesStarting(r"[ \t]*\S")


def looks_preformatted(text: str) -> bool:
    r"""A preformatted document (a man page, a plain-text manual, code, a dictionary's
    headwords over their indented definitions): five lines or more, and at least a third of
    its non-blank lines indented. Extractors strip the lines of a web page (not one of the
    1,657 boilerplate-web dev cases has an indented line); a text that keeps its indentation
    was written as text, and its short lines (author, copyright, a flag such as `pub`, a
    headword such as NEWS or NEXT) are its own.

    >>> looks_preformatted("NAME\n       chsh - change login shell\nAUTHOR\n       Clint Adams\n       <clint@example.org>\n")
    True
    >>> looks_preformatted("Home\nThe council met.\n  Indented once.\nShare this:\nAdvertisement\n")
    False
    """
    indented = _INDENTED_LINE.count(text)
    if indented < 3:
        return False
    nonblank = _NONBLANK_LINE.count(text)
    return nonblank >= 5 and 3 * indented >= nonblank


def edges_without_paragraphs(count: int, blank) -> tuple[int, int]:
    """(first, last) edge lines of a text of `count` lines without running text: its fourth
    non-blank line from each end (with fewer, its last and its first; 0 and 0 with none).
    Read from both ends, not from a list of every non-blank line (an int object each: a
    million short lines would keep their memory)."""
    head = list(islice((k for k in range(count) if not blank(k)), 4))
    if len(head) < 4:
        return (head[-1], head[0]) if head else (0, 0)
    return head[3], list(islice((k for k in range(count - 1, -1, -1) if not blank(k)), 4))[3]


class _LineEnds:
    """Where each line's text ends (before its newline), read from the line starts: a second
    array of a million lines would cost as much as the first."""

    __slots__ = ("starts", "count", "length")

    def __init__(self, starts: array, count: int, length: int):
        self.starts, self.count, self.length = starts, count, length

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> int:
        if not 0 <= i < self.count:
            raise IndexError(i)
        return self.starts[i + 1] - 1 if i + 1 < len(self.starts) else self.length


class Lines:
    """The lines of a document with their spans and the structure the positions use."""

    def __init__(self, text: str, starts: Optional[array] = None):
        """`starts`: where each line begins, an empty last line after a final newline included
        or not (`_View.line_starts`: the gate's view has them, shared rather than made again;
        an array, 8 bytes a line, not an int object each)."""
        self.text = text
        if starts is None:
            starts = array("q", [0])
            at = text.find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = text.find("\n", at + 1)
        self.starts = starts
        self.count = len(starts) - (starts[-1] == len(text))  # (no line after a final newline)
        self.ends = _LineEnds(starts, self.count, len(text))  # end of the line's text, before its newline
        self.often: dict = {}  # rule id -> whether it matches min_count lines (Boilerplate._often_enough)
        self._paragraph: Optional[list] = None
        self._first = self._last = None
        self._running: Optional[int] = None  # the first line of running text (before_running_text)

    def line(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def index_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset, 0, self.count) - 1

    def blank(self, i: int) -> bool:
        return not self.line(i).strip()

    def paragraph(self, i: int) -> bool:
        if self._paragraph is None:
            self._paragraph = bytearray(is_paragraph(self.line(k)) for k in range(self.count))  # (a byte a line)
            paragraphs = [k for k, p in enumerate(self._paragraph) if p]
            if paragraphs:
                self._first, self._last = paragraphs[0], paragraphs[-1]
            else:  # no running text at all: only the first and last few lines are edges
                self._first, self._last = edges_without_paragraphs(self.count, self.blank)
        return self._paragraph[i]

    def claim_edges(self, claimed) -> None:
        """The first paragraph, when a rule that may stand in the head matches it
        (`claimed(k, "head")`), is not the article's first paragraph: the head extends over
        it and over the lines after it that such rules match too, up to the first other
        line. The same for the last paragraph and the tail. Once per side, never past the
        next paragraph, and never both sides of an article of two paragraphs.
        """
        if not self.count:
            return
        self.paragraph(0)
        paragraphs = [k for k, p in enumerate(self._paragraph) if p]
        if len(paragraphs) < 2:
            return
        first, last = paragraphs[0], paragraphs[-1]
        if claimed(first, "head"):
            k = first + 1
            while k < paragraphs[1] and (self.blank(k) or claimed(k, "head")):
                k += 1
            self._paragraph[first] = False
            self._first = k
        if claimed(last, "tail") and (len(paragraphs) > 2 or self._first == first):
            k = last - 1
            while k > paragraphs[-2] and (self.blank(k) or claimed(k, "tail")):
                k -= 1
            self._paragraph[last] = False
            self._last = k

    def wrapped_prose(self, i: int) -> bool:
        """Line `i` starts three adjacent lines of hard-wrapped prose (`is_wrapped_prose`)."""
        return i + 2 < self.count and is_wrapped_prose([self.line(k) for k in range(i, i + 3)])

    def underlined(self, i: int) -> bool:
        """Line `i` is a heading underlined in plain text (Markdown's setext style: a line of
        '=' or '-' right under it, about as long): a document's own section ("Related
        projects", "Recommended reading" in a README), which extracted web pages do not write.

        >>> Lines("Recommended reading\\n-------------------\\n\\nThe HTTP specification.\\n").underlined(0)
        True
        """
        if i + 1 >= self.count:
            return False
        under = self.line(i + 1).strip()
        width = len(self.line(i).strip())
        return len(under) >= 3 and set(under) in ({"-"}, {"="}) and abs(len(under) - width) <= max(3, width // 4)

    def in_wrapped_prose(self, k: int) -> bool:
        """Line `k` is one of three adjacent lines of hard-wrapped prose (a plain-text copy of
        the article at the page's end, a README's paragraph): each is short and, alone, can
        look like furniture to the line model or like a teaser under a label."""
        return any(i >= 0 and self.wrapped_prose(i) for i in (k - 2, k - 1, k))

    def fragment(self, i: int) -> bool:
        """Line `i` is a piece of a sentence an extractor broke at a link: it goes on with the
        sentence of the line before it, or the next line goes on with its own."""
        if continues_sentence(self.line(i)):
            return True
        k = self.neighbour(i, 1)
        return k is not None and continues_sentence(self.line(k))

    def code_token(self, i: int) -> bool:
        """Line `i` is a name in code that an extractor split at inline markup (`get_text("\\n")`
        puts each highlighted token on a line of its own): an identifier called or given a value
        ("print" / "(" / "f", "help" / "=") or an attribute ("bz2." / "open" / "("). A menu's
        "Open", "Print", "Help" stand among other labels, and a count after a label is a number
        ("Comments" / "(" / "12"); "[" / "more" / "]" is a link's decoration.

        >>> Lines("with bz2.\\nopen\\n(\\n").code_token(1), Lines("[\\nmore\\n]\\n").code_token(1)
        (True, False)
        """
        if not _IDENTIFIER.fullmatch(self._stripped(i)):
            return False
        before, after = self._stripped(i - 1), self._stripped(i + 1)
        if after in ("(", "=", "()", "())") and before not in ("(", "[", "{") and not self._stripped(i + 2).isdigit():
            return True  # called or given a value (not a label's count: "Comments" / "(" / "12")
        attribute = before == "." or (before.endswith(".") and _IDENTIFIER.fullmatch(before[:-1]) is not None)
        return attribute and _CODE_PUNCTUATION.fullmatch(after) is not None

    def _stripped(self, k: int) -> str:
        """Line `k` without its surrounding spaces; "" before the first line or after the last."""
        return self.line(k).strip() if 0 <= k < self.count else ""

    def before_running_text(self, i: int) -> bool:
        """No paragraph of running text, nor a paragraph hard-wrapped over lines, comes before
        line `i` (a licence page's lines are wrapped: it has no paragraph)."""
        if self._running is None:
            self.paragraph(0) if self.count else None
            self._running = next((k for k in range(self.count) if self._paragraph[k] or self.wrapped_prose(k)),
                                 self.count)
        return i < self._running

    def in_head(self, i: int) -> bool:
        self.paragraph(0) if self.count else None
        return i < self._first

    def in_tail(self, i: int) -> bool:
        self.paragraph(0) if self.count else None
        return i > self._last

    def inside_runs(self) -> list:
        """(first, last) of each run of lines between the article's first and last paragraph
        that holds no paragraph: where furniture inside the article (a related block, a
        teaser's lede, a share row) stands, and also the article's lists and tables."""
        if not self.count:
            return []
        self.paragraph(0)
        runs, start = [], None
        for k in range(self._first + 1, self._last):
            if self.paragraph(k):
                if start is not None:
                    runs.append((start, k - 1))
                start = None
            elif start is None:
                start = k
        if start is not None:
            runs.append((start, self._last - 1))
        return runs

    def listed(self, first: int, last: int, kept) -> set:
        """The lines of the run of non-paragraph lines `first`..`last` that read as items of a
        list or rows of a table, or introduce one: a line with a list marker ("3.", "•", "b)")
        or under a bare one, every line of a run with two marked items, a line ending in ':'
        and, after one that `kept(i)` says stays, the rest of the run; a line with a tab or three
        numbers. The article's lists and tables look like furniture to the line model (a top-ten
        list, a cast list, a table of results); these shapes keep them. One pass over the run."""
        run = range(first, last + 1)
        marked = [i for i in run if _LIST_MARK.match(self.line(i))]
        if len(marked) >= 2:
            return set(run)
        out = set(marked)
        under_mark = False
        for i in run:
            line = self.line(i)
            if not line.strip():
                continue
            if under_mark or len(_NUMBERS.findall(line)) >= 3 or "\t" in line.strip():
                out.add(i)
            if line.rstrip().endswith((":", "：")):
                out.add(i)
                if kept(i):
                    return out | set(range(i + 1, last + 1))
            under_mark = i in out and len(line.strip()) <= 4 and _LIST_MARK.match(line) is not None
        return out

    def neighbour(self, i: int, step: int) -> Optional[int]:
        k = i + step
        while 0 <= k < self.count and self.blank(k):
            k += step
        return k if 0 <= k < self.count else None

    def aside(self, i: int) -> bool:
        """In the head or tail, or not between two paragraphs of running text."""
        if self.in_head(i) or self.in_tail(i):
            return True
        before, after = self.neighbour(i, -1), self.neighbour(i, 1)
        return not (before is not None and self.paragraph(before) and after is not None and self.paragraph(after))

    def where(self, i: int, position: str) -> bool:
        if position == "anywhere":
            return True
        if position == "head":
            return self.in_head(i)
        if position == "tail":
            return self.in_tail(i)
        if position == "edge":
            return self.in_head(i) or self.in_tail(i)
        return self.aside(i)



@dataclass(frozen=True)
class Heuristic:
    """A built-in inference that removes lines without a pattern (the structure heuristics,
    the line model): what its removals report. Rule packs hold patterns; these are code."""

    id: str
    kind: str
    description: str
    position: str  # where it stands, as a pack rule's (teasers._keep_lists reads it)
    confidence: float
    needs_page: bool = False  # (as a pack rule's: an inference stands where it is drawn)


@dataclass
class _Removal:
    line: int
    rule: Union[BoilerplateRule, "Heuristic"]
    reason: str
    confidence: Optional[float] = None  # the rule's own, unless the line model scored the line
    # taken for where it stands (a teaser under a block's label), not named by a pattern itself
    member: bool = False
