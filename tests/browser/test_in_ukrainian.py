"""Every page in Ukrainian, in real Chromium: no English interface words, and axe passes.

The browser asks for Ukrainian (``locale="uk-UA"`` sends ``Accept-Language``).
On each page the words a person can read or hear — the text, and the labels,
placeholders, titles and alternative texts — are searched for every English
phrase of the interface (the catalogue's own msgids of three words or more);
what the person wrote in English themselves is theirs and is not searched.
axe runs with every fold open, on a phone and on a desktop.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse

import glimmers
from tests.browser.conftest import PHONE, sign_in
from tests.browser.test_accessibility import (
    a_few_glimmers,
    blocking_violations,
    describe,
    open_all_details,
)
from tests.factories import make_trigger, make_user

pytestmark = pytest.mark.browser

CATALOGUE = Path(glimmers.__file__).parent / "locale" / "uk" / "LC_MESSAGES" / "django.po"
DESKTOP = {"width": 1280, "height": 900}

# What a person can read or hear on a page, besides its text.
READABLE = """() => {
    const parts = [document.body.innerText];
    const labelled = "[aria-label], [placeholder], [title], img[alt]";
    for (const element of document.querySelectorAll(labelled)) {
        for (const name of ["aria-label", "placeholder", "title", "alt"]) {
            if (element.hasAttribute(name)) parts.push(element.getAttribute(name));
        }
    }
    return parts.join("\\n");
}"""


def english_phrases() -> list[str]:
    """The interface's English sentences and phrases: msgids of three words or more,
    without placeholders or markup, whose Ukrainian differs."""
    phrases = set()
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete or entry.msgid_plural or not entry.msgstr:
            continue
        text = entry.msgid
        if re.search(r"%|\{|<|&|`|\n", text) or entry.msgstr == text:
            continue
        if len(re.findall(r"[A-Za-z’']+", text)) >= 3:
            phrases.add(text)
    return sorted(phrases, key=len, reverse=True)


@pytest.fixture
def journal_in_ukrainian(owner):
    return _journal(owner)


def _journal(owner):
    """Olena's journal with some texture, a circle, a carer and reminders; the pages to walk."""
    from glimmers.care import services as care
    from glimmers.circles import services as circles
    from glimmers.reminders import services as reminders

    rich = a_few_glimmers(owner)
    circle = circles.make_circle(owner, "Родина")
    carer = make_user("counsellor")
    carer.is_carer = True
    carer.save(update_fields=["is_carer"])
    scope = {"scope": "sessions", "with_photos": True, "with_triggers": True, "with_insights": True}
    _link, code = care.invite(owner, "psychologist", **scope)
    link = care.accept(carer, code)
    care.confirm(owner, link)
    care.mark_for_sessions(owner, rich)
    care.suggest(carer, link, "Notice one sound on your walk")
    shared = circles.share(owner, rich, [circle], with_photos=True)[0]
    trigger = make_trigger(owner, "A siren at night")
    reminders.save_choices(owner, morning_on=True, evening_on=True)
    _journal.carer, _journal.circle = carer, circle
    _journal.carer_pages = [
        reverse("care:clients"),
        reverse("care:client", args=[link.pk]),
        reverse("care:client_glimmers", args=[link.pk]),
        reverse("care:client_glimmer", args=[link.pk, rich.pk]),
        reverse("care:client_triggers", args=[link.pk]),
        reverse("care:suggest", args=[link.pk]),
    ]
    pages = [
        reverse("practice:today"),
        reverse("journal:capture"),
        reverse("journal:timeline"),
        reverse("journal:detail", args=[rich.pk]),
        reverse("journal:edit", args=[rich.pk]),
        reverse("journal:on_this_day"),
        reverse("journal:triggers"),
        reverse("journal:own_words"),
        reverse("insights:index") + "?range=all",
        reverse("insights:summary") + "?range=all",
        reverse("practice:reflect"),
        reverse("practice:reflections"),
        reverse("practice:prompts"),
        reverse("practice:trace"),
        reverse("practice:hard_time"),
        reverse("practice:menu"),
        reverse("practice:grounding"),
        reverse("practice:question"),
        reverse("practice:values"),
        reverse("practice:anchor", args=[rich.pk]),
        reverse("circles:index"),
        reverse("circles:circle", args=[circle.pk]),
        reverse("circles:people", args=[circle.pk]),
        reverse("care:index"),
        reverse("care:as_carer", args=[link.pk]),
        reverse("reminders:preferences"),
        reverse("yourdata:export"),
        reverse("yourdata:import"),
        reverse("yourdata:delete_account"),
        reverse("accounts:preferences"),
        reverse("accounts:security"),
        reverse("accounts:password_change"),
        reverse("accounts:two_factor"),
        reverse("tokens:list"),
        # Less often seen, as much hers.
        reverse("circles:shared", args=[shared.pk]),
        reverse("circles:share", args=[rich.pk]),
        reverse("circles:share_several", args=[circle.pk]),
        reverse("circles:edit", args=[circle.pk]),
        reverse("circles:close", args=[circle.pk]),
        reverse("care:scope", args=[link.pk]),
        reverse("care:end", args=[link.pk]),
        reverse("care:log", args=[link.pk]),
        reverse("care:as_carer_glimmers", args=[link.pk]),
        reverse("care:as_carer_glimmer", args=[link.pk, rich.pk]),
        reverse("care:as_carer_triggers", args=[link.pk]),
        reverse("journal:delete", args=[rich.pk]),
        reverse("journal:trigger_edit", args=[trigger.pk]),
        reverse("accounts:password_changed"),
        reverse("accounts:two_factor_setup"),
    ]
    return pages


def english_on(page, phrases: list[str]) -> list[str]:
    readable = page.evaluate(READABLE)
    return [phrase for phrase in phrases if phrase in readable]


def test_every_page_speaks_ukrainian(
    new_context, owner, live_server, journal_in_ukrainian, screenshot
):
    phrases = english_phrases()
    assert len(phrases) > 500  # the check has something to check with
    context = new_context(locale="uk-UA")
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    found = []
    for path in journal_in_ukrainian:
        page.goto(path)
        assert page.evaluate("document.documentElement.lang") == "uk", path
        open_all_details(page)
        left = english_on(page, phrases)
        if left:
            found.append(f"{path}: {left[:8]}")
    # Signed out: the sign-in page.
    anonymous = new_context(locale="uk-UA").new_page()
    anonymous.goto(reverse("accounts:login"))
    left = english_on(anonymous, phrases)
    if left:
        found.append(f"sign-in: {left[:8]}")
    assert not found, "English left on Ukrainian pages:\n" + "\n".join(found)


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("locale", ["uk-UA", "en-GB"])
def test_axe_finds_nothing_serious_on_every_page(
    new_context, owner, live_server, journal_in_ukrainian, size, locale, screenshot
):
    """Both languages, a phone and a desktop, every fold open."""
    context = new_context(locale=locale, viewport=PHONE if size == "phone" else DESKTOP)
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    found = []
    for path in journal_in_ukrainian:
        page.goto(path)
        open_all_details(page)
        violations = blocking_violations(page)
        if violations:
            found.append(describe(path, violations))
    assert not found, f"axe found serious problems ({locale}, {size}):\n" + "\n".join(found)


def test_the_main_pages_in_ukrainian_on_a_phone(
    new_context, owner, live_server, journal_in_ukrainian, screenshot
):
    """Screenshots for people to look at: Today, capture, Insights, the prompt library."""
    context = new_context(locale="uk-UA")
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    for name, path in [
        ("today", reverse("practice:today")),
        ("capture", reverse("journal:capture")),
        ("insights", reverse("insights:index") + "?range=all"),
        ("prompts", reverse("practice:prompts")),
    ]:
        page.goto(path)
        assert page.evaluate("document.documentElement.lang") == "uk"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        screenshot(page, f"uk-{name}")


def test_a_carer_and_a_newcomer_see_ukrainian_too(
    new_context, owner, live_server, journal_in_ukrainian
):
    from glimmers.circles import services as circles

    phrases = english_phrases()
    found = []
    context = new_context(locale="uk-UA")
    sign_in(context, _journal.carer, live_server.url)
    page = context.new_page()
    for path in _journal.carer_pages:
        page.goto(path)
        assert page.evaluate("document.documentElement.lang") == "uk", path
        open_all_details(page)
        left = english_on(page, phrases)
        if left:
            found.append(f"{path}: {left[:8]}")
        violations = blocking_violations(page)
        if violations:
            found.append(describe(path, violations))
    # Someone with no account, opening a circle's invitation on a phone.
    _invite, code = circles.invite(owner, _journal.circle)
    newcomer = new_context(locale="uk-UA").new_page()
    newcomer.goto(reverse("circles:join_code", args=[code]))
    left = english_on(newcomer, phrases)
    if left:
        found.append(f"circle invitation: {left[:8]}")
    assert not found, "On a carer's or a newcomer's Ukrainian pages:\n" + "\n".join(found)


def test_the_welcome_page_speaks_ukrainian(new_context, db):
    """The very first page, before any account exists."""
    page = new_context(locale="uk-UA").new_page()
    page.goto("/")
    assert page.url.endswith(reverse("accounts:welcome"))
    assert page.evaluate("document.documentElement.lang") == "uk"
    assert not english_on(page, english_phrases())
    assert not blocking_violations(page)
