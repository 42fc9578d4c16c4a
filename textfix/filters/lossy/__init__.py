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

The package, along its seams: chars.py (the damage characters and rule ids), code.py (code
spans, left alone), document.py (the text's facts: prose, language, lines), evidence.py (the
signs counted once, frozen), letters.py, grave.py, punctuation.py, quotes.py (the rules, reading the
document and its evidence, handing their results on explicitly), language.py and
context.py (the language and a site's surroundings).
"""

from __future__ import annotations

import re
from typing import Iterator, List

from ...model import Change
from ...pipeline import Context, Filter, Rule, Scan
from .chars import BARE, DROPPED, LETTER, PLACEHOLDER, SINGLE, SWALLOWED
from .context import Site, _snippet
from .document import Document
from .evidence import (_ANY_Q_EVIDENCE, _EVIDENCE_RE, Evidence, _evidence_scanner, _has_evidence_chars,
                       cannot_show_evidence, read_evidence)
from .language import LANGUAGES, detect_language  # noqa: F401 (the package's API: tests and benches read them here)
from .grave import GraveA
from .letters import NO_LETTERS, Letters
from .punctuation import Punctuation
from .quotes import Pairing

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
        if not _has_evidence_chars(text, text.isascii()):
            return
        if _mostly_latin1(text):
            ctx.flag_once(LETTER, "most letters are Latin-1's À-ÿ: an 8-bit text (Cyrillic, Greek...) read as "
                                  "Latin-1, not lost bytes; left as is")
            return
        if cannot_show_evidence(text):  # (a lone `w?a` in a long manual: no code spans, no language)
            return
        doc = Document(text)
        ev = read_evidence(doc)
        if not ev.any_evidence():
            return
        for site in _solve(doc, ev):
            if not ctx.enabled(site.rule):
                continue
            if site.after is None or site.after == text[site.start:site.end]:
                if site.reason and site.flag:
                    ctx.flag_once(site.rule, f"not repaired: {_snippet(text, site.start, site.end)}: {site.reason}")
                continue
            yield Change(site.rule, site.start, site.end, text[site.start:site.end], site.after,
                         round(site.confidence, 2), site.reason)


# A text whose letters are mostly À-ÿ is 8-bit text of another alphabet read as Latin-1
# (cp1251 Russian: Ëþäè â Ãðîóâëåíäå); no language writes so (UDHR: at most 30%, Yoruba).
MAX_LATIN1_LETTERS = 0.6
_LETTER_RE = re.compile(r"[^\W\d_]")
_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
# The bytes of a Latin-1 encoding that are no À-ÿ letter (× and ÷ are none): the letters
# À-ÿ of a text are counted in C as the bytes its Latin-1 encoding keeps besides these.
_NOT_LATIN1_LETTERS = bytes(b for b in range(256) if not (0xC0 <= b <= 0xFF and b not in (0xD7, 0xF7)))


def _mostly_latin1(text: str) -> bool:
    """Whether À-ÿ are MAX_LATIN1_LETTERS or more of the letters of the text's first 20,000
    characters. ASCII letters are letters too and are counted in C (bytes.translate): a text
    whose À-ÿ fall short of the share of them and the ASCII ones (a French, Portuguese or
    Romanian page) is decided without a pass of the letter class over it.
    >>> _mostly_latin1("Ëþäè â Ãðîóâëåíäå"), _mostly_latin1("Ça a été très bien"), _mostly_latin1("12 ?")
    (True, False, False)
    """
    head = text[:20000]
    latin1 = len(head.encode("latin-1", "ignore").translate(None, _NOT_LATIN1_LETTERS))
    if not latin1:
        return False
    ascii_letters = len(head.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
    if latin1 < MAX_LATIN1_LETTERS * (ascii_letters + latin1):  # (a share of fewer letters than all)
        return False
    return latin1 / len(_LETTER_RE.findall(head)) >= MAX_LATIN1_LETTERS




def _solve(doc: Document, ev: Evidence) -> List[Site]:
    """The sites of one document: letters first, then punctuation, left to right, none
    inside code or another site; then the characters context chooses (quotes.py)."""
    sites: List[Site] = []
    taken = bytearray(len(doc.text))
    for start, end in doc.code:  # nothing is read inside code (code.py)
        taken[start:end] = b"\x01" * (end - start)

    def add(site: Site):
        if any(taken[site.start:site.end]):
            return
        for i in range(site.start, site.end):
            taken[i] = 1
        sites.append(site)

    damaged = ev.damaged()
    letters = Letters(doc, ev)
    # 1. Letters: words holding a lead byte without its continuation, or placeholders.
    reading = letters.read() if damaged or ev.q_letters >= 1 and ev.q_damage() else NO_LETTERS
    for site in reading.sites:
        add(site)
    grave = GraveA(doc, ev)
    if ev.bare_evidence:
        for site in grave.capital_a_sites():
            add(site)
    if ev.bare_evidence or ev.letter_evidence:  # C1 controls stripped
        for site in grave.final_a_grave_sites():
            add(site)
    # 2. Punctuation sites, left to right.
    for site in Punctuation(doc, ev).sites(damaged):
        add(site)
    sites.sort(key=lambda s: s.start)
    Pairing(doc, ev, sites, reading).decide()
    return sites
