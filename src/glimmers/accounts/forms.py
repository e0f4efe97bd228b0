from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from glimmers.accounts.models import User, time_zone_names, validate_time_zone


def time_zone_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Your time zone"),
        choices=[(name, name.replace("_", " ")) for name in time_zone_names()],
        initial="UTC",
        validators=[validate_time_zone],
        help_text=_("Your days begin and end here. You can change it later."),
    )


class NewAccountForm(UserCreationForm):
    time_zone = time_zone_field()

    class Meta:
        model = User
        fields = ("username",)
        labels = {"username": _("A name to sign in with")}
        help_texts = {"username": _("Only you will see it. Letters, digits and @ . + - _")}


class PreferencesForm(forms.Form):
    time_zone = time_zone_field()
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
