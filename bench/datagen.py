"""Deterministic synthetic corpora for the textfix benchmarks.

Everything here is generated from a seeded `random.Random`, so a given (seed, size)
always produces the same text on every machine and Python version >= 3.9. Nothing is
read from disk: in particular nothing comes from shared/eval, so benchmark numbers
never depend on (or leak) evaluation data.

A corpus is a list of *documents* (str), each a scraped-news-like article: a headline
line, a byline line, a blank line, then paragraphs of 2-6 sentences, one paragraph per
line, separated by blank lines. Sizes are measured in UTF-8 bytes (1 MB = 1,000,000 bytes).

Corpora:
- ``clean``:       plain English, ASCII punctuation only (pure ASCII text).
- ``typographic``: the same kind of English with curly quotes, ’ in contractions,
                   en/em dashes, ellipses, no-break spaces and a few accented names
                   and loanwords (café, Zürich, €) -- correct text that must not change.
- ``mojibake``:    typographic English where 5% of the sentences are replaced by their
                   UTF-8-read-as-Windows-1252 mojibake (ftfy's ``sloppy-windows-1252``
                   codec, so the five bytes undefined in cp1252 survive as C1 controls)
                   and 0.5% by their UTF-8-read-as-Latin-1 mojibake (C1 controls and all).

>>> docs = make_corpus("mojibake", 20_000, seed=1)
>>> docs == make_corpus("mojibake", 20_000, seed=1)
True
>>> 20_000 <= corpus_bytes(docs) < 30_000
True
"""

from __future__ import annotations

import random
from typing import Callable, List

import ftfy.bad_codecs  # noqa: F401  registers the 'sloppy-windows-1252' codec

CORPORA = ("clean", "typographic", "mojibake")
DEFAULT_SEED = 20261121
MOJIBAKE_CP1252_RATE = 0.05
MOJIBAKE_LATIN1_RATE = 0.005

# Common English words (roughly the most frequent few hundred, function words included),
# enough to make sentences that look like running news text to a byte-level detector.
WORDS = """
the of and to a in is it you that he was for on are with as his they be at one have this
from or had by hot word but what some we can out other were all there when up use your how
said an each she which do their time if will way about many then them write would like so
these her long make thing see him two has look more day could go come did number sound no
most people my over know water than call first who may down side been now find any new work
part take get place made live where after back little only round man year came show every
good me give our under name very through just form sentence great think say help low line
differ turn cause much mean before move right boy old too same tell does set three want air
well also play small end put home read hand port large spell add even land here must big
high such follow act why ask men change went light kind off need house picture try us again
animal point mother world near build self earth father head stand own page should country
found answer school grow study still learn plant cover food sun four between state keep eye
never last let thought city tree cross farm hard start might story saw far sea draw left late
run while press close night real life few north open seem together next white children begin
got walk example ease paper group always music those both mark often letter until mile river
car feet care second book carry took science eat room friend began idea fish mountain stop
once base hear horse cut sure watch color face wood main enough plain girl usual young ready
above ever red list though feel talk bird soon body dog family direct pose leave song measure
door product black short numeral class wind question happen complete ship area half rock
order fire south problem piece told knew pass since top whole king space heard best hour
better true during hundred five remember step early hold west ground interest reach fast verb
sing listen six table travel less morning ten simple several vowel toward war lay against
pattern slow center love person money serve appear road map rain rule govern pull cold notice
voice unit power town fine certain fly fall lead cry dark machine note wait plan figure star
box noun field rest correct able pound done beauty drive stood contain front teach week final
gave green quick develop ocean warm free minute strong special mind behind clear tail produce
fact street inch multiply nothing course stay wheel full force blue object decide surface
deep moon island foot system busy test record boat common gold possible plane stead dry
wonder laugh thousand ago ran check game shape equate miss brought heat snow tire bring yes
distant fill east paint language among government minister council report police election
market company officials percent president statement spokesman court health vote budget
""".split()

NAMES = """Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore
Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright""".split()
PLACES = """London Washington Chicago Boston Sydney Toronto Dublin Manchester Denver Seattle
Glasgow Melbourne Auckland Houston Atlanta Phoenix""".split()
# Correctly spelled non-ASCII words that turn up in English news.
ACCENTED = """café résumé naïve façade fiancée déjà Zürich München São Paulo José Müller
Pokémon Beyoncé Québec Malmö Kraków Ångström""".split()

CONTRACTIONS = ["don't", "it's", "we're", "can't", "isn't", "didn't", "won't", "they're",
                "I'm", "that's", "there's", "wouldn't", "we've", "you'll", "he's", "she's"]
SAID = ["said", "says", "told reporters", "wrote", "added"]


class _Writer:
    """Builds sentences and articles for one corpus style, from one seeded RNG."""

    def __init__(self, rng: random.Random, typographic: bool):
        self.rng = rng
        self.typo = typographic
        if typographic:
            self.lq, self.rq, self.apos = "\u201c", "\u201d", "\u2019"
            self.dash, self.ellipsis, self.range_dash = "\u2014", "\u2026", "\u2013"
        else:
            self.lq = self.rq = '"'
            self.apos, self.dash, self.ellipsis, self.range_dash = "'", "--", "...", "-"

    def words(self, n: int) -> List[str]:
        rng = self.rng
        out = [rng.choice(WORDS) for _ in range(n)]
        for i in range(n):
            r = rng.random()
            if r < 0.04:
                out[i] = rng.choice(CONTRACTIONS).replace("'", self.apos)
            elif r < 0.07:
                out[i] = rng.choice(NAMES)
            elif r < 0.09:
                out[i] = rng.choice(PLACES)
            elif r < 0.1 and self.typo:
                out[i] = rng.choice(ACCENTED)
            elif r < 0.12:
                out[i] = str(rng.randint(2, 2030))
        return out

    def sentence(self) -> str:
        rng = self.rng
        words = self.words(rng.randint(6, 24))
        if rng.random() < 0.25:  # a comma somewhere in the middle
            i = rng.randint(2, len(words) - 3)
            words[i] += ","
        if self.typo and rng.random() < 0.08:  # an em dash aside
            i = rng.randint(2, len(words) - 3)
            words[i] += self.dash if rng.random() < 0.5 else " " + self.dash
        if rng.random() < 0.06:  # a number range
            a = rng.randint(1, 90)
            words.insert(rng.randint(1, len(words) - 1), f"{a}{self.range_dash}{a + rng.randint(1, 9)}")
        if rng.random() < 0.06:  # a percentage or an amount, with a no-break space in typographic text
            space = "\u00a0" if self.typo else " "
            unit = rng.choice(["per cent", "million", "km", "kg", "%"])
            words.insert(rng.randint(1, len(words) - 1), f"{rng.randint(2, 99)}{space}{unit}")
        text = " ".join(words)
        text = text[0].upper() + text[1:]
        r = rng.random()
        if r < 0.05:
            end = self.ellipsis
        elif r < 0.1:
            end = "?"
        elif r < 0.12:
            end = "!"
        else:
            end = "."
        text += end
        if rng.random() < 0.15:  # a quotation
            who = f"{rng.choice(NAMES)} {rng.choice(SAID)}"
            if text.endswith("."):
                text = text[:-1] + ","
            text = f"{self.lq}{text}{self.rq} {who}."
        elif self.typo and rng.random() < 0.03:
            i = rng.randint(0, len(words) - 1)
            text = text.replace(words[i], f"\u2018{words[i]}\u2019", 1)
        return text

    def headline(self) -> str:
        words = self.words(self.rng.randint(5, 11))
        return " ".join(w[:1].upper() + w[1:] for w in words)

    def byline(self) -> str:
        rng = self.rng
        return f"By {rng.choice(NAMES[:12])} {rng.choice(NAMES)} {self.dash} {rng.choice(PLACES)}"


def make_corpus(kind: str, size_bytes: int, seed: int = DEFAULT_SEED) -> List[str]:
    """Documents of corpus `kind` adding up to at least `size_bytes` UTF-8 bytes.

    The same (kind, size_bytes, seed) always gives the same documents; a larger size
    gives the smaller one's documents followed by more.
    """
    if kind not in CORPORA:
        raise ValueError(f"unknown corpus {kind!r}; choose from {CORPORA}")
    rng = random.Random(f"{seed}:{kind}")
    writer = _Writer(rng, typographic=kind != "clean")
    damage: Callable[[str], str] = _mojibake_picker(rng) if kind == "mojibake" else (lambda s: s)
    docs: List[str] = []
    total = 0
    while total < size_bytes:
        lines = [writer.headline(), writer.byline(), ""]
        for p in range(rng.randint(4, 12)):
            if p:
                lines.append("")
            lines.append(" ".join(damage(writer.sentence()) for _ in range(rng.randint(2, 6))))
        doc = "\n".join(lines) + "\n"
        docs.append(doc)
        total += len(doc.encode("utf-8"))
    return docs


def _mojibake_picker(rng: random.Random) -> Callable[[str], str]:
    def damage(sentence: str) -> str:
        r = rng.random()
        if r >= MOJIBAKE_CP1252_RATE + MOJIBAKE_LATIN1_RATE:
            return sentence
        # Mojibake of an ASCII sentence is the sentence itself: give it something to break.
        if sentence.isascii():
            sentence = sentence[:-1] + " " + rng.choice(ACCENTED) + "\u2026"
        codec = "sloppy-windows-1252" if r < MOJIBAKE_CP1252_RATE else "latin-1"
        return sentence.encode("utf-8").decode(codec)

    return damage


def corpus_bytes(docs: List[str]) -> int:
    """Size of a corpus in UTF-8 bytes."""
    return sum(len(d.encode("utf-8")) for d in docs)


if __name__ == "__main__":
    import sys

    kind = sys.argv[1] if len(sys.argv) > 1 else "mojibake"
    size = int(float(sys.argv[2]) * 1e6) if len(sys.argv) > 2 else 3000
    sys.stdout.write("\n".join(make_corpus(kind, size)))
