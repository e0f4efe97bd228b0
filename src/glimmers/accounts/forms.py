import json

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from glimmers.accounts import security_log, setup_code, throttle
from glimmers.accounts.models import (
    SecurityEvent,
    User,
    current_time_zone,
    time_zone_aliases,
    time_zone_names,
    validate_time_zone,
)
from glimmers.forms import Form, PlainWords


class TimeZoneField(forms.ChoiceField):
    """A choice of current IANA names; an old name sent in (``Europe/Kiev``) becomes the new one."""

    def to_python(self, value):
        value = super().to_python(value)
        return current_time_zone(value) or value

    def prepare_value(self, value):
        return current_time_zone(value) or value if isinstance(value, str) else value


def time_zone_field() -> forms.ChoiceField:
    # The old names a browser may still report, for timezone.js to pre-select the new one.
    aliases = json.dumps(time_zone_aliases(), separators=(",", ":"), sort_keys=True)
    return TimeZoneField(
        widget=forms.Select(attrs={"data-aliases": aliases}),
        label=_("Your time zone"),
        choices=[(name, name.replace("_", " ")) for name in time_zone_names()],
        initial="UTC",
        validators=[validate_time_zone],
        help_text=_("Your days begin and end here. You can change it later."),
        error_messages={"invalid_choice": _("Please choose your time zone from the list.")},
    )


class NewAccountForm(PlainWords, UserCreationForm):
    time_zone = time_zone_field()

    class Meta:
        model = User
        fields = ("username",)
        labels = {"username": _("A name to sign in with")}
        help_texts = {"username": _("Only you will see it. Letters, digits and @ . + - _")}


class FirstAccountForm(NewAccountForm):
    """The welcome page's form; on a hosted instance it also asks for the one-time setup code.

    A wrong code is counted by the throttle (action "setup"), and while this
    address is paused no code is even compared.
    """

    def __init__(self, *args, request=None, needs_setup_code: bool = False, **kwargs):
        self.request = request
        self.paused: throttle.Throttled | None = None
        super().__init__(*args, **kwargs)
        if needs_setup_code:
            self.fields = {
                "setup_code": forms.CharField(
                    label=_("Setup code"),
                    max_length=40,
                    strip=True,
                    help_text=_(
                        "This site is reachable from other machines, so its first account "
                        "needs the one-time code shown where Glimmers was started (or run "
                        "“glimmers setup-code” on the server)."
                    ),
                    widget=forms.TextInput(
                        attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
                    ),
                ),
                **self.fields,
            }

    def clean_setup_code(self) -> str:
        entered = self.cleaned_data["setup_code"]
        try:
            throttle.guard(self.request, "setup")
        except throttle.Throttled as paused:
            self.paused = paused
            raise ValidationError(str(paused), code="throttled") from None
        if not setup_code.matches(entered):
            throttle.failed(self.request, "setup")
            raise ValidationError(
                _(
                    "That setup code doesn’t match. Look where Glimmers was started for the "
                    "line with the code, or run “glimmers setup-code” on the server."
                ),
                code="wrong_setup_code",
            )
        return entered


class SignInForm(PlainWords, AuthenticationForm):
    """Django's sign-in form, throttled, with each try noted in the account's security log.

    While the name typed, this address or this browser is paused, the password
    is not even checked: a pause gives a guesser nothing to learn.
    """

    def __init__(self, request=None, *args, **kwargs):
        self.paused: throttle.Throttled | None = None
        super().__init__(request, *args, **kwargs)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        # The account if there is one; otherwise the name alone, counted just the same,
        # so how the form answers never tells which names exist.
        account = User.objects.filter(username=username).first() or username
        try:
            throttle.guard(self.request, "login", account)
        except throttle.Throttled as paused:
            self.paused = paused
            raise ValidationError(str(paused), code="throttled") from None
        try:
            return super().clean()
        except ValidationError as refused:
            if isinstance(account, User):
                security_log.record(account, SecurityEvent.Kind.SIGN_IN_FAILED, self.request)
            throttle.failed(self.request, "login", account)  # may note a pause after it
            try:
                throttle.guard(self.request, "login", account)
            except throttle.Throttled as paused:
                # This try began a pause: say so now rather than on the next one.
                self.paused = paused
                raise ValidationError([refused, ValidationError(str(paused))]) from None
            raise


class PreferencesForm(Form):
    time_zone = time_zone_field()
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("As my browser asks")), *settings.LANGUAGES],
        required=False,
    )
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
    is_carer = forms.BooleanField(
        label=_("I am a therapist, counsellor or coach"),
        required=False,
        help_text=_(
            "Your clients can then invite you to read what they choose to share with you. "
            "You see nothing of anyone until they confirm you."
        ),
    )
