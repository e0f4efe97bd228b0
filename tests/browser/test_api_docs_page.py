"""The API docs page (/api/v1/docs): Swagger UI under our own stylesheet, axe-clean.

Swagger UI's own colours failed contrast on 61 elements, and with deep links on
it put a link inside the button that opens each operation (a control in a
control). api/docs.css puts Glimmers' colours over Swagger UI's, deep links are
off (api/docs.py), and api/docs.js names what Swagger UI leaves unnamed. Checked
at desktop and phone sizes, closed and with one operation of each method and a
schema open,
with no finding of any impact, and no file or style refused by the CSP.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

axe = Axe()
LISTED = 10


def violations(page) -> list[str]:
    found = []
    for violation in axe.run(page).response["violations"]:
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:LISTED]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = node.get("failureSummary", "").replace("\n", " ")
            found.append(f"    {target}: {node.get('html', '')[:160]} — {summary[:300]}")
    return found


def open_one_of_each(page) -> None:
    """Open one operation of each method (each draws its own colours) and the schemas.

    Opening all ~60 operations took minutes; one of each shows every kind of part.
    """
    page.locator(".opblock-summary-control").first.wait_for()
    for method in ["get", "post", "put", "patch", "delete"]:
        page.locator(f".opblock-{method} .opblock-summary-control").first.click()
    expect(page.locator(".opblock-body")).to_have_count(5)
    # The schemas are listed open; unfold the first one.
    page.locator(".models .json-schema-2020-12-accordion").first.click()
    expect(page.locator(".models .json-schema-2020-12-body").first).to_be_visible()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_api_docs_page_has_no_accessibility_problems(
    new_context, owner, live_server, size, screenshot
):
    # The page is light only (api/docs.css); a dark-mode browser gets the same page.
    context = new_context(viewport=size, color_scheme="dark")
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_be_visible()
    screenshot(page, "closed")
    found = violations(page)
    assert not found, "\n".join(found)
    open_one_of_each(page)
    found = violations(page)
    assert not found, "\n".join(found)
    assert errors == []
