import importlib
import importlib.util

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.accounts import queries, security_log, services, setup_code, throttle
from glimmers.accounts.forms import (
    FirstAccountForm,
    NewAccountForm,
    PreferencesForm,
    SignInForm,
)
from glimmers.accounts.models import SecurityEvent

Kind = SecurityEvent.Kind


def _two_factor():
    """The two-step sign-in module, when this version has one.

    Looked up by name rather than imported inside a try, so that a broken
    module fails loudly instead of quietly letting people in without a code.
    """
    if importlib.util.find_spec("glimmers.accounts.two_factor") is None:
        return None
    return importlib.import_module("glimmers.accounts.two_factor")


def _form_page(request: HttpRequest, template: str, form, status: int = 200) -> HttpResponse:
    """The form again; 429 with Retry-After while a throttle pause (its message shown) lasts."""
    paused = getattr(form, "paused", None)
    response = render(request, template, {"form": form}, status=429 if paused else status)
    if paused:
        response["Retry-After"] = str(paused.retry_after)
    return response


def _signed_in(request: HttpRequest, user, response: HttpResponse) -> HttpResponse:
    """What follows a complete sign-in: this browser is the person's own from now on."""
    throttle.remember_device(response, user)
    return response


class SignOutView(auth_views.LogoutView):
    """Sign out, and ask the browser to forget what it kept of this person.

    The installed app keeps the pages last opened and any glimmer still
    waiting to be sent (docs/phone.md); ``Clear-Site-Data`` empties the
    browser's caches and the site's storage (its service worker's caches and
    the waiting queue among them), so the next person on this phone finds
    none of it. The page's own script empties them too, for a browser that
    ignores the header.
    """

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class SignInView(auth_views.LoginView):
    """Sign in: throttled; two-step sign-in when the person turned it on; noted in their log."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = SignInForm

    def form_valid(self, form):
        user = form.get_user()
        throttle.succeeded(self.request, "login", user)
        two_factor = _two_factor()
        if two_factor is not None and two_factor.needs_code(user):
            # Not signed in yet: the code page finishes it (and records the sign-in).
            two_factor.begin(self.request, user)
            return HttpResponseRedirect(two_factor.code_url())
        login(self.request, user)
        security_log.record(user, Kind.SIGNED_IN, self.request)
        return _signed_in(self.request, user, HttpResponseRedirect(self.get_success_url()))

    def form_invalid(self, form):
        paused = form.paused
        response = super().form_invalid(form)
        if paused:
            response.status_code = 429
            response["Retry-After"] = str(paused.retry_after)
        return response


@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest) -> HttpResponse:
    """First run: create the first account on this instance."""
    if queries.any_account_exists():
        return redirect("accounts:login")
    form = FirstAccountForm(
        request.POST or None, request=request, needs_setup_code=setup_code.needed(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_account(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                time_zone=form.cleaned_data["time_zone"],
                first=True,
            )
        except services.FirstAccountExists:
            return redirect("accounts:login")
        setup_code.forget()  # the first account exists: the code is no use to anyone now
        security_log.record(user, Kind.ACCOUNT_CREATED, request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome. Your journal is ready, and it is yours alone."))
        return _signed_in(request, user, redirect("practice:today"))
    return _form_page(request, "accounts/welcome.html", form)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.OPEN_SIGNUP:
        raise Http404
    if request.user.is_authenticated:
        return redirect("practice:today")
    form = NewAccountForm(request.POST or None)
    if request.method == "POST":
        try:
            throttle.guard(request, "signup")
        except throttle.Throttled as paused:
            form.add_error(None, str(paused))
            form.paused = paused
            return _form_page(request, "accounts/signup.html", form)
        # Every sign-up from an address counts, made or refused: it is the making of
        # many accounts that the throttle slows down.
        throttle.failed(request, "signup")
    if request.method == "POST" and form.is_valid():
        user = services.create_account(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            time_zone=form.cleaned_data["time_zone"],
        )
        security_log.record(user, Kind.ACCOUNT_CREATED, request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome. Your journal is ready, and it is yours alone."))
        return _signed_in(request, user, redirect("practice:today"))
    return _form_page(request, "accounts/signup.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        initial={name: getattr(user, name) for name in services.PREFERENCES},
    )
    if request.method == "POST" and form.is_valid():
        services.update_preferences(user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("accounts:preferences")
    status = 400 if form.errors else 200
    return render(request, "accounts/preferences.html", {"form": form}, status=status)


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The switch at the foot of every page: a language for this browser, and for the
    account when someone is signed in (so e-mails and reminders speak it too)."""
    chosen = request.POST.get("language", "")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    response = HttpResponseRedirect(back)
    if chosen not in dict(settings.LANGUAGES):
        messages.error(request, _("That language isn't one Glimmers speaks yet."))
        return response
    if request.user.is_authenticated:
        services.update_preferences(request.user, language=chosen)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        chosen,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
