"""Importing a folder of Markdown daily notes, or a ZIP of one."""

from __future__ import annotations

import os
import shutil
import zipfile
import zoneinfo
from datetime import datetime
from pathlib import Path

import pytest

from glimmers.journal.models import Glimmer
from glimmers.yourdata.importing.service import ImportFailed, import_journal
from tests.cli import run

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"
NOTES = FIXTURES / "notes"
KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")


def glimmers(user) -> list[Glimmer]:
    return list(Glimmer.objects.filter(owner=user).order_by("noticed_at"))


def _zipped(tmp_path: Path) -> Path:
    target = tmp_path / "vault.zip"
    with zipfile.ZipFile(target, "w") as out:
        for path in sorted(NOTES.rglob("*")):
            if path.is_file():
                out.write(path, f"vault/{path.relative_to(NOTES).as_posix()}")
    return target


def test_a_folder_of_daily_notes(owner):
    result = run("import", str(NOTES))

    assert result.code == 0, result.err
    assert "Brought in 3 glimmers" in result.out
    assert "Templates/daily.md: It has no date" in result.out
    first, second, third = glimmers(owner)
    assert first.text == (
        "Warm light on the kitchen wall.\n\n- the kettle ticking\n- **shoulders** dropped"
        "\n\n#morning #first-light"
    )
    assert first.noticed_at == datetime(2026, 6, 1, 12, 0, tzinfo=KYIV)
    assert second.text == "Тепле світло на кухні ☀ #родина\n\nМама сміялася 🙂"
    assert {t.name for t in second.tags.all()} == {"родина"}
    assert third.text == "Cold water, warm sand.\n\n#sea #walk"
    assert third.noticed_at == datetime(2026, 6, 3, 18, 45, tzinfo=KYIV)


def test_a_zip_of_the_folder_gives_the_same(owner, other, tmp_path):
    import_journal(owner, NOTES)
    report = import_journal(other, _zipped(tmp_path))

    assert report.format == "markdown"
    assert [g.text for g in glimmers(other)] == [g.text for g in glimmers(owner)]


def test_again_adds_nothing(owner, tmp_path):
    import_journal(owner, NOTES)
    report = import_journal(owner, NOTES)

    assert (report.new, report.already) == (0, 3)


def test_a_dry_run_changes_nothing(owner):
    result = run("import", str(NOTES), "--dry-run")

    assert "would bring in   3 glimmers" in result.out
    assert Glimmer.objects.count() == 0


def test_one_markdown_file(owner):
    report = import_journal(owner, NOTES / "Daily" / "2026-06-02.md")

    assert (report.format, report.new) == ("markdown", 1)


def test_a_linked_file_is_not_followed(owner, tmp_path):
    vault = tmp_path / "vault"
    shutil.copytree(NOTES, vault)
    secret = tmp_path / "2026-01-01.md"
    secret.write_text("Someone else's words", encoding="utf-8")
    os.symlink(secret, vault / "2026-01-01.md")

    report = import_journal(owner, vault)

    assert report.new == 3
    assert any("link" in p.message for p in report.problems)
    assert "Someone else's words" not in [g.text for g in glimmers(owner)]


def test_a_folder_with_no_notes_changes_nothing(owner, tmp_path):
    (tmp_path / "empty").mkdir()

    with pytest.raises(ImportFailed, match="no Markdown notes"):
        import_journal(owner, tmp_path / "empty")


def test_a_note_that_isnt_utf8_is_named_and_the_rest_come_in(owner, tmp_path):
    vault = tmp_path / "vault"
    shutil.copytree(NOTES, vault)
    (vault / "2026-06-04.md").write_bytes(b"caf\xe9")

    report = import_journal(owner, vault)

    assert report.new == 3
    assert any(p.where == "2026-06-04.md" and "UTF-8" in p.message for p in report.problems)


def _vault_with_pictures(tmp_path: Path) -> Path:
    from tests.factories import jpeg_bytes

    vault = tmp_path / "vault"
    (vault / "Daily").mkdir(parents=True)
    (vault / "attachments").mkdir()
    (vault / "attachments" / "kitchen.jpg").write_bytes(jpeg_bytes(exif_gps=True))
    (vault / "Daily" / "sea.jpg").write_bytes(jpeg_bytes(size=(30, 20)))
    (vault / "Daily" / "2026-06-05.md").write_text(
        "Тепле світло на кухні ☀\n\n![[kitchen.jpg|300]]\n\n"
        "And the sea: ![the sea](sea.jpg)\n\n![[missing.jpg]]\n",
        encoding="utf-8",
    )
    (tmp_path / "outside.jpg").write_bytes(jpeg_bytes())
    (vault / "Daily" / "2026-06-06.md").write_text(
        "Trying to climb out ![x](../../outside.jpg)\n", encoding="utf-8"
    )
    return vault


def test_pictures_a_note_embeds_are_attached_without_their_metadata(owner, tmp_path):
    from PIL import Image

    from glimmers.journal.models import Photo

    report = import_journal(owner, _vault_with_pictures(tmp_path))

    assert report.photos == 2
    first, second = glimmers(owner)
    assert first.text == "Тепле світло на кухні ☀\n\nAnd the sea:\n\n![[missing.jpg]]"
    photos = list(Photo.objects.filter(glimmer=first))
    assert sorted((p.width, p.height) for p in photos) == [(30, 20), (64, 48)]
    for photo in photos:
        with photo.image.open("rb") as stored:
            assert not Image.open(stored).getexif()
    assert second.text == "Trying to climb out ![x](../../outside.jpg)"
    assert Photo.objects.filter(glimmer=second).count() == 0


def test_pictures_in_a_zip_of_the_vault_are_attached_too(owner, tmp_path):
    from glimmers.journal.models import Photo

    vault = _vault_with_pictures(tmp_path)
    zipped = tmp_path / "vault.zip"
    with zipfile.ZipFile(zipped, "w") as out:
        for path in sorted(vault.rglob("*")):
            if path.is_file():
                out.write(path, path.relative_to(vault).as_posix())

    report = import_journal(owner, zipped)

    assert (report.new, report.photos) == (2, 2)
    assert Photo.objects.filter(owner=owner).count() == 2
