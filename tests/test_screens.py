"""The fast paths agree with the slow ones.

The pipeline skips a filter when its screen says the filter cannot fire, and the
boilerplate gates run a rule's pattern only on lines that its syntax admits. Both must be
*necessary* conditions: with them on or off, every result is the same.
"""

import copy
import functools
import os
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix import pipeline
from textfix.filters import boilerplate as bp
from textfix.filters.boilerplate import gate as bp_gate
from textfix.filters import fastscan, mojibake, regex_gate, regex_literals, small_chars, spans
from textfix.filters.boilerplate import Boilerplate, Lines, builtin_rules
from textfix.filters.boilerplate.packs import parse_pack

EXAMPLES = int(os.environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", 300))
RULES = builtin_rules()

PARAGRAPHS = [
    "The council approved the new budget on Tuesday after a long debate about the costs of the bridge over the river.",
    "“We have waited years for this,” the mayor said — and the vote, 7–2, was a relief for everyone in the town hall.",
    "Die Sitzung endete spät am Abend; der Minister schwieg, und die Opposition kündigte eine Klage an, sagte sie.",
    "Le conseil a approuvé le budget mardi après un long débat sur le coût du pont, a déclaré la maire à la presse.",
]
SNIPPETS = (
    [ex for r in RULES for ex in r.examples_match]
    + [ex for r in RULES for ex in r.examples_keep]
    + ["Version 2 Version 3", "cafÃ© au lait", "donâ€™t", "Thatâs it", "f?r", "caf\ufffd", "&amp; more",
       "\x1b[1mBold\x1b[0m", "a\x00b", "\x93quoted\x94", "\ud83d\ude00", "Σοφία ς", "İstanbul ıſ", "K Kelvin",
       "The same sentence twice here. The same sentence twice here.", "12 comments", "3 of 12", "1 / 23",
       "Home > News > World", "News | Sport | Weather | Culture", "© 2024 Example Ltd", "<b>tag</b>"]
)


# letters that match others case-insensitively (Turkish dotless and dotted i, long s, Kelvin)
_IRREGULAR = str.maketrans({"i": "ı", "I": "İ", "s": "ſ", "k": "\u212a"})


def vary(s: str, how: int) -> str:
    return [s, s.upper(), s.lower(), s.title(), "  " + s + " ", "• " + s, s + ":", s.replace(" ", "\xa0"),
            "\xa0" + s + "\u2003", s.translate(_IRREGULAR)][how % 10]


lines = st.one_of(
    st.sampled_from(PARAGRAPHS),
    st.builds(vary, st.sampled_from(SNIPPETS), st.integers(0, 9)),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x24ff, blacklist_categories=("Cs",)), max_size=40),
    st.just(""),
)
documents = st.lists(lines, min_size=1, max_size=12).map("\n".join)


@functools.lru_cache(maxsize=None)
def unscreened(select=None) -> textfix.Pipeline:
    """The default pipeline of `select` with its fast paths off: no screens, and every step
    asked again in every pass."""
    from textfix.decode import RULES as DECODE_RULES
    from textfix.filters import default_filters

    return textfix.Pipeline(default_filters(), select=select, extra_rules=DECODE_RULES, screens=False, reuse_quiet=False)


def run(text, screens, select=None):
    """clean() with the fast paths on (screens, and steps skipped on texts they found nothing
    in) or off."""
    result = textfix.clean(text, select=select) if screens else unscreened(select and tuple(select)).run(text)
    return result.text, result.changes, result.flags


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents)
def test_screened_and_unscreened_pipelines_agree(text):
    assert run(text, True) == run(text, False)


@settings(max_examples=EXAMPLES // 3, deadline=None)
@given(documents)
def test_screened_and_unscreened_agree_on_every_rule(text):
    assert run(text, True, select=["all"]) == run(text, False, select=["all"])


def ungated_candidates(gate, text):
    """Every line that a rule of the gate matches where its position allows: what the gate must admit."""
    lines = Lines(text)
    out = {}
    for i in range(lines.count):
        line = lines.line(i)
        for rule in gate.rules:
            if rule.scope == "inline":
                hit = rule.compiled.search(line) is not None
            else:
                hit = rule.matches_line(line)
            if hit and lines.where(i, rule.position):
                out.setdefault(i, set()).add(rule.id)
    return out


def gates():
    """The built-in gate, and its twin that searches in Python (as without Hyperscan)."""
    f = Boilerplate()
    pipe = textfix.Pipeline([f], select=["all"])  # opt-in rules (`default = false`) too
    ctx = pipeline.Context(pipe.selection, {})
    ctx._enabled = pipe._enabled
    gate = f._gate(ctx, False)
    in_python = copy.copy(gate)
    in_python.scanner = in_python.framed_scanner = fastscan.Scanner([])
    assert not in_python.scans()
    return [gate, in_python]


GATES = gates()


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents)
def test_the_gates_admit_every_line_a_rule_matches(text):
    for gate in GATES:
        found = gate.candidates(text, bp._View(text))
        if found is None:
            continue  # the gate stands aside for this text: every line is tried
        admitted = {i: {r.id for r in rules} for i, rules in found.items()}
        for i, ids in ungated_candidates(gate, text).items():
            assert ids <= admitted.get(i, set()), (text.split("\n")[i], ids - admitted.get(i, set()))


# What a line may have around it that its keys leave out: the spaces the bytes view strips.
_INDENTS = ("", " ", "  ", "    ", "\t", " \t  ", "\x0c ", "\x1c")
_LINE_ENDS = ("", " ", "  ", "\r", " \t ", "   \r")


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_INDENTS), lines, st.sampled_from(_LINE_ENDS)), min_size=1, max_size=12))
def test_indented_lines_are_admitted_as_the_python_gate_admits_them(parts):
    """The scanner finds a line's keys in its stripped form (one space or twenty, tabs,
    a carriage return): the same lines, for the same rules, as the keys looked up in Python."""
    text = "\n".join(indent + line + end for indent, line, end in parts)
    scanner, in_python = GATES
    assert scanner.candidates(text, bp._View(text)) == in_python.candidates(text, bp._View(text))
    assert scanner._admitted(text, bp._View(text)) == in_python._admitted(text, bp._View(text))


# Needles with spaces at an end, or of spaces only: found where a line's stripped ends held them.
_SPACED = parse_pack({"rule": [
    {"id": "boilerplate.site.spaces", "description": "a run of spaces", "patterns": ["[ ]{3}"], "scope": "inline"},
    {"id": "boilerplate.site.spaced", "description": "a phrase between spaces", "patterns": [" of the "], "scope": "inline"},
    {"id": "boilerplate.site.tail", "description": "a line ending so", "patterns": [".* zq7[ ]?"], "scope": "inline"},
]}, "test")


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_INDENTS), st.sampled_from(["of the", "x of the y", "of the end", "zq7", "a zq7", "   ", "a   b", ""]),
                          st.sampled_from(_LINE_ENDS)), min_size=1, max_size=8))
def test_needles_with_spaces_at_an_end_are_found_as_the_python_gate_finds_them(parts):
    text = "\n".join(indent + line + end for indent, line, end in parts)
    scanner = bp_gate._Gate(_SPACED)
    in_python = copy.copy(scanner)
    in_python.scanner = in_python.framed_scanner = fastscan.Scanner([])
    assert scanner._admitted(text, bp._View(text)) == in_python._admitted(text, bp._View(text))


@pytest.mark.parametrize("gate", GATES, ids=["scanner", "python"])
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_gates_admit_every_example_of_every_rule(rule, gate):
    for example in rule.examples_match:
        for how in range(10):
            line = vary(example, how)
            if not (rule.matches_line(line) if rule.scope != "inline" else rule.compiled.search(line)):
                continue
            for text in (line, f"{PARAGRAPHS[0]}\n{line}\n{PARAGRAPHS[1]}", f"{line}\n{PARAGRAPHS[0]}"):
                found = gate.candidates(text, bp._View(text))
                if found is None:
                    continue
                i = text.split("\n").index(line)
                if Lines(text).where(i, rule.position):
                    assert rule in found.get(i, []), (rule.id, line)


def test_every_builtin_pattern_has_a_gate():
    for gate in GATES:
        assert not gate.unsafe
        assert gate.always == [], [gate.rules[e.rule].id for e in gate.always]


def test_irregular_case_holds_every_character_lower_does_not_fold_like_regex():
    """A case-insensitive match of a pattern character p by a text character c implies
    c.lower() == p.lower(), unless c is in IRREGULAR_CASE (checked for every code point,
    with the regex module the rules use and with re)."""
    import re
    import unicodedata

    import regex

    pattern_chars = sorted({ch.lower() for p in regex_gate.pattern_chars(r.patterns for r in RULES)
                            for ch in p if ch.isalpha() and len(ch.lower()) == 1})
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    klass = "[" + "".join(re.escape(ch) for ch in pattern_chars) + "]"
    for engine in (regex, re):
        for c in set(engine.findall("(?i)" + klass, everything)):
            if c.lower() in pattern_chars:
                continue
            if unicodedata.category(c) == "Cn":
                # Newer in the regex module's Unicode than in this Python's (U+1DF95 folds to ß
                # in regex 2026.11): a line holding it may miss a rule, keeping boilerplate,
                # never removing content. docs/boilerplate.md says so.
                continue
            assert c in regex_gate.IRREGULAR_CASE, (engine.__name__, c, hex(ord(c)))
            # and the texts holding it are not read through lower() by the gates
            assert c in regex_gate.troublesome(pattern_chars) + "\u212a" or c.lower() in pattern_chars, c


def test_the_small_filters_characters_are_ftfys_control_characters_c1_and_surrogates():
    from ftfy.chardata import CONTROL_CHARS

    expected = {chr(c) for c in CONTROL_CHARS} | {chr(c) for c in range(0x80, 0xA0)} | {
        chr(c) for c in range(0xD800, 0xE000)}
    everything = "".join(chr(c) for c in range(0x110000))
    assert set(small_chars._SMALL_RE.findall(everything)) == expected
    ascii_found = {chr(b) for b in range(128)} - set(small_chars._ASCII_QUIET.decode("ascii"))
    assert ascii_found == {ch for ch in expected if ch.isascii()}


def test_ends_and_literals_of_a_few_patterns():
    e = regex_gate.ends(r"\d{1,3}\s*/\s*\d{1,3}", True)
    assert e is not None and e.admits(regex_gate.key("1 / 23"))
    assert not e.admits(regex_gate.key("The mayor"))
    assert regex_literals.literal_sets(regex_gate.parse(r"\bnewsletters?\b", True), whole_line=False) == [
        ["\x00newsletter\x00", "\x00newsletters\x00"]]


def test_an_enumeration_over_its_budget_falls_back_to_a_shorter_key_that_still_admits_every_match(monkeypatch):
    """A large alternation repeated (social.toml's share-button row) costs more joins at 12
    characters than one enumeration may spend: no answer there, a shorter key instead, and
    every line the pattern matches still passes it."""
    import re

    from textfix.filters.boilerplate import entry

    names = "Facebook|Twitter|LinkedIn|Reddit|Pinterest|WhatsApp|Telegram|Email|Print|Tumblr|Pocket|Share|Tweet|Pin|Mail"
    pattern = rf"(?:(?:{names})(?:\s*[|•·,/]?\s*)){{1,12}}"
    tree = regex_gate.parse(pattern, True)
    assert regex_gate.ends(pattern, True, tree=tree, length=12) is None
    monkeypatch.setattr(regex_gate, "MAX_STEPS", 10 ** 9)
    assert regex_gate.ends(pattern, True, tree=tree, length=12) is not None  # only the budget said no
    monkeypatch.undo()
    gate_entry = entry._Entry(0, "line", pattern, True)
    assert gate_entry.starts is not None and max(k for k, _ in gate_entry.starts[1]) < 12
    for line in ["Facebook | Twitter | Email", "Share Tweet Pin", "WhatsApp, Telegram, Print, Mail", "Pocket"]:
        assert re.fullmatch(pattern, line, flags=re.IGNORECASE)
        assert gate_entry.may_start(entry._as_view_bytes(line)), line
    assert not gate_entry.may_start(entry._as_view_bytes("The council approved the budget"))


def straightforward_gate():
    """build_gate() written as a plain alternation (slower, same matches)."""
    import re

    m = mojibake
    single = list(m._ENCODING_NAMES)
    without_macroman = [e for e in single if e != "macroman"]
    leads = m._chars(single, range(0xC0, 0x100))
    cont = m._class(m._chars(single, range(0x80, 0xC0)) + "?\x1a\ufffd")
    sl2 = m._chars(without_macroman, (0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9))
    sl3 = m._chars(without_macroman, (0xE0, 0xE1, 0xE2, 0xE3, 0xF0))
    return re.compile(f"{m._class(leads)}{cont}|{m._class(sl2)} |{m._class(sl3)}(?: {cont}|{cont} )|[\x80-\x9f]")


PLAIN_GATE = straightforward_gate()
FAST_GATE = mojibake.build_gate()
GATE_ALPHABET = sorted(set(PLAIN_GATE.pattern) - set("[]|(?:)\\") | {" ", "a", "?", "\n"})


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(st.text(st.sampled_from(GATE_ALPHABET), max_size=30))
def test_the_encoding_gate_matches_like_the_plain_alternation(text):
    assert [m.span() for m in FAST_GATE.finditer(text)] == [m.span() for m in PLAIN_GATE.finditer(text)]


def test_the_written_out_gate_and_control_characters_are_ftfys():
    from ftfy.chardata import CONTROL_CHARS

    from textfix.filters.encoding_gate import GATE_PATTERN

    assert GATE_PATTERN == mojibake.build_gate().pattern
    assert set(small_chars.CONTROL_CHARS) == {chr(c) for c in CONTROL_CHARS}


def reference_gap_edits(before, after, offset):
    """_gap_edits as first written: always a SequenceMatcher diff of the trimmed gap."""
    from difflib import SequenceMatcher

    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    a = before[head:len(before) - tail]
    b = after[head:len(after) - tail]
    start = offset + head
    if len(a) * len(b) > spans.MAX_DIFF_WORK:
        return [(start, start + len(a), b)]
    return [(start + i1, start + i2, b[j1:j2])
            for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if tag != "equal"]


def reference_char_edits(before, after):
    """char_edits as first written: anchors compared one by one (slower, same edits)."""
    import re

    anchor = re.compile("[A-Za-z0-9]+")
    anchors_a = [m.span() for m in anchor.finditer(before)]
    anchors_b = [m.span() for m in anchor.finditer(after)]
    if len(anchors_a) != len(anchors_b) or any(
        before[s1:e1] != after[s2:e2] for (s1, e1), (s2, e2) in zip(anchors_a, anchors_b)
    ):
        return reference_gap_edits(before, after, 0)
    edits = []
    prev_a = prev_b = 0
    for (start_a, end_a), (start_b, end_b) in zip(anchors_a + [(len(before),) * 2], anchors_b + [(len(after),) * 2]):
        if before[prev_a:start_a] != after[prev_b:start_b]:
            edits.extend(reference_gap_edits(before[prev_a:start_a], after[prev_b:start_b], prev_a))
        prev_a, prev_b = end_a, end_b
    return edits


pieces = st.sampled_from(["ab", "Z9", " ", "é", "Ã©", "â€œ", "“", "x", "\x80", "", "?", "日本"])


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(st.lists(pieces, max_size=12).map("".join), st.lists(pieces, max_size=12).map("".join))
def test_char_edits_agree_with_the_anchor_by_anchor_reference(before, after):
    assert mojibake.char_edits(before, after) == reference_char_edits(before, after)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(pieces, max_size=12))
def test_char_edits_of_a_repair_agree_with_the_reference(parts):
    before = "".join(parts)
    after = before.replace("Ã©", "é").replace("â€œ", "“")
    assert mojibake.char_edits(before, after) == reference_char_edits(before, after)


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(st.text(max_size=6))
def test_key_is_key_char_by_char(s):
    assert regex_gate.key(s) == "".join(regex_gate.key_char(ch) for ch in s)


lossy_pieces = st.sampled_from(["don", "can", "it", "shouldn", "you", "?", "\ufffd", "\u00e2", "t", "s", "re",
                                " ", "\n", ".", ",", "A", "a", "Z", "’", "é", "x" * 20, "abc", "?s", "_", "1"])


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(st.lists(lossy_pieces, max_size=30).map("".join))
def test_lossy_counts_near_the_marks_equal_findall(text):
    from textfix.filters.lossy import chars, evidence

    for name, marks in (("_BARE_CONTRACTION", "\u00e2"), ("_BARE_BEFORE_CAPITAL", "\u00e2"),
                        ("_BARE_AFTER_PUNCT", "\u00e2"), ("_ENGLISH_BARE", "\u00e2"), ("_LETTER_Q_RE", "?"),
                        ("_PLACEHOLDER_CONTRACTION", "?\ufffd"), ("_QMARK_CONTRACTION", "?"),
                        ("_Q_SPACED", "?")):
        pattern = getattr(chars, name)
        assert evidence.count_near(pattern, text, marks) == len(pattern.findall(text)), name
        # a wider radius joins other stretches: the same count
        assert evidence.count_near(pattern, text, marks, radius=NEAR_WIDE) == len(pattern.findall(text)), name
    assert evidence.count_qmark_possessives(text) == len(chars._QMARK_POSSESSIVE.findall(text))


NEAR_WIDE = 40


def test_fast_paths_change_nothing_on_the_corpus_samples_and_generated_damage():
    import pathlib

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "bench"))
    from datagen import make_corpus

    texts = [p.read_bytes().decode("utf-8", errors="surrogateescape")
             for p in sorted((pathlib.Path(__file__).resolve().parents[1] / "corpus").rglob("*.in.txt"))]
    for kind in ("mojibake", "typographic"):
        texts += make_corpus(kind, 100_000, seed=5)
    for text in texts:
        assert run(text, True) == run(text, False)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3), st.text(max_size=3)), max_size=6),
       st.lists(st.integers(0, 60), max_size=8))
def test_original_positions_is_original_position_for_each(raw, positions):
    from textfix.edits import original_position, original_positions
    from textfix.model import Change

    applied, pos = [], 0
    original = "x" * 200
    for gap, length, after in raw:  # sorted, non-overlapping changes of the original
        start = pos + gap
        end = start + length
        if end > len(original):
            break
        applied.append(Change("t.x", start, end, original[start:end], after))
        pos = end
    assert original_positions(applied, positions) == [original_position(applied, p) for p in positions]


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents)
def test_the_scanner_admits_no_line_the_python_search_would_not(text):
    """Both are necessary conditions; the scanner's is the tighter one (whole words only)."""
    fast, slow = GATES
    found, expected = fast.candidates(text, bp._View(text)), slow.candidates(text, bp._View(text))
    if expected is None:
        assert found is None
        return
    for i, rules in found.items():
        assert {r.id for r in rules} <= {r.id for r in expected.get(i, ())}, text.split("\n")[i]


def test_the_characters_keyed_apart_hold_every_space_and_digit_outside_ascii():
    expected = {ch for ch in map(chr, range(0x80, 0x110000))
                if (ch.isspace() or ch.isdecimal()) and not 0xD800 <= ord(ch) < 0xE000}
    assert bp_gate._spaces_and_digits() == expected
    assert expected <= GATES[0].keyed_apart


@pytest.mark.skipif(not GATES[0].scanner.available(), reason="Hyperscan is not installed here")
def test_the_scanner_admits_a_line_once_however_often_it_holds_a_literal():
    """(Admitting it once per occurrence made a line of many inline ads quadratic.)"""
    line = "The council met. " + "ADVERTISEMENT ".join(["word"] * 1000)
    admitted = list(GATES[0]._scan(bp._View(line)))
    assert len(admitted) == len({(i, id(entries)) for i, entries in admitted}) < 50


def test_a_short_line_seen_before_is_admitted_as_it_was_the_first_time(monkeypatch):
    """The gate remembers which entries' literals a short line holds ("12 Comments", a menu
    item: a corpus repeats them); the memo changes nothing and stays bounded."""
    def admitted(gate, text):
        found = gate.candidates(text, bp._View(text))
        return {i: [r.id for r in rules] for i, rules in found.items()}

    text = "12 Comments\nArticle 1\n" + PARAGRAPHS[0] + "\nArticle 2\nShare this article\nHome\nNews\nADVERTISEMENT\n12 Comments\n"
    gate = copy.copy(GATES[0])
    gate._holding = {}
    first = admitted(gate, text)
    assert gate._holding, "no short line was remembered: the test needs another text"
    assert admitted(gate, text) == first
    unremembering = copy.copy(gate)
    unremembering._holding = {}
    monkeypatch.setattr(bp_gate, "MEMO_ENTRIES", 10 ** 6)
    assert admitted(unremembering, text) == first and not unremembering._holding
    monkeypatch.setattr(bp_gate, "MEMO_ENTRIES", 3)
    monkeypatch.setattr(bp_gate, "MEMO_LINES", 1)
    assert admitted(unremembering, text) == first and len(unremembering._holding) <= 1


# Characters around a line's ends: ASCII, the spaces the bytes view strips, other spaces,
# characters keyed apart (é ’ — ٣) and others (Ω), and the newline.
_ENDS_ALPHABET = " \t\r\x1c\u00a0\u2003é’—\u0663Ωxa.\n"


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(st.text(alphabet=_ENDS_ALPHABET, max_size=60))
def test_the_line_ends_keyed_apart_are_found_as_each_line_reads(text):
    """The Hyperscan pass, and the pass line by line, find exactly the lines whose start or
    end key (the line less what bytes.strip() takes from the bytes view) holds a character
    keyed apart. (Line by line, a key shorter than a line's KEY_LENGTH was read from the
    text around it: a short first line lost its end key.)"""
    line_by_line = copy.copy(GATES[0])  # (as for a text with a lone surrogate, or without Hyperscan)
    line_by_line.apart_scanners = (fastscan.Scanner([]), fastscan.Scanner([]))
    n = regex_gate.KEY_LENGTH
    for gate in (GATES[0], line_by_line):
        found = {i: (head, tail) for i, head, tail in gate._ends_keyed_apart(bp._View(text))}
        for i, line in enumerate(text.split("\n")):
            s = line.strip(" \t\r\x0b\x0c\x1c\x1d\x1e\x1f")
            expected = (not gate.keyed_apart.isdisjoint(s[:n]), not gate.keyed_apart.isdisjoint(s[-n:]))
            if expected != (False, False) or i in found:
                assert found.get(i) == expected, (i, line)


def test_a_text_with_a_lone_surrogate_is_gated_line_by_line():
    """A lone surrogate makes the text's UTF-8 invalid for Hyperscan: the line ends are read in Python."""
    text = "\ud800 broken\nThe minister’s office said so.\n’Share this article’\n—Read more—\nHome\n"
    for gate in GATES:
        found = gate.candidates(text, bp._View(text))
        admitted = {i: {r.id for r in rules} for i, rules in found.items()}
        for i, ids in ungated_candidates(gate, text).items():
            assert ids <= admitted.get(i, set())


def test_the_fast_paths_are_pipeline_arguments():
    """A screen that says no skips `propose` only with `screens` on; a step that found
    nothing in a text is asked again in the next pass only with `reuse_quiet` off."""
    calls = []

    class Shy(textfix.Filter):
        rules = (textfix.Rule("custom.shy", "a filter whose screen always says no"),)

        def screen(self, text, scan):
            return False

        def propose(self, text, ctx):
            calls.append(text)
            if text.endswith(" "):
                yield textfix.Change("custom.shy", len(text) - 1, len(text), " ", "")

    class Quiet(textfix.Filter):
        rules = (textfix.Rule("custom.quiet", "finds nothing"),)

        def propose(self, text, ctx):
            calls.append("quiet")
            return ()

    assert textfix.Pipeline([Shy()]).run("word ").text == "word "
    assert textfix.Pipeline([Shy()], screens=False).run("word ").text == "word"
    calls.clear()
    textfix.Pipeline([Shy(), Quiet()], screens=False).run("word ")
    assert calls.count("quiet") == 1  # the second pass meets the same text: Quiet is not asked again
    calls.clear()
    textfix.Pipeline([Shy(), Quiet()], screens=False, reuse_quiet=False).run("word ")
    assert calls.count("quiet") == 2


def test_propose_reads_the_scan_its_screen_filled():
    """The facts a screen found in a text reach `propose` through the pipeline's Scan of that
    text (`ctx.scan_of`), not through the filter: one filter serves many runs at once."""
    seen = []

    class Reader(textfix.Filter):
        rules = (textfix.Rule("custom.reader", "reads its screen's facts"),)

        def screen(self, text, scan):
            seen.append(("screen", scan))
            return True

        def propose(self, text, ctx):
            seen.append(("propose", ctx.scan_of(text)))
            return ()

    textfix.Pipeline([Reader()]).run("a text")
    assert [kind for kind, _ in seen] == ["screen", "propose"]
    assert seen[0][1] is seen[1][1] and seen[0][1].text == "a text"
    ctx = textfix.pipeline.Context(textfix.pipeline.Selection(None, None), {})
    assert ctx.scan_of("other").text == "other"  # outside a run: a fresh Scan


def test_each_filter_has_its_own_cache_for_one_run():
    """What a filter keeps between the passes of one run is its own (keyed by the filter, not
    by a name another filter could reuse), and a new run starts without it."""
    seen = []

    class Counting(textfix.Filter):
        rules = (textfix.Rule("custom.counting", "counts its calls in its run's cache"),)

        def propose(self, text, ctx):
            cache = ctx.cache(self)
            cache["calls"] = cache.get("calls", 0) + 1
            seen.append((id(self), cache["calls"], ctx.cache(self) is cache))
            if text.endswith(" "):
                yield textfix.Change("custom.counting", len(text) - 1, len(text), " ", "")

    first, second = Counting(), Counting()
    textfix.Pipeline([first, second], reuse_quiet=False).run("word  ")
    assert [(calls, same) for who, calls, same in seen if who == id(first)][:2] == [(1, True), (2, True)]
    assert [calls for who, calls, _ in seen if who == id(second)][0] == 1
    seen.clear()
    textfix.Pipeline([first]).run("word ")
    assert seen[0][1] == 1
