"""What a line looks like and where it sits: the line model's features, in pure Python.

`columns(lines)` gives every line of a document a fixed set of numbers (`NAMES` says what
each one is), as one list per feature; `features(lines)` the same as one vector per line.
The same code serves training (`tools/train_line_model.py`) and inference (`linemodel.py`),
so the shipped weights always read the features they were trained on.

Nothing here knows a language: the "common words" of a line are the words the document
itself uses most (function words in any language), CJK characters count as words of their
own, and a sentence end is any script's full stop.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import accumulate, chain
from operator import itemgetter
from ... import lazyre

# characters that end a sentence, in several scripts
SENTENCE_END = ".!?…:;\"'”’»)]。！？」』"
_STRICT_END = ".!?。！？…"
_WORD = lazyre.compile(r"[^\W\d_]+|\d+")
_FIRST_CJK = "\u3040"  # the first character _cjk() matches
_LINKISH = lazyre.compile(r"https?://|www\.|\.(?:com|org|net|html?|php)\b|@\w|#\w|\b\w+@\w+\.\w", re.IGNORECASE)
# the same without what needs an "@" (e-mails: `\b\w+@` tries every word of a sentence)
_LINKISH_NO_AT = lazyre.compile(r"https?://|www\.|\.(?:com|org|net|html?|php)\b|#\w", re.IGNORECASE)
_FIRST = itemgetter(0)
_SEPARATORS = "|»›·•/>←→«‹"
_SEPARATOR = lazyre.compile("[" + re.escape(_SEPARATORS) + "]")
_ASCII_UPPER = bytes(range(65, 91))
_ASCII_LOWER = bytes(range(97, 123))
_ASCII_DIGITS = b"0123456789"
_LIST_ITEM = lazyre.compile(r"(?:\d{1,3}[.)、]|[-•*·▪►–]\s)")
# a line at least this wide (a CJK character counts twice) is running text, if it ends like a sentence
PARAGRAPH_WIDTH = 80
TOP_WORDS = 40  # the document's most used words stand in for its language's function words
WINDOW = 3  # neighbours on each side whose shape is summed up

NAMES = (
    "bias", "log_width", "log_words", "ends_sentence", "ends_strict", "ends_colon", "punct_share",
    "caps_share", "title_case_share", "digit_share", "cjk_share", "linkish", "separators",
    "common_share", "starts_upper", "paragraph", "short", "repeated", "pos", "head", "tail",
    "log_dist_paragraph", "prev_paragraph", "next_paragraph", "prev_short", "next_short",
    "window_paragraphs", "window_short", "window_width", "doc_paragraphs", "doc_log_lines",
    "width_x_window", "short_x_head", "short_x_tail", "short_x_windowpar",
    "starts_lower", "list_item", "alike_neighbours", "rel_width", "number_share",
)


@lru_cache(maxsize=None)
def _cjk() -> "re.Pattern[str]":
    """Kana, ideographs, Hangul and compatibility ideographs, compiled on first use: `re` expands
    these ranges character by character (~3 ms of start-up), which text without CJK never needs."""
    return re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def columns(lines: list) -> list:
    """The features of every line of `lines`, as columns: one list per name in NAMES, a value
    per line. Column by column, each a comprehension or a map over C functions: the model
    reads every line of a page, and a vector built per line in Python cost a quarter more."""
    n = len(lines)
    if not n:
        return [[] for _ in NAMES]
    stripped = [line.strip() for line in lines]
    cjk = _cjk_counts(stripped)
    tokens, letters, upper, digits = zip(*[_words_and_counts(s, c) for s, c in zip(stripped, cjk)])
    words = [len(t) - c + c / 2 if c else len(t) for t, c in zip(tokens, cjk)]
    width = [len(s) + c for s, c in zip(stripped, cjk)]
    log_width = [math.log1p(w) for w in width]
    nchar = [len(s) or 1 for s in stripped]
    firsts = [s[:1] for s in stripped]
    lasts = [s[-1:] for s in stripped]
    short = [w < 5 for w in words]
    paragraph = [w >= PARAGRAPH_WIDTH and e in SENTENCE_END and k >= 5 for w, e, k in zip(width, lasts, words)]
    top = {t for t, _ in Counter(chain.from_iterable(tokens)).most_common(TOP_WORDS)}
    seen = Counter(stripped)
    par_at = [i for i, p in enumerate(paragraph) if p]
    first_par = par_at[0] if par_at else n
    last_par = par_at[-1] if par_at else -1
    head = [1.0 if i < first_par else 0.0 for i in range(n)]
    tail = [1.0 if i > last_par else 0.0 for i in range(n)]
    par = [1.0 if p else 0.0 for p in paragraph]
    sh = [1.0 if s else 0.0 for s in short]
    w_par, w_short, w_width = _windows(paragraph, short, log_width)
    median_width = sorted(log_width)[n // 2]
    doc_par = len(par_at) / n
    return [
        [1.0] * n, log_width, [math.log1p(w) for w in words],
        [1.0 if e in SENTENCE_END else 0.0 for e in lasts], [1.0 if e in _STRICT_END else 0.0 for e in lasts],
        [1.0 if e == ":" else 0.0 for e in lasts],
        [(len(s) - a - d - s.count(" ")) / k for s, a, d, k in zip(stripped, letters, digits, nchar)],
        [u / a if a else 0.0 for u, a in zip(upper, letters)],
        [_title_share(s) for s in stripped],
        [d / k for d, k in zip(digits, nchar)],
        [c / k for c, k in zip(cjk, nchar)],
        [1.0 if _linkish(s) else 0.0 for s in stripped],
        [(k if k < 5 else 5) / 5 for k in map(len, map(_SEPARATOR.findall, stripped))],
        [sum(map(top.__contains__, t)) / len(t) if t else 0.0 for t in tokens],
        [1.0 if f.isupper() else 0.0 for f in firsts],
        par, sh,
        [1.0 if seen[s] > 1 else 0.0 for s in stripped],
        [i / n for i in range(n)], head, tail,
        [math.log1p(d) for d in _paragraph_distance(paragraph)],
        [0.0] + par[:-1], par[1:] + [0.0], [0.0] + sh[:-1], sh[1:] + [0.0],
        w_par, w_short, w_width, [doc_par] * n, [math.log1p(n)] * n,
        [w * p for w, p in zip(log_width, w_par)], [s * h for s, h in zip(sh, head)],
        [s * t for s, t in zip(sh, tail)], [s * p for s, p in zip(sh, w_par)],
        [1.0 if f.islower() else 0.0 for f in firsts],
        [1.0 if _LIST_ITEM.match(s) is not None else 0.0 for s in stripped],
        _alike_neighbours(firsts, lasts, short),
        [w - median_width for w in log_width],
        [sum(map(str.isdigit, t)) / len(t) if t else 0.0 for t in tokens],
    ]


def _cjk_counts(stripped: list) -> list:
    """The CJK characters of each line: none on a page where one search of its joined
    lines finds none (most pages: a line by line test cost a `max` over each line outside
    ASCII), else counted line by line."""
    if _cjk().search("\n".join(stripped)) is None:
        return [0] * len(stripped)
    return [0 if s.isascii() or max(s) < _FIRST_CJK else len(_cjk().findall(s)) for s in stripped]


def features(lines: list) -> list:
    """One feature vector (a list of floats, in NAMES order) per line of `lines` (what training reads)."""
    return [list(row) for row in zip(*columns(lines))]


def _words_and_counts(s: str, cjk: int) -> tuple:
    """(words lower-cased, letters, capitals, digits) of a line; CJK characters count one by
    one, each a word. The counts run in C: for ASCII by deleting byte classes, otherwise over
    the line's letters and digits (what _WORD finds: every alphanumeric character), whose
    letters are all of them when none is a digit of any kind."""
    if s.isascii():  # lower-casing ASCII keeps every character's class: one call, not one per word
        b = s.encode("ascii")
        n = len(b)
        upper = n - len(b.translate(None, _ASCII_UPPER))
        letters = upper + n - len(b.translate(None, _ASCII_LOWER))
        return _WORD.findall(s.lower()), letters, upper, n - len(b.translate(None, _ASCII_DIGITS))
    found = _WORD.findall(s)
    alnum = "".join(found)
    if alnum.isalpha():
        letters, digits = len(alnum), 0
    else:
        letters, digits = sum(map(str.isalpha, alnum)), sum(map(str.isdigit, alnum))
    tokens = [t.lower() for t in found]
    if cjk:
        pattern = _cjk()
        tokens = [t for t in tokens if not pattern.match(t)] + pattern.findall(s)
    return tokens, letters, sum(map(str.isupper, s)), digits


def _title_share(s: str) -> float:
    """The share of a line's words (split at whitespace) that begin with a capital."""
    words = s.split()
    return sum(map(str.isupper, map(_FIRST, words))) / len(words) if words else 0.0


def _linkish(s: str) -> bool:
    """An address, a handle, a hashtag or an e-mail in the line (each holds one of . @ # /:
    most lines hold none, and skip the search)."""
    if "@" in s:
        return _LINKISH.search(s) is not None
    if "." not in s and "#" not in s and "/" not in s:
        return False
    return _LINKISH_NO_AT.search(s) is not None


def _paragraph_distance(paragraph: list) -> list:
    """Each line's distance to the nearest paragraph, both ways, in one pass each (more than
    the number of lines when there is none)."""
    n = len(paragraph)
    dist = [n] * n
    d = n
    for i in range(n):
        d = 0 if paragraph[i] else d + 1
        dist[i] = d
    d = n
    for i in range(n - 1, -1, -1):
        d = 0 if paragraph[i] else d + 1
        if d < dist[i]:
            dist[i] = d
    return dist


def _windows(paragraph: list, short: list, log_width: list) -> tuple:
    """The share of paragraphs, the share of short lines and the mean log width among the
    WINDOW lines on each side of every line (the line left out), from running sums."""
    n = len(paragraph)
    cum_par = list(accumulate(paragraph, initial=0))
    cum_short = list(accumulate(short, initial=0))
    cum_width = list(accumulate(log_width, initial=0.0))
    lo = [i - WINDOW if i > WINDOW else 0 for i in range(n)]
    hi = [i + WINDOW + 1 if i + WINDOW + 1 < n else n for i in range(n)]
    span = [h - lo_ - 1 or 1 for lo_, h in zip(lo, hi)]
    return ([(cum_par[h] - cum_par[a] - p) / k for a, h, k, p in zip(lo, hi, span, paragraph)],
            [(cum_short[h] - cum_short[a] - s) / k for a, h, k, s in zip(lo, hi, span, short)],
            [(cum_width[h] - cum_width[a] - w) / k for a, h, k, w in zip(lo, hi, span, log_width)])


def _alike_neighbours(firsts: list, lasts: list, short: list) -> list:
    """The share of the two lines on each side with the same shape (how it begins, whether
    it ends like a sentence, whether it is short): list items, table rows, menus."""
    shapes = [("d" if f.isdigit() else "u" if f.isupper() else "l" if f.islower() else "o", e in SENTENCE_END, s)
              for f, e, s in zip(firsts, lasts, short)]
    pad = [None, None] + shapes + [None, None]
    return [((pad[i] == s) + (pad[i + 1] == s) + (pad[i + 3] == s) + (pad[i + 4] == s)) / 4
            for i, s in enumerate(shapes)]


CONTEXT_NAMES = ("score", "near1", "near4", "near12", "before", "after", "doc_mean")


def context_columns(scores: list) -> list:
    """The second stage's extra features, as columns (CONTEXT_NAMES order): each line's
    first-stage score and the mean score of its neighbours (1, 4 and 12 lines each side), of
    all lines before and after it, and of the document. Page furniture comes in runs; a
    line of content sits among content."""
    n = len(scores)
    cum = list(accumulate(scores, initial=0.0))
    total = cum[-1]
    doc_mean = total / n if n else 0.0
    out = [list(scores)]
    for width in (1, 4, 12):  # the lines within `width` of line i, line i left out: lo <= k < hi, k != i
        lo = ([0] * width + list(range(n - width)))[:n]
        hi = (list(range(width + 1, n + 1)) + [n] * width)[:n]
        out.append([(cum[h] - cum[a] - s) / (h - a - 1) if h - a > 1 else doc_mean for a, h, s in zip(lo, hi, scores)])
    out.append([cum[i] / i if i else doc_mean for i in range(n)])
    out.append([(total - cum[i + 1]) / (n - i - 1) if i + 1 < n else doc_mean for i in range(n)])
    out.append([doc_mean] * n)
    return out


def context(scores: list) -> list:
    """The second stage's extra features (context_columns), one row per line (what training reads)."""
    return [list(row) for row in zip(*context_columns(scores))]
