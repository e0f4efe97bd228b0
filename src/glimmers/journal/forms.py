"""Validation of journal input, shared by the web pages, the API and the CLI.

Each form is built for one person (``owner``): its choices are that person's
own senses, people and values, so anything else is refused with a clear
message before a service writes a thing.
"""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from glimmers.forms import Form, ModelForm
from glimmers.journal import queries
from glimmers.journal.models import (
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Glimmer,
    Kind,
    State,
    Trigger,
    shown_name,
    validate_not_in_future,
)
from glimmers.journal.photos import clean_photo
from glimmers.time import validate_day, validate_moment

MAX_PHOTOS_PER_SAVE = 6
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def refuse_out_of_range_moment(value: datetime | None) -> datetime | None:
    """A moment that has happened, on a day the app accepts (glimmers/time.py holds
    the one rule), or None. A moment to come is told so: that says more than the
    last year we keep."""
    validate_not_in_future(value)
    validate_moment(value)
    return value


def refuse_out_of_range_day(value: date | None) -> date | None:
    """A day the app accepts (glimmers/time.py holds the one rule), or None."""
    validate_day(value)
    return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Zero or more photos, each cleaned (EXIF and GPS removed) on validation."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS_PER_SAVE:
            raise forms.ValidationError(
                _("Up to %(n)s photos at a time, please."), params={"n": MAX_PHOTOS_PER_SAVE}
            )
        return [clean_photo(super(PhotosField, self).clean(item, initial)) for item in files]


def names_field(label, help_text) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=1000, help_text=help_text)


def split_names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


class PlainNamedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that also carry the row's plain name (a sense's slug, a person's name).

    A glimmer caught offline is sent later through the API, which takes
    senses by slug and people by name (offline.js reads ``data-plain``).
    """

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        row = getattr(value, "instance", None)
        plain = getattr(row, "slug", None) or getattr(row, "name", None)
        if plain:
            option["attrs"]["data-plain"] = plain
        return option


class OwnedChoices(forms.ModelMultipleChoiceField):
    """Checkboxes of the owner's own rows; anything else gets ``refusal``."""

    def __init__(self, *, refusal, **kwargs):
        super().__init__(
            queryset=kwargs.pop("queryset"),
            required=False,
            widget=PlainNamedCheckboxes,
            error_messages={"invalid_choice": refusal, "invalid_pk_value": refusal},
            **kwargs,
        )


class GlimmerForm(ModelForm):
    """Capture and edit. Only ``text`` is in front; the rest sits under "add details"."""

    new_people = names_field(_("Someone new"), _("Names, separated by commas."))
    new_values = names_field(_("A new value"), _("For example: nature, family, creativity."))
    photos = PhotosField(label=_("Photos"), required=False)

    class Meta:
        model = Glimmer
        fields = [
            "text",
            "noticed_at",
            "kind",
            "period",
            "senses",
            "body_cues",
            "state_before",
            "state_after",
            "place",
            "people",
            "values",
            "surprise",
            "gratitude",
            "reliable",
            "anchored_seconds",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX_LENGTH}),
            "noticed_at": DATETIME_INPUT,
            "kind": forms.RadioSelect,
            "gratitude": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "text": _("A few words are plenty. #tags work anywhere."),
            "noticed_at": _("Empty means now. It can also be long ago."),
            "reliable": _("It goes on your glimmer menu, for harder moments."),
            "period": _("For a remembered glimmer: “the winter of 2022”, “after the move”."),
        }
        error_messages = {
            "text": {"max_length": _("That's more than %(limit_value)d characters.")},
        }

    def __init__(self, *args, owner, require_words: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.require_words = require_words
        self._for_the_page(owner)

    def _for_the_page(self, owner) -> None:
        """What a form shown on a page needs: "When" empty for a new glimmer, the
        owner's own senses, body cues, people and values to tick, and "—" for a
        state not given."""
        if self.instance._state.adding:
            # Empty means "when I press Save", not "when this page was opened".
            self.initial.pop("noticed_at", None)
            self.fields["noticed_at"].initial = None
            self.fields["noticed_at"].show_hidden_initial = False
        self.fields["senses"] = OwnedChoices(
            queryset=queries.senses(owner),
            label=_("Senses"),
            refusal=_("We don't know that sense. You can add your own under Your words."),
        )
        self.fields["body_cues"] = OwnedChoices(
            queryset=queries.body_cues(owner),
            label=_("In my body"),
            refusal=_("We don't know that body cue. You can add your own under Your words."),
        )
        self.fields["people"] = OwnedChoices(
            queryset=queries.people(owner),
            label=_("Who was there"),
            refusal=_("That person isn't in your list."),
        )
        self.fields["values"] = OwnedChoices(
            queryset=queries.values(owner),
            label=_("Values it touched"),
            refusal=_("That value isn't in your list."),
        )
        for name in ("state_before", "state_after", "surprise"):
            self.fields[name].choices = [("", _("—"))] + list(self.fields[name].choices)[1:]

    @staticmethod
    def _settle(fields: dict) -> None:
        """Set once on the class's own fields: what may be left out, whatever the
        model says, and how "When" is labelled."""
        for name in ("noticed_at", "kind", "anchored_seconds"):
            if name in fields:
                fields[name].required = False
        fields["noticed_at"].label = _("When")

    def validate_unique(self):
        """Nothing to ask the database: a glimmer's only unique field is its id,
        which no form sets (a new one gets a fresh uuid4)."""

    def clean_new_people(self) -> list[str]:
        return split_names(self.cleaned_data["new_people"])

    def clean_new_values(self) -> list[str]:
        return split_names(self.cleaned_data["new_values"])

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or Kind.NOTICED

    def clean_noticed_at(self):
        return refuse_out_of_range_moment(self.cleaned_data.get("noticed_at"))

    def clean_anchored_seconds(self) -> int | None:
        return self.cleaned_data.get("anchored_seconds")

    def clean(self):
        cleaned = super().clean()
        if (
            self.require_words
            and not (cleaned.get("text") or "").strip()
            and not cleaned.get("photos")
            and "text" not in self.errors
        ):
            self.add_error(
                "text",
                _("Write a few words about it — or use “Count one” to count it without words."),
            )
        for name in ("new_people", "new_values"):
            if any(len(item) > NAME_MAX_LENGTH for item in cleaned.get(name) or []):
                self.add_error(
                    name, _("Keep each name under %(n)s characters.") % {"n": NAME_MAX_LENGTH}
                )
        return cleaned

    def _post_clean(self):
        # The owner is not a form field; set it so model validation sees it.
        self.instance.owner = self.owner
        super()._post_clean()


GlimmerForm._settle(GlimmerForm.base_fields)


class PhotoForm(Form):
    photos = PhotosField(label=_("Add photos"))


class TriggerForm(ModelForm):
    class Meta:
        model = Trigger
        fields = ["text", "occurred_at", "pushed_toward", "intensity", "helped_by"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX_LENGTH}),
            "occurred_at": DATETIME_INPUT,
            "intensity": forms.NumberInput(attrs={"min": 0, "max": 10}),
        }
        help_texts = {
            "text": _("Only what you want to keep. This stays apart from your glimmers."),
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["occurred_at"].required = False
        self.fields["pushed_toward"].choices = [("", _("—")), *State.choices]
        recent = queries.glimmers(owner).exclude(text="").order_by("-noticed_at")[:30]
        chosen = (
            self.instance.helped_by.all() if self.instance.pk else queries.glimmers(owner).none()
        )
        self.fields["helped_by"] = OwnedChoices(
            queryset=queries.glimmers(owner),
            label=_("Glimmers that helped afterwards (optional)"),
            refusal=_("That glimmer isn't in your journal."),
        )
        # Offer recent glimmers, plus any already linked, without loading the journal.
        self.fields["helped_by"].widget.choices = [
            (glimmer.pk, str(glimmer)) for glimmer in dict.fromkeys([*chosen, *recent])
        ]

    def clean_occurred_at(self):
        return refuse_out_of_range_moment(self.cleaned_data.get("occurred_at"))

    def _post_clean(self):
        self.instance.owner = self.owner
        super()._post_clean()


class OwnWordForm(Form):
    name = forms.CharField(label=_("Name"), max_length=40)


def _sense_choices(owner) -> list[tuple[str, str]]:
    """(slug, name) of the senses the owner can use, named as Sense.__str__ names
    them, without making a model instance of each."""
    rows = queries.senses(owner).values_list("slug", "name", "owner_id")
    return [(slug, shown_name(name, owner_id)) for slug, name, owner_id in rows]


class JournalFilterForm(Form):
    """The journal's search box and filters, read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    # The person's own senses, values and people: choices filled in by __init__.
    sense = forms.ChoiceField(label=_("Sense"), required=False)
    value = forms.TypedChoiceField(label=_("Value"), required=False, coerce=int, empty_value=None)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=NAME_MAX_LENGTH + 1)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("any"))] + list(Kind.choices),
    )
    state_before = forms.ChoiceField(
        label=_("Felt before"),
        required=False,
        choices=[("", _("any"))] + list(State.choices),
    )
    state_after = forms.ChoiceField(
        label=_("Felt after"),
        required=False,
        choices=[("", _("any"))] + list(State.choices),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["sense"].choices = [("", _("any"))] + _sense_choices(owner)
        fields["value"].choices = [("", _("any"))] + list(
            queries.values(owner).values_list("pk", "name")
        )
        fields["person"].choices = [("", _("anyone"))] + list(
            queries.people(owner).values_list("pk", "name")
        )

    def clean_since(self):
        return refuse_out_of_range_day(self.cleaned_data.get("since"))

    def clean_until(self):
        return refuse_out_of_range_day(self.cleaned_data.get("until"))

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def journal_filter(self) -> queries.JournalFilter:
        """The filters that were valid; a bad one is shown as an error and left out."""
        data = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        for name in self.errors:
            data.pop(name, None)
        return queries.JournalFilter(**data)


PLAIN_FIELDS = (
    "text",
    "noticed_at",
    "kind",
    "period",
    "state_before",
    "state_after",
    "place",
    "anchored_seconds",
    "surprise",
    "gratitude",
    "reliable",
)


class FoundRows(forms.Field):
    """Rows PlainGlimmerForm has already looked up from slugs or names; kept as they are."""

    widget = forms.HiddenInput  # never shown: the plain form is not a page

    def clean(self, value):
        return value


class PlainGlimmerForm(GlimmerForm):
    """The same validation, fed with plain values as the API and the CLI send them.

    Senses and body cues come as slugs ("sight"), people and values as names
    ("Mum"); new names are added. Fields left out keep the glimmer's current
    value (or the default, for a new one).

    It checks the same fields with the same messages as the web form, but
    offers no choices: a slug is looked up among the senses the owner may use
    (one query, giving the rows themselves), so there is nothing left for a
    list of choices to check. Captures through the API, the busiest call, are
    mostly this form.
    """

    photos = None
    senses = FoundRows(required=False)
    body_cues = FoundRows(required=False)
    people = FoundRows(required=False)
    values = FoundRows(required=False)

    class Meta(GlimmerForm.Meta):
        fields = PLAIN_FIELDS

    def __init__(
        self,
        values: dict,
        *,
        owner,
        instance=None,
        require_words: bool = True,
        known: dict[str, dict] | None = None,
    ):
        """``known``: the owner's usable senses and body cues by slug
        ({"senses": {slug: row}, "body_cues": {…}}), for a caller checking many
        glimmers at once (an import) instead of one query per form."""
        self._unknown: dict[str, list[str]] = {}
        self._names: dict[str, list[str]] = {}
        data = {}
        if instance is not None:
            data = {name: getattr(instance, name) for name in PLAIN_FIELDS}
        for name in PLAIN_FIELDS:
            if values.get(name) is not None:
                data[name] = values[name]
        for name, usable in (("senses", queries.senses), ("body_cues", queries.body_cues)):
            if values.get(name) is not None:
                slugs = list(dict.fromkeys(str(slug).strip().lower() for slug in values[name]))
                if known is not None:
                    found = known[name]
                else:
                    rows = usable(owner).filter(slug__in=slugs) if slugs else ()
                    found = {row.slug: row for row in rows}
                data[name] = [found[slug] for slug in slugs if slug in found]
                self._unknown[name] = [slug for slug in slugs if slug not in found]
        for name in ("people", "values"):
            if values.get(name) is not None:
                data[name] = []  # replaced by these names, existing or new
                self._names[name] = [str(item) for item in values[name]]
        super().__init__(data=data, owner=owner, instance=instance, require_words=require_words)

    def _for_the_page(self, owner) -> None:
        """Not shown on a page, and nothing to choose from: __init__ has turned slugs
        and names into rows."""

    def clean_new_people(self) -> list[str]:
        return [name.strip() for name in self._names.get("people", []) if name.strip()]

    def clean_new_values(self) -> list[str]:
        return [name.strip() for name in self._names.get("values", []) if name.strip()]

    def clean(self):
        cleaned = super().clean()
        # What was not sent is left out, so the save leaves it as it is.
        for name in ("senses", "body_cues", "people", "values"):
            if cleaned.get(name) is None:
                cleaned.pop(name, None)
                if name in ("people", "values"):
                    cleaned.pop(f"new_{name}", None)
        what = {"senses": _("sense"), "body_cues": _("body cue")}
        for name, unknown in self._unknown.items():
            for slug in unknown:
                self.add_error(
                    name,
                    _("We don't know the %(what)s “%(slug)s”.")
                    % {"what": what[name], "slug": slug},
                )
        return cleaned

    def plain_errors(self) -> dict[str, list[str]]:
        """Errors keyed by the plain field names (people, not new_people)."""
        renamed = {"new_people": "people", "new_values": "values", "__all__": "non_field"}
        errors: dict[str, list[str]] = {}
        for name, messages in self.errors.items():
            errors.setdefault(renamed.get(name, name), []).extend(str(m) for m in messages)
        return errors


PlainGlimmerForm._settle(PlainGlimmerForm.base_fields)


class _SharedFields(dict):
    """A form class's fields, which its forms share instead of copying.

    Django gives every form a deep copy of its class's fields, so that a form
    can change its own (choices, ``initial``). PlainGlimmerForm changes none
    of them after ``_settle``, and copying them cost 0.3 ms of a 3.7 ms API
    capture, measured in-process (docs/decisions.md, "Django used plainly").
    """

    def __deepcopy__(self, memo):
        return dict(self)


PlainGlimmerForm.base_fields = _SharedFields(PlainGlimmerForm.base_fields)
