"""``{% glimmer_card glimmer %}``: one glimmer as a card in a list.

Lists show up to fifty cards, and rendering each through a template cost
more than everything else on the page together (about 0.6 ms a card), so the
card is built here: every value from a person goes through ``escape``, the
fixed words are translated once per language, and links are made from a
pattern reversed once. Keep the markup in step with the card styles in
static/glimmers/app.css.
"""

from __future__ import annotations

import html
import unicodedata
from datetime import date
from functools import lru_cache
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from glimmers.journal.models import Kind, State, shown_name

register = template.Library()


def escape(text) -> str:
    """What Django's ``escape`` writes, without its check for lazy text (a card
    escapes a dozen values; that check cost more than the escaping)."""
    return html.escape(str(text))


_MARK = "00000000-0000-0000-0000-000000000000"


@lru_cache(maxsize=64)
def _labels(language: str | None) -> dict:
    """The card's fixed words in ``language``, escaped (gettext is slow at fifty cards)."""
    return {
        "reliable": escape(gettext("reliable")),
        "tally": escape(gettext("Counted, no words yet")),
        "dash": escape(gettext("—")),
        "then": escape(gettext("then")),
        "details": escape(gettext("Details")),
        "photo": escape(gettext("A photo of this glimmer")),
        # get_FOO_display() translates afresh on every call: a map per language instead.
        "kinds": {value: escape(str(label)) for value, label in Kind.choices},
        "states": {value: escape(str(label)) for value, label in State.choices},
    }


@lru_cache(maxsize=1024)
def _built_in_name(language: str | None, name: str) -> str:
    """A built-in sense's or body cue's name in ``language``, remembered."""
    return shown_name(name, None)


def _word(row, language: str | None) -> str:
    """The name a sense or body cue chip shows (as its __str__ gives it)."""
    return row.name if row.owner_id is not None else _built_in_name(language, row.name)


@lru_cache(maxsize=4096)
def _day_heading(language: str | None, day: date) -> str:
    return format_date(day, "l j F Y")


@register.filter
def day_heading(day: date) -> str:
    """``day|date:"l j F Y"`` ("Sunday 29 November 2026"), remembered per language:
    a page of search results can have fifty days, each formatted afresh."""
    return _day_heading(get_language(), day)


@lru_cache(maxsize=16)
def _links(prefix: str) -> dict[str, str]:
    """URL patterns with "{}" where the id goes; ``prefix`` keys the cache."""

    def pattern(name: str) -> str:
        return reverse(name, args=[_MARK]).replace(_MARK, "{}")

    return {
        "detail": pattern("journal:detail"),
        "thumbnail": pattern("journal:photo_thumbnail"),
        "timeline": reverse("journal:timeline"),
    }


def _meta(glimmer, words: dict) -> str:
    moment = timezone.localtime(glimmer.noticed_at)
    chips = ""
    if glimmer.kind != "noticed":
        kind = words["kinds"].get(glimmer.kind) or escape(glimmer.kind)
        chips += f' <span class="chip chip-kind">{kind}</span>'
    if glimmer.reliable:
        chips += f' <span class="chip chip-reliable">{words["reliable"]}</span>'
    # The same as the date filters "c" and "H:i", without their machinery.
    return (
        f'<p class="glimmer-meta"><time datetime="{moment.isoformat()}">'
        f"{moment:%H:%M}</time>{chips}</p>"
    )


def _shift(glimmer, words: dict) -> str:
    if not (glimmer.state_before or glimmer.state_after):
        return ""
    states = words["states"]
    before = states.get(glimmer.state_before, escape(glimmer.state_before)) or words["dash"]
    after = states.get(glimmer.state_after, escape(glimmer.state_after)) or words["dash"]
    return (
        f'<p class="glimmer-shift">{before} <span aria-hidden="true">→</span>'
        f'<span class="visually-hidden">{words["then"]}</span> {after}</p>'
    )


def _chips(glimmer, words: dict[str, str], links: dict[str, str], language: str | None) -> str:
    items = [("sense", _word(sense, language)) for sense in glimmer.shown_senses]
    items += [("cue", _word(cue, language)) for cue in glimmer.shown_body_cues]
    if glimmer.place:
        items.append(("place", glimmer.place))
    items += [("person", person.name) for person in glimmer.shown_people]
    items += [("value", value.name) for value in glimmer.shown_values]
    tags = glimmer.shown_tags
    if not items and not tags:
        return ""
    chips = "".join(f'<li class="chip chip-{kind}">{escape(text)}</li>' for kind, text in items)
    chips += "".join(
        f'<li class="chip chip-tag"><a href="{links["timeline"]}?tag={quote(tag.name, safe="")}">'
        f"#{escape(tag.name)}</a></li>"
        for tag in tags
    )
    return f'<ul class="chips" aria-label="{words["details"]}">{chips}</ul>'


def _thumbs(glimmer, words: dict[str, str], links: dict[str, str]) -> str:
    photos = glimmer.shown_photos
    if not photos:
        return ""
    images = "".join(
        f'<img src="{links["thumbnail"].format(photo.pk)}" '
        f'alt="{escape(photo.alt_text) if photo.alt_text else words["photo"]}" '
        'loading="lazy" width="96" height="96">'
        for photo in photos
    )
    return f'<div class="thumbs">{images}</div>'


def _shortened(text: str, limit: int = 280) -> str:
    """``Truncator(text).chars(limit)``, which most texts (short ones) need not go through."""
    normal = unicodedata.normalize("NFC", text)  # as Truncator does
    return normal if len(normal) <= limit else Truncator(text).chars(limit)


@register.simple_tag
def glimmer_card(glimmer, hide_meta: bool = False) -> SafeString:
    """The card for ``glimmer``; its details come from queries (with_details, or a page's
    attach_details)."""
    language = get_language()
    words = _labels(language)
    links = _links(get_script_prefix())
    if glimmer.is_tally:
        text = f'<span class="muted">{words["tally"]}</span>'
    else:
        text = escape(_shortened(glimmer.text))
    card = (
        f'<article class="glimmer-card{" is-tally" if glimmer.is_tally else ""}" '
        f'aria-labelledby="g-{glimmer.pk}">'
        f"{'' if hide_meta else _meta(glimmer, words)}"
        f'<h3 class="glimmer-text" id="g-{glimmer.pk}">'
        f'<a href="{links["detail"].format(glimmer.pk)}">{text}</a></h3>'
        f"{_shift(glimmer, words)}{_chips(glimmer, words, links, language)}"
        f"{_thumbs(glimmer, words, links)}"
        "</article>"
    )
    return mark_safe(card)  # noqa: S308 - every value above was escaped as it went in
