"""Real-browser tests: Debian's chromium driven by Playwright against a live server.

The browser is never downloaded: it is the one in GLIMMERS_CHROMIUM, or
Debian's /usr/bin/chromium. Pages are phone sized (390 × 844), because that is
where most glimmers get caught.

Screenshots are saved only when GLIMMERS_SCREENSHOTS names a folder.
"""

from __future__ import annotations

import importlib
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def _builtin_words(live_server):
    """Put back the built-in senses, body cues and prompts before every browser test.

    A live server needs a transactional database, which is flushed after each
    test, and a flush also wipes the rows a data migration added. Django's
    serialized rollback cannot bring them back here: once Playwright has an
    event loop running in this thread, Django hands out a different database
    connection object from the one the contents were serialized on.
    """
    from django.apps import apps

    migration = importlib.import_module("glimmers.journal.migrations.0002_builtin_senses_and_cues")
    migration.add_builtins(apps, None)
    prompts = importlib.import_module("glimmers.practice.migrations.0002_prompt_library")
    prompts.load_prompts(apps, None)
    gentler = importlib.import_module("glimmers.practice.migrations.0003_gentler_prompt_words")
    gentler.gentler_words(apps, None)


def chromium_path() -> str:
    return os.environ.get("GLIMMERS_CHROMIUM") or "/usr/bin/chromium"


@pytest.fixture(scope="package")
def browser():
    """One chromium for the whole folder, closed when its last test is done.

    Playwright's sync API marks an event loop as running in the main thread,
    so Django refuses ORM calls from it unless DJANGO_ALLOW_ASYNC_UNSAFE is
    set. Both last only as long as this folder's tests: the variable would
    otherwise leak into every later test and into the processes they start
    (``glimmers check --deploy`` warns about it).
    """
    path = chromium_path()
    if not Path(path).exists():
        pytest.skip(f"No chromium at {path}; run `make chromium` or set GLIMMERS_CHROMIUM.")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser, live_server):
    """Open browser contexts (fresh cookie jars) that are closed after the test."""
    contexts = []

    def open_context(**options):
        settings = {
            "viewport": PHONE,
            "base_url": live_server.url,
            "locale": "en-GB",
            "timezone_id": "UTC",
            "reduced_motion": "reduce",
            **options,
        }
        context = browser.new_context(**settings)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def sign_in(context, user, base_url: str) -> None:
    """Give a browser context a signed-in session without typing a password."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def hold_the_clock(page) -> None:
    """Stop the page's fake clock, so that only page.clock.run_for() moves time on.

    page.clock.install() must have been called before the page was opened. A
    clock can only be paused ahead of the page's own "now", so one second on.
    """
    page_now = page.evaluate("Date.now()") / 1000
    page.clock.pause_at(datetime.fromtimestamp(page_now + 1, UTC))


@pytest.fixture
def owner_page(new_context, owner, live_server):
    """A phone-sized page already signed in as the owner."""
    context = new_context()
    sign_in(context, owner, live_server.url)
    return context.new_page()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "name") saves a full-page PNG when GLIMMERS_SCREENSHOTS is set."""
    folder = os.environ.get("GLIMMERS_SCREENSHOTS")

    def take(page, name: str) -> Path | None:
        if not folder:
            return None
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        test_name = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
        path = target / f"{test_name}--{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
