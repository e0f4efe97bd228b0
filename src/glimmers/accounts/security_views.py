"""A person's own security: where they are signed in, their password, two-step sign-in.

Everything here is about the signed-in person's own account: no page takes
anyone else's id, and a session is named by a hash of its key (the key itself
is a password and never leaves the server).
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm as DjangosPasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.accounts import security_log, sessions, throttle, tokens, two_factor
from glimmers.accounts.models import SecurityEvent
from glimmers.forms import Form, PlainWords

Kind = SecurityEvent.Kind


# ---------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------


class PasswordForm(Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(Form):
    code = forms.CharField(
        label=gettext_lazy("The 6-digit code from your app"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class SignInCodeForm(Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        help_text=gettext_lazy(
            "The 6-digit code your authenticator app shows now — or, if you don’t have your "
            "phone, one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


# ---------------------------------------------------------------------------
# "Type your password again"
# ---------------------------------------------------------------------------


def _confirm_url(next_url: str) -> str:
    return f"{reverse('accounts:confirm_password')}?{urlencode({'next': next_url})}"


def recent_authentication_required(view):
    """Run ``view`` only if the person signed in or typed their password in the last minutes.

    Otherwise send them to type it again, and back afterwards (to this page, or
    for a form that was sent, to the two-step sign-in page it came from).
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not sessions.authenticated_recently(request):
            back = (
                request.get_full_path()
                if request.method == "GET"
                else reverse("accounts:two_factor")
            )
            return redirect(_confirm_url(back))
        return view(request, *args, **kwargs)

    return wrapped


def _password_problem(request: HttpRequest, form: PasswordForm):
    """None when the password is right; otherwise (what to tell the person, the pause or None).

    Guarded by the sign-in throttle: this is a password guess like any other.
    While paused, the password is not even checked.
    """
    user = request.user
    try:
        throttle.guard(request, "login", user)
    except throttle.Throttled as paused:
        return str(paused), paused
    if not form.is_valid():
        return _("Please type your password."), None
    if not user.check_password(form.cleaned_data["password"]):
        throttle.failed(request, "login", user)
        return _("That password doesn’t match. Please try again."), None
    return None


def _refused(response: HttpResponse, paused: throttle.Throttled | None) -> HttpResponse:
    """400 for a wrong answer; 429 with Retry-After while the throttle pauses this."""
    response.status_code = 429 if paused else 400
    if paused:
        response["Retry-After"] = str(paused.retry_after)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def confirm_password(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        wanted = reverse("accounts:security")
    form = PasswordForm(request.POST or None)
    if request.method == "POST":
        problem = _password_problem(request, form)
        if problem is None:
            sessions.mark_authenticated(request)
            # A URL, never a URL name: redirect("x") would look "x" up and fail.
            return HttpResponseRedirect(wanted)
        form.add_error(None, problem[0])
        response = render(request, "accounts/confirm_password.html", {"form": form, "next": wanted})
        return _refused(response, problem[1])
    return render(request, "accounts/confirm_password.html", {"form": form, "next": wanted})


# ---------------------------------------------------------------------------
# The Security page: sessions, tokens, two-step sign-in, the security log
# ---------------------------------------------------------------------------


def _security_events(user) -> list | None:
    """The lines the security log's include shows, if that part of the app is there."""
    recent = getattr(security_log, "recent", None)
    if recent is None:
        return None
    try:
        get_template("accounts/_security_log.html")
    except TemplateDoesNotExist:
        return None
    return recent(user)


def _idle_words(minutes: int) -> str:
    """The idle limit in words: "3 days", "12 hours", "45 minutes" ("" when there is none)."""
    if not minutes:
        return ""
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


@login_required
@require_http_methods(["GET"])
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    current = request.session.session_key
    rows = [
        {
            "ref": sessions.reference(row.session_key),
            "this": row.session_key == current,
            "browser": row.browser,
            "ip": row.ip,
            "created_at": row.created_at,
            "last_seen": row.last_seen,
        }
        for row in sessions.live_sessions(user)
    ]
    now = timezone.now()
    context = {
        "sessions": rows,
        "others": sum(1 for row in rows if not row["this"]),
        "tokens": [t for t in tokens.tokens(user) if t.revoked_at is None and t.expires_at > now],
        "two_factor": two_factor.status(user),
        "recovery_left": two_factor.recovery_codes_left(user),
        "security_events": _security_events(user),
        "idle": _idle_words(settings.SESSION_IDLE_MINUTES),
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def end_session(request: HttpRequest, ref: str) -> HttpResponse:
    """Sign out one other browser. Someone else's session, or this one, is not found here."""
    current = request.session.session_key
    if current is not None and sessions.reference(current) == ref:
        raise Http404
    ended = sessions.end_sessions(request.user, keep=current, only=ref)
    if not ended:
        raise Http404
    security_log.record(request.user, Kind.SESSIONS_ENDED, request, detail=", ".join(ended))
    messages.success(request, _("Signed out there. That browser will need your password again."))
    return redirect("accounts:security")


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    ended = sessions.end_sessions(request.user, keep=request.session.session_key)
    if ended:
        security_log.record(request.user, Kind.SESSIONS_ENDED, request, detail=", ".join(ended))
        messages.success(
            request,
            ngettext(
                "Signed out of %(count)d other place. Only this browser is signed in now.",
                "Signed out of %(count)d other places. Only this browser is signed in now.",
                len(ended),
            )
            % {"count": len(ended)},
        )
    else:
        messages.info(request, _("This is the only place you are signed in."))
    return redirect("accounts:security")


# ---------------------------------------------------------------------------
# Password change: every other session and every token ends
# ---------------------------------------------------------------------------


class PasswordChangeForm(PlainWords, DjangosPasswordChangeForm):
    """Django's form for a new password, in the app's words."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password_changed")

    def post(self, request, *args, **kwargs):
        try:
            # The old password is a password guess like any other.
            throttle.guard(request, "login", request.user)
        except throttle.Throttled as paused:
            # A fresh form, unchecked: while paused, the old password is not even looked at.
            context = self.get_context_data(form=self.form_class(user=request.user))
            return _refused(self.render_to_response({**context, "paused": str(paused)}), paused)
        form = self.get_form()
        if form.is_valid():
            return self.form_valid(form)
        if "old_password" in form.errors:
            throttle.failed(request, "login", request.user)
        return self.form_invalid(form)

    def form_valid(self, form):
        # Saving the new password ends every session and token of the account
        # (sessions.end_everything_on_a_new_password); Django then gives this
        # browser's session a new key, so it alone stays signed in.
        response = super().form_valid(form)
        security_log.record(form.user, Kind.PASSWORD_CHANGED, self.request)
        return response


# ---------------------------------------------------------------------------
# Two-step sign-in
# ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def two_factor_page(request: HttpRequest) -> HttpResponse:
    context = {
        "two_factor": two_factor.status(request.user),
        "recovery_left": two_factor.recovery_codes_left(request.user),
        "off_form": PasswordForm(),
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@recent_authentication_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    current = two_factor.status(user)
    if current is not None and current.active:
        return redirect("accounts:two_factor")
    setup = two_factor.setup_secret(user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if setup is None:
            messages.info(request, _("That took a while, so here is a fresh start."))
            return redirect("accounts:two_factor_setup")
        if form.is_valid():
            codes = two_factor.confirm_setup(user, form.cleaned_data["code"])
            if codes:
                security_log.record(user, Kind.TWO_FACTOR_ON, request)
                context = {"codes": codes, "just_turned_on": True}
                return render(request, "accounts/recovery_codes.html", context)
            form.add_error(
                "code",
                _(
                    "That code didn’t match. Codes change every 30 seconds: type the one your "
                    "app shows now. If it still doesn’t work, check that your phone’s clock is "
                    "right."
                ),
            )
        status = 400
    if setup is None:
        setup = two_factor.start_setup(user)
    context = {"form": form, "secret": two_factor.grouped(setup.secret)}
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def two_factor_qr(request: HttpRequest) -> HttpResponse:
    """The set-up QR code, as an SVG image. Only while setting up, only for its owner."""
    setup = two_factor.setup_secret(request.user)
    if setup is None or not sessions.authenticated_recently(request):
        raise Http404
    svg = two_factor.qr_svg(two_factor.provisioning_uri(setup))
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
@require_POST
def two_factor_off(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.POST)
    problem = _password_problem(request, form)
    if problem is not None:
        form.add_error(None, problem[0])
        context = {
            "two_factor": two_factor.status(request.user),
            "recovery_left": two_factor.recovery_codes_left(request.user),
            "off_form": form,
        }
        return _refused(render(request, "accounts/two_factor.html", context), problem[1])
    if two_factor.turn_off(request.user):
        security_log.record(request.user, Kind.TWO_FACTOR_OFF, request)
        messages.success(
            request, _("Two-step sign-in is off. Your password alone signs you in now.")
        )
    return redirect("accounts:two_factor")


@login_required
@recent_authentication_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    current = two_factor.status(request.user)
    if current is None or not current.active:
        return redirect("accounts:two_factor")
    codes = two_factor.new_recovery_codes(request.user)
    security_log.record(request.user, Kind.RECOVERY_CODES_RENEWED, request)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    found = two_factor.pending(request)
    if found is None:
        messages.info(
            request,
            _(
                "Please sign in again: this step waits only a few minutes, to keep your "
                "journal safe."
            ),
        )
        return redirect("accounts:login")
    user, backend, next_url = found
    form = SignInCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            throttle.guard(request, "code", user)
        except throttle.Throttled as paused:
            form.add_error(None, str(paused))
            return _refused(render(request, "accounts/sign_in_code.html", {"form": form}), paused)
        if form.is_valid():
            code = form.cleaned_data["code"]
            if two_factor.looks_like_app_code(code):
                recovery = False
                right = two_factor.verify_app_code(user, code)
            else:
                recovery = True
                right = two_factor.use_recovery_code(user, code)
            if right:
                return _finish_sign_in(request, user, backend, next_url, recovery=recovery)
            throttle.failed(request, "code", user)
            security_log.record(user, Kind.TWO_FACTOR_FAILED, request)
            form.add_error(
                "code",
                _(
                    "That code didn’t work. App codes change every 30 seconds and each one "
                    "works once: please type the newest one, or a recovery code."
                ),
            )
        status = 400
    return render(request, "accounts/sign_in_code.html", {"form": form}, status=status)


def _finish_sign_in(request, user, backend, next_url, *, recovery: bool) -> HttpResponse:
    two_factor.forget(request)
    throttle.succeeded(request, "code", user)
    login(request, user, backend=backend)
    security_log.record(user, Kind.SIGNED_IN, request)
    if recovery:
        security_log.record(user, Kind.RECOVERY_CODE_USED, request)
        left = two_factor.recovery_codes_left(user)
        messages.warning(
            request,
            ngettext(
                "You signed in with a recovery code; it won’t work again. You have %(left)d "
                "left. If your phone is lost, you can set two-step sign-in up again on a new "
                "one from your Security page.",
                "You signed in with a recovery code; it won’t work again. You have %(left)d "
                "left. If your phone is lost, you can set two-step sign-in up again on a new "
                "one from your Security page.",
                left,
            )
            % {"left": left},
        )
    response = HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    throttle.remember_device(response, user)
    return response
