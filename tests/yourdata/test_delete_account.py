"""delete_account: every row and file of an account goes, no words stay, others stay whole."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import connection

from glimmers.accounts import security_log, tokens
from glimmers.accounts.models import FailedAttempt, SecurityEvent
from glimmers.accounts.sessions import SessionStore
from glimmers.journal import services as journal
from glimmers.journal.models import Glimmer, MonthlyCount, Person, Photo, Sense
from glimmers.journal.photos import clean_photo
from glimmers.practice import services as practice
from glimmers.yourdata.deletion import services
from glimmers.yourdata.deletion.services import delete_account, what_would_go
from tests.factories import make_glimmer, make_trigger, upload
from tests.own_database import run_in_own_database

CANARY_SCRIPT = Path(__file__).with_name("delete_account_canary.py")


def _personal_models():
    for model in apps.get_models():
        for name in ("owner", "user"):
            try:
                field = model._meta.get_field(name)
            except Exception:  # noqa: S112 - no such field
                continue
            related = getattr(field, "related_model", None)
            if not field.concrete or related is None:
                continue
            if related._meta.label == django_settings.AUTH_USER_MODEL:
                yield model, name


def _rows_left(user_id: int) -> dict[str, int]:
    left = {}
    for model, name in _personal_models():
        n = model._base_manager.filter(**{f"{name}_id": user_id}).count()
        if n:
            left[model._meta.label] = n
    return left


def _fill(user, word: str = "harbour") -> Glimmer:
    """Something of everything a person keeps."""
    glimmer = journal.save_glimmer(
        user,
        {
            "text": f"Gulls over the {word} #{word}",
            "new_people": [f"{word} friend"],
            "new_values": ["calm"],
        },
        photos=[clean_photo(upload())],
    )
    make_glimmer(user, "A second one")
    make_trigger(user, "A door slammed")
    practice.save_reflection(user, date.today(), answer="The light")
    practice.set_intention(user, date.today(), text="sounds")
    practice.add_prompt(user, "evening", "What was soft today?")
    practice.answer_question(user, date.today(), prompt=None, likelihood=5)
    journal.add_own_word(user, Sense, "salt air")
    tokens.create_token(user, "phone")
    security_log.record(user, SecurityEvent.Kind.SIGNED_IN, None)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session.create()
    FailedAttempt.objects.create(key=f"login:account:{user.username}")
    FailedAttempt.objects.create(key=f"code:device:{user.pk}:nonce1")
    return glimmer


def _photo_files(user) -> list[Path]:
    media = Path(django_settings.MEDIA_ROOT)
    return [
        media / name
        for photo in Photo.objects.filter(owner=user)
        for name in (photo.image.name, photo.thumbnail.name)
    ]


@pytest.mark.django_db(transaction=True)
def test_it_removes_every_row_and_says_how_many(owner):
    _fill(owner)
    owner_id = owner.pk
    assert _rows_left(owner_id)

    removed = delete_account(owner)

    assert _rows_left(owner_id) == {}
    assert not get_user_model().objects.filter(pk=owner_id).exists()
    assert not FailedAttempt.objects.exists()
    counts = removed.as_dict()
    assert counts["glimmers"] == 2
    assert counts["photos"] == 1 and counts["photo_files"] == 2
    assert counts["triggers"] == counts["reflections"] == counts["intentions"] == 1
    assert counts["question_answers"] == counts["prompts"] == counts["own_words"] == 1
    assert counts["people"] == counts["values"] == counts["tags"] == 1
    assert counts["tokens"] == counts["sessions"] == 1
    assert counts["security_events"] == 2  # the sign-in, and the token made
    assert counts["throttle_rows"] == 2
    assert counts["search_entries"] == 2
    assert counts["monthly_counts"] > 0
    assert "2 glimmers" in removed.lines()
    assert "1 photo, with its files" in removed.lines()


@pytest.mark.django_db(transaction=True)
def test_the_photo_files_and_folder_are_gone_when_it_returns(owner):
    _fill(owner)
    files = _photo_files(owner)
    folder = Path(django_settings.MEDIA_ROOT) / "photos" / str(owner.pk)
    stray = folder / f"{'a' * 32}.jpg"  # what a crashed save leaves: no row names it
    stray.write_bytes(b"left over")
    assert files and all(path.is_file() for path in files)

    delete_account(owner)

    assert not any(path.exists() for path in files)
    assert not stray.exists()
    assert not folder.exists()


@pytest.mark.django_db(transaction=True)
def test_a_file_waiting_on_the_import_page_goes_too(owner, other):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from glimmers.yourdata.importing import staging

    mine = staging.stage(owner, SimpleUploadedFile("a.txt", b"2024-01-02 09:00 the sea"))
    theirs = staging.stage(other, SimpleUploadedFile("b.txt", b"2024-01-02 09:00 a heron"))

    delete_account(owner)

    assert not mine.exists() and not mine.parent.exists()
    assert theirs.is_file()


@pytest.mark.django_db(transaction=True)
def test_another_account_is_untouched(owner, other):
    _fill(owner)
    theirs = _fill(other, word="meadow")
    their_files = _photo_files(other)
    before = _rows_left(other.pk)
    their_counts = list(MonthlyCount.objects.filter(owner=other).values_list("item", "n"))

    delete_account(owner)

    assert _rows_left(other.pk) == before
    assert all(path.is_file() for path in their_files)
    assert Person.objects.filter(owner=other).count() == 1
    assert sorted(MonthlyCount.objects.filter(owner=other).values_list("item", "n")) == sorted(
        their_counts
    )
    assert FailedAttempt.objects.filter(key__contains=other.username).count() == 1
    assert FailedAttempt.objects.filter(key__contains=f":{other.pk}:").count() == 1
    from glimmers.journal import queries, search

    found = search.matching(queries.glimmers(other), "meadow")
    assert list(found) == [theirs]


@pytest.mark.django_db(transaction=True)
def test_a_failure_part_way_changes_nothing(owner, monkeypatch):
    _fill(owner)
    before = _rows_left(owner.pk)
    files = _photo_files(owner)

    def broken(user):
        raise RuntimeError("the disk hiccuped")

    monkeypatch.setattr(services, "_throttle_rows", broken)  # after every row was deleted
    with pytest.raises(RuntimeError):
        delete_account(owner)

    assert _rows_left(owner.pk) == before
    assert get_user_model().objects.filter(pk=owner.pk).exists()
    assert all(path.is_file() for path in files)
    assert FailedAttempt.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_file_that_cannot_be_removed_does_not_undo_the_deletion(owner, monkeypatch):
    _fill(owner)
    owner_id = owner.pk
    files = _photo_files(owner)

    def refuse(name):
        raise PermissionError(name)

    from django.core.files.storage import default_storage

    monkeypatch.setattr(default_storage, "delete", refuse)
    delete_account(owner)
    assert _rows_left(owner_id) == {}
    monkeypatch.undo()
    # No row refers to them, so the sweep (run at every `glimmers serve`) takes them.
    assert {str(path.relative_to(django_settings.MEDIA_ROOT)) for path in files} <= set(
        journal.sweep_photo_files()
    )
    assert not any(path.exists() for path in files)


def test_what_would_go_counts_and_changes_nothing(owner):
    _fill(owner)
    before = _rows_left(owner.pk)
    would = what_would_go(owner)
    assert would.glimmers == 2 and would.photos == 1 and would.photo_files == 2
    assert would.throttle_rows == 2 and would.sessions == 1
    assert _rows_left(owner.pk) == before


def test_sqlite_connections_overwrite_what_they_delete(db):
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite setting")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
    assert "secure_delete=ON" in django_settings.DATABASES["default"]["OPTIONS"]["init_command"]


def test_no_word_of_a_deleted_account_is_left_in_the_data_folder(tmp_path):
    """The canary: one made-up word in everything the person wrote, then looked for in
    every file of the data folder (SQLite), or in every row (PostgreSQL)."""
    canary = f"zq{secrets.token_hex(6)}canary"
    result = run_in_own_database(CANARY_SCRIPT, tmp_path, canary)

    assert result["exit_code"] == 0, result["stderr"]
    assert "Deleted the account" in result["stdout"]
    assert not result["keeper_exists"]
    assert result["keeper_rows_left"] == {}
    assert result["keeper_throttle_rows"] == 0 and result["keeper_sessions"] == 0
    assert not result["keeper_photo_folder"] and not result["keeper_import_folder"]
    assert result["canary_rows"] == 0
    # The neighbour's journal is whole, and still found by its words.
    assert result["neighbour_glimmers"] == 1 and result["neighbour_found_by_search"]
    assert result["neighbour_files_there"] and result["neighbour_throttle_rows"] == 1

    if result["vendor"] != "sqlite":
        return  # PostgreSQL's files are the server's: docs/security.md says what a host does
    # The test can fail: before the deletion, the word was there to be found.
    assert result["canary_files_before"]
    root = Path(result["data_dir"])
    needles = [canary.encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")] + [
        canary.capitalize().encode("utf-8")
    ]
    every_file = [path for path in root.rglob("*") if path.is_file()]
    assert any(path.name == "glimmers.sqlite3" for path in every_file)
    still_there = [
        str(path.relative_to(root))
        for path in every_file
        if any(needle in path.read_bytes() for needle in needles)
    ]
    assert still_there == []


@pytest.mark.django_db(transaction=True)
def test_with_a_delete_signal_on_glimmers_it_lets_djangos_cascade_send_it(owner, other):
    """The one-statement delete skips signals, so with a receiver it takes Django's way."""
    from django.db.models.signals import pre_delete

    _fill(owner)
    _fill(other, word="meadow")
    seen = []

    def note(sender, instance, **kwargs):
        seen.append(instance.pk)

    pre_delete.connect(note, sender=Glimmer)
    try:
        owner_id = owner.pk
        ids = set(Glimmer.objects.filter(owner=owner).values_list("pk", flat=True))
        removed = delete_account(owner)
    finally:
        pre_delete.disconnect(note, sender=Glimmer)

    assert set(seen) == ids and removed.glimmers == 2
    assert _rows_left(owner_id) == {}
    assert Glimmer.objects.filter(owner=other).count() == 2
