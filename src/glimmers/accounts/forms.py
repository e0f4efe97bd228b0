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
    day_starts_at = forms.TypedChoiceField(
        label=_("My day starts at"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(7)],
        help_text=_("For night owls: glimmers before this hour count for the day before."),
    )
    anchor_seconds = forms.IntegerField(
        label=_("Seconds to stay with a glimmer"),
        min_value=10,
        max_value=60,
        help_text=_("How long the “stay with it” pause lasts: 10 to 60 seconds."),
    )
    show_streak = forms.BooleanField(
        label=_("Show how many days in a row I noticed something"),
        required=False,
        help_text=_("Off unless you want it. It never says a streak was broken."),
    )
