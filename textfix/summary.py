"""What a `textfix clean`/`check` run reports: the closing counts on stderr, and `check`'s
report (items rendered as they come, or gathered for the formats that need them all)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import TYPE_CHECKING, Optional

from . import io
from .report import render
from .tasks import Done

if TYPE_CHECKING:  # the run that owns this (no import at run time: corpus imports this module)
    from .corpus import Run


class Summary:
    """Counts for the closing line on stderr, and the errors printed on the way."""

    def __init__(self, verb: str):
        self.verb = verb
        self.files = self.changed = self.errors = 0
        self.records = self.records_changed = self.skipped = self.missing = 0
        self.jsonl = False
        self.rules: Counter = Counter()
        self.repeated: Counter = Counter()  # --learn-repeats: source -> lines removed
        self.progress = None

    def add(self, done: Done) -> None:
        self.records += done.records
        self.records_changed += done.records_changed
        self.skipped += done.skipped
        self.missing += done.missing
        self.rules.update(done.counts)
        self.repeated.update(done.repeated)

    def fail(self, where: str, reason: str, file: bool = True) -> None:
        self.files += file
        self.errors += 1
        if self.progress is not None:
            self.progress.clear()
        print(f"textfix: {io.shown(where)}: {reason}", file=sys.stderr)

    def line(self) -> str:
        """`textfix: 3 files, 2 changed, 5 changes (mojibake 5), 0 errors`."""
        parts = [_count(self.files, "file"), f"{self.changed} {self.verb}"]
        if self.jsonl:
            parts.append(f"{_count(self.records, 'record')} ({self.records_changed} {self.verb})")
        changes = _count(sum(self.rules.values()), "change")
        families = Counter()
        for rule, n in self.rules.items():
            families[rule.split(".")[0]] += n
        if families:
            changes += " (" + ", ".join(f"{f} {n}" for f, n in sorted(families.items(), key=lambda x: (-x[1], x[0]))) + ")"
        parts += [changes, _count(self.errors, "error")]
        if self.skipped:
            parts.append(f"{_count(self.skipped, 'bad record')} kept unchanged")
        if self.missing:
            parts.append(f"{_count(self.missing, 'missing or null text field')} skipped")
        return "textfix: " + ", ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"



class CheckReport:
    """`check`'s report: items rendered as they come (or kept for json, sarif, the page, the
    statistics), written to stdout or, whole at the end, to `-o FILE`."""

    def __init__(self, run: "Run"):
        args = run.args
        self.summary = run.summary
        self.kind = getattr(args, "output_format", None) or "text"
        self.statistics = bool(args.statistics)
        self.output = getattr(args, "output", None)
        self.buffer: list = []  # what goes to -o FILE
        self.write = self.buffer.append if self.output else io.write_report
        color = render.use_color(getattr(args, "color", "never"), sys.stdout) and not self.output
        self._rules: Optional[dict] = None
        self.renderer = render.Renderer(self.kind, self.write, color=color, shown=io.shown,
                                        version=_version(), rules=None)
        self.page = _collector(args) if self.kind == "html" else None

    def rules(self) -> dict:
        """Rule id -> what it does (for sarif, the page, the statistics)."""
        if self._rules is None:
            import textfix

            self._rules = {rule.id: rule.description for rule in textfix.default_pipeline(("all",)).rules}
        return self._rules

    def add(self, done: Done) -> None:
        if done.report:
            self.write(done.report)
        if self.page is not None:
            self.page.count(done.items)
            for doc in done.docs:
                self.page.offer(doc)
        elif not self.statistics:
            self.renderer.add(done.items)

    def finish(self) -> None:
        """Close the format, or print the statistics, and write -o FILE."""
        if self.page is not None:
            from .report import html as report_html  # (see _collector)

            self.write(report_html.page(self.page, rules=self.rules(), files=self.summary.files))
        elif self.statistics:
            counts = self.summary.rules
            if self.kind == "json":
                rows = [{"rule": rule, "count": n, "description": self.rules().get(rule, "")}
                        for rule, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]
                self.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
            else:
                self.write("".join(line + "\n" for line in render.statistics(counts, self.rules())))
        else:
            self.renderer.rules = self.rules() if self.kind == "sarif" else {}
            self.renderer.finish()
        if self.output:
            io.write_atomic(self.output, "".join(self.buffer).encode("utf-8"))


def _version() -> str:
    from . import __version__

    return __version__


def _collector(args):
    """The html page's sampler. Imported here, not at the top: the page's module (and the
    `html` module's entity table) is loaded only by runs that write a page."""
    from .report import html as report_html

    return report_html.Collector(getattr(args, "max_docs", report_html.MAX_DOCS))
