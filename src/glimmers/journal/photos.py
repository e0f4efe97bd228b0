"""Checking and cleaning photos before anything is stored.

Every upload is opened with Pillow, checked against a byte and a pixel limit,
turned upright, and re-encoded from its pixels alone. Re-encoding is what
removes EXIF, GPS and any other metadata: nothing from the original file but
the picture itself reaches the disk.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FULL_SIZE = 2048  # longest side kept; plenty for a phone screen or a print
THUMB_SIZE = 480
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}


@dataclass
class CleanPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int
    extension: str


def _encode(picture: Image.Image, keep_alpha: bool) -> tuple[bytes, str]:
    out = io.BytesIO()
    if keep_alpha:
        picture.save(out, format="PNG", optimize=True)
        return out.getvalue(), "png"
    picture.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), "jpg"


def clean_photo(upload) -> CleanPhoto:
    """Validate an uploaded file and return a metadata-free copy and thumbnail.

    Raises ValidationError with a message a person can act on.
    """
    max_bytes = settings.PHOTO_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("That photo is too large (over %(mb)s MB). A smaller copy will work."),
            params={"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("That file is empty."), code="empty")
    not_an_image = ValidationError(
        _("That file doesn't look like a photo. Try a JPEG, PNG, WebP or GIF."), code="not_image"
    )
    too_many_pixels = ValidationError(
        _("That photo has too many pixels for us to open safely. A smaller copy will work."),
        code="too_many_pixels",
    )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise not_an_image
                width, height = probe.size
                if width * height > settings.PHOTO_MAX_PIXELS:
                    raise too_many_pixels
                probe.verify()  # catches truncated and corrupt files
            upload.seek(0)
            with Image.open(upload) as original:
                original.load()
                picture = ImageOps.exif_transpose(original) or original
                picture.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_an_image from None

    keep_alpha = picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    picture = picture.convert("RGBA" if keep_alpha else "RGB")
    # A fresh image from the pixels alone: no info dict, no EXIF, no ICC, no XMP.
    bare = Image.new(picture.mode, picture.size)
    bare.paste(picture)
    bare.thumbnail((FULL_SIZE, FULL_SIZE))
    image_bytes, extension = _encode(bare, keep_alpha)
    thumb = bare.copy()
    thumb.thumbnail((THUMB_SIZE, THUMB_SIZE))
    thumb_bytes, _ext = _encode(thumb, keep_alpha)
    return CleanPhoto(
        image=image_bytes,
        thumbnail=thumb_bytes,
        width=bare.width,
        height=bare.height,
        extension=extension,
    )
