"""PUT /glimmers/{id}/photos/{photo id}: an offline phone's photo upload, made once.

The phone keeps a queued photo under an id it chose and sends it again until
it hears back; however many times it arrives, there is one photo.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from glimmers.access import Claim
from glimmers.journal import queries, services
from glimmers.journal.models import Photo
from glimmers.journal.photos import clean_photo
from tests.api.conftest import API, assert_error, journal_snapshot
from tests.factories import jpeg_bytes, make_glimmer, upload


@pytest.fixture
def glimmer(owner):
    return make_glimmer(owner, "Frost on the railings")


def test_it_makes_the_photo_under_the_client_id(api, glimmer):
    photo_id = uuid.uuid4()
    response = api.put_upload(f"/glimmers/{glimmer.pk}/photos/{photo_id}", upload())
    assert response.status_code == 201, response.content
    assert response.json()["id"] == str(photo_id)
    photo = Photo.objects.get()
    assert photo.pk == photo_id and photo.glimmer_id == glimmer.pk
    assert photo.image.name.endswith(f"{photo_id.hex}.jpg")


def test_it_makes_one_photo_however_often_it_is_sent(api, glimmer):
    photo_id = uuid.uuid4()
    path = f"/glimmers/{glimmer.pk}/photos/{photo_id}"
    first = api.put_upload(path, upload())
    again = api.put_upload(path, upload())
    once_more = api.put_upload(path, upload("other.jpg", jpeg_bytes(size=(64, 48))))
    assert [first.status_code, again.status_code, once_more.status_code] == [201, 200, 200]
    assert first.json() == again.json() == once_more.json()
    assert Photo.objects.count() == 1


def test_a_retry_sends_nothing_new_to_disk(api, glimmer):
    photo_id = uuid.uuid4()
    path = f"/glimmers/{glimmer.pk}/photos/{photo_id}"
    api.put_upload(path, upload())
    before = journal_snapshot()
    assert api.put_upload(path, upload()).status_code == 200
    assert journal_snapshot() == before


def test_someone_elses_photo_id_is_not_found_and_nothing_changes(api, glimmer, other):
    theirs = make_glimmer(other, "Theirs")
    their_photo = services.add_photo(other, theirs, clean_photo(upload()))
    before = journal_snapshot()
    response = api.put_upload(f"/glimmers/{glimmer.pk}/photos/{their_photo.pk}", upload())
    assert_error(response, 404, "not_found")
    assert journal_snapshot() == before


def test_someone_elses_glimmer_is_not_found_and_nothing_changes(other_api, glimmer):
    before = journal_snapshot()
    response = other_api.put_upload(f"/glimmers/{glimmer.pk}/photos/{uuid.uuid4()}", upload())
    assert_error(response, 404, "not_found")
    assert journal_snapshot() == before


def test_an_own_photo_id_on_another_glimmer_is_a_clash_not_a_move(api, owner, glimmer):
    elsewhere = make_glimmer(owner, "Another morning")
    photo = services.add_photo(owner, elsewhere, clean_photo(upload()))
    before = journal_snapshot()
    response = api.put_upload(f"/glimmers/{glimmer.pk}/photos/{photo.pk}", upload())
    assert_error(response, 409, "conflict")
    assert journal_snapshot() == before


def test_something_that_is_not_a_photo_is_refused_and_nothing_is_kept(api, glimmer):
    before = journal_snapshot()
    response = api.put_upload(
        f"/glimmers/{glimmer.pk}/photos/{uuid.uuid4()}", upload("notes.jpg", b"not a picture")
    )
    assert_error(response, 422, "invalid", fields=("file",))
    assert journal_snapshot() == before


def test_a_read_only_token_cannot_upload(read_only_api, glimmer):
    response = read_only_api.put_upload(f"/glimmers/{glimmer.pk}/photos/{uuid.uuid4()}", upload())
    assert_error(response, 403, "read_only_token")
    assert not Photo.objects.exists()


def _browser(owner) -> Client:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    browser.cookies["csrftoken"] = "k" * 32
    return browser


def test_the_signed_in_page_uploads_with_its_csrf_token(owner, glimmer):
    response = _browser(owner).put(
        f"{API}/glimmers/{glimmer.pk}/photos/{uuid.uuid4()}",
        encode_multipart(BOUNDARY, {"file": upload()}),
        content_type=MULTIPART_CONTENT,
        HTTP_X_CSRFTOKEN="k" * 32,
    )
    assert response.status_code == 201, response.content
    assert Photo.objects.count() == 1


def test_the_signed_in_page_is_refused_without_its_csrf_token(owner, glimmer):
    before = journal_snapshot()
    response = _browser(owner).put(
        f"{API}/glimmers/{glimmer.pk}/photos/{uuid.uuid4()}",
        encode_multipart(BOUNDARY, {"file": upload()}),
        content_type=MULTIPART_CONTENT,
    )
    assert_error(response, 403, "forbidden")
    assert journal_snapshot() == before


class FirstLookMissesIt:
    """Stands in for the view's "whose is this photo id?": the first look finds
    nobody, and then another request (by ``creator``) commits a photo with that id."""

    def __init__(self, creator, glimmer):
        self.creator = creator
        self.glimmer = glimmer
        self.looks = 0
        self.claim = queries.photo_claim

    def __call__(self, user, photo_id):
        self.looks += 1
        if self.looks == 1:
            services.add_photo(self.creator, self.glimmer, clean_photo(upload()), photo_id=photo_id)
            return Claim.FREE
        return self.claim(user, photo_id)


def _files_on_disk() -> set[str]:
    media = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


def test_an_upload_that_loses_a_race_with_itself_gets_the_photo_and_leaves_no_file(
    api, owner, glimmer, monkeypatch
):
    monkeypatch.setattr(queries, "photo_claim", FirstLookMissesIt(owner, glimmer))
    photo_id = uuid.uuid4()
    response = api.put_upload(f"/glimmers/{glimmer.pk}/photos/{photo_id}", upload())
    assert response.status_code == 200, response.content
    [photo] = Photo.objects.all()
    assert response.json()["id"] == str(photo.pk) == str(photo_id)
    # The other request's files are whole; the loser's are gone.
    assert _files_on_disk() == {photo.image.name, photo.thumbnail.name}


def test_losing_a_race_to_someone_else_is_404(api, other, glimmer, monkeypatch):
    theirs = make_glimmer(other, "Theirs")
    monkeypatch.setattr(queries, "photo_claim", FirstLookMissesIt(other, theirs))
    response = api.put_upload(f"/glimmers/{glimmer.pk}/photos/{uuid.uuid4()}", upload())
    assert_error(response, 404, "not_found")
    assert Photo.objects.get().owner == other
