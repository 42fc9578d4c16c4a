"""Where lossy damage is never read: code, addresses and markup inside prose.

A `?` in `TOS?hl=de`, `answer.py?answer=1`, `(?P<name>`, `%(A=B?T:E)` or a less(1)
prompt is the text's own character, not a lost byte; a `â` or `Ã` in a path or an
identifier is no better evidence. The lossy rules neither count evidence nor propose a
repair inside such a token: a whitespace-delimited run holding a URL scheme, an e-mail
address, a path, a domain or file name with a query, an identifier (snake_case, a call
`name(`), or a character that prose does not glue to words (`% \\ = { } < > | (?`).
Backtick code spans are masked whole (they may hold spaces). On a line of code (an operator
prose does not write, or the conditional `a ? b : c`) every `?` is code's own: a conditional,
a regex, a query or a literal (`if op == "search?key":`), never a lost character.

>>> text = "See https://x.org/TOS?hl=de or answer.py?answer=1, and don?t."
>>> [text[a:b] for a, b in code_spans(text)]
['https://x.org/TOS?hl=de', 'answer.py?answer=1,']
>>> blank_spans("a `b c` d", code_spans("a `b c` d"))
'a       d'
>>> code = 'if op == "search?key":\\n    x = a ? b : c\\nWhy? I don?t know.'
>>> [code[a:b] for a, b in code_marks(code)]
['?', '?']
"""

from __future__ import annotations

import re
from typing import Iterator, List, Tuple
from ... import lazyre

# A character or sequence that marks the token holding it as code, not prose.
_TRIGGER = lazyre.compile(
    r"://"                                   # a URL's scheme
    r"|www\."                                # a URL without one
    r"|[%\\={}<>|`]"                         # format strings, escapes, assignments, markup
    r"|\(\?"                                 # a regex group (?P<…>, (?:…)
    r"|(?<=\w)_|_(?=\w)"                     # snake_case identifiers, __dunder__
    r"|[^\W\d_]\((?=\S)"                     # a call glued to its name: m(file
    r"|(?<=\w)@[\w-]+\.[A-Za-z]"             # an e-mail address
    r"|[a-z0-9]\.[a-z]{2,6}(?:/|[?#](?=\w))"  # a domain or file name with a path or query
    r"|(?:(?<!\S)|[~.])/(?=[\w.])"           # a path from the root, ./ ../ ~/
    r"|\w/[\w.-]+/"                          # a path of two or more steps
)
_BACKTICKS = lazyre.compile(r"`[^`\n]+`")
_TOKEN_REST = lazyre.compile(r"\S*")
# A quote that lost its bytes to placeholders (`â??`) wrapping a code token is prose, not
# code: a compiler's `In function â??sec_pathâ??:` quotes the identifier (trimmed off the span).
_WRAP_OPEN = lazyre.compile("(?:\u00e2[?\ufffd]{2})+")
_WRAP_CLOSE = lazyre.compile("\u00e2[?\ufffd]{2}[^\\w\u00e2]*$")


def code_spans(text: str) -> List[Tuple[int, int]]:
    """The spans of `text` that are code: whole tokens holding a trigger, and backtick code
    spans; sorted and disjoint. Linear: each trigger inside a token already found is skipped,
    and a token's start is read back no further than the previous span's end."""
    spans: List[Tuple[int, int]] = []
    for m in _BACKTICKS.finditer(text) if "`" in text else ():
        spans.append(m.span())
    end = 0
    tokens: List[Tuple[int, int]] = []
    for i in _trigger_starts(text):
        if i < end:
            continue  # inside the token found last
        start = i
        while start > end and not text[start - 1].isspace():
            start -= 1
        end = _TOKEN_REST.match(text, i).end()
        tokens.append(_unwrapped(text, start, end, i))
    return merge_spans(spans + tokens) if spans else tokens


# Every trigger holds one of these at its start or right after it (`m(`, `a.com/`, `a/b/`),
# or is `www.`: where _TRIGGER is tried, instead of at every character. A `:` `(` `.` only
# where a trigger can hold it (`://`, `(?`, a letter's `m(x`, `.a` `./`, `www.`; a trigger
# character before it is tried at its own place): the sentence ends and colons of prose,
# each tried twice in Python, were most of code_spans' time.
_TRIGGER_CHAR = lazyre.compile(r"[:%\\={}<>|`(_@/~.](?:(?<=[%\\={}<>|`_@/~])|(?<=:)(?=//)|(?<=\()(?=\?)"
                           r"|(?<=[^\W\d_]\()(?=\S)|(?<=\.)(?=[a-z/])|(?<=www\.))")  # (a class first: skipped to in C)


def _trigger_starts(text: str) -> Iterator[int]:
    """Where _TRIGGER matches, left to right, at least the leftmost place of each token:
    what code_spans reads of `_TRIGGER.finditer` (its matches hold no space, and a token's
    later matches are skipped), found from the characters every match holds."""
    last = -1
    for m in _TRIGGER_CHAR.finditer(text):
        q = m.start()
        for p in (q - 3, q - 1, q) if text.startswith("www", q - 3) and q >= 3 else (q - 1, q):
            if p > last and p >= 0 and _TRIGGER.match(text, p) is not None:
                last = p
                yield p


def _unwrapped(text: str, start: int, end: int, trigger: int) -> Tuple[int, int]:
    """The token text[start:end] without the damaged quotes around it (`â??x_yâ??:` -> `x_y`),
    when the trigger at `trigger` lies between them."""
    m = _WRAP_OPEN.match(text, start, end)
    if m is not None and m.end() <= trigger:
        start = m.end()
    m = _WRAP_CLOSE.search(text, trigger, end)
    if m is not None:
        end = m.start()
    return start, end


def merge_spans(spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Sorted, overlapping spans joined."""
    merged: List[Tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def blank_spans(text: str, spans: List[Tuple[int, int]]) -> str:
    """The text with every span turned into spaces (same length: offsets stay), for the
    evidence counts, which must not see what lies inside code."""
    if not spans:
        return text
    parts = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(" " * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


# What only a line of code writes: comparison, logic and update operators, a member access
# glued to its operands (`$ar->[1]`, `B::AV`), a pair (`'key' => 1`), an assignment to a
# name (`x = y`), a line ending in a brace or in `);` `];`. (Not a spaced `->`, an arrow
# in prose's `Settings -> Privacy`, nor a bare `;` at a wrapped line's end.)
_CODE_LINE = lazyre.compile(
    r"[=!]==?|&&|\|\||[-+*/%|&^]=(?!=)|[<>]=|=>"
    r"|[\w)\]]->[\w\[{$(]|\w::\w"
    r"|[\w)\]] =[ \t]+[^\s=]"  # (a name, a call or a subscript assigned to; a URL's `?a=1` is no line of code)
    r"|[{}][ \t]*$|[)\]];[ \t]*$", re.M)
# The conditional operator on one line (`a ? b : c`): a spaced `?` (after a space or at the
# line's start) and, from the space after it on, a spaced `:` (_conditional).
_SPACED_Q = lazyre.compile(r"(?<!\S)\?\s")
_SPACED_COLON = lazyre.compile(r"\s:(?:\s|$)")
# ... or over two: a line opening with `? ` before one opening with `: ` (Perl, JavaScript).
_TERNARY_LINES = lazyre.compile(r"^[ \t]*\?[ \t][^\n]*\n(?:[ \t]*\n)*[ \t]*:[ \t]", re.M)
_QMARK = lazyre.compile(r"\?")


def code_marks(text: str) -> List[Tuple[int, int]]:
    """The spans of the `?` that stand on a line of code (_CODE_LINE, a conditional): code's
    own, in any document, so that they neither count as damage nor are repaired. Read only
    on the lines that hold a `?`."""
    spans: List[Tuple[int, int]] = []
    line_end = -1
    code = False
    for m in _QMARK.finditer(text):
        i = m.start()
        if i > line_end:
            line_start = text.rfind("\n", 0, i) + 1
            line_end = text.find("\n", i)
            if line_end < 0:
                line_end = len(text)
            code = (_CODE_LINE.search(text, line_start, line_end) is not None
                    or _conditional(text, line_start, line_end)
                    or _TERNARY_LINES.match(text, line_start) is not None)
        if code:
            spans.append((i, i + 1))
    return spans


def _conditional(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (a line) holds a conditional `a ? b : c`: a spaced `?`, and a
    spaced `:` after the space that follows it. The first such `?` decides (a `:` after a later
    one is after it too): two searches, linear however many `?` a long line holds.
    >>> _conditional("x = a ? b : c", 0, 13), _conditional("Why ? not: this", 0, 15)
    (True, False)
    """
    q = _SPACED_Q.search(text, start, end)
    return q is not None and _SPACED_COLON.search(text, q.end(), end) is not None
