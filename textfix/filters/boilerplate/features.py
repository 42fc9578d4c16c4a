"""What a line looks like and where it sits: the line model's features, in pure Python.

One function, `features(lines)`, gives every line of a document a fixed-length vector of
numbers (`NAMES` says what each one is). The same code serves training
(`tools/train_line_model.py`) and inference (`linemodel.py`), so the shipped weights always
read the features they were trained on.

Nothing here knows a language: the "common words" of a line are the words the document
itself uses most (function words in any language), CJK characters count as words of their
own, and a sentence end is any script's full stop.
"""

from __future__ import annotations

import math
import re
from collections import Counter

# characters that end a sentence, in several scripts
SENTENCE_END = ".!?…:;\"'”’»)]。！？」』"
_STRICT_END = ".!?。！？…"
_WORD = re.compile(r"[^\W\d_]+|\d+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LINKISH = re.compile(r"https?://|www\.|\.(?:com|org|net|html?|php)\b|@\w|#\w|\b\w+@\w+\.\w", re.IGNORECASE)
_SEPARATORS = "|»›·•/>←→«‹"
_SEPARATOR = re.compile("[" + re.escape(_SEPARATORS) + "]")
_ASCII_UPPER = bytes(range(65, 91))
_ASCII_LOWER = bytes(range(97, 123))
_ASCII_DIGITS = b"0123456789"
_LIST_ITEM = re.compile(r"(?:\d{1,3}[.)、]|[-•*·▪►–]\s)")
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


def _facts(line: str):
    """(width, words, token list, letters, capitals, digits, punctuation, CJK characters,
    share of title-case words, last character, link-like, separators, begins with a capital,
    shape) of one line. The counts run in C (map over the string), not a Python loop per character."""
    s = line.strip()
    n = len(s)
    cjk = len(_CJK.findall(s)) if not s.isascii() else 0
    tokens = [t.lower() for t in _WORD.findall(s)]
    if cjk:
        tokens = [t for t in tokens if not _CJK.match(t)] + _CJK.findall(s)
    words = len(tokens) if not cjk else len(tokens) - cjk + cjk / 2
    if cjk or not s.isascii():
        letters = sum(map(str.isalpha, s))
        upper = sum(map(str.isupper, s))
        digits = sum(map(str.isdigit, s))
    else:  # ASCII: the same counts by deleting byte classes (in C, no bool per character)
        b = s.encode("ascii")
        upper = n - len(b.translate(None, _ASCII_UPPER))
        letters = upper + n - len(b.translate(None, _ASCII_LOWER))
        digits = n - len(b.translate(None, _ASCII_DIGITS))
    spaces = s.count(" ")
    punct = n - letters - digits - spaces
    split = s.split()
    titled = sum([w[:1].isupper() for w in split]) / len(split) if split else 0.0
    first = s[:1]
    last = s[-1:]
    # a line's shape, for "its neighbours look the same" (list items, table rows, menus)
    shape = ("d" if first.isdigit() else "u" if first.isupper() else "l" if first.islower() else "o",
             last in SENTENCE_END, words < 5)
    return (n + cjk, words, tokens, letters, upper, digits, punct, cjk, titled, last,
            _linkish(s), len(_SEPARATOR.findall(s)),
            first.isupper(), first.islower(), bool(_LIST_ITEM.match(s)), shape)


def _linkish(s: str) -> bool:
    """An address, a handle, a hashtag or an e-mail in the line (each holds one of . @ # /:
    most lines hold none, and skip the search)."""
    if "." not in s and "@" not in s and "#" not in s and "/" not in s:
        return False
    return _LINKISH.search(s) is not None


def features(lines: list) -> list:
    """One feature vector (a list of floats, in NAMES order) per line of `lines`."""
    facts = [_facts(line) for line in lines]
    n = len(lines)
    counts = Counter(t for f in facts for t in f[2])
    top = {t for t, _ in counts.most_common(TOP_WORDS)}
    stripped = [line.strip() for line in lines]
    seen = Counter(stripped)
    paragraph = [f[0] >= PARAGRAPH_WIDTH and f[9] in SENTENCE_END and f[1] >= 5 for f in facts]
    short = [f[1] < 5 for f in facts]
    par_at = [i for i, p in enumerate(paragraph) if p]
    first = par_at[0] if par_at else n
    last = par_at[-1] if par_at else -1
    # distance to the nearest paragraph, both ways, in one pass each
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
    # running sums for the windows
    cum_par = [0]
    cum_short = [0]
    cum_width = [0.0]
    for i in range(n):
        cum_par.append(cum_par[-1] + paragraph[i])
        cum_short.append(cum_short[-1] + short[i])
        cum_width.append(cum_width[-1] + math.log1p(facts[i][0]))
    doc_par = len(par_at) / n if n else 0.0
    widths = sorted(math.log1p(f[0]) for f in facts)
    median_width = widths[n // 2] if n else 0.0
    shapes = [f[15] for f in facts]
    doc_lines = math.log1p(n)
    out = []
    for i, f in enumerate(facts):
        (width, words, tokens, letters, upper, digits, punct, cjk, titled, last_ch, linkish, seps, starts_upper,
         starts_lower, list_item, shape) = f
        nchar = max(1, len(stripped[i]))
        lo = i - WINDOW if i > WINDOW else 0
        hi = i + WINDOW + 1 if i + WINDOW + 1 < n else n
        span = hi - lo - 1 or 1
        w_par = (cum_par[hi] - cum_par[lo] - paragraph[i]) / span
        w_short = (cum_short[hi] - cum_short[lo] - short[i]) / span
        w_width = (cum_width[hi] - cum_width[lo] - math.log1p(width)) / span
        common = sum(map(top.__contains__, tokens)) / len(tokens) if tokens else 0.0
        log_width = math.log1p(width)
        head = 1.0 if i < first else 0.0
        tail = 1.0 if i > last else 0.0
        sh = 1.0 if short[i] else 0.0
        out.append([
            1.0, log_width, math.log1p(words), float(last_ch in SENTENCE_END), float(last_ch in _STRICT_END),
            float(last_ch == ":"), punct / nchar, upper / letters if letters else 0.0, titled, digits / nchar,
            cjk / nchar, float(linkish), (seps if seps < 5 else 5) / 5, common, float(starts_upper), float(paragraph[i]), sh,
            float(seen[stripped[i]] > 1), i / n, head, tail, math.log1p(dist[i]),
            float(i > 0 and paragraph[i - 1]), float(i + 1 < n and paragraph[i + 1]),
            float(i > 0 and short[i - 1]), float(i + 1 < n and short[i + 1]),
            w_par, w_short, w_width, doc_par, doc_lines,
            log_width * w_par, sh * head, sh * tail, sh * w_par,
            float(starts_lower), float(list_item),
            sum(1 for k in (i - 2, i - 1, i + 1, i + 2) if 0 <= k < n and shapes[k] == shape) / 4,
            log_width - median_width, sum(map(str.isdigit, tokens)) / len(tokens) if tokens else 0.0,
        ])
    return out


CONTEXT_NAMES = ("score", "near1", "near4", "near12", "before", "after", "doc_mean")


def context(scores: list) -> list:
    """The second stage's extra features: each line's first-stage score and the mean score of
    its neighbours (1, 4 and 12 lines each side), of all lines before and after it, and of
    the document. Page furniture comes in runs; a line of content sits among content."""
    n = len(scores)
    cum = [0.0]
    for s in scores:
        cum.append(cum[-1] + s)
    total = cum[-1]
    doc_mean = total / n if n else 0.0

    out = []
    for i, s in enumerate(scores):
        row = [s]
        for width in (1, 4, 12):  # the lines within `width` of line i, line i left out
            lo, hi = max(0, i - width), min(n, i + width + 1)
            k = hi - lo - 1
            row.append((cum[hi] - cum[lo] - s) / k if k > 0 else doc_mean)
        row += [cum[i] / i if i else doc_mean, (total - cum[i + 1]) / (n - i - 1) if i + 1 < n else doc_mean, doc_mean]
        out.append(row)
    return out
