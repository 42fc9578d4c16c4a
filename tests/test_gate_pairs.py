"""The gate's scanner leaves out the (line, entries) pairs that cannot be admitted before
Python sees them (issue 15: a documentation page's table rows and list items cost ~60 pairs
each in Python): a head or tail rule's literal in the article's body, a line's start or end
key (`|`, `-`, `*` at a table row's or list item's start) on a line without its entries'
literals, a start key (`the `, `000 `) whose entries' longer starts the line does not begin
with (those starts are scanned instead of the key). What the gate admits is the same as the
Python search admits, line for line, and every line a rule matches."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.filters.boilerplate import _View
from textfix.filters.boilerplate import gate as bp_gate

from test_screens import EXAMPLES, GATES, PARAGRAPHS, SNIPPETS, documents, ungated_candidates

SCANNER, IN_PYTHON = GATES
ROWS = ["| Name | Type | Default |", "|---|---|---|", "| `timeout` | int | 30 |", "- item one", "* item two",
        "| Advertisement |", "- Advertisement -", "* Sponsored *", "- paid ", "| paid", "Home > Docs > API",
        "News | Sport | Weather | Culture | Travel", "Read more: the new bridge   |", "[VIDEO] The storm hits   |",
        "  - indented item  ", "-", "|", "* Anzeige", "> quoted text", "1. first", "© 2024 Example"]
pages = st.lists(st.one_of(st.sampled_from(ROWS), st.sampled_from(PARAGRAPHS), st.just("")), min_size=1, max_size=30).map("\n".join)

needs_scanner = pytest.mark.skipif(not SCANNER.scans(), reason="Hyperscan is not installed here")


@needs_scanner
@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(pages, documents))
def test_the_scanner_admits_what_the_python_search_admits(text):
    assert SCANNER._admitted(text, _View(text)) == IN_PYTHON._admitted(text, _View(text))


@needs_scanner
@settings(max_examples=EXAMPLES, deadline=None)
@given(pages)
def test_pairs_left_out_for_where_they_stand_admit_nothing(text):
    everywhere = set((i, id(e)) for i, e in SCANNER._scan(_View(text), by_edges=False))
    at_edges = set((i, id(e)) for i, e in SCANNER._scan(_View(text)))
    assert at_edges <= everywhere
    view = _View(text)
    first, last = view.edges()
    entries = {id(e): e for _, e in SCANNER._scan(_View(text), by_edges=False)}
    for i, key in everywhere - at_edges:
        assert first <= i <= last
        assert all(not view.where(i, SCANNER.rules[e.rule].position) for e in entries[key])


@needs_scanner
def test_a_table_or_a_list_costs_no_pair():
    """(Between the second paragraph and the second to last: an edge may move up to the next.)"""
    body = [PARAGRAPHS[1], *ROWS[:5] * 20, PARAGRAPHS[2]]
    text = "\n".join([PARAGRAPHS[0], *body, PARAGRAPHS[3], "Home | News | Sport | Weather"])
    assert {i for i, _ in SCANNER._scan(_View(text))} <= {0, len(body) + 1, len(body) + 2}


def test_a_keys_line_must_hold_one_of_its_entries_literals():
    entry = bp_gate._Entry(0, "line", r"[|*-]\s*(?:advert\w*|paid)\s*[|*-]?", True)
    assert set(bp_gate._literals_held([entry])) == set(entry.literals_b[0])
    assert bp_gate._Entry(1, "line", r"[a-z]+", True).literals_b == []
    assert bp_gate._literals_held([entry, bp_gate._Entry(1, "line", r"[a-z]+", True)]) is None  # (one holds none)


# Characters the bytes view reads as `?`, put near a line's start: where the longer starts stop
# saying anything (`_Entry.may_start`), and the literals that end in `?` (`_start_literals`).
OTHER = ["é", "Ж", "\xa0", "\u2003", "日", "٣", "?", "ß", "’", "«"]


def _touched(line: str, at: int, other: str, replace: bool) -> str:
    return line[:at] + other + line[at + replace:]


touched_lines = st.builds(_touched, st.sampled_from(SNIPPETS), st.integers(0, 14), st.sampled_from(OTHER), st.booleans())
touched_pages = st.lists(st.one_of(touched_lines, st.sampled_from(SNIPPETS), st.sampled_from(PARAGRAPHS)),
                         min_size=1, max_size=12).map("\n".join)


@needs_scanner
@settings(max_examples=EXAMPLES, deadline=None)
@given(touched_pages)
def test_lines_with_another_character_near_their_start_are_admitted_alike(text):
    assert SCANNER._admitted(text, _View(text)) == IN_PYTHON._admitted(text, _View(text))


@needs_scanner
def test_a_needle_of_another_script_is_searched_by_its_ascii_part_in_python_too():
    """`PUBBLICITÀ` of ad.inline-marker is searched for as `pubblicit` by the scanner (its
    longest ASCII part: no lower() of the text); the Python search did the same in lower(),
    so "Pubblicitéà" (hypothesis found it) was admitted by one and not the other."""
    text = "\u00e9ADVERTISEMENT\n" * 6 + "Pubblicit\u00e9\u00e0"
    assert SCANNER._admitted(text, _View(text)) == IN_PYTHON._admitted(text, _View(text))


@settings(max_examples=EXAMPLES, deadline=None)
@given(touched_pages)
def test_a_line_a_rule_matches_passes_its_start_test_whatever_stands_near_its_start(text):
    for gate in GATES:
        found = gate.candidates(text, _View(text))
        if found is None:
            continue
        admitted = {i: {r.id for r in rules} for i, rules in found.items()}
        for i, ids in ungated_candidates(gate, text).items():
            assert ids <= admitted.get(i, set()), (text.split("\n")[i], ids - admitted.get(i, set()))


def test_a_start_key_is_scanned_as_its_entries_longer_starts():
    """`the ` of "the privacy policy" becomes `the privacy ` and the like: a line of prose
    that starts "The car" costs no pair; one with another character near its start is found
    by the key (`odd_starts`), and admitted if what comes before it is a match's start."""
    entry = bp_gate._Entry(0, "line", r"the (?:privacy policy|terms of use)", True)
    plain, (further, starts, whole) = bp_gate.through_long_starts(b"the ", [entry])
    assert plain == [] and further == [entry] and whole == {}
    assert starts == ((12, {b"the privacy ": [entry], b"the terms of": [entry]}),)
    assert entry.may_start(b"the ?olicy") and entry.may_start(b"the priv?cy policy")
    assert not entry.may_start(b"the car?") and not entry.may_start(b"the car gets")


def test_a_key_whose_entry_says_less_stays_a_key():
    """An entry whose longer starts hold one shorter than the key (a repetition with too many
    ways read only once) keeps the key; a whole line shorter than the key is no such line;
    an entry with many ways is read as far as SCANNED_LITERALS literals allow, or not at all."""
    from textfix.filters.boilerplate.scanning import SCANNED_LITERALS, _start_literals

    starts = (frozenset({b"th"}), ((2, frozenset({b"th"})), (12, frozenset({b"the privacy "}))))
    assert _start_literals(b"the ", starts) is None
    starts = (frozenset({b"th", b"the end"}), ((12, frozenset({b"the privacy ", b"the caf?"})),))
    assert _start_literals(b"the ", starts) == {b"\nthe end\n", b"\nthe privacy "}
    many = frozenset(b"the %03d words" % n for n in range(SCANNED_LITERALS * 2))
    read = _start_literals(b"the ", (frozenset(), ((12, many),)))
    assert read == {b"\n" + start[:6] for start in many} and len(read) <= SCANNED_LITERALS  # (all differ at 8)


@needs_scanner
def test_prose_that_starts_like_a_rule_costs_no_pair():
    text = "\n".join(["The mayor said the vote would come next week.", "2024 was the warmest year on record.",
                      "300 people came to the meeting on Friday.", "Copyists worked through the night.",
                      "This year the harvest was late."] * 3)
    assert list(SCANNER._scan(_View(text))) == []


@needs_scanner
def test_a_needles_line_must_hold_its_entries_second_literals():
    """"reporter" of an author's biography ("Jane Doe is a staff reporter ...") on a line of
    prose that only quotes what someone told reporters costs no pair."""
    prose = "\n".join(["The minister told reporters on Monday that the plan would go ahead as agreed.",
                        "The vote was close, the reporters in the room said afterwards."] * 3)
    assert list(SCANNER._scan(_View(prose))) == []
    bio = "Jane Doe is a staff reporter covering the city council."
    assert list(SCANNER._scan(_View(prose + "\n" + bio)))


def test_an_entry_read_back_from_the_cache_tests_a_start_as_before():
    """`may_start`'s prefixes are made when first asked, not stored with the gate (they made
    its cache entry a third larger and its unpickling twice as long)."""
    import pickle

    from textfix.filters.boilerplate.entry import _prefixes

    entry = bp_gate._Entry(0, "line", r"the (?:privacy policy|terms of use)", True)
    lines = [b"the ?olicy", b"the priv?cy policy", b"the car?", b"the privacy policy", b"?the", b"the terms o"]
    before = [entry.may_start(line) for line in lines]
    stored = pickle.dumps(entry)
    assert len(stored) < len(pickle.dumps((entry, _prefixes(entry.starts))))
    assert [pickle.loads(stored).may_start(line) for line in lines] == before


@needs_scanner
def test_the_text_is_lower_cased_whole_only_where_a_needle_of_another_script_can_be():
    """Needles with letters outside ASCII that the scanner does not take (Cyrillic, Greek) are
    searched in the text's lower(): a whole copy, built only for a text that holds a letter
    lowering to one of their first letters, not for every text with a curly quote. The same
    lines are admitted either way (an upper-case notice is still found). (Without Hyperscan
    the Python search reads the lower() of every text anyway.)"""
    import textfix
    from textfix.filters.boilerplate import Boilerplate
    from textfix.pipeline import Context, Scan, Selection

    step = Boilerplate()
    ctx = Context(Selection(), {})
    ctx._enabled = {rule.id: True for rule in step.rules}
    english = "The council met on Tuesday.\n\u201cIt was a relief,\u201d the mayor said.\n" * 50
    scan = Scan(english, ctx)
    ctx.scan = scan
    step.screen(english, scan)
    assert scan._lower is None
    body = ("Власти города объявили о начале ремонта центральной улицы, который продлится до конца лета "
            "и затронет несколько кварталов.\nЖителей просят заранее планировать маршруты, а водителям советуют "
            "пользоваться объездными дорогами.\n")
    notice = "ПРИ ИСПОЛЬЗОВАНИИ МАТЕРИАЛОВ ССЫЛКА НА САЙТ ОБЯЗАТЕЛЬНА."
    page = f"Реклама\nЗагрузка...\nПоделиться\n{body}{notice}\n"
    assert [c.rule for c in textfix.clean(page).changes if notice in c.before] == ["boilerplate.legal.reprint-ru"]
