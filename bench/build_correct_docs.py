#!/usr/bin/env python3
"""Build the correct-documents set: real documents that are not web pages, in many languages.

    python3 bench/build_correct_docs.py                    # fetch (cached) and write the set
    python3 bench/build_correct_docs.py --cache DIR --out FILE

Issues 13 and 14 need correct text of other genres than news pages, to prove that no filter
changes it: translated man pages, a translated reference manual, message catalogues,
documentation with code, release notes and changelogs, licences and READMEs. They come from
packages fetched with the registries' own clients (apt-get download, pip download --no-deps,
npm pack), pinned to a version, so the set can be rebuilt:

- Debian man pages in 24 languages (manpages-xx), rendered to text with `man -l` (groff,
  MANWIDTH=80, LC_ALL=C.UTF-8) as a reader or a scraper of man pages gets them;
- the Debian Reference in 7 languages and the Debian FAQ in 9 (their .txt editions, cut at the
  N.M. sections); the Developers' Reference's (English) Sphinx sources; Debian's release dedications;
- gettext catalogues of Django, Sphinx, django-allauth and humanize: a document is the msgstr
  texts of one .po file, unescaped, one per line, in file order (the header entry left out);
- Django's English documentation and release notes (reStructuredText with code, URLs, regexes);
- the licences of Debian's base-files; READMEs of npm packages and of PyPI wheels (their METADATA
  long description) for Russian, Persian, Thai, Vietnamese and Japanese NLP libraries.

Every document keeps its exact text (no normalisation); its record names the package, version,
registry, path inside the package, licence, language and genre. Documents are deduplicated by
text, kept between MIN_CHARS and MAX_CHARS, and capped per package. The output is one gzip
JSONL (deterministic: no timestamp in the gzip header), sorted by id.

Nothing here reads ../shared/eval.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "correct_docs.jsonl.gz"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "textfix-bench" / "correct-docs"
MIN_CHARS, MAX_CHARS = 400, 60_000

MANPAGE_LANGS = ["cs", "da", "de", "el", "es", "fi", "fr", "hu", "id", "it", "ja", "mk", "nb", "nl", "pl",
                 "pt-br", "ro", "ru", "sr", "sv", "tr", "uk", "vi", "zh"]
MANPAGES_L10N = "GPL-3+ (manpages-l10n translations); original pages under their own DFSG-free licences"
MANPAGE_LICENCE = {"ja": "JM Project translations: the original pages' DFSG-free licences (GPL for pages without one)",
                   "tr": "GPL (Turkish Linux Documentation WG translations); original pages' licences kept",
                   "zh": "GFDL-1.2+/GPL-2+/public domain per file (Chinese man page projects)"}
MANPAGE_VERSION = {"ja": "0.5.0.0.20221215+dfsg-1", "tr": "2.0.6-2", "zh": "1.6.4.0-1", "hu": "1:4.18.1-1",
                   "pl": "1:4.18.1-1"}
REFERENCE_LANGS = ["de", "es", "fr", "it", "ja", "pt", "zh-cn"]
FAQ_LANGS = ["de", "fr", "it", "ja", "ko", "nl", "pt", "ru", "zh-cn"]
DJANGO_CATALOGUES = ["ar", "be", "bg", "bn", "ca", "cy", "et", "eu", "fa", "ga", "he", "hi", "hy", "is", "ka",
                     "kk", "km", "ko", "lt", "lv", "ml", "my", "ne", "sk", "sl", "sq", "sw", "ta", "th", "ur"]


@dataclass
class Doc:
    """One document and where it came from."""

    id: str
    package: str
    version: str
    registry: str
    path: str
    licence: str
    lang: str
    genre: str
    text: str


@dataclass(frozen=True)
class Source:
    """A pinned package and the function that yields its documents (at most `cap` are kept)."""

    registry: str  # debian | pypi | npm
    package: str
    version: str
    licence: str
    extract: Callable[["Source", Path], Iterator[Doc]]
    cap: int


# ------------------------------------------------------------------ fetching

def fetch(source: Source, cache: Path) -> Path:
    """The package file in the cache, downloaded with its registry's client when missing."""
    folder = cache / source.registry
    folder.mkdir(parents=True, exist_ok=True)
    found = _cached(source, folder)
    if found:
        return found
    if source.registry == "debian":
        cmd = ["apt-get", "download", f"{source.package}={source.version}"]
    elif source.registry == "pypi":
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", ".", f"{source.package}=={source.version}"]
        if source.package == "Django":
            cmd[4:4] = ["--no-binary", ":all:"]  # the sdist holds the docs
    else:
        cmd = ["npm", "pack", "--silent", f"{source.package}@{source.version}"]
    subprocess.run(cmd, cwd=folder, check=True, stdout=subprocess.DEVNULL)
    found = _cached(source, folder)
    if not found:
        raise FileNotFoundError(f"{source.registry} {source.package} {source.version}: nothing downloaded into {folder}")
    return found


def _cached(source: Source, folder: Path) -> Optional[Path]:
    version = source.version.replace(":", "%3a")  # how apt-get names a file of a version with an epoch
    stems = {source.package, source.package.replace("-", "_"), source.package.lower(),
             source.package.lower().replace("-", "_"), source.package.lstrip("@").replace("/", "-")}
    for path in sorted(folder.iterdir()):
        name = path.name
        if any(name.startswith(f"{s}_{version}") or name.startswith(f"{s}-{version}") for s in stems):
            return path
    return None


# ------------------------------------------------------------------ archives

def deb_members(deb: Path) -> Dict[str, bytes]:
    """Regular files of a .deb's data archive, by path without the leading './'."""
    listing = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, stdout=subprocess.PIPE).stdout
    out = {}
    with tarfile.open(fileobj=io.BytesIO(listing)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                out[member.name.lstrip("./")] = tar.extractfile(member).read()
    return out


def archive_members(path: Path) -> Dict[str, bytes]:
    """Regular files of a wheel, sdist or npm tarball."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n) for n in z.namelist() if not n.endswith("/")}
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def spread(paths: Iterable[str]) -> List[str]:
    """Paths in a fixed order that does not follow the alphabet (so a cap samples all sections)."""
    return sorted(paths, key=lambda p: hashlib.sha1(p.encode()).hexdigest())


# ------------------------------------------------------------------ man pages

def render_manpage(raw: bytes, name: str) -> Optional[str]:
    """The page as `man -l` prints it to a pipe, or None when groff cannot render it."""
    import tempfile
    suffix = ".gz" if name.endswith(".gz") else ""
    with tempfile.NamedTemporaryFile(suffix=f".{name.split('.')[-2 if suffix else -1]}{suffix}") as f:
        f.write(raw)
        f.flush()
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", MANWIDTH="80", MANPAGER="cat", PAGER="cat")
        env.pop("MANOPT", None)
        done = subprocess.run(["man", "-l", f.name], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if done.returncode != 0 or not done.stdout:
        return None
    text = done.stdout.decode("utf-8", errors="strict")
    if "\b" in text or "\x1b" in text:
        text = re.sub(r".\x08", "", text)
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return text


def manpages(source: Source, path: Path) -> Iterator[Doc]:
    lang = source.package.split("-", 1)[1]
    members = deb_members(path)
    pages = [p for p in members if re.match(r"usr/share/man/[^/]+/man\d/", p)]
    for page in spread(pages):
        raw = members[page]
        if raw[:2] == b"\x1f\x8b" and gzip.decompress(raw).lstrip().startswith(b".so "):
            continue  # a redirect to another page
        text = render_manpage(raw, page)
        if text:
            code = page.split("/")[3] if lang == "zh" else lang
            yield doc(source, page, code, "man-page", text)


# ------------------------------------------------------------------ books cut into sections

def book_sections(prefix: str, genre: str) -> Callable[[Source, Path], Iterator[Doc]]:
    """Sections N.M. of a book's text edition (the Debian Reference, the Debian FAQ), each an
    exact slice of it; the language is the package name after `prefix`."""
    def extract(source: Source, path: Path) -> Iterator[Doc]:
        lang = source.package[len(prefix):]
        members = deb_members(path)
        name = next(p for p in members if p.endswith(".txt.gz"))
        text = gzip.decompress(members[name]).decode("utf-8")
        # some translations put a no-break space after the number (1.1.\xa0Bases pour la console)
        starts = [m.start() for m in re.finditer(r"(?m)^\d+\.(?:\d+\.)?[ \xa0]\S", text)]
        sections = [(a, b) for a, b in zip(starts, starts[1:] + [len(text)]) if re.match(r"\d+\.\d+\.[ \xa0]", text[a:])]
        for a, b in spread_pairs(sections):
            yield doc(source, f"{name}#{a}:{text[a:a + 12].split()[0]}", lang, genre, text[a:b])
    return extract


def spread_pairs(pairs: Sequence[Tuple[int, int]]) -> List[Tuple[int, int]]:
    return sorted(pairs, key=lambda p: hashlib.sha1(repr(p).encode()).hexdigest())


def wheel_readme(lang: str) -> Callable[[Source, Path], Iterator[Doc]]:
    """The long description (the README) that a wheel's METADATA carries after its headers."""
    def extract(source: Source, path: Path) -> Iterator[Doc]:
        members = archive_members(path)
        name = next(m for m in members if m.endswith(".dist-info/METADATA"))
        body = members[name].decode("utf-8").split("\n\n", 1)[1]
        yield doc(source, f"{name} (long description)", lang, "readme", body)
    return extract


# ------------------------------------------------------------------ gettext catalogues

def po_msgstrs(data: str) -> List[str]:
    """The translated strings of a .po file, unescaped, in order; the header entry is skipped."""
    entries, field, parts = [], None, {}

    def close():
        if parts.get("msgid", "") != "" or "msgid_plural" in parts:
            entries.extend(v for k, v in sorted(parts.items()) if k.startswith("msgstr") and v)

    for line in data.splitlines():
        m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*")\s*$', line)
        if m:
            if m.group(1) in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in parts):
                close()
                parts = {}
            field = m.group(1)
            parts[field] = ast.literal_eval(m.group(2))
        elif line.startswith('"') and field:
            parts[field] += ast.literal_eval(line)
        elif not line.strip() or line.startswith("#"):
            field = None if not line.strip() else field
    close()
    return entries


def catalogues(pattern: str, languages: Optional[Sequence[str]] = None) -> Callable[[Source, Path], Iterator[Doc]]:
    """Documents from the .po files whose path matches `pattern` (its group 1 is the language)."""
    def extract(source: Source, path: Path) -> Iterator[Doc]:
        members = archive_members(path)
        found = {m: re.search(pattern, m) for m in members}
        chosen = [m for m, hit in found.items() if hit and (languages is None or hit.group(1) in languages)]
        for member in spread(chosen):
            strings = po_msgstrs(members[member].decode("utf-8"))
            yield doc(source, member, found[member].group(1).replace("_", "-"), "message-catalogue", "\n".join(strings) + "\n")
    return extract


# ------------------------------------------------------------------ plain files

def files(pattern: str, genre: str, lang: str = "en") -> Callable[[Source, Path], Iterator[Doc]]:
    """Documents that are whole text files whose path matches `pattern`."""
    def extract(source: Source, path: Path) -> Iterator[Doc]:
        members = deb_members(path) if source.registry == "debian" else archive_members(path)
        for member in spread(m for m in members if re.search(pattern, m)):
            try:
                yield doc(source, member, lang, genre, members[member].decode("utf-8"))
            except UnicodeDecodeError:
                continue
    return extract


def dedications(source: Source, path: Path) -> Iterator[Doc]:
    """The Debian release dedications, one translation per file (dedication-5.0.de.txt ...)."""
    members = deb_members(path)
    for member in spread(m for m in members if re.search(r"/dedication-[\d.]+\.[A-Za-z_]+\.txt$", m)):
        lang = {"cn": "zh-CN"}.get(member.split(".")[-2], member.split(".")[-2])
        try:
            yield doc(source, member, lang, "prose", members[member].decode("utf-8"))
        except UnicodeDecodeError:
            continue  # a few are in a legacy encoding: the set holds UTF-8 text as shipped


def combined(*parts: Tuple[Callable[[Source, Path], Iterator[Doc]], int]) -> Callable[[Source, Path], Iterator[Doc]]:
    """Several extractors over one package, each capped on its own (the package cap still holds)."""
    def extract(source: Source, path: Path) -> Iterator[Doc]:
        for fn, cap in parts:
            kept = 0
            for d in fn(source, path):
                if kept < cap and MIN_CHARS <= len(d.text) <= MAX_CHARS:
                    kept += 1
                    yield d
    return extract


def doc(source: Source, path: str, lang: str, genre: str, text: str) -> Doc:
    name = re.sub(r"[^A-Za-z0-9._/@+-]", "_", path)
    return Doc(f"{source.package}:{name}", source.package, source.version, source.registry, path, source.licence,
               language_tag(lang), genre, text)


def language_tag(code: str) -> str:
    """pt_BR, pt-br, zh_CN -> pt-BR, zh-CN (BCP 47 case): one spelling per language."""
    parts = code.replace("_", "-").split("-")
    return "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]])


# ------------------------------------------------------------------ the sources

def sources() -> List[Source]:
    out = []
    for lang in MANPAGE_LANGS:
        out.append(Source("debian", f"manpages-{lang}", MANPAGE_VERSION.get(lang, "4.18.1-1"),
                          MANPAGE_LICENCE.get(lang, MANPAGES_L10N), manpages, 12))
    for lang in REFERENCE_LANGS:
        out.append(Source("debian", f"debian-reference-{lang}", "2.100", "GPL-2+",
                          book_sections("debian-reference-", "reference-manual"), 6))
    for lang in FAQ_LANGS:
        out.append(Source("debian", f"debian-faq-{lang}", "11.1", "GPL-2+", book_sections("debian-faq-", "faq"), 4))
    # its translations ship the same English Sphinx sources (_sources), so one package is enough
    out.append(Source("debian", "developers-reference", "12.18", "GPL-2+",
                      files(r"_sources/[^/]+\.rst\.txt$", "sphinx-source"), 8))
    out += [
        Source("debian", "base-files", "12.4+deb12u15", "each licence's own terms (verbatim copying permitted)",
               files(r"usr/share/common-licenses/[A-Za-z0-9.-]+$", "licence"), 10),
        Source("pypi", "Django", "5.1.4", "BSD-3-Clause", combined(
            (catalogues(r"django/conf/locale/([^/]+)/LC_MESSAGES/django\.po$", DJANGO_CATALOGUES), 26),
            (files(r"docs/(?:topics|howto|ref)/[^/]+\.txt$", "documentation"), 7),
            (files(r"docs/releases/\d[^/]*\.txt$", "changelog"), 7)), 40),
        Source("pypi", "sphinx", "9.0.4", "BSD-2-Clause",
               catalogues(r"sphinx/locale/([^/]+)/LC_MESSAGES/sphinx\.po$"), 20),
        Source("pypi", "django-allauth", "65.22.1", "MIT",
               catalogues(r"allauth/locale/([^/]+)/LC_MESSAGES/django\.po$"), 15),
        Source("pypi", "humanize", "4.17.0", "MIT", catalogues(r"locale/([^/]+)/LC_MESSAGES/humanize\.po$"), 10),
        Source("debian", "debian-history", "2.28", "GPL-2+", dedications, 12),
        Source("pypi", "natasha", "1.6.0", "MIT", wheel_readme("ru"), 1),
        Source("pypi", "hazm", "0.10.0", "MIT", wheel_readme("fa"), 1),
        Source("pypi", "pythainlp", "5.4.0", "Apache-2.0", wheel_readme("th"), 1),
        Source("pypi", "underthesea", "9.5.0", "Apache-2.0", wheel_readme("vi"), 1),
        Source("pypi", "janome", "0.5.1", "Apache-2.0", wheel_readme("ja"), 1),
        Source("npm", "dayjs", "1.11.23", "MIT", files(r"^package/(?:README|CHANGELOG)\.md$", "readme"), 2),
        Source("npm", "swiper", "14.4.0", "MIT", files(r"^package/README\.md$", "readme"), 1),
        Source("npm", "element-plus", "2.14.9", "MIT", files(r"^package/README\.md$", "readme"), 1),
    ]
    return out


# ------------------------------------------------------------------ build

def collect(source: Source, cache: Path, seen: set) -> List[Doc]:
    """Up to source.cap new documents of one package (by text: a repeat elsewhere is skipped)."""
    kept: List[Doc] = []
    for d in source.extract(source, fetch(source, cache)):
        digest = hashlib.sha256(d.text.encode("utf-8")).hexdigest()
        if digest in seen or not MIN_CHARS <= len(d.text) <= MAX_CHARS:
            continue
        seen.add(digest)
        kept.append(d)
        if len(kept) >= source.cap:
            break
    return kept


def write(docs: Sequence[Doc], out: Path) -> None:
    """One JSON object per line, sorted by id, gzip without a timestamp: the same bytes every build."""
    out.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(json.dumps(asdict(d), ensure_ascii=False, sort_keys=True) + "\n"
                   for d in sorted(docs, key=lambda d: d.id))
    with open(out, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(body.encode("utf-8"))


def load(path: Path = OUT) -> List[dict]:
    """The documents of a built set (what the tests and the report read)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cache", type=Path, default=CACHE, help="where downloaded packages are kept (default %(default)s)")
    p.add_argument("--out", type=Path, default=OUT, help="the gzip JSONL to write (default %(default)s)")
    p.add_argument("--only", action="append", help="only this package (repeatable; for trying a source)")
    args = p.parse_args(argv)
    seen: set = set()
    docs: List[Doc] = []
    for source in sources():
        if args.only and source.package not in args.only:
            continue
        got = collect(source, args.cache, seen)
        print(f"{source.registry:7} {source.package:24} {source.version:24} {len(got):3} documents", file=sys.stderr)
        docs += got
    write(docs, args.out)
    langs = {d.lang for d in docs}
    genres = {d.genre for d in docs}
    print(f"{len(docs)} documents, {len(langs)} languages, {len(genres)} genres, "
          f"{sum(len(d.text) for d in docs) / 1e6:.2f} M characters -> {args.out} "
          f"({args.out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
