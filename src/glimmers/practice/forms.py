"""Input for the daily practice, validated per person."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glimmers.forms import Form, ModelForm
from glimmers.journal import queries as journal
from glimmers.journal.forms import DATETIME_INPUT, OwnedChoices
from glimmers.journal.models import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from glimmers.practice.models import INTENTION_MAX_LENGTH, Category, QuestionAnswer
from glimmers.practice.services import TRACE_LINES


class IntentionForm(Form):
    """The one check of an intention, for the Today page, the API and `glimmers intend`:
    a few words (up to INTENTION_MAX_LENGTH), a sense to focus on, or both.

    The page chooses the sense from a menu (by id); the API and the CLI name it
    by its slug, with ``PlainIntentionForm``. Same rules, same messages.
    """

    text = forms.CharField(
        label=_("Today I'll look for…"),
        max_length=INTENTION_MAX_LENGTH,
        required=False,
        error_messages={"max_length": _("That's more than %(limit_value)d characters.")},
        widget=forms.TextInput(attrs={"placeholder": _("small sounds, warm light, a kind face")}),
    )
    focus_sense = forms.ModelChoiceField(
        label=_("A sense to focus on (optional)"),
        queryset=None,
        required=False,
        empty_label=_("any sense"),
        error_messages={"invalid_choice": _("We don't know that sense.")},
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_sense"].queryset = journal.senses(owner)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text") and not cleaned.get("focus_sense") and not self.errors:
            raise forms.ValidationError(
                _("Write a few words or choose a sense — or simply skip the intention today.")
            )
        return cleaned


class SenseBySlug(forms.ModelChoiceField):
    """A sense named by its slug ("sound", in any case), as the API and the CLI send it."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = self.queryset.filter(slug=str(value).strip().lower()).first()
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class PlainIntentionForm(IntentionForm):
    """IntentionForm fed as the API and the CLI send it: the sense by its slug."""

    focus_sense = SenseBySlug(
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("We don't know the sense “%(value)s”.")},
    )


class ReflectionForm(Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a few words, or simply close the page.")},
    )

    def __init__(self, *args, owner, day, **kwargs):
        super().__init__(*args, **kwargs)
        from glimmers.practice import queries

        self.fields["glimmers"] = OwnedChoices(
            queryset=queries.glimmers_on(owner, day),
            label=_("Glimmers of the day that come to mind (optional)"),
            refusal=_("Only glimmers from that day can be linked."),
        )


class AnchorForm(Form):
    seconds = forms.IntegerField(
        label=_("How many seconds did you stay with it?"),
        min_value=1,
        max_value=3600,
        error_messages={
            "min_value": _("Between 1 second and an hour, please."),
            "max_value": _("Between 1 second and an hour, please."),
            "invalid": _("A number of seconds, please."),
        },
    )


class TraceForm(Form):
    """I saw… I heard… — each line answered becomes a sense of the glimmer."""

    noticed_at = forms.DateTimeField(
        label=_("When was it, roughly? (optional)"), required=False, widget=DATETIME_INPUT
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, _sense, start in TRACE_LINES:
            self.fields[name] = forms.CharField(label=f"{start}…", required=False, max_length=800)
        self.order_fields([name for name, _s, _l in TRACE_LINES] + ["noticed_at"])

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(name) or "").strip() for name, _s, _l in TRACE_LINES):
            raise forms.ValidationError(_("Answer at least one line — any one is enough."))
        return cleaned


class HardTimeForm(Form):
    period = forms.CharField(
        label=_("Which time was it?"),
        max_length=120,
        help_text=_("A few words are enough: “the winter of 2022”, “after the move”."),
    )
    text = forms.CharField(
        label=_("The small moment that helped"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    noticed_at = forms.DateTimeField(
        label=_("When, if you remember (optional)"), required=False, widget=DATETIME_INPUT
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["senses"] = forms.ModelMultipleChoiceField(
            queryset=journal.senses(owner),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Senses in it (optional)"),
            error_messages={"invalid_choice": _("We don't know that sense.")},
        )


class QuestionForm(ModelForm):
    class Meta:
        model = QuestionAnswer
        fields = ["likelihood", "how_would_i_know", "body_notice", "who_would_notice"]
        widgets = {
            "likelihood": forms.RadioSelect(choices=[(n, str(n)) for n in range(11)]),
            "how_would_i_know": forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX_LENGTH}),
            "body_notice": forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX_LENGTH}),
            "who_would_notice": forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX_LENGTH}),
        }
        labels = {"likelihood": _("From 0 (not at all) to 10 (very)")}


class PromptForm(Form):
    category = forms.ChoiceField(label=_("When to ask it"), choices=Category.choices)
    text = forms.CharField(
        label=_("Your prompt"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("What made me feel at home today?")}),
    )


class NameForm(Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
