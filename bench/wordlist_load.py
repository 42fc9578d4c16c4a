#!/usr/bin/env python3
"""First-use cost of the word lists the lossy repairs read (wordfreq), per language.

    python3 bench/wordlist_load.py                 # every language of the lossy filter, best of 3
    python3 bench/wordlist_load.py --lang de --lang fr --runs 5

Each measurement is a fresh Python process (as a `-j` worker starts): it imports wordfreq,
then times `wordfreq.get_frequency_dict(lang, wordlist=...)` for the "small" list (what
language detection reads, for every language at once) and the "best" list (what a word's
verdict reads, for the document's language), and the whole first language detection of
the lossy filter (`detect_language`: all the "small" lists). The dictionaries' sizes are
printed beside the times (entries, and their memory as Python objects, roughly). Times are
the best of --runs processes; the machine's load inflates them all alike.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from typing import List, Optional, Sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_CHILD = r"""
import json, sys, time
start = time.perf_counter()
import wordfreq
imported = time.perf_counter() - start
lang, wordlist = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if lang == "*detect*":
    from textfix.filters.lossy import detect_language
    detect_language(["word"])
    entries = size = 0
else:
    d = wordfreq.get_frequency_dict(lang, wordlist=wordlist)
    entries = len(d)
    size = sys.getsizeof(d) + sum(sys.getsizeof(k) + 24 for k in d)
load = time.perf_counter() - start
print(json.dumps({"import": imported, "load": load, "entries": entries, "bytes": size}))
"""


def measure(lang: str, wordlist: str, runs: int) -> dict:
    """The best of `runs` fresh processes loading one list (or the whole first detection)."""
    best = None
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _CHILD, lang, wordlist], capture_output=True, text=True,
                             env=env, check=True)
        r = json.loads(out.stdout)
        if best is None or r["load"] < best["load"]:
            best = r
    return best


def warm_detection_ms(runs: int) -> tuple:
    """Milliseconds per `detect_language` call once its index is built (issue 14 asks <= 0.5),
    on the words of every corpus/ sample and seed and every correct document of
    bench/data, as the lossy filter reads a document's words: (best of `runs` passes,
    number of documents)."""
    import glob
    import gzip
    import time

    from textfix.filters.lossy import detect_language
    from textfix.filters.lossy.chars import _DAMAGE_CHARS, _WORD_RE

    texts = []
    for path in sorted(glob.glob(os.path.join(ROOT, "corpus", "*", "*.in.txt"))):
        try:
            texts.append(open(path, encoding="utf-8").read())
        except UnicodeDecodeError:  # the bytes-* samples: not text to read words from
            continue
    with gzip.open(os.path.join(ROOT, "bench", "data", "correct_docs.jsonl.gz"), "rt", encoding="utf-8") as f:
        texts.extend(json.loads(line)["text"] for line in f)  # longer documents in 67 languages
    words = [[w for w in _WORD_RE.findall(t) if _DAMAGE_CHARS.isdisjoint(w)] for t in texts]
    detect_language(words[0])
    best = min(_timed(detect_language, words, time) for _ in range(runs))
    return best / len(words) * 1e3, len(words)


def _timed(detect, words, time) -> float:
    start = time.perf_counter()
    for w in words:
        detect(w)
    return time.perf_counter() - start


def languages() -> List[str]:
    from textfix.filters.lossy import LANGUAGES

    return list(LANGUAGES)


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lang", action="append", help="a language (default: the lossy filter's LANGUAGES)")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    langs = args.lang or languages()
    print(f"{'lang':6s} {'small ms':>9s} {'entries':>8s} {'MB':>6s}   {'best ms':>8s} {'entries':>8s} {'MB':>6s}")
    small_total = best_total = 0.0
    for lang in langs:
        s = measure(lang, "small", args.runs)
        b = measure(lang, "best", args.runs)
        small_total += s["load"]
        best_total += b["load"]
        print(f"{lang:6s} {s['load'] * 1e3:9.0f} {s['entries']:8d} {s['bytes'] / 1e6:6.1f}   "
              f"{b['load'] * 1e3:8.0f} {b['entries']:8d} {b['bytes'] / 1e6:6.1f}")
    print(f"sum    {small_total * 1e3:9.0f}                   {best_total * 1e3:8.0f}")
    d = measure("*detect*", "small", args.runs)
    print(f"import wordfreq: {d['import'] * 1e3:.0f} ms; first detect_language (every 'small' list): "
          f"{d['load'] * 1e3:.0f} ms (best of {args.runs} processes)")
    per_call, docs = warm_detection_ms(args.runs)
    print(f"detect_language once warm: {per_call:.3f} ms per call ({docs} documents of corpus/ and bench/data, best of {args.runs} passes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
