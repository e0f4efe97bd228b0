"""Circles' parts of the journal's pages: the journal itself knows nothing of circles.

- ``{% share_panel glimmer %}`` on a glimmer's page: where it is shared, and a
  link to share it or stop.
- ``{% share_several_links %}`` on the journal: a way to share several glimmers
  with each of one's circles at once.
- ``{% share_at_capture %}`` in the capture form: tick circles to share the new
  glimmer with (nothing ticked by default; shown only to people in a circle).
"""

from django import template

from glimmers.access import circles
from glimmers.circles import queries
from glimmers.circles.receivers import SHARE_FIELD

register = template.Library()


@register.inclusion_tag("circles/_share_panel.html", takes_context=True)
def share_panel(context, glimmer) -> dict:
    user = context["request"].user
    shared = queries.shared_with(user, glimmer)
    return {
        "glimmer": glimmer,
        "shared_in": sorted(share.circle.name for share in shared.values()),
        "has_circles": bool(shared) or circles(user).exists(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("circles/_share_at_capture.html", takes_context=True)
def share_at_capture(context) -> dict:
    request = context["request"]
    chosen = set(request.POST.getlist(SHARE_FIELD)) if request.method == "POST" else set()
    return {
        "circles": list(circles(request.user).order_by("name")),
        "field": SHARE_FIELD,
        "chosen": chosen,
    }


@register.inclusion_tag("circles/_share_several_links.html", takes_context=True)
def share_several_links(context) -> dict:
    return {"circles": list(circles(context["request"].user).order_by("name"))}
