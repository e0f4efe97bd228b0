"""The reminders' forms: the one validator for each change (web page and tests alike)."""

from __future__ import annotations

import binascii

from cryptography.hazmat.primitives.asymmetric import ec
from django import forms
from django.utils.translation import gettext_lazy as _

from glimmers.forms import Form, ModelForm
from glimmers.reminders import push
from glimmers.reminders.models import ReminderSettings
from glimmers.reminders.planning import email_ready
from glimmers.reminders.services import CHOICES

WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]

SLOT_LABELS = {
    "morning": _("Morning intention"),
    "evening": _("Evening reflection"),
    "pause1": _("Pause and notice"),
    "pause2": _("Another pause"),
    "pause3": _("A third pause"),
}
SLOT_HELP = {
    "morning": _("A nudge to choose what you might look out for today."),
    "evening": _("A nudge to look back at what softened you today."),
    "pause1": _("A moment in the day to stop and notice something safe or good."),
    "pause2": _("A second moment in the day, if you'd like one."),
    "pause3": _("A third moment in the day, if you'd like one."),
}


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PreferencesForm(ModelForm):
    """What a person chooses: which reminders, when, in what words, on which days, how."""

    quiet_days = forms.MultipleChoiceField(
        label=_("Quiet days"),
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("No reminders at all on the days you tick — a weekend, a day off."),
    )

    class Meta:
        model = ReminderSettings
        fields = CHOICES
        widgets = {
            **{f"{slot}_from": _time_input() for slot in SLOT_LABELS},
            **{f"{slot}_to": _time_input() for slot in SLOT_LABELS},
            "morning_words": forms.Textarea(attrs={"rows": 2}),
            "evening_words": forms.Textarea(attrs={"rows": 2}),
            "pause_words": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for slot, label in SLOT_LABELS.items():
            # Each label names its reminder, so a message in the list of errors says which.
            self.fields[f"{slot}_on"].label = _("Send me this reminder")
            self.fields[f"{slot}_on"].help_text = SLOT_HELP[slot]
            self.fields[f"{slot}_from"].label = _("%(reminder)s: at") % {"reminder": label}
            self.fields[f"{slot}_from"].help_text = _("In your own time zone, e.g. 08:00.")
            self.fields[f"{slot}_to"].label = _(
                "%(reminder)s: or sometime between then and (optional)"
            ) % {"reminder": label}
            self.fields[f"{slot}_to"].help_text = _(
                "Leave empty for the exact time. With an end, the moment changes a little "
                "each day, somewhere in between."
            )
        self.fields["morning_words"].label = _("Your words for the morning")
        self.fields["evening_words"].label = _("Your words for the evening")
        self.fields["pause_words"].label = _("Your words for a pause")
        for kind in ("morning", "evening", "pause"):
            self.fields[f"{kind}_words"].help_text = _(
                "Leave empty for our gentle words, shown above."
            )
        self.fields["by_email"].label = _("By e-mail")
        self.fields["by_email"].help_text = (
            _("Sent to the address below.")
            if email_ready()
            else _("This Glimmers has no mail server set up yet, so e-mail can't be sent.")
        )
        self.fields["email"].label = _("E-mail address for reminders")
        self.fields["email"].help_text = _("Only used for your reminders.")
        self.fields["by_push"].label = _("As a notification on this device")
        self.fields["by_push"].help_text = _(
            "Your browser will ask whether Glimmers may show notifications."
        )
        if self.instance and self.instance.quiet_days:
            self.initial["quiet_days"] = list(self.instance.quiet_days)

    def clean_quiet_days(self) -> str:
        return "".join(sorted(set(self.cleaned_data["quiet_days"])))

    def clean(self):
        cleaned = super().clean()
        for slot in SLOT_LABELS:
            start, end = cleaned.get(f"{slot}_from"), cleaned.get(f"{slot}_to")
            if start and end and end <= start:
                self.add_error(
                    f"{slot}_to",
                    _("The end of the window must come after its start, on the same day."),
                )
        if cleaned.get("by_email"):
            if not email_ready():
                self.add_error(
                    "by_email", _("This Glimmers can't send e-mail yet; its host can set it up.")
                )
            elif not cleaned.get("email"):
                self.add_error("email", _("Give the address the reminders should go to."))
        return cleaned


def _key(text: str, length: int, message) -> str:
    try:
        raw = push.b64url_decode(text)
    except (binascii.Error, ValueError):
        raise forms.ValidationError(message) from None
    if len(raw) != length:
        raise forms.ValidationError(message)
    return text


class PushSubscriptionForm(Form):
    """A browser's push subscription, as ``PushManager.subscribe()`` gave it."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        try:
            push.check_endpoint(endpoint)
        except push.UnsafeEndpoint as problem:
            raise forms.ValidationError(str(problem)) from None
        return endpoint

    def clean_p256dh(self) -> str:
        message = _("That is not a browser's push key.")
        key = _key(self.cleaned_data["p256dh"], 65, message)
        try:  # a point on the curve the browser's key must be on (P-256)
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), push.b64url_decode(key))
        except ValueError:
            raise forms.ValidationError(message) from None
        return key

    def clean_auth(self) -> str:
        return _key(self.cleaned_data["auth"], 16, _("That is not a browser's push secret."))


class UnsubscribeForm(Form):
    endpoint = forms.CharField(max_length=1000)
