"""Importing Day One's ZIP export, and reading any ZIP safely."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from glimmers.journal.models import Glimmer, Photo
from glimmers.yourdata.importing import archive
from glimmers.yourdata.importing.service import ImportFailed, import_journal
from glimmers.yourdata.models import ImportedEntry
from tests.cli import run
from tests.factories import jpeg_bytes, make_glimmer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"


def glimmers(user) -> list[Glimmer]:
    return list(Glimmer.objects.filter(owner=user).order_by("noticed_at"))


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_it_brings_in_entries_with_their_photo_and_tags(owner):
    result = run("import", str(FIXTURES / "dayone.zip"))

    assert result.code == 0, result.err
    assert "Brought in 2 glimmers (1 photo) from dayone." in result.out
    first, second = glimmers(owner)
    assert first.noticed_at == datetime(2026, 6, 1, 4, 30, tzinfo=UTC)
    assert first.text == (
        "Warm light on the kitchen wall.\n\nThe kettle - ticking! \\#1 mug\n\n"
        "#home #first-light #starred"
    )
    assert not first.reliable
    assert second.text == "Тепле світло на кухні ☀\n\n🙂\n\n#родина"
    (photo,) = Photo.objects.filter(glimmer=first)
    assert (photo.width, photo.height) == (64, 48)


def test_the_photo_keeps_no_exif_or_gps(owner):
    original = zipfile.ZipFile(FIXTURES / "dayone.zip")
    raw = next(original.read(n) for n in original.namelist() if n.startswith("photos/"))
    assert Image.open(io.BytesIO(raw)).getexif()  # the fixture does carry GPS

    import_journal(owner, FIXTURES / "dayone.zip")

    (photo,) = Photo.objects.filter(owner=owner)
    with photo.image.open("rb") as stored:
        data = stored.read()
    assert not Image.open(io.BytesIO(data)).getexif()
    assert b"TestCam" not in data


def test_a_video_link_is_left_out_and_said(owner):
    result = run("import", str(FIXTURES / "dayone.zip"), "--dry-run")

    assert "left out         1: A video, a recording or a PDF" in result.out
    assert "would bring in   2 glimmers (1 photo)" in result.out
    assert Glimmer.objects.count() == 0
    assert media_files() == []


def test_again_adds_nothing(owner):
    import_journal(owner, FIXTURES / "dayone.zip")
    report = import_journal(owner, FIXTURES / "dayone.zip")

    assert (report.new, report.already) == (0, 2)
    assert Photo.objects.count() == 1
    assert len(media_files()) == 2  # the image and its thumbnail


def test_the_journal_json_alone_comes_in_without_photos(owner, tmp_path):
    lone = tmp_path / "Journal.json"
    lone.write_bytes(zipfile.ZipFile(FIXTURES / "dayone.zip").read("Journal.json"))

    report = import_journal(owner, lone)

    assert report.format == "dayone"
    assert report.new == 2
    assert (
        report.problems[0].message
        == "ce609a11039d1bdeaaeb6644fe0fb337.jpeg: The photo isn't in the export."
    )
    assert Photo.objects.count() == 0


def _zip(path: Path, members: dict[str, bytes], *, link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            out.writestr(info, "/etc/passwd")
    return path


def _journal(*texts: str) -> bytes:
    entries = [
        {"uuid": f"U{n}", "creationDate": f"2026-06-0{n + 1}T08:00:00Z", "text": t}
        for n, t in enumerate(texts)
    ]
    return json.dumps({"metadata": {}, "entries": entries}).encode()


def test_a_name_that_escapes_the_folder_is_refused(owner, tmp_path):
    bad = _zip(tmp_path / "bad.zip", {"Journal.json": _journal("hi"), "../../evil.txt": b"x"})

    result = run("import", str(bad))

    assert result.code == 2
    assert "points outside it (../../evil.txt)" in result.err
    assert Glimmer.objects.count() == 0
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_symlink_is_refused(owner, tmp_path):
    bad = _zip(tmp_path / "bad.zip", {"Journal.json": _journal("hi")}, link="photos/link.jpeg")

    with pytest.raises(ImportFailed, match="holds a link"):
        import_journal(owner, bad)
    assert Glimmer.objects.count() == 0


def test_a_zip_bomb_stops_at_the_limit(owner, tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1024 * 1024)
    bomb = _zip(tmp_path / "bomb.zip", {"Journal.json": b" " * (20 * 1024 * 1024)})
    assert bomb.stat().st_size < 100 * 1024

    with pytest.raises(ImportFailed, match="larger than we read safely"):
        import_journal(owner, bomb, format_name="dayone")
    assert Glimmer.objects.count() == 0


def test_a_member_that_lies_about_its_size_stops_at_the_limit(tmp_path):
    bomb = _zip(tmp_path / "liar.zip", {"Journal.json": b"x" * (3 * 1024 * 1024)})
    with archive.SafeZip(bomb) as safe:
        safe.members["Journal.json"].file_size = 10  # as a crafted header would claim
        # zipfile reads no further than the size claimed, and the checksum then fails.
        with pytest.raises(archive.Unreadable, match="damaged or cut short"):
            safe.read("Journal.json", most=1024 * 1024)


def test_too_many_members_are_refused(owner, tmp_path):
    many = _zip(tmp_path / "many.zip", {f"photos/{n}.jpeg": b"" for n in range(30)})
    with pytest.raises(archive.Unreadable, match="more than 20 files"):
        archive.SafeZip(many, max_members=20)


def test_a_truncated_zip_changes_nothing(owner, tmp_path):
    make_glimmer(owner, "Mine")
    cut = tmp_path / "cut.zip"
    cut.write_bytes((FIXTURES / "dayone.zip").read_bytes()[:700])

    result = run("import", str(cut), "--format", "dayone")

    assert result.code == 2
    assert "damaged or cut short" in result.err
    assert [g.text for g in glimmers(owner)] == ["Mine"]


def test_a_failure_after_photos_were_written_removes_them(owner, tmp_path):
    """The second journal in the ZIP is broken JSON: the first one's glimmer and photo go."""
    photo = jpeg_bytes()
    import hashlib

    md5 = hashlib.md5(photo).hexdigest()  # noqa: S324 - Day One's own file naming
    first = {
        "entries": [
            {
                "uuid": "A",
                "creationDate": "2026-06-01T08:00:00Z",
                "text": "With a photo",
                "photos": [{"identifier": "P", "md5": md5, "type": "jpeg"}],
            }
        ]
    }
    bad = _zip(
        tmp_path / "two.zip",
        {
            "A.json": json.dumps(first).encode(),
            "B.json": b'{"entries": [',
            f"photos/{md5}.jpeg": photo,
        },
    )

    with pytest.raises(ImportFailed, match="isn't complete JSON"):
        import_journal(owner, bad)
    assert Glimmer.objects.count() == 0
    assert Photo.objects.count() == 0
    assert ImportedEntry.objects.count() == 0
    assert media_files() == []


def test_a_photo_that_isnt_a_picture_is_named_and_the_entry_comes_in(owner, tmp_path):
    journal = {
        "entries": [
            {
                "uuid": "A",
                "creationDate": "2026-06-01T08:00:00Z",
                "text": "Sea ![](dayone-moment://P)",
                "photos": [{"identifier": "P", "md5": "abc", "type": "jpeg"}],
            }
        ]
    }
    odd = _zip(
        tmp_path / "odd.zip",
        {"Journal.json": json.dumps(journal).encode(), "photos/abc.jpeg": b"not a jpeg"},
    )

    report = import_journal(owner, odd)

    assert report.new == 1
    assert "abc.jpeg: That file doesn't look like a photo" in report.problems[0].message
    assert [g.text for g in glimmers(owner)] == ["Sea"]


def test_a_stranger_never_gets_the_photos(owner, stranger):
    import_journal(owner, FIXTURES / "dayone.zip")

    assert Photo.objects.filter(owner=stranger).count() == 0
    assert Glimmer.objects.filter(owner=stranger).count() == 0


def test_a_truncated_zip_is_named_as_one_by_auto_detection(owner, tmp_path):
    cut = tmp_path / "cut.zip"
    cut.write_bytes((FIXTURES / "dayone.zip").read_bytes()[:700])

    with pytest.raises(ImportFailed, match="damaged or cut short"):
        import_journal(owner, cut)


def test_a_dry_run_names_a_missing_photo_and_decodes_none(owner, tmp_path, monkeypatch):
    from glimmers.journal import photos

    def never(_upload):
        raise AssertionError("a dry run decoded a photo")

    monkeypatch.setattr(photos, "clean_photo", never)
    lone = tmp_path / "Journal.json"
    lone.write_bytes(zipfile.ZipFile(FIXTURES / "dayone.zip").read("Journal.json"))
    assert import_journal(owner, FIXTURES / "dayone.zip", dry_run=True).photos == 1

    report = import_journal(owner, lone, dry_run=True)

    assert report.photos == 0
    assert report.problems[0].message.endswith("The photo isn't in the export.")


def test_photos_beyond_the_storage_quota_are_named_and_the_words_come_in(owner, settings):
    settings.STORAGE_QUOTA_MB = 1 / (1024 * 1024)  # one byte of room

    report = import_journal(owner, FIXTURES / "dayone.zip")

    assert report.new == 2
    assert report.photos == 0
    assert "There isn't room for that photo" in report.problems[0].message
    assert Photo.objects.count() == 0
    assert media_files() == []
    assert Glimmer.objects.filter(owner=owner).count() == 2
