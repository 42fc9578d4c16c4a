"""Punctuation (`lossy.bare-a-circumflex`, `lossy.dropped-byte`, `lossy.placeholder`,
`lossy.swallowed-space`): the sites where a quote, apostrophe, dash, …, • or ™ lost bytes.

Read left to right. A site whose character the bytes name (`â¦` is …, `â€` + nothing is ”)
is decided here; one the bytes leave open (a bare `â`, a `?` between words) is a 'mark',
'dash', 'spaced' or '…-close' site whose character context chooses (quotes.py).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator, Optional

from .chars import (_CONTINUATIONS, _FINAL_BYTE, _LOOKALIKE, _SUFFIX_ANY_CASE, _SUFFIX_RE, _SWALLOWING, APOS,
    BARE, BULLET, DROPPED, FFFD, HYPHEN, MDASH, NDASH, PLACEHOLDER, PLACEHOLDERS, RDQ, SPACED_CONTRACTION, SPACED_FINAL,
    SPACED_POSSESSIVE, SWALLOWED, TM)
from .context import Site, _after_sentence, _kind_after, _kind_before, _residue_end, _unrepaired, _word_around
from .document import Document
from .evidence import Evidence
from ... import lazyre


# The characters a punctuation site starts at: â, the characters ftfy makes of a lost byte and
# a space (⦠ …) and their look-alike, the placeholders.
_SITE_START = lazyre.compile("[\u00e2" + "".join(map(re.escape, sorted(set(_SWALLOWING) | set(_LOOKALIKE) | set(PLACEHOLDERS)))) + "]")


def _glued_to_other_alphabet(t: str, i: int, k: int, R: str) -> bool:
    """A placeholder between two letters of one alphabet other than Latin (Cyrillic
    `българ�ки`, Greek `α�χικοποιείται`): there a letter lost its bytes (those alphabets'
    UTF-8 letters are two bytes), which no apostrophe explains (but Ukrainian's, left unread).
    At a word's end it may be a lost quote (`�слово�`): read as before."""
    before = t[i - 1]
    if before.isascii() or not before.isalpha() or R != "word" or not t[k].isalpha():
        return False
    script = _script_name(before)
    return script != "LATIN" and _script_name(t[k]) == script


def _script_name(ch: str) -> str:
    """The first word of the character's Unicode name (LATIN, GREEK, CYRILLIC, ARMENIAN …)."""
    return unicodedata.name(ch, "?").split(" ", 1)[0]


class Punctuation:
    """The punctuation rules of one document, reading its facts and its evidence."""

    def __init__(self, doc: Document, ev: Evidence):
        self.doc = doc
        self.ev = ev
        self.text = doc.text

    def sites(self, damaged: bool) -> Iterator[Site]:
        t = self.text
        strength = self.ev.strength()
        i = 0
        n = len(t)
        while i < n:
            m = _SITE_START.search(t, i)  # (the only characters a site starts at, found in C)
            if m is None:
                return
            i = m.start()
            ch = t[i]
            if ch == "\u00e2":
                site = self._e2_site(i, damaged, strength)
                if site is not None:
                    yield site
                    i = site.end
                    continue
            elif ch in _SWALLOWING or ch in _LOOKALIKE:
                site = self._swallowed_site(i, damaged)
                if site is not None:
                    yield site
            elif ch in PLACEHOLDERS:
                site = self._placeholder_site(i, damaged, strength)
                if site is not None:
                    yield site
                    i = site.end
                    continue
            i += 1

    def _e2_site(self, i: int, damaged: bool, strength: float) -> Optional[Site]:
        t = self.text
        j = i + 1
        nxt = t[j] if j < len(t) else ""
        if "\x80" <= nxt <= "\x9f":
            return None  # an intact sequence: ftfy's business
        if nxt == " ":
            spaced = self._spaced_site(i)
            if spaced is not None:
                return spaced
        if t[j:j + 2] == '"\u00a2':  # â"¢: ™ is E2 84 A2, and its „ (84) was straightened to "
            site = Site(i, j + 2, "fixed", BARE)
            site.after, site.confidence = TM, 0.85
            site.reason = "â\"¢ is ™ (E2 84 A2) read as Windows-1252 (â„¢) with its „ straightened to \""
            return site
        if nxt == "\u20ac":  # â€ : E2 80 and a dropped (or replaced) third byte
            end = _residue_end(t, j + 1)  # (â€Â: ” encoded twice, its 9D lost in the last pass)
            if end == j + 1 and end < len(t) and t[end] in _CONTINUATIONS:
                return None  # â€œ, â€\x9d: intact, ftfy's business
            doubled = _double_mdash_site(t, i) if end == j + 1 and t.startswith("\u00e2\u20ac", end) else None
            if doubled is not None:
                return doubled
            rule = DROPPED
            if end < len(t) and t[end] in PLACEHOLDERS:
                end += 1
                rule = PLACEHOLDER
            site = Site(i, end, "close", rule)
            site.confidence = 0.9
            site.reason = "â€ is E2 80 with its last byte lost: a closing quote (E2 80 9D)"
            L, R = _kind_before(t, i), _kind_after(t, end)
            if L == "word" and R == "word" and _SUFFIX_ANY_CASE.match(t, end):
                # weâ€re, Itâ€S: in the wild a contraction's mark is ’ (E2 80 99) that lost
                # its last byte, far likelier than the rare U+2010 the bytes also allow
                site.kind, site.after = "fixed", APOS
                site.confidence = 0.85
                site.reason = "â€ before a contraction's ending: E2 80 99 with its last byte lost, an apostrophe"
            elif L == "word" and R == "word":
                site.kind, site.after = "fixed", HYPHEN
                site.confidence = 0.6
                site.reason = "â€ between letters: E2 80 90, a hyphen"
            elif L == "word" and self.doc.suspended_hyphen(end) and not self.doc.open_double_before(i):
                site.kind, site.after = "fixed", HYPHEN
                site.confidence = 0.75
                site.reason = "â€ ending a German word before und/oder: E2 80 90, a shortened compound's hyphen"
            return site
        if not damaged:
            return None
        # placeholders for the lost bytes (â??, â��), then maybe a surviving final byte
        k = j
        while k < len(t) and k - j < 2 and t[k] in PLACEHOLDERS:
            k += 1
        holders = k - j
        final = t[k] if k < len(t) else ""
        if final and 0xA0 <= ord(final) <= 0xBF and holders < 2:
            b = ord(final)
            site = Site(i, k + 1, "fixed", PLACEHOLDER if holders else BARE)
            after = _FINAL_BYTE.get(b)
            if after is None:
                return None
            if b == 0xA0 and not holders:
                return None  # â + no-break space: may be real text
            if b == 0xA2:
                after = self._bullet_or_tm(i, k + 1)
            site.after = after
            site.confidence = 0.9 if b in (0xA6, 0xA2, 0xAC) else 0.75
            site.reason = f"â + {final!r} is E2 xx {b:02X} with a lost middle byte: {after}"
            return site
        if holders == 1 and t[j] == "?":
            # â? may be a real question after a word ending in â; need the contraction shape or â??.
            if not _SUFFIX_RE.match(t, k) or _kind_before(t, i) != "word":
                return None
        # A bare â (or â with placeholders): a quote, apostrophe or dash by context.
        word = _word_around(t, i, k)
        if not holders and self.doc.real_circumflex(word):
            return None
        site = Site(i, k, "mark", PLACEHOLDER if holders else BARE)
        site.confidence = strength
        site.reason = "E2 80 xx with both lost bytes " + ("replaced by placeholders" if holders else "stripped (C1 controls)")
        return site

    def _spaced_site(self, i: int) -> Optional[Site]:
        """â and a space that was a C1 byte: before a contraction's ending (`isnâ t`) the
        apostrophe, before a surviving third byte (`â œYes`) the punctuation it completes.
        None otherwise: the other readings decide (a spaced dash, Welsh â)."""
        t = self.text
        if any(m.start() < i < m.end() for m in SPACED_CONTRACTION.finditer(t, max(0, i - 8), i + 6)):
            site = Site(i, i + 2, "fixed", BARE)
            site.after, site.confidence = APOS, 0.85
            site.reason = "â and a space: ’ (E2 80 99) whose control bytes became a space, in a contraction"
            return site
        if (self.doc.english or self.doc.spaced_habit) and any(
                m.start() < i < m.end() for m in SPACED_POSSESSIVE.finditer(t, max(0, i - 40), i + 4)):
            site = Site(i, i + 2, "fixed", BARE)
            site.after, site.confidence = APOS, 0.75
            site.reason = "â and a space before s: ’ (E2 80 99) whose control bytes became a space, a possessive"
            return site
        after = SPACED_FINAL.get(t[i + 2:i + 3])
        if after is None:
            return self._spaced_closer(i)
        site = Site(i, i + 3, "fixed", BARE)
        site.after, site.confidence = after, 0.8
        site.reason = f"â, a space and {t[i + 2]!r}: {after} (E2 80 {ord(t[i + 2].encode('cp1252')):02X}) whose 80 became a space"
        return site

    def _spaced_closer(self, i: int) -> Optional[Site]:
        """`â œRSVPâ  request`, `tomorrowâ ` at a line's end: after a word or punctuation, â and
        a space followed by another space or the line's end is a closing mark whose C1 bytes
        became that space, in a document that shows the habit elsewhere (a spaced opener or
        contraction). The site takes the space; context chooses the mark (quotes.py)."""
        t = self.text
        nxt = t[i + 2:i + 3]
        if nxt not in ("", " ", "\n", "\r") or _kind_before(t, i) not in ("word", "punct") or not self.doc.spaced_habit:
            return None
        site = Site(i, i + 2, "mark", BARE)
        site.confidence = min(self.ev.strength(), 0.75)
        site.reason = "â and a space that was its C1 bytes, closing a word: a quote or apostrophe by context"
        return site

    def _bullet_or_tm(self, start: int, end: int) -> str:
        L = _kind_before(self.text, start)
        R = _kind_after(self.text, end)
        if L == "word" and R in ("space", "end", "punct"):
            return TM
        return BULLET

    def _swallowed_site(self, i: int, damaged: bool) -> Optional[Site]:
        t = self.text
        ch = t[i]
        if _ends_a_sequence(t, i):
            return None
        R = _kind_after(t, i + 1)
        L = _kind_before(t, i)
        glued = R not in ("space", "end")
        if ch in _LOOKALIKE:
            if not (damaged and L == "word" and R == "word"):
                return None
            site = Site(i, i + 1, "fixed", SWALLOWED)
            site.after = _LOOKALIKE[ch] + " "
            site.confidence = 0.75
            site.reason = f"{ch} glued between words in a damaged document: an ellipsis whose space was taken for byte A0"
            return site
        b = _SWALLOWING[ch]
        if ch == "\u2020":  # †: â€ + space; a real dagger stands after a word with a space, or before a year
            dash_next = t[i + 1:i + 2] in (MDASH, NDASH)  # `food †— pizza`: never a real dagger
            if not (R == "word" or dash_next or (damaged and glued)) or L not in ("word", "punct", "space"):
                return None
            if L == "space" and not dash_next and not (damaged and t[i + 1:i + 2].isalpha()):
                return None  # `†1900`, ` †Name`: a real dagger
            site = Site(i, i + 1, "close", SWALLOWED)
            site.after = RDQ + " "
            if L == "word" and self.doc.suspended_hyphen(i + 1) and not self.doc.open_double_before(i):
                site.kind, site.after, site.confidence = "fixed", HYPHEN + " ", 0.75
                site.reason = "† is ftfy's reading of â€ + space: E2 80 90 before und/oder, a shortened compound's hyphen"
                return site
            strong = L in ("word", "punct") and R == "word"
            if not (damaged or strong or dash_next or self.doc.open_double_before(i)):
                return None  # a real dagger (“dagger†”, †2001)
            site.confidence = 0.85
            site.reason = "† is ftfy's reading of â€ + space (E2 80 A0): a closing quote whose last byte was lost, and the space"
            site.kind = "close-swallowed"
            return site
        after = _FINAL_BYTE.get(b)
        if after is None:
            return None
        if b == 0xA2:
            after = TM if L == "word" else BULLET  # the swallowed space followed it
        if not damaged and not (L in ("word", "punct") and R == "word") and not (
                L in ("space", "start") and R == "word" and b in (0xA2, 0xA6, 0xAC)):
            return None
        site = Site(i, i + 1, "fixed", SWALLOWED)
        site.after = after + (" " if glued or R == "end" else "")
        if R == "end":
            site.after = after
        site.confidence = 0.85
        site.reason = f"{ch} is ftfy's reading of â + {chr(b)!r} + space (E2 {b:02X} A0): {after} and the space"
        return site

    def _placeholder_site(self, i: int, damaged: bool, strength: float) -> Optional[Site]:
        t = self.text
        ch = t[i]
        k = i + 1
        if ch == FFFD:
            run = _FFFD_RUN.match(t, i).end()
            if run - i > MAX_LOST:
                site = Site(i, run, "mark", PLACEHOLDER)
                site.reason = f"a run of {run - i} U+FFFD: more than one character was lost"
                return _unrepaired(site, t)
            k = min(run, i + 3)
        L, R = _kind_before(t, i), _kind_after(t, k)
        site = Site(i, k, "mark", PLACEHOLDER)
        site.reason = f"{ch!r} in place of lost punctuation"
        if L == "word" and _glued_to_other_alphabet(t, i, k, R):
            site.kind = "letter"  # (no quote pairing reads it)
            site.reason = (f"{ch!r} glued to a {_script_name(t[i - 1])} letter: a letter's lost bytes "
                           "(its script's UTF-8 has two-byte letters), not punctuation")
            return _unrepaired(site, t)
        q_damage = (self.ev.qmark_contractions >= 1 or self.ev.q_letters >= 2 or self.ev.inverted) and self.ev.q_damage()
        if ch == "?" and not q_damage:
            return None  # a question mark is usually real: only in a document whose ? marks are damage
        if k - i == 1 and _FRACTION_UNIT.match(t, k) and (L in ("start", "space", "open") or t[i - 1].isdigit()):
            # `� cup`, `(? tsp`: ½ ¼ ¾ (or a degree) before a unit; none can be told from the others
            site.kind, site.after, site.confidence = "fixed", "\u00bd", 0.45
            site.reason += " before a unit: a fraction (½, ¼ or ¾)"
            return site
        if L == "start" and _TWEET_CREDIT.match(t, k):
            site.kind, site.after, site.confidence = "fixed", MDASH, 0.85
            site.reason += ": the — of an embedded tweet's credit line (— Name (@handle) Month D, YYYY)"
            return site
        if ch == FFFD:
            if R == "space" and L in ("start", "space", "open") or L == "space" and R in ("space", "punct", "end"):
                if self.doc.french():  # French sets « » off with spaces: paired in quotes.py
                    site.kind = "spaced"
                    site.confidence = min(max(strength, 0.75), 0.8)
                    return site
            if (L, R) == ("space", "end") and _after_sentence(t, i):
                site.confidence = max(strength, 0.75)
                return site  # `lung. �`: a closing quote or nothing (quotes.py)
            if (L, R) in (("space", "end"), ("start", "end"), ("start", "space")):
                return None  # nothing to say what it was (a lone surrogate, a cut character)
            site.confidence = max(strength, 0.75)
            return site
        # A question mark: only positions a question mark cannot take.
        if L == "word" and R == "word":
            if _SUFFIX_RE.match(t, k):
                site.confidence = 0.85
                return site
            lost = self._lost_letter_word(t, i, k)
            if lost is not None:
                site.kind = "letter"
                site.reason = f"{ch!r} between two letters where a letter makes a word ({lost!r}): a lost letter"
                return _unrepaired(site, t)
            site.confidence = 0.6
            return site
        if (L in ("start", "space", "open") or self.doc.english and t[i - 1] == ".") and R == "word":
            site.confidence = 0.7  # (`U.K.?s`: _mark makes it ’)
            return site
        if (L, R) == ("space", "end") and _after_sentence(t, i):
            site.confidence = 0.7
            return site  # `lung. ?`: a closing quote or a real question mark (quotes.py)
        if L == "space" and R == "space" and not self.doc.french():
            site.kind = "dash"
            site.confidence = 0.7
            return site
        if L in ("word", "punct") and R in ("space", "end", "punct", "close"):
            token = t[max(0, i - 12):i - 1].rsplit(None, 1)[-1:] or [""]
            if t[i - 1] in ",;:" or t[i - 1] == "." and "." not in token[0]:
                # `meth.? The`, `OUT,? Noem`: no question mark stands there (but `the U.S.?` may end a question)
                site.kind = "ctx-close"
                site.confidence = 0.75
                return site
            # closes an open placeholder quote (`?Yes,? he said`, `?not close?.`), else it is a
            # real question mark: before a capital (`actually? Yes`) it ends a sentence, and
            # `Planet?!`, `Senate?)` are questions.
            if L == "word" and (self.doc.suspended_hyphen(k) or self.doc.dropped_g(i)):
                site.confidence = 0.75
                return site  # Rede? und: a hyphen, Takin? It: an apostrophe (_mark)
            question_before = t[i - 1] == "?"  # `James??`: a real question mark, then the quote
            if R == "space" and k + 1 < len(t) and not (t[k + 1].islower() or t[k + 1] in PLACEHOLDERS
                                                        or question_before):
                return None
            if R == "punct" and t[k] not in ".,;:":
                return None  # (`“immaterial?)`: before a bracket it closes an open quote, else a question)
            site.kind = "maybe-close"
            site.confidence = 0.65
            return site
        return None

    def _lost_letter_word(self, t: str, i: int, k: int) -> Optional[str]:
        """The word the document's language knows when the mark at t[i:k] is one lost letter
        with a diacritic (`oczywi?cie` -> oczywiście, `ta?mę` -> taśmę): there the mark is no
        apostrophe. Names and elisions (`O?Brien`, `Ma?ruf`, `d?Ivoire`, `l?homme`) read as
        no word with any letter, and keep the apostrophe."""
        before, after = _word_around(t, i, k).split(t[i:k], 1)
        for letter in _DIACRITIC_LETTERS:
            word = before + letter + after
            if self.doc.known(word) >= _KNOWN_WORD:
                return word
        return None


# The lower-case Latin letters with a diacritic (Latin-1 and Latin Extended-A): what a
# Latin-script language loses to `?` where its text went through an encoding without them.
_DIACRITIC_LETTERS = [chr(c) for c in range(0xDF, 0x180) if chr(c).isalpha() and chr(c).islower() and c != 0xF7]
# How frequent (wordfreq) the word with a letter in the mark's place must be to be read so.
_KNOWN_WORD = 1e-6

# A unit of measure after a space: a placeholder before it stood for a number (½ cup).
_FRACTION_UNIT = lazyre.compile(
    r"[ \u00a0](?:cups?|tsp|tbsp|teaspoons?|tablespoons?|oz|ounces?|lbs?|pounds?|inch(?:es)?|"
    r"miles?|hours?|gallons?|pints?|quarts?|sticks?)\b", re.I)

# The rest of an embedded tweet's credit line after its em dash: " Name (@handle) Month D, YYYY".
_TWEET_CREDIT = lazyre.compile(
    r"[ \t][^\n]{1,120}? \(@\w{1,15}\) (?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December) \d{1,2}, \d{4}[ \t]*$", re.M)

# A run of U+FFFD: at most one character's bytes (three) stand for one lost character; a
# longer run lost more than one character, and no reading of it can be told right.
MAX_LOST = 3
_FFFD_RUN = lazyre.compile("\ufffd+")


def _double_mdash_site(t: str, i: int) -> Optional[Site]:
    """The site of `â€â€` at i (and the `Â` a third pass left, chars.RESIDUE): — (E2 80 94)
    encoded twice through Windows-1252 (â€”, then Ã¢â‚¬â€ + 9D) whose last byte was lost.
    Decoded once, the lost character is one whose UTF-8 is E2 80 and a byte Windows-1252
    leaves undefined, and of those only ” (E2 80 9D) is a Windows-1252 character (94): the
    inner sequence was â€” (E2 80 94). Not two closing quotes: those would be ”” (two 9D
    lost). None where a continuation follows (â€â€œ: intact, ftfy's business)."""
    end = _residue_end(t, i + 4)
    if end == i + 4 and end < len(t) and t[end] in _CONTINUATIONS:
        return None
    site = Site(i, end, "fixed", DROPPED)
    site.after = MDASH
    site.confidence = 0.85
    site.reason = "â€â€ is — (E2 80 94) encoded twice with its last byte lost: the inner ” (E2 80 9D) kept E2 80"
    return site


def _ends_a_sequence(t: str, i: int) -> bool:
    """Whether t[i] is the last of three Windows-1252 glyphs that spell one whole UTF-8
    sequence: a byte of mojibake the encoding repairs read, not ftfy's reading of a lost
    byte and a space (the † of `ãƒ†`, テ's E3 83 86, in a Japanese run).

    >>> _ends_a_sequence("ãƒ†", 2), _ends_a_sequence("dagger†", 6)
    (True, False)
    """
    if i < 2:
        return False
    try:
        data = t[i - 2:i + 1].encode("cp1252")
        data.decode("utf-8")
    except UnicodeError:
        return False
    return 0xE0 <= data[0] <= 0xEF
