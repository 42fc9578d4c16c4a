"""The built-in packs' gate answers shipped as data (boilerplate/shipped.py, tools/gate_tables.py):
up to date with the packs, read on a cold start instead of made, and the same gate either way."""

import importlib.util
import json
import pathlib

import pytest

import textfix
from textfix.filters import regex_gate, regex_literals
from textfix.filters.boilerplate import shipped
from textfix.filters.boilerplate import _BUILTIN_GATES
from textfix.filters.boilerplate.gate import _Gate
from textfix.filters.boilerplate.packs import builtin_rules

ROOT = pathlib.Path(__file__).resolve().parents[1]
TEXT = shipped.TABLES.read_text(encoding="utf-8")
SAME_PYTHON = json.loads(TEXT)["made_with"] == shipped.made_with()
needs_same_python = pytest.mark.skipif(not SAME_PYTHON, reason="the tables were made with another Python: its gates are built as before")


def _tool():
    spec = importlib.util.spec_from_file_location("gate_tables", ROOT / "tools" / "gate_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_same_python
def test_shipped_tables_are_what_the_packs_make():
    """Fails after an edit of textfix/rules/*.toml, regex_gate.py or regex_literals.py until
    `python3 tools/gate_tables.py` is run."""
    assert _tool().make() == TEXT, "out of date: run python3 tools/gate_tables.py"


def _counting(monkeypatch) -> list:
    """Record each `ends` and (non-empty) `cover` that is made rather than read."""
    made = []
    ends, cover = regex_gate.ends, regex_literals.cover

    def counted_ends(pattern, *args, **kwargs):
        made.append(("ends", pattern))
        return ends(pattern, *args, **kwargs)

    def counted_cover(literals, *args, **kwargs):
        if literals:  # (a gate without rules: the user's when no pack is given)
            made.append(("cover", sorted(literals)[:1]))
        return cover(literals, *args, **kwargs)

    monkeypatch.setattr(regex_gate, "ends", counted_ends)
    monkeypatch.setattr(regex_literals, "cover", counted_cover)
    return made


@needs_same_python
def test_a_cold_start_reads_the_gate_from_the_tables(monkeypatch):
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", "")  # no disk cache: the gate is built here
    monkeypatch.setattr("textfix.filters.boilerplate._BUILTIN_GATES", {})
    made = _counting(monkeypatch)
    assert textfix.clean("The council met.\nADVERTISEMENT\nThe mayor spoke.\n").text == "The council met.\nThe mayor spoke.\n"
    assert made == []
    _Gate(builtin_rules(), exact=True)  # every pattern's entry
    assert made == []


def test_an_edited_pattern_is_made_not_read(monkeypatch):
    made = _counting(monkeypatch)
    rules = builtin_rules()
    rule = next(r for r in rules if r.scope != "inline" and len(r.patterns) == 1)
    edited = type(rule)(**{**rule.__dict__, "patterns": (rule.patterns[0] + "(?:!)?",)})
    _Gate([edited], exact=True)
    assert ("ends", edited.patterns[0]) in made


def _entry_facts(gate):
    return [(e.rule, e.mode, e.literals, e.literals_b, e.anchor, e.tokens, e.max_len, e.starts) for e in gate.entries]


@needs_same_python
def test_the_gate_read_is_the_gate_made():
    rules = [r for r in builtin_rules() if r.default]
    read = _Gate(rules, exact=True)
    with shipped.recording():
        made = _Gate(rules, exact=True)
    assert _entry_facts(read) == _entry_facts(made)
    assert sorted(read.literals) == sorted(made.literals) and read.needles.keys() == made.needles.keys()
    for tables in ("str_keys", "bytes_keys"):
        assert _indexed(getattr(read, tables).value(), read) == _indexed(getattr(made, tables).value(), made)


def _indexed(value, gate):
    """`value` (key tables) with each entry as its index in `gate.entries`."""
    if isinstance(value, dict):
        return {k: _indexed(v, gate) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_indexed(v, gate) for v in value)
    return gate.entries.index(value) if type(value).__name__ == "_Entry" else value


def test_tables_of_other_code_or_shape_are_not_used():
    data = json.loads(TEXT)
    version = data["code"]
    assert shipped.parse_tables(TEXT, version) is not None
    assert shipped.parse_tables(TEXT, "0" * 64) is None  # other code, another Python
    assert shipped.parse_tables(TEXT[:-100], version) is None  # cut short
    for bad in ([*data["ends"][0][:4], [["x"], [[4, "abcd"]]]], [*data["ends"][0][:3], "4", None]):
        assert shipped.parse_tables(json.dumps(dict(data, ends=[bad])), version) is None
    assert shipped.parse_tables(json.dumps(dict(data, cover=[[["a"], 30, [3], []]])), version) is None  # 30: not a float
    assert shipped.parse_tables(json.dumps(dict(data, format=0)), version) is None


def test_the_tables_ship_with_the_package():
    assert "filters/boilerplate/gate_tables.json" in (ROOT / "pyproject.toml").read_text("utf-8")


def test_a_gate_without_rules_does_not_read_the_tables():
    """Every run builds the user's gate, without rules when no pack is given: reading the
    file for it (~18 ms) would cost every warm start."""
    shipped._tables.cache_clear()
    _Gate([])
    assert shipped._tables.cache_info().misses == 0
