"""The answers the built-in rule packs' gate needs, shipped with textfix: a cold start's gate.

With an empty disk cache (a first run, a new version, a CI machine) building the built-in
rules' gate cost ~0.7 s of a ~1.15 s check, nearly all of it in two pure functions of the patterns' text:
`regex_gate.ends` (what a matching line starts or ends with) and `regex_literals.cover`
(few needles for many literals). Their answers for the shipped packs are in
`gate_tables.json`, made by `python3 tools/gate_tables.py` (a test fails when it is out of
date). It is plain data (strings, numbers, lists), checked against its schema when read;
anything else in it and it is not used.

An answer is looked up by the exact arguments it was made from (the pattern, its flags, the
key length; the literals), and only when the code that makes it (regex_gate.py,
regex_literals.py), the Python version (its `re` parser and case tables) and the Unicode
database are those the file was made with (`code_version`). Anything else (an edited
pack, a user's pack, `--rules`, `learn`'s output, another Python) is not in it and is made
as before: the same answers either way, only slower.
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from .. import regex_gate, regex_literals

FORMAT = 1
TABLES = Path(__file__).with_name("gate_tables.json")
_RECORDED: Optional[dict] = None  # set by `recording` (tools/gate_tables.py): what was made


def made_with() -> str:
    """The Python version (its `re` parser and case tables) and Unicode database answers are made with."""
    return f"Python {sys.version_info[0]}.{sys.version_info[1]}, Unicode {unicodedata.unidata_version}"


def code_version() -> str:
    """A digest of what the answers depend on besides their arguments."""
    h = hashlib.sha256(f"{FORMAT} {made_with()}".encode())
    for module in (regex_gate, regex_literals):
        h.update(Path(module.__file__).read_bytes())
    return h.hexdigest()


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(s, str) for s in value)


def _valid_ends(row) -> bool:
    """[pattern, ignorecase, reverse, length, null | [whole, [[k, starts], ...]]]"""
    if not (isinstance(row, list) and len(row) == 5 and isinstance(row[0], str)
            and isinstance(row[1], bool) and isinstance(row[2], bool) and type(row[3]) is int):
        return False
    value = row[4]
    return value is None or (isinstance(value, list) and len(value) == 2 and _strings(value[0])
                             and isinstance(value[1], list)
                             and all(isinstance(p, list) and len(p) == 2 and type(p[0]) is int and _strings(p[1])
                                     for p in value[1]))


def _valid_cover(row) -> bool:
    """[literals, min_rarity, lengths, [[needle, literals], ...]]"""
    return (isinstance(row, list) and len(row) == 4 and _strings(row[0]) and isinstance(row[1], float)
            and isinstance(row[2], list) and all(type(k) is int for k in row[2]) and isinstance(row[3], list)
            and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and _strings(p[1]) for p in row[3]))


def parse_tables(text: str, version: str) -> Optional[tuple]:
    """(ends by arguments, covers by arguments) from the file's text, or None when it is not
    for this `version` of the code or does not hold what it must (then nothing is used)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not (isinstance(data, dict) and data.get("format") == FORMAT and data.get("code") == version
            and isinstance(data.get("ends"), list) and isinstance(data.get("cover"), list)
            and all(map(_valid_ends, data["ends"])) and all(map(_valid_cover, data["cover"]))):
        return None
    ends = {tuple(row[:4]): row[4] for row in data["ends"]}
    covers = {(tuple(row[0]), row[1], tuple(row[2])): row[3] for row in data["cover"]}
    return ends, covers


@lru_cache(maxsize=1)
def _tables() -> tuple:
    """The shipped tables (read when a gate is first built in a process: never on a warm start)."""
    try:
        text = TABLES.read_text(encoding="utf-8")
    except OSError:
        return {}, {}
    return parse_tables(text, code_version()) or ({}, {})


def ends(pattern: str, ignorecase: bool, tree, reverse: bool = False,
         length: int = regex_gate.KEY_LENGTH) -> Optional[regex_gate.Ends]:
    """`regex_gate.ends(pattern, ...)` (`tree` is its parse), from the shipped tables when they hold it."""
    args = (pattern, ignorecase, reverse, length)
    shipped = (_tables() if _RECORDED is None else ({}, {}))[0].get(args, False)
    if shipped is None:
        return None
    if shipped is not False:
        whole, starts = shipped
        return regex_gate.Ends(set(whole), {k: set(s) for k, s in starts})
    found = regex_gate.ends(pattern, ignorecase, reverse=reverse, tree=tree, length=length)
    if _RECORDED is not None:
        _RECORDED["ends"][args] = None if found is None else [
            sorted(found.whole), [[k, sorted(s)] for k, s in sorted(found.starts.items())]]
    return found


def cover(literals, min_rarity: float = 30.0, lengths=range(3, 13)) -> dict:
    """`regex_literals.cover(literals, ...)`, from the shipped tables when they hold it."""
    if not literals:  # (a gate without rules, built on every run: the file is not read for it)
        return {}
    args = (tuple(sorted(set(literals))), float(min_rarity), tuple(lengths))
    shipped = (_tables() if _RECORDED is None else ({}, {}))[1].get(args)
    if shipped is not None:
        return {needle: list(lits) for needle, lits in shipped}
    found = regex_literals.cover(literals, min_rarity, lengths)
    if _RECORDED is not None:
        _RECORDED["cover"][args] = [[needle, lits] for needle, lits in found.items()]
    return found


@contextmanager
def recording() -> Iterator[dict]:
    """Within: the tables are not read, and every answer made is kept, by kind and arguments."""
    global _RECORDED
    _RECORDED = {"ends": {}, "cover": {}}
    try:
        yield _RECORDED
    finally:
        _RECORDED = None


def tables_text(recorded: dict, version: str, packs: str) -> str:
    """The file's text for `recorded` answers (sorted: the same answers make the same bytes)."""
    data = {
        "format": FORMAT, "code": version, "made_with": made_with(), "packs": packs,
        "ends": [[*args, value] for args, value in sorted(recorded["ends"].items())],
        "cover": [[list(args[0]), args[1], list(args[2]), value] for args, value in sorted(recorded["cover"].items())],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
