"""À and the letters C3 80-9F whose second byte became a space (`lossy.lost-letter-byte`):
ftfy reads `Ã` + space as à (C3 A0, the space taken for a no-break space), so `à` stands
where À opened a sentence (its 80 stripped), where a letter ended a word (`gemäà dem`: ß
lost its 9F), or where a capital's byte showed as a space (`CRà TICA`: Í lost its 8D).
Restored from the word list of the document's language; à la, déjà, città stay.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator, List, Optional

from .chars import _GRAVE_A_LANGUAGES, LETTER
from .context import Site, _opens_sentence, _word_after, _word_before
from .document import Document
from .evidence import Evidence, lost_bytes
from .language import _fold, _freqs, _wordfreq
from .letters import _lead_confidence
from ... import lazyre


class GraveA:
    """The à rules of one document, reading its facts and its evidence."""

    def __init__(self, doc: Document, ev: Evidence):
        self.doc = doc
        self.ev = ev
        self.text = doc.text

    @cached_property
    def _joined_scores(self) -> dict:
        """(stem, word after) -> _joined_site's scored capitals, met so far in this document."""
        return {}

    @cached_property
    def _lost_capitals(self) -> List[str]:
        """The capitals C3 + a byte the document may have lost stands for (lost_bytes), in
        byte order: read once, not at every `à `."""
        return [c for c in (bytes([0xC3, x]).decode("utf-8") for x in lost_bytes(self.doc, self.ev)) if c.isupper()]

    def capital_a_sites(self) -> Iterator[Site]:
        """`à` opening a sentence in a document whose C1 controls were stripped: À (C3 80)
        lost its 80 and left `Ã` + space, which ftfy reads as à (C3 A0, the space taken
        for a no-break space). A sentence never starts with a small à."""
        t = self.text
        for m in _SENTENCE_A.finditer(t):
            i = m.start()
            if not _opens_sentence(t, i):
                continue
            site = Site(i, i + 1, "letter", LETTER)
            site.after = "\u00c0"
            site.confidence = min(self.ev.strength(), 0.85)
            site.reason = "à opening a sentence: Ã + space was À (C3 80) with its 80 stripped"
            yield site

    def final_a_grave_sites(self) -> Iterator[Site]:
        """`à` ending a word before a space (`gemäà dem`, `Maà an`) in a document whose C1
        controls were stripped: a letter C3 80-9F (ß, Ä, Ü …) lost its second byte and left
        `Ã` + space, which ftfy read as à (C3 A0). Restored from the word list when a letter
        makes a word and the word with à is none (déjà, città stay); or, where the space was
        that lost byte (`CRà TICA`, `"à lvaro"`), when a letter joined to the next word
        makes one (_joined_site)."""
        t = self.text
        if "\u00e0" not in t or _wordfreq() is None:
            return
        langs = self.doc.languages()
        freqs = _freqs(langs[0])
        for m in _A_GRAVE_SPACE.finditer(t):
            stem = _word_before(t, m.start())
            if stem and any(self.doc.known(stem + "\u00e0", [lang]) for lang in _GRAVE_A_LANGUAGES):
                continue  # a word that ends in à (déjà, città, está)
            joined = self._joined_site(m.start(), stem, freqs, langs[0])
            if joined is not None:
                yield joined
                continue
            if not stem or not _FINAL_A_GRAVE.match(t, m.start()):
                continue
            scored = sorted(((freqs.get(_fold(stem + c), 0.0), c) for c in _C3_LOST_LETTERS), reverse=True)
            if not scored[0][0]:
                continue
            site = Site(m.start(), m.end(), "letter", LETTER)
            site.after = scored[0][1]
            site.confidence = min(self.ev.strength(), _lead_confidence(scored[0][0], scored[1][0]))
            site.reason = (f"à ending a word: Ã + space was C3 + a stripped byte; {stem + site.after!r} "
                           f"from the {langs[0]} word list")
            yield site

    def _joined_site(self, i: int, stem: str, freqs: dict, lang: str) -> Optional[Site]:
        """`à` + one space inside a word (`CRà TICA`) or opening one (`"à lvaro"`): Ã whose
        second byte became a space, which ftfy took for a no-break space (A0, à). The byte
        was one a decoder shows as a space (lost_bytes: 81 8D 8F 90 9D where the document
        shows Windows-1252), so the letter is a capital (Á Í Ï Ð Ý) and the space is no
        word gap. Read so only when the letters around, joined by that capital, make a word
        of the document's language far more frequent than the pieces apart (à la, à Paris
        stay: no capital joins them into a word)."""
        t = self.text
        after = _word_after(t, i + 2)
        if not after.isalpha() or not after[:1].isalpha() or (stem and not stem.isalpha()):
            return None
        if stem and not (stem.isupper() and after.isupper()):
            return None  # inside a word only between capitals: no small à stands there
        if not (stem or after.islower() or after.isupper()):
            return None  # (no capital joins a stem-less mixed-case word: no letter to try)
        scored = self._joined_scores.get((stem, after))
        if scored is None:  # (a document repeats its `à la`, `à sa`: each pair scored once)
            scored = sorted(((freqs.get(_fold(stem + c + after), 0.0), c) for c in self._lost_capitals), reverse=True)
            self._joined_scores[(stem, after)] = scored
        if not scored or not scored[0][0]:
            return None
        apart = max(freqs.get(_fold(after), 0.0), freqs.get(_fold(stem), 0.0) if stem else 0.0)
        if scored[0][0] < 10 * apart:
            return None
        site = Site(i, i + 2, "letter", LETTER)
        site.after = scored[0][1]
        second = scored[1][0] if len(scored) > 1 else 0.0
        site.confidence = min(self.ev.strength(), _lead_confidence(scored[0][0], second))
        site.reason = (f"à + space joining {stem!r} and {after!r}: Ã whose second byte became a space; "
                       f"{stem + site.after + after!r} from the {lang} word list")
        return site


# A small à before a space, after a space or an opening mark (_opens_sentence decides the rest).
# (its à first, a literal the engine skips to; a line's start is after a newline, a space)
_SENTENCE_A = lazyre.compile(r"\u00e0(?<![^\s\u00ab\u201c\u201e\"(]\u00e0)(?= )")

# `à` glued to a word's end before a space: C3 80-9F with its second byte stripped (gemäà dem).
_FINAL_A_GRAVE = lazyre.compile(r"(?<=[^\W\d_])\u00e0(?=[ \t])")
# à before a space or a tab: ending a word, or alone (_joined_site).
_A_GRAVE_SPACE = lazyre.compile(r"\u00e0(?=[ \t])")

# The letters C3 80-9F stand for (À … ß; × is no letter).
_C3_LOST_LETTERS = [ch for ch in bytes(range(0xC0, 0xE0)).decode("latin-1") if ch.isalpha()]

