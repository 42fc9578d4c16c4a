"""Quote pairing (`lossy.*` marks): the character of every site the bytes left open — a
bare `â`, a `?` or U+FFFD where punctuation stood — chosen from its context, pairing quotes
per paragraph: between letters an apostrophe (or a hyphen, a dash), at a word's start an
opening quote, at its end a closing one, between spaces a dash in the document's habit.

`Pairing` reads the sites of one document in order, with what the letter rules read
(letters.py: placeholders restored as letters, words known with an apostrophe).
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from typing import Iterator, List, Optional, Sequence, Tuple

from .chars import (_ELISION_NEXT, _ELISIONS, _SUFFIX_RE, APOS, FFFD, GUILLEMETS, HYPHEN,
    LDQ, LSQ, MDASH, NDASH, PLACEHOLDERS, RDQ)
from .context import (Site, _LineTally, _after_sentence, _before_small_word, _inverted_mark, _kind_after,
    _kind_before, _opens_sentence, _word_after, _word_before)
from .document import Document
from .evidence import Evidence
from .language import _freqs, _wordfreq
from .letters import LetterReading
from .punctuation import _TWEET_CREDIT
from ... import lazyre


class Pairing:
    """The context decisions for one document's sites (sorted by start), made in `decide`."""

    def __init__(self, doc: Document, ev: Evidence, sites: Sequence[Site], letters: LetterReading):
        self.doc = doc
        self.ev = ev
        self.text = doc.text
        self.letters = letters
        self._sites = sites
        self._starts = [s.start for s in sites]

    def decide(self) -> None:
        """Choose the character of every 'mark' site from its context, pairing quotes per paragraph."""
        t = self.text
        sites = self._sites
        stack: List[str] = []
        guillemets: List[int] = []  # the open « of the paragraph (apart: a “ inside pairs on its own)
        line_end = -1
        tally = _LineTally()  # the decided sites of the line so far (_spaced_quote)
        previous: Optional[Site] = None
        for site in sites:
            if site.start > line_end:
                stack, guillemets, tally = [], [], _LineTally()
                line_end = self.doc.line_end(site.start)
            elif previous is not None:
                tally.add(previous, t)
            previous = site
            if site.kind == "close-swallowed":
                if stack and stack[-1] == LSQ:
                    site.after = APOS + " "
                if stack:
                    stack.pop()
                continue
            if site.kind == "fixed" and site.after in (LDQ, LSQ, "\u201e"):
                stack.append(LSQ if site.after == LSQ else LDQ)  # an opener the bytes named (`â œYes`)
                continue
            if site.kind not in ("mark", "close", "ctx-close", "dash", "maybe-close", "spaced"):
                continue
            L, R = _kind_before(t, site.start), _kind_after(t, site.end)
            if site.kind in ("close", "ctx-close"):
                if stack and stack[-1] == LSQ:
                    site.after = APOS
                    stack.pop()
                else:
                    site.after = RDQ
                    if stack:
                        stack.pop()
                continue
            if site.kind in ("mark", "dash") and L == "space" and R in ("space", "end"):
                quote = self._spaced_quote(site, R, stack, tally)
                if quote is not None:
                    site.kind, site.after, site.confidence = "mark", quote, min(site.confidence, 0.7)
                    continue
                if R == "end" and _after_sentence(t, site.start):
                    # `done. �` ends a line: no dash stands there (a ? there is a real question)
                    site.after, site.flag = None, t[site.start] == FFFD
                    continue
            if site.kind == "dash":
                site.after = self.doc.dash()
                continue
            if site.kind == "spaced":
                site.after = self._guillemet(site, L, R, guillemets)
                continue
            if site.kind == "maybe-close":
                if stack and self.doc.english and R == "space" and self._plural_possessive(site) and self._later_closer(site):
                    site.after = APOS  # `“the witnesses? views … crime,? she added`: the quote closes later
                elif stack:
                    site.after = RDQ if stack[-1] == LDQ else APOS
                    stack.pop()
                elif self.doc.english and R == "space" and self._plural_possessive(site):
                    site.after = APOS  # `the hostages? release`: a possessive before a small word
                else:
                    site.after = None  # a real question mark
                    site.flag = False
                continue
            site.after, site.confidence = self._mark(site, L, R, stack, site.confidence)
        # Quotes chosen by context follow the document's habit (the bytes did not name them).
        chosen = [s for s in sites if s.kind in ("mark", "maybe-close", "ctx-close") and s.after in (LDQ, RDQ)]
        if chosen:
            style = self.doc.double_quotes()
            diagnostic: dict = {}  # line start -> whether the line is a compiler's diagnostic (read once)
            for site in chosen:
                start = self.doc.line_start(site.start)
                if start not in diagnostic:
                    diagnostic[start] = _DIAGNOSTIC.match(t, start, self.doc.line_end(start)) is not None
                if diagnostic[start]:
                    site.after = LSQ if site.after == LDQ else APOS  # GCC quotes names with ‘…’
                elif style != LDQ + RDQ:
                    site.after = style[0] if site.after == LDQ else style[1]

    def _spaced_quote(self, site: Site, R: str, stack: List[str], tally: "_LineTally") -> Optional[str]:
        """A quote set off by spaces on both sides (`of “ bird fancier’s lung. ” But`), where
        a dash would be read. It closes the open quote right after a closed quote (`culture.’ ”`),
        or after sentence punctuation when the opener was set off too (a dash seldom follows
        a full stop); it opens one when no quote is open, the line starts a sentence, and the
        next mark closes a quote after punctuation (`lung. ?`, `the Stars.?`): a closer needs
        an opener. None: a dash."""
        t = self.text
        before = t[site.start - 2:site.start - 1] if site.start >= 2 else ""
        if stack:
            if before in PLACEHOLDERS + "\u00e2" + RDQ + APOS or (
                    _after_sentence(t, site.start) and self._spaced_opener_before(site)):
                return RDQ if stack.pop() == LDQ else APOS
            return None
        line_start = self.doc.line_start(site.start)
        if R != "space" or not _opens_sentence(t, line_start) or not tally.settled():
            return None
        nxt = self._next_mark(site)
        if nxt is None:
            return None
        L2, R2 = _kind_before(t, nxt.start), _kind_after(t, nxt.end)
        glued = L2 == "punct" and R2 in ("space", "end", "punct", "close")
        spaced = (L2 == "space" and R2 in ("space", "end") and _after_sentence(t, nxt.start)
                  and nxt.start - 2 != site.start)  # (`entry ? ? Don’t`: a dash, then a quote)
        if glued or spaced:
            stack.append(LDQ)
            return LDQ
        return None

    def _spaced_opener_before(self, site: Site) -> bool:
        """Whether the last opening quote before the site on its line is set off by a space
        (`“ bird … lung. ”`): only that style sets the closer off too (`dinner. … Our`)."""
        t = self.text
        line_start = self.doc.line_start(site.start)
        i = bisect.bisect_left(self._starts, site.start) - 1
        while i >= 0 and self._sites[i].start >= line_start:
            other = self._sites[i]
            if other.after in (LDQ, LSQ):
                return _kind_after(t, other.end) == "space"
            i -= 1
        return False

    def _later_on_line(self, site: Site) -> Iterator[Site]:
        """The sites after `site` on its line, in order."""
        end = self.doc.line_end(site.end)
        for k in range(bisect.bisect_right(self._starts, site.start), len(self._sites)):
            if self._sites[k].start >= end:
                return
            yield self._sites[k]

    def _next_mark(self, site: Site) -> Optional[Site]:
        """The next site on the line that is not glued between letters (an apostrophe)."""
        t = self.text
        return next((other for other in self._later_on_line(site)
                     if not (_kind_before(t, other.start) == "word" and _kind_after(t, other.end) == "word")), None)

    def _plural_possessive(self, site: Site) -> bool:
        """`hostages? release`: a plural (its singular a common English word) and a `?`
        before a plain small word; `ourselves? pic.twitter.com` is a question."""
        t = self.text
        left = _word_before(t, site.start)
        if len(left) < 3 or left[-1] not in "sS" or left[-2] in "sS" or _wordfreq() is None:
            return False
        right = re.match(r" [a-z]+(?=[\s,;:]|\.(?![^\W\d_]))", t[site.end:site.end + 40])
        return right is not None and self.doc.known(left[:-1], ["en"]) >= 1e-6

    def _guillemet(self, site: Site, L: str, R: str, open_marks: List[int]) -> Optional[str]:
        """A placeholder set off by spaces in French text: « or », or a spaced dash.

        » closes an open «. « opens before a word when a closing position follows in the
        paragraph and either stands where a dash cannot (at a line or sentence start, after a
        colon; the closer before punctuation or the line's end). Two marks between words
        (`part � enfin � demain`) are dashes: both readings are common, the dash is the
        spaced one's habit. Nothing (flagged) where no word follows.
        """
        t = self.text
        opens = R == "space" and _kind_after(t, site.end + 1) == "word"
        closes = L == "space" and _kind_before(t, site.start - 1) in ("word", "punct")
        if closes and open_marks:
            open_marks.pop()
            return GUILLEMETS[1]
        closer = self._spaced_closer_after(site) if opens else None
        if closer is not None:
            before = t[max(0, site.start - 20):site.start].rstrip(" ")[-1:]
            if L in ("start", "open") or before in ":.!?" or _kind_after(t, closer.end) in ("punct", "end"):
                open_marks.append(site.start)
                return GUILLEMETS[0]
        return self.doc.dash() if opens and closes else None

    def _spaced_closer_after(self, site: Site) -> Optional[Site]:
        """The next spaced placeholder in the paragraph that can close « (a word, a space, then it)."""
        t = self.text
        return next((other for other in self._later_on_line(site)
                     if other.kind == "spaced" and _kind_before(t, other.start - 1) in ("word", "punct")), None)

    def _later_closer(self, site: Site) -> bool:
        """A closing position later in the paragraph that no later opening one takes: the
        open quote is closed there, so an `s` + mark before it is a plural possessive
        (`“the witnesses’ views … ‘accurate’ … crime,” she added`)."""
        t = self.text
        depth = 0  # quotes opened after the site, not yet closed
        for other in self._later_on_line(site):
            if other.kind not in ("mark", "close", "close-swallowed", "ctx-close", "maybe-close"):
                continue
            L, R = _kind_before(t, other.start), _kind_after(t, other.end)
            if L == "word" and (self.doc.dropped_g(other.start) or self.doc.suspended_hyphen(other.end)):
                continue  # Nothin’ But: an apostrophe, no closer
            if other.kind != "mark" or (L in ("word", "punct") and R in ("space", "end", "punct", "close", "mark")):
                if not depth:
                    return True
                depth -= 1
            elif L in ("start", "space", "open") and R in ("word", "open"):
                depth += 1
        return False

    def _between_letters(self, site: Site, conf: float) -> Tuple[str, float]:
        """A mark glued between letters: an apostrophe, a hyphen, a dash or a range."""
        t = self.text
        left, right = _word_before(t, site.start), _word_after(t, site.end)
        # (â is a letter to str.isalpha: the words end at the next bare mark, endâtoâend)
        left, right = left.rpartition("\u00e2")[2], right.partition("\u00e2")[0]
        if left[-1:].isdigit() and right[:1].isdigit():
            return NDASH, conf
        placeholder = t[site.start] in PLACEHOLDERS and site.end - site.start == 1
        stray = placeholder and t[site.start] == FFFD and self.doc.stray_fffd  # (only what the word says)
        if _SUFFIX_RE.match(t, site.end):
            return APOS, conf
        if left.lower() in _ELISIONS and (not placeholder or left == "O" or (
                self.doc.eliding() and t[site.end].lower() in _ELISION_NEXT)):
            return APOS, conf
        if t[site.start] == "\u00e2" and self._chained(site.start - len(left), site.end + len(right)):
            return HYPHEN, min(conf, 0.7)  # endâtoâend, upâtoâdate: marks that chain words are hyphens
        if self.doc.english and len(left) > 1 and len(right) > 1 and not stray and _wordfreq():
            if _freqs("en", "small").get(left.lower()) and _freqs("en", "small").get(right.lower()):
                return MDASH, min(conf, 0.65)
        if placeholder and site.start in self.letters.word_apostrophes:
            return APOS, min(self.ev.strength(), self.letters.word_apostrophes[site.start])  # Syi’ah: a word with it
        if not stray and self.doc.hyphenated(left, right):
            return HYPHEN, min(conf, 0.75)
        if placeholder and not stray and self._letters_survived:
            return APOS, min(conf, 0.65)  # Mu?awiyah, De?Broski: the damage spared the letters
        if placeholder:
            return APOS, min(conf, 0.5)  # a letter no dictionary word explains, or an apostrophe
        if self._unspaced_dash(site, left, right):
            return MDASH, min(conf, 0.7)
        return APOS, min(conf, 0.8)

    def _unspaced_dash(self, site: Site, left: str, right: str) -> bool:
        """Whether a bare â glued between two words is an unspaced em dash
        (`Facebookingâuntil`, `sceneâa montage`), not an apostrophe: no contraction suffix
        or elision follows (checked before), both sides are words of the document's language,
        and the word list does not know them joined by an apostrophe (o’clock, Qur’an).
        A one-letter right side counts only as the English article before a small word."""
        if len(left) < 3 or not left.isalpha() or not right.isalpha() or _wordfreq() is None:
            return False
        if len(right) == 1 and not (self.doc.english and right == "a" and _before_small_word(self.text, site.end + 1)):
            return False
        if self.doc.known(left + "'" + right):
            return False
        return self.doc.known(left) > 0 and self.doc.known(right) > 0

    def _chained(self, start: int, end: int) -> bool:
        """Whether the words around a bare â (t[start:end]) are chained to a third word by
        another bare â glued between letters (endâtoâend)."""
        t = self.text
        before = start >= 2 and t[start - 1] == "\u00e2" and t[start - 2].isalpha() and t[start - 2] != "\u00e2"
        after = end + 1 < len(t) and t[end] == "\u00e2" and t[end + 1].isalpha() and t[end + 1] != "\u00e2"
        return before or after

    def _mark_then_gap(self, end: int) -> bool:
        """Whether the damage mark at t[end] is a lone closer (a space, punctuation or the end
        after it): then the mark before it, glued to a word, is no possessive (a possessive
        is followed by its noun) but a dash that breaks the quote off."""
        t = self.text
        site = self._site_at(end)
        return site is not None and _kind_after(t, site.end) in ("space", "end", "punct")

    def _site_at(self, start: int) -> Optional[Site]:
        k = bisect.bisect_left(self._starts, start)
        return self._sites[k] if k < len(self._sites) and self._starts[k] == start else None

    @cached_property
    def _letters_survived(self) -> bool:
        """Whether the damage spared the document's letters (Document.letters_survived)."""
        return self.doc.letters_survived(bool(self.letters.as_letters))

    def _mark(self, site: Site, L: str, R: str, stack: List[str], conf: float) -> Tuple[Optional[str], float]:
        t = self.text
        if R == "word" and t[site.end] == "\u00e2" and self._site_at(site.end) is not None:
            R = "mark"  # (â is a letter to str.isalnum: `Marinesââ The` is two marks)
        if L == "word" and R == "word":
            return self._between_letters(site, conf)
        if L in ("start", "space", "open", "punct") and R in ("word", "open"):
            if L != "punct" and re.match(r"(?:em|tis|twas|cause|til|n|[0-9]0s)(?![^\W\d_])", t[site.end:site.end + 5]):
                return APOS, conf
            suffix = _SUFFIX_RE.match(t, site.end) if self.doc.english and L in ("punct", "space") else None
            if suffix and t[suffix.end():suffix.end() + 1] not in PLACEHOLDERS + "\u00e2":
                return APOS, min(conf, 0.75)  # `the U.K.’s`, `NPR ’s`: no word is s or ll alone (but “s”)
            if L != "punct" and site.end - site.start == 1 and self.doc.spanish():
                inverted = _inverted_mark(t, site.end)
                if inverted:
                    return inverted, conf
            if t[site.start] == "?":
                stack.clear()  # a ? quote left open was a real question mark: no nesting
            q = LSQ if stack and stack[-1] == LDQ else LDQ
            stack.append(q)
            if t[site.start] == FFFD and self.doc.stray_fffd:
                return q, min(conf, 0.5)  # (flagged: Anders �gard is Øygard)
            return q, conf
        if L in ("word", "punct") and R in ("space", "end", "punct", "close", "mark"):
            if (L == "word" and R == "mark" and t[site.start] == "\u00e2" and not (stack and stack[-1] == LSQ)
                    and self._mark_then_gap(site.end)):
                return MDASH, min(conf, 0.7)  # `Marinesââ The`: a dash breaks off, the quote closes
            if L == "word" and not stack and self.doc.suspended_hyphen(site.end):
                return HYPHEN, min(conf, 0.75)  # (with a quote open: „Mehrkosten“ und)
            if L == "word" and self.doc.dropped_g(site.start):
                return APOS, min(conf, 0.75)  # “Takin’ It to the Streets”: no quote closes there
            left = _word_before(t, site.start)
            if stack and L == "word" and R == "space" and left[-1:] in "sS" and self._later_closer(site):
                return APOS, min(conf, 0.8)  # the voters’ decision ... made it.”
            if stack:
                q = stack.pop()
                return (RDQ if q == LDQ else APOS), conf
            left = _word_before(t, site.start)
            if L == "punct" or R == "end":
                return RDQ, min(conf, 0.8)
            if left.endswith(("s", "S")) or left[-2:] in ("in",):
                return APOS, min(conf, 0.75)
            return RDQ, min(conf, 0.7)
        if L == "start" and _TWEET_CREDIT.match(t, site.end):
            return MDASH, conf  # — Name (@handle) November 19, 2019: an embedded tweet's credit
        if L in ("space", "start") and R in ("space", "end"):
            return self.doc.dash(), conf
        if L == "word" and R == "open":
            return self.doc.dash(), min(conf, 0.6)
        if L in ("start", "space", "open") and R == "punct":
            q = LDQ
            stack.append(q)
            return q, min(conf, 0.55)
        return None, conf


# A compiler's diagnostic line (GCC, Clang: `file.c:5:3: error: ‘x’ undeclared`, `In function
# ‘main’:`): its quotes are single ones, whatever the document's habit.
_DIAGNOSTIC = lazyre.compile(r"[^\n]*?(?:[\w.\-/]+:\d+(?::\d+)?: (?:fatal error|error|warning|note): |[\w.\-/]+: In (?:function|member function|constructor|instantiation of) )")
