"""Where a file uploaded on the import page waits between the look and the confirmation.

A private folder of the data directory, one per account (``imports/<id>/``),
0700, files 0600 (tempfile's own). ``discard_all(user)`` removes an
account's folder: deleting an account should call it, so that no file of a
deleted account stays behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings

WAITING_SECONDS = 24 * 3600
STAGED_NAME = re.compile(r"^import-[A-Za-z0-9_]+(\.[a-z]{1,8})?$")


def folder(user, *, create: bool = True) -> Path:
    place = Path(settings.DATA_DIR) / "imports" / str(user.pk)
    if create:
        place.mkdir(parents=True, exist_ok=True, mode=0o700)
    return place


def stage(user, upload) -> Path:
    """Write an uploaded file into the account's folder under a random name."""
    suffix = Path(upload.name or "").suffix.lower()
    if not re.fullmatch(r"\.[a-z]{1,8}", suffix):
        suffix = ""
    handle, name = tempfile.mkstemp(prefix="import-", suffix=suffix, dir=folder(user))
    with os.fdopen(handle, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return Path(name)


def waiting(user, name: str) -> Path | None:
    """The staged file called ``name`` in the account's folder, if that is one of ours."""
    if not STAGED_NAME.match(name or ""):
        return None
    path = folder(user) / name
    return path if path.is_file() else None


def discard(user, name: str | None) -> None:
    """Remove one staged file, and any of the account's that waited more than a day."""
    if name and STAGED_NAME.match(name):
        with contextlib.suppress(OSError):
            (folder(user) / name).unlink()
    now = time.time()
    for old in folder(user).iterdir():
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > WAITING_SECONDS:
                old.unlink()


def discard_all(user) -> None:
    """Remove every file the account has waiting (for deleting an account)."""
    shutil.rmtree(folder(user, create=False), ignore_errors=True)
