"""Two-step sign-in in a real browser: the set-up QR code shows under the app's own
Content-Security-Policy, and signing in with a code works end to end."""

from __future__ import annotations

import os
from pathlib import Path

import pyotp
import pytest
from django.utils import timezone

from glimmers.accounts.models import TwoFactor
from tests.browser import conftest as browser_tests
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

new_context = browser_tests.new_context  # fresh cookie jars, phone sized


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium for this file only, as tests/browser starts it.

    Its own fixture, not tests/browser's package-wide one: that one would stay
    open (with DJANGO_ALLOW_ASYNC_UNSAFE set) until the whole run ends, and
    later tests that run `glimmers check --deploy` would see the variable.
    """
    path = browser_tests.chromium_path()
    if not Path(path).exists():
        pytest.skip(f"No chromium at {path}; run `make chromium` or set GLIMMERS_CHROMIUM.")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=path, headless=True, args=browser_tests.CHROMIUM_ARGS
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


def test_the_setup_qr_code_shows_without_breaking_the_content_security_policy(
    new_context, owner, live_server
):
    context = new_context()
    browser_tests.sign_in(context, owner, live_server.url)
    page = context.new_page()
    complaints = []
    page.on("console", lambda message: complaints.append(message.text))

    page.goto("/accounts/security/two-step/setup/")

    qr = page.locator("img.qr-code")
    qr.wait_for()
    page.wait_for_function("document.querySelector('img.qr-code').complete")
    assert qr.evaluate("img => img.naturalWidth") > 100
    assert not [text for text in complaints if "Content Security Policy" in text]

    secret = TwoFactor.objects.get(user=owner).secret
    app = pyotp.TOTP(secret)
    page.get_by_label("The 6-digit code from your app").fill(app.now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.get_by_text("Two-step sign-in is on").wait_for()
    assert page.locator("ul.recovery-codes li").count() == 10


def test_signing_in_with_a_code_in_a_browser(new_context, owner, live_server):
    app = pyotp.TOTP(pyotp.random_base32())
    TwoFactor.objects.create(user=owner, secret=app.secret, confirmed_at=timezone.now())
    page = new_context().new_page()

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("olena")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="One more step").wait_for()
    page.get_by_label("Code").fill(app.now())
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_security_pages_pass_axe(new_context, owner, live_server, scheme):
    from axe_playwright_python.sync_playwright import Axe

    from glimmers.accounts import tokens

    tokens.create_token(owner, "Kitchen tablet")
    context = new_context(color_scheme=scheme)
    browser_tests.sign_in(context, owner, live_server.url)
    page = context.new_page()
    found = []
    for path in (
        "/accounts/security/",
        "/accounts/security/two-step/",
        "/accounts/security/two-step/setup/",
        "/accounts/security/confirm/",
        "/accounts/tokens/",
        "/accounts/password/",
    ):
        page.goto(path)
        violations = Axe().run(page).response["violations"]
        found += [
            f"{path}: {v['id']} ({v['impact']}): {v['help']}"
            for v in violations
            if v.get("impact") in {"serious", "critical"}
        ]
    assert not found, "\n".join(found)
