"""Glimmers with no connection, in real Chromium: the service worker and the queue.

A glimmer lasts about fifteen seconds and often happens where the signal is
weak. These tests go offline (``context.set_offline``), catch glimmers, reload
the page from the worker's cache, come back online, and count what the server
has: each glimmer once, at the moment it was caught, however often the queue
is sent again. Signing out leaves no page and no queued glimmer behind.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from glimmers.journal.models import Glimmer, Photo
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import blocking_violations, describe
from tests.factories import jpeg_bytes, make_glimmer, make_user

pytestmark = pytest.mark.browser

WAIT_MS = 15_000


def worker_in_charge(page) -> None:
    """Wait until the service worker controls the page and has kept Today and capture."""
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller", timeout=WAIT_MS
    )
    page.wait_for_function(
        """async () => {
            const cache = await caches.open("glimmers-pages");
            return !!(await cache.match("/")) && !!(await cache.match("/capture/"));
        }""",
        timeout=WAIT_MS,
    )


def page_now(page) -> datetime:
    return datetime.fromtimestamp(page.evaluate("() => Date.now()") / 1000, UTC)


def catch(page, words: str, *, sense: str | None = None, photo=None) -> tuple[datetime, datetime]:
    """Type a glimmer into the capture form and press Save; the moments around the press."""
    form = page.locator("form.capture-form")
    form.get_by_label("What was it?").fill(words)
    if sense or photo:
        details = form.locator("details.more-details")
        if not details.evaluate("d => d.open"):
            details.locator(":scope > summary").click()
        if sense:
            form.get_by_label(sense, exact=True).check()
        if photo:
            form.locator("input[type=file][name=photos]").set_input_files(str(photo))
    before = page_now(page)
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_label("What was it?")).to_have_value("")  # kept, and the form is clear
    return before, page_now(page)


def queue_ids(page) -> list[str]:
    return page.evaluate("() => GlimmersQueue.all().then(items => items.map(i => i.id))")


def check_axe(page, where: str) -> None:
    """axe finds nothing serious, in light and in dark."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = blocking_violations(page)
        assert not violations, describe(f"{where} ({scheme})", violations)
    page.emulate_media(color_scheme="light")


def test_glimmers_caught_offline_are_saved_once_at_the_moment_they_were_caught(
    new_context, owner, live_server, tmp_path, screenshot
):
    context = new_context()
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    page.goto("/")
    worker_in_charge(page)
    photo = tmp_path / "frost.jpg"
    photo.write_bytes(jpeg_bytes(size=(320, 240), exif_gps=True))

    context.set_offline(True)
    moments = [catch(page, "A blackbird on the wire")]
    status = page.locator("form.capture-form [data-queue-status-near]")
    expect(status).to_have_text(
        "1 glimmer waiting to be saved. It's kept on this device until the connection comes back."
    )
    moments.append(catch(page, "Warm bread smell at the corner", sense="smell"))
    moments.append(catch(page, "Frost ferns on the window", photo=photo))
    expect(status).to_contain_text("3 glimmers waiting to be saved.")
    assert Glimmer.objects.count() == 0

    # With no network at all, the page still opens: the worker kept it. (Written on
    # the server meanwhile, so a page that came from the network would show it.)
    meanwhile = make_glimmer(owner, "Written on the server meanwhile")
    page.reload()
    expect(page.get_by_label("What was it?")).to_be_visible()
    expect(page.get_by_text("Written on the server meanwhile")).to_have_count(0)
    meanwhile.delete()
    expect(status).to_contain_text("3 glimmers waiting to be saved.")
    check_axe(page, "Today, offline, three waiting")
    screenshot(page, "waiting")
    # What the queue holds now, to send again later (the photo's Blob included).
    page.evaluate("() => GlimmersQueue.all().then(items => { window.keptCopies = items; })")
    ids = sorted(queue_ids(page))
    assert len(ids) == 3

    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text(
        "3 glimmers saved. They're in your journal now.", timeout=WAIT_MS
    )
    expect(status).not_to_contain_text("waiting")
    check_axe(page, "Today, back online, saved")
    screenshot(page, "saved")
    assert queue_ids(page) == []

    saved = list(Glimmer.objects.filter(owner=owner).order_by("noticed_at"))
    assert sorted(str(g.pk) for g in saved) == ids
    assert [g.text for g in saved] == [
        "A blackbird on the wire",
        "Warm bread smell at the corner",
        "Frost ferns on the window",
    ]
    for glimmer, (before, after) in zip(saved, moments, strict=True):
        # The moment Save was pressed, not the moment it reached the server.
        assert before.replace(microsecond=0) <= glimmer.noticed_at <= after, glimmer.text
    assert [s.slug for s in saved[1].senses.all()] == ["smell"]
    [kept_photo] = Photo.objects.filter(owner=owner)
    assert kept_photo.glimmer_id == saved[2].pk

    # The queue sent again, twice, as after a lost answer: still three, one photo.
    for _ in range(2):
        report = page.evaluate(
            """async () => {
                for (const item of window.keptCopies) {
                    const again = Object.assign({}, item, {glimmerSaved: false});
                    again.photos = item.photos.map(p => Object.assign({}, p, {saved: false}));
                    await GlimmersQueue.put(again);
                }
                const home = document.getElementById("queue-status");
                const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
                const session = {user: home.dataset.user, csrf: csrf, api: home.dataset.api};
                return GlimmersQueue.replay(session);
            }"""
        )
        assert report["saved"] == 3 and not report["signIn"]
        assert Glimmer.objects.filter(owner=owner).count() == 3
        assert Photo.objects.filter(owner=owner).count() == 1
        assert queue_ids(page) == []

    # Something still waiting: signing out says so first.
    page.evaluate(
        """() => {
            const home = document.getElementById("queue-status");
            return GlimmersQueue.put({id: GlimmersQueue.newId(), user: home.dataset.user,
                capturedAt: Date.now(), payload: {text: "Not sent yet"}, photos: [],
                glimmerSaved: false});
        }"""
    )
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    warning = page.locator("[data-sign-out-warning]")
    expect(warning).to_have_text(
        "1 glimmer is still waiting to be saved on this device. Signing out now lets it go. "
        "Press “Sign out” again if that's all right."
    )
    check_axe(page, "Sign-out warning")
    screenshot(page, "sign-out-warning")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")

    # Nothing of hers stays: no cache, no queue, no worker.
    page.wait_for_function("() => caches.keys().then(names => names.length === 0)", timeout=WAIT_MS)
    assert page.evaluate("() => caches.keys()") == []
    assert queue_ids(page) == []
    page.wait_for_function(
        "() => navigator.serviceWorker.getRegistrations().then(r => r.length === 0)",
        timeout=WAIT_MS,
    )
    assert Glimmer.objects.filter(owner=owner).count() == 3
    assert not Glimmer.objects.filter(text="Not sent yet").exists()


def test_a_queue_whose_session_ended_waits_for_sign_in_and_is_never_dropped(
    new_context, owner, live_server
):
    context = new_context()
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    page.goto("/capture/")
    worker_in_charge(page)

    context.set_offline(True)
    catch(page, "Rain on the skylight")
    context.clear_cookies()  # the session ends while the phone is away
    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    status = page.locator("form.capture-form [data-queue-status-near]")
    expect(status).to_contain_text("Sign in again and it will be saved", timeout=WAIT_MS)
    assert len(queue_ids(page)) == 1
    assert Glimmer.objects.count() == 0

    # Someone else signing in on this phone does not get it…
    stranger = make_user("someone")
    sign_in(context, stranger, live_server.url)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert len(queue_ids(page)) == 1
    assert Glimmer.objects.count() == 0
    context.clear_cookies()

    # …and when she signs in again, it is saved, once.
    sign_in(context, owner, live_server.url)
    page.goto("/")
    expect(page.locator("form.capture-form [data-queue-status-near]")).to_contain_text(
        "1 glimmer saved.", timeout=WAIT_MS
    )
    assert [g.text for g in Glimmer.objects.filter(owner=owner)] == ["Rain on the skylight"]
    assert queue_ids(page) == []


def test_a_photo_shared_from_another_app_opens_a_filled_in_capture(
    new_context, owner, live_server, tmp_path, screenshot
):
    context = new_context()
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    page.goto("/")
    worker_in_charge(page)
    photo = tmp_path / "harbour.jpg"
    photo.write_bytes(jpeg_bytes(size=(320, 240)))

    # What the phone's share sheet does: a multipart POST to the manifest's share_target.
    page.evaluate(
        """() => {
            const form = document.createElement("form");
            form.method = "post"; form.action = "/share/"; form.enctype = "multipart/form-data";
            form.id = "share-sheet";
            for (const [name, value] of [["title", "Harbour"], ["text", "Boats knocking softly"]]) {
                const input = document.createElement("input");
                input.type = "hidden"; input.name = name; input.value = value;
                form.append(input);
            }
            const file = document.createElement("input");
            file.type = "file"; file.name = "photos";
            form.append(file);
            document.body.append(form);
        }"""
    )
    page.locator("#share-sheet input[type=file]").set_input_files(str(photo))
    page.evaluate("() => document.getElementById('share-sheet').submit()")

    expect(page).to_have_url(f"{live_server.url}/capture/")
    words = page.get_by_label("What was it?")
    expect(words).to_have_value("Harbour\nBoats knocking softly")
    assert page.locator("input[type=file][name=photos]").evaluate("i => i.files.length") == 1
    expect(page.locator("#queue-status")).to_have_text(
        "Shared into Glimmers. Look it over, then press Save."
    )
    assert Glimmer.objects.count() == 0  # nothing is kept until she saves
    check_axe(page, "Capture, filled in from a share")
    screenshot(page, "shared")

    page.locator("form.capture-form").get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Kept.")
    [glimmer] = Glimmer.objects.filter(owner=owner)
    # A form sends a line break as CRLF, as it always has.
    assert glimmer.text.replace("\r\n", "\n") == "Harbour\nBoats knocking softly"
    assert Photo.objects.filter(glimmer=glimmer).count() == 1


def test_a_capture_the_network_drops_on_the_way_is_kept_not_lost(new_context, owner, live_server):
    """The browser thinks it is online, but the post never arrives (a weak signal)."""
    context = new_context()
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    page.goto("/capture/")
    worker_in_charge(page)

    context.set_offline(True)
    # This page believes it is online, so the form posts as usual; the worker catches
    # the failure, keeps the words, and opens the capture page from its cache.
    page.evaluate("() => Object.defineProperty(navigator, 'onLine', {get: () => true})")
    form = page.locator("form.capture-form")
    form.get_by_label("What was it?").fill("Cat asleep in the bakery window")
    form.locator("details.more-details > summary").click()
    form.get_by_label("sight", exact=True).check()
    before = page_now(page)
    form.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{live_server.url}/capture/")
    status = page.locator("form.capture-form [data-queue-status-near]")
    expect(status).to_contain_text("1 glimmer waiting to be saved.")
    expect(page.get_by_label("What was it?")).to_have_value("")
    assert Glimmer.objects.count() == 0

    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text("1 glimmer saved.", timeout=WAIT_MS)
    [glimmer] = Glimmer.objects.filter(owner=owner)
    assert glimmer.text == "Cat asleep in the bakery window"
    assert [s.slug for s in glimmer.senses.all()] == ["sight"]
    assert before.replace(microsecond=0) <= glimmer.noticed_at <= page_now(page)


def test_counting_one_with_no_connection_is_kept_and_counted_once(new_context, owner, live_server):
    context = new_context()
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    page.goto("/")
    worker_in_charge(page)

    context.set_offline(True)
    before = page_now(page)
    page.get_by_role("button", name="Count one").click()
    status = page.locator("form.capture-form [data-queue-status-near]")
    expect(status).to_contain_text("1 glimmer waiting to be saved.")

    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text("1 glimmer saved.", timeout=WAIT_MS)
    [tally] = Glimmer.objects.filter(owner=owner)
    assert tally.text == ""  # counted, no words yet
    assert before.replace(microsecond=0) <= tally.noticed_at <= page_now(page)
