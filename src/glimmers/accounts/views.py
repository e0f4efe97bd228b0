from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from glimmers.accounts import queries, services
from glimmers.accounts.forms import NewAccountForm, PreferencesForm


@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest) -> HttpResponse:
    """First run: create the first account on this instance."""
    if queries.any_account_exists():
        return redirect("accounts:login")
    form = NewAccountForm(request.POST or None)
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
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome. Your journal is ready, and it is yours alone."))
        return redirect("practice:today")
    return render(request, "accounts/welcome.html", {"form": form})


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.OPEN_SIGNUP:
        raise Http404
    if request.user.is_authenticated:
        return redirect("practice:today")
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.create_account(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            time_zone=form.cleaned_data["time_zone"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome. Your journal is ready, and it is yours alone."))
        return redirect("practice:today")
    return render(request, "accounts/signup.html", {"form": form})


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
