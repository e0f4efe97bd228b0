"""{% link %} remembers addresses; they must be what {% url %} gives, under any prefix."""

import re
from pathlib import Path

from django.template import Context, Template
from django.urls import reverse, set_script_prefix

import glimmers
from glimmers.templatetags.links import link

BASE = Path(glimmers.__file__).with_name("templates") / "base.html"


def _names() -> list[str]:
    return re.findall(r"{% link '([a-z_:]+)' %}", BASE.read_text())


def test_every_link_in_the_page_frame_is_its_address():
    names = _names()
    assert len(names) >= 10
    for name in names:
        assert link(name) == reverse(name)


def test_a_new_prefix_gets_its_own_addresses():
    try:
        set_script_prefix("/glimmers/")
        assert link("practice:today") == reverse("practice:today") == "/glimmers/"
        rendered = Template("{% load links %}{% link 'journal:timeline' %}").render(Context())
        assert rendered == "/glimmers/journal/"
    finally:
        set_script_prefix("/")
    assert link("practice:today") == "/"
