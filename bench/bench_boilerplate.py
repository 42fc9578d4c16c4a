"""Boilerplate benchmark: lines of content removed vs lines of boilerplate removed.

Data: ../shared/eval/boilerplate-scrapinghub (never copied into the repo). 91 English news
pages; for each, the text 8 HTML extractors left (`cases/<tool>__<page>.txt`), with per-line
auto labels (`cases.jsonl`: keep / drop / mixed against the gold article body) and hand
labels for every drop/mixed line of the 7 extractors other than html-text
(`line-gold.jsonl`: BP / META / CONTENT / MIXED with a subkind).

A line's category here: auto `keep` -> CONTENT; otherwise its hand label. For html-text
(whole-page text) only the auto labels exist; it is reported apart.

Measured per extractor, for textfix (default rules) and two anchors run on the same lines:
- C4's line rules as datatrove's C4QualityFilter applies them (terminal punctuation, >= 3
  words, "javascript", policy phrases; its whole-document drops are not applied);
- jusText (English stoplist) with each line as one paragraph, when `justext` is installed.

    python3 bench/bench_boilerplate.py            # tables
    python3 bench/bench_boilerplate.py --list     # also every content line textfix removed
    python3 bench/bench_boilerplate.py --missed   # also BP lines textfix kept
    python3 bench/bench_boilerplate.py --json out.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import textfix  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "boilerplate-scrapinghub"
EXTRACTORS = ["trafilatura", "newspaper", "readability", "goose3", "news_please", "justext", "boilerpipe"]
RAW = "html-text"
FAMILIES = ("boilerplate", "layout")


def load(data: Path = DATA):
    """Yield (tool, page, text, lines, categories, line_gold_rows) for every case file."""
    gold, loose = {}, {}
    for raw in (data / "line-gold.jsonl").read_text("utf-8").splitlines():
        row = json.loads(raw)
        gold[(row["page"], row["text"])] = row
        loose.setdefault((row["page"], _loose(row["text"])), row)
    for raw in (data / "cases.jsonl").read_text("utf-8").splitlines():
        case = json.loads(raw)
        text = (data / "cases" / f"{case['id']}.txt").read_text("utf-8")
        lines = text.splitlines()
        if not text.strip():  # an extractor that returned nothing
            continue
        if len(lines) != len(case["labels"]):
            raise SystemExit(f"{case['id']}: {len(lines)} lines but {len(case['labels'])} labels")
        categories, rows = [], []
        for line, label in zip(lines, case["labels"]):
            row = None
            if case["tool"] == RAW:
                category = {"keep": "CONTENT", "drop": "BP", "mixed": "MIXED"}[label]
            else:
                # the hand label of the same text on the same page (identical texts carry one
                # label), also when this extractor's copy differs only in spaces or a bullet
                row = gold.get((case["page"], line)) or loose.get((case["page"], _loose(line)))
                if row:
                    category = row["category"]
                elif label == "keep":
                    # auto `keep` means "a substring of the gold body": a line of punctuation
                    # alone ("-", "___") is a substring of anything, not content
                    category = "CONTENT" if any(ch.isalnum() for ch in line) else "NOISE"
                else:
                    category = "UNLABELLED"
            categories.append(category)
            rows.append(row)
        yield case["tool"], case["page"], text, lines, categories, rows


def _loose(text: str) -> str:
    """A line without its spaces and leading bullet, for matching copies of one line."""
    return "".join(text.lstrip("-•*·» \u00a0").split())


def line_spans(text: str):
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def textfix_removed(text: str, lines=None, ignore=(), rules=()):
    """Per line: 'line' (nothing but spaces left), 'part' (some of it removed) or None; and the rule.
    `rules`: extra rule packs (paths)."""
    result = textfix.clean(text, ignore=list(ignore) or None, config={"rules": list(rules)} if rules else None)
    changes = sorted((c for c in result.changes if c.rule.split(".")[0] in FAMILIES and not c.after.strip()),
                     key=lambda c: c.start)
    out, rules = [], []
    j = 0
    for start, end in line_spans(text):
        while j < len(changes) and changes[j].end <= start:
            j += 1  # changes are sorted and do not overlap: those that end before this line are done
        hits = []
        k = j
        while k < len(changes) and changes[k].start < end:
            if changes[k].end > start:
                hits.append(changes[k])
            k += 1
        if not hits:
            out.append(None)
            rules.append(None)
            continue
        kept = list(text[start:end])
        for c in hits:
            for i in range(max(start, c.start), min(end, c.end)):
                kept[i - start] = ""
        out.append("part" if "".join(kept).strip() else "line")
        rules.append(hits[0].rule)
    return out, rules


END_PUNCTUATION = (".", "?", "!", '"', "'")
POLICY = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]


def c4_removed(lines):
    """C4's line rules (datatrove C4QualityFilter defaults), line by line."""
    out = []
    for line in lines:
        s = line.strip()
        words = s.split()
        low = s.lower()
        drop = (
            any(len(w) > 1000 for w in words)
            or not s.endswith(END_PUNCTUATION) or s.endswith("...")
            or len(words) < 3
            or "javascript" in low
            or any(p in low for p in POLICY)
        )
        out.append("line" if drop else None)
    return out


def justext_removed(lines):
    try:
        import justext
    except ImportError:
        return None
    from html import escape

    html = "<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</body></html>"
    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"), encoding="utf-8")
    # jusText drops empty paragraphs; map its paragraphs back to the non-empty lines in order.
    verdict = iter(p.is_boilerplate for p in paragraphs)
    out = []
    for line in lines:
        if not line.strip():
            out.append(None)
            continue
        out.append("line" if next(verdict, False) else None)
    return out


def total(per_tool: dict) -> Counter:
    """The counters of the 7 extractors (not html-text) added up."""
    out = Counter()
    for tool, counter in per_tool.items():
        if tool != RAW:
            out.update(counter)
    return out


def run(tools=None, methods=("textfix", "c4-lines", "justext")):
    stats = defaultdict(lambda: defaultdict(Counter))  # method -> tool -> counter
    subkinds = defaultdict(lambda: defaultdict(Counter))  # method -> subkind -> counter
    content_removed = []
    missed = []
    seconds = 0.0
    have_justext = True
    for tool, page, text, lines, categories, rows in load():
        if tools and tool not in tools:
            continue
        t0 = time.perf_counter()
        tf, tf_rules = textfix_removed(text, lines)
        seconds += time.perf_counter() - t0
        outcome = {"textfix": tf}
        if "c4-lines" in methods:
            outcome["c4-lines"] = c4_removed(lines)
        jt = justext_removed(lines) if "justext" in methods else None
        if jt is None:
            have_justext = False
        else:
            outcome["justext"] = jt
        for i, (line, category) in enumerate(zip(lines, categories)):
            row = rows[i]
            if not line.strip():
                continue
            for method, removed in outcome.items():
                st = stats[method][tool]
                st[category] += 1
                what = removed[i]
                if category in ("CONTENT", "UNLABELLED") and what == "line":
                    st[category + " removed"] += 1
                elif category == "MIXED":
                    if what == "line":
                        st["MIXED removed whole"] += 1
                    elif what == "part":
                        st["MIXED bp part removed"] += 1
                elif what == "line":
                    st[category + " removed"] += 1
                if category == "BP" and row and tool != RAW:
                    subkinds[method][row["subkind"]]["total"] += 1
                    subkinds[method][row["subkind"]]["removed"] += what == "line"
            if tf[i] == "line" and category in ("CONTENT", "UNLABELLED", "MIXED") and tool != RAW:
                content_removed.append((tool, page[:16], category, tf_rules[i], line))
            if tf[i] != "line" and category == "BP" and tool != RAW:
                missed.append((tool, page[:16], row["subkind"] if row else "", line))
    return stats, subkinds, content_removed, missed, seconds, have_justext


def pct(a, b):
    return f"{100.0 * a / b:5.1f}%" if b else "   - "


def report(stats, subkinds, content_removed, missed, seconds, have_justext, list_content, list_missed):
    methods = [m for m in ("textfix", "c4-lines", "justext") if m in stats]
    print(f"textfix {textfix.__version__}; {seconds:.1f} s for textfix over all cases\n")
    header = f"{'extractor':12} {'method':9} {'content':>8} {'removed':>8} {'kept':>7} | {'BP':>5} {'removed':>8} {'rate':>6} | {'META':>5} {'removed':>7} | {'MIXED':>5} {'whole':>5} {'part':>5}"
    print(header)
    print("-" * len(header))
    totals = {m: Counter() for m in methods}
    for tool in EXTRACTORS + [RAW]:
        for method in methods:
            st = stats[method].get(tool)
            if not st:
                continue
            if tool != RAW:
                totals[method].update(st)
            content = st["CONTENT"]
            removed = st["CONTENT removed"]
            print(f"{tool:12} {method:9} {content:8d} {removed:8d} {pct(content - removed, content):>7} | "
                  f"{st['BP']:5d} {st['BP removed']:8d} {pct(st['BP removed'], st['BP']):>6} | "
                  f"{st['META']:5d} {st['META removed']:7d} | {st['MIXED']:5d} {st['MIXED removed whole']:5d} {st['MIXED bp part removed']:5d}")
        if tool == EXTRACTORS[-1]:
            print("-" * len(header))
            for method in methods:
                st = totals[method]
                print(f"{'ALL 7':12} {method:9} {st['CONTENT']:8d} {st['CONTENT removed']:8d} "
                      f"{pct(st['CONTENT'] - st['CONTENT removed'], st['CONTENT']):>7} | {st['BP']:5d} {st['BP removed']:8d} "
                      f"{pct(st['BP removed'], st['BP']):>6} | {st['META']:5d} {st['META removed']:7d} | "
                      f"{st['MIXED']:5d} {st['MIXED removed whole']:5d} {st['MIXED bp part removed']:5d}")
            print("-" * len(header))
    print("\n(html-text is the whole page with auto labels only: 'content' = keep, 'BP' = drop, 'MIXED' = mixed.)")
    print("\nBP removed per subkind (7 extractors, line-gold BP lines):")
    kinds = sorted(subkinds["textfix"], key=lambda k: -subkinds["textfix"][k]["total"])
    print(f"{'subkind':12} {'lines':>6} " + " ".join(f"{m:>9}" for m in methods))
    for kind in kinds:
        total = subkinds["textfix"][kind]["total"]
        print(f"{kind:12} {total:6d} " + " ".join(f"{pct(subkinds[m][kind]['removed'], total):>9}" for m in methods))
    print(f"\ncontent lines removed by textfix (CONTENT, MIXED as a whole, unlabelled): {len(content_removed)}")
    if list_content:
        for tool, page, category, rule, line in content_removed:
            print(f"  {tool:11} {page} {category:10} {rule}: {line[:160]!r}")
    if list_missed:
        print(f"\nBP lines textfix kept: {len(missed)}")
        for tool, page, kind, line in missed:
            print(f"  {tool:11} {page} {kind:10} {line[:160]!r}")
    return totals


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true", help="list every content line textfix removed")
    parser.add_argument("--missed", action="store_true", help="list every BP line textfix kept")
    parser.add_argument("--tool", action="append", help="only this extractor's outputs")
    parser.add_argument("--json", metavar="FILE", help="write the totals as JSON")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"evaluation data {DATA} not present", file=sys.stderr)
        return 0
    stats, subkinds, content_removed, missed, seconds, have_justext = run(tools=args.tool)
    totals = report(stats, subkinds, content_removed, missed, seconds, have_justext, args.list, args.missed)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "totals": {m: dict(c) for m, c in totals.items()},
            "per_extractor": {m: {t: dict(c) for t, c in per.items()} for m, per in stats.items()},
            "subkinds": {m: {k: dict(c) for k, c in per.items()} for m, per in subkinds.items()},
            "content_removed": content_removed,
        }, indent=1, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
