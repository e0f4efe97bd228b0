"""State shifts: before → after, for glimmers that note both, and how many ended safe."""

from glimmers.insights import describe
from tests.insights.conftest import figures


def test_transitions_this_week(journal, owner):
    shifts = figures(owner, "week").shifts
    assert [(t.before, t.after, t.glimmers) for t in shifts.transitions] == [
        ("mobilized", "safe", 1),
        ("mobilized", "unsure", 1),
        ("shutdown", "safe", 1),
    ]
    assert (shifts.recorded, shifts.ended_safe) == (3, 2)


def test_all_time_counts_safe_to_safe_too(journal, owner):
    shifts = figures(owner, "all").shifts
    assert (shifts.recorded, shifts.ended_safe) == (4, 3)
    assert ("safe", "safe", 1) in [(t.before, t.after, t.glimmers) for t in shifts.transitions]


def test_the_finding_counts_without_judging(journal, owner):
    assert describe.shifts(figures(owner, "week")) == (
        "You noted how you felt before and after for 3 glimmers. "
        "The most common shifts were mobilized → safe & connected, "
        "mobilized → not sure and shut down → safe & connected (1 each)."
    )


def test_none_recorded_is_optional_not_missing(owner, frozen):
    from tests.factories import make_glimmer
    from tests.insights.conftest import at

    make_glimmer(owner, "x", noticed_at=at(2025, 3, 12, 9), state_before="mobilized")
    found = figures(owner, "week")
    assert found.shifts.recorded == 0  # only "before": not a shift
    assert "always optional" in describe.shifts(found)
