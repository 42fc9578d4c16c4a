#!/usr/bin/env python3
"""Encoding detection benchmark: charset-normalizer, chardet and textfix side by side.

    python3 bench/bench_encoding.py                 # every dataset, every detector
    python3 bench/bench_encoding.py --wrong         # also list what textfix gets wrong
    python3 bench/bench_encoding.py --only textfix  # one detector (repeatable)

Data (evaluation only, never copied into the repository) comes from ../shared/eval
(or --eval-dir): folder names carry the true encoding.

- ``encoding/chardet-tests``: real files, 51 encodings. A folder like
  ``windows-1250-hungarian`` means windows-1250; ``EUC-TW`` has no Python codec, so its one
  file cannot be scored and is left out (and said so).
- Western subset: the chardet-tests files in windows-1252, iso-8859-1 (and -15, latin-1).
- ``encoding/udhr-encoded-200``: 200-character UDHR excerpts in legacy code pages
  (folder ``codec-language``).
- 50-character excerpts: cut from the true decoding of those same files at character
  boundaries (consecutive 50-character windows, only those with a non-ASCII character,
  since pure ASCII reads the same in every candidate), re-encoded in the true encoding. For
  chardet-tests at most 8 windows per file, evenly spaced.
- ``mixed-encoding``: 20 byte strings mixing UTF-8 and Windows-1252 with the expected text;
  counted exact when the decoded text equals it.
- Two extra real-world checks: the English news article bodies of
  ``boilerplate-scrapinghub/gold.jsonl`` encoded in Windows-1252 (whole and as 50-character
  excerpts), and 30-character snippets of every UDHR text that Windows-1252 can encode.

"Right" means decoding with the chosen encoding gives the same text as decoding with the
true one (a leading BOM ignored on both sides). charset-normalizer and chardet decode
strictly with the name they return (no answer, or a failing decode, is wrong); textfix is
``textfix.decode.decode_bytes(data).text``. Speed is files per second over the whole
chardet-tests folder, detection and decoding included, best of --repeat runs (the detectors
interleaved within each run, so that a busy machine slows them alike).
"""

from __future__ import annotations

import argparse
import codecs
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
WESTERN = {"cp1252", "iso8859-1", "iso8859-15"}
EXCERPT = 50


@dataclass
class Sample:
    name: str
    data: bytes
    encoding: str  # the folder's encoding, as a Python codec name when Python has one
    truth: Optional[str]  # the true text, None when it cannot be decoded here

    @property
    def western(self) -> bool:
        return _codec(self.encoding) in WESTERN


def _codec(name: str) -> Optional[str]:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def true_text(data: bytes, encoding: str) -> Optional[str]:
    try:
        return _strip_bom(data.decode(encoding))
    except (LookupError, UnicodeDecodeError):
        return None


def chardet_tests_encoding(folder: str) -> str:
    """``windows-1250-hungarian`` -> ``windows-1250``; other folder names are encodings as they are."""
    match = re.match(r"^((?:iso-8859|windows)-\d+)-[a-z]+$", folder)
    return match.group(1) if match else folder


def load_folder(path: Path, udhr_style: bool) -> List[Sample]:
    samples = []
    for folder in sorted(p for p in path.iterdir() if p.is_dir()):
        encoding = folder.name.split("-", 1)[0] if udhr_style else chardet_tests_encoding(folder.name)
        for file in sorted(p for p in folder.iterdir() if p.is_file()):
            data = file.read_bytes()
            samples.append(Sample(f"{folder.name}/{file.name}", data, encoding, true_text(data, encoding)))
    return samples


def chardet_tests(eval_dir: Path) -> List[Sample]:
    return load_folder(eval_dir / "encoding" / "chardet-tests", udhr_style=False)


def udhr_encoded(eval_dir: Path) -> List[Sample]:
    return load_folder(eval_dir / "encoding" / "udhr-encoded-200", udhr_style=True)


def excerpts(samples: List[Sample], size: int = EXCERPT, per_file: Optional[int] = None) -> List[Sample]:
    """Consecutive `size`-character windows of each true text that hold a non-ASCII character,
    re-encoded in the true encoding; at most `per_file` of them, evenly spaced."""
    out = []
    for sample in samples:
        if sample.truth is None:
            continue
        encoder = _excerpt_encoding(sample.encoding)
        windows = []
        for start in range(0, len(sample.truth) - size + 1, size):
            window = sample.truth[start:start + size]
            if window.isascii():
                continue
            try:
                windows.append((start, window, window.encode(encoder)))
            except UnicodeEncodeError:
                continue
        if per_file and len(windows) > per_file:
            step = len(windows) / per_file
            windows = [windows[int(i * step)] for i in range(per_file)]
        out.extend(Sample(f"{sample.name}@{start}", data, sample.encoding, window) for start, window, data in windows)
    return out


def _excerpt_encoding(encoding: str) -> str:
    # a window of a BOM-marked file is re-encoded with a BOM again (decoding strips it)
    return {"utf-8-sig": "utf-8"}.get(encoding.lower(), encoding)


def mixed_cases(eval_dir: Path) -> List[Sample]:
    folder = eval_dir / "mixed-encoding"
    out = []
    for path in sorted(folder.glob("*.bin")):
        expected = path.with_name(path.name[: -len(".bin")] + ".expected.txt").read_text("utf-8")
        out.append(Sample(path.name, path.read_bytes(), "mixed", _strip_bom(expected)))
    return out


def news_cp1252(eval_dir: Path) -> List[Sample]:
    out = []
    path = eval_dir / "boilerplate-scrapinghub" / "gold.jsonl"
    for line in path.read_text("utf-8").splitlines():
        record = json.loads(line)
        text = record.get("articleBody") or ""
        try:
            data = text.encode("cp1252")
        except UnicodeEncodeError:
            continue
        if not data.isascii():
            out.append(Sample(record.get("page", "?")[:16], data, "cp1252", text))
    return out


def udhr_cp1252_snippets(eval_dir: Path, size: int = 30, per_file: int = 4) -> List[Sample]:
    out = []
    for path in sorted((eval_dir / "udhr").glob("*.txt")):
        text = path.read_text("utf-8")
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            continue
        taken = 0
        for start in range(0, len(text) - size, size * 7):
            window = text[start:start + size]
            if window.isascii():
                continue
            out.append(Sample(f"{path.name}@{start}", window.encode("cp1252"), "cp1252", window))
            taken += 1
            if taken >= per_file:
                break
    return out


# ---------------------------------------------------------------------------- detectors

def _decode_as(data: bytes, name: Optional[str]) -> Optional[str]:
    if not name:
        return None
    try:
        return _strip_bom(data.decode(name))
    except (LookupError, UnicodeDecodeError):
        return None


def charset_normalizer_text(data: bytes) -> Optional[str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return _decode_as(data, best.encoding) if best else None


def chardet_text(data: bytes) -> Optional[str]:
    import chardet

    return _decode_as(data, chardet.detect(data)["encoding"])


def textfix_text(data: bytes) -> Optional[str]:
    from textfix.decode import decode_bytes
    from textfix.errors import TextfixError

    try:
        return _strip_bom(decode_bytes(data).text)
    except TextfixError:
        return None


DETECTORS: Dict[str, Callable[[bytes], Optional[str]]] = {
    "charset-normalizer": charset_normalizer_text,
    "chardet": chardet_text,
    "textfix": textfix_text,
}


def versions() -> Dict[str, str]:
    out = {}
    for name, module in (("charset-normalizer", "charset_normalizer"), ("chardet", "chardet")):
        try:
            out[name] = __import__(module).__version__
        except Exception:  # pragma: no cover - depends on the machine
            out[name] = "not installed"
    import textfix

    out["textfix"] = textfix.__version__
    return out


def available(name: str) -> bool:
    try:
        DETECTORS[name](b"probe")
        return True
    except ImportError:
        return False


# ---------------------------------------------------------------------------- scoring

@dataclass
class Score:
    right: int
    total: int
    wrong: List[str]

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else float("nan")

    def cell(self) -> str:
        return f"{100 * self.share:6.2f}% ({self.right}/{self.total})"


def score(detect: Callable[[bytes], Optional[str]], samples: List[Sample]) -> Score:
    right, total, wrong = 0, 0, []
    for sample in samples:
        if sample.truth is None:
            continue
        total += 1
        if detect(sample.data) == sample.truth:
            right += 1
        else:
            wrong.append(sample.name)
    return Score(right, total, wrong)


def files_per_second(names: List[str], samples: List[Sample], repeat: int) -> Dict[str, float]:
    """Files per second per detector, best of `repeat` runs, the detectors interleaved in each."""
    best = {name: float("inf") for name in names}
    for _ in range(repeat):
        for name in names:
            detect = DETECTORS[name]
            start = time.perf_counter()
            for sample in samples:
                detect(sample.data)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: len(samples) / best[name] for name in names}


def datasets(eval_dir: Path) -> Dict[str, List[Sample]]:
    tests = chardet_tests(eval_dir)
    udhr = udhr_encoded(eval_dir)
    news = news_cp1252(eval_dir)
    return {
        "chardet-tests, whole files": tests,
        "  Western subset (cp1252, iso-8859-1/15)": [s for s in tests if s.western],
        "udhr-encoded-200": udhr,
        "udhr-encoded-200, 50-char excerpts": excerpts(udhr),
        "chardet-tests, 50-char excerpts (<=8/file)": excerpts(tests, per_file=8),
        "mixed UTF-8 + cp1252 (exact text)": mixed_cases(eval_dir),
        "extra: English news in cp1252, whole": news,
        "extra: English news in cp1252, 50-char": excerpts(news),
        "extra: UDHR 30-char snippets in cp1252": udhr_cp1252_snippets(eval_dir),
    }


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--only", action="append", choices=list(DETECTORS), help="detector(s) to run")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs for the speed line (best kept)")
    parser.add_argument("--wrong", action="store_true", help="list the samples textfix gets wrong")
    args = parser.parse_args(argv)

    if not (args.eval_dir / "encoding" / "chardet-tests").is_dir():
        print(f"evaluation data not found in {args.eval_dir}", file=sys.stderr)
        return 2
    names = [n for n in (args.only or list(DETECTORS)) if available(n)]
    textfix_text(b"warm up \xe9")  # builds textfix's character table once, outside the timings

    data = datasets(args.eval_dir)
    all_tests = data["chardet-tests, whole files"]
    unscorable = [s.name for s in all_tests if s.truth is None]
    print(f"versions: {', '.join(f'{k} {v}' for k, v in versions().items())}")
    if unscorable:
        print(f"left out (no Python codec for the true encoding): {', '.join(unscorable)}")
    width = max(len(k) for k in data) + 2
    print(f"\n{'dataset':<{width}}" + "".join(f"{n:>26}" for n in names))
    results: Dict[str, Dict[str, Score]] = {}
    for label, samples in data.items():
        results[label] = {n: score(DETECTORS[n], samples) for n in names}
        print(f"{label:<{width}}" + "".join(f"{results[label][n].cell():>26}" for n in names), flush=True)
    scorable = [s for s in all_tests if s.truth is not None]
    speeds = files_per_second(names, scorable, args.repeat)
    megabytes = sum(len(s.data) for s in scorable) / 1e6
    print(f"{'speed, chardet-tests (files/s)':<{width}}" + "".join(f"{speeds[n]:>26.1f}" for n in names))
    print(f"{'speed, chardet-tests (MB/s)':<{width}}" + "".join(f"{speeds[n] * megabytes / len(scorable):>26.2f}" for n in names))
    if args.wrong and "textfix" in names:
        for label, by_name in results.items():
            if by_name["textfix"].wrong:
                print(f"\ntextfix wrong on {label}:")
                for name in by_name["textfix"].wrong:
                    print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
