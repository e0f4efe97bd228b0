"""Whole months come from the monthly counts, edge days from the journal: same figures.

Every figure is computed twice for many ranges, once as the page does it and
once with every day counted from the journal itself, and must agree.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from glimmers.insights import queries
from glimmers.insights.queries import Months, split
from glimmers.journal import services
from glimmers.journal.models import Sense
from tests.factories import make_glimmer, make_trigger
from tests.insights.conftest import TODAY, at

FAR_PAST, FAR_FUTURE = date(1900, 1, 1), date(2999, 12, 31)


def test_split_into_whole_months_and_edges():
    assert split(None, None) == Months(whole=True)
    assert split(date(2024, 11, 28), date(2026, 11, 28)) == Months(
        whole=True,
        first=date(2024, 12, 1),
        last=date(2026, 10, 1),
        edges=((date(2024, 11, 28), date(2024, 11, 30)), (date(2026, 11, 1), date(2026, 11, 28))),
    )
    # Whole months at both ends: no edges.
    assert split(date(2025, 1, 1), date(2025, 2, 28)) == Months(
        whole=True, first=date(2025, 1, 1), last=date(2025, 2, 1)
    )
    # Open at one end.
    assert split(None, date(2025, 3, 14)) == Months(
        whole=True, last=date(2025, 2, 1), edges=((date(2025, 3, 1), date(2025, 3, 14)),)
    )
    assert split(date(2025, 2, 15), None) == Months(
        whole=True, first=date(2025, 3, 1), edges=((date(2025, 2, 15), date(2025, 2, 28)),)
    )
    # Inside one month, or across a month's end without a whole month: days only.
    assert split(date(2025, 3, 10), date(2025, 3, 14)) == Months(
        whole=False, edges=((date(2025, 3, 10), date(2025, 3, 14)),)
    )
    assert split(date(2025, 1, 20), date(2025, 2, 10)) == Months(
        whole=False, edges=((date(2025, 1, 20), date(2025, 2, 10)),)
    )
    # A leap day closes February.
    assert split(date(2024, 2, 1), date(2024, 2, 29)) == Months(
        whole=True, first=date(2024, 2, 1), last=date(2024, 2, 1)
    )


def days_only(since, until) -> Months:
    """Every day of the range counted from the journal itself."""
    return Months(whole=False, edges=((since or FAR_PAST, until or FAR_FUTURE),))


def comparable(found: queries.Insights) -> dict:
    """Everything the figures show, in plain values."""
    return {
        "totals": (found.glimmers, found.written, found.tallied, found.days_noticed),
        "over_time": [(p.start, p.written, p.tallied, p.triggers) for p in found.over_time],
        "side": [(p.start, p.glimmers, p.triggers) for p in found.side_by_side],
        "senses": [(s.slug, s.glimmers) for s in found.senses],
        "hours": found.hours,
        "shifts": [(t.before, t.after, t.glimmers) for t in found.shifts.transitions],
        "what": [[(n.name, n.glimmers) for n in rows] for _name, rows in found.what.groups()],
        "anchoring": found.anchoring,
        "year": found.year.days if found.year else None,
    }


@pytest.fixture
def busy_journal(owner, frozen):
    rng = random.Random(3)
    built_in = list(Sense.objects.filter(owner=None))
    start = at(2023, 1, 1)
    for n in range(160):
        moment = start + timedelta(hours=rng.randrange(24 * 800))
        make_glimmer(
            owner,
            rng.choice(["", "Warm #tea", "#walk by the river", "Light"]),
            noticed_at=moment,
            senses=rng.sample(built_in, rng.randrange(3)),
            new_people=rng.sample(["Mum", "Ivan", "Ola"], rng.randrange(2)),
            new_values=rng.sample(["Rest", "Family"], rng.randrange(2)),
            state_before=rng.choice(["", "mobilized", "shutdown"]),
            state_after=rng.choice(["", "safe", "unsure"]),
            place=rng.choice(["", "Park", "Home"]),
            anchored_seconds=rng.choice([0, 20, 45]),
        )
        if n % 7 == 0:
            make_trigger(owner, "hard", occurred_at=moment + timedelta(hours=1))
    # A move and a delete, so that some monthly counts went up and down again.
    first = queries.journal.glimmers(owner).order_by("noticed_at").first()
    services.save_glimmer(owner, {"noticed_at": at(2024, 7, 31, 21, 30)}, glimmer=first)
    services.delete_glimmer(owner, queries.journal.glimmers(owner).order_by("noticed_at").last())
    return owner


def test_every_range_agrees_with_counting_every_day(busy_journal, monkeypatch):
    owner = busy_journal
    rng = random.Random(11)
    spans = [queries.span_for(owner, key) for key in ("week", "month", "year", "all")]
    for _ in range(12):
        since = date(2023, 1, 1) + timedelta(days=rng.randrange(800))
        until = since + timedelta(days=rng.randrange(1, 500))
        spans.append(queries.span_for(owner, "custom", since, until))
    spans.append(queries.span_for(owner, "custom", date(2024, 1, 1), date(2024, 12, 31)))
    spans.append(queries.span_for(owner, "custom", None, date(2024, 6, 30)))
    assert any(span.until == TODAY for span in spans)
    for span in spans:
        with monkeypatch.context() as patched:
            found = comparable(queries.insights(owner, span))
            patched.setattr(queries, "split", days_only)
            expected = comparable(queries.insights(owner, span))
        assert found == expected, span
