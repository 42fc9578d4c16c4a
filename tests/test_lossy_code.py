"""Correct source code and its docstrings keep their `?` and U+FFFD (held-out genre:
bench/bench_heldout_code.py). Every excerpt is real, from the file named; each was edited
by the lossy rules before code lines (code.code_marks) and mentions of the character
(mentions.py) were read as the text's own."""

import sysconfig
from pathlib import Path

import pytest

from textfix import clean, replay
from textfix.filters.lossy.code import code_marks
from textfix.filters.lossy.mentions import mention_spans

# CPython 3.11.7 Lib/urllib/parse.py: "a ? with" (the character mentioned) read as a lost dash.
URLLIB = '''def urlunparse(components):
    """Put a parsed URL back together again.  This may result in a
    slightly different, but equivalent URL, if the URL that was parsed
    originally had redundant delimiters, e.g. a ? with an empty query
    (the draft states that these are equivalent)."""

def urlunsplit(components):
    """Combine the elements of a tuple as returned by urlsplit() into a
    complete URL as a string. The data argument can be any five-item iterable.
    This may result in a slightly different, but equivalent URL, if the URL that
    was parsed originally had unnecessary delimiters (for example, a ? with an
    empty query; the RFC states that these are equivalent)."""
'''
# lodash 4.17.21 _baseWhile.js and _createRecurry.js, moment 2.30.1 src/lib/units/week.js
# (npm): the conditional operator `a ? b : c` read as a spaced lost dash in English comments.
LODASH_WHILE = """ * @param {boolean} [fromRight] Specify iterating from right to left.
 * @returns {Array} Returns the slice of `array`.
 */
function baseWhile(array, predicate, isDrop, fromRight) {
  var length = array.length,
      index = fromRight ? length : -1;

  while ((fromRight ? index-- : ++index < length) &&
    predicate(array[index], index, array)) {}
"""
LODASH_RECURRY = """ * @param {Array} [partials] The arguments to prepend to those provided to
 *  the new function.
 * @param {Array} [holders] The `partials` placeholder indexes.
 * @param {Array} [argPos] The argument positions of the new function.
 * @param {number} [ary] The arity cap of `func`.
 * @param {number} [arity] The arity of `func`.
 * @returns {Function} Returns the new wrapped function.
 */
function createRecurry(func, bitmask, wrapFunc, placeholder, thisArg, partials, holders, argPos, ary, arity) {
  var isCurry = bitmask & WRAP_CURRY_FLAG,
      newHolders = isCurry ? holders : undefined,
      newHoldersRight = isCurry ? undefined : holders,
"""
MOMENT_WEEK = """export var defaultLocaleWeek = {
    dow: 0, // Sunday is the first day of the week.
    doy: 6, // The week that contains Jan 6th is the first week of the year.
};

export function localeFirstDayOfWeek() {
    return this._week.dow;
}

export function localeFirstDayOfYear() {
    return this._week.doy;
}

// MOMENTS

export function getSetWeek(input) {
    var week = this.localeData().week(this);
    return input == null ? week : this.add((input - week) * 7, 'd');
}

export function getSetISOWeek(input) {
    var week = weekOfYear(this, 1, 4).week;
    return input == null ? week : this.add((input - week) * 7, 'd');
}
"""
# Perl 5.36 B/Deparse.pm (Debian perl-modules-5.36): a conditional over several lines.
PERL = '''        my $category =
\t    !$cv || $seq <= $name->COP_SEQ_RANGE_LOW
\t\t? $self->keyword($flags & SVpad_OUR
\t\t\t\t    ? "our"
\t\t\t\t    : $flags & SVpad_STATE
\t\t\t\t\t? "state"
\t\t\t\t\t: "my") . " "
\t\t: "";
'''
# Ruby 3.1 lib/reline/unicode.rb: U+FFFD named beside its code point, in a comment.
RELINE = """    elsif (0x20 <= ord and ord <= 0x7E) # printable ASCII chars
      return 1
    end
    m = mbchar.encode(Encoding::UTF_8).match(MBCharWidthRE)
    case
    when m.nil? then 1 # TODO should be U+FFFD \ufffd REPLACEMENT CHARACTER
    when m[:width_2_1], m[:width_2_2], m[:width_2_3] then 2
    when m[:width_3] then 3
    when m[:width_0] then 0
    when m[:width_1] then 1
"""


@pytest.mark.parametrize("text", [URLLIB, LODASH_WHILE, LODASH_RECURRY, MOMENT_WEEK, RELINE],
                         ids=["urllib-docstring", "lodash-while", "lodash-recurry", "moment-week", "reline"])
def test_correct_code_and_docstrings_are_left_alone(text):
    assert [c for c in clean(text).changes if c.rule.startswith("lossy.")] == []


def test_pydoc_as_this_python_ships_it_is_left_alone():
    # Lib/pydoc.py whole (its `op == "search?key":` lines need the file's English around them
    # to be read as damage): the interpreter's own copy, skipped where it is not shipped.
    path = Path(sysconfig.get_paths()["stdlib"]) / "pydoc.py"
    if not path.exists() or 'op == "search?key"' not in path.read_text(encoding="utf-8"):
        pytest.skip("this Python ships no pydoc.py with the search?key lines")
    text = path.read_text(encoding="utf-8")
    assert [c for c in clean(text).changes if c.rule.startswith("lossy.")] == []


def test_question_marks_on_code_lines_are_marked_and_prose_ones_are_not():
    text = 'if op == "search?key":\n    x = a ? b : c\nWhy? I don?t know, airline ? the.'
    assert [text[a:b] for a, b in code_marks(text)] == ["?", "?"]
    assert len(code_marks(PERL)) == PERL.count("?") == 3  # (a conditional over several lines)
    assert code_marks("Go to Settings -> Privacy ? it?s there.") == []  # (an arrow in prose)
    assert code_marks("See http://x.org/?a=1 ? it?s there.") == []  # (a URL's query is no assignment)


def test_a_mention_is_an_article_or_a_naming_word_beside_a_spaced_mark():
    text = "the ? after the name, a trailing ? mark, Plan A ? the best, Formula One ? a race"
    assert [text[a - 4:b] for a, b in mention_spans(text)] == ["the ?", "ing ?"]


def test_damage_in_the_prose_around_code_is_still_repaired():
    # A damaged post (lost apostrophes) quoting a line of code: the prose is repaired, the code kept.
    text = ("That?s the bug: it doesn?t match, and I can?t see why.\n"
            '    if op == "search?key": x = a ? b : c\n')
    result = clean(text)
    assert result.text.startswith("That\u2019s the bug: it doesn\u2019t match, and I can\u2019t see why.\n")
    assert result.text.endswith('    if op == "search?key": x = a ? b : c\n')
    assert replay(text, result.changes) == result.text
