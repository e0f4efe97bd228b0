"""The glimmer card (journal/_glimmer_card.html) escapes everything a person wrote."""

from html.parser import HTMLParser

from django.template.loader import render_to_string

from glimmers.journal import queries, services
from tests.factories import make_glimmer


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _card(owner, glimmer, **options):
    shown = queries.with_details(queries.glimmers(owner)).get(pk=glimmer.pk)
    html = render_to_string("journal/_glimmer_card.html", {"glimmer": shown, **options})
    parsed = _Collect()
    parsed.feed(html)
    return html, parsed


def test_everything_a_person_wrote_is_escaped(owner):
    glimmer = make_glimmer(
        owner,
        '<script>alert("x")</script> & <b>bold</b> #tea',
        place='<i>"porch"</i>',
        new_people=['Ana & "Bo"'],
        state_before="mobilized",
        state_after="safe",
    )
    html, parsed = _card(owner, glimmer)
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    allowed = {"article", "p", "time", "h3", "a", "span", "ul", "li"}
    assert {tag for tag, _ in parsed.tags} <= allowed
    text = "".join(parsed.text)
    assert '<script>alert("x")</script> & <b>bold</b> #tea' in text
    assert '<i>"porch"</i>' in text and 'Ana & "Bo"' in text and "#tea" in text
    links = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert links == [f"/glimmers/{glimmer.pk}/", "/journal/?tag=tea"]


def test_a_counted_glimmer_and_a_menu_card(owner):
    (tally,) = services.tally(owner)
    html, parsed = _card(owner, tally)
    assert "is-tally" in html and "Counted, no words yet" in "".join(parsed.text)
    html, parsed = _card(owner, make_glimmer(owner, "Kettle song"), hide_meta=True)
    assert "glimmer-meta" not in html and "<time" not in html


def test_sense_chips_name_senses_as_their_str_does(owner):
    from django.utils import translation

    from glimmers.journal.models import Sense

    own = Sense.objects.create(owner=owner, slug="petrichor", name="Petrichor & rain")
    built_in = Sense.objects.get(owner=None, slug="sight")
    glimmer = make_glimmer(owner, "After the storm", senses=[built_in, own])
    for language in ("en", "de"):
        with translation.override(language):
            _html, parsed = _card(owner, glimmer)
            text = "".join(parsed.text)
            assert str(built_in) in text and "Petrichor & rain" in text
