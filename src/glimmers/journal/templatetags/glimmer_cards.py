"""``{% glimmer_card glimmer %}``: one glimmer as a card in a list.

The one piece of page markup written in Python rather than a template, kept
because it was measured (docs/decisions.md, "The glimmer card"): a list shows
up to fifty cards, and fifty through a template cost about 13 ms, half of the
journal page; built here they cost about 3 ms. Every piece is made with
``format_html`` below, which escapes each value it is given exactly as
Django's does, so nothing a person wrote reaches the page unescaped
(tests/journal/test_glimmer_card.py). The styles are in
static/glimmers/glimmers.css.
"""

from __future__ import annotations

import html
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeData, SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from glimmers.journal.models import Kind, State, shown_name

register = template.Library()

TEXT_LIMIT = 280


def format_html(template: str, *values) -> SafeString:
    """Django's ``format_html``: each value escaped unless already safe HTML.

    Without Django's check of every value for lazy text, which made fifty
    cards cost 5 ms instead of about 1.5 ms; escaping is ``html.escape``, as in
    Django's ``escape``. A value that is lazy text is made a string first.
    """
    return SafeString(
        template.format(*(v if isinstance(v, SafeData) else html.escape(str(v)) for v in values))
    )


def format_html_join(separator: str, template: str, rows) -> SafeString:
    return SafeString(separator.join(format_html(template, *row) for row in rows))


def escape(text) -> SafeString:
    return format_html("{}", text)


@lru_cache(maxsize=32)
def _words(language: str | None) -> dict:
    """The card's fixed words in ``language``, escaped once: asking gettext for
    each of them on each of fifty cards cost more than building the cards."""
    return {
        "tally": format_html('<span class="muted">{}</span>', gettext("Counted, no words yet")),
        "reliable": format_html(' <span class="chip chip-reliable">{}</span>', gettext("reliable")),
        "dash": escape(gettext("—")),
        "then": escape(gettext("then")),
        "details": escape(gettext("Details")),
        "photo": escape(gettext("A photo of this glimmer")),
        "kinds": {value: escape(label) for value, label in Kind.choices},
        "states": {value: escape(label) for value, label in State.choices},
    }


@lru_cache(maxsize=1024)
def _built_in(language: str | None, name: str) -> str:
    """A built-in sense's or body cue's name in ``language``."""
    return shown_name(name, None)


@register.simple_tag
def glimmer_card(glimmer, hide_meta: bool = False) -> SafeString:
    """The card for ``glimmer``, its details read by queries.with_details."""
    language = get_language()
    words = _words(language)
    text = words["tally"] if glimmer.is_tally else _shortened(glimmer.text)
    return format_html(
        '<article class="glimmer-card{}" aria-labelledby="g-{}">{}'
        '<h3 class="glimmer-text" id="g-{}"><a href="{}">{}</a></h3>{}{}{}</article>',
        " is-tally" if glimmer.is_tally else "",
        glimmer.pk,
        "" if hide_meta else _meta(glimmer, words),
        glimmer.pk,
        reverse("journal:detail", args=[glimmer.pk]),
        text,
        _shift(glimmer, words),
        _chips(glimmer, words, language),
        _thumbs(glimmer, words),
    )


def _shortened(text: str) -> str:
    """``Truncator(text).chars(280)``, which short texts (most) need not go through."""
    normal = unicodedata.normalize("NFC", text)  # as Truncator gives it back
    return normal if len(normal) <= TEXT_LIMIT else Truncator(text).chars(TEXT_LIMIT)


def _meta(glimmer, words: dict) -> SafeString:
    moment = timezone.localtime(glimmer.noticed_at)  # as the `date` filter shows it
    chips = SafeString()
    if glimmer.kind != "noticed":
        kind = words["kinds"].get(glimmer.kind, glimmer.kind)
        chips += format_html(' <span class="chip chip-kind">{}</span>', kind)
    if glimmer.reliable:
        chips += words["reliable"]
    return format_html(
        '<p class="glimmer-meta"><time datetime="{}">{}</time>{}</p>',
        moment.isoformat(),
        moment.strftime("%H:%M"),
        chips,
    )


def _shift(glimmer, words: dict) -> SafeString | str:
    if not (glimmer.state_before or glimmer.state_after):
        return ""
    states, dash = words["states"], words["dash"]
    return format_html(
        '<p class="glimmer-shift">{} <span aria-hidden="true">→</span>'
        '<span class="visually-hidden">{}</span> {}</p>',
        states.get(glimmer.state_before, glimmer.state_before) or dash,
        words["then"],
        states.get(glimmer.state_after, glimmer.state_after) or dash,
    )


def _name(row, language: str | None) -> str:
    """What ``str(sense)`` gives, with built-in names remembered per language."""
    return row.name if row.owner_id is not None else _built_in(language, row.name)


def _chips(glimmer, words: dict, language: str | None) -> SafeString | str:
    chips = [("sense", _name(sense, language)) for sense in glimmer.shown_senses]
    chips += [("cue", _name(cue, language)) for cue in glimmer.shown_body_cues]
    if glimmer.place:
        chips.append(("place", glimmer.place))
    chips += [("person", person.name) for person in glimmer.shown_people]
    chips += [("value", value.name) for value in glimmer.shown_values]
    tags = glimmer.shown_tags
    if not chips and not tags:
        return ""
    timeline = reverse("journal:timeline")
    return format_html(
        '<ul class="chips" aria-label="{}">{}{}</ul>',
        words["details"],
        format_html_join("", '<li class="chip chip-{}">{}</li>', chips),
        format_html_join(
            "",
            '<li class="chip chip-tag"><a href="{}?tag={}">#{}</a></li>',
            ((timeline, quote(tag.name, safe=""), tag.name) for tag in tags),
        ),
    )


def _thumbs(glimmer, words: dict) -> SafeString | str:
    if not glimmer.shown_photos:
        return ""
    return format_html(
        '<div class="thumbs">{}</div>',
        format_html_join(
            "",
            '<img src="{}" alt="{}" loading="lazy" width="96" height="96">',
            (
                (
                    reverse("journal:photo_thumbnail", args=[photo.pk]),
                    photo.alt_text or words["photo"],
                )
                for photo in glimmer.shown_photos
            ),
        ),
    )
