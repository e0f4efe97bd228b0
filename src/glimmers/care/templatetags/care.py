"""Care's parts of other apps' pages, and the words of the client's read log.

Today (practice) and a glimmer's page (journal) sit below care in the layers
(import-linter), so they cannot call care's queries; their templates load these
tags instead.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from glimmers.care import queries

register = template.Library()


@register.inclusion_tag("care/_today_suggestions.html", takes_context=True)
def care_suggestions(context) -> dict:
    """Today's calm card(s): what a carer suggested, to try, skip or decline."""
    user = context["request"].user
    found = queries.for_today(user)
    return {
        "waiting": found.waiting,
        "trying": found.trying,
        "next": context["request"].get_full_path(),
    }


@register.inclusion_tag("care/_sessions_panel.html", takes_context=True)
def sessions_panel(context, glimmer) -> dict:
    """The "for my sessions" toggle on a glimmer's page.

    Shown to someone with a care link that has not ended, and on a glimmer
    already marked (so the mark can always be taken off); nobody else is
    nudged towards care.
    """
    user = context["request"].user
    marked = queries.is_for_sessions(user, glimmer)
    return {
        "glimmer": glimmer,
        "marked": marked,
        "show": marked or queries.has_open_link(user),
    }


# One sentence for each kind of read, in the log the client reads.
READ_SENTENCES = {
    "summary": lambda: _("%(who)s opened your summary on %(day)s at %(time)s."),
    "glimmers": lambda: _("%(who)s opened your glimmers on %(day)s at %(time)s."),
    "glimmer": lambda: _("%(who)s opened one of your glimmers on %(day)s at %(time)s."),
    "photo": lambda: _("%(who)s opened a photo on %(day)s at %(time)s."),
    "triggers": lambda: _("%(who)s opened your hard moments on %(day)s at %(time)s."),
    "suggestions": lambda: _("%(who)s opened their suggestions to you on %(day)s at %(time)s."),
}


@register.simple_tag
def read_line(read, link=None) -> SafeString:
    """ "Your counsellor opened your glimmers on 3 Dec at 16:20." in the viewer's time zone,
    with a way to the glimmer itself when one glimmer was read."""
    moment = timezone.localtime(read.at)
    sentence = READ_SENTENCES.get(read.page, lambda: _("%(who)s read on %(day)s at %(time)s."))()
    text = sentence % {
        "who": capfirst((link or read.link).label),
        "day": dateformat.format(moment, "j M Y"),
        "time": dateformat.format(moment, "H:i"),
    }
    if read.page == "glimmer" and read.record:
        return format_html(
            '{} <a href="{}">{}</a>',
            text,
            reverse("journal:detail", args=[read.record]),
            _("Which one"),
        )
    return format_html("{}", text)
