"""Peak memory of `textfix clean` on one large document, against its size (issue 12, item 8).

    python3 bench/bench_memory.py              # 16 MB inputs (a minute or two)
    python3 bench/bench_memory.py --mb 100     # the issue's sizes need several GB of RAM today

Each case is a file of `--mb` MB run through `textfix clean -i` in its own process; the peak
resident memory (`wait4`) is reported as MB, and what it adds to the same command's peak on
an empty file (the interpreter, the modules, the rules) as a multiple of the input size, next to
ftfy's `fix_text` on the same text in the same way (ftfy has no command for files, so a
one-line Python program reads the file, fixes it and writes it). Target from the issue:
<= 5x the size of one large document; <= 200 MB for JSONL shards whatever their size
(bench_scale.py measures shards).

Cases: `paragraphs` (news-like text, 60 % clean English, 30 % typographic, 10 %
mojibake, from datagen.py), `short-lines` (the same words, one short line each),
`one-line` (one line of the whole size), `jsonl-field` (one JSONL record whose text field
is the whole size), and, when `../shared/eval/boilerplate-web` is there, `real-pages`
(real text extracted from web pages, news among them, joined by blank lines into one file,
as a dump of scraped articles is; outside data, read in place, never copied into the repo).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = ("paragraphs", "short-lines", "one-line", "jsonl-field", "real-pages")
PAGES = os.path.join(HERE, "..", "..", "shared", "eval", "boilerplate-web", "cases")


def case_paths(folder: str) -> dict:
    return {name: os.path.join(folder, f"{name}.jsonl" if name == "jsonl-field" else f"{name}.txt") for name in CASES}


def real_pages(size: int) -> str:
    """About `size` bytes of the web pages' extracted text, joined by blank lines ("" without them)."""
    if not os.path.isdir(PAGES):
        return ""
    pages, total = [], 0
    names = sorted(n for n in os.listdir(PAGES) if n.endswith(".txt"))
    while names and total < size:
        for name in names:
            with open(os.path.join(PAGES, name), encoding="utf-8", errors="replace") as f:
                page = f.read()
            pages.append(page)
            total += len(page.encode("utf-8")) + 2
            if total >= size:
                break
    return "\n\n".join(pages)


def make_cases(folder: str, size: int) -> None:
    """Write the inputs, each about `size` bytes (run in a child process: a process started
    by fork counts its parent's memory in its own peak, so the parent must stay small)."""
    sys.path.insert(0, HERE)
    from bench_scale import document_pool

    docs = document_pool(4.0)
    text = "\n\n".join(docs)
    body = (text * (size // len(text.encode("utf-8")) + 1))[:size]
    cases = {
        "paragraphs": body,
        "short-lines": "\n".join(body.split()),
        "one-line": body.replace("\n", " "),
    }
    pages = real_pages(size)
    if pages:
        cases["real-pages"] = pages
    paths = case_paths(folder)
    for name, value in cases.items():
        with open(paths[name], "w", encoding="utf-8") as f:
            f.write(value)
    with open(paths["jsonl-field"], "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": 1, "text": body}, ensure_ascii=False) + "\n")


def peak(command: list) -> tuple:
    """(peak RSS in bytes, exit code) of `command`."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


FTFY = ("import sys, ftfy; p = sys.argv[1]; t = open(p, encoding='utf-8').read(); "
        "open(p, 'w', encoding='utf-8').write(ftfy.fix_text(t))")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=16)
    parser.add_argument("--case", action="append", help="only these cases (repeatable)")
    parser.add_argument("--write", metavar="FOLDER", help=argparse.SUPPRESS)  # the child that writes the inputs
    args = parser.parse_args(argv)
    size = int(args.mb * 1e6)
    if args.write:
        make_cases(args.write, size)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, os.path.abspath(__file__), "--mb", str(args.mb), "--write", folder], check=True)
        paths = case_paths(folder)
        empty = os.path.join(folder, "empty.txt")
        open(empty, "w").close()
        base_ours = peak([sys.executable, "-m", "textfix", "clean", "-i", empty])[0]
        base_theirs = peak([sys.executable, "-c", FTFY, empty])[0]
        print(f"empty file: textfix {base_ours / 1e6:.0f} MB, ftfy {base_theirs / 1e6:.0f} MB")
        print("| case | input | textfix peak | added, x input | ftfy peak | added, x input |")
        print("|---|---|---|---|---|---|")
        for name, path in paths.items():
            if (args.case and name not in args.case) or not os.path.exists(path):
                continue
            n = os.path.getsize(path)
            shutil.copyfile(path, path + ".orig")
            ours, code = peak([sys.executable, "-m", "textfix", "clean", "-i", path])
            shutil.copyfile(path + ".orig", path)
            theirs, _ = peak([sys.executable, "-c", FTFY, path]) if name != "jsonl-field" else (0, 0)
            ftfy_cells = f"{theirs / 1e6:.0f} MB | {(theirs - base_theirs) / n:.1f}x" if theirs else "- | -"
            print(f"| {name} | {n / 1e6:.1f} MB | {ours / 1e6:.0f} MB (exit {code}) | {(ours - base_ours) / n:.1f}x "
                  f"| {ftfy_cells} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
