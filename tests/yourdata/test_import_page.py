"""The page "Bring in a journal": upload, see the dry run, confirm."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from glimmers.journal.models import Glimmer, Photo
from glimmers.server import takes_photos
from glimmers.yourdata.importing import staging
from glimmers.yourdata.importing.views import SESSION_KEY

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"
PAGE = "/your-data/import/"


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes() if data is None else data)


def staged_files() -> list[Path]:
    folder = Path(settings.DATA_DIR) / "imports"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def test_it_is_at_the_named_address_and_asks_for_a_file(owner_client):
    assert reverse("yourdata:import") == PAGE
    page = owner_client.get(PAGE)

    assert page.status_code == 200
    assert "Bring in a journal" in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert "Let Glimmers tell from the file" in page.text


def test_it_needs_a_sign_in(db, client):
    page = client.get(PAGE)

    assert page.status_code == 302
    assert not page["Location"].startswith(PAGE)


def test_an_upload_shows_what_would_come_in_and_changes_nothing(owner, owner_client):
    page = owner_client.post(PAGE, {"file": upload("jrnl.txt"), "format": "auto"})

    assert page.status_code == 200
    assert "Here is what would come in" in page.text
    assert "3 glimmers" in page.text
    assert "Тепле світло на кухні ☀" in page.text
    assert "Bring these in" in page.text
    assert Glimmer.objects.count() == 0
    assert len(staged_files()) == 1


def test_confirming_brings_them_in_and_removes_the_waiting_file(owner, owner_client):
    owner_client.post(PAGE, {"file": upload("daylio-8.csv"), "format": "auto"})

    done = owner_client.post(reverse("yourdata:import_confirm"), follow=True)

    assert done.redirect_chain[-1][0] == reverse("journal:timeline")
    assert "Brought in 2 glimmers." in done.text
    assert Glimmer.objects.filter(owner=owner).count() == 2
    assert staged_files() == []
    assert SESSION_KEY not in owner_client.session


def test_confirming_twice_adds_nothing(owner, owner_client):
    owner_client.post(PAGE, {"file": upload("generic.csv"), "format": "csv"})
    owner_client.post(reverse("yourdata:import_confirm"))
    owner_client.post(PAGE, {"file": upload("generic.csv"), "format": "csv"})

    again = owner_client.post(reverse("yourdata:import_confirm"), follow=True)

    assert "Brought in 0 glimmers. 3 were here already" in again.text
    assert Glimmer.objects.count() == 3


def test_a_csv_shows_its_columns_and_takes_a_mapping(owner, owner_client):
    data = b"Day,What\n2026-06-01,Birdsong\n"
    page = owner_client.post(
        PAGE, {"file": upload("odd.csv", data), "format": "csv", "mapping": "text=What, date=Day"}
    )

    assert "The columns we read:" in page.text
    assert "<strong>text</strong>: What" in page.text
    owner_client.post(reverse("yourdata:import_confirm"))
    assert [g.text for g in Glimmer.objects.filter(owner=owner)] == ["Birdsong"]


def test_a_day_one_zip_brings_its_photo(owner, owner_client):
    owner_client.post(PAGE, {"file": upload("dayone.zip"), "format": "auto"})
    owner_client.post(reverse("yourdata:import_confirm"))

    assert Photo.objects.filter(owner=owner).count() == 1


def test_a_wrong_file_gets_one_clear_message_and_changes_nothing(owner, owner_client):
    page = owner_client.post(PAGE, {"file": upload("photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 50)})

    assert page.status_code == 400
    assert "Nothing was changed." in page.text
    assert "UTF-8 text, so nothing was brought in" in page.text
    assert Glimmer.objects.count() == 0
    assert staged_files() == []


def test_no_file_is_a_form_error(owner_client):
    page = owner_client.post(PAGE, {"format": "auto"})

    assert page.status_code == 400
    assert "Choose the file to bring in." in page.text


def test_confirm_without_an_upload_goes_back_to_the_page(owner_client):
    done = owner_client.post(reverse("yourdata:import_confirm"), follow=True)

    assert done.redirect_chain[-1][0] == PAGE
    assert "Choose the file to bring in first." in done.text
    assert Glimmer.objects.count() == 0


def test_not_now_removes_the_waiting_file(owner_client):
    owner_client.post(PAGE, {"file": upload("jrnl.txt")})
    owner_client.post(reverse("yourdata:import_cancel"))

    assert staged_files() == []
    assert Glimmer.objects.count() == 0


def test_a_stranger_cannot_confirm_someone_elses_upload(owner, owner_client, stranger_client):
    owner_client.post(PAGE, {"file": upload("jrnl.txt")})

    done = stranger_client.post(reverse("yourdata:import_confirm"), follow=True)

    assert "Choose the file to bring in first." in done.text
    assert Glimmer.objects.count() == 0
    assert len(staged_files()) == 1  # still the owner's, waiting for them


def test_the_page_may_receive_a_large_body():
    assert takes_photos(PAGE)
    assert not takes_photos(reverse("yourdata:import_confirm"))


def test_the_account_menu_links_to_it(owner_client):
    assert f'href="{PAGE}"' in owner_client.get(reverse("journal:timeline")).text


def test_a_file_left_waiting_for_a_day_is_removed_at_the_next_upload(owner, owner_client):
    import os
    import time

    owner_client.post(PAGE, {"file": upload("jrnl.txt")})
    owner_client.post(reverse("yourdata:import_cancel"))
    old = staging.folder(owner) / "import-left_behind.txt"
    old.write_text("x", encoding="utf-8")
    day_ago = time.time() - staging.WAITING_SECONDS - 60
    os.utime(old, (day_ago, day_ago))

    owner_client.post(PAGE, {"file": upload("jrnl.txt")})

    assert not old.exists()
    assert len(staged_files()) == 1


def test_discard_all_removes_an_accounts_waiting_files_and_no_one_elses(
    owner, other, owner_client, other_client
):
    owner_client.post(PAGE, {"file": upload("jrnl.txt")})
    other_client.post(PAGE, {"file": upload("jrnl.txt")})

    staging.discard_all(owner)

    assert not staging.folder(owner, create=False).exists()
    assert len(staged_files()) == 1


def test_a_waiting_file_is_private_to_the_app(owner, owner_client):
    owner_client.post(PAGE, {"file": upload("jrnl.txt")})

    (path,) = staged_files()
    assert path.stat().st_mode & 0o077 == 0
    assert path.parent.stat().st_mode & 0o077 == 0


def test_a_csv_date_format_is_kept_until_the_confirmation(owner, owner_client):
    data = b"Date,Note\n01/06/2026,Swifts over the roofs\n"
    page = owner_client.post(
        PAGE, {"file": upload("eu.csv", data), "format": "csv", "date_format": "%d/%m/%Y"}
    )
    assert "1 glimmer" in page.text

    owner_client.post(reverse("yourdata:import_confirm"))

    (glimmer,) = Glimmer.objects.filter(owner=owner)
    assert glimmer.noticed_at.astimezone(glimmer.noticed_at.tzinfo).day == 1
    assert glimmer.local_date.isoformat() == "2026-06-01"


def test_what_stays_out_on_purpose_is_counted_and_said(owner_client):
    page = owner_client.post(PAGE, {"file": upload("daylio-8.csv")})

    assert "1 entry left out. A mood with no words: it stays out" in page.text
