"""The data folder is private to the user the app runs as.

A data folder made beforehand (by a package, or as a volume mount) can be
open to everyone on the machine, with a world-readable database, WAL and
photos. At start the app closes it: from then on every file it writes is
created private (umask 077, and Django's storage settings for photos), and
what is already there is tightened: folders to 0700, files to 0600.

Only Glimmers' own things are touched: the folder itself, the database and
its companions, the photos folder, the secret key and the setup code. A
data folder that holds other things too (someone's home folder, say) keeps
those as they were. A data folder reached through a link is the folder the
link points at.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

logger = logging.getLogger("glimmers")

OPEN_TO_OTHERS = 0o077  # group and other permission bits
# SQLite's companions of a database file: WAL, shared memory, rollback journal,
# and the lock file older versions queued their writers on (left in old folders).
DATABASE_COMPANIONS = ("-wal", "-shm", "-journal", ".writer-lock")
# What Glimmers itself keeps in the data folder besides the database (settings.py:
# MEDIA_ROOT, the secret key file, STATIC_ROOT's collected files; accounts/setup_code.py).
OWN_ENTRIES = ("media", "secret_key", "setup_code", "static")


def _tighten(path: Path, tightened: list[Path], failed: list[Path]) -> bool:
    """Take group and other permissions off a file or folder; True if it had any."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode) or not info.st_mode & OPEN_TO_OTHERS:
        return False  # a link is left as it is; what it points at is not ours to change
    if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
        return False
    try:
        path.chmod(stat.S_IMODE(info.st_mode) & ~OPEN_TO_OTHERS)
    except OSError:
        failed.append(path)
    else:
        tightened.append(path)
    return True


def _close(folder: Path, opened: bool, tightened: list[Path], failed: list[Path]) -> None:
    """Tighten what is in ``folder``; go deeper only where something was open.

    A folder closed to others hides what is in it, so one found closed (with
    every folder above it) is not walked: a journal with 10,000 photo files
    would otherwise pay about 80 ms at every start, of every command.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        was_open = _tighten(path, tightened, failed)
        if entry.is_dir(follow_symlinks=False) and (opened or was_open):
            _close(path, True, tightened, failed)


def make_private(data_dir: Path, databases: Iterable[Path] = ()) -> tuple[list[Path], list[Path]]:
    """Close the data folder, what is in it, and the database files, to all but us.

    Returns what was tightened and what could not be (owned by someone else).
    The data folder itself may be a link; links inside it are not followed.
    """
    tightened: list[Path] = []
    failed: list[Path] = []
    data_dir = data_dir.resolve()
    if data_dir.is_dir():
        opened = _tighten(data_dir, tightened, failed)
        for name in OWN_ENTRIES:
            entry = data_dir / name
            was_open = _tighten(entry, tightened, failed)
            if entry.is_dir() and not entry.is_symlink() and (opened or was_open):
                _close(entry, True, tightened, failed)
    for database in databases:
        for name in ("", *DATABASE_COMPANIONS):
            path = Path(f"{database}{name}")
            if path not in tightened:
                _tighten(path, tightened, failed)
    return tightened, failed


def keep_private(data_dir: Path, databases: Iterable[Path] = ()) -> None:
    """At start: new files private from now on, and the ones there already tightened."""
    os.umask(0o077)
    tightened, failed = make_private(data_dir, databases)
    if tightened:
        logger.warning(
            "Made the data folder %s private to this user: %d file(s) and folder(s) in it "
            "could be read by other users of this machine; now folders are 0700 and files 0600.",
            data_dir,
            len(tightened),
        )
    if failed:
        logger.warning(
            "Could not make %d file(s) in %s private (they belong to another user), e.g. %s. "
            "Change their owner to the user Glimmers runs as.",
            len(failed),
            data_dir,
            failed[0],
        )
