"""The range a person looks at: this week, month, year, all time, or their own dates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glimmers.forms import Form
from glimmers.insights import queries
from glimmers.journal import queries as journal
from glimmers.journal.forms import refuse_out_of_range_day

RANGE_CHOICES = [
    ("week", _("This week")),
    ("month", _("This month")),
    ("year", _("This year")),
    ("all", _("All time")),
    ("custom", _("Your dates")),
]


class RangeForm(Form):
    """Read from the query string. Nothing is saved, so nothing can go wrong but the dates."""

    range = forms.ChoiceField(
        label=_("Range"),
        choices=RANGE_CHOICES,
        required=False,
        error_messages={
            "invalid_choice": _(
                "Choose this week, this month, this year, all time or your own dates."
            )
        },
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_since(self):
        return refuse_out_of_range_day(self.cleaned_data.get("since"))

    def clean_until(self):
        return refuse_out_of_range_day(self.cleaned_data.get("until"))

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        key = cleaned.get("range") or ("custom" if since or until else queries.DEFAULT_RANGE)
        cleaned["range"] = key
        if key != "custom":
            return cleaned
        if self.errors:
            return cleaned
        if not since and not until:
            raise forms.ValidationError(_("Choose a start date, an end date, or both."))
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        elif since and since > journal.local_today(self.user):
            self.add_error("since", _("That start date hasn't come yet."))
        return cleaned

    def span(self) -> queries.Span:
        """The range asked for (the default one when the form is empty)."""
        if not self.is_bound:
            return queries.span_for(self.user, queries.DEFAULT_RANGE)
        data = self.cleaned_data
        return queries.span_for(self.user, data["range"], data.get("since"), data.get("until"))
