#!/usr/bin/env python3
"""First-use cost of the word lists the lossy repairs read: wordfreq's dicts against the
compact memory-mapped tables (textfix/filters/lossy/wordfile.py), per language.

    python3 bench/wordlist_load.py                   # every language of the lossy filter, best of 3
    python3 bench/wordlist_load.py --lang de --lang fr --runs 5

Each measurement is a fresh Python process (as a `-j` worker starts), with its own cache
directory (a temporary one, so the user's cache is not touched):
- per language and list ("small": what detection reads; "best": what a word's verdict
  reads): wordfreq's `get_frequency_dict` (load ms, entries, the dict's private memory),
  and the compact table: its one-time build (cold cache), its open in a later process
  (warm: mmap + digest check), the file's size and the process's private memory after it;
- the first language detection, both ways (wordfreq: import + the 23 small dicts + the
  top-word index, as before the tables; compact: cold and warm);
- two workers started at once (`-j 2`, warm cache), each detecting a language and looking
  up every word of corpus/ and the correct documents in one large list: wall time, and
  memory as /proc/self/smaps_rollup reports it (Pss: shared pages counted half each);
- once warm: `detect_language` per call, and one word look-up, dict against table.
Times are the best of --runs processes; the machine's load inflates them all alike.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from typing import List, Optional, Sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_CHILD = r"""
import gzip, glob, json, os, sys, time
ROOT = sys.argv[1]
mode, lang, wordlist = sys.argv[2:5]

def memory():
    try:
        fields = dict(line.split(":")[:2] for line in open("/proc/self/smaps_rollup") if ":" in line)
    except OSError:
        return {}
    kb = lambda k: int(fields.get(k, "0 kB").split()[0]) * 1024
    return {"rss": kb("Rss"), "pss": kb("Pss"), "private": kb("Private_Clean") + kb("Private_Dirty")}

def real_words():
    from textfix.filters.lossy.chars import _WORD_RE
    texts = [open(p, "rb").read().decode("utf-8", "replace") for p in sorted(glob.glob(os.path.join(ROOT, "corpus", "*", "*.txt")))]
    with gzip.open(os.path.join(ROOT, "bench", "data", "correct_docs.jsonl.gz"), "rt", encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f]
    return [w.casefold() for t in texts for w in _WORD_RE.findall(t)]

from textfix.filters.lossy import language as L
words = real_words() if mode.startswith("worker") else []
before = memory()
start = time.perf_counter()
if mode == "wordfreq":
    import wordfreq
    table = wordfreq.get_frequency_dict(lang, wordlist=wordlist)
elif mode == "compact":
    table = L._freqs(lang, wordlist)
elif mode == "detect-wordfreq":  # what the first detection cost before the tables
    import wordfreq
    for code in L.LANGUAGES:
        wordfreq.get_frequency_dict(code, wordlist="small")
        wordfreq.top_n_list(code, L.TOP_WORDS, wordlist="small")
    table = {}
elif mode == "detect":
    L.detect_language(["word"])
    table = {}
elif mode in ("worker", "worker-wordfreq"):
    if mode == "worker":
        L.detect_language(words)
        table = L._freqs(lang)
    else:
        import wordfreq
        for code in L.LANGUAGES:
            wordfreq.get_frequency_dict(code, wordlist="small")
            wordfreq.top_n_list(code, L.TOP_WORDS, wordlist="small")
        table = wordfreq.get_frequency_dict(lang)
    found = sum(1 for w in words if table.get(w))
load = time.perf_counter() - start
after = memory()
print(json.dumps({"load": load, "entries": len(table), "wordfreq": "wordfreq" in sys.modules,
                  **{k: after[k] - before.get(k, 0) for k in after}, **{"total_" + k: v for k, v in after.items()}}))
"""


def child(mode: str, lang: str, wordlist: str, cache: str) -> dict:
    env = dict(os.environ, TEXTFIX_CACHE_DIR=cache,
               PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, "-c", _CHILD, ROOT, mode, lang, wordlist], stdout=subprocess.PIPE,
                            text=True, env=env)


def measure(mode: str, lang: str, wordlist: str, runs: int, cache: str, cold: bool = False) -> dict:
    """The best of `runs` fresh processes (cold: each with the word files removed first)."""
    best = None
    for _ in range(runs):
        if cold:
            _clear(cache)
        out, _ = child(mode, lang, wordlist, cache).communicate()
        r = json.loads(out)
        if best is None or r["load"] < best["load"]:
            best = r
    return best


def _clear(cache: str) -> None:
    for name in os.listdir(cache):
        if name.startswith("words-"):
            os.remove(os.path.join(cache, name))


def file_mb(cache: str) -> float:
    """The size of the word files in the cache directory."""
    return sum(os.path.getsize(os.path.join(cache, n)) for n in os.listdir(cache) if n.startswith("words-")) / 1e6


def two_workers(mode: str, lang: str, runs: int, cache: str) -> List[dict]:
    """Two workers started at once; the run whose slower worker was fastest."""
    best = None
    for _ in range(runs):
        procs = [child(mode, lang, "best", cache) for _ in range(2)]
        results = [json.loads(p.communicate()[0]) for p in procs]
        if best is None or max(r["load"] for r in results) < max(r["load"] for r in best):
            best = results
    return best


def warm_detection_ms(runs: int) -> tuple:
    """Milliseconds per `detect_language` call once warm, on the words of every corpus/
    sample and seed and every correct document of bench/data, as the lossy filter reads a
    document's words: (best of `runs` passes, number of documents)."""
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


def lookup_ns(lang: str, runs: int) -> tuple:
    """Nanoseconds per `.get` of wordfreq's dict and of the table, on the same words (the
    real words of corpus/ and the correct documents, case-folded), best of `runs` passes."""
    import glob
    import gzip
    import time

    import wordfreq

    from textfix.filters.lossy import language
    from textfix.filters.lossy.chars import _WORD_RE

    texts = [open(p, "rb").read().decode("utf-8", "replace") for p in sorted(glob.glob(os.path.join(ROOT, "corpus", "*", "*.txt")))]
    with gzip.open(os.path.join(ROOT, "bench", "data", "correct_docs.jsonl.gz"), "rt", encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f]
    words = [w.casefold() for t in texts for w in _WORD_RE.findall(t)]
    out = []
    for table in (wordfreq.get_frequency_dict(lang), language._freqs(lang)):
        get = table.get
        best = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            for w in words:
                get(w, 0.0)
            best = min(best, time.perf_counter() - start)
        out.append(best / len(words) * 1e9)
    return out[0], out[1], len(words)


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
    p.add_argument("--worker-lang", default="de", help="the large list the two workers read")
    args = p.parse_args(argv)
    langs = args.lang or languages()
    cache = tempfile.mkdtemp(prefix="textfix-wordlists-")
    os.chmod(cache, 0o700)
    try:
        print(f"{'lang':5s} {'list':5s} | wordfreq dict: {'ms':>6s} {'entries':>8s} {'MB':>5s} | "
              f"table: {'build ms':>8s} {'open ms':>7s} {'file MB':>7s} {'MB':>5s}")
        totals = [0.0, 0.0, 0.0]
        for lang in langs:
            for wordlist in ("small", "best"):
                d = measure("wordfreq", lang, wordlist, args.runs, cache)
                built = measure("compact", lang, wordlist, 1, cache, cold=True)
                size = file_mb(cache)
                warm = measure("compact", lang, wordlist, args.runs, cache)
                _clear(cache)
                totals = [totals[0] + d["load"], totals[1] + built["load"], totals[2] + warm["load"]]
                print(f"{lang:5s} {wordlist:5s} | {'':15s}{d['load'] * 1e3:6.0f} {d['entries']:8d} "
                      f"{d['private'] / 1e6:5.1f} | {'':7s}{built['load'] * 1e3:8.0f} {warm['load'] * 1e3:7.1f} "
                      f"{size:7.1f} {warm['private'] / 1e6:5.1f}")
        print(f"sum         | {'':15s}{totals[0] * 1e3:6.0f} {'':14s} | {'':7s}{totals[1] * 1e3:8.0f} "
              f"{totals[2] * 1e3:7.1f}")
        old = measure("detect-wordfreq", "", "", args.runs, cache)
        cold = measure("detect", "", "", args.runs, cache, cold=True)
        warm = measure("detect", "", "", args.runs, cache)
        print(f"first detect_language: wordfreq dicts {old['load'] * 1e3:.0f} ms ({old['private'] / 1e6:.0f} MB); "
              f"table cold (build) {cold['load'] * 1e3:.0f} ms, warm {warm['load'] * 1e3:.1f} ms "
              f"({warm['private'] / 1e6:.1f} MB private, {file_mb(cache):.1f} MB file, wordfreq imported: {warm['wordfreq']})")
        lang = args.worker_lang
        two_workers("worker", lang, 1, cache)  # (builds the files)
        for mode, name in (("worker-wordfreq", "wordfreq dicts"), ("worker", "tables (warm)")):
            rs = two_workers(mode, lang, args.runs, cache)
            print(f"-j 2, {name:15s} ({lang}): " + "; ".join(
                f"{r['load'] * 1e3:.0f} ms, word data +{r['rss'] / 1e6:.0f} MB RSS (+{r['pss'] / 1e6:.0f} Pss, "
                f"+{r['private'] / 1e6:.0f} private); process RSS {r['total_rss'] / 1e6:.0f} MB" for r in rs))
        os.environ["TEXTFIX_CACHE_DIR"] = cache  # (this process's look-ups read the same files)
        per_call, docs = warm_detection_ms(args.runs)
        print(f"detect_language once warm: {per_call:.3f} ms per call ({docs} documents of corpus/ and bench/data, "
              f"best of {args.runs} passes)")
        dict_ns, table_ns, n = lookup_ns(lang, args.runs)
        print(f"one look-up ({lang}, {n} real words): dict {dict_ns:.0f} ns, table {table_ns:.0f} ns")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
