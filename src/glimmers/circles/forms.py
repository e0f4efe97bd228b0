"""The one validator per circle action, used by the pages, the API and the CLI alike."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glimmers import invites
from glimmers.access import circles, usable
from glimmers.circles.models import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    QUOTE_MAX_LENGTH,
    REPLY_MAX_LENGTH,
)
from glimmers.forms import Form
from glimmers.journal.models import Sense


class CircleForm(Form):
    name = forms.CharField(
        label=_("Name of the circle"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("For example “Mum and me” or “Tuesday group”."),
        error_messages={"required": _("Give the circle a name.")},
    )
    description = forms.CharField(
        label=_("A few words about it (optional)"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the circle a name."))
        return name


class InviteForm(Form):
    note = forms.CharField(
        label=_("Who it is for (optional, only you see this)"),
        max_length=80,
        required=False,
    )


class JoinForm(Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        help_text=_("Twelve letters and numbers, for example K7QM-4XRT-B9HC."),
        error_messages={"required": _("Type or paste the code you were given.")},
    )

    def clean_code(self) -> str:
        code = invites.normalise(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("That doesn’t look like an invitation code: it has twelve letters and numbers.")
            )
        return code


class ShareForm(Form):
    """Which of the person's circles a glimmer goes to, and what goes with it."""

    circles = forms.ModelMultipleChoiceField(
        label=_("Share with"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("That circle isn’t one of yours.")},
    )
    with_senses = forms.BooleanField(label=_("its senses and body cues"), required=False)
    with_people = forms.BooleanField(label=_("the names of people in it"), required=False)
    with_photos = forms.BooleanField(label=_("its photos"), required=False)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circles"].queryset = circles(owner).order_by("name")
        self.fields["circles"].error_messages["invalid_pk_value"] = _(
            "That circle isn’t one of yours."
        )


class ReplyForm(Form):
    """A glimmering reply: the glimmer you noticed in someone's glimmer."""

    noticed = forms.CharField(
        label=_("The glimmer you noticed in it"),
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Name what glimmered for you in their moment, in a few kind words."),
        error_messages={"required": _("Write the glimmer you noticed, or leave this for now.")},
    )
    quote = forms.CharField(
        label=_("Their words that glimmered for you (optional)"),
        max_length=QUOTE_MAX_LENGTH,
        required=False,
    )
    sense = forms.ModelChoiceField(
        label=_("The sense it touched (optional)"),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("no sense in particular"),
        error_messages={"invalid_choice": _("Choose one of the senses in the list.")},
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sense"].queryset = usable(Sense, owner).order_by("position", "name")

    def clean_noticed(self) -> str:
        text = self.cleaned_data["noticed"].strip()
        if not text:
            raise forms.ValidationError(_("Write the glimmer you noticed, or leave this for now."))
        return text
