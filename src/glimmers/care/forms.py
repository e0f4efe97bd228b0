"""The one validator per care action, used by the pages, the API and the CLI alike.

Every message is our own and says what to do next: no Django default shows
through ("This field is required." reads like a machine).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glimmers import invites
from glimmers.access import usable
from glimmers.care.models import LABEL_MAX_LENGTH, Scope, Suggestion
from glimmers.forms import Form
from glimmers.practice.models import Prompt
from glimmers.time import local_today, validate_day

SUGGESTION_MAX_LENGTH = Suggestion._meta.get_field("text").max_length


def _name(value: str) -> str:
    """A name as it is kept: spaces trimmed and runs of them made one."""
    return " ".join((value or "").split())


class ScopeForm(Form):
    """What a carer may read: the client's choice, changed at any time."""

    scope = forms.ChoiceField(
        label=_("What they may read"),
        choices=Scope.choices,
        initial=Scope.SESSIONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what they may read."),
            "invalid_choice": _("Choose one of the two ways to share."),
        },
    )
    since = forms.DateField(
        label=_("From this day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_day],
        help_text=_("With “all my glimmers since a date”: the first day they may read."),
        error_messages={"invalid": _("Write the day as a date, for example 2025-03-01.")},
    )
    with_photos = forms.BooleanField(
        label=_("With photos"),
        required=False,
        help_text=_("The photos of the glimmers they may read."),
    )
    with_insights = forms.BooleanField(
        label=_("With the Insights summary"),
        required=False,
        help_text=_("Your Glimmer Question answers over time, as numbers (not your words)."),
    )
    with_triggers = forms.BooleanField(
        label=_("With hard moments too"),
        required=False,
        help_text=_(
            "Only if you want them to see the hard moments you noted (since your chosen day, "
            "if you chose one)."
        ),
    )
    tell_tried = forms.BooleanField(
        label=_("Let them see whether I tried what they suggest"),
        required=False,
        help_text=_("Otherwise they see only what they suggested, never your answer."),
    )

    def __init__(self, *args, owner, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("scope") == Scope.SINCE:
            since = data.get("since")
            if since is None and "since" not in self.errors:
                self.add_error("since", _("Choose the first day they may read."))
            elif since is not None and since > local_today(self.owner):
                self.add_error("since", _("Choose today or a day before it."))
        else:
            data["since"] = None
        return data

    def scope_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name in SCOPE_NAMES}


SCOPE_NAMES = ("scope", "since", "with_photos", "with_insights", "with_triggers", "tell_tried")


class InviteForm(ScopeForm):
    """A client's invitation to a carer: who they are, and what they may read."""

    label = forms.CharField(
        label=_("Who they are to you"),
        max_length=LABEL_MAX_LENGTH,
        help_text=_("For example “my counsellor” or “Dr. Shevchenko”. Only you and they see it."),
        error_messages={
            "required": _("Say who they are to you, for example “my counsellor”."),
            "max_length": _("A shorter name, please: up to %(limit_value)d characters."),
        },
    )
    client_name = forms.CharField(
        label=_("Your name, as they will see it"),
        max_length=LABEL_MAX_LENGTH,
        help_text=_("For example your first name. They see it instead of your sign-in name."),
        error_messages={
            "required": _("Give the name they know you by, so they can tell it is you."),
            "max_length": _("A shorter name, please: up to %(limit_value)d characters."),
        },
    )

    field_order = ["label", "client_name", *SCOPE_NAMES]

    def clean_label(self) -> str:
        label = _name(self.cleaned_data["label"])
        if not label:
            raise forms.ValidationError(_("Say who they are to you, for example “my counsellor”."))
        return label

    def clean_client_name(self) -> str:
        name = _name(self.cleaned_data["client_name"])
        if not name:
            raise forms.ValidationError(
                _("Give the name they know you by, so they can tell it is you.")
            )
        return name


class CodeForm(Form):
    """An invitation code, typed or pasted."""

    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        help_text=_("Twelve letters and numbers, for example K7QM-4XRT-B9HC."),
        error_messages={
            "required": _("Type or paste the code your client gave you."),
            "max_length": _("That is longer than an invitation code: it has twelve characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = invites.normalise(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("That doesn’t look like an invitation code: it has twelve letters and numbers.")
            )
        return code


class AcceptForm(Form):
    """A carer takes up an invitation: the name their client will know them by."""

    carer_name = forms.CharField(
        label=_("Your name, as your client will see it"),
        max_length=LABEL_MAX_LENGTH,
        help_text=_("Your client confirms it is you before they share anything."),
        error_messages={
            "required": _("Give the name your client knows you by, so they can confirm it is you."),
            "max_length": _("A shorter name, please: up to %(limit_value)d characters."),
        },
    )
    is_carer = forms.BooleanField(
        label=_("I am a therapist, counsellor or coach"),
        required=False,
        help_text=_(
            "Your clients can invite you; you see nothing of anyone until they confirm you."
        ),
    )

    def __init__(self, *args, carer_already: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.carer_already = carer_already
        if carer_already:
            del self.fields["is_carer"]

    def clean_carer_name(self) -> str:
        name = _name(self.cleaned_data["carer_name"])
        if not name:
            raise forms.ValidationError(
                _("Give the name your client knows you by, so they can confirm it is you.")
            )
        return name

    def clean_is_carer(self) -> bool:
        if not self.cleaned_data["is_carer"]:
            raise forms.ValidationError(
                _(
                    "Care invitations are for therapists, counsellors and coaches. Tick the box "
                    "if that is you; if not, this invitation was probably meant for someone else."
                )
            )
        return True


class LibraryPrompt(forms.ModelChoiceField):
    def label_from_instance(self, prompt: Prompt) -> str:
        return str(prompt)


class SuggestionForm(Form):
    """A carer's suggestion: their own words, or one prompt from the built-in library."""

    text = forms.CharField(
        label=_("In your own words"),
        max_length=SUGGESTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A prompt or a small practice, for example “Notice one sound on your way home.”"
        ),
        error_messages={
            "max_length": _("A shorter suggestion, please: up to %(limit_value)d characters."),
        },
    )
    prompt = LibraryPrompt(
        label=_("Or one from the library"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
        error_messages={"invalid_choice": _("Choose a prompt from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built-in prompts only (no owner): a carer's own prompts are theirs, not the client's.
        self.fields["prompt"].queryset = usable(Prompt, None).order_by("category", "pk")

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()

    def clean(self):
        data = super().clean()
        text, prompt = data.get("text"), data.get("prompt")
        if self.errors:
            return data
        if text and prompt:
            raise forms.ValidationError(
                _("Choose one: your own words, or a prompt from the library.")
            )
        if not text and not prompt:
            raise forms.ValidationError(
                _("Write a suggestion in your own words, or choose one from the library.")
            )
        return data

    def suggestion(self) -> dict:
        """What services.suggest is given: the text, and the library prompt's slug."""
        prompt = self.cleaned_data.get("prompt")
        if prompt is not None:
            return {"text": prompt.text, "library_prompt": prompt.slug}
        return {"text": self.cleaned_data["text"], "library_prompt": ""}


class AnswerForm(Form):
    """The client's answer to a suggestion: no reason is ever asked."""

    answer = forms.ChoiceField(
        choices=[
            (Suggestion.Answer.TRIED, _("Try it")),
            (Suggestion.Answer.SKIPPED, _("Not today")),
            (Suggestion.Answer.DECLINED, _("No thanks")),
        ],
        error_messages={
            "required": _("Choose try it, not today or no thanks."),
            "invalid_choice": _("Choose try it, not today or no thanks."),
        },
    )


class SessionsForm(Form):
    """Mark a glimmer "for my sessions", or take the mark off."""

    marked = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        error_messages={
            "required": _("Choose whether it is for your sessions."),
            "invalid_choice": _("Choose whether it is for your sessions."),
        },
    )
