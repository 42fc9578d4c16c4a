#!/usr/bin/env python3
"""Lossy mojibake benchmark: damage clean text with each chain, repair it, count what came back.

    python3 bench/bench_lossy.py            # every chain, every UDHR false-positive variant
    python3 bench/bench_lossy.py --quick    # 20 articles, 40 UDHR texts (a smoke run)
    python3 bench/bench_lossy.py --speed    # CPU time per document on chains 1 and 2, against ftfy

Texts (read from ../shared/eval at run time, never copied into the repository):
- the article bodies of boilerplate-scrapinghub/gold.jsonl, paragraphs in Latin script only
  (a paragraph with Cyrillic, Greek, CJK, Arabic... is left out: restoring those scripts'
  lost bytes is not attempted);
- the UDHR in German, French, Spanish and Portuguese (deu_1996, fra, spa, por_PT, por_BR).

Chains (applied character by character to the clean text):
  1   UTF-8 read as Latin-1, C1 controls stripped            ’ -> â, … -> â¦, ß -> Ã
  2   UTF-8 read as Windows-1252, undefined bytes dropped     ” -> â€, Í -> Ã
  3a  UTF-8 read as Windows-1252, undefined bytes -> U+FFFD   ” -> â€�
  3b  UTF-8 read as Windows-1252, undefined bytes -> ?        ” -> â€?
  3c  UTF-8 read as Latin-1, C1 controls -> ?                 ’ -> â??
  3d  non-ASCII punctuation replaced whole by ?               ’ -> ?
  3e  non-ASCII punctuation replaced whole by U+FFFD          ’ -> �
  4a  Windows-1252 text decoded as UTF-8 with replacement     é -> �, ’ -> �
  4b  Windows-1252 text decoded as ASCII with replacement     é -> ?, ’ -> ?
  5a  UTF-8 read as Windows-1252 twice, undefined bytes dropped    ” -> Ã¢â‚¬Â, Í -> ÃƒÂ
  5b  the same three times                                        Í -> ÃƒÆ’Ã‚Â
  5c  twice, undefined bytes and soft hyphens dropped             í -> ÃƒÂ
  5d  three times, undefined bytes and soft hyphens dropped       í -> ÃƒÆ’Ã‚Â
Chain 4 uses only the texts that Windows-1252 can encode.

Per chain and engine: damaged characters restored exactly; restored to the right class
(quote/apostrophe, dash, ellipsis, bullet; a letter with its case ignored); undamaged
characters changed. For textfix also the exact share if every en/em dash swap were right
(spaced – and — lose every byte that tells them apart). The original and the output are
aligned line by line (difflib).
ftfy runs as fix_text without its normalisations (no uncurling, NFC, width, ligatures).

False positives: every UDHR text (all of ../shared/eval/udhr) as written, in ALL CAPS, with
every word wrapped in “ ”, « », ‘ ’, through the default textfix pipeline and through ftfy:
how many texts change.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ftfy  # noqa: E402

import textfix  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
UDHR_LANGS = ["deu_1996", "fra", "spa", "por_PT", "por_BR"]
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
                                   fix_line_breaks=False, normalization=None)

# ------------------------------------------------------------------ damage chains


def _c1_stripped(ch):
    return re.sub("[\x80-\x9f]", "", ch.encode("utf-8").decode("latin-1"))


def _c1_question(ch):
    return re.sub("[\x80-\x9f]", "?", ch.encode("utf-8").decode("latin-1"))


def _cp1252_dropped(ch):
    return ch.encode("utf-8").decode("cp1252", errors="ignore")


def _cp1252_fffd(ch):
    return ch.encode("utf-8").decode("cp1252", errors="replace")


def _cp1252_question(ch):
    return _cp1252_fffd(ch).replace("\ufffd", "?")


# The bytes Windows-1252 leaves undefined: a sloppy decoder keeps them as C1 controls, and a
# later step drops them.
_UNDEFINED = "\x81\x8d\x8f\x90\x9d"


def _cp1252_layers(layers, lost):
    """UTF-8 read as Windows-1252 `layers` times (the undefined bytes kept as C1 controls
    between passes, as a sloppy decoder does), then the characters of `lost` dropped: the
    text encoded twice or more whose last pass lost a byte (mÃƒÆ’Ã‚Â + lost AD for mínima)."""
    def fn(ch):
        for _ in range(layers):
            ch = "".join(b if b in _UNDEFINED else bytes([ord(b)]).decode("cp1252")
                         for b in ch.encode("utf-8").decode("latin-1"))
        return "".join(c for c in ch if c not in lost)
    return fn


def _punct(placeholder):
    return lambda ch: placeholder if not ch.isalpha() else ch


def _single_byte(placeholder):
    return lambda ch: placeholder


CHAINS = {
    "1": _c1_stripped,
    "2": _cp1252_dropped,
    "3a": _cp1252_fffd,
    "3b": _cp1252_question,
    "3c": _c1_question,
    "3d": _punct("?"),
    "3e": _punct("\ufffd"),
    "4a": _single_byte("\ufffd"),
    "4b": _single_byte("?"),
    "5a": _cp1252_layers(2, _UNDEFINED),
    "5b": _cp1252_layers(3, _UNDEFINED),
    "5c": _cp1252_layers(2, _UNDEFINED + "\u00ad"),
    "5d": _cp1252_layers(3, _UNDEFINED + "\u00ad"),
}


def damage(text: str, chain: str) -> tuple[str, list[bool]]:
    """The damaged text and, per original character, whether the chain changed it."""
    fn = CHAINS[chain]
    out, damaged = [], []
    for ch in text:
        piece = fn(ch) if ord(ch) > 127 else ch
        out.append(piece)
        damaged.append(piece != ch)
    return "".join(out), damaged


# ------------------------------------------------------------------ measuring

QUOTES = set("‘’‚‛“”„‟'\"«»‹›")
DASHES = set("‐‑‒–—―-")


def char_class(ch: str) -> str:
    if ch in QUOTES:
        return "quote"
    if ch in DASHES:
        return "dash"
    if ch == "…":
        return "ellipsis"
    if ch in "•·":
        return "bullet"
    if ch.isalpha():
        return "letter:" + ch.casefold()
    return ch


def align(original: str, output: str, damaged: list[bool], stats: dict) -> None:
    """Add to stats: damaged chars exact / right class / total, undamaged chars changed."""
    ol, pl = original.split("\n"), output.split("\n")
    pairs = zip(ol, pl) if len(ol) == len(pl) else [(original, output)]
    pos = 0
    for a, b in pairs:
        dmg = damaged[pos:pos + len(a)]
        pos += len(a) + 1
        if a == b:
            n = sum(dmg)
            stats["damaged"] += n
            stats["exact"] += n
            stats["class"] += n
            continue
        sm = SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            for k in range(i1, i2):
                if dmg[k]:
                    stats["damaged"] += 1
                    if tag == "equal":
                        stats["exact"] += 1
                        stats["class"] += 1
                    elif tag == "replace" and (i2 - i1) == (j2 - j1) and char_class(a[k]) == char_class(b[j1 + k - i1]):
                        stats["class"] += 1
                    if tag != "equal":
                        got = b[j1 + k - i1] if tag == "replace" and (i2 - i1) == (j2 - j1) else b[j1:j2][:6]
                        stats["errors"][(a[k], got)] = stats["errors"].get((a[k], got), 0) + 1
                elif tag != "equal":
                    stats["changed"] += 1
                    if len(stats["examples"]) < 12 and (not stats["examples"] or stats["examples"][-1][2] != (i1, a)):
                        stats["examples"].append((a[max(0, i1 - 20):i2 + 20], b[max(0, j1 - 20):j2 + 20], (i1, a)))


# The encoding repair families only: other families (boilerplate, layout) would remove lines.
REPAIRS = ["mojibake", "lossy"]


def run_engine(name: str, text: str) -> str:
    if name == "textfix":
        return textfix.clean(text, select=REPAIRS).text
    return ftfy.fix_text(text, FTFY_CONFIG)


# ------------------------------------------------------------------ texts


def latin_only(paragraph: str) -> bool:
    import unicodedata

    for ch in paragraph:
        if ord(ch) > 0x24F and ch.isalpha():
            return False
        if ch.isalpha() and ord(ch) > 127 and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def load_texts(quick: bool) -> list[tuple[str, str]]:
    texts = []
    gold = EVAL / "boilerplate-scrapinghub" / "gold.jsonl"
    with gold.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            body = json.loads(line)["articleBody"]
            paras = [p for p in body.split("\n") if latin_only(p)]
            if paras:
                texts.append((f"article {i}", "\n".join(paras)))
    if quick:
        texts = texts[:20]
    for lang in UDHR_LANGS:
        path = EVAL / "udhr" / f"{lang}.txt"
        if path.exists():
            texts.append((f"udhr {lang}", path.read_text("utf-8")))
    return texts


def cp1252_ok(text: str) -> bool:
    try:
        text.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


# ------------------------------------------------------------------ false positives

VARIANTS = {
    "as written": lambda t: t,
    "ALL CAPS": lambda t: t.upper(),
    "“ ”": lambda t: " ".join("“" + w + "”" for w in t.split(" ")),
    "« »": lambda t: " ".join("«" + w + "»" for w in t.split(" ")),
    "‘ ’": lambda t: " ".join("‘" + w + "’" for w in t.split(" ")),
}


def false_positives(quick: bool, out) -> dict:
    paths = sorted((EVAL / "udhr").glob("*.txt"))
    if quick:
        paths = paths[:40]
    results = {}
    for vname, fn in VARIANTS.items():
        tf_changed, tf_lossy, ft_changed = [], [], []
        for path in paths:
            text = fn(path.read_text("utf-8"))
            r = textfix.clean(text)
            if r.text != text:
                tf_changed.append(path.name)
                if any(c.rule.startswith("lossy.") or "lossy." in c.reason for c in r.changes):
                    tf_lossy.append(path.name)
            if ftfy.fix_text(text, FTFY_CONFIG) != text:
                ft_changed.append(path.name)
        results[vname] = (len(paths), tf_changed, tf_lossy, ft_changed)
    print("\nFalse positives: UDHR texts changed (of %d)" % len(paths), file=out)
    print(f"{'variant':<12} {'textfix':>8} {'by lossy.*':>11} {'ftfy':>6}", file=out)
    for vname, (n, tf, tl, ft) in results.items():
        print(f"{vname:<12} {len(tf):>8} {len(tl):>11} {len(ft):>6}", file=out)
        if tf:
            print(f"    textfix changed: {', '.join(tf[:12])}{' …' if len(tf) > 12 else ''}", file=out)
    return results


# ------------------------------------------------------------------ main


def speed(texts, chains, repeat: int, out) -> None:
    """CPU time per document of each engine on each chain's damaged texts (the damage made
    before timing; engines interleaved, best of `repeat`, after one untimed run)."""
    engines = (("textfix", lambda d: textfix.clean(d)), ("textfix repairs", lambda d: textfix.clean(d, select=REPAIRS)),
               ("ftfy", lambda d: ftfy.fix_text(d, FTFY_CONFIG)))
    print(f"{'chain':<6} {'docs':>5} " + " ".join(f"{name + ' ms/doc':>20}" for name, _ in engines)
          + f" {'default vs ftfy':>16} {'repairs vs ftfy':>16}", file=out)
    for chain in chains:
        docs = [damage(text, chain)[0] for _, text in texts if not (chain.startswith("4") and not cp1252_ok(text))]
        best = {}
        for name, fn in engines:
            for d in docs:
                fn(d)
        for _ in range(repeat):
            for name, fn in engines:
                t0 = time.process_time()
                for d in docs:
                    fn(d)
                best[name] = min(best.get(name, float("inf")), time.process_time() - t0)
        ms = {name: 1000 * secs / len(docs) for name, secs in best.items()}
        print(f"{chain:<6} {len(docs):>5} " + " ".join(f"{ms[name]:>20.2f}" for name, _ in engines)
              + f" {best['ftfy'] / best['textfix']:>15.2f}x {best['ftfy'] / best['textfix repairs']:>15.2f}x", file=out)


def main(argv=None, out=sys.stdout) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer texts (a smoke run)")
    parser.add_argument("--chains", default=",".join(CHAINS), help="comma-separated chain names")
    parser.add_argument("--no-fp", action="store_true", help="skip the UDHR false-positive run")
    parser.add_argument("--examples", action="store_true", help="show undamaged characters that changed")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="show the N commonest misses per chain")
    parser.add_argument("--speed", action="store_true",
                        help="only time the engines on the damaged texts of --chains (default 1,2): CPU ms per "
                             "document, best of --repeat, textfix default and repair-only against ftfy")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not (EVAL / "udhr").is_dir():
        print(f"evaluation data not found in {EVAL}", file=out)
        return 0
    texts = load_texts(args.quick)
    if args.speed:
        chains = args.chains.split(",") if args.chains != ",".join(CHAINS) else ["1", "2"]
        speed(texts, chains, args.repeat, out)
        return 0
    print(f"textfix lossy benchmark, {time.strftime('%Y-%m-%d')}: {len(texts)} texts "
          f"({sum(len(t) for _, t in texts):,} characters)", file=out)
    print(f"{'chain':<6} {'engine':<8} {'damaged':>8} {'exact':>8} {'class':>8} {'changed':>8} {'seconds':>8}", file=out)
    for chain in args.chains.split(","):
        for engine in ("textfix", "ftfy"):
            stats = {"damaged": 0, "exact": 0, "class": 0, "changed": 0, "examples": [], "errors": {}}
            t0 = time.perf_counter()
            for name, text in texts:
                if chain.startswith("4") and not cp1252_ok(text):
                    continue
                broken, damaged = damage(text, chain)
                align(text, run_engine(engine, broken), damaged, stats)
            secs = time.perf_counter() - t0
            n = max(1, stats["damaged"])
            print(f"{chain:<6} {engine:<8} {stats['damaged']:>8} {100 * stats['exact'] / n:>7.2f}% "
                  f"{100 * stats['class'] / n:>7.2f}% {stats['changed']:>8} {secs:>8.1f}", file=out)
            swaps = sum(k for (a, b), k in stats["errors"].items() if {a, b} == {"\u2013", "\u2014"})
            if swaps and engine == "textfix":
                # – vs — spaced lose every distinguishing byte: what exact would be with them told apart
                print(f"        exact if every – / — were told apart: {100 * (stats['exact'] + swaps) / n:.2f}%"
                      f" ({swaps} dash swaps)", file=out)
            if args.errors and engine == "textfix":
                top = sorted(stats["errors"].items(), key=lambda kv: -kv[1])[:args.errors]
                print("        missed: " + ", ".join(f"{a!r}->{b!r} x{n}" for (a, b), n in top), file=out)
            if args.examples and engine == "textfix":
                for a, b, _ in stats["examples"]:
                    print(f"        {a!r} -> {b!r}", file=out)
    if not args.no_fp:
        false_positives(args.quick, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
