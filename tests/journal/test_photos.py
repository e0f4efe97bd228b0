"""Photos: validated, stripped of EXIF and GPS, served only to their owner."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from glimmers.journal.models import Glimmer, Photo
from glimmers.journal.photos import clean_photo
from tests.factories import jpeg_bytes, make_glimmer, upload


def test_it_removes_exif_and_gps():
    original = jpeg_bytes(size=(300, 200), exif_gps=True)
    assert Image.open(io.BytesIO(original)).getexif()  # the test photo really has EXIF
    clean = clean_photo(upload(content=original))
    for data in (clean.image, clean.thumbnail):
        with Image.open(io.BytesIO(data)) as picture:
            assert not picture.getexif()
            assert "exif" not in picture.info
            assert b"TestCam" not in data
    assert (clean.width, clean.height) == (300, 200)


def test_it_makes_a_small_thumbnail():
    clean = clean_photo(upload(content=jpeg_bytes(size=(3000, 1500))))
    with Image.open(io.BytesIO(clean.thumbnail)) as thumb:
        assert max(thumb.size) == 480
    assert max(clean.width, clean.height) == 2048


def test_it_turns_photos_upright():
    picture = Image.new("RGB", (40, 20), (255, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif)
    clean = clean_photo(upload(content=out.getvalue()))
    assert (clean.width, clean.height) == (20, 40)


def test_it_keeps_transparency_as_png():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")
    clean = clean_photo(upload("clear.png", out.getvalue(), "image/png"))
    assert clean.extension == "png"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"GIF89a broken", "look like a photo"),
        (jpeg_bytes()[:200], "look like a photo"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "look like a photo"),
    ],
)
def test_it_refuses_what_is_not_a_whole_photo(content, message):
    with pytest.raises(ValidationError) as caught:
        clean_photo(upload(content=content))
    assert message in str(caught.value)


def test_it_refuses_a_decompression_bomb(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("1", (5000, 5000)).save(out, format="PNG")  # tiny file, 25 megapixels
    with pytest.raises(ValidationError, match="too many pixels"):
        clean_photo(upload("bomb.png", out.getvalue(), "image/png"))


def test_the_stored_file_has_no_location(owner_client, settings):
    owner_client.post(
        "/capture/", {"text": "x", "photos": upload(content=jpeg_bytes(exif_gps=True))}
    )
    photo = Photo.objects.get()
    stored = (settings.MEDIA_ROOT / photo.image.name).read_bytes()
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_it_serves_a_photo_to_its_owner_privately(owner_client):
    owner_client.post("/capture/", {"text": "x", "photos": upload()})
    photo = Photo.objects.get()
    for url in (f"/photos/{photo.pk}/", f"/photos/{photo.pk}/thumbnail/"):
        response = owner_client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_nobody_else_can_fetch_it(owner_client, stranger_client, client):
    owner_client.post("/capture/", {"text": "x", "photos": upload()})
    photo = Photo.objects.get()
    assert stranger_client.get(f"/photos/{photo.pk}/").status_code == 404
    assert stranger_client.get(f"/photos/{photo.pk}/thumbnail/").status_code == 404
    assert client.get(f"/photos/{photo.pk}/").status_code == 302


def test_photos_can_be_added_and_removed_later(
    owner_client, owner, settings, django_capture_on_commit_callbacks
):
    glimmer = make_glimmer(owner, "later photo")
    response = owner_client.post(f"/glimmers/{glimmer.pk}/photos/", {"photos": upload()})
    assert response.status_code == 302
    photo = glimmer.photos.get()
    path = settings.MEDIA_ROOT / photo.image.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(f"/photos/{photo.pk}/delete/")
    assert not Photo.objects.exists()
    assert not path.exists()


def test_a_bad_later_photo_is_explained(owner_client, owner):
    glimmer = make_glimmer(owner, "no photo yet")
    response = owner_client.post(
        f"/glimmers/{glimmer.pk}/photos/", {"photos": upload(content=b"nope")}
    )
    assert response.status_code == 400
    assert "look like a photo" in response.content.decode()
    assert not Photo.objects.exists()


def test_a_stranger_cannot_add_or_remove_photos(owner_client, stranger_client, owner):
    glimmer = make_glimmer(owner, "mine")
    assert (
        stranger_client.post(f"/glimmers/{glimmer.pk}/photos/", {"photos": upload()}).status_code
        == 404
    )
    owner_client.post(f"/glimmers/{glimmer.pk}/photos/", {"photos": upload()})
    photo = Photo.objects.get()
    assert stranger_client.post(f"/photos/{photo.pk}/delete/").status_code == 404
    assert Photo.objects.count() == 1
    assert Glimmer.objects.count() == 1
