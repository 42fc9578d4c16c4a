"""A character encoded twice or more whose last byte was lost before a space, which ftfy
reads as a lost no-break space (A0): the mojibake step's edits mended where that reading
makes a typographic space of the word gap (`Ã¢â‚¬â€ ` -> U+2006 for —) or eats it (`asàcomo`,
`⚠︠Cannot`, 🤠 for 🤝). See docs/lossy.md (text encoded several times).
"""

from __future__ import annotations

import unicodedata
from typing import Optional

from ..model import Change
from .. import lazyre


# Characters of General Punctuation whose UTF-8 ends in 80-8A: typographic spaces, the
# reading of a lost byte as a no-break space one layer down (A0 -> † -> 86).
_TYPOGRAPHIC_SPACE = lazyre.compile("[\u2000-\u200a]")
# The bytes Windows-1252 leaves undefined: a decoder drops them or shows a space.
_UNDEFINED_C1 = "\x9d\x81\x8d\x8f\x90"


def lost_c1_not_nbsp(text: str, change: Change, fix) -> Change:
    """A doubly encoded character whose last byte was lost before a space: ftfy reads the
    space as a lost no-break space (A0), which one layer down is † (86) and makes a
    six-per-em space eat the word gap (`Ã¢â‚¬â€ ` -> U+2006). The lost byte may as well
    be one Windows-1252 leaves undefined and a decoder drops: 9D, the last byte of ”, one
    layer down 94, which makes the em dash — a character text holds far more often than a
    typographic space. The space is the text's own where a word is spaced from it: after
    a space (`Mesh Ã¢â‚¬â€ wires`), or before a word or more mojibake (`Ã¢â‚¬â€ Robert`
    opening a line, `Ã¢â‚¬â€ Ã¢â‚¬Å“`); otherwise (`"Ã¢â‚¬â€ "`) the space was the byte.
    Each piece of the edit before a space is read so (`Ã¢â‚¬Â Ã¢â‚¬â€ `: ” and —); what
    ftfy made after its typographic space stands for a last piece after the one space.
    """
    before, after = change.before, change.after
    space = _TYPOGRAPHIC_SPACE.search(after)
    if change.rule not in ("mojibake.double-encoding", "mojibake.mixed-utf8") or " " not in before \
            or space is None or _TYPOGRAPHIC_SPACE.search(before):
        return change
    pieces = before.split(" ")
    if not _opens_sequence(before) or len(pieces) > 2 and pieces[-1]:
        return change  # (what ftfy made of a last piece after two spaces is not told apart)
    out, lost = [], []
    for piece in pieces[:-1]:
        read = _with_lost_byte(piece, fix)
        if read is None:
            return change
        out.append(read[0])
        lost.append(read[1])
    following = text[change.end:change.end + 1]
    spaced = text[change.start - 1:change.start] == " " or bool(pieces[-1]) or following.isalnum() \
        or following in _OPENING
    fixed = " ".join(out) + (" " if spaced else "") + (after[space.end():] if pieces[-1] else "")
    return Change(change.rule, change.start, change.end, before, fixed, 0.85,
                  "text encoded as UTF-8 and misdecoded more than once; its last byte, "
                  f"{'/'.join(f'{ord(b):02X}' for b in lost)}, lost before a space (not a no-break space: that "
                  f"would make {space.group()!r})")


def _with_lost_byte(piece: str, fix) -> Optional[tuple]:
    """The piece decoded with one of the bytes Windows-1252 leaves undefined after it, and
    that byte; None when none decodes it whole (printable, no typographic space, no U+FFFD)."""
    for byte in _UNDEFINED_C1:
        fixed = fix(piece + byte)[0]
        if fixed != piece + byte and fixed.isprintable() and not _TYPOGRAPHIC_SPACE.search(fixed) \
                and "\ufffd" not in fixed:
            return fixed, byte
    return None


def gap_not_nbsp(text: str, change: Change, fix) -> Change:
    """Text encoded twice or more whose last pass lost a byte before a word gap
    (`asÃƒÂ como`: í's soft hyphen; `Ã¯Â¸Â Cannot`: the 8F of ⚠'s selector): ftfy takes
    the gap for the lost byte, a no-break space (A0), and makes the character eat it
    (`asàcomo`, `︠Cannot`, 🤠 for 🤝). Where a word follows that space and the piece before
    it decoded alone ends in a lone `Â` (the mark of a byte lost in the last pass, one per
    outer layer), the gap is the text's own: the piece is left decoded as far as its bytes
    allow, for the rules that read lost bytes to decide — the word list between à (whose
    no-break space became the gap: `ÃÂ imprimer`) and a letter (`así`), the emoji rules
    between emoji (flagged when several fit; FE0F after an emoji). Before a second space
    the same where the no-break space made a combining mark, which no symbol takes
    (`Ã¯Â¸Â  Sistema` -> U+FE20)."""
    before, after = change.before, change.after
    following = text[change.end:change.end + 1]
    if change.rule not in ("mojibake.double-encoding", "mojibake.mixed-utf8") or not before.endswith(" ") \
            or before.count(" ") <= after.count(" "):
        return change
    if not _starts_word(following) and not (following == " " and unicodedata.category(after[-1:] or "x")[0] == "M"):
        return change  # (before a second space: only where the no-break space made a mark, `⚠︠ `)
    head = before[:-1]
    if not _opens_sequence(head):
        return change
    partial = fix(head)[0]
    if not partial.endswith("\u00c2") or partial == head or len(partial) > len(head):
        return change
    return Change(change.rule, change.start, change.end - 1, head, partial, change.confidence,
                  "text encoded as UTF-8 and misdecoded more than once; a character whose last byte was lost "
                  "before a word gap (not a no-break space that became it) is left to the rules that read lost bytes")


def _opens_sequence(piece: str) -> bool:
    """Whether an edit's text starts where a sequence does, with a lead byte's glyph (Â-ô):
    an edit cut from ftfy's output inside a run of mojibake (`¯Ã‚Â¸…`) decodes to garbage
    on its own."""
    return "\u00c2" <= piece[:1] <= "\u00f4"


def _starts_word(ch: str) -> bool:
    """Whether a word starts with the character: a letter or digit that is no lead byte's
    glyph (`Ã`, `Ð`, `â`: more mojibake, whose first byte the space may have been)."""
    return ch.isalnum() and not ("\u00c2" <= ch <= "\u00f4")


# Marks that open a quotation or a parenthesis: a word follows them.
_OPENING = "\u201c\u2018\u201e\u00ab\u2039(["
