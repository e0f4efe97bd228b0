"""The form for deleting an account: the password again, and a code when two-step is on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glimmers.forms import Form


class DeleteAccountForm(Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("A code from your authenticator app"),
        max_length=40,
        help_text=_(
            "The 6-digit code your app shows now — or, without your phone, one of your "
            "recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, needs_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_code:
            del self.fields["code"]
