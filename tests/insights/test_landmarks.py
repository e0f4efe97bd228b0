"""Every landmark on the Insights page has a name of its own.

Each figure is a <section> named by its heading, and each folded table
scrolls in a region of its own; the two used to share a name ("Glimmers over
time" twice), which a screen reader's list of landmarks cannot tell apart.
"""

from html.parser import HTMLParser

import pytest
from django.utils import translation

LANDMARK_TAGS = {"main", "nav", "header", "footer", "aside", "section", "form"}


class Landmarks(HTMLParser):
    """Collect (role, name) of every named landmark; names from aria-label or aria-labelledby."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.labelledby: list[tuple[str, list[str]]] = []
        self.texts: dict[str, str] = {}
        self.open_ids: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        role = attributes.get("role") or (tag if tag in LANDMARK_TAGS else None)
        if role in LANDMARK_TAGS | {"region", "navigation", "complementary"}:
            if "aria-label" in attributes:
                self.found.append((role, attributes["aria-label"]))
            elif "aria-labelledby" in attributes:
                self.labelledby.append((role, attributes["aria-labelledby"].split()))
        if "id" in attributes:
            self.open_ids.append((tag, attributes["id"]))
            self.texts.setdefault(attributes["id"], "")

    def handle_endtag(self, tag):
        if self.open_ids and self.open_ids[-1][0] == tag:
            self.open_ids.pop()

    def handle_data(self, data):
        for _tag, ident in self.open_ids:
            self.texts[ident] += data

    def names(self) -> list[tuple[str, str]]:
        resolved = [
            (role, " ".join(self.texts.get(i, "").strip() for i in ids))
            for role, ids in self.labelledby
        ]
        role_of = {"section": "region"}
        return [
            (role_of.get(role, role), " ".join(name.split()))
            for role, name in self.found + resolved
        ]


@pytest.mark.parametrize("language", ["en", "uk"])
@pytest.mark.parametrize("path", ["/insights/?range=week", "/insights/?range=all"])
def test_no_two_landmarks_share_a_name(journal, owner_client, path, language):
    with translation.override(language):
        response = owner_client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    parser = Landmarks()
    parser.feed(response.content.decode())
    names = parser.names()
    assert ("region", "Glimmers over time") in names or language == "uk"
    repeated = {entry for entry in names if names.count(entry) > 1}
    assert not repeated, repeated
