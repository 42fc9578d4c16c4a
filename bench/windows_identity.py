"""The windowed run of one large document (textfix/windows.py) against the whole run, on real texts.

    python3 bench/windows_identity.py [--size 200] [--web-share 4] [--select mojibake]

Each text (corpus/ samples, bench/data/correct_docs.jsonl.gz, and when ../shared/eval is
there the udhr texts and every `--web-share`-th boilerplate-web page; outside data read in
place; texts without blank lines four at a time, joined by one) is run whole and in windows of `--size` characters (tiny: many windows per text).
Prints how many texts ran in windows with the whole run's text, changes and flags
(BLAKE2b of their repr compared), how many differed (must be 0), how many ran a step on the
document joined ("a step whole": a filter would act on document-wide evidence that is not
given in windows), how many ran the lossy rules in windows with the whole document's facts
(lossy/whole.py: evidence may show, every cut a blank line) and how many fell back to the
whole run (not two windows).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
SHARED = os.path.join(HERE, "..", "..", "shared", "eval")

from textfix import default_pipeline  # noqa: E402
import textfix.window_facts as window_facts  # noqa: E402
import textfix.windows as windows_module  # noqa: E402
from textfix.windows import run_in_windows  # noqa: E402


def texts(web_share: int):
    """(corpus name, text) of every input. Texts without blank lines (a corpus sample, an
    extracted page, a translation) are joined four at a time by one, as a dump of them is:
    a text is cut into windows only at blank lines."""
    samples = os.path.join(HERE, "..", "corpus", "samples")
    yield from _joined("corpus, 4 joined", [os.path.join(samples, n) for n in sorted(os.listdir(samples))
                                            if n.endswith(".in.txt")])
    with gzip.open(os.path.join(HERE, "data", "correct_docs.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            yield "correct_docs", json.loads(line)["text"]
    udhr = os.path.join(SHARED, "udhr")
    yield from _joined("udhr, 4 joined", [os.path.join(root, n) for root, _, names in sorted(os.walk(udhr))
                                          for n in sorted(names) if n.endswith(".txt")])
    pages = os.path.join(SHARED, "boilerplate-web", "cases")
    names = sorted(n for n in os.listdir(pages) if n.endswith(".txt")) if os.path.isdir(pages) else []
    yield from _joined("boilerplate-web, 4 joined", [os.path.join(pages, n) for n in names[::web_share]])


def _joined(corpus: str, paths: list):
    """(corpus, four files' text joined by a blank line) for each four of `paths`."""
    for k in range(0, len(paths), 4):
        parts = []
        for path in paths[k:k + 4]:
            with open(path, "rb") as f:
                parts.append(f.read().decode("utf-8", "replace"))
        yield corpus, "\n\n".join(parts)


def digest(result) -> str:
    return hashlib.blake2b(repr((result.text, result.changes, result.flags)).encode("utf-8", "surrogatepass")).hexdigest()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200, help="window size in characters")
    parser.add_argument("--web-share", type=int, default=4, help="every N-th boilerplate-web page")
    parser.add_argument("--select", help="a rule selection (default: the default one), e.g. mojibake")
    args = parser.parse_args(argv)
    pipe = default_pipeline(tuple(args.select.split(",")) if args.select else None)
    counts: Counter = Counter()
    whole_steps: list = []
    real = windows_module._whole_step
    windows_module._whole_step = lambda *a, **k: whole_steps.append(1) or real(*a, **k)
    lossy: list = []  # the lossy rules run in windows, given the whole document's facts (lossy/whole.py)
    read_whole = window_facts.read_whole
    window_facts.read_whole = lambda *a: (lambda parts: lossy.append(parts[0].possible) or parts)(read_whole(*a))
    for corpus, text in texts(args.web_share):
        whole_steps.clear()
        lossy.clear()
        got = run_in_windows(pipe, text, None, (), pipe._enabled, pipe._active, size=args.size)
        if got is None:
            counts[corpus, "fell back"] += 1
            continue
        want = pipe._run(text, None, (), pipe._enabled, pipe._active)
        same = digest(got) == digest(want)
        counts[corpus, "identical" if same else "DIFFERENT"] += 1
        counts[corpus, "changed"] += bool(want.changes)
        counts[corpus, "a step whole"] += bool(whole_steps)
        counts[corpus, "lossy rules in windows"] += any(lossy)
        if not same:
            print(f"DIFFERENT: {corpus} {text[:60]!r}", file=sys.stderr)
    for corpus in dict.fromkeys(c for c, _ in counts):
        print(f"{corpus}: " + ", ".join(f"{counts[corpus, k]} {k}" for k in ("identical", "DIFFERENT", "a step whole", "lossy rules in windows",
                                                                   "fell back", "changed")))
    return 1 if any(k == "DIFFERENT" for _, k in counts) else 0


if __name__ == "__main__":
    raise SystemExit(main())
