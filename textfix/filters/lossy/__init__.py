"""Lossy mojibake (`lossy.*`): encoding damage where bytes were lost, restored by context.

ftfy repairs mojibake only when every byte survived. These rules repair what it cannot:

- `lossy.bare-a-circumflex`: UTF-8 read as Latin-1 with the C1 controls stripped. Every
  ’ ‘ “ ” – — (E2 80 xx, xx < A0) became a bare `â`; `â¦` is …, `â¢` is • or ™, `â¬` is €.
- `lossy.dropped-byte`: UTF-8 read as Windows-1252 with the bytes it leaves undefined
  (81 8D 8F 90 9D) dropped: `â€` + nothing is ”.
- `lossy.placeholder`: lost bytes replaced by `?` or U+FFFD: `That?s`, `donâ??t`, `â€�`, `That�s`.
- `lossy.swallowed-space`: ftfy's wrong guesses where a lost byte met a space and the space
  was taken for byte A0: `seats⦠That` (was `seatsâ¦ That`), `⢠item`, `quote†here`, and the
  `⌠` of the first seed; the character and its space are put back.
- `lossy.lost-letter-byte`: an accented letter that lost its second byte (`Ãber`, `StraÃe`,
  `Ã?TAT`), restored from a word-frequency dictionary when one candidate clearly wins.
- `lossy.single-byte-replaced`: single-byte (Windows-1252) text decoded as UTF-8 or ASCII
  with replacement: `caf�`, `f?r`, `Gr??e`, restored from the dictionary the same way.

Evidence gates every repair: a document must show the damage pattern itself (a bare `â`
in an apostrophe position, `â` glued to a capital, `Ã` before a small letter, U+FFFD, `?`
inside words) before anything is proposed, so that correct text with â, Â, Ã, ? is never
touched. Context chooses the character: between letters an apostrophe; at a word's start an
opening quote; at its end a closing one (paired within the paragraph); between spaces a dash
following the document's habit. See docs/lossy.md.

The package, along its seams: screen.py (what a text must hold before the rules read it: the
screen, and the checks made before anything else is loaded), solve.py (one text's repairs: its
document, evidence and sites), chars.py (the damage characters and rule ids), code.py (code
spans, left alone), document.py (the text's facts: prose, language, lines), evidence.py (the
signs counted once, frozen), letters.py, grave.py, punctuation.py, quotes.py (the rules,
reading the document and its evidence, handing their results on explicitly), language.py and
context.py (the language and a site's surroundings), whole.py (a large document's facts read
over its windows, for a run in windows: windows.py).
"""

from __future__ import annotations

from typing import Iterator

from ...model import Change
from ...pipeline import Context, Filter, Rule, Scan
from .chars import BARE, DROPPED, LETTER, PLACEHOLDER, SINGLE, SWALLOWED
from .language import LANGUAGES, detect_language  # noqa: F401 (the package's API: tests and benches read them here)
from .screen import _ANY_Q_EVIDENCE, _EVIDENCE_RE, _evidence_scanner, _has_evidence_chars, _mostly_latin1, cannot_show_evidence

# ------------------------------------------------------------------ the filter

class LossyMojibake(Filter):
    """Encoding damage where bytes were lost: restored by context, gated by evidence.

    >>> from textfix import clean
    >>> clean("Thatâs it: âRed Wallâ seats â often safe.").text
    'That’s it: “Red Wall” seats — often safe.'
    >>> clean("Romanian când, Welsh â, Turkish hâlâ, NÃO, Âge, théâtre").changed
    False
    """

    rules = (
        Rule(BARE, "UTF-8 read as Latin-1 with C1 controls stripped: bare â for quotes, dashes, …, •"),
        Rule(DROPPED, "UTF-8 read as Windows-1252 with undefined bytes dropped: â€ for ”"),
        Rule(PLACEHOLDER, "lost bytes of punctuation replaced by ? or U+FFFD"),
        Rule(SWALLOWED, "a lost byte plus a space read as byte A0 (⦠, ⢠, †): character and space restored"),
        Rule(LETTER, "an accented letter that lost its second UTF-8 byte, restored from a dictionary"),
        Rule(SINGLE, "single-byte text decoded with replacement (caf�, f?r), restored from a dictionary"),
    )

    def screen(self, text: str, scan: Scan) -> bool:
        if not scan.ascii:  # the characters, in the UTF-8 the encoding screens made (one pass)
            scanner = _evidence_scanner()
            if scanner.available() and scanner.found(scan.utf8):
                return True
            if not scanner.available() and _EVIDENCE_RE.search(text) is not None:
                return True
        return "?" in text and _ANY_Q_EVIDENCE.search(text) is not None

    def propose(self, text: str, ctx: Context) -> Iterator[Change]:
        whole = ctx.document(self)  # (a run in windows: the whole document's facts, lossy/whole.py)
        if whole is None and not _has_evidence_chars(text, text.isascii()):
            return
        if _mostly_latin1(text) if whole is None else whole.latin1:
            ctx.flag_once(LETTER, "most letters are Latin-1's À-ÿ: an 8-bit text (Cyrillic, Greek...) read as "
                                  "Latin-1, not lost bytes; left as is")
            return
        if cannot_show_evidence(text) if whole is None else not whole.possible:
            return  # (a lone `w?a` in a long manual: no code spans, no language)
        from .solve import repairs  # (the rules: loaded for a text that may show damage, not at start-up)

        yield from repairs(text, ctx, whole)
