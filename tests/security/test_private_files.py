"""The data folder and every file in it are private to the app's own user.

A data folder made beforehand (by a package, or a volume mount) may be 0755
with a world-readable database, WAL and photos. Whatever starts the app makes
the folder 0700 and the files 0600, says so once in its log, and writes every
new file 0600 from then on. These tests use real files and a real
`glimmers` process.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import jpeg_bytes

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

TIGHTENED = "private"  # a word from the one log line that says it tightened them


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _glimmers(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GLIMMERS_DATA_DIR": str(data_dir)}
    # The files under test are SQLite's; the PostgreSQL leg checks them too.
    env.pop("GLIMMERS_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "glimmers", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def loose_data_dir(tmp_path):
    """A data folder as a package or a volume mount might leave it: open to everyone."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    result = _glimmers(data_dir, "migrate", "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    photos = data_dir / "media" / "photos" / "1"
    photos.mkdir(parents=True)
    (photos / ("ab" * 16 + ".jpg")).write_bytes(jpeg_bytes())
    for folder, _dirs, files in os.walk(data_dir):
        os.chmod(folder, 0o755)  # noqa: S103 - open to others on purpose
        for name in files:
            os.chmod(Path(folder, name), 0o644)
    return data_dir


def test_the_folder_and_every_file_in_it_become_private_at_start(loose_data_dir):
    database = loose_data_dir / "glimmers.sqlite3"
    # An open writer keeps a real WAL and shared-memory file beside the database.
    writer = sqlite3.connect(database)
    try:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
        writer.execute("INSERT INTO scratch VALUES (1)")
        writer.commit()
        wal = Path(f"{database}-wal")
        shm = Path(f"{database}-shm")
        assert wal.exists() and shm.exists()
        os.chmod(wal, 0o644)
        os.chmod(shm, 0o644)

        result = _glimmers(loose_data_dir, "check")
        assert result.returncode == 0, result.stderr

        assert _mode(loose_data_dir) == 0o700
        for folder, dirs, files in os.walk(loose_data_dir):
            for name in dirs:
                assert _mode(Path(folder, name)) == 0o700, name
            for name in files:
                assert _mode(Path(folder, name)) == 0o600, name
        assert _mode(wal) == _mode(shm) == 0o600
    finally:
        writer.close()
    said = [line for line in result.stderr.splitlines() if TIGHTENED in line]
    assert len(said) == 1, result.stderr
    assert str(loose_data_dir) in said[0]


def test_an_older_journal_in_a_closed_folder_is_tightened_too(loose_data_dir):
    # Earlier versions made the data folder 0700 but wrote the database, the
    # photo folders and the photos with the usual 0644/0755.
    os.chmod(loose_data_dir, 0o700)
    result = _glimmers(loose_data_dir, "check")
    assert result.returncode == 0, result.stderr
    for folder, dirs, files in os.walk(loose_data_dir):
        for name in dirs:
            assert _mode(Path(folder, name)) == 0o700, name
        for name in files:
            assert _mode(Path(folder, name)) == 0o600, name
    assert TIGHTENED in result.stderr


def test_a_data_folder_reached_through_a_link_is_tightened(loose_data_dir, tmp_path):
    # GLIMMERS_DATA_DIR may name a link to the real folder (a volume, another disk).
    link = tmp_path / "glimmers-data"
    link.symlink_to(loose_data_dir, target_is_directory=True)
    result = _glimmers(link, "check")
    assert result.returncode == 0, result.stderr
    assert _mode(loose_data_dir) == 0o700
    assert _mode(loose_data_dir / "glimmers.sqlite3") == 0o600
    assert _mode(loose_data_dir / "media") == 0o700
    photos = loose_data_dir / "media" / "photos" / "1"
    assert all(_mode(photo) == 0o600 for photo in photos.iterdir())
    assert TIGHTENED in result.stderr


def test_only_glimmers_own_files_are_changed_in_a_shared_folder(loose_data_dir):
    # Someone points GLIMMERS_DATA_DIR at a folder that holds other things too
    # (their home folder, say): those are theirs, and keep their permissions.
    notes = loose_data_dir / "notes.txt"
    notes.write_text("shopping list")
    os.chmod(notes, 0o644)
    website = loose_data_dir / "public_html"
    website.mkdir()
    os.chmod(website, 0o755)  # noqa: S103 - a folder meant for others, on purpose
    page = website / "index.html"
    page.write_text("<p>hello</p>")
    os.chmod(page, 0o644)

    result = _glimmers(loose_data_dir, "check")
    assert result.returncode == 0, result.stderr
    assert _mode(notes) == 0o644
    assert _mode(website) == 0o755
    assert _mode(page) == 0o644
    assert _mode(loose_data_dir / "glimmers.sqlite3") == 0o600
    assert _mode(loose_data_dir / "secret_key") == 0o600
    assert _mode(loose_data_dir / "media") == 0o700


def test_nothing_is_said_when_the_files_are_private_already(loose_data_dir):
    _glimmers(loose_data_dir, "check")
    again = _glimmers(loose_data_dir, "check")
    assert again.returncode == 0
    assert TIGHTENED not in again.stderr


def test_photos_written_after_start_are_private(loose_data_dir):
    script = (
        "from django.core.files.uploadedfile import SimpleUploadedFile\n"
        "from glimmers.accounts.services import create_account\n"
        "from glimmers.journal.photos import clean_photo\n"
        "from glimmers.journal.services import save_glimmer\n"
        "import sys\n"
        "owner = create_account(\n"
        "    username='olena', password='a-calm-long-passphrase-42', time_zone='UTC'\n"
        ")\n"
        "photo = clean_photo(SimpleUploadedFile('a.jpg', sys.stdin.buffer.read()))\n"
        "glimmer = save_glimmer(owner, {'text': 'light'}, photos=[photo])\n"
        "print(glimmer.photos.get().image.path)\n"
    )
    env = {**os.environ, "GLIMMERS_DATA_DIR": str(loose_data_dir)}
    env.pop("GLIMMERS_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "glimmers", "shell", "-c", script],
        env=env,
        input=jpeg_bytes(),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    image = Path(result.stdout.decode().strip().splitlines()[-1])
    assert image.exists()
    assert _mode(image) == 0o600
    assert _mode(image.parent) == 0o700
    thumbnails = list(image.parent.glob("*-thumb.*"))
    assert thumbnails and all(_mode(thumb) == 0o600 for thumb in thumbnails)


def test_photos_saved_in_this_process_are_private(owner_client, settings):
    from glimmers.journal.models import Photo
    from tests.factories import upload

    owner_client.post("/capture/", {"text": "x", "photos": upload()})
    photo = Photo.objects.get()
    image = Path(settings.MEDIA_ROOT) / photo.image.name
    assert _mode(image) == 0o600
    assert _mode(image.parent) == 0o700
    assert _mode(Path(settings.MEDIA_ROOT) / photo.thumbnail.name) == 0o600
