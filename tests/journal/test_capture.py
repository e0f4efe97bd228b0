"""Capture: one field and one button; details in the same request."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from glimmers.journal.models import BodyCue, Glimmer, Person, Photo, Sense, Value
from tests.factories import jpeg_bytes, make_glimmer, make_user, upload


def _sense(slug):
    return Sense.objects.get(owner=None, slug=slug)


def test_it_saves_a_glimmer_from_one_field(owner_client, owner):
    response = owner_client.post("/capture/", {"text": "The dog leaned on my leg"})
    assert response.status_code == 302
    glimmer = Glimmer.objects.get()
    assert glimmer.owner == owner
    assert glimmer.text == "The dog leaned on my leg"
    assert glimmer.kind == "noticed"
    assert abs(glimmer.noticed_at - timezone.now()) < timedelta(seconds=30)
    page = owner_client.get(response["Location"]).content.decode()
    assert "Kept." in page
    assert "The dog leaned on my leg" in page
    assert "1 glimmer" in page


def test_it_saves_every_detail_in_the_same_request(owner_client, owner):
    Person.objects.create(owner=owner, name="Mum")
    response = owner_client.post(
        "/capture/",
        {
            "text": "Coffee steam in the sun #morning #Coffee",
            "noticed_at": "2025-03-02T08:15",
            "kind": "remembered",
            "senses": [_sense("smell").pk, _sense("taste").pk],
            "body_cues": [BodyCue.objects.get(slug="warmth").pk],
            "state_before": "mobilized",
            "state_after": "safe",
            "place": "Kitchen",
            "people": [Person.objects.get(name="Mum").pk],
            "new_people": "Ivan, mum",
            "new_values": "Slowness",
            "gratitude": "For the quiet",
            "surprise": "unexpected",
            "reliable": "on",
            "photos": upload(),
        },
    )
    assert response.status_code == 302
    glimmer = Glimmer.objects.get()
    assert sorted(s.slug for s in glimmer.senses.all()) == ["smell", "taste"]
    assert [c.slug for c in glimmer.body_cues.all()] == ["warmth"]
    assert (glimmer.state_before, glimmer.state_after) == ("mobilized", "safe")
    assert glimmer.place == "Kitchen"
    assert sorted(p.name for p in glimmer.people.all()) == ["Ivan", "Mum"]  # "mum" is Mum
    assert [v.name for v in glimmer.values.all()] == ["Slowness"]
    assert sorted(t.name for t in glimmer.tags.all()) == ["coffee", "morning"]
    assert glimmer.kind == "remembered"
    assert glimmer.reliable is True
    assert glimmer.surprise == "unexpected"
    assert glimmer.gratitude == "For the quiet"
    # 08:15 is read in the person's own time zone (Kyiv, UTC+2 in March).
    assert timezone.localtime(glimmer.noticed_at, timezone.get_fixed_timezone(0)).hour == 6
    assert glimmer.photos.count() == 1


def test_it_asks_for_words_when_there_is_nothing_to_save(owner_client):
    response = owner_client.post("/capture/", {"text": "   "})
    assert response.status_code == 400
    assert "Count one" in response.content.decode()
    assert not Glimmer.objects.exists()


def test_it_accepts_a_photo_without_words(owner_client):
    response = owner_client.post("/capture/", {"text": "", "photos": upload()})
    assert response.status_code == 302
    assert Glimmer.objects.get().photos.count() == 1


def _assert_refused(response, message):
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Nothing was saved yet" in page
    assert not Glimmer.objects.exists()
    assert not Photo.objects.exists()


def test_it_refuses_text_over_5000_characters(owner_client):
    response = owner_client.post("/capture/", {"text": "a" * 5001})
    _assert_refused(response, "more than 5000 characters")


def test_it_accepts_exactly_5000_characters(owner_client):
    assert owner_client.post("/capture/", {"text": "a" * 5000}).status_code == 302


def test_it_refuses_a_time_more_than_a_day_ahead(owner_client):
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    _assert_refused(
        owner_client.post("/capture/", {"text": "x", "noticed_at": future}), "in the future"
    )


def test_it_refuses_a_date_that_is_not_a_date(owner_client):
    response = owner_client.post("/capture/", {"text": "x", "noticed_at": "yesterday-ish"})
    _assert_refused(response, "That doesn’t look like a date and time")


def test_it_refuses_an_unknown_sense(owner_client):
    _assert_refused(
        owner_client.post("/capture/", {"text": "x", "senses": [99999]}),
        "don&#x27;t know that sense",
    )


def test_it_refuses_someone_elses_own_sense(owner_client, other):
    theirs = Sense.objects.create(owner=other, slug="echo", name="echo")
    _assert_refused(
        owner_client.post("/capture/", {"text": "x", "senses": [theirs.pk]}),
        "don&#x27;t know that sense",
    )


def test_it_refuses_someone_elses_person(owner_client, other):
    theirs = Person.objects.create(owner=other, name="Their friend")
    _assert_refused(
        owner_client.post("/capture/", {"text": "x", "people": [theirs.pk]}),
        "isn&#x27;t in your list",
    )


def test_it_refuses_someone_elses_value(owner_client, other):
    theirs = Value.objects.create(owner=other, name="Their value")
    _assert_refused(
        owner_client.post("/capture/", {"text": "x", "values": [theirs.pk]}),
        "isn&#x27;t in your list",
    )


def test_it_refuses_a_file_that_is_not_an_image(owner_client):
    fake = upload("notes.jpg", b"%PDF-1.4 this is not a picture", "image/jpeg")
    _assert_refused(
        owner_client.post("/capture/", {"text": "x", "photos": fake}), "look like a photo"
    )


def test_it_refuses_an_oversized_upload(owner_client, settings):
    settings.PHOTO_MAX_BYTES = 2048
    big = upload("big.jpg", jpeg_bytes(size=(400, 400), color=(10, 200, 30)) + b"\0" * 4096)
    _assert_refused(owner_client.post("/capture/", {"text": "x", "photos": big}), "too large")


def test_it_refuses_too_many_pixels(owner_client, settings):
    settings.PHOTO_MAX_PIXELS = 10_000
    _assert_refused(
        owner_client.post(
            "/capture/", {"text": "x", "photos": upload(content=jpeg_bytes(size=(200, 200)))}
        ),
        "too many pixels",
    )


def test_it_refuses_an_unknown_state(owner_client):
    _assert_refused(
        owner_client.post("/capture/", {"text": "x", "state_before": "ecstatic"}),
        "“ecstatic” isn’t one of the options",
    )


def test_it_leaves_no_photo_files_behind_when_refusing(owner_client, settings):
    owner_client.post("/capture/", {"text": "a" * 6000, "photos": upload()})
    media = settings.MEDIA_ROOT
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_it_keeps_new_people_per_person(owner_client, other_client, owner, other):
    owner_client.post("/capture/", {"text": "x", "new_people": "Ana"})
    other_client.post("/capture/", {"text": "y", "new_people": "Ana"})
    assert Person.objects.filter(name="Ana").count() == 2
    assert Person.objects.get(owner=owner, name="Ana") != Person.objects.get(
        owner=other, name="Ana"
    )


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("#sea and #Sea again", ["sea"]),
        ("a#not-a-tag but #first-light.", ["first-light"]),
        ("Море #море", ["море"]),
        ("no tags & #", []),
    ],
)
def test_it_reads_tags_from_the_text(db, text, tags):
    from glimmers.journal.services import tags_in

    assert tags_in(text) == tags


def test_anonymous_visitors_cannot_capture(client, owner):
    response = client.post("/capture/", {"text": "sneaky"})
    assert response.status_code == 302
    assert not Glimmer.objects.exists()


def test_the_capture_page_shows_todays_count(owner_client, owner):
    from tests.factories import make_glimmer

    make_glimmer(owner, "one")
    make_glimmer(owner, "two")
    make_glimmer(make_user("third"), "not mine")
    assert "2 glimmers" in owner_client.get("/").content.decode()


def test_when_starts_empty_so_it_means_the_moment_of_saving(owner_client):
    html = owner_client.get("/").content.decode()
    field = html.split('name="noticed_at"', 1)[1].split(">", 1)[0]
    assert "value=" not in field
    assert 'name="initial-noticed_at"' not in html


def test_a_glimmer_dated_another_day_is_shown_where_it_is_kept(owner_client, owner):
    """Saved for yesterday, it is not among today's: the page says so and shows it."""
    from zoneinfo import ZoneInfo

    yesterday = timezone.localtime(timezone.now(), ZoneInfo(owner.time_zone)) - timedelta(days=1)
    response = owner_client.post(
        "/capture/",
        {"text": "The bread van's bell", "noticed_at": yesterday.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    page = response.content.decode()
    glimmer = Glimmer.objects.get()
    assert response.redirect_chain[-1][0] == f"/glimmers/{glimmer.pk}/"
    assert "today's glimmers below" not in page
    assert f"Kept in your journal, on {yesterday.strftime('%A %-d %B %Y')}." in page
    assert "The bread van&#x27;s bell" in page or "The bread van's bell" in page


def _groups(page: str) -> dict[str, bool]:
    """Each folded group of the details form: its name, and whether it is open."""
    found = re.findall(r'<details class="detail-group"( open)?>\s*<summary>([^<]+)</summary>', page)
    return {name: bool(is_open) for is_open, name in found}


def test_the_rarer_details_are_folded_and_an_error_opens_its_group(owner_client):
    groups = _groups(owner_client.get("/capture/").content.decode())
    assert groups == {
        "Body, before and after": False,
        "Where, and who": False,
        "What it meant": False,
        "Noticed, remembered or heard": False,
    }
    response = owner_client.post(
        "/capture/", {"text": "Rain", "new_people": "N" * 90, "gratitude": "For the roof"}
    )
    assert response.status_code == 400
    groups = _groups(response.content.decode())
    assert groups["Where, and who"]  # it holds the error
    assert groups["What it meant"]  # it holds what she wrote
    assert not groups["Body, before and after"] and not groups["Noticed, remembered or heard"]


def test_the_edit_page_opens_the_groups_that_hold_something(owner_client, owner):
    glimmer = make_glimmer(owner, "Bread", place="Kitchen", kind="remembered")
    groups = _groups(owner_client.get(f"/glimmers/{glimmer.pk}/edit/").content.decode())
    assert groups == {
        "Body, before and after": False,
        "Where, and who": True,
        "What it meant": False,
        "Noticed, remembered or heard": True,
    }
