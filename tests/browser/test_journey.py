"""The first glimmer, end to end, the way a person would meet the app.

First run → set up the journal → catch a glimmer with senses and a photo →
find it in the journal → count one more → change the words → delete it.
The same walk is used to prove that no request ever leaves the machine.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.factories import PASSWORD, jpeg_bytes

pytestmark = pytest.mark.browser

FIRST_WORDS = "Steam curling off the kettle in the morning sun"
NEW_WORDS = "Steam curling off the kettle, and the cat stretching"


def today_count(page):
    return page.get_by_test_id("today-count")


def walk_the_first_glimmer(page, tmp_path, screenshot) -> dict:
    """Walk the journey in ``page``; return what the test may want to check afterwards."""
    from glimmers.journal.models import Glimmer, Photo

    photo_file = tmp_path / "kettle.jpg"
    photo_file.write_bytes(jpeg_bytes(size=(320, 240), exif_gps=True))
    with Image.open(photo_file) as original:
        assert original.getexif(), "the test photo should start with EXIF (and GPS)"

    # First run: every page leads to the welcome page.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/welcome/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Glimmers")
    screenshot(page, "01-welcome")
    page.get_by_label("A name to sign in with").fill("olena")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("Your time zone").select_option("Europe/Kyiv")
    page.get_by_role("button", name="Create my journal").click()

    # Today, with the capture form and nothing yet today.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Catch a glimmer")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your journal is ready")
    expect(today_count(page)).to_have_text("0 glimmers")
    screenshot(page, "02-capture-empty")

    # Catch one, with two senses and a photo.
    page.get_by_label("What was it?").fill(FIRST_WORDS)
    page.get_by_text("Add details (all optional)").click()
    page.get_by_label("sight", exact=True).check()
    page.get_by_label("sound", exact=True).check()
    page.locator("input[type=file][name=photos]").set_input_files(str(photo_file))
    screenshot(page, "03-capture-details-open")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("Kept.")
    expect(today_count(page)).to_have_text("1 glimmer")
    card = page.locator("#today article.glimmer-card").filter(has_text=FIRST_WORDS)
    expect(card).to_have_count(1)
    expect(card.locator(".chip-sense")).to_have_text(["sight", "sound"])
    screenshot(page, "04-capture-saved")

    glimmer = Glimmer.objects.get(text=FIRST_WORDS)
    photo = Photo.objects.get(glimmer=glimmer)

    # The thumbnail really loads, as an image, for the person who owns it.
    thumbnail = card.locator(".thumbs img")
    thumbnail.scroll_into_view_if_needed()
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("img => img.naturalWidth") > 0
    thumbnail_url = thumbnail.get_attribute("src")
    assert thumbnail_url == f"/photos/{photo.pk}/thumbnail/"
    response = page.request.get(thumbnail_url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/")

    # What was kept on disk carries no EXIF, so no GPS and no camera.
    for kept in (photo.image, photo.thumbnail):
        with Image.open(kept.path) as stored:
            assert not stored.getexif(), f"{kept.name} still has EXIF: {dict(stored.getexif())}"

    # The journal shows it, and search finds it by a word in the middle.
    page.get_by_role("link", name="Journal", exact=True).click()
    expect(page.get_by_role("heading", name="Your journal")).to_be_visible()
    expect(page.get_by_role("link", name=FIRST_WORDS)).to_be_visible()
    expect(page.locator(".tally-form .today-count")).to_have_text("1 today")
    screenshot(page, "05-journal")

    search = page.get_by_label("Search your glimmers")
    search.fill("nothing-like-this")
    search.press("Enter")
    expect(page.get_by_text("No glimmers match that.")).to_be_visible()
    expect(page.get_by_role("link", name=FIRST_WORDS)).to_have_count(0)

    search = page.get_by_label("Search your glimmers")
    search.fill("kettle")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]q=kettle"))
    expect(page.get_by_label("Search your glimmers")).to_have_value("kettle")
    expect(page.locator("article.glimmer-card")).to_have_count(1)
    expect(page.get_by_role("link", name=FIRST_WORDS)).to_be_visible()
    screenshot(page, "06-search")

    # Count one, with no words, from Today (where capture lives).
    page.get_by_role("link", name="Today", exact=True).click()
    expect(today_count(page)).to_have_text("1 glimmer")
    page.get_by_role("button", name="Count one").click()
    expect(page.get_by_role("status")).to_contain_text("Counted. 2 glimmers today.")
    expect(today_count(page)).to_have_text("2 glimmers")
    expect(page.locator("#today").get_by_text("Counted, no words yet")).to_be_visible()

    # Change the words.
    page.get_by_role("link", name=FIRST_WORDS).click()
    expect(page).to_have_url(re.compile(rf"/glimmers/{glimmer.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(FIRST_WORDS)
    screenshot(page, "07-detail")
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/glimmers/{glimmer.pk}/edit/$"))
    expect(page.get_by_label("sight", exact=True)).to_be_checked()
    expect(page.get_by_label("sound", exact=True)).to_be_checked()
    page.get_by_label("What was it?").fill(NEW_WORDS)
    screenshot(page, "08-edit")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Saved your changes.")
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_WORDS)
    expect(page.locator(".facts")).to_contain_text("sight, sound")

    # Delete it, after saying yes.
    page.get_by_role("link", name="Delete", exact=True).click()
    expect(page.get_by_role("heading", name="Delete this glimmer?")).to_be_visible()
    expect(page.locator("blockquote")).to_have_text(NEW_WORDS)
    screenshot(page, "09-delete")
    page.get_by_role("button", name="Yes, delete it").click()

    expect(page).to_have_url(re.compile(r"/journal/$"))
    expect(page.get_by_role("status")).to_contain_text("Deleted. It's gone for good.")
    expect(page.get_by_text(NEW_WORDS)).to_have_count(0)
    expect(page.get_by_text(FIRST_WORDS)).to_have_count(0)
    # The tally is still there, and still counted.
    expect(page.locator("article.glimmer-card")).to_have_count(1)
    expect(page.locator(".tally-form .today-count")).to_have_text("1 today")
    screenshot(page, "10-after-delete")

    assert not Glimmer.objects.filter(pk=glimmer.pk).exists()
    assert page.request.get(thumbnail_url).status == 404
    return {"photo": photo}


def leaves_the_machine(url: str, here: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:  # made inside the page itself
        return False
    return parts.scheme not in {"http", "https"} or parts.netloc != here


def test_the_first_glimmer_from_setup_to_deletion(page, tmp_path, screenshot):
    walk_the_first_glimmer(page, tmp_path, screenshot)


def test_no_request_leaves_the_machine(new_context, live_server, tmp_path, screenshot):
    """Principle 5: no CDNs, web fonts, analytics or trackers, on any page of the walk.

    The Content-Security-Policy would quietly block most such requests before
    they were made, so it is bypassed here: the pages themselves must not ask
    for anything elsewhere. Anything that tries is recorded and aborted.
    """
    here = urlsplit(live_server.url).netloc
    seen: list[str] = []
    context = new_context(bypass_csp=True)
    context.on("request", lambda request: seen.append(request.url))

    def only_here(route):
        if leaves_the_machine(route.request.url, here):
            route.abort()
        else:
            route.continue_()

    context.route("**/*", only_here)
    page = context.new_page()

    walk_the_first_glimmer(page, tmp_path, screenshot)

    elsewhere = [url for url in seen if leaves_the_machine(url, here)]
    assert any(url.startswith(f"{live_server.url}/static/") for url in seen)
    assert any("/thumbnail/" in url for url in seen)
    assert not elsewhere, "requests left the machine:\n" + "\n".join(elsewhere)
