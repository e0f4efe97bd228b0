"""Small helpers that make test data through the same services the app uses."""

from __future__ import annotations

import io
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PASSWORD = "a-calm-long-passphrase-42"


def make_user(username: str, *, time_zone: str = "UTC"):
    from glimmers.accounts import services

    return services.create_account(username=username, password=PASSWORD, time_zone=time_zone)


def make_glimmer(owner, text: str = "Warm light on the kitchen wall", **fields):
    from glimmers.journal import services

    data = {"text": text, **fields}
    if isinstance(data.get("noticed_at"), datetime) and data["noticed_at"].tzinfo is None:
        raise ValueError("give tests aware datetimes")
    return services.save_glimmer(owner, data)


def make_trigger(owner, text: str = "A door slammed", **fields):
    from glimmers.journal import services

    return services.save_trigger(owner, {"text": text, **fields})


def jpeg_bytes(size=(64, 48), color=(200, 160, 90), exif_gps: bool = False) -> bytes:
    picture = Image.new("RGB", size, color)
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"  # Make
        exif[0x8825] = {1: "N", 2: (50.0, 27.0, 0.0), 3: "E", 4: (30.0, 31.0, 0.0)}  # GPS
        picture.save(out, format="JPEG", exif=exif)
    else:
        picture.save(out, format="JPEG")
    return out.getvalue()


def upload(name="light.jpg", content: bytes | None = None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, jpeg_bytes() if content is None else content, content_type)
