"""Which files a command line names: files as given, directories walked recursively.

Inside a directory:
- hidden files and folders (name starting with `.`) and version-control folders
  (`.git`, `.hg`, `.svn`, `.bzr`, `_darcs`, `CVS`) are skipped;
- a file is taken when its path matches `include` (by default the text and JSONL
  suffixes below, optionally compressed) and matches neither `exclude` (by default
  virtual environments, `node_modules`, `__pycache__`, `site-packages`) nor
  `extend-exclude`;
- symbolic links are not followed: a walk never leaves the tree, never loops, and what a
  link points to inside the tree is walked under its own name (a file named on the
  command line is read through its link, and `-i` writes to the link's target);
- each file is processed once, however many names lead to it.

Patterns are Python regular expressions searched (`re.search`) in the path relative to
the directory that was named, with `/` between parts; a directory's path ends with `/`,
so `drafts/` prunes every folder called `drafts`. A file named on the command line is
always taken, whatever the patterns say.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable, Iterator, Optional, Sequence

DEFAULT_INCLUDE = r"\.(txt|text|md|markdown|rst|jsonl|ndjson)(\.(gz|bz2|xz|zst))?$"
DEFAULT_EXCLUDE = r"(^|/)(node_modules|__pycache__|site-packages|venv|env|virtualenv)/"
VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS"})


@dataclass(frozen=True)
class Patterns:
    """Compiled include/exclude patterns (None: that kind of pattern is not used)."""

    include: Optional["re.Pattern"]
    exclude: Optional["re.Pattern"]
    extend_exclude: Optional["re.Pattern"]

    @classmethod
    def from_options(cls, options: dict) -> "Patterns":
        """From the `include`, `exclude`, `extend_exclude` options (tuples of regexes; defaults as above)."""
        include = options.get("include", (DEFAULT_INCLUDE,))
        exclude = options.get("exclude", (DEFAULT_EXCLUDE,))
        return cls(combine(include), combine(exclude), combine(options.get("extend_exclude", ())))

    def excluded(self, relative: str) -> bool:
        return any(p is not None and p.search(relative) for p in (self.exclude, self.extend_exclude))

    def wanted(self, relative: str) -> bool:
        """True for a file path (relative, `/`-separated) that the walk takes."""
        if self.include is not None and not self.include.search(relative):
            return False
        return not self.excluded(relative)


def combine(patterns: Sequence[str]) -> Optional["re.Pattern"]:
    """One regex matching any of `patterns`, or None for none.

    >>> combine(["a/", r"\\.bak$"]).search("x/y.bak") is not None
    True
    """
    patterns = [p for p in patterns if p]
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def expand(paths: Sequence[str], patterns: Patterns, on_error: Callable[[str, OSError], None],
           on_empty: Optional[Callable[[str], None]] = None) -> Iterator[str]:
    """Every file to process, in command-line order; directories walked in sorted order.

    `-` (standard input) and names that are not directories are yielded as given (a
    missing file is reported later, when it is read). `on_error(path, error)` is called
    for a directory that cannot be listed; the walk goes on with the rest.
    `on_empty(path)` is called for a directory named in `paths` that gave no file.
    """
    seen: set = set()
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            empty = True
            for found in _walk(path, "", patterns, on_error):
                if _first(found, seen):
                    empty = False
                    yield found
            if empty and on_empty is not None:
                on_empty(path)
        elif _first(path, seen):
            yield path


def _first(path: str, seen: set) -> bool:
    """True the first time a file (by its real path) comes up."""
    real = os.path.realpath(path)
    if real in seen:
        return False
    seen.add(real)
    return True


def _walk(top: str, relative: str, patterns: Patterns, on_error) -> Iterator[str]:
    directory = os.path.join(top, relative) if relative else top
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as error:
        on_error(directory, error)
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name in VCS_DIRS:
            continue
        rel = f"{relative}{name}"
        try:
            if entry.is_symlink():
                continue
            if entry.is_dir(follow_symlinks=False):
                if not patterns.excluded(rel + "/"):
                    yield from _walk(top, rel + "/", patterns, on_error)
                continue
            if not entry.is_file(follow_symlinks=False):
                continue  # sockets, fifos, devices
        except OSError:
            continue
        if patterns.wanted(rel):
            yield os.path.join(top, rel)

