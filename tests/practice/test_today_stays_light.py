"""A full day keeps Today light: the newest few glimmers, and a link to the rest."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from glimmers.journal.models import Glimmer, stamp_local_time
from glimmers.practice.views import TODAY_SHOWS
from glimmers.time import local_today
from tests.factories import make_glimmer


def fill_today(owner, how_many: int) -> None:
    # A second apart, ending now: all of them today, even just after midnight (within reason).
    start = timezone.now() - timedelta(seconds=how_many + 1)
    rows = [
        Glimmer(
            owner=owner, text=f"Glimmer number {n:03d}", noticed_at=start + timedelta(minutes=n)
        )
        for n in range(how_many)
    ]
    for row in rows:
        stamp_local_time(row, owner, row.noticed_at)
    Glimmer.objects.bulk_create(rows)


def test_a_full_day_shows_the_newest_few_and_links_to_the_rest(owner, owner_client):
    fill_today(owner, 151)
    response = owner_client.get("/")
    page = response.content.decode()
    shown = re.findall(r"Glimmer number (\d{3})", page)
    assert len(shown) == TODAY_SHOWS
    assert shown[0] == "150"  # the newest first
    assert "151 glimmers" in page
    day = local_today(owner).isoformat()
    more = 151 - TODAY_SHOWS
    assert f"See {more} more from today in your journal" in page
    assert f"/journal/?since={day}&amp;until={day}" in page
    # 151 short glimmers made Today 73 KB (123 KB with details); with the newest 12, 23 KB.
    assert len(response.content) < 40_000, len(response.content)


def test_the_link_leads_to_all_of_today(owner, owner_client):
    fill_today(owner, TODAY_SHOWS + 3)
    make_glimmer(owner, "From yesterday", noticed_at=timezone.now() - timedelta(days=2))
    day = local_today(owner).isoformat()
    page = owner_client.get(f"/journal/?since={day}&until={day}").content.decode()
    assert len(set(re.findall(r"Glimmer number (\d{3})", page))) == TODAY_SHOWS + 3
    assert "From yesterday" not in page


def test_a_quiet_day_has_no_link(owner, owner_client):
    fill_today(owner, 3)
    page = owner_client.get("/").content.decode()
    assert len(re.findall(r"Glimmer number (\d{3})", page)) == 3
    assert "more from today" not in page
    assert "3 glimmers" in page


def test_a_remembered_glimmer_with_no_date_is_not_counted_in_today(owner, owner_client):
    """Kept from the sense-tracing page with no date, it carries the moment it was written."""
    response = owner_client.post("/remember/senses/", {"saw": "The lamp by the window"})
    assert response.status_code == 302
    remembered = Glimmer.objects.get()
    assert remembered.kind == "remembered"
    make_glimmer(owner, "The kettle clicking off")
    page = owner_client.get("/").content.decode()
    assert "1 glimmer" in page and "2 glimmers" not in page
    assert "The lamp by the window" not in page
    assert "The kettle clicking off" in page
