"""Insights: the page of charts, and the one-page summary to print."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from glimmers.insights import describe, queries
from glimmers.insights.figures import figures, top_words
from glimmers.insights.forms import RANGE_CHOICES, RangeForm
from glimmers.journal import queries as journal


def _range_query(form: RangeForm) -> str:
    """The range part of the query string, to carry from the page to the summary and back."""
    if not form.is_bound or not form.is_valid():
        return ""
    data = form.cleaned_data
    params = {"range": data["range"]}
    if data["range"] == "custom":
        params.update(
            {name: data[name].isoformat() for name in ("since", "until") if data.get(name)}
        )
    return urlencode(params)


def _show(request: HttpRequest, template: str, *, summary: bool = False) -> HttpResponse:
    user = request.user
    form = RangeForm(request.GET or None, user=user)
    context = {
        "form": form,
        "presets": [choice for choice in RANGE_CHOICES if choice[0] != "custom"],
        "current": queries.DEFAULT_RANGE,
        "range_query": _range_query(form),
    }
    if form.is_bound and not form.is_valid():
        context["current"] = request.GET.get("range", "custom")
        return render(request, template, context, status=400)
    found = queries.insights(user, form.span())
    context.update(
        found=found,
        current=found.span.key,
        range_label=describe.range_label(found),
        range_name=describe.range_name(found.span.key),
        today=found.span.today,
    )
    if found.empty:
        journal_is_empty = not journal.glimmers(user).exists()
        context["empty_message"] = describe.empty(found, journal_is_empty)
        return render(request, template, context)
    context.update(
        headline=describe.headline(found),
        figures=figures(found, drawn={"over-time", "radar"} if summary else None),
        top_words=top_words(found),
    )
    if summary:
        context["own_words"] = queries.own_words(user, found.start, found.end)
    return render(request, template, context)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _show(request, "insights/index.html")


@login_required
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    return _show(request, "insights/summary.html", summary=True)
