"""Boilerplate rule packs: every shipped rule's examples, pack checking, structure, seeds, eval data."""

import json
import re
import time
from pathlib import Path

import pytest

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
from textfix.filters.boilerplate.structure import is_wrapped_prose
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
        rule.compile_all()  # shipped patterns compile on first use: a bad one must fail here


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


def test_opt_in_rules_run_only_when_selected():
    """Rules with `default = false` (measured on boilerplate-web dev: under 90% of their
    removals boilerplate) stay in the packs, off unless selected."""
    text = f"{PARAGRAPH}\n(AP Photo/Maria Lopez)\nrachel.okafor@example.org\n{PARAGRAPH2}\n"
    assert textfix.clean(text).text == text
    opted = textfix.clean(text, select=["default", "boilerplate.credit", "boilerplate.contact.email-line"])
    assert opted.text == f"{PARAGRAPH}\n{PARAGRAPH2}\n"
    assert [c.rule for c in opted.changes] == ["boilerplate.credit.photo", "boilerplate.contact.email-line"]
    opt_in = {r.id for r in BUILTIN if not r.default}
    assert opt_in == {
        "boilerplate.credit.photo", "boilerplate.contact.email-line", "boilerplate.contact.about-author"}


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
    text = f"{PARAGRAPH}\nADVERTISEMENT"
    result = textfix.clean(text)
    assert result.text == PARAGRAPH
    assert removed(result) == ["\nADVERTISEMENT"]


def test_a_copyright_notice_goes_only_from_a_page_with_other_furniture():
    # a licence, a README, a book: its notice is its own (OWN_NOTICE_RULES)
    notice = "Copyright (c) 2019 The Regents of the University. All rights reserved."
    text = f"{PARAGRAPH}\n{PARAGRAPH2}\n{notice}\n"
    assert textfix.clean(text).text == text
    # on a page with furniture the rules name, the same line is the site's footer
    page = f"Home\nNews\nSport\nShare this:\n{PARAGRAPH}\n{PARAGRAPH2}\n{notice}\n"
    assert f"{notice}\n" in removed(textfix.clean(page))
    # two removed lines besides the notice make three: furniture found
    two = f"Share this:\nAdvertisement\n{PARAGRAPH}\n{PARAGRAPH2}\n{notice}\n"
    assert f"{notice}\n" in removed(textfix.clean(two))
    one = f"Share this:\n{PARAGRAPH}\n{PARAGRAPH2}\n{notice}\n"
    assert removed(textfix.clean(one)) == ["Share this:\n"]


def test_a_russian_reprint_notice_goes_only_from_a_page_with_other_furniture():
    # boilerplate.legal.reprint-ru: a site's terms for reusing its material, mined from 26 dev sites
    # of boilerplate-web; like a copyright line it is a licence's or a terms page's own text
    # when nothing else on the page is furniture
    p1 = ("Власти города объявили о начале ремонта центральной улицы, который продлится до конца лета "
          "и затронет несколько кварталов.")
    p2 = "Жителей просят заранее планировать маршруты, а водителям советуют пользоваться объездными дорогами."
    notice = "При полном или частичном использовании материалов сайта, ссылка на сайт обязательна."
    text = f"{p1}\n{p2}\n{notice}\n"
    assert textfix.clean(text).text == text
    page = f"Реклама\nЗагрузка...\nПоделиться\n{p1}\n{p2}\n{notice}\n"
    assert [(c.rule, c.before) for c in textfix.clean(page).changes][-1] == ("boilerplate.legal.reprint-ru", f"{notice}\n")
    # as long as a paragraph, it is still not the article's last one: the tail extends over it
    long_notice = ("Перепечатка, копирование или воспроизведение информации, содержащей ссылку на агентство, "
                   "в каком-либо виде строго запрещено. Все права защищены законом.")
    assert f"{long_notice}\n" in removed(textfix.clean(f"Реклама\nЗагрузка...\nПоделиться\n{p1}\n{p2}\n{long_notice}\n"))
    # a sentence of an article about using materials stays
    article = f"{p1}\nИспользование материалов в школах помогает детям, сообщили в министерстве.\n{p2}\n"
    assert textfix.clean(f"Реклама\nЗагрузка...\nПоделиться\n{article}").text == article


def test_a_typo_report_prompt_goes_at_the_edge_and_stays_between_paragraphs():
    # boilerplate.contact.typo-report-ru (mined from 13 dev sites): `aside`, like other short prompts
    p1 = ("Власти города объявили о начале ремонта центральной улицы, который продлится до конца лета "
          "и затронет несколько кварталов.")
    p2 = ("Жителей просят заранее планировать маршруты, а водителям советуют пользоваться объездными "
          "дорогами в часы пик.")
    prompt = "Нашли опечатку? Выделите ее мышкой и нажмите Ctrl+Enter"
    assert f"{prompt}\n" in removed(textfix.clean(f"{p1}\n{p2}\n{prompt}\nПоделиться\n"))
    between = f"{p1}\n{prompt}\n{p2}\n"
    assert textfix.clean(between).text == between


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
    text = f"{PARAGRAPH}\n{PARAGRAPH2}\nComments\nShare this:\nLeave a Reply\n"
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


def test_a_related_block_stops_where_the_article_goes_on():
    # an extractor broke the article's sentences at its links (bs4 keeps each link's text on a
    # line of its own), and a paragraph hard-wrapped into short lines follows a block: the
    # block takes its teaser, not the article's words (written after boilerplate-web dev pages)
    broken = (f"{PARAGRAPH}\nRelated Stories\nMayor's budget called for delay of vote\n"
              "Anna Novak\n, who has met the mayor twice, was among those who asked for more time.\n"
              f"{PARAGRAPH2}\n")
    result = textfix.clean(broken)
    assert "Mayor's budget called for delay" not in result.text
    assert "Anna Novak\n, who has met" in result.text
    wrapped = (f"{PARAGRAPH}\nRelated Links\nRoyal engagements in 2007\n" + "\n".join(WRAPPED_COPY) + "\n"
               f"{PARAGRAPH2}\n")
    result = textfix.clean(wrapped)
    assert "Royal engagements" not in result.text
    assert all(line in result.text for line in WRAPPED_COPY)


def test_a_cluster_at_the_end_of_the_page_takes_the_short_lines_inside_it():
    tail = ["Share this:", "Facebook", "Twitter", "Email", "Gronk may have found his true calling", "-",
            "Jones tells Belichick story from the 90s"]
    text = PARAGRAPH + "\n" + PARAGRAPH2 + "\n" + "\n".join(tail) + "\n"
    result = textfix.clean(text)
    assert result.text == PARAGRAPH + "\n" + PARAGRAPH2 + "\n"
    assert "boilerplate.structure.tail-block" in {c.rule for c in result.changes}


# A page whose end holds a plain-text copy of the article, hard-wrapped at 68 columns (a
# "print version" or an e-mail body), after the share buttons: written for this test.
WRAPPED_COPY = [
    "The harbour board voted on Tuesday to close the old fish market for",
    "repairs, after engineers found that two of the piers under the hall",
    "had sunk by almost ten centimetres since the spring. Traders will",
    "move to temporary stalls on the quay until the work is finished,",
    "which the board expects to take most of the winter.",
]


# The end of a documentation page as BeautifulSoup's get_text("\n") gives it: the last example's
# highlighted tokens each on a line (shape of bench_heldout_webdocs.py's Sphinx pages).
SPLIT_CODE = ["with", "bz2", ".", "open", "(", "'data.bz2'", ",", "'rb'", ")", "as", "f", ":",
              "content", "=", "f", ".", "read", "(", ")", "print", "(", "content", ")"]


@pytest.mark.parametrize("copy", [WRAPPED_COPY, [
    "Rada portu zdecydowała we wtorek o zamknięciu starej hali targowej na",
    "czas remontu, ponieważ inżynierowie stwierdzili, że dwa filary pod",
    "budynkiem osiadły od wiosny o prawie dziesięć centymetrów. Kupcy",
    "przeniosą się na tymczasowe stoiska na nabrzeżu do końca prac.",
], SPLIT_CODE])
def test_the_end_of_page_sweep_stops_at_hard_wrapped_prose_or_split_code(copy):
    tail = ["Share this:", "Facebook", "Twitter", "Email", "Print", "Newest first"] + copy
    text = PARAGRAPH + "\n" + PARAGRAPH2 + "\n" + "\n".join(tail) + "\n"
    result = textfix.clean(text)
    assert "\n".join(copy) + "\n" in result.text
    assert "Facebook" not in result.text and "Share this:" not in result.text


def test_hard_wrapped_prose_is_told_from_a_list_of_headlines():
    headlines = ["Harbour board closes the old fish market for the winter repairs",
                 "Traders move to temporary stalls on the quay until the spring",
                 "Engineers find two piers under the market hall have sunk"]
    assert is_wrapped_prose(WRAPPED_COPY[:3])
    assert not is_wrapped_prose(headlines)
    assert not is_wrapped_prose(["Home", "News", "Sport"])


def test_a_line_of_chinese_running_text_is_a_paragraph():
    from textfix.filters.boilerplate import is_paragraph
    sentence = "港务局周二决定关闭旧鱼市进行维修，因为工程师发现大厅下面的两根桥墩自春季以来下沉了将近十厘米，商贩们将暂时搬到码头上的临时摊位营业。"
    assert is_paragraph(sentence)
    assert not is_paragraph("港务局决定关闭旧鱼市")  # a headline: short, no sentence end
    assert not is_paragraph(sentence[:-1] + "，")  # cut off mid-sentence


KICKER_PAIRS = ["SALTY DOG", "Retired skipper rescues a tourist's hat from the harbour with a fishing rod",
                "NIGHT OWLS", "Astronomy club spots a comet from the roof of the old lifeboat station",
                "SWEET TOOTH", "Bakery sells out of its famous seaweed buns before breakfast on opening day"]
BYLINE_CARDS = ["Tom Reyes", "March 2, 2026", "The island school has raised enough money for a new minibus.",
                "Lena Hart", "March 1, 2026", "A colony of grey seals has returned to the sandbank off the north beach.",
                "Sam Okafor", "February 28, 2026", "Plans for a wind turbine on the headland have been withdrawn."]


def test_a_page_without_named_furniture_loses_nothing_to_a_structural_guess():
    # kicker + title pairs, author/date cards, a title in capitals: the shapes of teasers, and
    # of a document's own sections, schedules and headings; nothing says this is a web page
    caps = "MAYOR SAYS THE NEW BRIDGE WILL OPEN BY SPRING"
    for middle in (KICKER_PAIRS, BYLINE_CARDS, [caps], ["ΝΕΑ ΓΕΦΥΡΑ ΘΑ ΑΝΟΙΞΕΙ ΤΗΝ ΑΝΟΙΞΗ ΣΤΗΝ ΠΟΛΗ"]):
        text = "\n".join([PARAGRAPH, *middle, PARAGRAPH2]) + "\n"
        assert textfix.clean(text).changes == [], middle


def test_a_title_in_capitals_stays_on_a_page_with_an_advertisement_line():
    caps = "ΝΕΑ ΓΕΦΥΡΑ ΘΑ ΑΝΟΙΞΕΙ ΤΗΝ ΑΝΟΙΞΗ ΣΤΗΝ ΠΟΛΗ ΜΑΣ"
    result = textfix.clean(f"{PARAGRAPH}\n{caps}\n{PARAGRAPH2}\nADVERTISEMENT\n{PARAGRAPH}\n")
    assert [c.rule for c in result.changes] == ["boilerplate.ad.marker"]


def test_a_title_run_after_the_article_goes_but_short_names_and_introduced_lists_stay():
    titles = ["Island bakery celebrates fifty years of bread on the quay", "Why the lighthouse keeper's cottage is up for sale",
              "Storm warnings return to the coast as autumn tides rise"]
    end = "© 2026 Harbour Town Courier"
    result = textfix.clean("\n".join([PARAGRAPH, "ADVERTISEMENT", PARAGRAPH2, *titles, end]) + "\n")
    assert result.text == PARAGRAPH + "\n" + PARAGRAPH2 + "\n"
    # a copyright notice alone shows no page (a README's, a NEWS file's): the titles and it stay
    text = "\n".join([PARAGRAPH, PARAGRAPH2, *titles, end]) + "\n"
    assert textfix.clean(text).text == text
    names = ["The Quay Gallery by Anna Berg", "Harbour Lights by Tom Reyes", "The Glass Hall by Studio Nord"]
    text = "\n".join([PARAGRAPH, PARAGRAPH2, *names, end]) + "\n"
    assert textfix.clean(text).text == text  # the notice, the only furniture found, stays too (OWN_NOTICE_RULES)
    text = "\n".join([PARAGRAPH, "ADVERTISEMENT", PARAGRAPH2, "The three stories the jury picked were:", *titles, end]) + "\n"
    assert textfix.clean(text).text == "\n".join([PARAGRAPH, PARAGRAPH2, "The three stories the jury picked were:", *titles]) + "\n"


def test_titles_are_lines_not_sentences():
    from textfix.filters.boilerplate import headline_like

    assert headline_like("Storm closes schools across the valley") and not headline_like("The storm closed schools.")
    assert not headline_like("— Harbour Courier (@harbourcourier) May 4, 2026")  # an embed's attribution


@pytest.mark.parametrize("heading, items", [
    ("Contents", ["Culture", "Science", "History"]),
    ("Оглавление", ["Культура", "Наука", "История"]),
    ("目录", ["财经", "军事", "历史"]),
    ("Spis treści:", ["Kultura", "Nauka", "Historia"]),
])
def test_a_table_of_contents_at_the_head_is_the_documents_own_list(heading, items):
    """Section names that are also menu labels ("Culture", "Культура", "财经") stay under a
    heading that names a table of contents: a manual's or a report's list of its parts."""
    text = "\n".join([heading, *items, PARAGRAPH, PARAGRAPH2]) + "\n"
    assert textfix.clean(text).changes == []
    menu = "\n".join(["Home", *items[:2], PARAGRAPH, PARAGRAPH2]) + "\n"  # a bare menu still goes
    assert [c.rule for c in textfix.clean(menu).changes] != []


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

    monkeypatch.setattr(bp.safe_regex, "LINE_SECONDS", 0.2)
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
# 2026-12-07 with bench/bench_boilerplate.py (line model on, threshold 0.975); see docs/boilerplate.md.
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


# ----------------------------------------------------------------------------- the line model


def _walk(nodes, x):
    """A tree's value for `x`, by walking its nodes (what the compiled expression must equal)."""
    k = 0
    while nodes[k][0] >= 0:
        feature, threshold, left, right, _ = nodes[k]
        k = left if x[feature] <= threshold else right
    return nodes[k][4]


def test_the_compiled_trees_equal_a_walk_of_the_shipped_trees():
    import random
    from textfix.filters.boilerplate import features, linemodel

    data = json.loads(linemodel.MODEL_PATH.read_text("utf-8"))
    model = linemodel.load()
    rng = random.Random(7)
    lines = [PARAGRAPH, "Home", "Share this:", "© 2026 Example", PARAGRAPH2, "1. flour", "MORE NEWS"] * 3
    vectors = features.features(lines) + [[rng.uniform(-1, 6) for _ in features.NAMES] for _ in range(200)]
    stage1 = data["stages"][0]
    for x in vectors:
        expected = stage1["baseline"] + sum(_walk(t, x) for t in stage1["trees"])
        assert model.first(x) == pytest.approx(expected, abs=1e-9)
    stage2 = data["stages"][1]
    for x in vectors[:40]:
        x2 = x + [rng.random() for _ in features.CONTEXT_NAMES]
        assert model.second(x2) == pytest.approx(stage2["baseline"] + sum(_walk(t, x2) for t in stage2["trees"]), abs=1e-9)


def test_the_model_file_matches_the_features_and_ships_with_the_package():
    from textfix.filters.boilerplate import features, linemodel

    data = json.loads(linemodel.MODEL_PATH.read_text("utf-8"))
    assert tuple(data["features"]) == features.NAMES and 0.5 < data["threshold"] < 1
    assert "filters/boilerplate/line_model.json" in (ROOT / "pyproject.toml").read_text("utf-8")


# a page with named furniture and an address block after the article (corpus sample bp-model-footer)
MENU_PAGE = ["Skip to main content", "World", "Europe", "Asia", "Local", "Politics",
             "Council approves new bridge budget after long debate", "Published 12 March 2026",
             PARAGRAPH, PARAGRAPH2, PARAGRAPH, "ADVERTISEMENT", "Posted in Local News", "bridge", "council",
             "Harbour Town Courier", "12 Quay Street", "Harbour Town HT1 2AB", "Newsroom: 01234 567890",
             "www.harbourcourier.example"]


def test_the_model_adds_recall_on_a_page_with_furniture_and_can_be_turned_off_alone():
    text = "\n".join(MENU_PAGE) + "\n"
    result = textfix.clean(text)
    by_model = [c for c in result.changes if c.rule == "boilerplate.model"]
    assert by_model, [c.rule for c in result.changes]
    for c in by_model:
        assert 0.5 < c.confidence <= 1 and c.reason.startswith("model: ") and c.before.strip() in MENU_PAGE
    assert PARAGRAPH in result.text and PARAGRAPH2 in result.text and "Published 12 March 2026" in result.text
    assert textfix.replay(text, result.changes) == result.text
    off = textfix.clean(text, ignore=["boilerplate.model"])
    assert not any(c.rule == "boilerplate.model" for c in off.changes)
    assert {c.before for c in off.changes} == {c.before for c in result.changes} - {c.before for c in by_model}


def test_the_model_does_not_run_on_a_text_longer_than_any_web_page():
    # the same page with a long body (a book, pages run together): the rules still take the
    # named furniture, the model, which never saw such a text, stays out (and its memory too)
    from textfix.filters.boilerplate.linemodel import MAX_PAGE_LINES

    page = "\n".join(MENU_PAGE) + "\n"
    assert any(c.rule == "boilerplate.model" for c in textfix.clean(page).changes)
    body = "".join(f"Paragraph {k}: {PARAGRAPH}\n" for k in range(MAX_PAGE_LINES))
    result = textfix.clean(page + body)
    assert result.changes and not any(c.rule == "boilerplate.model" for c in result.changes)
    assert textfix.replay(page + body, result.changes) == result.text


def test_the_model_does_not_run_where_no_rule_found_furniture():
    # the same short lines, none of them named by a rule: a document, not a page
    lines = ["Contents", "Introduction", "Installation", "Usage", PARAGRAPH, PARAGRAPH2, "Options", "verbose",
             "quiet", "color", PARAGRAPH, "Authors", "Anna Berg", "Tom Reyes"]
    assert textfix.clean("\n".join(lines) + "\n").changes == []


def test_a_preformatted_document_loses_nothing():
    # a man page keeps its indentation; an extractor's page text does not
    body = ["AUTHORS", "       Written by Anna Berg.", "       <anna@example.org>", "COPYRIGHT",
            "       Copyright (C) 1994 Anna Berg.", "       All rights reserved.", "SEE ALSO",
            "       chfn(1), passwd(5)"]
    text = "NAME\n       chsh - change login shell\n" + "\n".join(body) + "\n"
    assert textfix.clean(text).changes == []
    flat = "\n".join(line.strip() for line in text.splitlines()) + "\n"
    # the same lines, stripped as a page's: the copyright lines stay too, as the notice of a
    # text where rules found no other furniture (test_a_copyright_notice_goes_only_from_...)
    assert textfix.clean(flat).changes == []


def test_one_named_line_is_not_enough_for_the_model(monkeypatch):
    # the footer page with ADVERTISEMENT as its only named line (no skip link, no section
    # labels): one named line is also what a catalogue, a licence or a manual holds
    from textfix.filters.boilerplate import linemodel

    text = "\n".join(MENU_PAGE[6:]) + "\n"
    assert [c.rule for c in textfix.clean(text).changes] == ["boilerplate.ad.marker"]
    monkeypatch.setattr(linemodel, "MIN_FURNITURE_LINES", 1)  # what the gate keeps out
    monkeypatch.setattr(linemodel.load(), "threshold", 0.95)  # its address lines score 0.96-0.98
    assert "boilerplate.model" in {c.rule for c in textfix.clean(text).changes}


def test_cached_builtin_rules_name_this_installations_packs(tmp_path, monkeypatch):
    """The rules cache is shared by every installation of a user; an entry made from a copy of
    the packs elsewhere (another checkout, a virtualenv) must not make the rules name its files."""
    import shutil

    from textfix.filters.boilerplate import packs

    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path / "cache"))
    here = packs.RULES_DIR
    elsewhere = tmp_path / "other-install"
    shutil.copytree(packs.RULES_DIR, elsewhere)
    monkeypatch.setattr(packs, "RULES_DIR", elsewhere)
    monkeypatch.setattr(packs, "_BUILTIN", None)
    assert all(rule.source.startswith(str(elsewhere)) for rule in packs.builtin_rules())

    monkeypatch.setattr(packs, "RULES_DIR", here)
    monkeypatch.setattr(packs, "_BUILTIN", None)
    sources = {rule.source for rule in packs.builtin_rules()}
    assert sources and not any(str(elsewhere) in source for source in sources)


@pytest.mark.parametrize("last, language", [
    ("Sąd uznał jednak, że kopiowanie i rozpowszechnianie cudzych zdjęć bez pisemnej zgody autora jest "
     "naruszeniem prawa, i nakazał zapłatę odszkodowania.", "pl"),
    ("Od przyszłego roku serwisy internetowe będą musiały pytać użytkowników o zgodę na pliki cookies "
     "przy każdej wizycie, zdecydował parlament.", "pl"),
    ("Роскомнадзор в четверг аннулировал свидетельство о регистрации СМИ у двух региональных изданий.", "ru"),
    ("Распространение информации о способах совершения таких преступлений в России запрещено законом.", "ru"),
    ("据了解，该公司去年已取得网络文化经营许可证，并计划在明年推出更多在线服务。", "zh"),
])
def test_an_articles_last_paragraph_about_licences_and_reuse_stays(last, language):
    """The mined legal notices (reprint terms, media registration, licence numbers, cookie notices) read like
    the news that reports on them: a page's last paragraph that is such news stays, even on a
    page with furniture at its end. A site's notice says what may not be done with *its*
    material, or carries its registration or licence number; the news names neither."""
    body = {
        "pl": "Sąd Okręgowy w Warszawie rozpatrzył w czwartek sprawę wydawnictwa, które przez dwa lata "
              "publikowało w internecie cudze fotografie, a obrońca przekonywał, że działało w dobrej wierze.",
        "ru": "Власти города объявили о начале ремонта центральной улицы, который продлится до конца лета "
              "и затронет несколько кварталов, сообщили в мэрии в понедельник.",
        "zh": "记者从市文化和旅游局获悉，今年以来本市共新增各类文化企业三百余家，其中互联网企业占比超过一半。",
    }[language]
    furniture = {"pl": "Udostępnij\nStrona korzysta z plików cookies w celu realizacji usług.",
                 "ru": "Поделиться\nРеклама\nЗагрузка...",
                 "zh": "分享到：新浪微博 QQ空间 微信\n返回顶部"}[language]
    page = f"{body}\n{last}\n{furniture}\n"
    assert f"{last}\n" in textfix.clean(page).text


# Correct text of another genre, held out (Debian's fortune cookie files, fortunes 1:1.99.1-7.3,
# fortunes-it 1.99-4.1, fortunes-de 0.35-1, fortunes-pl 0.0.20130525-3: usr/share/games/fortunes/):
# a bare word that is web furniture on a page ("Help", "Accept", "more", "8/7", "Comments:")
# is a cookie, a command in a list, a field label there, and no other furniture is found.
FORTUNES = [
    "There's no sense in being precise when you don't even know what you're talking\nabout.\n"
    "\t\t-- John von Neumann\n%\nHelp\n%\nHa, wygralem z paskuda.\n",
    "\t\t-- Lao Tse, \"Tao Te Ching\"\n%\nAccept\n\nHarmony is only in following the Way.\n"
    "The Way is without form or quality,\n",
    "#!/bin/ssh\n#The Unix Guru's View of Sex\n\nunzip\nstrip\ntouch\ngrep\nfinger\nmount\nfsck\nmore\nyes\numount\nsleep\n%\n",
    "Computer: \"Cancellare il file?\".\nUtente:   \"Si'\".\n%\n8/7\n\t\t-- Ovvero: 8 di 7 pagine, scritto da MS-Explorer 4.01 in\n"
    "\t\t   calce all'ultima di 8 pagine stampate\n%\n",
    "Track:\n\tTrash cans full of pale green and white perforated paper and old\n\tcopies of the Allen-Bradley catalog.\n"
    "Comments:\n\tExtremely fond of bad puns and jokes that need long explanations.\n%\n",
    "(10) Potholes are\n\n\t(a) extremely dangerous.\n\t(b) patriotic.\n\t(c) the fault of the previous administration.\n"
    "\t(d) all going to be fixed next summer.\n\nThe correct answer is (b).\n%\n\t(c) toxic.\n%\n\t(c) once a day.\n",
]


@pytest.mark.parametrize("text", FORTUNES)
def test_bare_words_and_list_items_stay_where_no_page_furniture_is_found(text):
    assert textfix.clean(text, select=["boilerplate"]).changes == []


def test_a_name_in_code_split_at_its_tokens_is_no_menu_word():
    from textfix.filters.boilerplate.structure import Lines
    lines = Lines("\n".join(SPLIT_CODE) + "\n")
    names = [lines.line(i) for i in range(lines.count) if lines.code_token(i)]
    assert names == ["open", "content", "read", "print"]
    # a link's decoration, a label's count, a menu: no code
    for text in ("[\nmore\n]\n", "Comments\n(\n12\n)\n", "Home\n»\nPrint\n"):
        menu = Lines(text)
        assert not any(menu.code_token(i) for i in range(menu.count)), text


# A licence as a documentation page gives it: its notice over hard-wrapped clauses, between
# the site's navigation and footer (shape of Jinja's licence page, bench_heldout_webdocs.py).
LICENCE_CLAUSES = [
    "Redistribution and use in source and binary forms, with or without",
    "modification, are permitted provided that the following conditions are",
    "met: redistributions of source code must retain the above copyright",
    "notice, this list of conditions and the following disclaimer.",
]


def test_a_copyright_notice_over_the_text_it_licenses_stays():
    page = (["Navigation", "index", "modules", "next", "previous", "Licence", "Copyright 2007 Pallets"]
            + LICENCE_CLAUSES + ["Navigation", "Overview", "Quick search", "© Copyright 2025 Pallets."])
    result = textfix.clean("\n".join(page) + "\n")
    assert "Copyright 2007 Pallets\n" + "\n".join(LICENCE_CLAUSES) in result.text
    assert "© Copyright 2025 Pallets." not in result.text  # the site's own notice, at its end


def test_a_copyright_notice_after_the_article_goes_even_over_a_disclaimer():
    tail = ["Share this:", "Facebook", "Twitter", "Email", "© 2011 Riverside Media Group. All rights reserved.",
            "Use of this website constitutes acceptance of our terms and conditions and of our "
            "privacy policy, which explain how the material published here may be reused."]
    result = textfix.clean(PARAGRAPH + "\n" + PARAGRAPH2 + "\n" + "\n".join(tail) + "\n")
    assert "© 2011 Riverside" not in result.text


def test_kept_heading_text_is_a_pack_setting(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text('[[rule]]\nid = "boilerplate.legal.notice"\nkind = "legal"\ndescription = "d"\npatterns = ["notice .*"]\n'
                    'kept_heading_text = "yes"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="kept_heading_text must be true or false"):
        Boilerplate(packs=[pack], builtin=False)
