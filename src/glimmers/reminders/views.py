"""The reminders page, the calendar feed, and the browser's push subscription."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glimmers.reminders import calendar, push, queries, services
from glimmers.reminders.forms import (
    SLOT_LABELS,
    PreferencesForm,
    PushSubscriptionForm,
    UnsubscribeForm,
)
from glimmers.reminders.planning import email_ready
from glimmers.reminders.schedule import DEFAULT_TITLES, DEFAULT_WORDS
from glimmers.time import local_today


def _page(request: HttpRequest, form: PreferencesForm, status: int = 200, feed_url: str = ""):
    user = request.user
    chosen = queries.settings_of(user)
    today = local_today(user)
    slots = [
        {
            "label": label,
            "on": form[f"{slot}_on"],
            "start": form[f"{slot}_from"],
            "end": form[f"{slot}_to"],
        }
        for slot, label in SLOT_LABELS.items()
    ]
    context = {
        "form": form,
        "slots": slots,
        "words": [
            (form[f"{kind}_words"], DEFAULT_TITLES[kind], DEFAULT_WORDS[kind])
            for kind in ("morning", "evening", "pause")
        ],
        "paused": chosen.paused_until is not None and chosen.paused_until >= today,
        "paused_until": chosen.paused_until,
        "coming": queries.coming(user),
        "has_feed": queries.feed_of(user) is not None,
        "feed_url": feed_url,
        "devices": queries.subscriptions(user).count(),
        "email_ready": email_ready(),
        "vapid_public_key": push.public_key(),
        "time_zone": user.time_zone,
    }
    return render(request, "reminders/preferences.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    chosen = queries.settings_of(request.user)
    form = PreferencesForm(request.POST or None, instance=chosen)
    if request.method == "POST":
        if form.is_valid():
            services.save_choices(
                request.user, **{name: form.cleaned_data[name] for name in services.CHOICES}
            )
            messages.success(request, _("Saved. Your reminders follow these choices from now on."))
            return redirect("reminders:preferences")
        # Nothing was kept: show the choices as they are saved, beside what was sent.
        return _page(request, form, status=400)
    return _page(request, form)


@login_required
@require_POST
def quiet(request: HttpRequest) -> HttpResponse:
    chosen = services.quiet_for_a_week(request.user, local_today(request.user))
    messages.success(
        request,
        _("Quiet until %(day)s. Your reminders come back after that, as they were.")
        % {"day": chosen.paused_until.isoformat()},
    )
    return redirect("reminders:preferences")


@login_required
@require_POST
def resume(request: HttpRequest) -> HttpResponse:
    services.resume(request.user)
    messages.success(request, _("Your reminders are back on."))
    return redirect("reminders:preferences")


@login_required
@require_POST
def make_feed(request: HttpRequest) -> HttpResponse:
    secret = services.make_feed(request.user)
    url = request.build_absolute_uri(reverse("reminders:feed", kwargs={"secret": secret}))
    form = PreferencesForm(instance=queries.settings_of(request.user))
    return _page(request, form, feed_url=url)


@login_required
@require_POST
def revoke_feed(request: HttpRequest) -> HttpResponse:
    services.revoke_feed(request.user)
    messages.success(request, _("That calendar address no longer works."))
    return redirect("reminders:preferences")


@require_GET
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The calendar feed: its secret address is the key (a calendar app has no session)."""
    found = queries.feed_for_secret(secret)
    if found is None:
        raise Http404
    chosen = queries.settings_of(found.owner)
    response = HttpResponse(calendar.feed(chosen), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="glimmers-reminders.ics"'
    return response


@login_required
@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    form = PushSubscriptionForm(request.POST)
    if not form.is_valid():
        errors = {name: [str(e) for e in found] for name, found in form.errors.items()}
        return JsonResponse({"saved": False, "errors": errors}, status=400)
    services.subscribe(request.user, **form.cleaned_data)
    return JsonResponse(
        {"saved": True, "message": _("This device will show your reminders.")}, status=201
    )


@login_required
@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    form = UnsubscribeForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"removed": 0, "errors": form.errors}, status=400)
    removed = services.unsubscribe(request.user, form.cleaned_data["endpoint"])
    return JsonResponse({"removed": removed})
