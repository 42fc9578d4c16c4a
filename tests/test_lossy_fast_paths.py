"""The lossy filter's fast paths give what the plain reading they replace gives (issue 15,
lossy-damaged speed): each is checked against that reading on random texts built from the
characters that matter to it."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.filters.lossy import code
from textfix.filters.lossy.chars import (_AMERICAN, _AMERICAN_NEEDLES, _BRITISH, _BRITISH_NEEDLES, _DAMAGE_CHARS,
                                         _LETTER_LEADS, _WORD_RE, PLACEHOLDERS)
from textfix.filters.lossy.document import _FOLDS_TO_ASCII, _count, _first_words
from textfix.filters.lossy.letters import _lead_words
from textfix.filters.lossy.punctuation import _SITE_START


def _texts(alphabet, max_size=60):
    return st.lists(st.sampled_from(alphabet), max_size=max_size).map("".join)


@settings(max_examples=400, deadline=None)
@given(_texts(["a", "É", "Ã", "Ä", "?", "\ufffd", " ", "1", "_", "²", "\u0663", "\u4e00", "-", "ß"]))
def test_lead_words_are_the_words_holding_a_lead_or_a_placeholder(text):
    expected = [m.span() for m in _WORD_RE.finditer(text)
                if any(ch in _LETTER_LEADS or ch in PLACEHOLDERS for ch in m.group())]
    assert list(_lead_words(text)) == expected


def _code_spans_plain(text):
    """code_spans as it read before: _TRIGGER tried at every character."""
    spans = [m.span() for m in code._BACKTICKS.finditer(text)] if "`" in text else []
    end, tokens = 0, []
    for m in code._TRIGGER.finditer(text):
        i = m.start()
        if i < end:
            continue
        start = i
        while start > end and not text[start - 1].isspace():
            start -= 1
        end = code._TOKEN_REST.match(text, i).end()
        tokens.append(code._unwrapped(text, start, end, i))
    return code.merge_spans(spans + tokens) if spans else tokens


@settings(max_examples=600, deadline=None)
@given(_texts(["a", "w", "www.", ".", "/", ":", "%", "=", "_", "(", "?", "@", "~", " ", "\n", "1", "b.com",
               "\u00e2??", "`", "x(", "é", "A", "//", "Z.", "ww", "<"]))
def test_code_spans_are_found_where_the_trigger_matches(text):
    assert code.code_spans(text) == _code_spans_plain(text)


@settings(max_examples=300, deadline=None)
@given(_texts(["colour", "Color", "per cent", "percent", "Mr ", "MRS.", "dr.", "organisation", "Realization",
               "travelled", "traveling", "ſ", "İ", "K", "the", " ", ".", "x"], max_size=12))
def test_british_and_american_counts_skip_only_texts_without_their_literals(text):
    low = None if _FOLDS_TO_ASCII.search(text) else text.lower()
    assert _count(_BRITISH, _BRITISH_NEEDLES, text, low) == len(_BRITISH.findall(text))
    assert _count(_AMERICAN, _AMERICAN_NEEDLES, text, low) == len(_AMERICAN.findall(text))


def test_only_the_listed_characters_fold_to_ascii_letters():
    # re.IGNORECASE matches these to i, i, s, k; no other character outside ASCII matches a letter
    # (the list was found by trying every code point; here the neighbourhoods are re-checked)
    letters = [re.compile(re.escape(chr(c)), re.I) for c in range(ord("a"), ord("z") + 1)]
    for cp in [*range(0x80, 0x250), *range(0x1e00, 0x1f00), *range(0x2100, 0x2150), *range(0xff00, 0xff60)]:
        folds = any(p.match(chr(cp)) for p in letters)
        assert folds == bool(_FOLDS_TO_ASCII.match(chr(cp))), hex(cp)


@settings(max_examples=200, deadline=None)
@given(_texts(["ab", "c", " ", "?", "\ufffd", "Ã", "â", "1", "_", "\n", "x" * 50], max_size=800),
       st.sampled_from([1, 5, 1000]))
def test_first_words_are_the_first_undamaged_words(text, n):
    expected = [w for w in _WORD_RE.findall(text) if _DAMAGE_CHARS.isdisjoint(w)][:n]
    assert _first_words(text, n) == expected


def test_first_words_of_a_long_text_cut_between_words():
    text = ("Wörter und Sätze " * 3000) + "Ende"
    assert _first_words(text, 1000) == [w for w in _WORD_RE.findall(text)][:1000]
    assert _first_words(text, 10 ** 6)[-1] == "Ende"


def test_punctuation_sites_start_only_at_the_characters_they_read():
    # Punctuation.sites reads â, ftfy's characters for a lost byte and a space, their look-alike
    # and the placeholders, and steps over every other character
    for ch in "\u00e2?\ufffd\u29a0\u2320":
        assert _SITE_START.match(ch)
    for ch in "aé’”—…":
        assert not _SITE_START.match(ch)


# The characters _RUN reads (lead and trail bytes as Latin-1 and Windows-1252 show them, C1
# controls, ASCII trail bytes) and characters it never reads (Vietnamese, CJK, a space).
_RUN_ALPHABET = ["Ç", "ë", "Ê", "ä", "é", "¤", "J", "a", "@", "~", "\x7f", "\x85", "\x9d", "€", "’", "“",
                 "ạ", "\u4e00", " ", "?", "0", "\ud800"]


@settings(max_examples=600, deadline=None)
@given(_texts(_RUN_ALPHABET, max_size=24))
def test_may_hold_run_is_true_wherever_run_matches(text):
    from textfix.filters.cjk_latin1 import _RUN, _may_hold_run

    if _RUN.search(text) is not None:
        assert _may_hold_run(text)


@settings(max_examples=600, deadline=None)
@given(_texts(["â ", "â", " ", "t", "s", "re", "ve", "ll", "d", "m", "don", "It", "ab", ".", "é", "œ", "x"], max_size=12))
def test_spaced_patterns_match_only_where_a_spaced_suffix_stands(text):
    from textfix.filters.lossy.chars import SPACED_CONTRACTION, SPACED_POSSESSIVE, SPACED_SUFFIX

    if SPACED_CONTRACTION.search(text) or SPACED_POSSESSIVE.search(text):
        assert SPACED_SUFFIX.search(text), text


@settings(max_examples=400, deadline=None)
@given(_texts(["ab", "é", " ", "1", "_", "\u0663", "\u4e00", "x" * 70, "?"], max_size=40), st.integers(0, 10**4))
def test_word_start_is_the_reversed_reading(text, i):
    from textfix.filters.lossy.evidence import _LETTERS, _word_start

    i = min(i, len(text))
    n = len(text)
    assert _word_start(text, i) == n - _LETTERS.match(text[::-1], n - i).end()


def test_the_evidence_search_is_the_alternation_it_stands_for():
    """_EVIDENCE_RE is one class with a look back (searched by skipping to its characters):
    it finds where `an evidence character | a lead before its residue` does, on every text
    of up to four characters drawn from those and their neighbours."""
    import itertools
    import re

    from textfix.filters.lossy import screen

    written = re.compile(f"[{screen._EVIDENCE_CHARS}]|[{screen._PAIR_LEADS}](?=\u00c2)")
    alphabet = ["a", "\u00c4", "\u00c2", "\u00c3", "\u00e2", " ", "\u00c9", "\ufffd", "\u00cf"]
    for n in range(1, 5):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            assert [m.start() for m in screen._EVIDENCE_RE.finditer(text)] == \
                [m.start() for m in written.finditer(text)], text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a \u2320\u29a0\u2020\u2026\u2006\u20ac", max_size=40))
def test_the_swallowing_count_is_the_sum_of_the_counts(text):
    from textfix.filters.lossy import evidence
    from textfix.filters.lossy.chars import _LOOKALIKE, _SWALLOWING

    assert evidence._count_swallowing(text) == \
        sum(text.count(ch) for ch in _SWALLOWING) + sum(text.count(ch) for ch in _LOOKALIKE)


@settings(max_examples=600, deadline=None)
@given(_texts(["?", " ", ":", "a", "\t", " : ", " ? ", "x?", ":x", "\n", "?\n"], max_size=20))
def test_a_conditional_is_the_one_line_pattern_read_in_two_searches(text):
    # code._conditional restates `(?:^|\s)\?\s.*?\s:(?:\s|$)` (re.M) searched in each line, whose
    # lazy `.*?` from every spaced `?` made a long line with many of them quadratic
    plain = re.compile(r"(?:^|\s)\?\s.*?\s:(?:\s|$)", re.M)
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        assert code._conditional(text, start, end) == (plain.search(text, start, end) is not None)
        start = end + 1
