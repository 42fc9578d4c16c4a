"""The speed gate: which lines a rule matches, found without running its patterns on most lines.

A gate per scope, built from the patterns' syntax (regex_gate.py, entry.py): each line's first
and last characters (its keys, and up to 12 characters of its start), the document's words
and a few literals, found for all rules in one Hyperscan pass. Only the lines these tests
admit meet a pattern; most scraped text has none. The built-in rules' gate is exact: it
runs the rules' own patterns on those lines and names only the (line, rule) pairs that
match, so a page where none does costs its filter nothing more.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Iterator, Optional, Sequence

from .. import fastscan, regex_gate
from .entry import LONG_KEY, _as_view_bytes, _Entry
from .packs import BoilerplateRule
from . import shipped
from .stored import Packed, packer
from .scanning import (_ENDS, _NEEDLE, _STARTS, _SURROGATE_UTF8, _WORD, _WORD_BYTES, _ends_holding,
                       _admit_lines_holding, _literals_held, _longest, _look_up, _spaces_and_digits, _stand_ins,
                       _starts_by_prefix, lower_holds_any, through_long_starts)
from .view import _ASCII_NORM, _SLICERS, _View, line_pieces, stripped_pieces


# ----------------------------------------------------------------------------- the gate


class _Gate:
    """Which lines each rule (of any scope) could match, found without running its patterns.

    Each pattern gets the cheapest necessary test its syntax allows (regex_gate): the start
    or the end of a matching line (looked up by key in a set, for every line at once), or
    whole words every match holds (looked up in the document's set of words), or a literal
    every match holds (searched for in the text); with it, the literals every match holds
    are checked on the lines that passed. A rule whose pattern allows no test is tried on
    every line. Lines that no test admits cost no regular expression.
    """

    def __init__(self, rules: Sequence[BoilerplateRule], exact: bool = False):
        """`exact`: each line the tests admit is confirmed by the rules' own patterns (C
        regex, once a line and rule), so `candidates` holds only (line, rule) pairs that
        match: for the built-in rules, whose patterns are known to be quick. A user's pattern
        runs under a time limit, in the filter."""
        self.rules = list(rules)
        self.exact = exact
        self.entries: list[_Entry] = []
        for i, rule in enumerate(self.rules):
            for pattern in rule.patterns:
                self.entries.append(_Entry(i, rule.scope, pattern, not rule.case_sensitive, rule.max_chars))
        chars = regex_gate.pattern_chars(p for r in self.rules for p in r.patterns)
        self.trouble = regex_gate.troublesome(chars)
        self.unsafe = bool(chars & regex_gate.IRREGULAR_CASE)
        self.stand_ins = _stand_ins(self.trouble + "\u212a", chars)
        self.always = [e for e in self.entries if e.mode == "always"]
        tokens: dict = {}
        for e in self.entries:
            if e.mode == "token":
                for w in e.tokens:
                    tokens.setdefault(w.encode("ascii"), []).append(e)
        self.tokens = {w: (es, frozenset(self.rules[e.rule].position for e in es)) for w, es in tokens.items()}
        # words of rules that may match anywhere; the others are looked for only when the
        # document has head or tail lines (see _View.ranges)
        self.tokens_anywhere = frozenset(w for w, (es, pos) in self.tokens.items() if pos & {"anywhere", "aside"})
        self.tokens_edges = frozenset(self.tokens) - self.tokens_anywhere

        by_literal: dict = {}  # literal -> entries whose anchor holds it
        for e in self.entries:
            if e.mode == "needle":
                for lit in e.anchor:
                    by_literal.setdefault(lit, set()).add(e)
        needles: dict = {}  # needle (a substring of literals) -> entries
        for needle, lits in shipped.cover(by_literal).items():
            needles[needle] = sorted({e for lit in lits for e in by_literal[lit]}, key=self.entries.index)
        self.needles = {n: (es, frozenset(self.rules[e.rule].position for e in es)) for n, es in needles.items()}
        needles_b: dict = {}
        for n, es in needles.items():
            if n.isascii():  # a needle with other characters is never in ASCII text
                needles_b.setdefault(n.encode("ascii").translate(_ASCII_NORM), []).extend(es)
        self.needles_b = {n: (es, frozenset(self.rules[e.rule].position for e in es)) for n, es in needles_b.items()}
        # needles with other characters: searched in the text itself when they have no case
        # (©, •, », ...), else in its lower()
        self.needles_caseless = {n: v for n, v in self.needles.items()
                                 if not n.isascii() and n == n.upper() == n.lower()}
        self.needles_other = {n: v for n, v in self.needles.items()
                              if not n.isascii() and n not in self.needles_caseless}
        heads, tails = self._index("head"), self._index("tail")
        # a needle with other characters, by its longest ASCII part (the bytes view has it in
        # any case): no lower() of the whole text for it
        self.needles_scanned = {needle: part for needle, part in
                                ((n, max(re.findall("[\x00-\x7f]+", n), key=len, default="").strip())
                                 for n in self.needles_other) if len(part) >= 3}
        # (a start key's entries that read its line's start further: `through_long_starts`)
        self.literals, self.actions, further = self._line_literals(heads, tails)
        self.scanner = fastscan.Scanner(self.literals)
        every = [entries + (read[0] if read else []) for (_, entries), read in zip(self.actions, further)]
        # a literal's line: its first byte's for a start literal (the newline before the
        # line), else its last byte's (text offsets: the framed ones less one)
        self.back = [len(lit) - 1 if kind == _STARTS else 1 for lit, (kind, _) in zip(self.literals, self.actions)]
        # a hit's line holds one of these, or none of its entries admits it (`_literals_held`):
        # a key's, its entries' rarest literals; a needle's or word's (one of the rarest),
        # their second rarest ("reporter" of an author's biography, then " is a")
        self.held = [_literals_held(entries) if kind in (_STARTS, _ENDS) and not any(map(_WORD_BYTES.__getitem__, lit))
                     else _literals_held(entries, 1) if kind in (_NEEDLE, _WORD)
                     else None for lit, (kind, _), entries in zip(self.literals, self.actions, every)]
        self.words = [kind == _WORD for kind, _ in self.actions]
        self.caps = [_longest(entries) for entries in every]
        # literals whose entries' rules stand only in the head or tail (`_View.where`): a hit in
        # the article's body admits nothing (a table's `|`s, a breadcrumb's `>` there)
        self.edges_only = [{self.rules[e.rule].position for e in entries} <= _EDGES for entries in every]
        self.framed_literals, self.framed_actions = self._framed_literals()
        self.framed_scanner = fastscan.Scanner(self.framed_literals)
        self.keyed_apart = self._keyed_apart(heads[0], tails[0]) if self.entries else frozenset()
        self.apart_scanners = _ends_holding(self.keyed_apart)  # (a line's start key, its end key)
        self._holding: dict = {}  # (short bytes line, id of its entries) -> those whose literals it holds
        # what a warm start seldom reads, unpickled when first read (stored.py): the start and
        # end keys' tables, by str keys (lines keyed apart) and by bytes keys (`_search`), and
        # what each start key reads further (its hits' lines)
        for e in self.entries:
            e.ends = None  # (read above only: its keys are in the tables)
        pack = packer(self.entries)
        self.str_keys, self.bytes_keys = pack((heads[0], tails[0])), pack((heads[1], tails[1]))
        self.further = [None if read is None else pack(read) for read in further]

    def __getstate__(self):
        return dict(self.__dict__, _holding={})  # (ids: good in this process only)

    def without_rules(self) -> "_Gate":
        """The gate without its rules (to be stored; the caller sets `rules` again)."""
        self.rules = []
        return self

    def _index(self, mode: str):
        """({length: {start: entries}}, {whole line: entries}) for the entries of a mode, in str and bytes."""
        starts: dict = {}
        whole: dict = {}
        for e in self.entries:
            if e.mode != mode:
                continue
            for k, strings in e.ends.starts.items():
                for s in strings:
                    starts.setdefault(k, {}).setdefault(s, []).append(e)
            for s in e.ends.whole:
                whole.setdefault(s, []).append(e)

        def as_bytes(d):
            """Keys as the bytes view has them; only keys without other characters (a line whose
            key has one is looked up by its str key in the other index)."""
            return {s.encode("ascii"): v for s, v in d.items() if s.isascii()}
        return ((starts, whole), ({k: as_bytes(d) for k, d in starts.items()}, as_bytes(whole)))

    def candidates(self, text: str, view: "_View") -> Optional[dict]:
        """{line index: the rules (in order) that may match it}; None: every line, every rule."""
        done = view.gated.get(id(self))
        if done is not None and done[0] is self:
            return done[1]
        result = self._candidates(text, view)
        view.gated[id(self)] = (self, result)
        return result

    def _candidates(self, text: str, view: "_View") -> Optional[dict]:
        found = self._admitted(text, view)
        if found and self.exact:
            return _matching(found, view.text_line)
        return found

    def _admitted(self, text: str, view: "_View") -> Optional[dict]:
        """The lines the tests admit, each with the rules (in order) it is admitted for."""
        if self.unsafe:
            return None
        if not view.safe(self.trouble):
            if self.stand_ins is None:
                return None
            # İ ı ſ K (Turkish text, say) read as the one letter each can match: same lines, same offsets
            text = text.translate(self.stand_ins)
            view = _View(text)
        found: dict = {}  # line -> set of entries
        line_of = view.line  # the bytes view's lines: the literals are checked there
        rules = self.rules

        holding = self._holding

        def admit(i, entries):
            line = line_of(i)
            if len(entries) >= MEMO_ENTRIES and len(line) <= MEMO_LINE_CHARS:
                # the entries whose literals a short line holds: a corpus repeats its short lines
                key = (line, id(entries))
                held = holding.get(key)
                if held is None:
                    if len(holding) >= MEMO_LINES:
                        holding.clear()
                    held = holding[key] = [e for e in entries if e.has_literals(line)]
                entries = held
            for e in entries:  # the cheapest tests first (a line no longer than the limit is short enough stripped)
                if (e.max_len is None or len(line) <= e.max_len or view.length(i) <= e.max_len) \
                        and e.has_literals(line) and e.may_start(line) and view.where(i, rules[e.rule].position):
                    found.setdefault(i, set()).add(e)

        if self.scans():
            for i, entries in self._scan(view):
                admit(i, entries)
        else:
            self._search(view, admit)
        if not view.ascii:  # needles with other characters: in the text, or in its lower()
            for needle, (entries, positions) in self.needles_caseless.items():
                _admit_lines_holding(text, needle, entries, positions, view, admit)
            unscanned = [(needle, found) for needle, found in self.needles_other.items() if needle not in self.needles_scanned]
            # (the text's lower() only where it can hold one: a whole copy of every non-ASCII text else)
            if unscanned and lower_holds_any(text, frozenset(needle[0] for needle, _ in unscanned)):
                lowered = view.lowered([needle for needle, _ in unscanned])
                for needle, (entries, positions) in unscanned:
                    _admit_lines_holding(lowered, needle, entries, positions, view, admit)
        if self.always:
            for i, line in enumerate(view.lines()):
                if line.strip():
                    admit(i, self.always)
        if not found:
            return {}
        return {i: [self.rules[r] for r in sorted({e.rule for e in es})] for i, es in found.items()}

    def _search(self, view: "_View", admit) -> None:
        """The tests on the bytes view in Python: every line's keys looked up, the document's
        words, the ASCII needles searched for one by one."""
        heads_keys, tails_keys, other_heads, other_tails = view.keys()
        for side, (reverse, keys, others) in enumerate(((False, heads_keys, other_heads), (True, tails_keys, other_tails))):
            starts, whole = self.bytes_keys.value()[side]
            if whole and not whole.keys().isdisjoint(keys):
                for i, key in enumerate(keys):
                    if key in whole:
                        admit(i, whole[key])
            for k, table in starts.items():
                if not table or set(map(_SLICERS[reverse][k], keys)).isdisjoint(table):
                    continue
                for i, key in enumerate(keys):
                    piece = key[-k:] if reverse else key[:k]
                    if len(piece) == k and piece in table:
                        admit(i, table[piece])
            for i, key in others.items():  # lines whose bytes key holds another character
                _look_up(self.str_keys.value()[side], i, key, reverse, admit)
        if self.tokens:
            norm = view.bytes()
            words = view.words()
            wanted = self.tokens_anywhere
            present = list(view.word_set() & wanted) if not wanted.isdisjoint(words) else []
            # the words of head, tail and edge rules: searched in those lines only (few)
            present += [w for w in self.tokens_edges if view.ranges(self.tokens[w][1])]
            for word in present:
                _admit_lines_holding(norm, word, *self.tokens[word], view, admit)
        for needle, (entries, positions) in self.needles_b.items():
            _admit_lines_holding(view.bytes(), needle, entries, positions, view, admit)
        for needle, part in self.needles_scanned.items():  # (as the scanner: by their longest ASCII part)
            _admit_lines_holding(view.bytes(), _as_view_bytes(part), *self.needles_other[needle], view, admit)

    def _line_literals(self, heads: tuple, tails: tuple) -> tuple:
        """The tests of `_search` as byte literals to find in the bytes view's lines stripped
        and framed ("\\n" + lines joined by "\\n" + "\\n"): (literals, [(kind, entries)],
        [None, or a start key's entries that say more of a line's start, and those starts:
        looked up on the lines the key finds (`through_long_starts`, `_reread`)]).
        A start key follows a newline, an end key precedes one, a whole line stands between
        two. A needle with spaces at an end is also found where the line's stripped spaces
        held them: its rest at the line's start (end). A needle of spaces only is found in
        the lines as they are (`_framed_literals`)."""
        literals: list = []
        actions: list = []
        further: list = []  # a start key's entries that read its line's start further, or None
        for index, kind in ((heads, _STARTS), (tails, _ENDS)):
            starts, whole = index[1]
            for table in starts.values():
                for s, entries in table.items():
                    if s[:1] == b" " if kind == _STARTS else s[-1:] == b" ":
                        continue  # a stripped line's key never begins (ends) with a space
                    read = None
                    if kind == _STARTS:
                        entries, read = through_long_starts(s, entries)
                    literals.append(b"\n" + s if kind == _STARTS else s + b"\n")
                    actions.append((kind, entries))
                    further.append(read)
            for s, entries in whole.items():
                if len(s) < regex_gate.KEY_LENGTH and s == s.strip():  # a longer one is a start too (regex_gate.ends)
                    literals.append(b"\n" + s + b"\n")
                    actions.append((_STARTS, entries))
        for word, (entries, _) in self.tokens.items():  # (a line's ends are no word's bounds)
            literals.append(word)
            actions.append((_WORD, entries))
        for needle, entries in self._needles():
            rest = needle.strip(b" ")
            if not rest:
                continue
            literals.append(needle)
            actions.append((_NEEDLE, entries))
            head, tail = needle[:1] == b" ", needle[-1:] == b" "
            if head:
                literals.append(b"\n" + needle.lstrip(b" "))
                actions.append((_STARTS, entries))
            if tail:
                literals.append(needle.rstrip(b" ") + b"\n")
                actions.append((_ENDS, entries))
            if head and tail:
                literals.append(b"\n" + rest + b"\n")
                actions.append((_STARTS, entries))
        further += [None] * (len(literals) - len(further))
        _starts_by_prefix.cache_clear()
        return literals, actions, further

    def _framed_literals(self) -> tuple:
        """The needles of spaces only, to find in "\\n" + bytes view + "\\n": (literals,
        [(kind, entries)]) (none in the built-in rules)."""
        found = [(needle, entries) for needle, entries in self._needles() if not needle.strip(b" ")]
        return [needle for needle, _ in found], [(_NEEDLE, entries) for _, entries in found]

    def _needles(self) -> list:
        """[(needle as the bytes view has it, entries)]: the ASCII needles, and the longest
        ASCII part of the others (`needles_scanned`)."""
        return [(needle, entries) for needle, (entries, _) in self.needles_b.items()] + \
            [(_as_view_bytes(part), self.needles_other[needle][0]) for needle, part in self.needles_scanned.items()]

    def _keyed_apart(self, heads: tuple, tails: tuple) -> frozenset:
        """The characters outside ASCII that can give a line a str key (regex_gate.key) some
        key of the str tables holds, where its bytes key has `?`: those keys' characters in
        any case, the irregular case folders, whitespace (str.strip removes it, bytes.strip
        does not) and decimal digits (keyed `0`). A line whose key ends hold none of them
        is looked up by its bytes keys alone (`_scan`)."""
        table_chars = {ch for index in (heads, tails)
                       for keys in (*index[0].values(), index[1]) for key in keys for ch in key}
        chars = {form for ch in table_chars
                 for form in (ch, ch.lower(), ch.upper(), ch.title(), ch.casefold()) if len(form) == 1}
        chars |= regex_gate.IRREGULAR_CASE | {"\u212a"} | _spaces_and_digits()
        return frozenset(ch for ch in chars if not ch.isascii())

    def scans(self) -> bool:
        """Whether `_scan` runs here (Hyperscan; else `_search` does the same in Python)."""
        scanners = (self.scanner, self.framed_scanner)
        return any(s.available() for s in scanners) and all(s.available() or not s.count for s in scanners)

    def _scan(self, view: "_View", by_edges: bool = True) -> Iterator[tuple]:
        """`_search` in Hyperscan passes over the stripped lines: the same keys, needles and
        (whole) words. Yields (line, entries to admit) in the order the lines and literals
        come, each pair once in a piece of lines (a line of 100,000 ad markers is admitted
        once, not 100,000 times; a table's `|`s are many per line); the literals of spaces
        and the lines keyed apart come last, and may name a pair again. The stripped lines
        are scanned ~64 KB at a time (`stripped_pieces`), their hits read at once: a million
        hits are never a million objects at once (their memory would stay, see line_starts).
        A line a key finds (a table row's `|`, a list item's `-`) is a pair only if it holds
        one of the key's entries' literals.
        `by_edges`: no pair of a head or tail rule's literal in the view's body (between its
        edges), which no such rule can admit (not for a block of documents: their own edges)."""
        if self.scanner.count:
            first = 0  # the piece's first line
            edges = view.edges if by_edges else None
            for piece in stripped_pieces(view.bytes()):
                yield from self._piece_pairs(b"\n" + piece + b"\n", first, view, edges)
                first += piece.count(b"\n") + 1
        if self.framed_scanner.count:
            framed = b"\n" + view.bytes() + b"\n"
            for index, end in self.framed_scanner.scan(framed):
                yield framed.count(b"\n", 1, end - 1), self.framed_actions[index][1]
        # (other text) the str keys of lines whose key ends hold a character keyed apart
        # (for the others, the bytes keys say all)
        if not view.ascii:
            found: list = []  # (a line's pairs: its start and end keys select other entries)

            def admit(i, entries):
                found.append((i, entries))

            for i, head, tail in self._ends_keyed_apart(view):
                start_key, end_key = view.str_keys(i)  # (both at once: each reads the line)
                heads, tails = self.str_keys.value()
                if head:
                    _look_up(heads, i, start_key, False, admit)
                if tail:
                    _look_up(tails, i, end_key, True, admit)
                yield from found
                found.clear()

    def _piece_pairs(self, keyed: bytes, first: int, view: "_View", edges) -> Iterator[tuple]:
        """The (line, entries) pairs of the scanner's hits in `keyed` ("\\n" + a piece of
        stripped lines + "\\n", its first line the view's line `first`), each pair once;
        `edges`: the view's (first, last) line of running text, asked for when the piece
        holds more than FEW_HITS hits of head or tail rules' literals (None: no pair left
        out for where it stands)."""
        hits = self.scanner.scan(keyed)
        edges_only = self.edges_only
        if edges is not None and sum(map(edges_only.__getitem__, map(itemgetter(0), hits))) <= FEW_HITS:
            edges = None  # (a few pairs cost less than finding the edges)
        actions, back, literals, words, caps, held = self.actions, self.back, self.literals, self.words, self.caps, self.held
        n, ascii, line = regex_gate.KEY_LENGTH, view.ascii, view.line
        body = None  # (first, last) line of running text, in the piece's numbering
        out: dict = {}  # (line, id of the entries) -> entries
        reread: dict = {}  # line -> (its stripped bytes, [entries whose start it is read for])
        done: set = set()  # (line, literal) of the hits read (but for words: where one stands counts)
        further = self.further
        # each hit's line: the newlines counted (in C) from one hit to the next, either way (a
        # start literal's line begins before a shorter literal's that ends first), not all the
        # piece's line starts; its bounds found once a line
        pos = i = 0  # (the line of offset `pos`)
        bounds = (-1, 0, 0)  # (line, start, end) in the piece
        for index, end in hits:
            if words[index] and (_WORD_BYTES[keyed[end]] or _WORD_BYTES[keyed[end - len(literals[index]) - 1]]):
                continue  # a word counts where it stands between word ends
            at = end - back[index] - 1  # (offset in the piece)
            i += keyed.count(b"\n", pos + 1, at + 1) if at >= pos else -keyed.count(b"\n", at + 1, pos + 1)
            pos = at
            if not words[index]:  # what follows depends on the line and the literal only: once a pair
                if (i, index) in done:  # (a table row's `|`s, a list's `-`s are many hits a line)
                    continue
                done.add((i, index))
            if edges_only[index] and edges is not None:
                if body is None:
                    body = [k - first for k in edges()]
                if body[0] <= i <= body[1]:
                    continue  # in the body: no head or tail line (`_View.where`)
            cap = caps[index]
            if cap is not None or further[index] is not None:
                if bounds[0] != i:  # the stripped line, in the frame
                    bounds = (i, keyed.rfind(b"\n", 0, at + 1) + 1, keyed.find(b"\n", at + 1))
                _, lo, hi = bounds
                if cap is not None and hi - lo > cap and \
                        (ascii or (63 not in keyed[lo:min(lo + n, hi)] and 63 not in keyed[max(lo, hi - n):hi])):
                    continue  # longer than any match of its entries (`_View.length`: its ends say all)
            if held[index] is not None and not any(map(line(first + i).__contains__, held[index])):
                continue  # without its entries' literals (a table row's `|`, a list's `-`, "told reporters")
            entries = actions[index][1]
            if entries:
                out[(first + i, id(entries))] = entries
            if further[index] is not None:
                reread.setdefault(first + i, (keyed[lo:hi], []))[1].append(further[index])
        pairs = out.items()
        if reread:  # (their pairs come after the others: in the lines' order again)
            self._reread(reread, out)
            pairs = sorted(out.items(), key=lambda pair: pair[0][0])
        return ((i, entries) for (i, _), entries in pairs)

    def _reread(self, lines: dict, out: dict) -> None:
        """Add to `out` the pairs of `lines` ({line: (its stripped bytes, [what its start keys
        read further])}): a line whose first LONG_KEY bytes hold `?` (another character) may
        start as their entries' matches do (the bytes do not say); the others are paired with
        the entries whose longer start (or whole line) they begin with (`through_long_starts`)."""
        for i, (stripped, read) in lines.items():
            other = 63 in stripped[:LONG_KEY]
            for entries, starts, whole in map(Packed.value, read):
                if other:
                    out[(i, id(entries))] = entries
                    continue
                found = whole.get(stripped)
                if found is not None:
                    out[(i, id(found))] = found
                for length, table in starts:
                    found = table.get(stripped[:length])
                    if found is not None:
                        out[(i, id(found))] = found

    def _ends_keyed_apart(self, view: "_View") -> Iterator[tuple]:
        """(line, whether its start key, whether its end key holds a character keyed apart)
        for the lines where one does, in order: found in the text's UTF-8 by Hyperscan a piece
        of lines at a time, or (text with a lone surrogate, which is no UTF-8) line by line."""
        data = view.utf8()
        if not all(s.available() for s in self.apart_scanners) or (b"\xed" in data and _SURROGATE_UTF8.search(data) is not None):
            apart = self.keyed_apart.isdisjoint
            for i, head, tail in view.odd_ends():
                if not (apart(head) and apart(tail)):
                    yield i, not apart(head), not apart(tail)
            return
        first = 0  # the piece's first line (^ and $ match at a piece's ends as at a line's)
        for piece in line_pieces(data):
            ends: dict = {}  # line -> [start key, end key]
            line = counted = 0  # (newlines counted once, from one hit to the next)
            hits = [(index, end) for index, scanner in enumerate(self.apart_scanners)
                    for _, end in (scanner.scan(piece) if piece else ())]
            for index, end in sorted(hits, key=itemgetter(1)):
                line += piece.count(b"\n", counted, end)
                counted = end
                ends.setdefault(first + line, [False, False])[index] = True
            for i, (head, tail) in ends.items():
                yield i, head, tail
            first += piece.count(b"\n") + 1


def stripped_frame(view: "_View") -> bytes:
    """b"\\n" + the bytes view's lines stripped, joined by newlines + b"\\n": what the gate's
    scanners read (a piece at a time: `_Gate._scan`). A line's keys are its stripped ends (the bytes view's only spaces are b" ";
    stripping them all costs less than looking for them); framed, every line follows and
    precedes a newline."""
    return b"\n".join([b"", *stripped_pieces(view.bytes()), b""])


# Up to this many scanner hits in a text, each hit's line is found by counting newlines.
FEW_HITS = 8
# A line of at most MEMO_LINE_CHARS admitted for MEMO_ENTRIES entries or more has their literal
# tests remembered ("Article 1", a site's menu items), for up to MEMO_LINES lines at a time.
MEMO_ENTRIES = 3
MEMO_LINE_CHARS = 40
MEMO_LINES = 20_000
# The positions of rules that stand in the head or tail only (`_View.where` reads the edges).
_EDGES = frozenset({"head", "tail", "edge"})


def _matching(candidates: dict, line) -> dict:
    """The candidates whose rule matches their line at all (where it stands and what is
    around it aside): the only ones that can remove anything. Most lines the tests admit
    match nothing (a line that starts "The " or holds "publi"), and a text left without
    candidates costs its filter nothing more: its screen says no."""
    out = {}
    for i, rules in candidates.items():
        matched = [rule for rule in rules if rule.matches_line(line(i))]
        if matched:
            out[i] = matched
    return out
