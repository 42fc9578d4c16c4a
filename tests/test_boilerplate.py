"""Boilerplate rule packs: every shipped rule's examples, pack checking, structure, seeds, eval data."""

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.errors import UsageError
from textfix.filters.boilerplate import (
    KINDS,
    POSITIONS,
    SCOPES,
    Boilerplate,
    builtin_pack_paths,
    builtin_rules,
)
from conftest import eval_dir

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds"
BUILTIN = builtin_rules()
PARAGRAPH = ("The council approved the new budget on Tuesday after a long debate about the cost of "
             "repairing the old bridge over the river.")
PARAGRAPH2 = ("Opposition members said the plan would raise local taxes for years, and they promised to "
              "bring the question back before the summer recess.")


def removed(result):
    return [c.before for c in result.changes if c.rule.startswith("boilerplate.")]


# ----------------------------------------------------------------------------- the shipped packs


def test_packs_are_shipped_and_rules_well_formed():
    assert len(builtin_pack_paths()) >= 10
    ids = [r.id for r in BUILTIN]
    assert len(ids) == len(set(ids))
    for rule in BUILTIN:
        assert re.fullmatch(r"boilerplate\.[a-z]+\.[a-z0-9-]+", rule.id), rule.id
        assert rule.kind in KINDS and rule.scope in SCOPES and rule.position in POSITIONS
        assert rule.description and rule.languages, rule.id
        assert rule.examples_match and rule.examples_keep, f"{rule.id} needs examples of both kinds"


@pytest.mark.parametrize("rule", BUILTIN, ids=lambda r: r.id)
def test_every_rule_matches_its_examples_and_leaves_its_counter_examples(rule):
    for example in rule.examples_match:
        assert rule.matches_line(example), f"{rule.id} should match {example!r}"
    for example in rule.examples_keep:
        assert not rule.matches_line(example), f"{rule.id} should leave {example!r}"


def test_common_kinds_cover_the_seven_languages():
    languages = {"en", "de", "fr", "es", "pt", "it", "id"}
    for kind in ("ad", "newsletter", "social", "legal", "related", "comments", "nav"):
        covered = set().union(*(r.languages for r in BUILTIN if r.kind == kind))
        assert languages <= covered, (kind, languages - covered)


@pytest.mark.parametrize("label", ["Baca juga:", "Mehr zum Thema", "Lire aussi", "Leia também", "Leggi anche",
                                   "Lee también", "Related articles"])
def test_related_labels_in_seven_languages_take_their_teasers(label):
    text = f"{PARAGRAPH}\n{label}\nMinister resigns after budget row\nFloods close the coast road\n{PARAGRAPH2}\n"
    result = textfix.clean(text)
    assert result.text == f"{PARAGRAPH}\n{PARAGRAPH2}\n"
    assert len(removed(result)) == 3


# ----------------------------------------------------------------------------- the seeds


def test_seed_000_loses_the_ad_lines_and_the_footer_and_nothing_else():
    data = (SEEDS / "000_a07839f75a8c20c0.in.txt").read_bytes()
    result = textfix.clean(data)
    gone = [c for c in result.changes if c.rule.startswith("boilerplate.")]
    assert [c.rule for c in gone] == ["boilerplate.ad.marker"] * 4 + ["boilerplate.syndication.not-involved"]
    assert all(c.before == "ADVERTISEMENT\n" for c in gone[:4])
    assert "EMEA Tribune is not involved" in gone[4].before and gone[4].before.startswith("\n")
    lines = result.original.splitlines()
    kept = [line for line in lines if line != "ADVERTISEMENT" and "EMEA Tribune" not in line]
    assert len(result.text.splitlines()) == len(kept) == len(lines) - 5


def test_seed_001_tracker_header_and_doubled_newsletter_go():
    data = (SEEDS / "001_ae37be705509924c.in.txt").read_bytes()
    result = textfix.clean(data)
    rules = [c.rule for c in result.changes]
    assert rules.count("boilerplate.tracker.header") == 5
    assert "boilerplate.newsletter.sign-up" in rules
    assert not result.text.startswith("This article is from the source")
    assert "Sign up for our Politics Essential newsletter" not in result.text
    assert "Version 2 Version 3" not in result.text


# ----------------------------------------------------------------------------- structure


def test_every_removal_is_a_change_with_the_line_and_its_newline():
    text = f"{PARAGRAPH}\nADVERTISEMENT\n{PARAGRAPH2}\n"
    result = textfix.clean(text)
    [change] = result.changes
    assert (change.rule, change.before, change.after) == ("boilerplate.ad.marker", "ADVERTISEMENT\n", "")
    assert text[change.start:change.end] == change.before
    assert change.reason.startswith("ad: ")
    assert textfix.replay(text, result.changes) == result.text


def test_a_removed_line_between_blank_lines_takes_one_blank_line_with_it():
    text = f"{PARAGRAPH}\n\nAdvertisement\n\n{PARAGRAPH2}\n"
    assert textfix.clean(text).text == f"{PARAGRAPH}\n\n{PARAGRAPH2}\n"


def test_the_last_line_without_newline_takes_the_newline_before_it():
    text = f"{PARAGRAPH}\nAll rights reserved."
    result = textfix.clean(text)
    assert result.text == PARAGRAPH
    assert removed(result) == ["\nAll rights reserved."]


def test_inline_ad_marker_glued_inside_a_sentence():
    text = "She said it was her favorite dessert.ADVERTISEMENT.“It made me laugh,” she said.\n"
    result = textfix.clean(text)
    assert result.text == "She said it was her favorite dessert. “It made me laugh,” she said.\n"
    assert [(c.rule, c.before, c.after) for c in result.changes] == [("boilerplate.ad.inline-marker", "ADVERTISEMENT.", " ")]
    # with a space on one side, the marker goes with it and nothing takes its place
    assert textfix.clean("He left. Advertisement The next day he returned.").text == "He left. The next day he returned."


def test_a_short_label_between_two_paragraphs_is_a_heading_and_stays():
    # "Comments" alone is comment-section furniture, but between two paragraphs it is a heading.
    text = f"{PARAGRAPH}\nComments\n{PARAGRAPH2}\n"
    assert textfix.clean(text).changes == []
    text = f"{PARAGRAPH}\n{PARAGRAPH2}\nComments\nShare this:\n"
    assert textfix.clean(text).text == f"{PARAGRAPH}\n{PARAGRAPH2}\n"


def test_a_short_quoted_line_inside_the_article_stays():
    text = f"{PARAGRAPH}\n“Subscribe,” he said.\n“Share this with everyone,” she replied.\n{PARAGRAPH2}\n"
    assert textfix.clean(text).changes == []


def test_head_and_tail_rules_only_fire_at_the_edges():
    text = f"Home\n{PARAGRAPH}\nHome\n{PARAGRAPH2}\nHome\n"
    result = textfix.clean(text)
    assert result.text == f"{PARAGRAPH}\nHome\n{PARAGRAPH2}\n"


def test_teasers_inside_the_article_must_not_read_like_sentences():
    text = (f"{PARAGRAPH}\nRelated articles\nHong Kong protests: students under siege\n"
            f"Many of the protesters wear masks to shield their identities.\n{PARAGRAPH2}\n")
    result = textfix.clean(text)
    assert "Many of the protesters wear masks" in result.text
    assert "students under siege" not in result.text


def test_a_cluster_at_the_end_of_the_page_takes_the_short_lines_inside_it():
    tail = ["Share this:", "Facebook", "Twitter", "Email", "Gronk may have found his true calling", "-",
            "Jones tells Belichick story from the 90s"]
    text = PARAGRAPH + "\n" + PARAGRAPH2 + "\n" + "\n".join(tail) + "\n"
    result = textfix.clean(text)
    assert result.text == PARAGRAPH + "\n" + PARAGRAPH2 + "\n"
    assert "boilerplate.structure.tail-block" in {c.rule for c in result.changes}


def test_most_unlabelled_teasers_only_on_a_page_where_a_rule_found_furniture():
    caps = "MAYOR SAYS THE NEW BRIDGE WILL OPEN BY SPRING"
    text = f"{PARAGRAPH}\n{caps}\n{PARAGRAPH2}\n"
    assert textfix.clean(text).changes == []  # nothing else says this is a scraped page
    result = textfix.clean(f"{PARAGRAPH}\n{caps}\n{PARAGRAPH2}\nADVERTISEMENT\n{PARAGRAPH}\n")
    assert [c.rule for c in result.changes] == ["boilerplate.structure.caps-link", "boilerplate.ad.marker"]
    ignored = textfix.clean(f"{PARAGRAPH}\n{caps}\n{PARAGRAPH2}\nADVERTISEMENT\n{PARAGRAPH}\n", ignore=["boilerplate.structure"])
    assert [c.rule for c in ignored.changes] == ["boilerplate.ad.marker"]


KICKER_PAIRS = ["SALTY DOG", "Retired skipper rescues a tourist's hat from the harbour with a fishing rod",
                "NIGHT OWLS", "Astronomy club spots a comet from the roof of the old lifeboat station",
                "SWEET TOOTH", "Bakery sells out of its famous seaweed buns before breakfast on opening day"]
BYLINE_CARDS = ["Tom Reyes", "March 2, 2026", "The island school has raised enough money for a new minibus.",
                "Lena Hart", "March 1, 2026", "A colony of grey seals has returned to the sandbank off the north beach.",
                "Sam Okafor", "February 28, 2026", "Plans for a wind turbine on the headland have been withdrawn."]


def test_kicker_pairs_and_byline_cards_go_on_any_page():
    for cards, rule in ((KICKER_PAIRS, "kicker-titles"), (BYLINE_CARDS, "byline-cards")):
        text = "\n".join([PARAGRAPH, *cards, PARAGRAPH2]) + "\n"
        result = textfix.clean(text)
        assert result.text == f"{PARAGRAPH}\n{PARAGRAPH2}\n"
        assert {c.rule for c in result.changes} == {f"boilerplate.structure.{rule}"}
        assert textfix.clean(text, ignore=[f"boilerplate.structure.{rule}"]).changes == []
        # two cards are not a list of teasers
        assert textfix.clean("\n".join([PARAGRAPH, *cards[:-len(cards) // 3], PARAGRAPH2]) + "\n").changes == []


def test_kicker_pairs_that_read_like_sections_stay():
    def pairs(kickers, titles):
        return "\n".join([PARAGRAPH, *(x for pair in zip(kickers, titles) for x in pair), PARAGRAPH2]) + "\n"
    titles = KICKER_PAIRS[1::2]
    for kickers in (["ARTICLE 3", "ARTICLE 4", "ARTICLE 5"],   # numbered headings
                    ["PART ONE", "PART TWO", "PART THREE"],    # headings that begin alike
                    ["MONDAY", "TUESDAY", "WEDNESDAY"]):       # a programme by day
        assert textfix.clean(pairs(kickers, titles)).changes == [], kickers
    assert textfix.clean(pairs(KICKER_PAIRS[::2], ["Walk to the mill", "Swim in the bay", "Bake the bread"])).changes == []
    assert textfix.clean(pairs(KICKER_PAIRS[::2], [t.upper() for t in titles]).upper()).changes == []  # all in capitals


def test_teaser_card_lines():
    from textfix.filters.boilerplate import author_line, date_line

    assert all(map(date_line, ["Tuesday, March 3, 2026", "3 March 2026", "Mar. 3, 2026", "2026-03-03", "03/03/2026"]))
    assert not any(map(date_line, ["March 2026", "On March 3, 2026 it rained.", "Tuesday"]))
    assert all(map(author_line, ["Anna Berg", "By Anna van Berg", "Sen. Mary Ellen Cole", "Jean-Luc O'Neil"]))
    assert not any(map(author_line, ["Anna", "Storm closes schools", "Anna Berg said:", "Flight 209 Crew"]))


# a line of a teaser card as it may stand: padded with spaces (or other spaces) up to past
# the length limit, or not; and lines of other scripts and random short text
_PADS = st.sampled_from(["", "", " ", "\t", " " * 60, "\xa0" * 60, "\u2003"])
_card = st.builds(lambda s, a, b: a + s + b, st.sampled_from(KICKER_PAIRS + BYLINE_CARDS), _PADS, _PADS)
_cards = st.sampled_from([KICKER_PAIRS, BYLINE_CARDS, ["ΝΕΑ ΕΙΔΗΣΗ", "Σοφία Παπαδάκη", "Μαρτίου 3, 2026"]]).flatmap(
    lambda block: st.tuples(*[st.builds(lambda a, b, s=s: a + s + b, _PADS, _PADS) for s in block]).map("\n".join))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    _cards, _card, st.sampled_from([PARAGRAPH, PARAGRAPH2, "", "ARTICLE 3", "Σοφία Παπαδάκη", "ΝΕΑ ΕΙΔΗΣΗ"]),
    st.text(st.sampled_from("AB ab\xa0Σσ.,1"), max_size=130)), min_size=1, max_size=8).map("\n".join))
def test_the_screen_never_rejects_a_page_of_teaser_shapes(text):
    # the cheap test that lets the screen (and propose) skip the page-wide heuristics
    # against none at all: the same result on every text
    from textfix.filters import boilerplate

    check = boilerplate._page_wide_teasers_possible
    screened = textfix.clean(text, select=["boilerplate"])
    boilerplate._page_wide_teasers_possible = lambda *args: True
    try:
        unscreened = textfix.clean(text, select=["boilerplate"])
    finally:
        boilerplate._page_wide_teasers_possible = check
    assert (screened.text, screened.changes) == (unscreened.text, unscreened.changes)


def test_a_title_run_after_the_article_goes_but_short_names_and_introduced_lists_stay():
    titles = ["Island bakery celebrates fifty years of bread on the quay", "Why the lighthouse keeper's cottage is up for sale",
              "Storm warnings return to the coast as autumn tides rise"]
    end = "© 2026 Harbour Town Courier"
    result = textfix.clean("\n".join([PARAGRAPH, PARAGRAPH2, *titles, end]) + "\n")
    assert result.text == PARAGRAPH + "\n" + PARAGRAPH2 + "\n"
    names = ["The Quay Gallery by Anna Berg", "Harbour Lights by Tom Reyes", "The Glass Hall by Studio Nord"]
    text = "\n".join([PARAGRAPH, PARAGRAPH2, *names, end]) + "\n"
    assert textfix.clean(text).text == "\n".join([PARAGRAPH, PARAGRAPH2, *names]) + "\n"
    text = "\n".join([PARAGRAPH, PARAGRAPH2, "The three stories the jury picked were:", *titles, end]) + "\n"
    assert textfix.clean(text).text == "\n".join([PARAGRAPH, PARAGRAPH2, "The three stories the jury picked were:", *titles]) + "\n"


def test_structure_heuristics_read_lines_not_sentences():
    from textfix.filters.boilerplate import caps_link, cut_off, headline_like, kicker

    assert headline_like("Storm closes schools across the valley") and not headline_like("The storm closed schools.")
    assert not headline_like("— Harbour Courier (@harbourcourier) May 4, 2026")  # an embed's attribution
    assert kicker("‘NOT FUNNY’") and not kicker("THE STORM CLOSED THE SCHOOLS ACROSS THE WHOLE VALLEY")
    assert caps_link("CITY'S OLDEST BOOKSHOP TO CLOSE AFTER TWO CENTURIES") and not caps_link("WHAT VISITORS WILL SEE")
    assert not caps_link("| HD | HOME DEPOT INC. | 225.86 | -12.99 | -5.44% |")  # a table row in capitals
    assert cut_off("The river path between the old mill and the footbridge will be closed for four weeks while the")
    assert not cut_off("The river path between the old mill and the footbridge will be closed for four weeks, they said.")


def test_a_list_that_ends_the_article_before_the_share_buttons_stays():
    items = ["- flour, 500 g", "- two eggs", "- a pinch of salt"]
    tail = ["Share this:", "Facebook", "Twitter", "Email"]
    text = PARAGRAPH + "\n" + "\n".join(items + tail) + "\n"
    result = textfix.clean(text)
    assert result.text == PARAGRAPH + "\n" + "\n".join(items) + "\n"


def test_comment_thread_goes_to_the_end():
    text = (f"{PARAGRAPH}\n{PARAGRAPH2}\njoe says:\nNovember 19, 2019 at 8:45 am\nGreat piece.\n"
            "ann says:\nNovember 19, 2019 at 9:03 am\nI disagree with every word of it.\n")
    assert textfix.clean(text).text == f"{PARAGRAPH}\n{PARAGRAPH2}\n"


# ----------------------------------------------------------------------------- selection


def test_select_and_ignore_by_kind():
    text = f"{PARAGRAPH}\nADVERTISEMENT\n{PARAGRAPH2}\nShare this:\n"
    assert textfix.clean(text, ignore=["boilerplate.ad"]).text == f"{PARAGRAPH}\nADVERTISEMENT\n{PARAGRAPH2}\n"
    assert textfix.clean(text, select=["boilerplate.social"]).text == f"{PARAGRAPH}\nADVERTISEMENT\n{PARAGRAPH2}\n"
    assert textfix.clean(text, ignore=["boilerplate"]).changes == []


def test_clean_output_is_stable():
    text = f"Skip to content\nHome\n{PARAGRAPH}\nADVERTISEMENT\n{PARAGRAPH2}\nRelated articles\nA headline\n© 2024 Example Ltd\n"
    once = textfix.clean(text)
    assert textfix.clean(once.text).changes == []
    assert textfix.replay(text, once.changes) == once.text


# ----------------------------------------------------------------------------- user packs


def write(tmp_path, body, name="site.toml"):
    path = tmp_path / name
    path.write_text(body, "utf-8")
    return path


USER_PACK = '''
[[rule]]
id = "boilerplate.site.footer"
description = "the Example Gazette footer"
patterns = ['Example Gazette \\| all the news that fits']
examples_match = ["Example Gazette | all the news that fits"]
examples_keep = ["The Example Gazette was founded in 1890."]
'''


def test_a_user_pack_adds_rules_through_config(tmp_path):
    pack = write(tmp_path, USER_PACK)
    text = f"{PARAGRAPH}\nExample Gazette | all the news that fits\n"
    assert textfix.clean(text).changes == []
    result = textfix.clean(text, config={"rules": [str(pack)]})
    assert [c.rule for c in result.changes] == ["boilerplate.site.footer"]
    assert textfix.clean(text, config={"rules": [str(pack)]}, ignore=["boilerplate.site"]).changes == []


@pytest.mark.parametrize("body, problem", [
    ('[[rule]]\nid = "boilerplate.site.x"\ndescription = "d"\npatterns = ["(unclosed"]\n', "bad pattern '(unclosed'"),
    ('[[rule]]\nid = "site.x"\ndescription = "d"\npatterns = ["x"]\n', "boilerplate.<kind>.<name>"),
    ('[[rule]]\nid = "boilerplate.site.x"\ndescription = "d"\npatterns = ["x"]\nscope = "page"\n', "scope must be"),
    ('[[rule]]\nid = "boilerplate.site.x"\ndescription = "d"\npatterns = ["x"]\npostion = "head"\n', "unknown key"),
    ('[[rule]]\nid = "boilerplate.site.x"\npatterns = ["x"]\n', "description is missing"),
    ('[[rule]]\nid = "boilerplate.ad.marker"\ndescription = "d"\npatterns = ["x"]\n', "already defined"),
    ('[[rule\n', "invalid TOML"),
])
def test_a_bad_pack_names_file_rule_and_problem(tmp_path, body, problem):
    pack = write(tmp_path, body)
    with pytest.raises(UsageError) as error:
        Boilerplate([pack])
    assert str(pack) in str(error.value) and problem in str(error.value)
    if "rule" in body and "invalid" not in problem:
        assert "boilerplate" in str(error.value) or "site.x" in str(error.value)


def test_a_catastrophic_user_pattern_is_stopped_and_flagged(tmp_path, monkeypatch):
    import textfix.filters.boilerplate as bp

    monkeypatch.setattr(bp, "PATTERN_TIMEOUT", 0.2)
    # (?:a|aa|aaa)+b backtracks exponentially on a run of a's not followed by the b (the line
    # holds a b, so the gate cannot rule the pattern out and it really runs)
    pack = write(tmp_path, '[[rule]]\nid = "boilerplate.site.slow"\ndescription = "d"\npatterns = ["(?:a|aa|aaa)+b"]\n')
    text = f"{PARAGRAPH}\n" + "a" * 60 + "cb\n"
    started = time.perf_counter()
    result = textfix.Pipeline([bp.Boilerplate([pack])]).run(text)
    assert time.perf_counter() - started < 5
    assert result.text == text
    assert any(f.rule == "boilerplate.timeout" for f in result.flags)


# ----------------------------------------------------------------------------- evaluation data


def test_no_boilerplate_rule_touches_the_udhr():
    # tests/test_eval.py checks the whole default pipeline; this names the boilerplate rules.
    touched = []
    for path in sorted(eval_dir("udhr").glob("*.txt")):
        result = textfix.clean(path.read_bytes(), select=["boilerplate", "layout"])
        if result.changes:
            touched.append((path.name, [(c.rule, c.before[:40]) for c in result.changes[:3]]))
    assert touched == []


# Content lines (per the benchmark's labels) that the default rules remove, measured
# 2026-11-21 with bench/bench_boilerplate.py; each is listed in docs/boilerplate.md.
MAX_CONTENT_LINES_REMOVED = 27


def test_content_lines_removed_on_the_scrapinghub_benchmark_stay_at_the_measured_count():
    eval_dir("boilerplate-scrapinghub")
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_boilerplate", ROOT / "bench" / "bench_boilerplate.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    stats, subkinds, content_removed, missed, seconds, _ = bench.run(methods=("textfix",))
    assert len(content_removed) <= MAX_CONTENT_LINES_REMOVED, json.dumps(content_removed[:20], ensure_ascii=False)
    totals = bench.total(stats["textfix"])
    assert totals["BP removed"] >= 0.5 * totals["BP"]
