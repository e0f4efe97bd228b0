"""Deleting a photo or a glimmer removes its files at once: right after the commit, not at a sweep.

These run with real commits (transaction=True), so the files are looked for
exactly when the call returns, as after a real request.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from glimmers.journal import services
from glimmers.journal.models import Photo
from glimmers.journal.photos import clean_photo
from tests.factories import upload

pytestmark = pytest.mark.django_db(transaction=True)


def _glimmer_with_photos(owner, n=2):
    photos = [clean_photo(upload()) for _ in range(n)]
    return services.save_glimmer(owner, {"text": "Gulls over the harbour"}, photos=photos)


def _files(photo: Photo) -> list[Path]:
    media = Path(settings.MEDIA_ROOT)
    return [media / photo.image.name, media / photo.thumbnail.name]


def test_deleting_a_photo_removes_its_files_when_it_returns(owner):
    glimmer = _glimmer_with_photos(owner)
    gone, kept = list(glimmer.photos.all())
    assert all(path.is_file() for path in _files(gone) + _files(kept))

    services.delete_photo(owner, gone)

    assert not any(path.exists() for path in _files(gone))
    assert all(path.is_file() for path in _files(kept))


def test_deleting_a_glimmer_removes_every_photo_file_when_it_returns(owner):
    glimmer = _glimmer_with_photos(owner)
    files = [path for photo in glimmer.photos.all() for path in _files(photo)]

    services.delete_glimmer(owner, glimmer)

    assert files and not any(path.exists() for path in files)


def test_the_web_page_delete_removes_the_files_at_once(owner, owner_client):
    glimmer = _glimmer_with_photos(owner, n=1)
    (photo,) = glimmer.photos.all()
    files = _files(photo)

    response = owner_client.post(f"/photos/{photo.pk}/delete/")

    assert response.status_code in (200, 302)
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not any(path.exists() for path in files)


def test_a_delete_that_rolls_back_keeps_the_files(owner):
    from django.db import transaction

    glimmer = _glimmer_with_photos(owner, n=1)
    (photo,) = glimmer.photos.all()
    files, photo_id = _files(photo), photo.pk

    with pytest.raises(RuntimeError), transaction.atomic():
        services.delete_photo(owner, photo)
        raise RuntimeError("something after it failed")

    assert Photo.objects.filter(pk=photo_id).exists()
    assert all(path.is_file() for path in files)


def test_a_strangers_delete_removes_no_file(owner, stranger):
    from django.core.exceptions import ValidationError

    glimmer = _glimmer_with_photos(owner, n=1)
    (photo,) = glimmer.photos.all()

    with pytest.raises(ValidationError):
        services.delete_photo(stranger, photo)

    assert all(path.is_file() for path in _files(photo))
