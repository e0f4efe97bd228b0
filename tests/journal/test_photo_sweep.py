"""Photo files and rows stay in step: the sweep, failed saves, deletes, `glimmers sweep-photos`.

A crash between writing a photo's files and committing its row leaves files
nothing refers to; `sweep_photo_files` (run by `glimmers serve` at start-up)
removes them. The crash itself is tested against a real server in
tests/reliability/test_crash.py; here the sweep is tested on its own.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from glimmers.journal import services
from glimmers.journal.models import Photo
from glimmers.journal.photos import clean_photo
from tests.factories import jpeg_bytes, make_glimmer, upload


def _clean():
    return clean_photo(upload(content=jpeg_bytes()))


def _files(settings) -> set[str]:
    media = settings.MEDIA_ROOT
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


def _leftover(settings, owner_id, name: str) -> str:
    """A file as a crashed save leaves it: in the owner's folder, with no row."""
    path = settings.MEDIA_ROOT / "photos" / str(owner_id) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(jpeg_bytes())
    return f"photos/{owner_id}/{name}"


@pytest.fixture
def photo(owner):
    return services.add_photo(owner, make_glimmer(owner, "with a photo"), _clean())


def test_it_removes_files_no_photo_refers_to_and_keeps_the_rest(owner, other, photo, settings):
    theirs = services.add_photo(other, make_glimmer(other, "theirs"), _clean())
    orphan_id = uuid.uuid4().hex
    orphans = {
        _leftover(settings, owner.pk, f"{orphan_id}.jpg"),
        _leftover(settings, owner.pk, f"{orphan_id}-thumb.jpg"),
        _leftover(settings, other.pk, f"{uuid.uuid4().hex}.png"),
    }
    kept = {photo.image.name, photo.thumbnail.name, theirs.image.name, theirs.thumbnail.name}
    assert _files(settings) == kept | orphans

    assert set(services.sweep_photo_files()) == orphans

    assert _files(settings) == kept
    assert Photo.objects.count() == 2


def test_a_dry_run_lists_them_and_removes_nothing(owner, photo, settings):
    orphan = _leftover(settings, owner.pk, f"{uuid.uuid4().hex}.jpg")
    before = _files(settings)
    assert services.sweep_photo_files(dry_run=True) == [orphan]
    assert _files(settings) == before


def test_it_leaves_files_it_did_not_name_alone(owner, settings):
    foreign = {
        _leftover(settings, owner.pk, "holiday.jpg"),
        _leftover(settings, owner.pk, f"{uuid.uuid4().hex}.jpg.part"),
        _leftover(settings, "backup", f"{uuid.uuid4().hex}.jpg"),
    }
    (settings.MEDIA_ROOT / "photos" / "notes.txt").write_text("mine")
    foreign.add("photos/notes.txt")
    assert services.sweep_photo_files() == []
    assert _files(settings) == foreign


def test_it_is_content_with_no_photo_folder_at_all(db, settings):
    assert not (settings.MEDIA_ROOT / "photos").exists()
    assert services.sweep_photo_files() == []


def test_a_photo_whose_thumbnail_fails_to_save_leaves_no_file(owner, settings, monkeypatch):
    glimmer = make_glimmer(owner, "the disk fills up")
    real_save = Photo.thumbnail.field.attr_class.save

    def full_disk(self, name, content, save=True):
        if "-thumb" in name:
            raise OSError("No space left on device")
        return real_save(self, name, content, save)

    monkeypatch.setattr(Photo.thumbnail.field.attr_class, "save", full_disk)
    with pytest.raises(OSError):
        services.add_photo(owner, glimmer, _clean())
    assert not Photo.objects.exists()
    assert _files(settings) == set()


def test_a_failed_save_of_a_glimmer_with_photos_leaves_no_file(owner, settings, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise RuntimeError("the row could not be written")

    monkeypatch.setattr(Photo, "save", refuse)
    with pytest.raises(RuntimeError):
        services.save_glimmer(owner, {"text": "sea light"}, photos=[_clean(), _clean()])
    assert _files(settings) == set()


def test_adding_a_photo_returns_that_photo(owner, photo):
    # Another photo on the same glimmer that sorts as the newest must not be
    # mistaken for the one just added (two uploads at once).
    Photo.objects.filter(pk=photo.pk).update(created_at=photo.created_at + timedelta(hours=1))
    added = services.add_photo(owner, photo.glimmer, _clean())
    assert added.pk != photo.pk
    assert Photo.objects.filter(glimmer=photo.glimmer).count() == 2


def test_deleting_a_glimmer_removes_every_photo_file_after_the_commit(
    owner, photo, settings, django_capture_on_commit_callbacks
):
    services.add_photo(owner, photo.glimmer, _clean())
    assert len(_files(settings)) == 4
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.delete_glimmer(owner, photo.glimmer)
        # Until the commit, the files stay: a rollback must not lose them.
        assert len(_files(settings)) == 4
    for callback in callbacks:
        callback()
    assert _files(settings) == set()
    assert not Photo.objects.exists()


def test_deleting_a_photo_removes_its_files_only_after_the_commit(
    owner, photo, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.delete_photo(owner, photo)
        assert len(_files(settings)) == 2
    assert not Photo.objects.exists()
    for callback in callbacks:
        callback()
    assert _files(settings) == set()


def test_photos_that_lost_their_files_are_named(owner, photo, settings):
    assert services.photos_missing_files() == []
    (settings.MEDIA_ROOT / photo.thumbnail.name).unlink()
    assert services.photos_missing_files() == [photo]


def test_the_command_tidies_and_reports(owner, photo, settings):
    orphan = _leftover(settings, owner.pk, f"{uuid.uuid4().hex}-thumb.jpg")
    out, err = StringIO(), StringIO()
    call_command("sweep-photos", "--dry-run", stdout=out, stderr=err)
    assert f"would remove {orphan}" in out.getvalue()
    assert (settings.MEDIA_ROOT / orphan).exists()

    (settings.MEDIA_ROOT / photo.image.name).unlink()
    out = StringIO()
    call_command("sweep-photos", stdout=out, stderr=err)
    assert f"removed {orphan}" in out.getvalue()
    assert "Removed 1 photo file that nothing refers to." in out.getvalue()
    assert not (settings.MEDIA_ROOT / orphan).exists()
    assert str(photo.pk) in err.getvalue()
    assert "lost its file" in err.getvalue()
