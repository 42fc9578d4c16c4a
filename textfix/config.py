"""Command line options: `[tool.textfix]` in the nearest pyproject.toml, overridden by flags.

Keys: `select`, `ignore` (a list or a comma-separated string of rule ids or prefixes),
`min-confidence` (or `min_confidence`, 0 to 1), `encoding` (`auto` or a codec name) and
`rules` (boilerplate rule packs: TOML files, relative to the configuration file) and
`force-removals` (make removals even over half of a document) go to
`textfix.clean`; `include`, `exclude`, `extend-exclude` (regexes), `format`,
`text-field`, `id-field` and `on-error` are for reading a corpus (`textfix.corpus`).
`per-file-ignores` maps path globs to rules not run on the files they match, as ruff's
does: `{"legal/*.txt" = ["boilerplate.legal"]}`. A glob without `/` matches a file's name
anywhere; one with `/` matches its path relative to the configuration file's directory.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Mapping, Optional

from .errors import UsageError
from .tomlfile import read_toml

# Codecs Python counts as text encodings that are no character set a file is written in:
# they fail on every input (undefined) or transform text (escapes, IDNA labels).
NOT_CHARSETS = frozenset({"undefined", "punycode", "idna", "unicode-escape", "raw-unicode-escape"})
KEYS = ("select", "ignore", "min_confidence", "encoding", "rules",
        "include", "exclude", "extend_exclude", "format", "text_field", "id_field", "on_error", "keep_bom", "force_removals",
        "per_file_ignores")


def resolve(flags: Mapping, config_path: Optional[str] = None, cwd: Optional[Path] = None) -> dict:
    """Merge the file configuration with the command line `flags` (unset flags are None).

    >>> resolve({"select": None, "ignore": ["mojibake"], "min_confidence": None, "encoding": None}, cwd=Path("/"))
    {'ignore': ('mojibake',)}
    """
    options = load(config_path, cwd or Path.cwd())
    options.update(normalize({k: v for k, v in flags.items() if v is not None}, "the command line"))
    return options


def load(config_path: Optional[str], cwd: Path) -> dict:
    """Options from `config_path`, or else from the nearest pyproject.toml above `cwd` (if any).

    A pyproject.toml, or any TOML file with a `[tool.textfix]` table, contributes that
    table; any other TOML file is read whole (its keys are the options).
    """
    path = Path(config_path) if config_path else find_pyproject(cwd)
    table = read_toml(path, required=bool(config_path)) if path else None
    if not table:
        return {}
    if path.name == "pyproject.toml" or isinstance(table.get("tool"), dict):
        table = table.get("tool", {}).get("textfix", {})  # a pyproject.toml, or a copy of its table
    options = normalize(table, str(path))
    if "rules" in options:  # rule packs named in a configuration file are relative to it
        options["rules"] = tuple(str((path.parent / p).resolve()) for p in options["rules"])
    if "per_file_ignores" in options:  # so are the globs of per-file-ignores
        root = str(path.parent.resolve())
        options["per_file_ignores"] = tuple((root, glob, rules) for _, glob, rules in options["per_file_ignores"])
    return options


def find_pyproject(start: Path) -> Optional[Path]:
    """The pyproject.toml in `start` or its nearest parent directory that has one."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def normalize(table: Mapping, source: str) -> dict:
    """Check option names and values; return them under the names `textfix.clean` uses.

    >>> normalize({"select": "mojibake, lossy", "min-confidence": 0.8}, "x")
    {'select': ('mojibake', 'lossy'), 'min_confidence': 0.8}
    """
    options = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in KEYS:
            known = ", ".join(k.replace("_", "-") for k in KEYS)
            raise UsageError(f"{source}: unknown option {key!r} (known: {known})")
        options[name] = _VALIDATORS[name](value, f"{source}: {key}")
    return options


def _rule_list(value, where: str) -> tuple:
    """A list or comma-separated string of rule ids, as a tuple without blanks."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) for item in items):
        raise UsageError(f"{where} must be a list of rule ids or prefixes")
    return tuple(part.strip() for item in items for part in item.split(",") if part.strip())


def _confidence(value, where: str) -> float:
    """A number between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise UsageError(f"{where} must be a number between 0 and 1, not {value!r}")
    return float(value)


def _encoding(value, where: str) -> str:
    """`auto` or the name of a codec Python knows."""
    if not isinstance(value, str):
        raise UsageError(f"{where} must be a string")
    if value.lower() != "auto":
        try:
            info = codecs.lookup(value)
        except LookupError:
            raise UsageError(f"{where}: unknown encoding {value!r}") from None
        if not getattr(info, "_is_text_encoding", True) or info.name in NOT_CHARSETS:
            raise UsageError(f"{where}: {value!r} is not a character encoding of text files")
    return value


def _regex_list(value, where: str) -> tuple:
    """A regular expression or a list of them (corpus walking: include, exclude, extend-exclude)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) for item in items):
        raise UsageError(f"{where} must be a regular expression or a list of them")
    for item in items:
        try:
            re.compile(item)
        except re.error as e:
            raise UsageError(f"{where}: bad regular expression {item!r}: {e}") from None
    return tuple(items)


def _field_list(value, where: str) -> tuple:
    """A field name (dotted path) or a list of them."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not items or not all(_is_field(item) for item in items):
        raise UsageError(f"{where} must be a field name (dotted for nested fields) or a list of them")
    return tuple(items)


def _field(value, where: str) -> str:
    if not _is_field(value):
        raise UsageError(f"{where} must be a field name (dotted for nested fields)")
    return value


def _is_field(value) -> bool:
    return isinstance(value, str) and all(value.split("."))


def _choice(*choices):
    def check(value, where: str) -> str:
        if value not in choices:
            raise UsageError(f"{where} must be one of {', '.join(choices)}, not {value!r}")
        return value
    return check


def _flag(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"{where} must be true or false")
    return value


def _per_file_ignores(value, where: str) -> tuple:
    """A table of path glob -> rule ids: ((root, glob, rules), ...), the root filled in by `load`."""
    if not isinstance(value, dict):
        raise UsageError(f"{where} must be a table of path globs to lists of rule ids")
    return tuple(("", glob, _rule_list(rules, f"{where}: {glob}")) for glob, rules in value.items())


def ignored_for(per_file_ignores: tuple, path: str) -> tuple:
    """The rules `per_file_ignores` turns off for `path` (a path as given, relative to the
    current directory, or absolute).

    >>> table = (("/p", "*.md", ("mojibake",)), ("/p", "legal/*", ("boilerplate.legal",)))
    >>> ignored_for(table, "/p/docs/a.md"), ignored_for(table, "/p/legal/terms.txt"), ignored_for(table, "/q/legal/x")
    (('mojibake',), ('boilerplate.legal',), ())
    """
    import fnmatch
    import os

    found = []
    full = os.path.abspath(path)
    for root, glob, rules in per_file_ignores:
        if "/" not in glob:
            hit = fnmatch.fnmatch(os.path.basename(full), glob)
        else:
            relative = os.path.relpath(full, root or os.getcwd()).replace(os.sep, "/")
            hit = not relative.startswith("../") and fnmatch.fnmatch(relative, glob.lstrip("./"))
        if hit:
            found += rules
    return tuple(found)


def _pack_list(value, where: str) -> tuple:
    """Rule-pack paths: a list of strings, or one string."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) and item for item in items):
        raise UsageError(f"{where} must be a list of rule-pack files (TOML)")
    return tuple(items)


_VALIDATORS = {"select": _rule_list, "ignore": _rule_list, "min_confidence": _confidence, "encoding": _encoding,
               "rules": _pack_list,
               "include": _regex_list, "exclude": _regex_list, "extend_exclude": _regex_list,
               "format": _choice("auto", "text", "jsonl"), "text_field": _field_list, "id_field": _field,
               "on_error": _choice("fail", "skip"), "keep_bom": _flag, "force_removals": _flag,
               "per_file_ignores": _per_file_ignores}
