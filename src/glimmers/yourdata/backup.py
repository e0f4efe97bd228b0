"""Back up a whole instance into one file, and put it back (`glimmers backup` / `restore`).

A backup is one zip file (docs/decisions.md, "Backups: one zip file, and
how each database is caught still"):

- ``manifest.json``: the format and its version, the Glimmers version, the
  database's vendor, when it was made, the migrations the database had, a
  few counts, and the SHA-256 and size of every other file in the archive;
- ``database/glimmers.sqlite3`` (SQLite: taken with SQLite's online backup
  API while the app keeps writing) or ``database/glimmers.sql`` (PostgreSQL:
  ``pg_dump`` of one REPEATABLE READ snapshot);
- ``media/photos/<account>/<file>``: every photo file the database refers to.

The photos are read after the database is caught, from the photo rows of
that same snapshot: a photo's files are written before its row is committed,
so every row the snapshot holds has its files on disk. The one race left
(the photo deleted between the snapshot and our reading its file) is met by
taking the backup again, a few times at most.

Restoring checks the whole archive before anything is changed: every member
named in the manifest and nothing else, safe names only (no path leaves the
data folder, no links, no folders), bounded counts and sizes, and every
SHA-256. The files are unpacked into a hidden folder inside the data folder,
checked as they come, and only then moved into place.

This is a host's command: it reads everyone's rows, for nobody in
particular, from its own copy of the database (the snapshot file, or the
exported snapshot on PostgreSQL), never through a person's session.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import glimmers
from glimmers.private_files import DATABASE_COMPANIONS, make_private

FORMAT = "glimmers-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/glimmers.sqlite3"
POSTGRES_MEMBER = "database/glimmers.sql"
DATABASE_MEMBERS = {"sqlite": SQLITE_MEMBER, "postgresql": POSTGRES_MEMBER}
MEDIA_MEMBER_PREFIX = "media/"
PHOTO_FOLDER = "photos"  # journal.models.photo_path: photos/<owner id>/<file>

# Bounds on what restore will unpack (a zip bomb, or a file that isn't ours).
MAX_MEMBERS = 1_000_000  # half a million photos, each a picture and a thumbnail
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
MAX_PHOTO_BYTES = 256 * 1024 * 1024
# Room left on the disk after unpacking, beyond what the backup says it needs.
SPARE_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024
# Tries at a consistent backup while photos are being deleted meanwhile.
ATTEMPTS = 3

_NAME_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MIGRATION = re.compile(r"^[a-z_][a-z0-9_]*\.[0-9A-Za-z_]+$")


class BackupProblem(Exception):
    """Something a person must hear in one clear line; nothing was changed."""


class _PhotoGone(Exception):
    """A photo of the snapshot was deleted before its file was read: take the backup again."""


@dataclass
class Contents:
    accounts: int = 0
    glimmers: int = 0
    photos: int = 0

    def describe(self) -> str:
        return _("%(accounts)s, %(glimmers)s and %(photos)s") % {
            "accounts": ngettext("%(n)d account", "%(n)d accounts", self.accounts)
            % {"n": self.accounts},
            "glimmers": ngettext("%(n)d glimmer", "%(n)d glimmers", self.glimmers)
            % {"n": self.glimmers},
            "photos": ngettext("%(n)d photo", "%(n)d photos", self.photos) % {"n": self.photos},
        }


@dataclass
class Snapshot:
    """The database caught at one moment, and what it holds."""

    vendor: str
    database_file: Path
    photo_files: list[str]
    migrations: list[str]
    contents: Contents


@dataclass
class BackupDone:
    path: Path
    size: int
    contents: Contents
    seconds: float
    attempts: int


@dataclass
class RestoreDone:
    contents: Contents
    created_at: str
    kept_aside: Path | None = None
    replaced_empty: bool = False
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Where things are
# ---------------------------------------------------------------------------


def _database() -> dict:
    return settings.DATABASES["default"]


def vendor() -> str:
    engine = _database()["ENGINE"]
    return "postgresql" if engine.endswith("postgresql") else "sqlite"


def _sqlite_path() -> Path:
    return Path(_database()["NAME"])


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _data_dir() -> Path:
    return Path(settings.DATA_DIR)


@contextlib.contextmanager
def _staging() -> Iterator[Path]:
    """A private folder inside the data folder (the same disk as the photos), removed after."""
    folder = Path(tempfile.mkdtemp(prefix=".backup-", dir=_data_dir()))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------
# Catching the database still
# ---------------------------------------------------------------------------


def _snapshot_sqlite(staging: Path) -> Snapshot:
    source_path = _sqlite_path()
    if not source_path.is_file():
        raise BackupProblem(
            _("There is nothing to back up yet: no journal database at %(path)s.")
            % {"path": source_path}
        )
    target_path = staging / "glimmers.sqlite3"
    timeout = settings.SQLITE_BUSY_TIMEOUT_SECONDS
    # mode=rw: never create a database that isn't there.
    with (
        contextlib.closing(
            sqlite3.connect(f"{source_path.as_uri()}?mode=rw", uri=True, timeout=timeout)
        ) as source,
        contextlib.closing(sqlite3.connect(target_path)) as target,
    ):
        # All pages in one step: one read transaction, so one moment of the
        # database; in WAL mode writers carry on meanwhile.
        source.backup(target, pages=-1)
        # One self-contained file: no write-ahead log beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        # quick_check: every page and record well formed (0.6 s at 100,000 glimmers,
        # where the full integrity_check, which also matches every index to its
        # table, takes 4.6 s). A damaged database is found here, not at a restore.
        (verdict,) = target.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise BackupProblem(
                _(
                    "The journal's database is damaged (SQLite's check says: %(verdict)s), "
                    "so no backup was made. Your last good backup is the one to keep."
                )
                % {"verdict": verdict}
            )
        rows = _rows_sqlite(target)
    return Snapshot("sqlite", target_path, *rows)


def _rows_sqlite(db: sqlite3.Connection) -> tuple[list[str], list[str], Contents]:
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"django_migrations", "accounts_user", "journal_glimmer", "journal_photo"} <= tables:
        raise BackupProblem(_("There is nothing to back up yet: this journal has no tables."))
    photos = [
        name
        for image, thumbnail in db.execute("SELECT image, thumbnail FROM journal_photo")
        for name in (image, thumbnail)
    ]
    migrations = [
        f"{app}.{name}" for app, name in db.execute("SELECT app, name FROM django_migrations")
    ]
    contents = Contents(
        *(
            db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 - our table names
            for table in ("accounts_user", "journal_glimmer", "journal_photo")
        )
    )
    return photos, sorted(migrations), contents


def _postgres_connection_env() -> dict[str, str]:
    """libpq's environment for pg_dump and psql: the password never on a command line."""
    db = _database()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    pairs = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
    }
    options = db.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        pairs[variable] = options.get(option)
    env.update({key: str(value) for key, value in pairs.items() if value not in (None, "")})
    return env


def _postgres_connect(**kwargs):
    import psycopg

    db = _database()
    params = {
        "dbname": db.get("NAME"),
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    options = {
        key: value
        for key, value in (db.get("OPTIONS") or {}).items()
        if key in ("sslmode", "sslrootcert", "sslcert", "sslkey")
    }
    return psycopg.connect(
        **{key: value for key, value in params.items() if value is not None},
        **options,
        **kwargs,
    )


def _run_tool(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program, our own arguments
            command,
            env=_postgres_connection_env(),
            capture_output=True,
            text=True,
            check=False,
            **kwargs,
        )
    except FileNotFoundError:
        raise BackupProblem(
            _(
                "%(tool)s isn't installed on this machine. Backups of a PostgreSQL Glimmers "
                "need PostgreSQL's client tools, of the server's version (on Debian: "
                "postgresql-client; `make postgresql-client`)."
            )
            % {"tool": command[0]}
        ) from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise BackupProblem(
            _("%(tool)s stopped with an error, so nothing was changed: %(error)s")
            % {"tool": command[0], "error": lines[0] if lines else done.returncode}
        )
    return done


def _snapshot_postgres(staging: Path) -> Snapshot:
    """pg_dump of one exported REPEATABLE READ snapshot, and its photo rows from the same one."""
    import psycopg

    target_path = staging / "glimmers.sql"
    with _postgres_connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        (snapshot_id,) = conn.execute("SELECT pg_export_snapshot()").fetchone()
        present = conn.execute(
            "SELECT to_regclass('django_migrations') IS NOT NULL "
            "AND to_regclass('journal_photo') IS NOT NULL "
            "AND to_regclass('journal_glimmer') IS NOT NULL "
            "AND to_regclass('accounts_user') IS NOT NULL"
        ).fetchone()[0]
        if not present:
            raise BackupProblem(_("There is nothing to back up yet: this journal has no tables."))
        # The dump sees exactly what this transaction sees, while the app carries on.
        _run_tool(
            [
                "pg_dump",
                "--format=plain",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot_id}",
                f"--file={target_path}",
            ]
        )
        photos = [
            name
            for image, thumbnail in conn.execute("SELECT image, thumbnail FROM journal_photo")
            for name in (image, thumbnail)
        ]
        migrations = [
            f"{app}.{name}" for app, name in conn.execute("SELECT app, name FROM django_migrations")
        ]
        contents = Contents(
            *(
                conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 - ours
                for table in ("accounts_user", "journal_glimmer", "journal_photo")
            )
        )
        conn.rollback()
    os.chmod(target_path, 0o600)
    return Snapshot("postgresql", target_path, photos, sorted(migrations), contents)


def _snapshot(staging: Path) -> Snapshot:
    return _snapshot_postgres(staging) if vendor() == "postgresql" else _snapshot_sqlite(staging)


def _hold_photos(names: list[str], staging: Path) -> Path:
    """Hard links to the snapshot's photo files (a copy across disks), so they stay while read.

    A link takes a few microseconds, so the window in which a photo deleted
    just after the snapshot is missed is as short as it can be; a missed one
    raises _PhotoGone, and the whole backup is taken again.
    """
    media = _media_root().resolve()
    held = staging / "media"
    for name in names:
        if not _safe_photo_name(name):
            raise BackupProblem(
                _("A photo row names a file Glimmers wouldn't have written (%(name)s).")
                % {"name": name}
            )
        source = media / name
        target = held / name
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            os.link(source, target, follow_symlinks=False)
        except FileNotFoundError:
            raise _PhotoGone(name) from None
        except OSError:
            try:
                shutil.copyfile(source, target, follow_symlinks=False)
            except FileNotFoundError:
                raise _PhotoGone(name) from None
    return held


# ---------------------------------------------------------------------------
# Writing the archive
# ---------------------------------------------------------------------------


def _safe_photo_name(name: str) -> bool:
    """photos/<digits>/<a plain file name>, as journal.models.photo_path writes them."""
    parts = name.split("/")
    return (
        len(parts) == 3
        and parts[0] == PHOTO_FOLDER
        and parts[1].isascii()
        and parts[1].isdigit()
        and bool(_NAME_PART.match(parts[2]))
    )


def _add_file(archive: zipfile.ZipFile, source: Path, name: str, *, compress: bool, when) -> dict:
    """Stream one file into the archive; its SHA-256 and size, for the manifest."""
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.external_attr = 0o100600 << 16
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    # The fastest deflate: 2.5 times quicker than the default for 7% more bytes
    # (docs/decisions.md). A ZipInfo of our own doesn't take the archive's level;
    # Python 3.13 names the attribute compress_level, 3.11 and 3.12 _compresslevel.
    try:
        info.compress_level = 1
    except AttributeError:
        info._compresslevel = 1
    size = source.stat().st_size
    digest = hashlib.sha256()
    with (
        open(source, "rb") as reader,
        archive.open(info, "w", force_zip64=size > 1 << 30) as writer,
    ):
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _write_archive(out: Path, snapshot: Snapshot, held: Path, created: dt.datetime) -> None:
    files = {}
    with zipfile.ZipFile(out, "w", allowZip64=True) as archive:
        member = DATABASE_MEMBERS[snapshot.vendor]
        files[member] = _add_file(
            archive, snapshot.database_file, member, compress=True, when=created
        )
        for name in sorted(set(snapshot.photo_files)):
            member = MEDIA_MEMBER_PREFIX + name
            # Photos are JPEG or PNG already: squeezing them again gains nothing.
            files[member] = _add_file(archive, held / name, member, compress=False, when=created)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "glimmers_version": glimmers.__version__,
            "database_vendor": snapshot.vendor,
            "created_at": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "migrations": snapshot.migrations,
            "contents": {
                "accounts": snapshot.contents.accounts,
                "glimmers": snapshot.contents.glimmers,
                "photos": snapshot.contents.photos,
            },
            "files": files,
        }
        info = zipfile.ZipInfo(MANIFEST, date_time=created.timetuple()[:6])
        info.external_attr = 0o100600 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def _chosen_path(path: Path, created: dt.datetime) -> Path:
    if path.is_dir():
        for number in itertools.count(1):
            suffix = "" if number == 1 else f"-{number}"
            chosen = path / f"glimmers-backup-{created:%Y%m%d-%H%M%S}{suffix}.zip"
            if not chosen.exists():
                return chosen
    if path.exists() or path.is_symlink():
        raise BackupProblem(
            _("%(path)s is there already; a backup never writes over a file. Choose a new name.")
            % {"path": path}
        )
    if not path.parent.is_dir():
        raise BackupProblem(
            _("The folder %(folder)s doesn't exist; make it first, or choose another place.")
            % {"folder": path.parent}
        )
    return path


def _place(partial: Path, final: Path) -> None:
    """Give the finished archive its name, never over a file that appeared meanwhile."""
    try:
        os.link(partial, final)
    except FileExistsError:
        raise BackupProblem(
            _("%(path)s appeared while the backup was being written; it was left as it is.")
            % {"path": final}
        ) from None
    except OSError:
        if final.exists():
            raise BackupProblem(
                _("%(path)s appeared while the backup was being written; it was left as it is.")
                % {"path": final}
            ) from None
        os.replace(partial, final)
        return
    partial.unlink()


def write_backup(path: Path | str) -> BackupDone:
    """Back up the whole instance (database and photos) into one new file at ``path``.

    ``path`` may be a folder: the file is then named after the moment. The
    file is written beside its final place under a temporary name, readable
    by this user only, and only named once it is complete.
    """
    started = time.monotonic()
    created = dt.datetime.now(dt.UTC).replace(microsecond=0)
    final = _chosen_path(Path(path).expanduser(), created)
    for attempt in range(1, ATTEMPTS + 1):
        with _staging() as staging:
            snapshot = _snapshot(staging)
            try:
                held = _hold_photos(snapshot.photo_files, staging)
            except _PhotoGone:
                if attempt == ATTEMPTS:
                    raise BackupProblem(
                        _(
                            "Photos were being deleted all through the backup, so it could "
                            "not catch a moment where every photo was still there. Nothing "
                            "was written; try again in a quieter moment."
                        )
                    ) from None
                continue
            fd, partial_name = tempfile.mkstemp(
                prefix=f".{final.name}.", suffix=".partial", dir=final.parent
            )
            os.close(fd)  # mkstemp makes it 0600
            partial = Path(partial_name)
            try:
                _write_archive(partial, snapshot, held, created)
                _place(partial, final)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    partial.unlink()
            return BackupDone(
                path=final,
                size=final.stat().st_size,
                contents=snapshot.contents,
                seconds=time.monotonic() - started,
                attempts=attempt,
            )
    raise AssertionError("unreachable")  # pragma: no cover


# ---------------------------------------------------------------------------
# Reading and checking an archive
# ---------------------------------------------------------------------------


def _not_a_backup(path: Path, why: str) -> BackupProblem:
    return BackupProblem(
        _("%(path)s isn't a Glimmers backup we can use (%(why)s). Nothing was changed.")
        % {"path": path, "why": why}
    )


def _damaged(path: Path, why: str) -> BackupProblem:
    return BackupProblem(
        _(
            "%(path)s is damaged or was changed after it was made (%(why)s), so it can't "
            "be restored safely. Nothing was changed. An earlier backup may still be whole."
        )
        % {"path": path, "why": why}
    )


def _open_archive(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise BackupProblem(_("There is no file at %(path)s.") % {"path": path})
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        # A zip's table of contents is at its end: a backup cut short has none.
        raise _not_a_backup(path, _("not a zip file, or one cut short")) from None
    except (OSError, ValueError, EOFError) as error:
        raise _not_a_backup(path, str(error)) from None


def read_manifest(archive: zipfile.ZipFile, path: Path) -> dict:
    """The manifest, checked for shape: what every later step relies on."""
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise _not_a_backup(path, _("it has no manifest.json")) from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise _not_a_backup(path, _("its manifest is far too large"))
    try:
        with archive.open(info) as reader:
            raw = reader.read(MAX_MANIFEST_BYTES + 1)
        manifest = json.loads(raw.decode("utf-8"))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise _damaged(path, str(error)) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _not_a_backup(path, _("its manifest isn't JSON")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_a_backup(path, _("its manifest isn't a Glimmers manifest"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupProblem(
            _(
                "%(path)s was made in backup format %(version)s, which this Glimmers "
                "(%(ours)s) doesn't know. Restore it with the Glimmers that made it, or a newer "
                "one. Nothing was changed."
            )
            % {"path": path, "version": manifest.get("format_version"), "ours": FORMAT_VERSION}
        )
    files = manifest.get("files")
    migrations = manifest.get("migrations")
    contents = manifest.get("contents")
    if (
        manifest.get("database_vendor") not in DATABASE_MEMBERS
        or not isinstance(files, dict)
        or not isinstance(migrations, list)
        or not all(isinstance(m, str) and _MIGRATION.match(m) for m in migrations)
        or not isinstance(contents, dict)
        or not all(
            isinstance(contents.get(key), int) and contents[key] >= 0
            for key in ("accounts", "glimmers", "photos")
        )
        or not isinstance(manifest.get("created_at"), str)
    ):
        raise _not_a_backup(path, _("its manifest is incomplete"))
    for name, entry in files.items():
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and _SHA256.match(entry["sha256"])
            and isinstance(entry.get("size"), int)
            and not isinstance(entry.get("size"), bool)
            and entry["size"] >= 0
        ):
            raise _not_a_backup(
                path, _("its manifest's entry for %(name)s is incomplete") % {"name": name}
            )
    return manifest


def _member_problem(name: str, vendor_member: str) -> str | None:
    """Why a member's name can't be unpacked (None: it can)."""
    if name == vendor_member:
        return None
    if name.startswith(MEDIA_MEMBER_PREFIX) and _safe_photo_name(
        name.removeprefix(MEDIA_MEMBER_PREFIX)
    ):
        return None
    return _("it holds a file with a name we would never write: %(name)s") % {"name": name[:200]}


def _check_members(archive: zipfile.ZipFile, manifest: dict, path: Path) -> list[zipfile.ZipInfo]:
    """The members to unpack, in order, once everything about their names and sizes is right."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS + 1:
        raise _not_a_backup(path, _("it holds more files than any backup of ours would"))
    files = manifest["files"]
    database_member = DATABASE_MEMBERS[manifest["database_vendor"]]
    if database_member not in files:
        raise _not_a_backup(path, _("it has no database"))
    seen: set[str] = set()
    members = []
    for info in infos:
        name = info.filename
        if name in seen:
            raise _damaged(path, _("%(name)s is in it twice") % {"name": name[:200]})
        seen.add(name)
        mode = info.external_attr >> 16
        if info.is_dir() or (mode and (mode & 0o170000) not in (0, 0o100000)):
            raise _not_a_backup(
                path, _("it holds a link or a folder: %(name)s") % {"name": name[:200]}
            )
        if info.flag_bits & 0x1:
            raise _not_a_backup(path, _("it is encrypted"))
        if name == MANIFEST:
            continue
        problem = _member_problem(name, database_member)
        if problem:
            raise _not_a_backup(path, problem)
        if name not in files:
            raise _damaged(path, _("%(name)s isn't in its manifest") % {"name": name[:200]})
        expected = files[name]["size"]
        if info.file_size != expected:
            raise _damaged(path, _("%(name)s isn't the size its manifest says") % {"name": name})
        if name != database_member and expected > MAX_PHOTO_BYTES:
            raise _not_a_backup(path, _("%(name)s is far too large for a photo") % {"name": name})
        members.append(info)
    missing = set(files) - seen
    if missing:
        raise _damaged(path, _("%(name)s is missing") % {"name": sorted(missing)[0]})
    return members


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, entry: dict, target: Path, path: Path):
    """Write one member to ``target`` (0600, never following a link), checking size and hash."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256()
    written = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as writer, archive.open(info) as reader:
            while chunk := reader.read(CHUNK):
                written += len(chunk)
                if written > entry["size"]:
                    raise _damaged(
                        path, _("%(name)s is longer than it should be") % {"name": info.filename}
                    )
                digest.update(chunk)
                writer.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise _damaged(path, f"{info.filename}: {error}") from None
    if written != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise _damaged(path, _("%(name)s doesn't match its SHA-256") % {"name": info.filename})


def _check_migrations(manifest: dict, path: Path) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    newer = sorted(set(manifest["migrations"]) - known)
    if newer:
        raise BackupProblem(
            _(
                "%(path)s was made by a newer Glimmers (%(version)s): its database has changes "
                "this one doesn't know (%(first)s). Upgrade this Glimmers, then restore it. "
                "Nothing was changed."
            )
            % {"path": path, "version": manifest.get("glimmers_version", "?"), "first": newer[0]}
        )


def verify_backup(path: Path | str, into: Path) -> dict:
    """Unpack the backup at ``path`` into the empty folder ``into``, checking every byte.

    Returns the manifest. Raises BackupProblem (after which ``into`` holds
    only what the caller removes).
    """
    path = Path(path).expanduser()
    with _open_archive(path) as archive:
        manifest = read_manifest(archive, path)
        members = _check_members(archive, manifest, path)
        needed = sum(info.file_size for info in members)
        free = shutil.disk_usage(into).free
        if needed + SPARE_BYTES > free:
            raise BackupProblem(
                _(
                    "There isn't room to restore it: it needs %(needed)d MB and the data folder's "
                    "disk has %(free)d MB free. Nothing was changed."
                )
                % {"needed": needed // 2**20 + 1, "free": free // 2**20}
            )
        root = into.resolve()
        for info in members:
            target = (root / info.filename).resolve()
            if root not in target.parents:  # the names were checked; this is the second lock
                raise _not_a_backup(path, _("a file would land outside the data folder"))
            _unpack(archive, info, manifest["files"][info.filename], target, path)
    return manifest


# ---------------------------------------------------------------------------
# What is there now
# ---------------------------------------------------------------------------


def _photo_files_present() -> bool:
    photos = _media_root() / PHOTO_FOLDER
    return photos.is_dir() and any(files for _folder, _dirs, files in os.walk(photos))


def _accounts_sqlite() -> tuple[bool, int]:
    """(has tables, accounts) of the SQLite database, without creating one."""
    db_path = _sqlite_path()
    if not db_path.exists():
        return False, 0
    timeout = settings.SQLITE_BUSY_TIMEOUT_SECONDS
    try:
        with contextlib.closing(
            sqlite3.connect(f"{db_path.as_uri()}?mode=rw", uri=True, timeout=timeout)
        ) as db:
            tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master")]
            if "accounts_user" not in tables:
                return bool(tables), 0
            return True, db.execute("SELECT COUNT(*) FROM accounts_user").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupProblem(
            _(
                "The database at %(path)s can't be read (%(error)s), so nothing was changed. "
                "If it is damaged, move it (and any files beside it named like it) out of the "
                "data folder, then restore."
            )
            % {"path": db_path, "error": error}
        ) from None


def _accounts_postgres() -> tuple[bool, int]:
    with _postgres_connect(autocommit=True) as conn:
        (tables,) = conn.execute(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        ).fetchone()
        if not conn.execute("SELECT to_regclass('accounts_user')").fetchone()[0]:
            return tables > 0, 0
        (accounts,) = conn.execute("SELECT COUNT(*) FROM accounts_user").fetchone()
        return True, accounts


def what_is_here() -> tuple[bool, bool]:
    """(has tables, holds someone's data): any account, or any photo file."""
    tables, accounts = _accounts_postgres() if vendor() == "postgresql" else _accounts_sqlite()
    return tables, bool(accounts) or _photo_files_present()


# ---------------------------------------------------------------------------
# Restoring
# ---------------------------------------------------------------------------


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.replace(source, target)
    except OSError:
        shutil.move(source, target)


def _running() -> BackupProblem:
    return BackupProblem(
        _(
            "Glimmers seems to be running on this instance (its database is open elsewhere). "
            "Stop `glimmers serve` (and anything else using it), then restore. "
            "Nothing was changed."
        )
    )


@contextlib.contextmanager
def _alone(*, swap: bool = False) -> Iterator[None]:
    """Nobody else has the database open, and nobody opens it until we are done.

    SQLite: an open connection to a database in WAL mode, even an idle one,
    keeps another from taking it in EXCLUSIVE locking mode; we take it so,
    and hold it while the files are swapped. PostgreSQL: no other
    connection to this database (the restore itself runs in one transaction).
    """
    from django.db import connections

    connections.close_all()
    if vendor() == "postgresql":
        with _postgres_connect(autocommit=True) as conn:
            # A connection closed a moment ago (ours, or a command's just before)
            # can still be listed while its backend ends: look again for a few seconds.
            for _look in range(30):
                (others,) = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND backend_type = 'client backend'"
                ).fetchone()
                if not others:
                    break
                time.sleep(0.1)
        if others:
            raise _running()
        yield
        return
    db_path = _sqlite_path()
    if not db_path.exists():
        yield
        return
    probe = sqlite3.connect(
        f"{db_path.as_uri()}?mode=rw", uri=True, timeout=1, isolation_level=None
    )
    try:
        try:
            probe.execute("PRAGMA locking_mode=EXCLUSIVE")
            if swap:
                # Out of WAL first, while no one else has it open: the write-ahead log
                # is folded in and removed, and this connection keeps no journal file,
                # so closing it does nothing by file name (SQLite removes
                # "<database>-wal" or "-journal" then) to the database in its place.
                probe.execute("PRAGMA journal_mode=MEMORY")
            # In EXCLUSIVE locking mode the lock a write takes is kept until we close.
            probe.execute("BEGIN EXCLUSIVE")
            probe.execute("COMMIT" if swap else "ROLLBACK")
        except sqlite3.OperationalError:
            raise _running() from None
        yield
    finally:
        probe.close()


def _put_sqlite(unpacked: Path, set_aside: Path, moves: list[tuple[Path, Path]]) -> None:
    """The unpacked database in place of the current one (and its WAL, which isn't its)."""
    from django.db import connections

    connections.close_all()
    db_path = _sqlite_path()
    for suffix in ("", *DATABASE_COMPANIONS):
        current = Path(f"{db_path}{suffix}")
        if current.exists():
            aside = set_aside / f"glimmers.sqlite3{suffix}"
            _move(current, aside)
            moves.append((aside, current))
    _move(unpacked, db_path)


def _put_postgres(unpacked: Path, has_tables: bool) -> None:
    """The dump, in one transaction: if any statement fails, the database is as it was."""
    from django.db import connections

    connections.close_all()
    command = ["psql", "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
    if has_tables:
        # Everything Glimmers had lives in the one schema, which the dump makes again.
        command += ["-c", "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"]
    _run_tool([*command, "-f", str(unpacked)])


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _put_in_place(unpacked: Path, set_aside: Path, here: str, has_tables: bool) -> None:
    """Photos, then the database; if anything fails, the photos and the file go back."""
    photos_now = _media_root() / PHOTO_FOLDER
    photos_new = unpacked / "media" / PHOTO_FOLDER
    photos_old = set_aside / PHOTO_FOLDER
    moves: list[tuple[Path, Path]] = []  # (where it went, where it was), to undo
    placed_photos = False
    try:
        if photos_now.exists():
            _move(photos_now, photos_old)
            moves.append((photos_old, photos_now))
        if photos_new.exists():
            _media_root().mkdir(parents=True, exist_ok=True, mode=0o700)
            _move(photos_new, photos_now)
            placed_photos = True
        if here == "sqlite":
            _put_sqlite(unpacked / SQLITE_MEMBER, set_aside, moves)
        else:
            _put_postgres(unpacked / POSTGRES_MEMBER, has_tables)
    except BaseException:
        if placed_photos:
            shutil.rmtree(photos_now, ignore_errors=True)
        db_path = _sqlite_path()
        for went, was in reversed(moves):
            with contextlib.suppress(OSError):
                if was == db_path and was.is_file():
                    was.unlink()  # the unpacked one, if it was already in place
                _move(went, was)
        raise


def _check_unpacked_sqlite(database: Path, path: Path) -> None:
    """The backup's database opens, is well formed, and is a Glimmers database."""
    try:
        with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as db:
            (verdict,) = db.execute("PRAGMA quick_check").fetchone()
            tables = {
                name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
    except sqlite3.DatabaseError as error:
        raise _not_a_backup(
            path, _("its database can't be opened: %(error)s") % {"error": error}
        ) from None
    if verdict != "ok":
        raise _damaged(path, _("its database is damaged: %(verdict)s") % {"verdict": verdict})
    if not {"django_migrations", "accounts_user", "journal_glimmer"} <= tables:
        raise _not_a_backup(path, _("its database isn't a Glimmers journal"))


def _kept_aside_path() -> Path:
    """before-restore-<moment>.zip in the data folder, one not taken yet."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    for number in itertools.count(1):
        name = (
            f"before-restore-{stamp}.zip" if number == 1 else f"before-restore-{stamp}-{number}.zip"
        )
        if not (_data_dir() / name).exists():
            return _data_dir() / name
    raise AssertionError("unreachable")  # pragma: no cover


def restore_backup(path: Path | str, *, replace: bool = False) -> RestoreDone:
    """Put the instance in the backup at ``path`` in place of this one.

    Into an instance with no account and no photo: at once. Over one that
    holds someone's data: only with ``replace``, and then what is here is
    first backed up itself, into the data folder, so it can be brought back.
    """
    path = Path(path).expanduser()
    here = vendor()
    with _staging() as staging:
        unpacked = staging / "unpacked"
        unpacked.mkdir(mode=0o700)
        manifest = verify_backup(path, unpacked)
        theirs = manifest["database_vendor"]
        if theirs != here:
            raise BackupProblem(
                _(
                    "%(path)s was made from a %(theirs)s database, and this Glimmers uses "
                    "%(here)s. Restore it on a Glimmers that uses %(theirs)s (to move journals "
                    "between the two, use export and import). Nothing was changed."
                )
                % {"path": path, "theirs": _vendor_name(theirs), "here": _vendor_name(here)}
            )
        _check_migrations(manifest, path)
        if here == "sqlite":
            _check_unpacked_sqlite(unpacked / SQLITE_MEMBER, path)
        has_tables, holds_data = what_is_here()
        result = RestoreDone(
            contents=Contents(
                **{k: manifest["contents"][k] for k in ("accounts", "glimmers", "photos")}
            ),
            created_at=manifest["created_at"],
        )
        if holds_data and not replace:
            raise BackupProblem(
                _(
                    "This Glimmers already holds journals, so nothing was changed. To put the "
                    "backup in their place, run the same command with --replace: what is here "
                    "now is backed up into the data folder first."
                )
            )
        with _alone():
            pass  # refused here, before anything is written, if Glimmers is running
        if holds_data:
            kept = write_backup(_kept_aside_path())
            result.kept_aside = kept.path
        result.replaced_empty = has_tables and not holds_data

        with _alone(swap=True):
            _put_in_place(unpacked, staging / "set-aside", here, has_tables)
        _migrate()
        make_private(_data_dir(), [_sqlite_path()] if here == "sqlite" else [])
        return result


def _vendor_name(name: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[name]
