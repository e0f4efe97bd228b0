"""Checking and cleaning photos before anything is stored.

Every upload is opened with Pillow, checked against a byte and a pixel limit,
turned upright, and re-encoded from its pixels alone. Re-encoding is what
removes EXIF, GPS and any other metadata: nothing from the original file but
the picture itself reaches the disk.

Memory is what a photo costs the server, so the pixel limit counts the pixels
held in memory while it is opened, not the size the file claims. An ordinary
(baseline) JPEG, as phones and cameras write, is decoded at a half, a quarter
or an eighth of its size when that still fills the largest size we keep
(``FULL_SIZE``): a 48-megapixel phone photo is opened as 12 megapixels. Other
pictures (PNG, WebP, GIF, and progressive JPEGs, whose decoder keeps the whole
picture's data at full size) count at their full size, and such a JPEG in
CMYK (four colour components, not three) for a third more. The largest picture is
shrunk before it is turned or converted, so at most one full-size copy exists
at a time. docs/decisions.md has the measurements behind the default.
"""

from __future__ import annotations

import io
import mimetypes
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from PIL import Image

# Pillow is imported where a photo is opened, not here: the forms import this
# module, and `glimmers add` (which takes no photo) should not pay for Pillow.

FULL_SIZE = 2048  # longest side kept; plenty for a phone screen or a print
THUMB_SIZE = 480
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
# Only these readers of Pillow's ever see an upload: a file that claims to be
# anything else is not parsed at all. (A JPEG with several pictures is MPO.)
OPENED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")


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


# Sequential (baseline) JPEG frames: a decoder can scale these down as it reads.
_SEQUENTIAL_JPEG_FRAMES = {0xC0, 0xC1}
# Markers with no length after them.
_STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD8)}
# EXIF orientation -> the turn (a name in Pillow's Image.Transpose) that puts the picture upright.
_UPRIGHT = {
    2: "FLIP_LEFT_RIGHT",
    3: "ROTATE_180",
    4: "FLIP_TOP_BOTTOM",
    5: "TRANSPOSE",
    6: "ROTATE_270",
    7: "TRANSVERSE",
    8: "ROTATE_90",
}
# Modes Pillow shrinks smoothly; others (palettes, 16-bit) are converted first.
_SHRINKS_WELL = {"RGB", "RGBA", "L", "LA", "CMYK", "YCbCr"}


def _decodes_in_one_pass(upload) -> bool:
    """True for a sequential JPEG whose first scan carries every colour component.

    Only such a file is decoded row by row, so that opening it at a reduced
    scale holds only the reduced picture. A progressive JPEG, or one whose
    components come in separate scans, makes the decoder keep every
    coefficient of the full-size picture (two bytes for each, per component)
    whatever scale is asked for.
    """
    upload.seek(0)
    if upload.read(2) != b"\xff\xd8":
        return False
    components = None
    while True:
        if upload.read(1) != b"\xff":
            return False
        marker = upload.read(1)
        while marker == b"\xff":  # fill bytes before a marker
            marker = upload.read(1)
        if not marker:
            return False
        code = marker[0]
        if code in _STANDALONE_MARKERS:
            continue
        length = int.from_bytes(upload.read(2), "big") - 2
        if length < 0:
            return False
        if 0xC0 <= code <= 0xCF and code not in (0xC4, 0xC8, 0xCC):  # a frame header
            if code not in _SEQUENTIAL_JPEG_FRAMES:
                return False
            header = upload.read(length)
            if len(header) < 6:
                return False
            components = header[5]
        elif code == 0xDA:  # the first scan
            in_scan = upload.read(1)
            return components is not None and in_scan == bytes([components])
        else:
            upload.seek(length, io.SEEK_CUR)


def _open_within_limit(picture: Image.Image, upload) -> None:
    """Ask for a reduced decode where that is cheap; refuse what would hold too many pixels."""
    is_jpeg = picture.format in ("JPEG", "MPO")
    if is_jpeg and _decodes_in_one_pass(upload):
        width, height = picture.size
        ratio = min(1.0, FULL_SIZE / max(width, height))
        # Decodes at 1/2, 1/4 or 1/8 while the result still covers the size we keep.
        picture.draft(None, (max(1, int(width * ratio)), max(1, int(height * ratio))))
        counted = picture.size[0] * picture.size[1]
    else:
        width, height = picture.size
        counted = width * height
        if is_jpeg:
            # Held at full size, a JPEG costs memory for each colour component: a
            # CMYK one (four) counts for a third more than an RGB one of its size.
            counted = counted * max(3, len(picture.getbands())) // 3
    if counted > settings.PHOTO_MAX_PIXELS:
        raise ValidationError(
            _(
                "That photo has too many pixels for us to open safely (over %(mp)s megapixels). "
                "A smaller copy will work."
            ),
            params={"mp": settings.PHOTO_MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )


def clean_photo(upload) -> CleanPhoto:
    """Validate an uploaded file and return a metadata-free copy and thumbnail.

    Raises ValidationError with a message a person can act on.
    """
    from PIL import Image, UnidentifiedImageError

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
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow's own guard, on the size a file claims: far above ours, kept as a backstop.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=OPENED_FORMATS) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise not_an_image
                probe.verify()  # catches truncated and corrupt files
            upload.seek(0)
            with Image.open(upload, formats=OPENED_FORMATS) as original:
                _open_within_limit(original, upload)
                upload.seek(0)
                turn = _UPRIGHT.get(original.getexif().get(0x0112, 1))
                original.load()
                keep_alpha = original.mode in ("RGBA", "LA", "PA") or (
                    original.mode == "P" and "transparency" in original.info
                )
                target_mode = "RGBA" if keep_alpha else "RGB"
                picture = original
                if picture.mode not in _SHRINKS_WELL:
                    picture = picture.convert(target_mode)
                # Shrink first: turning and converting then work on the small copy.
                picture.thumbnail((FULL_SIZE, FULL_SIZE))
                if turn is not None:
                    picture = picture.transpose(Image.Transpose[turn])
                picture = picture.convert(target_mode)
                # A fresh image from the pixels alone: no info dict, no EXIF, no ICC, no XMP.
                bare = Image.new(picture.mode, picture.size)
                bare.paste(picture)
                del picture
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("That photo has too many pixels for us to open safely. A smaller copy will work."),
            code="too_many_pixels",
        ) from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_an_image from None

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


def serve(photo, thumbnail: bool = False) -> FileResponse:
    """A photo (or its thumbnail) as a response, never cached by anyone in between.

    The caller found ``photo`` through glimmers/access.py: its owner's, shared
    with a circle, or within a carer's scope.
    """
    file = photo.thumbnail if thumbnail else photo.image
    try:
        handle = default_storage.open(file.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response
