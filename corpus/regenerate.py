#!/usr/bin/env python3
"""Run textfix on the corpus and show how its output differs from the stored expected output.

    python3 corpus/regenerate.py                  # diff every sample, change nothing
    python3 corpus/regenerate.py NAME...          # only these (NAME or seeds/NAME, samples/NAME)
    python3 corpus/regenerate.py --write [NAME...]  # overwrite NAME.expected.txt with the output

--write is for when a change to textfix is meant to change the output: rewrite, then review
every changed expected file with `git diff corpus/` before committing. It never touches
manifest.toml: a changed rule set is printed, and the manifest is edited by hand.
Samples marked known_failure are diffed but not counted, and --write leaves their
(correct) expected output alone unless they are named on the command line.
Exit status: 0 when every output matches, 1 when some differed (even if rewritten).

tests/test_corpus.py imports this file for `load_samples` and `clean_sample`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

CORPUS = Path(__file__).resolve().parent
GROUPS = ("seeds", "samples")


@dataclass
class Sample:
    """One entry of manifest.toml: `group/name` and its keys."""

    group: str
    name: str
    meta: dict

    @property
    def id(self) -> str:
        return f"{self.group}/{self.name}"

    @property
    def input_path(self) -> Path:
        json_path = CORPUS / self.group / f"{self.name}.in.json"
        return json_path if json_path.exists() else CORPUS / self.group / f"{self.name}.in.txt"

    @property
    def expected_path(self) -> Path:
        return CORPUS / self.group / f"{self.name}.expected.txt"

    @property
    def rules(self) -> set:
        return set(self.meta["rules"])

    @property
    def known_failure(self):
        return self.meta.get("known_failure")

    @property
    def options(self) -> dict:
        """Keyword arguments for textfix.clean."""
        options = {key: self.meta[key] for key in ("select", "ignore") if key in self.meta}
        config = {}
        if "min_confidence" in self.meta:
            config["min_confidence"] = self.meta["min_confidence"]
        if "rules_files" in self.meta:  # user rule packs, relative to corpus/
            config["rules"] = [str(path) for path in self.rules_files]
        if config:
            options["config"] = config
        return options

    @property
    def rules_files(self) -> list:
        return [CORPUS / name for name in self.meta.get("rules_files", [])]

    def read_input(self):
        """The input: raw bytes from NAME.in.txt, or a str from NAME.in.json (for text
        that has no byte form, such as lone surrogates)."""
        if self.input_path.suffix == ".json":
            return json.loads(self.input_path.read_text(encoding="utf-8"))
        return self.input_path.read_bytes()


def load_samples() -> list:
    manifest = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
    return [Sample(group, name, meta) for group in GROUPS for name, meta in manifest.get(group, {}).items()]


def unlisted_files(samples) -> list:
    """Files in seeds/ and samples/ that belong to no manifest entry, and entries without files."""
    problems = []
    known = set()
    for s in samples:
        known |= {s.input_path, s.expected_path}
        problems += [f"{s.id}: missing {p.name}" for p in (s.input_path, s.expected_path) if not p.exists()]
        problems += [f"{s.id}: missing rules file {p.relative_to(CORPUS)}" for p in s.rules_files if not p.is_file()]
    for group in GROUPS:
        problems += [f"not in manifest.toml: {group}/{p.name}" for p in sorted((CORPUS / group).iterdir()) if p not in known]
    return problems


def clean_sample(sample: Sample):
    import textfix

    return textfix.clean(sample.read_input(), **sample.options)


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _visible(line: str) -> str:
    """Show invisible characters (CR, controls, no-break space) in a diff line."""
    return "".join(ch if ch == "\n" or (ch.isprintable() and ch != "\xa0") else ascii(ch)[1:-1] for ch in line)


def diff(expected: bytes, actual: bytes, name: str) -> str:
    a = [_visible(line) for line in expected.decode("utf-8", "surrogateescape").splitlines(keepends=True)]
    b = [_visible(line) for line in actual.decode("utf-8", "surrogateescape").splitlines(keepends=True)]
    lines = difflib.unified_diff(a, b, f"{name} (expected)", f"{name} (textfix now)")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="overwrite the expected outputs that differ")
    parser.add_argument("names", nargs="*", metavar="NAME", help="samples to run (default: all)")
    args = parser.parse_args(argv)

    samples = load_samples()
    if args.names:
        wanted = set(args.names)
        unknown = wanted - {s.id for s in samples} - {s.name for s in samples}
        if unknown:
            parser.error(f"no such sample: {', '.join(sorted(unknown))}")
        samples = [s for s in samples if s.id in wanted or s.name in wanted]

    differ = 0
    for sample in samples:
        result = clean_sample(sample)
        actual, expected = as_bytes(result.text), sample.expected_path.read_bytes()
        rules = {c.rule for c in result.changes}
        note = f"  (known failure: {sample.known_failure})" if sample.known_failure else ""
        if actual != expected:
            sys.stdout.write(diff(expected, actual, sample.id))
            if sample.known_failure and not args.names:
                print(f"{sample.id}: output differs, as known{note}")
                continue  # --write keeps its correct expected output unless named
            differ += 1
            if args.write:
                sample.expected_path.write_bytes(actual)
                print(f"wrote {sample.expected_path.relative_to(CORPUS.parent)}{note}")
            else:
                print(f"{sample.id}: output differs{note}")
        if rules != sample.rules:
            print(f"{sample.id}: rules in the log {sorted(rules)}, manifest says {sorted(sample.rules)}{note}")
    print(f"{len(samples)} samples, {differ} with a different output" + (" (rewritten)" if args.write and differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
