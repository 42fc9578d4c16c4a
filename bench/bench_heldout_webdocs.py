#!/usr/bin/env python3
"""Boilerplate on pages of documentation sites no rule was written for, in 30 languages.

    python3 bench/bench_heldout_webdocs.py                    # fetch (cached), extract, clean, report
    python3 bench/bench_heldout_webdocs.py --list-lost 30     # content lines removed, with the rule
    python3 bench/bench_heldout_webdocs.py --learn-repeats    # each site's pages as one corpus

The HTML pages of 27 pinned Debian documentation packages: Sphinx sites in five themes
(Python's, alabaster, Pallets', Read the Docs, SQLAlchemy's and Django's own), the Debian
Administrator's Handbook in 26 languages (Publican), the Debian Reference, Maintainers' Guide
and Developer's Reference in other languages (DocBook, Sphinx), GTK-Doc (GLib), Javadoc
(Commons Lang), Doxygen (SDL) and Node.js's API pages. A page's own generator marks what is
its main text (`MAIN`: Sphinx's `role="main"`, Javadoc's `<main>`...) or what is furniture
around it (`FURNITURE`: DocBook's navigation header and footer...), so every line has an
exact label and none was labelled by hand or by a rule of textfix.

Each page becomes the text of the two naive extractors of `../shared/eval/boilerplate-web`
(`html-text` with `guess_layout`, and BeautifulSoup's `get_text("\\n")`; lines whitespace-
collapsed, empty ones dropped). A line is `content` when it comes from the main text and
`boilerplate` otherwise (the page title, menus, sidebars, breadcrumbs, previous/next links,
footers); html-text lines are matched in order against the main text's own extraction.
Reported per generator and per language, like `bench_boilerplate_web.py`: content lines kept
and boilerplate lines removed (a line counts as removed when all of it is gone), textfix
next to C4's line rules on the same lines.

Documentation pages hold what the boilerplate filter must keep (code, tables, API lists,
headings, licence text), so content kept is the number that matters; boilerplate removed
shows how far the rules and the model carry to sites of another genre. Nothing is written to
the repository; the packages are cached like the other held-out benches'.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import warnings
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath
from typing import Dict, Iterator, List, NamedTuple, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_boilerplate import c4_removed  # noqa: E402
from bench_boilerplate_web import textfix_removed  # noqa: E402
from build_correct_docs import Source, deb_members, fetch  # noqa: E402

SPHINX_MAIN = ('[role="main"]',)
DOCBOOK_FURNITURE = ("div.navheader", "div.navfooter")


class Site(NamedTuple):
    version: str
    generator: str
    lang: str  # "" when the path names it (the handbook)
    folder: str  # pages under it
    pages: int  # at most this many pages (per language for the handbook)
    main: Tuple[str, ...] = ()  # CSS selectors of the main text, or
    furniture: Tuple[str, ...] = ()  # of what surrounds it


SITES: Dict[str, Site] = {
    "python3.11-doc": Site("3.11.2-6+deb12u9", "sphinx-python", "en", "usr/share/doc/python3.11/html/", 30, SPHINX_MAIN),
    "sphinx-doc": Site("5.3.0-4", "sphinx-own", "en", "usr/share/doc/sphinx-doc/html/", 20, SPHINX_MAIN),
    "python-jinja2-doc": Site("3.1.2-1+deb12u3", "sphinx-pallets", "en", "usr/share/doc/python-jinja2-doc/html/", 10, SPHINX_MAIN),
    "python-flask-doc": Site("2.2.2-3", "sphinx-pallets", "en", "usr/share/doc/python-flask-doc/html/", 15, SPHINX_MAIN),
    "python-click-doc": Site("8.1.3-2", "sphinx-pallets", "en", "usr/share/doc/python-click-doc/html/", 10, SPHINX_MAIN),
    "python-requests-doc": Site("2.28.1+dfsg-1", "sphinx-alabaster", "en", "usr/share/doc/python-requests-doc/html/", 12, SPHINX_MAIN),
    "python-babel-doc": Site("2.10.3-1", "sphinx-alabaster", "en", "usr/share/doc/python-babel-doc/html/", 12, SPHINX_MAIN),
    "python-pytest-doc": Site("7.2.1-2", "sphinx-alabaster", "en", "usr/share/doc/python-pytest-doc/html/", 20, SPHINX_MAIN),
    "python-scrapy-doc": Site("2.8.0-2", "sphinx-rtd", "en", "usr/share/doc/python-scrapy-doc/html/", 15, SPHINX_MAIN),
    "python-cryptography-doc": Site("38.0.4-3+deb12u1", "sphinx-rtd", "en", "usr/share/doc/python-cryptography-doc/html/", 15, SPHINX_MAIN),
    "python-sqlalchemy-doc": Site("1.4.46+ds1-1", "sphinx-sqlalchemy", "en", "usr/share/doc/python-sqlalchemy-doc/html/", 20, SPHINX_MAIN),
    "python-django-doc": Site("3:3.2.25-0+deb12u7", "sphinx-django", "en", "usr/share/doc/python-django-doc/html/", 20, ("#yui-main",)),
    "developers-reference-fr": Site("12.18", "sphinx-debian", "fr", "usr/share/developers-reference/fr/", 6, SPHINX_MAIN),
    "developers-reference-de": Site("12.18", "sphinx-debian", "de", "usr/share/developers-reference/de/", 6, SPHINX_MAIN),
    "debian-handbook": Site("11.20220922", "publican", "", "usr/share/doc/debian-handbook/html/", 5,
                            furniture=("#banner", "p#title", "ul.docnav")),
    **{f"debian-reference-{lang}": Site("2.100", "docbook", lang.split("-")[0], "usr/share/debian-reference/", 4,
                                         furniture=DOCBOOK_FURNITURE)
       for lang in ("de", "es", "fr", "it", "ja", "pt", "zh-cn")},
    "maint-guide-es": Site("1.2.53", "docbook", "es", "usr/share/doc/maint-guide-es/html/", 5, furniture=DOCBOOK_FURNITURE),
    "maint-guide-ja": Site("1.2.53", "docbook", "ja", "usr/share/doc/maint-guide-ja/html/", 5, furniture=DOCBOOK_FURNITURE),
    "libglib2.0-doc": Site("2.74.6-2+deb12u9", "gtk-doc", "en", "usr/share/gtk-doc/html/", 20,
                           furniture=("table.navigation", "div.footer")),
    "libcommons-lang3-java-doc": Site("3.12.0-2+deb12u1", "javadoc", "en", "usr/share/doc/libcommons-lang3-java/api/", 15, ("main",)),
    "libsdl2-doc": Site("2.26.5+dfsg-1", "doxygen", "en", "usr/share/doc/libsdl2-doc/html/", 15, ("div.header", "div.contents")),
    "nodejs-doc": Site("18.20.4+dfsg-1~deb12u3", "nodejs", "en", "usr/share/doc/nodejs/api/", 15, ("#apicontent",)),
}
INSIDE_FURNITURE = ("a.headerlink",)  # Sphinx's ¶ anchors inside headings
MAX_PAGE_BYTES = 150_000
HIDDEN = ("script", "style", "template", "noscript")


class Case(NamedTuple):
    site: str
    generator: str
    lang: str
    extractor: str
    page: str
    lines: List[str]
    labels: List[str]  # content | boilerplate


def _collapse(text: str) -> List[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.split()]


def _pages(package: str, site: Site, cache: Path) -> Iterator[Tuple[str, bytes, str]]:
    """(path, html, language) of the site's pages, spread evenly over its sorted pages."""
    source = Source("debian", package, site.version, "see the package's copyright file", None, 0)
    members = deb_members(fetch(source, cache))
    pages = defaultdict(list)
    for path, data in sorted(members.items()):
        if not path.startswith(site.folder) or not path.endswith((".html", ".html.gz")):
            continue
        if path.endswith(".gz"):
            data = gzip.decompress(data)
        if len(data) > MAX_PAGE_BYTES:
            continue
        lang = site.lang or PurePosixPath(path[len(site.folder):]).parts[0].split("-")[0]
        if site.lang and package.startswith("debian-reference") and not path.endswith(f".{package[17:]}.html"):
            continue
        pages[lang].append((path, data))
    for lang, found in sorted(pages.items()):
        step = max(1, len(found) // site.pages)
        start = sum(map(ord, lang)) % step  # the handbook's languages: not all the same pages
        for path, data in found[start::step][: site.pages]:
            yield path, data, lang


def _marked(soup, selectors) -> set:
    return {id(el) for sel in selectors for el in soup.select(sel)}


def _is_content(node, main: set, furniture: set, site: Site) -> bool:
    inside_main = not site.main
    for parent in node.parents:
        if id(parent) in furniture:
            return False
        if id(parent) in main:
            inside_main = True
    return inside_main


def bs4_case(soup, site: Site) -> Tuple[List[str], List[str]]:
    """The bs4 extractor's lines, each labelled by where its text node sits."""
    import bs4

    main = _marked(soup, site.main)
    furniture = _marked(soup, site.furniture + INSIDE_FURNITURE)
    lines, labels = [], []
    for node in soup.find_all(string=True):
        if isinstance(node, (bs4.Comment, bs4.Doctype, bs4.ProcessingInstruction, bs4.Declaration)):
            continue
        if any(p.name in HIDDEN for p in node.parents):
            continue
        label = "content" if _is_content(node, main, furniture, site) else "boilerplate"
        for line in _collapse(str(node)):
            lines.append(line)
            labels.append(label)
    return lines, labels


def html_text_case(html: bytes, soup, site: Site) -> Tuple[List[str], List[str]]:
    """html-text's lines, labelled content when they match, in order, the lines html-text
    gives for the main text alone."""
    import html_text

    lines = _collapse(html_text.extract_text(html.decode("utf-8", "replace"), guess_layout=True))
    for el in soup.select(",".join(site.furniture + INSIDE_FURNITURE)):
        el.decompose()
    if site.main:
        main_html = "".join(str(el) for el in soup.select(",".join(site.main)))
    else:
        if soup.head:
            soup.head.decompose()
        main_html = str(soup)
    wanted = _collapse(html_text.extract_text(main_html, guess_layout=True))
    labels, at = [], 0
    for line in lines:
        if at < len(wanted) and line == wanted[at]:
            labels.append("content")
            at += 1
        else:
            labels.append("boilerplate")
    return lines, labels


def cases(cache: Path) -> Iterator[Case]:
    import bs4

    warnings.filterwarnings("ignore", category=bs4.XMLParsedAsHTMLWarning)
    for package, site in SITES.items():
        for path, html, lang in _pages(package, site, cache):
            page = f"{package}:{path[len(site.folder):]}"
            lines, labels = bs4_case(bs4.BeautifulSoup(html, "lxml"), site)
            yield Case(package, site.generator, lang, "bs4", page, lines, labels)
            lines, labels = html_text_case(html, bs4.BeautifulSoup(html, "lxml"), site)
            yield Case(package, site.generator, lang, "html-text", page, lines, labels)


def learned_packs(all_cases: List[Case], directory: str):
    """(site, extractor) -> the pack textfix.repeats learns from that site's pages (as
    `textfix clean --learn-repeats` does for a folder of one site), written in `directory`."""
    from textfix import repeats

    def documents():
        for case in all_cases:
            yield f"{case.site}|{case.extractor}", case.page, "\n".join(case.lines) + "\n"

    paths = repeats.write_packs(repeats.learn_sources(documents), directory)
    return {tuple(source.split("|")): path for source, path in paths.items()}


def score(all_cases: List[Case], packs=None, list_lost=0):
    stats = defaultdict(Counter)
    lost = []
    for case in all_cases:
        if not case.lines:
            continue
        text = "\n".join(case.lines) + "\n"
        extra = packs.get((case.site, case.extractor)) if packs else None
        removed = textfix_removed(text, packs=[extra] if extra else ())
        c4 = c4_removed(case.lines)
        for group in ("all", f"gen:{case.generator}", f"lang:{case.lang}", f"ext:{case.extractor}"):
            s = stats[group]
            s["pages"] += case.extractor == "bs4" or group.startswith("ext:")  # (each page is two cases)
            for label, rule, c4_gone in zip(case.labels, removed, c4):
                s[label] += 1
                s[f"{label}_tf"] += rule is not None
                s[f"{label}_c4"] += bool(c4_gone)
        for line, label, rule in zip(case.lines, case.labels, removed):
            if label == "content" and rule is not None:
                lost.append((rule, case.page, case.extractor, line))
    return stats, lost


def pct(a, b):
    return f"{100 * a / b:.2f}" if b else "-"


def table(stats) -> None:
    print("| group | pages | content lines | boilerplate lines | textfix: content kept % | boilerplate removed % "
          "| C4: content kept % | boilerplate removed % |")
    print("|---|---|---|---|---|---|---|---|")
    order = sorted(stats, key=lambda g: (g != "all", not g.startswith("gen:"), not g.startswith("ext:"), g))
    for group in order:
        s = stats[group]
        print(f"| {group} | {s['pages']} | {s['content']} | {s['boilerplate']} "
              f"| {pct(s['content'] - s['content_tf'], s['content'])} | {pct(s['boilerplate_tf'], s['boilerplate'])} "
              f"| {pct(s['content'] - s['content_c4'], s['content'])} | {pct(s['boilerplate_c4'], s['boilerplate'])} |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "textfix-bench" / "packages")
    ap.add_argument("--list-lost", type=int, default=0, help="list this many content lines removed, per rule")
    ap.add_argument("--learn-repeats", action="store_true", help="clean each site's pages with the pack learned from them")
    args = ap.parse_args(argv)
    all_cases = list(cases(args.cache))
    stats, lost = score(all_cases)
    print("## default pipeline")
    table(stats)
    rules = Counter(rule for rule, *_ in lost)
    print("\ncontent lines removed, by rule:", dict(rules.most_common()))
    shown = Counter()
    for rule, page, extractor, line in lost:
        if shown[rule] < args.list_lost:
            shown[rule] += 1
            print(f"  {rule}  {page} [{extractor}]  {line[:100]!r}")
    if args.learn_repeats:
        with tempfile.TemporaryDirectory() as directory:
            stats, lost = score(all_cases, packs=learned_packs(all_cases, directory))
        print("\n## with each site's learned repeats")
        table(stats)
        print("\ncontent lines removed, by rule:", dict(Counter(rule for rule, *_ in lost).most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
