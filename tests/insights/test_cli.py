"""`glimmers insights`: the same figures in the terminal, and as JSON."""

import pytest

from glimmers.insights import queries
from tests.cli import refuse, run


@pytest.fixture(autouse=True)
def _one_account(journal):
    """The owner is the only account, so commands act for them without --user."""


def test_it_prints_every_figure(owner):
    result = run("insights", "--range", "week")
    assert result.code == 0
    out = result.out
    assert out.startswith("Insights · This week · 10 March 2025 – 14 March 2025\n")
    assert "5 glimmers on 3 of 5 days (3 in words, 2 counted)." in out
    for heading in (
        "Glimmers over time",
        "My glimmer radar",
        "When glimmers find me",
        "State shifts",
        "What and who",
        "Anchoring",
        "Hard moments and glimmers, side by side",
        "A year of glimmers",
        "Noticing over time",
    ):
        assert f"\n{heading}\n" in out
    assert "  10 March 2025      2  " in out
    assert "If you'd like something to breathe in today" in out
    assert "  Places: Park (2), Kitchen (1)" in out
    assert "  Tags: #walk (2), #tea (1)" in out
    assert "  mobilized → safe & connected: 1" in out


def test_this_month_is_the_default(owner):
    assert run("insights").out.startswith("Insights · This month · 1 March 2025 – 14 March 2025")


def test_json_carries_the_same_numbers(owner):
    data = run("insights", "--range", "week", "--json").json()
    assert set(data) == {
        "range",
        "empty",
        "totals",
        "headline",
        "over_time",
        "senses",
        "when",
        "state_shifts",
        "what_and_who",
        "anchoring",
        "side_by_side",
        "year",
        "noticing",
    }
    assert data["range"] == {
        "key": "week",
        "since": "2025-03-10",
        "until": "2025-03-14",
        "start": "2025-03-10",
        "end": "2025-03-14",
    }
    assert data["totals"] == {
        "glimmers": 5,
        "written": 3,
        "tallied": 2,
        "days": 5,
        "days_noticed": 3,
        "hard_moments": 2,
    }
    assert [(p["start"], p["written"], p["tallied"]) for p in data["over_time"]["periods"]][:2] == [
        ("2025-03-10", 1, 1),
        ("2025-03-11", 0, 0),
    ]
    assert data["senses"]["quietest"] == "smell"
    assert data["when"]["weekday_by_hour"][2][9] == 2
    assert data["state_shifts"]["transitions"][0] == {
        "before": "mobilized",
        "after": "safe",
        "glimmers": 1,
    }
    assert data["what_and_who"]["tags"] == [
        {"name": "walk", "glimmers": 2},
        {"name": "tea", "glimmers": 1},
    ]
    assert data["anchoring"] == {
        "finding": "You stayed with 3 of 5 glimmers, for 47 seconds on average.",
        "glimmers": 5,
        "anchored": 3,
        "average_seconds": 47,
        "lengths": {"under_15": 0, "from_15": 1, "from_30": 1, "from_60": 1},
    }
    assert data["side_by_side"]["periods"] == [
        {"start": "2025-03-10", "end": "2025-03-14", "glimmers": 5, "hard_moments": 2}
    ]
    assert data["year"]["days"]["2025-03-12"] == 2
    assert data["noticing"]["first_month"]["per_week_with_glimmers"] == 5.0
    assert data["noticing"]["last_month"] is None


def test_json_matches_the_page_figures_for_all_time(owner):
    data = run("insights", "--range", "all", "--json").json()
    found = queries.insights(owner, queries.span_for(owner, "all"))
    assert data["totals"]["glimmers"] == found.glimmers == 9
    assert [s["glimmers"] for s in data["senses"]["counts"]] == [s.glimmers for s in found.senses]


def test_your_own_dates_in_words(owner):
    data = run("insights", "--since", "2025-02-01", "--until", "2025-02-28", "--json").json()
    assert (data["range"]["key"], data["totals"]["glimmers"]) == ("custom", 1)


def test_an_empty_range_says_so_gently(owner):
    result = run("insights", "--since", "2024-12-01", "--until", "2024-12-31")
    assert result.code == 0
    assert "Nothing was noted in these days." in result.out
    data = run("insights", "--since", "2024-12-01", "--until", "2024-12-31", "--json").json()
    assert data["empty"] is True and data["totals"]["glimmers"] == 0


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--range", "fortnight"), "invalid choice"),
        (("--since", "blursday"), "--since: Can't read the time"),
        (("--since", "2025-03-10", "--until", "2025-03-01"), "--until: The end date is before"),
        (("--range", "week", "--since", "2025-03-01"), "not both"),
        (("--since", "2030-01-01"), "--since: That start date hasn't come yet."),
    ],
)
def test_bad_ranges_are_refused_with_a_reason(owner, argv, says):
    refuse("insights", *argv, says=says)


def test_it_is_in_the_short_help():
    assert "glimmers insights [--range R]" in run().out
