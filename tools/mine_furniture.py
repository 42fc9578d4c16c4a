"""Mine candidate page-furniture lines per language from the boilerplate-web dev split.

Why: the rule packs name English furniture; a Chinese, Russian, Polish or Greek page rarely
shows three named lines, so the line model (which runs only there) rarely acts on it. The
interface strings of those pages ("分享到", "Поделиться", "Komentarze", "Σχετικά άρθρα") are
the same on many sites, so a whole line that many *distinct sites* show as furniture and
that (almost) never stands as content is a candidate rule — learned from many sites, not
fitted to a page. The output is a list for a human to review, not a pack: a reviewer drops
anything that could be a heading or content in a manual, a catalogue, a licence or a forum
post, and writes the survivors into `textfix/rules/*.toml` by hand.

A line's label comes from the set (`cases.jsonl`). A `short` line (1–2 words) is furniture
when its letters do not occur in the page's gold text at all, and content when they do:
one-word buttons are labelled `short`, not `boilerplate`. Only the `dev` split is read.

    python3 tools/mine_furniture.py                       # every language but English, N = 5
    python3 tools/mine_furniture.py --lang ru --min-sites 4 --max-content 0.02
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "boilerplate-web"

# Separators and brackets that frame a button or label ("【打印】", "» Поделиться:", "| Drukuj |").
_FRAME = " \t|»«>•·:：-–—/\\[]【】()（）〔〕「」『』*#.,;。，、!！?？"
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_LETTERS = re.compile(r"[^\w]|_")


def normalise(line: str) -> str:
    """The line as a candidate: NFKC, case-folded, spaces collapsed, framing punctuation
    stripped, each run of digits as `0` (a counter "Комментарии (12)" is one candidate)."""
    text = unicodedata.normalize("NFKC", line).casefold()
    text = _SPACES.sub(" ", text).strip(_FRAME)
    return _DIGITS.sub("0", text)


def letters(text: str) -> str:
    """Letters and digits only, case-folded: the set's own matching stream (README)."""
    return _LETTERS.sub("", unicodedata.normalize("NFKC", text).casefold())


def site_of(case: dict) -> str:
    """A page's site: its domain, or the page itself when the set gives none."""
    return case.get("domain") or f"{case['dataset']}:{case['page']}"


def load_gold(data: Path, split: str) -> dict:
    """(dataset, page) -> the gold text's letter stream."""
    gold = {}
    for raw in (data / "gold.jsonl").read_text("utf-8").splitlines():
        row = json.loads(raw)
        if row["split"] == split:
            gold[(row["dataset"], row["page"])] = letters(row["main_text"])
    return gold


def tally(data: Path, split: str = "dev"):
    """Per (language, candidate): the sites and lines where it is furniture or content.
    Each page counts once per candidate and role (its two extractors show the same lines)."""
    gold = load_gold(data, split)
    furniture = defaultdict(set)  # (lang, norm) -> sites
    content = defaultdict(set)
    pages_f = defaultdict(set)
    pages_c = defaultdict(set)
    examples = {}
    for raw in (data / "cases.jsonl").read_text("utf-8").splitlines():
        case = json.loads(raw)
        if case["split"] != split:
            continue
        text = (data / "cases" / f"{case['id']}.txt").read_text("utf-8")
        page_gold = gold.get((case["dataset"], case["page"]), "")
        site, page = site_of(case), (case["dataset"], case["page"])
        for line, label in zip(text.split("\n"), case["labels"]):
            norm = normalise(line)
            if not norm or len(norm) > 80 or not letters(norm):
                continue
            key = (case["lang"], norm)
            if label == "short":
                label = "content" if letters(line) in page_gold else "boilerplate"
            if label == "boilerplate":
                furniture[key].add(site)
                pages_f[key].add(page)
                examples.setdefault(key, line.strip())
            elif label == "content":
                content[key].add(site)
                pages_c[key].add(page)
    return furniture, content, pages_f, pages_c, examples


def inside_running_text(data: Path, split: str, candidates: dict) -> dict:
    """(lang, norm) -> how many content lines of 60+ characters contain it: a phrase that
    running text uses is a word, not a button, whatever the whole lines say."""
    by_lang = defaultdict(list)
    for lang, norm in candidates:
        by_lang[lang].append(norm)
    hits = defaultdict(int)
    for raw in (data / "cases.jsonl").read_text("utf-8").splitlines():
        case = json.loads(raw)
        if case["split"] != split or case["lang"] not in by_lang:
            continue
        text = (data / "cases" / f"{case['id']}.txt").read_text("utf-8")
        for line, label in zip(text.split("\n"), case["labels"]):
            if label != "content" or len(line) < 60:
                continue
            folded = unicodedata.normalize("NFKC", line).casefold()
            for norm in by_lang[case["lang"]]:
                if norm in folded:
                    hits[(case["lang"], norm)] += 1
    return hits


def mine(data: Path, split: str, langs, min_sites: int, max_content: float):
    """The candidates: furniture on >= min_sites sites, content on at most max_content of the
    pages where the line stands, sorted by language and sites."""
    furniture, content, pages_f, pages_c, examples = tally(data, split)
    rows = []
    for key, sites in furniture.items():
        lang, norm = key
        if (langs and lang not in langs) or len(sites) < min_sites:
            continue
        share = len(pages_c[key]) / (len(pages_c[key]) + len(pages_f[key]))
        if share <= max_content:
            rows.append((lang, norm, len(sites), len(pages_f[key]), len(pages_c[key]), examples[key]))
    hits = inside_running_text(data, split, {(r[0], r[1]): None for r in rows})
    rows.sort(key=lambda r: (r[0], -r[2], r[1]))
    return [r + (hits.get((r[0], r[1]), 0),) for r in rows]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev",), help="only dev: test is for confirming")
    ap.add_argument("--lang", action="append", default=[], help="language(s) to mine (default: all but en)")
    ap.add_argument("--min-sites", type=int, default=5, help="distinct sites showing the line as furniture")
    ap.add_argument("--max-content", type=float, default=0.02, help="largest share of its pages where it is content")
    args = ap.parse_args(argv)
    if not DATA.exists():
        raise SystemExit(f"{DATA} not found (../shared/eval is not in this checkout)")
    langs = set(args.lang)
    rows = mine(DATA, args.split, langs, args.min_sites, args.max_content)
    if not langs:
        rows = [r for r in rows if r[0] != "en"]
    print("lang\tsites\tpages_furniture\tpages_content\tin_running_text\tcandidate\texample")
    for lang, norm, sites, pf, pc, example, hits in rows:
        print(f"{lang}\t{sites}\t{pf}\t{pc}\t{hits}\t{norm}\t{example[:80]}")


if __name__ == "__main__":
    main()
