"""One pattern of a boilerplate rule, and the cheap tests a line must pass to meet it (the
gate's entries, gate.py): where the pattern's syntax (regex_gate.py) says a matching line
starts or ends, which words or literals it holds, how long it can be.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .. import regex_gate, regex_literals
from . import shipped
from .view import _ASCII_NORM


# A word is looked up in the document's set of words if it is not a common word: rarer than
# this (regex_literals.rarity) and not in _COMMON_WORDS, and at least as rare as the entry's
# rarest literal set (else that set is its needle).
MIN_TOKEN_RARITY = 13.0
_COMMON_WORDS = frozenset("""
a about after all also an and any are as at be been but by can could did do does for from had
has have he her his how i if in into is it its just like may me more most my new no not now of
on one only or our out over said says she so some than that the their them then there these
they this to two up us was we were what when which who will with would you your year years
time people first last get see read more here
de la le les des du et en un une est pour par sur au aux dans que qui ce il elle nous vous
der die das und den dem des ein eine ist im mit von zu auf für nicht sich es sie wir
el los las y que en un una es por para con del al se lo o
di il e che per non una della dei gli le nel sono
do da dos das em no na os as um uma para com por
yang dan di ini itu dengan untuk dari ke
""".split())


def _as_view_bytes(s: str) -> bytes:
    """`s` as the bytes view of a text has it: ASCII in the key alphabet, anything else `?`."""
    return s.encode("ascii", "replace").translate(_ASCII_NORM)


def _selective(ends) -> bool:
    """Starts (or ends) of three characters or more, or shorter ones without letters or digits."""
    return all(k >= 3 or not any(ch.isalnum() for s in strings for ch in s) for k, strings in ends.starts.items())


class _Entry:
    """One pattern of one rule, and the tests a line must pass to be worth matching against it."""

    __slots__ = ("rule", "mode", "ends", "literals", "literals_b", "anchor", "tokens", "max_len", "starts")

    def __init__(self, rule: int, scope: str, pattern: str, ignorecase: bool, max_chars: int = 0):
        self.rule = rule
        self.mode = "always"
        self.ends = None
        self.tokens = None
        tree = regex_gate.parse(pattern, ignorecase)
        # the longest (stripped) line a whole-line match can be: its width, or the rule's max_chars
        self.max_len = None
        if scope != "inline":
            widest = regex_gate.max_width(tree)
            if max_chars:
                widest = min(widest, max_chars) if widest is not None else max_chars
            self.max_len = widest
        # what a matching line's first LONG_KEY characters may be (a four-character key is
        # loose: "the " of "the privacy policy"), for the lines the other tests admit
        self.starts = _long_starts(pattern, ignorecase, tree) if scope != "inline" and tree is not None else None
        marked = regex_literals.literal_sets(tree, whole_line=scope != "inline") if tree is not None else []
        sets = []
        for s in marked:
            plain = tuple(sorted({regex_literals.plain(x) for x in s}))
            if all(plain) and plain not in sets:
                sets.append(plain)
        self.anchor = max(sets, key=regex_literals.set_rarity) if sets else None
        # what a line must hold: the two rarest sets, each as the few substrings that cover
        # its alternatives (a weaker test than the literals themselves, but still necessary)
        checks = sorted(sets, key=regex_literals.set_rarity, reverse=True)[:2]
        self.literals = [tuple(sorted(shipped.cover(s, min_rarity=16.0, lengths=range(3, 9)))) for s in checks]
        # as the bytes view has them: other characters are `?` (a weaker test, still necessary)
        self.literals_b = [tuple(_as_view_bytes(x) for x in s) for s in self.literals]
        if scope != "inline" and tree is not None:
            heads = shipped.ends(pattern, ignorecase, tree)
            if heads is not None and (_selective(heads) or not sets):
                self.mode, self.ends = "head", heads
                return
            tails = shipped.ends(pattern, ignorecase, tree, reverse=True)
            if tails is not None and (_selective(tails) or not sets):
                self.mode, self.ends = "tail", tails
                return
            if heads is not None and (heads.shortest >= 2 or not sets):
                self.mode, self.ends = "head", heads
                return
        if not sets:
            return
        self.mode = "needle"
        # words: a set of whole ASCII words one of which is in every match
        best = None
        for s in marked:
            words = []
            for alt in s:
                # in the bytes the words are read from, other characters are `?`: word ends
                asciified = "".join(ch if ch.isascii() else "?" for ch in alt)
                complete = [regex_gate.key(w) for w in regex_literals.complete_words(asciified)]
                complete = [w for w in complete if w not in _COMMON_WORDS]
                if not complete:
                    break
                words.append(max(complete, key=regex_literals.rarity))
            else:
                score = min(regex_literals.rarity(w) for w in words)
                if score >= MIN_TOKEN_RARITY and (best is None or score > best[0]):
                    best = (score, tuple(sorted(set(words))))
        # (a common word found whole, "book", admits more lines than a rarer literal every
        # match also holds, "book abo": the line would then fail `has_literals`)
        if best is not None and best[0] >= regex_literals.set_rarity(self.anchor):
            self.mode, self.tokens = "token", best[1]

    def may_start(self, line: bytes) -> bool:
        """Whether the bytes view's line may begin as a match does. Up to its first `?`
        (another character, which the bytes do not name) a line's start is its text's, byte
        for character: a line whose start holds `?` may match if what comes before is a
        match's start too."""
        if self.starts is None:
            return True
        key = line.strip()[:LONG_KEY]
        whole, starts = self.starts
        other = key.find(b"?")
        if other >= 0:
            return key[:other] in _prefixes(self.starts) or any(key[:k] in strings for k, strings in starts if k <= other)
        return key in whole or any(key[:k] in strings for k, strings in starts)

    def has_literals(self, line: bytes) -> bool:
        contains = line.__contains__
        for s in self.literals_b:
            if not any(map(contains, s)):
                return False
        return True


def _long_starts(pattern: str, ignorecase: bool, tree) -> Optional[tuple]:
    """(whole lines, ((k, starts of length k), ...)) as bytes view
    keys: what a whole-line match's first LONG_KEY characters (stripped) may be; None when
    the pattern does not say or says no more than its key."""
    found = None
    for length in LONG_KEYS:  # (the longest the pattern's ways allow: their count grows with the length)
        found = shipped.ends(pattern, ignorecase, tree, length=length)
        if found is not None:
            break
    if found is None or max(found.starts, default=0) <= regex_gate.KEY_LENGTH:
        return None
    return (frozenset(map(_as_view_bytes, found.whole)),
            tuple((k, frozenset(map(_as_view_bytes, strings))) for k, strings in sorted(found.starts.items())))


@lru_cache(maxsize=1024)
def _prefixes(starts: tuple) -> frozenset:
    """Every prefix of the long starts and whole lines of `_long_starts` (a whole line too:
    the `?` after it may be a space str.strip removes and bytes.strip does not). Made when
    first asked, not stored with the gate: they made its cache entry a third larger."""
    whole, by_length = starts
    return frozenset(u[:j] for u in whole.union(*(strings for _, strings in by_length)) for j in range(len(u) + 1))


# How many characters of a line's start `_Entry.may_start` reads (the first that a pattern allows).
LONG_KEYS = (12, 8, 6)
LONG_KEY = LONG_KEYS[0]
