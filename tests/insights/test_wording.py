"""The findings' words: ties said as ties, and nothing that sounds like falling short.

When two senses, hours, days of the week, days, months or shifts share the
most, a sentence names them all ("sight and sound came up most, 2 each")
rather than picking the first one. And no finding, in English or Ukrainian,
says "only", "quiet lately", "missed" or anything else that suggests the
person should have done more.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import translation

from glimmers.insights import describe
from glimmers.journal.models import Sense
from tests.factories import make_glimmer, make_trigger
from tests.insights.conftest import at, figures, senses

# Words of shortfall, in English and in Ukrainian (as stems where Ukrainian inflects).
SHORTFALL_EN = {
    "only",
    "just",
    "lately",
    "missed",
    "miss",
    "should",
    "failed",
    "behind",
    "least",
    "fewer",
    "lowest",
    "streak",
    "broke",
    "enough",
}
SHORTFALL_UK = ("лише", "тільки", "пропуст", "замало", "найменш", "слід ", "мусите", "повинні")


def all_findings(found) -> list[str]:
    sentences = [
        describe.headline(found),
        describe.over_time(found),
        describe.radar(found),
        describe.when(found),
        describe.shifts(found),
        describe.what_and_who(found),
        describe.anchoring(found),
        describe.side_by_side(found),
        describe.year(found),
        describe.noticing(found),
    ]
    if describe.invitation(found):
        sentences.append(describe.invitation(found))
    return sentences


def kyiv(day: int, hour: int, minute: int = 0):
    """A moment in March 2025 by Kyiv's clock (UTC+2 then)."""
    return at(2025, 3, day, hour - 2, minute)


# --- ties ------------------------------------------------------------------


def test_two_fullest_days_are_both_named(owner, frozen):
    for day, count in ((10, 2), (12, 2), (13, 1)):
        for n in range(count):
            make_glimmer(owner, "x", noticed_at=kyiv(day, 9, n))
    sentence = describe.over_time(figures(owner, "week"))
    assert "The fullest days were 10 March 2025 and 12 March 2025, with 2 each." in sentence
    assert "The fullest day was" not in sentence


def test_many_fullest_days_are_counted_rather_than_listed(owner, frozen):
    for day in (10, 11, 12, 13):
        for n in range(2):
            make_glimmer(owner, "x", noticed_at=kyiv(day, 9, n))
    make_glimmer(owner, "x", noticed_at=kyiv(14, 9))
    sentence = describe.over_time(figures(owner, "week"))
    assert "4 days were the fullest, with 2 each." in sentence


def test_senses_that_tie_for_the_most_are_named_together(owner, frozen):
    make_glimmer(owner, "a", noticed_at=kyiv(10, 9), senses=senses("sight", "sound"))
    make_glimmer(owner, "b", noticed_at=kyiv(11, 9), senses=senses("sight", "sound", "touch"))
    assert describe.radar(figures(owner, "week")) == (
        "Sight and sound came up most (2 each), then touch (1)."
    )


def test_a_tie_for_second_place_is_named_too(owner, frozen):
    make_glimmer(owner, "a", noticed_at=kyiv(10, 9), senses=senses("sight", "sound"))
    make_glimmer(owner, "b", noticed_at=kyiv(11, 9), senses=senses("sight", "touch"))
    assert describe.radar(figures(owner, "week")) == (
        "Sight came up most (2), then sound and touch (1 each)."
    )


def test_one_sense_named_is_said_without_only(owner, frozen):
    make_glimmer(owner, "a", noticed_at=kyiv(10, 9), senses=senses("smell"))
    make_glimmer(owner, "b", noticed_at=kyiv(11, 9), senses=senses("smell"))
    sentence = describe.radar(figures(owner, "week"))
    assert sentence == "These glimmers name one sense: smell (2)."


def test_hours_and_weekdays_that_tie_are_named_together(owner, frozen):
    make_glimmer(owner, "a", noticed_at=kyiv(10, 9))  # Monday 09:00
    make_glimmer(owner, "b", noticed_at=kyiv(12, 18))  # Wednesday 18:00
    assert describe.when(figures(owner, "week")) == (
        "Glimmers found you most often around 09:00 and 18:00. "
        "Of the days of the week, Monday and Wednesday had the most."
    )


def test_one_hour_and_one_weekday_keep_the_plain_sentence(owner, frozen):
    make_glimmer(owner, "a", noticed_at=kyiv(10, 9))
    make_glimmer(owner, "b", noticed_at=kyiv(10, 9, 30))
    make_glimmer(owner, "c", noticed_at=kyiv(12, 18))
    assert describe.when(figures(owner, "week")) == (
        "Glimmers found you most often around 09:00, and more on Monday than on other "
        "days of the week."
    )


def test_glimmers_spread_over_many_hours_and_days_say_so(owner, frozen):
    for day, hour in ((10, 8), (11, 10), (12, 12), (13, 14), (14, 9)):
        make_glimmer(owner, "x", noticed_at=kyiv(day, hour))
    assert describe.when(figures(owner, "week")) == (
        "Glimmers found you at many different times of the day, on many days of the week."
    )


def test_shifts_that_tie_are_named_together(owner, frozen):
    make_glimmer(owner, "a", noticed_at=kyiv(10, 9), state_before="mobilized", state_after="safe")
    make_glimmer(owner, "b", noticed_at=kyiv(11, 9), state_before="shutdown", state_after="safe")
    assert describe.shifts(figures(owner, "week")).endswith(
        "The most common shifts were mobilized → safe & connected and "
        "shut down → safe & connected (1 each)."
    )


def test_what_and_who_names_every_first_place_by_its_kind(owner, frozen):
    make_glimmer(owner, "a #walk", noticed_at=kyiv(10, 9), place="Park", new_people=["Mum"])
    make_glimmer(owner, "b #tea", noticed_at=kyiv(11, 9), place="Kitchen", new_people=["Mum"])
    assert describe.what_and_who(figures(owner, "week")) == (
        "What came up most — people: Mum; places: Kitchen and Park; tags: #tea and #walk."
    )
    for n, tag in enumerate(("#bread", "#rain", "#sun")):
        make_glimmer(owner, f"c {tag}", noticed_at=kyiv(12, 9, n))
    assert describe.what_and_who(figures(owner, "week")).endswith(
        "tags: #bread, #rain, #sun and 2 more."
    )


def test_months_that_tie_for_the_fullest_are_named_together(owner, frozen):
    for day in (5, 6):
        make_glimmer(owner, "a", noticed_at=at(2025, 1, day, 9))
        make_glimmer(owner, "b", noticed_at=at(2025, 3, day, 9))
    make_glimmer(owner, "c", noticed_at=at(2025, 2, 5, 9))
    assert describe.year(figures(owner, "year")).endswith(
        "The fullest months were January 2025 and March 2025."
    )


# --- "a week you noticed any" ------------------------------------------------


def test_noticing_reads_plainly(journal, owner):
    assert describe.noticing(figures(owner, "year")) == (
        "In the weeks you noted glimmers, there were about 1 a week in the first month "
        "(January 2025) and about 3 a week in the last (March 2025)."
    )
    within = describe.noticing(figures(owner, "month"))
    assert within.startswith("In the weeks you noted glimmers, there were about 3 a week.")
    quiet_end = describe.noticing(figures(owner, "custom", date(2025, 1, 1), date(2025, 2, 10)))
    assert quiet_end == (
        "In the weeks you noted glimmers, there were about 1 a week in the first month "
        "(January 2025). Nothing was noted in February 2025 — quiet times are part of it."
    )
    quiet_start = describe.noticing(figures(owner, "custom", date(2024, 12, 1), date(2025, 1, 10)))
    assert quiet_start == (
        "Nothing was noted in the first month (December 2024). In the weeks you noted "
        "glimmers in the last (January 2025), there were about 1 a week."
    )


def test_no_hard_moments_still_counts_glimmers_in_the_singular(owner, frozen):
    make_glimmer(owner, "a", noticed_at=kyiv(10, 9))
    assert describe.side_by_side(figures(owner, "week")).startswith(
        "No hard moments were noted in these days; 1 glimmer, "
    )


# --- no shortfall, in either language ----------------------------------------


def journals(owner):
    """A few journals' worth of findings: rich, sparse, tied, one sense, a past range."""
    Sense.objects.create(owner=owner, slug="water", name="water")
    make_glimmer(owner, "one", noticed_at=kyiv(10, 9), senses=senses("smell"))
    yield figures(owner, "week")
    make_glimmer(owner, "two", noticed_at=kyiv(12, 18), senses=senses("sight", "sound"))
    make_trigger(owner, "hard", occurred_at=kyiv(11, 12))
    yield figures(owner, "week")
    yield figures(owner, "month")
    yield figures(owner, "year")
    yield figures(owner, "custom", date(2024, 12, 1), date(2025, 3, 14))


@pytest.mark.parametrize("language", ["en", "uk"])
def test_no_finding_suggests_falling_short(journal, owner, language):
    with translation.override(language):
        sentences = [s for found in journals(owner) for s in all_findings(found)]
        sentences.append(describe.empty(figures(owner, "week"), journal_is_empty=False))
    for sentence in sentences:
        lowered = sentence.lower()
        words = set(re.findall(r"[a-z']+", lowered))
        assert not words & SHORTFALL_EN, sentence
        assert "quiet lately" not in lowered, sentence
        assert "week you noticed any" not in lowered, sentence
        assert not [stem for stem in SHORTFALL_UK if stem in lowered], sentence


def test_hours_that_tie_on_one_weekday(owner, frozen):
    make_glimmer(owner, "a", noticed_at=kyiv(12, 9))
    make_glimmer(owner, "b", noticed_at=kyiv(12, 18))
    assert describe.when(figures(owner, "week")) == (
        "Glimmers found you most often around 09:00 and 18:00. "
        "Of the days of the week, Wednesday had the most."
    )
