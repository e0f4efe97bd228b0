"""The "Delete my account" page: what will go, the password again (and a code), then goodbye.

It calls the same service as `glimmers delete-account` (deletion/services.py),
on a thread of its own once the account is locked; the page waits for it up
to WAIT_SECONDS and then says it is finishing on its own.
A wrong password or code is counted by the sign-in throttle, as any other
guess, and changes nothing.
"""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from glimmers.accounts import security_log, throttle, two_factor
from glimmers.accounts.models import SecurityEvent
from glimmers.yourdata.deletion.forms import DeleteAccountForm
from glimmers.yourdata.deletion.services import (
    WAIT_SECONDS,
    delete_in_background,
    lock_for_deletion,
    what_would_go,
)


def _export_url() -> str:
    try:
        return reverse("yourdata:export")
    except NoReverseMatch:  # the export page is not there (yet)
        return "/your-data/export/"


def _problem(request: HttpRequest, form: DeleteAccountForm, needs_code: bool):
    """None when it really is the account's owner; else (what to say, the pause or None)."""
    user = request.user
    try:
        throttle.guard(request, "login", user)
        if needs_code:
            throttle.guard(request, "code", user)
    except throttle.Throttled as paused:
        return str(paused), paused
    if not form.is_valid():
        if needs_code:
            return _("Please type your password and a code from your app."), None
        return _("Please type your password."), None
    if not user.check_password(form.cleaned_data["password"]):
        throttle.failed(request, "login", user)
        return _("That password doesn’t match, so nothing was deleted. Please try again."), None
    if needs_code:
        code = form.cleaned_data["code"]
        if two_factor.looks_like_app_code(code):
            right = two_factor.verify_app_code(user, code)
        else:
            right = two_factor.use_recovery_code(user, code)
        if not right:
            throttle.failed(request, "code", user)
            security_log.record(user, SecurityEvent.Kind.TWO_FACTOR_FAILED, request)
            return (
                _(
                    "That code didn’t work, so nothing was deleted. App codes change every "
                    "30 seconds: please type the newest one, or a recovery code."
                ),
                None,
            )
    return None


@login_required
@require_http_methods(["GET", "POST"])
def delete_account_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    needs_code = two_factor.needs_code(user)
    data = request.POST if request.method == "POST" else None
    form = DeleteAccountForm(data, needs_code=needs_code)
    status = 200
    if request.method == "POST":
        problem = _problem(request, form, needs_code)
        if problem is None:
            removed = lock_for_deletion(user)
            # Signed out (and that noted in the log) before the deletion starts: once it
            # has begun, the account's rows may already be gone.
            logout(request)
            deleting = delete_in_background(user)
            # Most accounts are gone in a moment; a very large one finishes on its own.
            if deleting.ident is not None:  # started (it starts once the lock is committed)
                deleting.join(WAIT_SECONDS)
            finishing = deleting.ident is None or deleting.is_alive()
            context = {"removed": removed.lines(), "finishing": finishing}
            return render(request, "yourdata/delete_done.html", context)
        message, paused = problem
        form.full_clean()  # also while paused, when nothing was checked
        form.add_error(None, message)
        status = 429 if paused else 400
    context = {
        "form": form,
        "would_go": what_would_go(user).lines(),
        "export_url": _export_url(),
    }
    response = render(request, "yourdata/delete_account.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(problem[1].retry_after)
    return response
