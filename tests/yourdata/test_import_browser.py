"""Bring in a journal, in a real browser: choose, look, confirm; axe finds nothing serious."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from glimmers.journal.models import Glimmer
from tests.browser import conftest as shared

# The browser folder's fixtures (fresh contexts, the built-in words), used here.
new_context = shared.new_context
_builtin_words = shared._builtin_words
screenshot = shared.screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    """tests/browser's chromium, for this module only: what it sets for the browser
    (DJANGO_ALLOW_ASYNC_UNSAFE) is put back when these tests end. Borrowed whole, its
    package scope outlived these tests and the variable leaked into later ones."""
    yield from shared.browser._get_wrapped_function()()


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"


@pytest.fixture
def signed_in(new_context, owner, live_server):
    context = new_context()
    shared.sign_in(context, owner, live_server.url)
    return context.new_page()


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def serious(page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']}" for v in found if v.get("impact") in {"serious", "critical"}]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_choose_look_and_bring_in(owner, signed_in, scheme, screenshot):
    page = signed_in
    page.emulate_media(color_scheme=scheme)
    page.goto("/your-data/import/")
    expect(page.get_by_role("heading", name="Bring in a journal")).to_be_visible()
    assert serious(page) == []

    page.get_by_label("Your journal's file").set_input_files(str(FIXTURES / "daylio-8.csv"))
    page.get_by_role("button", name="Show me what would come in").click()

    expect(page.get_by_role("heading", name="Here is what would come in")).to_be_visible()
    expect(page.get_by_text("Перша кава 🍵")).to_be_visible()
    assert serious(page) == []
    screenshot(page, f"preview-{scheme}")
    assert Glimmer.objects.filter(owner=owner).count() == 0

    page.get_by_role("button", name="Bring these in").click()

    # The page follows the job on its own (yourdata/progress.js) until it is done.
    expect(page.get_by_text("Brought in 2 glimmers.")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("heading", name="Here is what came in")).to_be_visible()
    assert serious(page) == []
    screenshot(page, f"done-{scheme}")
    assert Glimmer.objects.filter(owner=owner).count() == 2
    page.get_by_role("link", name="Open my journal").click()
    expect(page.get_by_text("Перша кава 🍵")).to_be_visible()


def test_a_wrong_file_says_so_calmly(owner, signed_in, tmp_path):
    wrong = tmp_path / "picture.jpg"
    wrong.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    page = signed_in
    page.goto("/your-data/import/")

    page.get_by_label("Your journal's file").set_input_files(str(wrong))
    page.get_by_role("button", name="Show me what would come in").click()

    expect(page.get_by_role("alert")).to_contain_text("nothing was brought in", timeout=20_000)
    assert Glimmer.objects.count() == 0
