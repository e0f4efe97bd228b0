"""How much memory one photo upload costs a server process (run as a subprocess).

    python -m tests.security.photo_memory make KIND FILE   # write a test picture
    python -m tests.security.photo_memory measure FILE [PHOTOS_MODULE_FILE]

``measure`` prints one line of JSON: whether the photo was kept or refused,
and how far the process's peak resident memory (ru_maxrss) grew while
``clean_photo`` opened it. Pillow keeps pixels outside Python's allocator, so
tracemalloc would not see them; the peak resident size does. A second argument
names another copy of photos.py to measure instead (the code before a change).
"""

from __future__ import annotations

import importlib.util
import json
import os
import resource
import sys

# Each kind: (mode, width, height, save options). Contents are smooth
# gradients: they compress as photos do, so the file stays small however
# many pixels it claims — the way a hostile upload would look.
KINDS = {
    # The upload from issue 15: 40 megapixels of PNG.
    "png-40mp": ("RGB", 8000, 5000, {"format": "PNG"}),
    # The worst PNG the default limit accepts (16 megapixels, with transparency).
    "png-16mp-rgba": ("RGBA", 4618, 3464, {"format": "PNG"}),
    # A palette PNG at the limit: one byte a pixel, four once converted.
    "png-16mp-palette": ("P", 4618, 3464, {"format": "PNG"}),
    # Just under the old 40-megapixel limit, as a JPEG (measured for the record).
    "jpeg-40mp": ("RGB", 7300, 5470, {"format": "JPEG", "quality": 85}),
    # A 48-megapixel phone photo (8064 × 6048), as phones write them (baseline).
    "jpeg-48mp": ("RGB", 8064, 6048, {"format": "JPEG", "quality": 85}),
    # A 24-megapixel phone photo (5712 × 4284), today's common default.
    "jpeg-24mp": ("RGB", 5712, 4284, {"format": "JPEG", "quality": 85}),
    # The largest JPEG Pillow opens without its bomb warning (89 megapixels).
    "jpeg-89mp": ("RGB", 10000, 8900, {"format": "JPEG", "quality": 85}),
    # A progressive JPEG at the limit: its decoder holds every coefficient.
    "jpeg-16mp-progressive": (
        "RGB",
        4618,
        3464,
        {"format": "JPEG", "quality": 85, "progressive": True, "subsampling": 0},
    ),
    # A progressive CMYK JPEG at the limit: four components, each coefficient held.
    "jpeg-16mp-progressive-cmyk": (
        "CMYK",
        4618,
        3464,
        {"format": "JPEG", "quality": 85, "progressive": True},
    ),
    # The largest progressive CMYK JPEG the limit lets in (a third fewer pixels).
    "jpeg-12mp-progressive-cmyk": (
        "CMYK",
        4000,
        3000,
        {"format": "JPEG", "quality": 85, "progressive": True},
    ),
    # A progressive JPEG over the limit: refused before decoding.
    "jpeg-48mp-progressive": (
        "RGB",
        8064,
        6048,
        {"format": "JPEG", "quality": 85, "progressive": True},
    ),
}


def make(kind: str, path: str) -> None:
    from PIL import Image

    mode, width, height, options = KINDS[kind]
    small = Image.linear_gradient("L").resize((width // 8 or 1, height // 8 or 1))
    gray = small.resize((width, height))
    if mode == "P":
        picture = gray.convert("P")
    elif mode == "RGB":
        picture = Image.merge("RGB", (gray, gray.transpose(Image.Transpose.FLIP_LEFT_RIGHT), gray))
    elif mode == "CMYK":
        flipped = gray.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        picture = Image.merge("CMYK", (gray, flipped, gray, gray))
    else:
        picture = Image.merge("RGBA", (gray, gray, gray, gray))
    picture.save(path, **options)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def measure(path: str, module_file: str | None = None) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    if module_file:
        spec = importlib.util.spec_from_file_location("photos_under_test", module_file)
        photos = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = photos
        spec.loader.exec_module(photos)
    else:
        from glimmers.journal import photos
    Image.init()  # every format plugin loaded before the baseline is taken
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile(os.path.basename(path), handle.read())
    before = _peak_mb()
    try:
        clean = photos.clean_photo(upload)
        outcome = f"kept at {clean.width}x{clean.height}"
    except ValidationError as refusal:
        outcome = "refused: " + " ".join(refusal.messages)
    return {
        "file_mb": round(upload.size / 1024 / 1024, 1),
        "outcome": outcome,
        "grew_mb": round(_peak_mb() - before, 1),
    }


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3])
    else:
        print(json.dumps(measure(sys.argv[2], *sys.argv[3:4])))
