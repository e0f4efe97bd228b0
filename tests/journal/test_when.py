"""Reading "when" the way people say it, in their own time zone (journal/when.py)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from glimmers.journal.when import UnreadableWhen, parse_day, parse_when

KYIV = ZoneInfo("Europe/Kyiv")  # UTC+2 in winter, UTC+3 from 30 March 2025
NEW_YORK = ZoneInfo("America/New_York")

# Wednesday 5 March 2025, half past four in the afternoon, in Kyiv.
NOW = datetime(2025, 3, 5, 16, 30, tzinfo=KYIV)


def kyiv(*args) -> datetime:
    return datetime(*args, tzinfo=KYIV)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("now", NOW),
        ("today", NOW),
        ("this morning", kyiv(2025, 3, 5, 9, 0)),
        ("this afternoon", kyiv(2025, 3, 5, 15, 0)),
        ("yesterday", kyiv(2025, 3, 4, 12, 0)),
        ("yesterday 7pm", kyiv(2025, 3, 4, 19, 0)),
        ("yesterday at 19:30", kyiv(2025, 3, 4, 19, 30)),
        ("yesterday morning", kyiv(2025, 3, 4, 9, 0)),
        ("last night", kyiv(2025, 3, 4, 22, 0)),
        ("last evening", kyiv(2025, 3, 4, 19, 0)),
        ("2 hours ago", kyiv(2025, 3, 5, 14, 30)),
        ("1 hour ago", kyiv(2025, 3, 5, 15, 30)),
        ("1 hr ago", kyiv(2025, 3, 5, 15, 30)),
        ("30 minutes ago", kyiv(2025, 3, 5, 16, 0)),
        ("45 mins ago", kyiv(2025, 3, 5, 15, 45)),
        ("1 day ago", kyiv(2025, 3, 4, 16, 30)),
        ("3 days ago", kyiv(2025, 3, 2, 16, 30)),
        ("2 weeks ago", kyiv(2025, 2, 19, 16, 30)),
        ("last week", kyiv(2025, 2, 26, 16, 30)),
        ("last month", kyiv(2025, 2, 3, 16, 30)),
        ("last year", kyiv(2024, 3, 5, 16, 30)),
        ("monday", kyiv(2025, 3, 3, 12, 0)),
        ("monday evening", kyiv(2025, 3, 3, 19, 0)),
        ("monday 7am", kyiv(2025, 3, 3, 7, 0)),
        ("last monday", kyiv(2025, 3, 3, 12, 0)),
        ("last friday night", kyiv(2025, 2, 28, 22, 0)),
        ("sunday at 10:15", kyiv(2025, 3, 2, 10, 15)),
        ("wednesday", kyiv(2025, 2, 26, 12, 0)),  # today's weekday means a week ago
        ("08:15", kyiv(2025, 3, 5, 8, 15)),
        ("7am", kyiv(2025, 3, 5, 7, 0)),
        ("at 4pm", kyiv(2025, 3, 5, 16, 0)),
        ("16:30", NOW),
        ("19:30", kyiv(2025, 3, 4, 19, 30)),  # still ahead today, so yesterday's
        ("7pm", kyiv(2025, 3, 4, 19, 0)),
        ("12am", kyiv(2025, 3, 5, 0, 0)),
        ("12pm", kyiv(2025, 3, 5, 12, 0)),
        ("2025-03-02 08:15", kyiv(2025, 3, 2, 8, 15)),
        ("2025-03-02T08:15", kyiv(2025, 3, 2, 8, 15)),
        ("2025-03-02", kyiv(2025, 3, 2, 12, 0)),  # a date alone is noon that day
        ("2025-03-02T08:15:00+00:00", datetime(2025, 3, 2, 8, 15, tzinfo=UTC)),
        ("2025-03-02T08:15:00Z", datetime(2025, 3, 2, 8, 15, tzinfo=UTC)),
        ("  This   MORNING ", kyiv(2025, 3, 5, 9, 0)),
        ("Yesterday 7PM", kyiv(2025, 3, 4, 19, 0)),
    ],
)
def test_it_reads_each_phrase_in_the_persons_own_time_zone(phrase, expected):
    moment = parse_when(phrase, NOW)

    assert moment.tzinfo is not None
    assert moment == expected


@pytest.mark.parametrize("phrase", ["this evening", "tonight", "this night"])
def test_a_part_of_today_still_ahead_means_now(phrase):
    """At 16:30, "this evening" can't be 19:00: a glimmer has already happened."""
    assert parse_when(phrase, NOW) == NOW


def test_this_morning_said_early_in_the_morning_is_not_later_that_morning():
    early = kyiv(2025, 3, 5, 7, 5)
    assert parse_when("this morning", early) == early


def test_tonight_late_at_night_is_that_night():
    late = kyiv(2025, 3, 5, 23, 40)
    assert parse_when("tonight", late) == kyiv(2025, 3, 5, 22, 0)


def test_the_same_words_mean_a_different_moment_in_another_zone():
    in_kyiv = parse_when("yesterday 7pm", NOW)
    in_new_york = parse_when("yesterday 7pm", NOW.astimezone(NEW_YORK))

    assert in_kyiv.astimezone(UTC) == datetime(2025, 3, 4, 17, 0, tzinfo=UTC)
    assert in_new_york.astimezone(UTC) == datetime(2025, 3, 5, 0, 0, tzinfo=UTC)  # 9:30 there


def test_it_finds_yesterday_by_the_local_calendar_not_utcs():
    just_after_midnight = kyiv(2025, 3, 5, 0, 30)  # still 4 March in UTC
    assert parse_when("yesterday", just_after_midnight) == kyiv(2025, 3, 4, 12, 0)
    assert parse_when("7pm", just_after_midnight) == kyiv(2025, 3, 4, 19, 0)


def test_hours_ago_are_real_hours_across_the_spring_clock_change():
    """Kyiv's clocks went from 03:00 to 04:00 on 30 March 2025."""
    after_change = kyiv(2025, 3, 30, 5, 0)  # 02:00 UTC

    two_hours_ago = parse_when("2 hours ago", after_change)

    assert two_hours_ago.astimezone(UTC) == datetime(2025, 3, 30, 0, 0, tzinfo=UTC)
    assert two_hours_ago.astimezone(KYIV).hour == 2


def test_hours_ago_are_real_hours_across_the_autumn_clock_change():
    """Kyiv's clocks went from 04:00 back to 03:00 on 26 October 2025."""
    after_change = kyiv(2025, 10, 26, 5, 0)  # 03:00 UTC
    three_hours_ago = parse_when("3 hours ago", after_change)
    assert three_hours_ago.astimezone(UTC) == datetime(2025, 10, 26, 0, 0, tzinfo=UTC)


def test_days_ago_keep_the_clock_time_across_a_clock_change():
    after_change = kyiv(2025, 3, 30, 10, 0)

    assert parse_when("3 days ago", after_change) == kyiv(2025, 3, 27, 10, 0)
    yesterday_evening = parse_when("yesterday 7pm", after_change)
    assert yesterday_evening.astimezone(UTC) == datetime(2025, 3, 29, 17, 0, tzinfo=UTC)


RELATIVE_PHRASES = [
    "now",
    "today",
    "this morning",
    "this afternoon",
    "this evening",
    "tonight",
    "yesterday",
    "yesterday 7pm",
    "last night",
    "monday evening",
    "2 hours ago",
    "3 days ago",
    "19:30",
    "7am",
    "last week",
]


@pytest.mark.parametrize("hour", range(24))
@pytest.mark.parametrize("day", [date(2025, 3, 5), date(2025, 3, 30), date(2025, 10, 26)])
def test_a_relative_phrase_is_never_in_the_future(day, hour):
    now = datetime(day.year, day.month, day.day, hour, 10, tzinfo=KYIV)
    for phrase in RELATIVE_PHRASES:
        moment = parse_when(phrase, now)
        assert moment.astimezone(UTC) <= now.astimezone(UTC), (phrase, now, moment)
        assert now - moment < timedelta(days=8), (phrase, now, moment)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("today", date(2025, 3, 5)),
        ("yesterday", date(2025, 3, 4)),
        ("monday", date(2025, 3, 3)),
        ("last week", date(2025, 2, 26)),
        ("3 days ago", date(2025, 3, 2)),
        ("2025-03-01", date(2025, 3, 1)),
        ("2025-03-04T23:30:00+00:00", date(2025, 3, 5)),  # already the 5th in Kyiv
    ],
)
def test_it_reads_a_day_as_a_local_date(phrase, expected):
    assert parse_day(phrase, NOW) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "   ",
        "blursday",
        "tomorrow",
        "next monday",
        "in 2 hours",
        "2 fortnights ago",
        "an hour ago",
        "yesterday blah",
        "monday at noon",
        "this",
        "last",
        "25:00",
        "7:60",
        "13pm",
        "0am",
        "2025-13-01",
        "2025-02-30 08:00",
        "99999999 days ago",
        "99999999 weeks ago",
        "0001-01-01 00:30",
    ],
)
def test_it_refuses_a_phrase_it_cannot_read(phrase):
    with pytest.raises(UnreadableWhen) as raised:
        parse_when(phrase, NOW)

    message = str(raised.value)
    assert message.startswith(f"Can't read the time “{phrase}”.")
    assert '"yesterday 7pm"' in message  # shows what does work


def test_an_unreadable_phrase_is_a_value_error():
    with pytest.raises(ValueError, match="Can't read the time"):
        parse_day("blursday", NOW)
