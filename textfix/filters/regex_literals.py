"""What literals every match of a regular expression holds, and how rare they are: the
gates' needles.

Read from the syntax tree that `regex_gate.parse` gives (Python's own `re` parser): the sets
of strings one of which every match contains (`literal_sets`), the whole words among them
(`complete_words`), and few substrings that cover many literals (`cover`), chosen by how
rare they are in running text (`rarity`). Every answer is *necessary*: a text without any
of a set's strings holds no match.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

try:  # Python 3.11+
    from re import _constants as _c
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore


@lru_cache(maxsize=65536)
def rarity(literal: str) -> float:
    """How rare a literal is in running text, roughly in bits (higher: rarer)."""
    get = _CHAR_RARITY.get
    return sum([get(ch) or (6.0 if not ch.isalnum() else 5.0) for ch in literal])


def set_rarity(strings) -> float:
    """A set is as rare as its most common member."""
    return min((rarity(s) for s in strings), default=0.0)


# -log2 of the frequency of characters in lower-case English running text, about.
_CHAR_RARITY = {
    " ": 2.5, "e": 3.5, "t": 3.8, "a": 4.0, "o": 4.1, "i": 4.2, "n": 4.2, "s": 4.3, "h": 4.4,
    "r": 4.4, "d": 4.9, "l": 5.0, "c": 5.5, "u": 5.5, "m": 5.8, "w": 5.8, "f": 6.0, "g": 6.0,
    "y": 6.0, "p": 6.2, "b": 6.5, ",": 6.0, ".": 6.0, "v": 7.0, "k": 7.5, "'": 8.0, "0": 7.0,
    "j": 9.0, "x": 9.0, "q": 10.0, "z": 10.0,
}


BOUNDARY = "\x00"  # in a literal: a word boundary (\\b, or the start or end of a whole-line match)


def literal_sets(tree, whole_line: bool = False) -> list:
    """Every mandatory literal set of a pattern: lists of strings (lower case), one string of
    each list occurring in every match. A small class of characters counts as a set of
    one-character strings; a branch, as the union of one set of each alternative; a short
    optional part, as the texts with and without it. BOUNDARY marks where a literal meets a
    word boundary (`whole_line`: the pattern matches whole lines, so its ends are boundaries);
    `plain` removes the marks.

    >>> from textfix.filters.regex_gate import parse
    >>> literal_sets(parse("(?:if|when) you buy.{0,9}[|•]", True))
    [['if you buy', 'when you buy'], ['|', '•']]
    >>> literal_sets(parse(".{0,9} we use cookies.*|.{0,9}nous utilisons", True))
    [[' we use cookies', 'nous utilisons']]
    """
    if tree is None:
        return []

    def lower(ch: str) -> str:
        return ch.lower() if len(ch.lower()) == 1 else ch

    def sequence(items, out: list) -> Optional[list]:
        """Appends the sequence's mandatory sets to `out`; returns its possible texts when
        it is a plain string (or a small product of alternatives), else None."""
        whole, plain = [""], True
        for op, av in items:
            texts = None
            if op is _c.LITERAL:
                texts = [lower(chr(av))]
            elif op is _c.IN and all(o is _c.LITERAL for o, _ in av) and len(av) <= 12:
                texts = sorted({lower(chr(a)) for _, a in av})
            elif op is _c.SUBPATTERN or op is getattr(_c, "ATOMIC_GROUP", None):
                texts = sequence(av[-1] if op is _c.SUBPATTERN else av, out)
            elif op is _c.BRANCH:
                alternatives, union, every = [], [], True
                for branch in av[1]:
                    inner: list = []
                    t = sequence(branch, inner)
                    if t:
                        alternatives.append(t)
                        union.extend(t)
                    elif inner:
                        union.extend(max(inner, key=set_rarity))
                    else:
                        every = False
                if every and len(alternatives) == len(av[1]):
                    texts = sorted({t for alt in alternatives for t in alt})
                elif every:
                    out.append(sorted(set(union)))
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) and av[1] <= 3:
                inner_texts = sequence(av[2], out if av[0] >= 1 else [])
                if inner_texts:
                    texts = [""]
                    options = []
                    for count in range(av[1] + 1):
                        if count >= av[0]:
                            options.extend(texts)
                        texts = [t + u for t in texts for u in inner_texts]
                        if len(texts) > 64:
                            break
                    texts = sorted(set(options)) if len(texts) <= 64 else None
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
                inner_texts = sequence(av[2], out)
                if inner_texts:
                    out.append(inner_texts)
            elif op is _c.AT and av is _c.AT_BOUNDARY:
                texts = [BOUNDARY]
            elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
                continue  # zero width
            if texts is None:
                if whole != [""]:
                    out.append(whole)
                whole, plain = [""], False
                continue
            if len(whole) * len(texts) > 64:  # too many texts: a new run starts with these
                # known to follow a non-word character (or a boundary): its first word is whole
                delimited = whole != [""] and all(w and not w[-1].isalnum() for w in whole)
                if whole != [""]:
                    out.append(whole)
                whole, plain = [(BOUNDARY if delimited else "") + t for t in texts], False
                continue
            whole = [w + t for w in whole for t in texts]
        if whole != [""]:
            out.append(whole)
        return whole if plain and whole != [""] else None

    sets: list = []
    items = list(tree)
    if whole_line:
        items = [(_c.AT, _c.AT_BOUNDARY)] + items + [(_c.AT, _c.AT_BOUNDARY)]
    try:
        sequence(items, sets)
    except RecursionError:
        return []
    out = []
    for s in sets:
        if any(not plain(x) for x in s):
            continue  # an alternative without text: not a literal every match holds
        s = sorted(set(s), key=len)
        kept: list = []
        for lit in s:  # a literal that contains another one of the set adds nothing
            if lit and not any(k in lit for k in kept):
                kept.append(lit)
        if kept and all(plain(k) for k in kept) and sorted(kept) not in out:
            out.append(sorted(kept))
    return out


def plain(literal: str) -> str:
    """A literal without its BOUNDARY marks."""
    return literal.replace(BOUNDARY, "")


def complete_words(literal: str) -> list:
    """The words of a literal that are whole words wherever it occurs: delimited on both
    sides, inside the literal, by a non-alphanumeric character or a BOUNDARY mark.

    >>> complete_words(BOUNDARY + "newsletters" + BOUNDARY), complete_words("newsletter"), complete_words(" uses cookies")
    (['newsletters'], [], ['uses'])
    """
    words = []
    current = ""
    delimited = False
    for ch in literal:
        if ch.isalnum():
            current += ch
            continue
        if current and delimited:
            words.append(current)
        current = ""
        delimited = True
    return words


def cover(literals, min_rarity: float = 30.0, lengths=range(3, 13)) -> dict:
    """Few strings to search for instead of many literals: {needle: literals containing it}.

    Every literal contains one of the needles, so a text without any needle contains none
    of the literals. Greedy: the substring shared by most literals, among those rare enough
    (`min_rarity`, see `rarity`); a literal with no rare substring is its own needle.
    >>> sorted(cover(["this site uses cookies", "we use cookies", "newsletter"]))
    [' cookies', 'newsletter']
    """
    literals = sorted(set(literals))
    candidates: dict = {}
    for lit in literals:
        for k in lengths:
            for i in range(len(lit) - k + 1):
                sub = lit[i:i + k]
                if sub not in candidates:
                    if rarity(sub) < min_rarity:
                        continue
                    candidates[sub] = set()
                candidates[sub].add(lit)
    # Each round takes the candidate found in most literals still to cover (then the rarest,
    # shortest, first). Those counts are kept up to date as literals are covered, instead of
    # intersecting every candidate's set each round (most of a cold start's gate building).
    left = {sub: len(lits) for sub, lits in candidates.items()}
    rank = {sub: (rarity(sub), -len(sub), sub) for sub in candidates}
    holders: dict = {lit: [] for lit in literals}
    for sub, lits in candidates.items():
        for lit in lits:
            holders[lit].append(sub)
    out: dict = {}
    todo = set(literals)
    while todo and left:
        best = max(left, key=lambda sub: (left[sub], rank[sub]))
        out[best] = None
        for lit in candidates[best] & todo:
            for sub in holders[lit]:
                left[sub] -= 1
        todo -= candidates[best]
        left = {sub: n for sub, n in left.items() if n}
    for lit in sorted(todo):  # (in order: the same literals make the same needles, in order)
        out[lit] = [lit]
    # every literal that contains a needle is found by it, chosen for it or not
    return {n: sorted(lit for lit in literals if n in lit) for n in out}
