"""The download page in a real browser: it passes axe in light and dark, and its buttons download.

The browser fixtures are tests/browser's own (Debian's chromium through
Playwright), brought into this module by name.
"""

from __future__ import annotations

import csv
import json
import zipfile

import pytest

from tests.browser import conftest as browser_setup
from tests.browser.conftest import (  # noqa: F401 - fixtures, used by name
    _builtin_words,
    new_context,
    owner_page,
    screenshot,
)
from tests.browser.test_accessibility import blocking_violations, describe
from tests.factories import make_glimmer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    """tests/browser's chromium, for this module only: what it sets for the browser
    (DJANGO_ALLOW_ASYNC_UNSAFE) is put back when these tests end, not with the package."""
    yield from browser_setup.browser._get_wrapped_function()()


def test_the_page_reads_well_in_light_and_dark(owner_page, live_server, screenshot):  # noqa: F811
    owner_page.goto(f"{live_server.url}/your-data/export/")
    assert owner_page.get_by_role("heading", name="Take your journal out").is_visible()
    found = []
    wide = owner_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{wide}px wider than the screen"
    for scheme in ("light", "dark"):
        owner_page.emulate_media(color_scheme=scheme)
        violations = blocking_violations(owner_page)
        if violations:
            found.append(describe(f"export [{scheme}]", violations))
        screenshot(owner_page, f"export-{scheme}")
    assert not found, "\n".join(found)


def test_each_button_downloads_its_format(owner, owner_page, live_server):  # noqa: F811
    make_glimmer(owner, "Тепле світло на кухні ☀ #ранок")
    owner_page.goto(f"{live_server.url}/your-data/export/")

    with owner_page.expect_download() as csv_download:
        owner_page.get_by_role("link", name="Download CSV").click()
    path = csv_download.value.path()
    assert csv_download.value.suggested_filename.endswith(".csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["text"] == "Тепле світло на кухні ☀ #ранок"

    with owner_page.expect_download() as json_download:
        owner_page.get_by_role("link", name="Download everything (JSON)").click()
    with open(json_download.value.path(), encoding="utf-8") as handle:
        assert json.load(handle)["glimmers"][0]["tags"] == ["ранок"]

    with owner_page.expect_download() as markdown_download:
        owner_page.get_by_role("link", name="Download Markdown (ZIP)").click()
    with zipfile.ZipFile(markdown_download.value.path()) as archive:
        assert any(name.endswith(".md") for name in archive.namelist())
