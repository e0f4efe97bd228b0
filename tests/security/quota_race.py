"""Run by test_photo_limits.py, in its own process and its own database.

Several uploads for one person at once, with room for only some of them.
Prints, as JSON, how many were kept and refused, the size of one stored
photo, the quota, and the bytes on disk afterwards.
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading

import django

UPLOADS = 8
ROOM_FOR = 3


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from PIL import Image

    call_command("migrate", verbosity=0)
    from glimmers.accounts.services import create_account
    from glimmers.journal import services
    from glimmers.journal.photos import clean_photo

    owner = create_account(username="olena", password="a long enough password", time_zone="UTC")
    glimmer = services.save_glimmer(owner, {"text": "many at once"})
    out = io.BytesIO()
    Image.effect_noise((400, 300), 80).convert("RGB").save(out, format="JPEG", quality=95)
    clean = clean_photo(SimpleUploadedFile("noise.jpg", out.getvalue()))
    one = len(clean.image) + len(clean.thumbnail)
    # Room for ROOM_FOR photos and half of another.
    settings.STORAGE_QUOTA_MB = (ROOM_FOR + 0.5) * one / (1024 * 1024)
    kept, refused, errors = [], [], []
    start = threading.Barrier(UPLOADS)

    def upload() -> None:
        start.wait()
        try:
            services.add_photo(owner, glimmer, clean)
            kept.append(1)
        except services.NoRoomForPhotos:
            refused.append(1)
        except Exception as error:  # reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(UPLOADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    on_disk = services.stored_photo_bytes(owner)
    json.dump(
        {
            "kept": len(kept),
            "refused": len(refused),
            "errors": errors,
            "rows": glimmer.photos.count(),
            "within_quota": on_disk <= settings.STORAGE_QUOTA_MB * 1024 * 1024,
            "on_disk": on_disk,
            "one": one,
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
