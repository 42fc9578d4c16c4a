"""Opt-in normalisations (`normalize.*`): they change correct text, so they never run by default.

>>> from textfix import clean
>>> clean("“ﬁne”", select=["normalize"]).text
'"fine"'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterator

from ..model import Change
from ..pipeline import Context, Filter, Rule
from .spans import char_edits, segments


class _PerCharacter(Filter):
    """Replace each run of characters matched by `pattern` with `convert(run)`."""

    pattern: re.Pattern
    convert: Callable[[str], str]

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        rule = self.rules[0]
        for m in self.pattern.finditer(text):
            after = type(self).convert(m.group())
            if after != m.group():
                yield Change(rule.id, m.start(), m.end(), m.group(), after, 1.0, rule.description)


def _uncurl(run: str) -> str:
    from ftfy.fixes import uncurl_quotes

    return uncurl_quotes(run)


def _expand_ligatures(run: str) -> str:
    from ftfy.fixes import fix_latin_ligatures

    return fix_latin_ligatures(run)


def _fold_width(run: str) -> str:
    from ftfy.fixes import fix_character_width

    return fix_character_width(run)


class UncurlQuotes(_PerCharacter):
    """Curly quotes and apostrophes become straight ones: `“It’s”` -> `"It's"`."""

    rules = (Rule("normalize.uncurl-quotes", "curly quotes made straight", default=False),)
    pattern = re.compile("[\u02bc\u2018-\u201f]+")
    convert = staticmethod(_uncurl)


class ExpandLigatures(_PerCharacter):
    """Latin ligature characters become their letters: `ﬁ` -> `fi`."""

    rules = (Rule("normalize.ligatures", "Latin ligatures expanded", default=False),)
    pattern = re.compile("[\u0132\u0133\u0149\u01c4-\u01cc\u01f1-\u01f3\ufb00-\ufb06]+")
    convert = staticmethod(_expand_ligatures)


class FoldWidth(_PerCharacter):
    """Fullwidth Latin and halfwidth Katakana become standard width: `ＡＢＣ` -> `ABC`."""

    rules = (Rule("normalize.width", "fullwidth and halfwidth forms folded", default=False),)
    pattern = re.compile("[\u3000\uff01-\uffef]+")
    convert = staticmethod(_fold_width)


class UnicodeNFC(Filter):
    """Unicode NFC: a letter followed by a combining mark becomes one precomposed character."""

    rules = (Rule("normalize.nfc", "Unicode NFC normalisation", default=False),)

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        if unicodedata.is_normalized("NFC", text):
            return
        rule = self.rules[0]
        for offset, segment in segments(text):
            fixed = unicodedata.normalize("NFC", segment)
            if fixed != segment:
                for start, end, after in char_edits(segment, fixed):
                    yield Change(rule.id, offset + start, offset + end, segment[start:end], after, 1.0, rule.description)


class LineBreaks(_PerCharacter):
    """CRLF, CR and Unicode line separators become `\\n`."""

    rules = (Rule("normalize.line-breaks", "line breaks made \\n", default=False),)
    pattern = re.compile("\r\n|[\r\u2028\u2029\u0085]")
    convert = staticmethod(lambda run: "\n")
