"""The glimmer card ({% glimmer_card %}) escapes everything a person wrote."""

from html.parser import HTMLParser

from django.template import engines

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
    card = engines["django"].from_string(
        "{% load glimmer_cards %}{% glimmer_card glimmer hide_meta=hide_meta %}"
    )
    html = card.render({"glimmer": shown, "hide_meta": options.get("hide_meta", False)})
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


def test_the_meta_line_the_shift_and_the_photos(owner):
    import uuid
    from datetime import UTC, datetime

    from django.utils import timezone

    from glimmers.journal.models import Photo

    glimmer = make_glimmer(
        owner,
        "Heron at dusk",
        kind="remembered",
        reliable=True,
        state_after="safe",
        noticed_at=datetime(2026, 6, 1, 18, 5, tzinfo=UTC),
    )
    shown = queries.with_details(queries.glimmers(owner)).get(pk=glimmer.pk)
    first, second = uuid.uuid4(), uuid.uuid4()
    shown.shown_photos = [Photo(pk=first, alt_text='A "heron" <grey>'), Photo(pk=second)]
    card = engines["django"].from_string("{% load glimmer_cards %}{% glimmer_card glimmer %}")
    with timezone.override("Europe/Kyiv"):
        html = card.render({"glimmer": shown})
    parsed = _Collect()
    parsed.feed(html)
    pieces = [piece.strip() for piece in parsed.text if piece.strip()]
    # The time is the person's (Kyiv is three hours ahead in June), as <time> says.
    times = [attrs for tag, attrs in parsed.tags if tag == "time"]
    assert times == [{"datetime": "2026-06-01T21:05:00+03:00"}]
    assert pieces[:4] == ["21:05", "remembered", "reliable", "Heron at dusk"]
    assert pieces[4:8] == ["—", "→", "then", "safe & connected"]
    images = [attrs for tag, attrs in parsed.tags if tag == "img"]
    assert [(i["src"], i["alt"]) for i in images] == [
        (f"/photos/{first}/thumbnail/", 'A "heron" <grey>'),
        (f"/photos/{second}/thumbnail/", "A photo of this glimmer"),
    ]


def test_the_cards_format_html_escapes_as_djangos_does():
    from django.utils import html as django_html
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from glimmers.journal.templatetags import glimmer_cards

    template = '<a title="{}">{}</a>{}{}'
    values = ('O\'Neil "&" <b>', gettext_lazy("Details"), mark_safe("<i>kept</i>"), 42)
    ours = glimmer_cards.format_html(template, *values)
    assert ours == django_html.format_html(template, *values)
    assert ours == '<a title="O&#x27;Neil &quot;&amp;&quot; &lt;b&gt;">Details</a><i>kept</i>42'
