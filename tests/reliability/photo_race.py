"""Run by test_photo_sweep_race.py as its own process, inside a journal's environment.

    python tests/reliability/photo_race.py USERNAME race|crash

``race``: one thread adds a photo and is held after writing its files but
before committing its row; meanwhile another thread runs the sweep. Prints
what happened as JSON. ``crash``: the same save is held after writing its
files, and the process kills itself with SIGKILL, as a crash would.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connections  # noqa: E402

from glimmers.journal import services  # noqa: E402
from glimmers.journal.models import Photo  # noqa: E402
from glimmers.journal.photos import clean_photo  # noqa: E402

WAIT = 120


def main(username: str, mode: str) -> int:
    from PIL import Image

    user = get_user_model().objects.get(username=username)
    glimmer = services.save_glimmer(user, {"text": "Light through the blinds"})
    picture = Image.new("RGB", (64, 48), (200, 160, 90))
    jpeg = SimpleUploadedFile("light.jpg", b"", "image/jpeg")
    picture.save(jpeg.file, format="JPEG")
    jpeg.size = jpeg.file.tell()
    clean = clean_photo(jpeg)

    files_written, release = threading.Event(), threading.Event()
    real_save = Photo.save

    def held_save(photo, *args, **kwargs):
        files_written.set()  # both files are on disk; the row is not yet written
        release.wait(WAIT)
        return real_save(photo, *args, **kwargs)

    Photo.save = held_save
    outcome: dict = {}

    def write():
        outcome["photo"] = str(services.add_photo(user, glimmer, clean).pk)
        connections.close_all()

    def sweep():
        outcome["swept"] = services.sweep_photo_files()
        connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    if not files_written.wait(WAIT):
        raise SystemExit("the photo's files were never written")
    if mode == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    sweeper = threading.Thread(target=sweep)
    sweeper.start()
    sweeper.join(3)
    outcome["sweep_waited_for_the_writer"] = sweeper.is_alive()
    release.set()
    writer.join(WAIT)
    sweeper.join(WAIT)
    photo = Photo.objects.get(pk=outcome["photo"])
    outcome["files_kept"] = all(
        default_storage.exists(name) for name in (photo.image.name, photo.thumbnail.name)
    )
    print(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
