"""The page "Bring in a journal": upload, see the dry run, confirm; each step a background job.

The jobs run on real threads with their own database connections, so these
tests commit (transaction=True) and wait for each job's thread.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from glimmers.journal.models import Glimmer, Photo
from glimmers.server import takes_photos
from glimmers.yourdata.importing import jobs, staging
from glimmers.yourdata.models import ImportJob

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"
PAGE = "/your-data/import/"


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes() if data is None else data)


def look(client, name: str, data: bytes | None = None, **fields):
    """Upload a file, wait for the look, and give back the job's page and the job."""
    answer = client.post(PAGE, {"file": upload(name, data), **fields})
    assert answer.status_code == 302, answer.content
    job = ImportJob.objects.get(pk=answer["Location"].rstrip("/").rsplit("/", 1)[-1])
    jobs.wait(job)
    return client.get(answer["Location"]), job


def bring_in(client, job):
    """Confirm a looked-at file, wait for it, and give back the job's page."""
    answer = client.post(reverse("yourdata:import_confirm", args=[job.pk]))
    assert answer.status_code == 302
    jobs.wait(job)
    return client.get(answer["Location"], follow=True)


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
    page, job = look(owner_client, "jrnl.txt", format="auto")

    assert page.status_code == 200
    assert "Here is what would come in" in page.text
    assert "3 glimmers" in page.text
    assert "Тепле світло на кухні ☀" in page.text
    assert "Bring these in" in page.text
    assert job.owner == owner
    assert Glimmer.objects.count() == 0
    assert len(staged_files()) == 1


def test_confirming_brings_them_in_and_removes_the_waiting_file(owner, owner_client):
    _page, job = look(owner_client, "daylio-8.csv", format="auto")

    done = bring_in(owner_client, job)

    assert "Brought in 2 glimmers." in done.text
    assert "Here is what came in" in done.text
    assert reverse("journal:timeline") in done.text
    assert Glimmer.objects.filter(owner=owner).count() == 2
    assert staged_files() == []


def test_confirming_twice_adds_nothing(owner, owner_client):
    _page, job = look(owner_client, "generic.csv", format="csv")
    bring_in(owner_client, job)
    _page, job = look(owner_client, "generic.csv", format="csv")

    assert "3 are here already" in _page.text
    again = owner_client.post(reverse("yourdata:import_confirm", args=[job.pk]), follow=True)

    assert "Everything in that file is here already" in again.text
    assert Glimmer.objects.count() == 3


def test_the_same_job_confirmed_twice_runs_once(owner, owner_client):
    _page, job = look(owner_client, "generic.csv", format="csv")
    bring_in(owner_client, job)

    again = owner_client.post(reverse("yourdata:import_confirm", args=[job.pk]), follow=True)

    assert "no longer waiting here" in again.text
    assert Glimmer.objects.count() == 3


def test_a_csv_shows_its_columns_and_takes_a_mapping(owner, owner_client):
    data = b"Day,What\n2026-06-01,Birdsong\n"
    page, job = look(owner_client, "odd.csv", data, format="csv", mapping="text=What, date=Day")

    assert "The columns we read:" in page.text
    assert "<strong>text</strong>: What" in page.text
    bring_in(owner_client, job)
    assert [g.text for g in Glimmer.objects.filter(owner=owner)] == ["Birdsong"]


def test_a_day_one_zip_brings_its_photo(owner, owner_client):
    _page, job = look(owner_client, "dayone.zip", format="auto")
    bring_in(owner_client, job)

    assert Photo.objects.filter(owner=owner).count() == 1


def test_glimmers_own_export_comes_back_through_the_page(owner, owner_client, other):
    from glimmers.yourdata.exporting import formats
    from tests.factories import make_glimmer

    make_glimmer(other, "Swifts over the roofs")
    raw = b"".join(formats.export_for(other, "json").chunks)

    page, job = look(owner_client, "mine.json", raw)
    assert "1 glimmer" in page.text
    done = bring_in(owner_client, job)

    assert "Brought in 1 glimmer." in done.text
    assert [g.text for g in Glimmer.objects.filter(owner=owner)] == ["Swifts over the roofs"]


def test_a_wrong_file_gets_one_clear_message_and_changes_nothing(owner, owner_client):
    page, job = look(owner_client, "photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 50)

    assert job.__class__.objects.get(pk=job.pk).state == "failed"
    assert "UTF-8 text, so nothing was brought in" in page.text
    assert "Bring these in" not in page.text
    assert Glimmer.objects.count() == 0
    assert staged_files() == []


def test_no_file_is_a_form_error(owner_client):
    page = owner_client.post(PAGE, {"format": "auto"})

    assert page.status_code == 400
    assert "Choose the file to bring in." in page.text
    assert ImportJob.objects.count() == 0


def test_while_one_file_is_at_work_another_waits(owner, owner_client):
    staged = staging.stage(owner, upload("jrnl.txt"))
    with_no_thread = ImportJob.objects.create(
        owner=owner, file_name=staged.name, format="jrnl", state="bringing"
    )

    page = owner_client.post(PAGE, {"file": upload("jrnl.txt")})

    assert page.status_code == 409
    assert "Another file is being brought in" in page.text
    assert reverse("yourdata:import_job", args=[with_no_thread.pk]) in page.text


def test_the_page_shows_progress_while_at_work(owner, owner_client):
    staged = staging.stage(owner, upload("jrnl.txt"))
    job = ImportJob.objects.create(
        owner=owner, file_name=staged.name, format="jrnl", state="bringing", done=400, total=1200
    )
    url = reverse("yourdata:import_job", args=[job.pk])

    page = owner_client.get(url)
    asked = owner_client.get(url, {"progress": "1"}).json()

    assert "Bringing them in: 400 of 1,200…" in page.text
    assert "yourdata/progress" in page.text and "Look again" in page.text
    assert asked == {"working": True, "status": "Bringing them in: 400 of 1,200…"}


def test_a_job_stopped_with_its_server_says_so(owner, owner_client):
    staged = staging.stage(owner, upload("jrnl.txt"))
    job = ImportJob.objects.create(owner=owner, file_name=staged.name, format="jrnl")
    long_ago = timezone.now() - timedelta(seconds=jobs.STALE_SECONDS + 5)
    ImportJob.objects.filter(pk=job.pk).update(state="bringing", updated_at=long_ago)

    page = owner_client.get(reverse("yourdata:import_job", args=[job.pk]))

    assert "stopped before it finished" in page.text
    assert "nothing is doubled" in page.text
    assert jobs.running(owner) is None  # a new file may be chosen


def test_not_now_removes_the_waiting_file(owner_client):
    _page, job = look(owner_client, "jrnl.txt")
    owner_client.post(reverse("yourdata:import_cancel", args=[job.pk]))

    assert staged_files() == []
    assert ImportJob.objects.count() == 0
    assert Glimmer.objects.count() == 0


def test_a_stranger_cannot_see_or_confirm_someone_elses_upload(
    owner, owner_client, stranger_client
):
    _page, job = look(owner_client, "jrnl.txt")

    assert stranger_client.get(reverse("yourdata:import_job", args=[job.pk])).status_code == 404
    done = stranger_client.post(reverse("yourdata:import_confirm", args=[job.pk]))
    cancel = stranger_client.post(reverse("yourdata:import_cancel", args=[job.pk]))

    assert done.status_code == 404 and cancel.status_code == 404
    assert Glimmer.objects.count() == 0
    assert len(staged_files()) == 1  # still the owner's, waiting for them


def test_the_page_may_receive_a_large_body():
    import uuid

    assert takes_photos(PAGE)
    assert not takes_photos(reverse("yourdata:import_confirm", args=[uuid.uuid4()]))


def test_the_account_menu_links_to_it(owner_client):
    assert f'href="{PAGE}"' in owner_client.get(reverse("journal:timeline")).text


def test_a_file_left_waiting_for_a_day_is_removed_at_the_next_upload(owner, owner_client):
    import os
    import time

    old = staging.folder(owner) / "import-left_behind.txt"
    old.write_text("x", encoding="utf-8")
    day_ago = time.time() - staging.WAITING_SECONDS - 60
    os.utime(old, (day_ago, day_ago))

    look(owner_client, "jrnl.txt")

    assert not old.exists()
    assert len(staged_files()) == 1


def test_choosing_another_file_lets_the_last_one_go(owner, owner_client):
    look(owner_client, "jrnl.txt")
    _page, second = look(owner_client, "generic.csv", format="csv")

    assert list(ImportJob.objects.values_list("pk", flat=True)) == [second.pk]
    assert len(staged_files()) == 1


def test_discard_all_removes_an_accounts_waiting_files_and_no_one_elses(
    owner, other, owner_client, other_client
):
    look(owner_client, "jrnl.txt")
    look(other_client, "jrnl.txt")

    staging.discard_all(owner)

    assert not staging.folder(owner, create=False).exists()
    assert len(staged_files()) == 1


def test_a_waiting_file_is_private_to_the_app(owner, owner_client):
    look(owner_client, "jrnl.txt")

    (path,) = staged_files()
    assert path.stat().st_mode & 0o077 == 0
    assert path.parent.stat().st_mode & 0o077 == 0


def test_a_csv_date_format_is_kept_until_the_confirmation(owner, owner_client):
    data = b"Date,Note\n01/06/2026,Swifts over the roofs\n"
    page, job = look(owner_client, "eu.csv", data, format="csv", date_format="%d/%m/%Y")
    assert "1 glimmer" in page.text

    bring_in(owner_client, job)

    (glimmer,) = Glimmer.objects.filter(owner=owner)
    assert glimmer.local_date.isoformat() == "2026-06-01"


def test_what_stays_out_on_purpose_is_counted_and_said(owner_client):
    page, _job = look(owner_client, "daylio-8.csv")

    assert (
        "1 entry left out. A mood with no words: there is nothing to keep from it, so it stays out"
        in page.text
    )


@pytest.fixture
def ukrainian_client(owner_client):
    owner_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "uk-UA,uk;q=0.9"
    # A request leaves its language active in this thread: the next tests get theirs back.
    with translation.override(translation.get_language()):
        yield owner_client


def test_what_the_background_says_is_in_the_persons_language(ukrainian_client):
    """The look runs on a thread of its own: it speaks the language of the page that started it."""
    page, job = look(ukrainian_client, "photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 50)

    assert ImportJob.objects.get(pk=job.pk).problem.startswith("Цей файл — не текст у UTF-8")
    assert "Цей файл — не текст у UTF-8, тож нічого не перенесено." in page.text
    assert "UTF-8 text, so nothing was brought in" not in page.text


def test_what_stays_out_is_said_in_the_persons_language(ukrainian_client):
    page, _job = look(ukrainian_client, "daylio-8.csv")

    assert "Настрій без слів: з нього нічого зберегти, тож його не перенесено." in page.text
    assert "A mood with no words" not in page.text
