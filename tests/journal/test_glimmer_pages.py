"""A glimmer's own page: detail, edit, delete."""

from glimmers.journal.models import Glimmer, Photo, Sense
from tests.factories import make_glimmer, upload


def test_it_shows_a_glimmer_with_its_details(owner_client, owner):
    glimmer = make_glimmer(
        owner,
        "Rain on the skylight #rain",
        senses=[Sense.objects.get(slug="sound")],
        state_before="mobilized",
        state_after="safe",
        new_people=["Ivan"],
        gratitude="for the roof",
    )
    html = owner_client.get(f"/glimmers/{glimmer.pk}/").content.decode()
    for expected in [
        "Rain on the skylight",
        "sound",
        "mobilized",
        "safe &amp; connected",
        "Ivan",
        "for the roof",
        "#rain",
    ]:
        assert expected in html


def test_a_tallied_glimmer_invites_words(owner_client, owner):
    from glimmers.journal import services

    (glimmer,) = services.tally(owner)
    html = owner_client.get(f"/glimmers/{glimmer.pk}/").content.decode()
    assert "Counted, no words yet" in html
    assert "Add words" in html


def test_it_edits_and_rereads_the_tags(owner_client, owner):
    glimmer = make_glimmer(owner, "Old words #old")
    response = owner_client.post(
        f"/glimmers/{glimmer.pk}/edit/", {"text": "New words #new", "anchored_seconds": "20"}
    )
    assert response.status_code == 302
    glimmer.refresh_from_db()
    assert glimmer.text == "New words #new"
    assert glimmer.anchored_seconds == 20
    assert [t.name for t in glimmer.tags.all()] == ["new"]


def test_words_can_be_added_to_a_tally(owner_client, owner):
    from glimmers.journal import services

    (glimmer,) = services.tally(owner)
    owner_client.post(f"/glimmers/{glimmer.pk}/edit/", {"text": "It was the blackbird"})
    glimmer.refresh_from_db()
    assert glimmer.text == "It was the blackbird"


def test_a_bad_edit_changes_nothing(owner_client, owner):
    glimmer = make_glimmer(owner, "Keep me")
    response = owner_client.post(
        f"/glimmers/{glimmer.pk}/edit/", {"text": "x" * 5001, "senses": [424242]}
    )
    assert response.status_code == 400
    glimmer.refresh_from_db()
    assert glimmer.text == "Keep me"
    # What they typed is shown back to them, so nothing they wrote is lost.
    assert "x" * 5001 in response.content.decode()


def test_delete_asks_first(owner_client, owner):
    glimmer = make_glimmer(owner, "Still here")
    html = owner_client.get(f"/glimmers/{glimmer.pk}/delete/").content.decode()
    assert "Delete this glimmer?" in html
    assert Glimmer.objects.filter(pk=glimmer.pk).exists()


def test_delete_removes_the_glimmer_and_its_photo_files(
    owner_client, owner, settings, django_capture_on_commit_callbacks
):
    owner_client.post("/capture/", {"text": "with a photo", "photos": upload()})
    glimmer = Glimmer.objects.get()
    photo = glimmer.photos.get()
    files = [settings.MEDIA_ROOT / photo.image.name, settings.MEDIA_ROOT / photo.thumbnail.name]
    assert all(f.exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(f"/glimmers/{glimmer.pk}/delete/")
    assert response.status_code == 302
    assert not Glimmer.objects.exists()
    assert not Photo.objects.exists()
    assert not any(f.exists() for f in files)


def test_a_malformed_id_is_not_found(owner_client):
    assert owner_client.get("/glimmers/not-a-uuid/").status_code == 404
