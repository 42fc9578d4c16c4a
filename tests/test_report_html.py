"""The review page as a reader sees it: rendered by headless Chromium (Debian's `chromium`).

`.ci/run` installs chromium when it is missing; these tests skip only when no chromium
binary can be found. A screenshot of the page stays under pytest's tmp directory.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"
# real pages: boilerplate to strike through, mojibake to repair, and clean text to leave alone
PAGES = ["bp-nav", "bp-related", "bp-social", "bp-newsletter-paywall", "double-encoding", "c1-controls",
         "html-entities", "clean-multilingual"]
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (.ci/run installs Debian's chromium)")


def chromium(tmp_path, *args, timeout=120):
    """Run headless chromium with flags that keep it off the network and out of the home directory."""
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
           *args]
    return subprocess.run(cmd, capture_output=True, timeout=timeout, text=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The sample pages, copied, with a JSONL shard of two of them."""
    root = tmp_path_factory.mktemp("review")
    (root / "pages").mkdir()
    for name in PAGES:
        shutil.copy(SAMPLES / f"{name}.in.txt", root / "pages" / f"{name}.txt")
    records = [{"id": name, "text": (SAMPLES / f"{name}.in.txt").read_text("utf-8")} for name in ("bp-social", "double-encoding")]
    (root / "pages" / "shard.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return root


def textfix(*args, cwd):
    return subprocess.run([sys.executable, "-m", "textfix", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def report(corpus):
    """`textfix check pages --output-format html -o report.html`, and the log `clean` writes of the same run."""
    proc = textfix("check", "pages", "--output-format", "html", "-o", "report.html", cwd=corpus)
    assert proc.returncode == 1, proc.stderr
    log = textfix("clean", "pages", "--log", "log.jsonl", cwd=corpus)
    assert log.returncode == 0, log.stderr
    lines = (corpus / "log.jsonl").read_text("utf-8").split("\n")  # not splitlines: texts hold U+0085
    changes = [json.loads(line) for line in lines if line]
    return corpus / "report.html", [c for c in changes if c["type"] == "change"]


def test_page_is_self_contained(report):
    page = report[0].read_text("utf-8")
    assert "default-src 'none'" in page  # the browser is told to fetch nothing
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<link" not in page and "@import" not in page


@needs_chromium
def test_reader_sees_struck_lines_repairs_and_counts_that_match_the_log(report, tmp_path):
    path, changes = report
    proc = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", path.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    # the counts at the top are the log's
    assert re.search(rf'<b id="n-changes">{len(changes)}</b> changes', dom), dom[:3000]
    # the script ran: every change is shown before any filter is set
    assert f"Shown: {len(changes)} changes in" in dom
    # a removed navigation line of bp-nav is struck through, with its rule on hover
    removed = [c for c in changes if c["file"].endswith("bp-nav.txt") and c["after"] == ""]
    assert removed
    first = removed[0]["before"].strip().splitlines()[0]
    struck = re.findall(r'<del class="rm change" data-rule="([^"]+)"[^>]*title="([^"]+)"[^>]*>(.*?)</del>', dom, re.S)
    assert any(first in text and rule == removed[0]["rule"] and "confidence" in title for rule, title, text in struck)
    # a repaired character is highlighted: the old one struck, the new one inserted
    repair = next(c for c in changes if c["file"].endswith("double-encoding.txt"))
    assert f'<del>{repair["before"]}</del><ins>{repair["after"]}</ins>' in dom.replace("&amp;", "&")
    # the clean page shows nothing
    assert "clean-multilingual" not in dom


@needs_chromium
def test_filter_hides_what_does_not_match(report, tmp_path):
    path, changes = report
    proc = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", path.as_uri() + "#family=mojibake")
    dom = proc.stdout
    mojibake = [c for c in changes if c["rule"].startswith("mojibake.")]
    assert f"Shown: {len(mojibake)} changes in" in dom
    hidden = re.findall(r'<section class="doc hidden" data-families="([^"]*)"', dom)
    assert hidden and all("mojibake" not in families for families in hidden)


@needs_chromium
def test_screenshot_of_the_page(report, tmp_path):
    shot = tmp_path / "report.png"
    proc = chromium(tmp_path, "--virtual-time-budget=5000", "--window-size=1280,1600", f"--screenshot={shot}",
                    report[0].as_uri())
    assert proc.returncode == 0 and shot.exists(), proc.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
