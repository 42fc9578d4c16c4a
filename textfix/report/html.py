"""The review page: one self-contained HTML file of what `check` would change.

Per document (a file, or a JSONL record's field): the text with removed lines struck
through and repaired characters highlighted (the old ones struck, the new ones beside
them), each change's rule, confidence and reason on hover; the findings under it. At the
top: counts per family and rule over the whole run, and filters by family, rule and
confidence that hide what does not match. Long unchanged stretches fold away.

Big corpora are sampled: a document is kept when a hash of its name falls below the
rate, and the rate halves whenever more than `max_docs` documents are kept, so the page
holds a uniform sample whose rate it states (counts at the top always cover every
document). The page loads nothing: inline style and script, and a Content-Security-
Policy that forbids any request.
"""

from __future__ import annotations

import html
import json
import zlib
from collections import Counter
from typing import Optional

from ..model import Change
from .items import Doc

CONTEXT_LINES = 3  # unchanged lines kept around a change; more fold away
MAX_DOCS = 1000


class Collector:
    """Counts every item, and keeps a uniform sample of documents at a rate that halves as needed."""

    def __init__(self, max_docs: int = MAX_DOCS, rate: float = 1.0):
        self.max_docs = max_docs
        self.rate = rate
        self.docs: list = []  # (hash, Doc)
        self.seen_docs = 0  # documents with something to show
        self.files: set = set()
        self.counts: Counter = Counter()  # rule -> changes
        self.flags: Counter = Counter()  # rule -> findings

    def count(self, items: list) -> None:
        """Every item of the run is counted, shown or not."""
        for item in items:
            self.files.add(item.file)
            (self.counts if item.kind == "change" else self.flags)[item.rule] += 1

    def offer(self, doc: Doc) -> None:
        """A document with changes or findings: kept if its hash falls below the rate."""
        self.seen_docs += 1
        h = zlib.crc32(doc.key.encode("utf-8", "surrogatepass")) / 2**32
        if h < self.rate:
            self.docs.append((h, doc))
        while len(self.docs) > self.max_docs:
            self.rate /= 2
            self.docs = [(h, d) for h, d in self.docs if h < self.rate]


def page(collector: Collector, title: str = "textfix review", rules: Optional[dict] = None, files: int = 0) -> str:
    """The whole HTML page."""
    rules = rules or {}
    docs = [doc for _, doc in collector.docs]
    total_changes = sum(collector.counts.values())
    families = Counter()
    for rule, n in collector.counts.items():
        families[rule.split(".")[0]] += n
    sampled = len(docs) < collector.seen_docs
    note = (f"Sampled: {len(docs)} of {collector.seen_docs} documents with changes or findings are shown "
            f"(rate {collector.rate:.4g}, about 1 in {round(1 / collector.rate)}, chosen by a hash of each "
            f"document's name); the counts cover every document." if sampled else
            f"All {collector.seen_docs} documents with changes or findings are shown.")
    rule_rows = "".join(
        f'<tr><td><code>{_e(rule)}</code></td><td class="n">{n}</td><td>{_e(rules.get(rule, ""))}</td></tr>'
        for rule, n in sorted(collector.counts.items(), key=lambda x: (-x[1], x[0])))
    flag_rows = "".join(
        f'<tr><td><code>{_e(rule)}</code></td><td class="n">{n}</td><td>finding (not a change)</td></tr>'
        for rule, n in sorted(collector.flags.items(), key=lambda x: (-x[1], x[0])))
    all_rules = sorted(set(collector.counts) | {c.rule for d in docs for c in d.changes})
    options = lambda values: "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)
    body = "".join(_doc(doc, rules) for doc in docs)
    data = json.dumps({"changes": total_changes, "documents": collector.seen_docs, "shown": len(docs),
                       "rate": collector.rate, "rules": dict(collector.counts), "flags": dict(collector.flags)})
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{STYLE}</style></head>
<body>
<header>
<h1>{_e(title)}</h1>
<p id="counts"><b id="n-changes">{total_changes}</b> changes in <b>{collector.seen_docs}</b> documents
of <b>{len(collector.files)}</b> files (<b>{max(files, len(collector.files))}</b> read): {", ".join(f"{_e(f)} <b>{n}</b>" for f, n in families.most_common()) or "none"}.
<span id="n-shown"></span></p>
<p class="note" id="sampling">{_e(note)}</p>
<details><summary>Changes per rule</summary><table id="rules"><tr><th>rule</th><th>count</th><th>what it does</th></tr>
{rule_rows}{flag_rows}</table></details>
<form id="filters">
<label>family <select id="f-family"><option value="">all</option>{options(sorted(families))}</select></label>
<label>rule <select id="f-rule"><option value="">all</option>{options(all_rules)}</select></label>
<label>confidence <select id="f-conf"><option value="">any</option><option value="0.9">≥ 0.9</option>
<option value="-0.9">&lt; 0.9</option><option value="-0.75">&lt; 0.75</option></select></label>
<span class="legend"><del class="rm">removed</del> <span class="fix"><del>old</del><ins>new</ins></span> repaired</span>
</form>
</header>
<main id="docs">{body}</main>
<script id="textfix-data" type="application/json">{_e(data)}</script>
<script>{SCRIPT}</script>
</body></html>
"""


def _doc(doc: Doc, rules: dict) -> str:
    """One document: heading, the marked text, the findings."""
    families = sorted({c.rule.split(".")[0] for c in doc.changes})
    head = f"{doc.file}" if doc.record is None else f"{doc.file}:{doc.record} · {doc.field}"
    flags = "".join(f'<li><code>{_e(f.rule)}</code> {_e(f.message)}</li>' for f in doc.flags
                    if not f.rule.startswith("decode."))
    return (f'<section class="doc" data-families="{_e(" ".join(families))}">'
            f'<h2><span class="name">{_e(head)}</span> <span class="badge">{len(doc.changes)} changes</span></h2>'
            f'<pre>{_marked(doc.original, doc.changes, rules)}</pre>'
            + (f'<ul class="flags">{flags}</ul>' if flags else "") + "</section>")


def _marked(text: str, changes: list, rules: dict) -> str:
    """`text` as HTML with each change marked, unchanged stretches of many lines folded."""
    out, pos = [], 0
    ordered = sorted(changes, key=lambda c: (c.start, c.end))
    for i, change in enumerate(ordered):
        out.append(_plain(text[pos:change.start], first=not i, last=False))
        out.append(_change(change, rules))
        pos = change.end
    out.append(_plain(text[pos:], first=not ordered, last=True))
    return "".join(out)


def _change(change: Change, rules: dict) -> str:
    """A removal (struck through) or a repair (old struck, new inserted), with its rule on hover."""
    tip = f"{change.rule} · confidence {change.confidence:.2f} · {change.reason or rules.get(change.rule, '')}"
    attrs = (f'data-rule="{_e(change.rule)}" data-family="{_e(change.rule.split(".")[0])}" '
             f'data-confidence="{change.confidence}" title="{_e(tip)}"')
    if change.after == "":
        return f'<del class="rm change" {attrs}>{_e(_visible(change.before))}</del>'
    return (f'<span class="fix change" {attrs}><del>{_e(_visible(change.before))}</del>'
            f'<ins>{_e(_visible(change.after))}</ins></span>')


def _visible(text: str) -> str:
    """Invisible characters a reviewer must see (controls, soft hyphens, odd spaces) as escapes."""
    return "".join(ch if ch in "\n\t" or (ch.isprintable() and ch not in "\u00ad\u200b\ufeff") else
                   f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}" for ch in text)


def _plain(text: str, first: bool, last: bool) -> str:
    """Unchanged text; a run of more than 2 × CONTEXT_LINES + 1 lines keeps CONTEXT_LINES at each
    end next to a change (none at the document's edges) and folds the rest."""
    lines = text.split("\n")
    keep_head = 0 if first else CONTEXT_LINES + 1  # the first piece ends a line that holds a change
    keep_tail = 0 if last else CONTEXT_LINES + 1
    if len(lines) <= keep_head + keep_tail + 2:
        return _e(text)
    head, middle, tail = lines[:keep_head], lines[keep_head:len(lines) - keep_tail], lines[len(lines) - keep_tail:]
    folded = "\n".join(middle)
    return (_e("\n".join(head) + ("\n" if head else "")) +
            f'<details class="fold"><summary>… {len(middle)} unchanged lines</summary>{_e(folded)}</details>' +
            _e(("\n" if tail else "") + "\n".join(tail)))


def _e(text: str) -> str:
    return html.escape(text, quote=True)


STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.6em 1.2em;z-index:1}
h1{font-size:1.2em;margin:.2em 0}
.note{color:#555;margin:.2em 0}
table{border-collapse:collapse;margin:.4em 0}td,th{padding:.1em .6em;text-align:left;border-bottom:1px solid #eee}
td.n{text-align:right;font-variant-numeric:tabular-nums}
form{display:flex;gap:1em;flex-wrap:wrap;align-items:center;margin:.4em 0}
main{padding:0 1.2em 2em}
.doc{background:#fff;border:1px solid #ddd;border-radius:6px;margin:1em 0;padding:.2em 1em}
.doc h2{font-size:1em;margin:.5em 0}.badge{font-weight:normal;color:#666;font-size:.9em}
pre{white-space:pre-wrap;word-wrap:break-word;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;margin:.4em 0}
del.rm{background:#ffe3e3;color:#8a1c1c;text-decoration:line-through}
.fix del{background:#ffe3e3;color:#8a1c1c;text-decoration:line-through}
.fix ins{background:#d9f7d9;color:#135c13;text-decoration:none;font-weight:600}
.change{cursor:help;border-radius:2px}
.change.muted,.change.muted del,.change.muted ins{background:none;color:inherit;font-weight:normal}
.change.muted{opacity:.55}
.fold summary{color:#777;cursor:pointer;font-style:italic}
.flags{color:#7a5a00;font-size:.92em}
.hidden{display:none}
"""

SCRIPT = """
(function(){
  const fam=document.getElementById('f-family'), rule=document.getElementById('f-rule'), conf=document.getElementById('f-conf');
  function matches(el){
    if(fam.value && el.dataset.family!==fam.value) return false;
    if(rule.value && el.dataset.rule!==rule.value) return false;
    const c=parseFloat(el.dataset.confidence), t=parseFloat(conf.value);
    if(conf.value && (t>=0 ? c<t : c>=-t)) return false;
    return true;
  }
  function apply(){
    let shown=0, docs=0;
    for(const doc of document.querySelectorAll('.doc')){
      let any=false;
      for(const el of doc.querySelectorAll('.change')){
        const ok=matches(el); el.classList.toggle('muted', !ok); if(ok){any=true; shown++;}
      }
      const filtering = fam.value||rule.value||conf.value;
      doc.classList.toggle('hidden', !!filtering && !any);
      if(!doc.classList.contains('hidden')) docs++;
    }
    document.getElementById('n-shown').textContent = 'Shown: '+shown+' changes in '+docs+' documents.';
  }
  for(const s of [fam,rule,conf]) s.addEventListener('change', apply);
  // a link can carry the filters: report.html#family=boilerplate&conf=0.9
  const wanted=new URLSearchParams(location.hash.slice(1));
  if(wanted.has('family')) fam.value=wanted.get('family');
  if(wanted.has('rule')) rule.value=wanted.get('rule');
  if(wanted.has('conf')) conf.value=wanted.get('conf');
  apply();
})();
"""
