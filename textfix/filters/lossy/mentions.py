"""A placeholder mark that names itself: prose about the characters, not a lost one.

Documentation writes about `?` and U+FFFD: "a ? with an empty query", "the ? after the
name", "each ? in the pattern", "U+FFFD � REPLACEMENT CHARACTER", "a trailing ? mark", "the
wildcards * and ? apply". A mark set off by spaces after an article, beside a word that
names a character, or joined by "and"/"or" to another symbol, is the character mentioned (a
noun), never a lost dash: no dash follows an article or stands in a list of symbols, and a
lost dash is not named. Such a mark neither counts as damage nor is repaired.

>>> text = "e.g. a ? with an empty query; U+FFFD \ufffd REPLACEMENT CHARACTER; airline ? the"
>>> [text[a:b] for a, b in mention_spans(text)]
['?', '\ufffd']
>>> text = "Only the wildcards * and ? apply; ? or [ too; pay ? and go"
>>> [text[a - 2:b + 2] for a, b in mention_spans(text)]
['d ? a', '; ? o']
"""

from __future__ import annotations

from typing import List, Tuple

from ... import lazyre

# A symbol a text lists beside the mark ("the wildcards * and ?"): one character alone, not
# a word, a quote or a dash (which a lost mark can stand beside).
_SYMBOL = r"[*+^$|\\\[\]{}<>=~%#@&/]"

# The mark after an article or a determiner that stands before a noun (lower case; capitals
# only where they begin a sentence: "Plan A ? the" and "Formula One ? a" are lost dashes),
# after a code point, or before a word that names a character.
_MENTION = lazyre.compile(
    r"(?:(?<![^\W\d_])(?:a|an|the|each|every|The|An|Each|Every)|U\+[0-9A-Fa-f]{4,6})[ \t]+([?\ufffd])(?=[ \t]|$)"
    r"|(?<=[ \t])([?\ufffd])[ \t]+(?i:characters?|chars?|marks?|signs?|symbols?|glyphs?|replacement)(?![^\W\d_])"
    r"|(?<![^ \t])" + _SYMBOL + r"[ \t]+(?:and|or)[ \t]+([?\ufffd])(?=[ \t,.;:]|$)"
    r"|(?<=[ \t])([?\ufffd])[ \t]+(?:and|or)[ \t]+" + _SYMBOL + r"(?=[ \t,.;:]|$)",
    flags=0)


def mention_spans(text: str) -> List[Tuple[int, int]]:
    """The spans of the marks of `text` that are mentions of the character, in order."""
    if "?" not in text and "\ufffd" not in text:
        return []
    return [m.span(m.lastindex) for m in _MENTION.finditer(text)]  # (each alternative holds one group: the mark)
