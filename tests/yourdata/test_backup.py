"""`glimmers backup` and `glimmers restore`, run as a host runs them: as commands, on real folders.

Every instance here is a data folder of its own (and, when GLIMMERS_DATABASE_URL
names a PostgreSQL server, a throwaway database glimmers_b_* beside it, dropped
afterwards); the commands run as subprocesses, as `python -m glimmers …`,
never on the test database. The archive checks that need no instance
(damaged, tampered, unsafe names) call ``verify_backup`` directly.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import io
import itertools
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

import serving  # noqa: E402

PG_BASE = (
    os.environ["GLIMMERS_DATABASE_URL"]
    if os.environ.get("GLIMMERS_DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    else None
)
_numbers = itertools.count(1)


@dataclass
class Place:
    """A data folder, its database, and the environment its commands run in."""

    data_dir: Path
    url: str | None
    env: dict[str, str]

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "glimmers.sqlite3"

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.url:
            import psycopg

            with psycopg.connect(self.url) as conn:
                return conn.execute(sql, params).fetchall()
        with contextlib.closing(sqlite3.connect(self.sqlite_path, timeout=60)) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "glimmers", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, f"glimmers {' '.join(args)}: {done.stderr}{done.stdout}"
        return done.stdout

    def glimmers(self) -> dict[str, str]:
        """{id as 32 hex digits: text} of every glimmer."""
        return {
            uuid.UUID(str(pk)).hex: text
            for pk, text in self.query("SELECT id, text FROM journal_glimmer")
        }

    def photo_files(self) -> dict[str, bytes]:
        folder = self.data_dir / "media" / "photos"
        if not folder.exists():
            return {}
        return {
            str(p.relative_to(self.data_dir / "media")): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }


@pytest.fixture
def place(tmp_path):
    """place() -> a fresh, empty instance (its PostgreSQL database dropped afterwards)."""
    contexts = []

    def make() -> Place:
        number = next(_numbers)
        data_dir = tmp_path / f"data{number}"
        url = None
        if PG_BASE:
            context = serving.throwaway_postgres(PG_BASE, f"glimmers_b_{os.getpid()}_{number}")
            url = context.__enter__()
            contexts.append(context)
        return Place(data_dir, url, serving.server_env(data_dir, database_url=url))

    yield make
    for context in contexts:
        context.__exit__(None, None, None)


@pytest.fixture
def seeded(place):
    """An instance with one demo account: 60 glimmers, some photos, some hard moments."""
    source = place()
    source.ok("seed-demo", "--glimmers", "60", "--photos", "0.2")
    return source


def manifest_of(archive: Path) -> dict:
    with zipfile.ZipFile(archive) as opened:
        return json.loads(opened.read("manifest.json"))


def check_every_hash(archive: Path) -> dict:
    """Recompute each member's SHA-256 apart from the code under test; returns the manifest."""
    manifest = manifest_of(archive)
    with zipfile.ZipFile(archive) as opened:
        names = {info.filename for info in opened.infolist()} - {"manifest.json"}
        assert names == set(manifest["files"])
        for name, entry in manifest["files"].items():
            data = opened.read(name)
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
            assert len(data) == entry["size"], name
    return manifest


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


# ---------------------------------------------------------------------------
# A backup, and the same journals back
# ---------------------------------------------------------------------------


def test_a_backup_restored_into_an_empty_instance_holds_the_same_journals(seeded, place, tmp_path):
    archive = tmp_path / "whole.zip"
    said = seeded.ok("backup", str(archive))
    assert "Backed up 1 account, 60 glimmers and" in said
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]

    manifest = check_every_hash(archive)
    assert manifest["format"] == "glimmers-backup"
    assert manifest["format_version"] == 1
    assert manifest["database_vendor"] == ("postgresql" if PG_BASE else "sqlite")
    assert manifest["glimmers_version"]
    assert manifest["created_at"].endswith("Z")
    assert manifest["contents"]["glimmers"] == 60
    photos = seeded.photo_files()
    assert photos and manifest["contents"]["photos"] * 2 == len(photos)
    assert {f"media/{name}" for name in photos} <= set(manifest["files"])

    target = place()
    said = target.ok("restore", str(archive))
    assert "Restored 1 account, 60 glimmers and" in said
    assert target.glimmers() == seeded.glimmers()
    assert target.photo_files() == photos
    assert target.query("SELECT username FROM accounts_user") == [("demo",)]
    if not PG_BASE:
        assert target.query("PRAGMA integrity_check") == [("ok",)]
    # Private like the rest of the data folder, and nothing left behind.
    assert private(target.data_dir)
    for path in target.data_dir.rglob("*"):
        assert private(path), path
    assert not [p for p in target.data_dir.iterdir() if p.name.startswith(".backup-")]
    # It works: the journal reads back through the app itself.
    listed = target.ok("list", "--user", "demo", "-n", "100", "--json")
    assert len(json.loads(listed)) == 60


def test_backup_into_a_folder_names_the_file_and_never_writes_over_one(seeded, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    said = seeded.ok("backup", str(folder))
    [made] = list(folder.iterdir())
    assert made.name.startswith("glimmers-backup-") and made.suffix == ".zip"
    assert str(made) in said

    done = seeded.run("backup", str(made))
    assert done.returncode == 2
    assert "there already" in done.stderr and "Traceback" not in done.stderr
    assert list(folder.iterdir()) == [made]

    done = seeded.run("backup", str(tmp_path / "no such folder" / "b.zip"))
    assert done.returncode == 2 and "doesn't exist" in done.stderr


def test_an_older_backup_is_brought_up_to_date_when_restored(place, tmp_path):
    source = place()
    source.ok("migrate", "-v", "0")
    source.ok("seed-demo", "--glimmers", "5", "--photos", "0")
    # As an older Glimmers left it: the newest journal migration not yet applied.
    source.ok("migrate", "journal", "0009_monthly_counts", "-v", "0")
    archive = tmp_path / "old.zip"
    source.ok("backup", str(archive))
    assert "journal.0010_postgresql_stored_search_words" not in manifest_of(archive)["migrations"]

    target = place()
    target.ok("restore", str(archive))
    applied = {f"{a}.{n}" for a, n in target.query("SELECT app, name FROM django_migrations")}
    assert "journal.0010_postgresql_stored_search_words" in applied
    assert target.glimmers() == source.glimmers()
    found = json.loads(target.ok("search", "--user", "demo", "the", "--json"))
    assert isinstance(found, list)


# ---------------------------------------------------------------------------
# Over journals that are there already
# ---------------------------------------------------------------------------


def test_restoring_over_journals_refuses_without_replace_and_changes_nothing(
    seeded, place, tmp_path
):
    archive = tmp_path / "b.zip"
    seeded.ok("backup", str(archive))
    other = place()
    other.ok("seed-demo", "--glimmers", "7", "--username", "sam", "--photos", "0.5")
    before, photos = other.glimmers(), other.photo_files()

    done = other.run("restore", str(archive))
    assert done.returncode == 2
    assert "already holds journals" in done.stderr and "--replace" in done.stderr
    assert "Traceback" not in done.stderr
    assert other.glimmers() == before
    assert other.photo_files() == photos
    assert not list(other.data_dir.glob("before-restore-*"))
    assert not [p for p in other.data_dir.iterdir() if p.name.startswith(".backup-")]


def test_replace_puts_the_backup_in_place_and_keeps_what_was_there(seeded, place, tmp_path):
    archive = tmp_path / "b.zip"
    seeded.ok("backup", str(archive))
    other = place()
    other.ok("seed-demo", "--glimmers", "7", "--username", "sam", "--photos", "0.5")
    theirs, their_photos = other.glimmers(), other.photo_files()

    said = other.ok("restore", str(archive), "--replace")
    # The whole instance is the backup's now: no duplicates, nothing of the old one mixed in.
    assert other.glimmers() == seeded.glimmers()
    assert other.photo_files() == seeded.photo_files()
    assert other.query("SELECT username FROM accounts_user") == [("demo",)]
    [kept] = list(other.data_dir.glob("before-restore-*.zip"))
    assert str(kept) in said and private(kept)
    kept_manifest = check_every_hash(kept)
    assert kept_manifest["contents"]["glimmers"] == 7

    # Restoring the same backup again replaces it again: still no duplicates.
    other.ok("restore", str(archive), "--replace")
    assert other.glimmers() == seeded.glimmers()

    assert len(list(other.data_dir.glob("before-restore-*.zip"))) == 2

    # And what was kept aside first brings the old instance back.
    other.ok("restore", str(kept), "--replace")
    assert other.glimmers() == theirs
    assert other.photo_files() == their_photos


def test_an_instance_with_tables_but_no_account_yet_counts_as_empty(seeded, place, tmp_path):
    archive = tmp_path / "b.zip"
    seeded.ok("backup", str(archive))
    target = place()
    target.ok("migrate", "-v", "0")  # `glimmers serve` was run once, nobody signed up
    target.ok("restore", str(archive))
    assert target.glimmers() == seeded.glimmers()
    assert not list(target.data_dir.glob("before-restore-*"))


# ---------------------------------------------------------------------------
# Archives that must be refused, before anything changes
# ---------------------------------------------------------------------------


def build_archive(path: Path, members: dict[str, bytes], **manifest_changes) -> Path:
    """A zip like a backup's, with a manifest that matches ``members`` unless told otherwise."""
    manifest = {
        "format": "glimmers-backup",
        "format_version": 1,
        "glimmers_version": "0.1.0",
        "database_vendor": "sqlite",
        "created_at": "2026-12-01T08:00:00Z",
        "migrations": ["accounts.0001_initial"],
        "contents": {"accounts": 1, "glimmers": 0, "photos": 0},
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in members.items()
        },
    }
    manifest.update(manifest_changes)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest))
    return path


DB = "database/glimmers.sqlite3"
PHOTO = "media/photos/1/" + "a" * 32 + ".jpg"


def refusal(tmp_path: Path, archive: Path) -> str:
    from glimmers.yourdata.backup import BackupProblem, verify_backup

    into = tmp_path / "into"
    into.mkdir(exist_ok=True)
    with pytest.raises(BackupProblem) as refused:
        verify_backup(archive, into)
    return str(refused.value)


def test_a_file_that_isnt_a_backup_is_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("a quiet morning\n")
    assert "isn't a Glimmers backup" in refusal(tmp_path, text)
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "no manifest" in refusal(tmp_path, plain)
    other = build_archive(tmp_path / "other.zip", {DB: b"x"}, format="something-else")
    assert "isn't a Glimmers manifest" in refusal(tmp_path, other)
    newer = build_archive(tmp_path / "newer.zip", {DB: b"x"}, format_version=2)
    assert "format 2" in refusal(tmp_path, newer)
    assert "There is no file" in refusal(tmp_path, tmp_path / "missing.zip")


def test_a_truncated_or_damaged_backup_is_refused(tmp_path):
    good = build_archive(tmp_path / "good.zip", {DB: b"d" * 5000, PHOTO: os.urandom(3000)})
    data = good.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    assert "cut short" in refusal(tmp_path, cut)

    # One byte inside the photo's stored bytes flipped: its CRC and its hash both disagree.
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo(PHOTO)
    damaged = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged[start + 100] ^= 0xFF
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(damaged))
    assert "damaged or was changed" in refusal(tmp_path, broken)


def test_a_member_that_doesnt_match_its_hash_is_refused(tmp_path):
    members = {DB: b"database", PHOTO: b"picture"}
    right = {
        name: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
        for name, d in members.items()
    }
    tampered = build_archive(tmp_path / "t.zip", {DB: b"database", PHOTO: b"pictur!"}, files=right)
    message = refusal(tmp_path, tampered)
    assert "doesn't match its SHA-256" in message and PHOTO in message
    # Nothing it held was left where a restore would use it: the caller removes `into`.
    longer = build_archive(tmp_path / "l.zip", {DB: b"database!"}, files={DB: right[DB]})
    assert "isn't the size its manifest says" in refusal(tmp_path, longer)
    extra = build_archive(
        tmp_path / "e.zip", {DB: b"database", PHOTO: b"picture"}, files={DB: right[DB]}
    )
    assert "isn't in its manifest" in refusal(tmp_path, extra)
    short = build_archive(tmp_path / "s.zip", {DB: b"database"}, files=right)
    assert "missing" in refusal(tmp_path, short)


@pytest.mark.parametrize(
    "name",
    [
        "../escaped.txt",
        "/etc/escaped",
        "media/photos/1/../../../escaped.jpg",
        "media/photos/../../escaped.jpg",
        "media/photos/1/..",
        "media/secret_key",
        "glimmers.sqlite3",
        "media\\photos\\1\\x.jpg",
    ],
)
def test_a_member_whose_name_could_leave_the_folder_is_refused(tmp_path, name):
    archive = build_archive(tmp_path / "evil.zip", {DB: b"database", name: b"gotcha"})
    assert "name we would never write" in refusal(tmp_path, archive)
    assert not (tmp_path / "escaped.txt").exists()
    assert not list((tmp_path / "into").rglob("*escaped*"))


def test_links_folders_and_outsized_members_are_refused(tmp_path):
    link = tmp_path / "link.zip"
    build_archive(link, {DB: b"database"})
    with zipfile.ZipFile(link, "a") as archive:
        info = zipfile.ZipInfo(PHOTO)
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    assert "a link or a folder" in refusal(tmp_path, link)

    folder = tmp_path / "folder.zip"
    build_archive(folder, {DB: b"database"})
    with zipfile.ZipFile(folder, "a") as archive:
        archive.writestr(zipfile.ZipInfo("media/photos/1/"), b"")
    assert "a link or a folder" in refusal(tmp_path, folder)

    # A zip bomb: a photo that would unpack to far more than any photo, refused unread.
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DB, b"database")
        with archive.open(PHOTO, "w", force_zip64=True) as writer:
            zeros = bytes(1 << 20)
            for _ in range(300):
                writer.write(zeros)
        archive.writestr(
            "manifest.json",
            json.dumps(
                {
                    "format": "glimmers-backup",
                    "format_version": 1,
                    "database_vendor": "sqlite",
                    "created_at": "2026-12-01T08:00:00Z",
                    "migrations": [],
                    "contents": {"accounts": 0, "glimmers": 0, "photos": 1},
                    "files": {
                        DB: {"sha256": hashlib.sha256(b"database").hexdigest(), "size": 8},
                        PHOTO: {"sha256": "0" * 64, "size": 300 << 20},
                    },
                }
            ),
        )
    assert bomb.stat().st_size < 2 << 20
    assert "far too large for a photo" in refusal(tmp_path, bomb)
    assert not list((tmp_path / "into").rglob("*.jpg"))


def test_refused_archives_change_nothing_in_an_instance(seeded, tmp_path):
    before, photos = seeded.glimmers(), seeded.photo_files()
    archive = tmp_path / "b.zip"
    seeded.ok("backup", str(archive))
    data = archive.read_bytes()
    with zipfile.ZipFile(archive) as opened:
        info = opened.getinfo(DB if not PG_BASE else "database/glimmers.sql")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(data)
    damaged[start + 50] ^= 0xFF
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(damaged))
    evil = build_archive(tmp_path / "evil.zip", {DB: b"database", "../../escaped": b"x"})
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    for bad in (broken, evil, notes):
        done = seeded.run("restore", str(bad), "--replace")
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("glimmers: ") and "Traceback" not in done.stderr
        assert "Nothing was changed" in done.stderr
        assert seeded.glimmers() == before
        assert seeded.photo_files() == photos
        assert not list(seeded.data_dir.glob("before-restore-*"))
        assert not [p for p in seeded.data_dir.iterdir() if p.name.startswith(".backup-")]
    assert not list(tmp_path.rglob("escaped"))


def test_a_backup_from_the_other_database_or_a_newer_glimmers_is_refused(seeded, tmp_path):
    theirs = "sqlite" if PG_BASE else "postgresql"
    member = "database/glimmers.sqlite3" if theirs == "sqlite" else "database/glimmers.sql"
    other = build_archive(tmp_path / "other.zip", {member: b"x"}, database_vendor=theirs)
    done = seeded.run("restore", str(other))
    assert done.returncode == 2 and "export and import" in done.stderr

    ours = "postgresql" if PG_BASE else "sqlite"
    member = "database/glimmers.sql" if PG_BASE else DB
    newer = build_archive(
        tmp_path / "newer.zip",
        {member: b"x"},
        database_vendor=ours,
        migrations=["journal.9999_from_the_future"],
        glimmers_version="9.0",
    )
    done = seeded.run("restore", str(newer))
    assert done.returncode == 2 and "newer Glimmers (9.0)" in done.stderr
    assert "Upgrade this Glimmers" in done.stderr


def test_backup_of_an_empty_folder_says_there_is_nothing_yet(place, tmp_path):
    empty = place()
    done = empty.run("backup", str(tmp_path / "b.zip"))
    assert done.returncode == 2 and "nothing to back up" in done.stderr
    assert not (tmp_path / "b.zip").exists()
    if not PG_BASE:
        assert not empty.sqlite_path.exists()  # looking never made a database


# ---------------------------------------------------------------------------
# Under load: a backup taken while ten clients keep capturing
# ---------------------------------------------------------------------------

CLIENTS = 10
LOAD_USER = "olena"


def small_png(seed: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (seed * 37 % 256, seed * 91 % 256, 120)).save(out, "PNG")
    return out.getvalue()


def photo_call(glimmer: str, headers: dict, seed: int):
    import loadgen

    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + small_png(seed)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    sent = {**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    return loadgen.Call(
        "POST", f"/api/v1/glimmers/{glimmer}/photos", body, sent, ("photo", glimmer)
    )


def load_glimmers(where: Place) -> list[tuple[str, int, int, int, int, int]]:
    """(text, senses, people, values, tags, photos) of every glimmer the load test wrote."""
    return where.query(
        "SELECT g.text,"
        " (SELECT COUNT(*) FROM journal_glimmer_senses s WHERE s.glimmer_id = g.id),"
        " (SELECT COUNT(*) FROM journal_glimmer_people p WHERE p.glimmer_id = g.id),"
        " (SELECT COUNT(*) FROM journal_glimmer_values v WHERE v.glimmer_id = g.id),"
        " (SELECT COUNT(*) FROM journal_glimmer_tags t WHERE t.glimmer_id = g.id),"
        " (SELECT COUNT(*) FROM journal_photo f WHERE f.glimmer_id = g.id)"
        " FROM journal_glimmer g WHERE g.text LIKE %s",
        ("load %",),
    )


def test_a_backup_taken_under_load_restores_a_consistent_moment(place, tmp_path):
    import loadgen

    source = place()
    # Enough already there that the backup takes a while, with writes all through it.
    source.ok("seed-demo", "--glimmers", "3000", "--photos", "0.02")
    token = serving.create_accounts(source.env, [LOAD_USER])[LOAD_USER]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    server = serving.Server(source.env, log_path=tmp_path / "serve.log").start()
    lock = threading.Lock()
    turns = [0] * CLIENTS
    acknowledged: list[list[int]] = [[] for _ in range(CLIENTS)]
    photographed: list[str] = []
    unexpected: list[str] = []
    stop = threading.Event()

    def next_call(client: int):
        turns[client] += 1
        # Client 0 gives every second glimmer of its own a photo.
        if client == 0 and turns[client] % 2 == 0 and acknowledged[0]:
            glimmer = str(uuid.UUID(int=acknowledged[0][-1] + 1))
            return photo_call(glimmer, headers, turns[client])
        number = len(acknowledged[client])
        glimmer = uuid.UUID(int=client * 1_000_000 + number + 1)
        body = {
            "text": f"load {client}:{number} warm light #load",
            "senses": ["touch", "sound"],
            "people": ["Ana"],
            "values": ["nature"],
        }
        return loadgen.Call(
            "PUT", f"/api/v1/glimmers/{glimmer}", json.dumps(body).encode(), headers, number
        )

    def on_reply(client: int, call, reply) -> None:
        with lock:
            if call.method == "PUT" and reply.status == 201:
                acknowledged[client].append(client * 1_000_000 + call.tag)
            elif call.method == "POST" and reply.status == 201:
                photographed.append(call.tag[1])
            else:
                unexpected.append(f"{call.method} {call.path}: {reply.status} {reply.body[:200]!r}")

    results = {}
    writers = threading.Thread(
        target=lambda: results.update(
            load=loadgen.run(
                server.port, CLIENTS, next_call, on_reply=on_reply, stop=stop, timeout=120
            )
        )
    )
    writers.start()
    try:
        while sum(map(len, acknowledged)) < 50 and writers.is_alive():
            time.sleep(0.05)
        before = len(load_glimmers(source))
        written_before = sum(map(len, acknowledged))
        archive = tmp_path / "under-load.zip"
        started = time.monotonic()
        said = source.ok("backup", str(archive))
        backup_seconds = time.monotonic() - started
        written_during = sum(map(len, acknowledged)) - written_before
        after = len(load_glimmers(source))
        time.sleep(0.3)
    finally:
        stop.set()
        writers.join(timeout=120)
        server.stop()
    assert not unexpected, unexpected[:5]
    assert written_during > 0, "no glimmer was written while the backup ran: the test saw no load"
    assert "Backed up" in said

    manifest = check_every_hash(archive)
    target = place()
    target.ok("restore", str(archive))
    if not PG_BASE:
        assert target.query("PRAGMA integrity_check") == [("ok",)]

    restored = load_glimmers(target)
    assert before <= len(restored) <= after, (before, len(restored), after)
    assert manifest["contents"]["glimmers"] == 3000 + len(restored)
    # Every glimmer it holds is whole: its senses, person, value and tag came with it.
    photos_restored = 0
    numbers: dict[int, set[int]] = {}
    for text, senses, people, values, tags, photos in restored:
        assert (senses, people, values, tags) == (2, 1, 1, 1), text
        photos_restored += photos
        client, number = text.split()[1].split(":")
        numbers.setdefault(int(client), set()).add(int(number))
    # Each client waited for one write before the next, so each restored a prefix of its own.
    for client, held in numbers.items():
        assert held == set(range(len(held))), f"client {client} has gaps: {sorted(held)[:20]}"
    # Every photo row restored has both its files, exactly as they were written.
    rows = target.query("SELECT image, thumbnail FROM journal_photo")
    files = target.photo_files()
    live = source.photo_files()
    for image, thumbnail in rows:
        assert files[image] == live[image] and files[thumbnail] == live[thumbnail]
    assert len(files) == 2 * len(rows)

    # The restored instance starts and serves the same journal.
    with serving.Server(target.env, log_path=tmp_path / "restored.log") as restored_server:
        conn = http.client.HTTPConnection("127.0.0.1", restored_server.port, timeout=30)
        conn.request("GET", "/api/v1/glimmers?limit=200&q=warm", headers=headers)
        response = conn.getresponse()
        page = json.loads(response.read())
        conn.close()
    assert response.status == 200
    assert len(page["items"]) == min(200, len(restored))
    assert {item["text"] for item in page["items"]} <= {row[0] for row in restored}

    print(
        f"\nbackup under load ({'PostgreSQL' if PG_BASE else 'SQLite'}): "
        f"{backup_seconds:.2f} s, {archive.stat().st_size / 2**20:.1f} MB, "
        f"{written_during} glimmers written meanwhile; restored {len(restored)} "
        f"(between {before} and {after}), {photos_restored} of their photos"
    )


def test_restore_waits_for_glimmers_to_stop(seeded, place, tmp_path):
    archive = tmp_path / "b.zip"
    seeded.ok("backup", str(archive))
    other = place()
    other.ok("seed-demo", "--glimmers", "7", "--username", "sam", "--photos", "0.5")
    theirs = other.glimmers()
    with serving.Server(other.env, log_path=tmp_path / "serve.log", workers=1) as server:
        assert server.healthy()  # its connection to the database stays open after this
        done = other.run("restore", str(archive), "--replace")
        assert done.returncode == 2, done.stdout
        assert "seems to be running" in done.stderr and "Nothing was changed" in done.stderr
        assert server.healthy()
        assert other.glimmers() == theirs
        assert not list(other.data_dir.glob("before-restore-*"))
    other.ok("restore", str(archive), "--replace")
    assert other.glimmers() == seeded.glimmers()


DELETES_AFTER_SNAPSHOT = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
import django
django.setup()
from glimmers.journal.models import Photo
from glimmers.journal.services import delete_photo
from glimmers.yourdata import backup

caught = backup._snapshot
deletions = int(sys.argv[2])

def caught_then_a_photo_deleted(staging):
    snapshot = caught(staging)
    global deletions
    if deletions:
        deletions -= 1
        photo = Photo.objects.order_by("created_at").first()
        delete_photo(photo.owner, photo)  # its files go once the row has
    return snapshot

backup._snapshot = caught_then_a_photo_deleted
try:
    done = backup.write_backup(sys.argv[1])
except backup.BackupProblem as problem:
    print(json.dumps({"refused": str(problem)}))
else:
    print(json.dumps({"attempts": done.attempts, "photos": done.contents.photos,
                      "rows": Photo.objects.count()}))
"""


def test_a_photo_deleted_between_the_snapshot_and_its_copy_means_taking_it_again(seeded, tmp_path):
    def backup_while_deleting(archive: Path, deletions: int) -> dict:
        done = subprocess.run(
            [sys.executable, "-c", DELETES_AFTER_SNAPSHOT, str(archive), str(deletions)],
            env={**seeded.env, "PYTHONPATH": str(ROOT / "src")},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    once = backup_while_deleting(tmp_path / "once.zip", 1)
    assert once["attempts"] == 2
    assert once["photos"] == once["rows"]
    manifest = check_every_hash(tmp_path / "once.zip")
    assert len([n for n in manifest["files"] if n.startswith("media/")]) == 2 * once["rows"]

    always = backup_while_deleting(tmp_path / "always.zip", 3)
    assert "Photos were being deleted" in always["refused"]
    assert not (tmp_path / "always.zip").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_a_backup_whose_database_isnt_one_changes_nothing(seeded, tmp_path):
    before, photos = seeded.glimmers(), seeded.photo_files()
    vendor = "postgresql" if PG_BASE else "sqlite"
    member = "database/glimmers.sql" if PG_BASE else DB
    for content in (
        b"not a database at all",
        b"SELECT 1;\nCREATE TABLE half (x int);\nnonsense;\n",
    ):
        fake = build_archive(tmp_path / "fake.zip", {member: content}, database_vendor=vendor)
        done = seeded.run("restore", str(fake), "--replace")
        assert done.returncode == 2, done.stdout
        assert done.stderr.startswith("glimmers: ") and "Traceback" not in done.stderr
        assert seeded.glimmers() == before
        assert seeded.photo_files() == photos
        fake.unlink()
    if not PG_BASE:
        assert not list(seeded.data_dir.glob("before-restore-*"))
    else:
        assert not seeded.query("SELECT 1 FROM pg_tables WHERE tablename = 'half'")
