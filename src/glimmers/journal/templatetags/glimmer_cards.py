"""``{% glimmer_card glimmer %}``: one glimmer as a card in a list.

Lists show up to fifty cards, and rendering each through a template cost
more than everything else on the page together (about 0.6 ms a card), so the
card is built here with ``format_html``, which escapes every value. Keep the
markup in step with the card styles in static/glimmers/app.css.
"""

from __future__ import annotations

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext

register = template.Library()

EMPTY = SafeString("")


def _meta(glimmer) -> SafeString:
    moment = timezone.localtime(glimmer.noticed_at)
    chips = []
    if glimmer.kind != "noticed":
        chips.append(("kind", glimmer.get_kind_display()))
    if glimmer.reliable:
        chips.append(("reliable", gettext("reliable")))
    return format_html(
        '<p class="glimmer-meta"><time datetime="{}">{}</time>{}</p>',
        dateformat.format(moment, "c"),
        dateformat.time_format(moment, "H:i"),
        format_html_join("", ' <span class="chip chip-{}">{}</span>', chips),
    )


def _shift(glimmer) -> SafeString:
    if not (glimmer.state_before or glimmer.state_after):
        return EMPTY
    dash = gettext("—")
    return format_html(
        '<p class="glimmer-shift">{} <span aria-hidden="true">→</span>'
        '<span class="visually-hidden">{}</span> {}</p>',
        glimmer.get_state_before_display() or dash,
        gettext("then"),
        glimmer.get_state_after_display() or dash,
    )


def _chips(glimmer, timeline_url: str) -> SafeString:
    items = [("sense", str(sense)) for sense in glimmer.shown_senses]
    items += [("cue", str(cue)) for cue in glimmer.shown_body_cues]
    if glimmer.place:
        items.append(("place", glimmer.place))
    items += [("person", person.name) for person in glimmer.shown_people]
    items += [("value", value.name) for value in glimmer.shown_values]
    tags = glimmer.shown_tags
    if not items and not tags:
        return EMPTY
    plain = format_html_join("", '<li class="chip chip-{}">{}</li>', items)
    linked = format_html_join(
        "",
        '<li class="chip chip-tag"><a href="{}?tag={}">#{}</a></li>',
        ((timeline_url, quote(tag.name, safe=""), tag.name) for tag in tags),
    )
    return format_html(
        '<ul class="chips" aria-label="{}">{}{}</ul>', gettext("Details"), plain, linked
    )


def _thumbs(glimmer) -> SafeString:
    photos = glimmer.shown_photos
    if not photos:
        return EMPTY
    images = format_html_join(
        "",
        '<img src="{}" alt="{}" loading="lazy" width="96" height="96">',
        (
            (
                reverse("journal:photo_thumbnail", args=[photo.pk]),
                photo.alt_text or gettext("A photo of this glimmer"),
            )
            for photo in photos
        ),
    )
    return format_html('<div class="thumbs">{}</div>', images)


@register.simple_tag
def glimmer_card(glimmer, hide_meta: bool = False) -> SafeString:
    """The card for ``glimmer``; its details come from queries.with_details()."""
    if glimmer.is_tally:
        words = format_html('<span class="muted">{}</span>', gettext("Counted, no words yet"))
    else:
        words = Truncator(glimmer.text).chars(280)
    return format_html(
        '<article class="glimmer-card{}" aria-labelledby="g-{}">{}'
        '<h3 class="glimmer-text" id="g-{}"><a href="{}">{}</a></h3>{}{}{}</article>',
        " is-tally" if glimmer.is_tally else "",
        glimmer.pk,
        EMPTY if hide_meta else _meta(glimmer),
        glimmer.pk,
        reverse("journal:detail", args=[glimmer.pk]),
        words,
        _shift(glimmer),
        _chips(glimmer, reverse("journal:timeline")),
        _thumbs(glimmer),
    )
