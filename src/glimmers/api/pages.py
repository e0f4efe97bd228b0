"""The Tokens page: list, create and revoke personal access tokens in the browser.

Making a token opens the journal to whatever holds it, so it needs a recent
sign-in or the password typed again (accounts.sessions.authenticated_recently).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from glimmers.accounts import sessions, tokens
from glimmers.forms import Form

EXPIRY_LABELS = {
    30: gettext_lazy("30 days"),
    90: gettext_lazy("90 days"),
    365: gettext_lazy("a year"),
}


class NewTokenForm(Form):
    name = forms.CharField(
        label=gettext_lazy("What will use it?"),
        max_length=100,
        help_text=gettext_lazy("For example: my phone, a shortcut, a backup script."),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("It stops working after"),
        coerce=int,
        choices=[(days, EXPIRY_LABELS[days]) for days in tokens.EXPIRY_CHOICES],
        initial=tokens.DEFAULT_DAYS,
        # Left out (an older page, a script): the default.
        required=False,
        empty_value=tokens.DEFAULT_DAYS,
        help_text=gettext_lazy("Every token ends. You can make a new one whenever you need it."),
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read only — it can look, but never change anything"),
        required=False,
    )


def _confirm_url() -> str:
    return f"{reverse('accounts:confirm_password')}?{urlencode({'next': reverse('tokens:list')})}"


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    recent = sessions.authenticated_recently(request)
    if request.method == "POST" and not recent:
        messages.info(
            request,
            _(
                "Before making a token, please type your password again. It keeps your "
                "journal safe."
            ),
        )
        return redirect(_confirm_url())
    form = NewTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = tokens.create_token(
                request.user,
                form.cleaned_data["name"],
                read_only=form.cleaned_data["read_only"],
                days=form.cleaned_data["days"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("name", error.messages[0])
        else:
            form = NewTokenForm()
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "tokens": tokens.tokens(request.user),
        "new_secret": new_secret,
        "recent": recent,
        "confirm_url": _confirm_url(),
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = tokens.get_token(request.user, token_id)
    tokens.revoke_token(request.user, token, request=request)
    messages.success(
        request,
        _("Revoked. Anything using “%(name)s” can no longer get in.") % {"name": token.name},
    )
    return redirect("tokens:list")


app_name = "tokens"
urlpatterns = [
    path("", token_list, name="list"),
    path("<int:token_id>/revoke/", token_revoke, name="revoke"),
]
