"""What someone may ask of an export: a format, and for the PDF a range, a tag, reliable ones."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glimmers.forms import Form
from glimmers.time import EARLIEST_DAY, LATEST_DAY, out_of_range_message


class FormatForm(Form):
    """The streamed formats (the page's buttons and the API's ``format``)."""

    format = forms.ChoiceField(
        choices=[("json", "JSON"), ("markdown", "Markdown"), ("csv", "CSV")],
        error_messages={
            "required": _("Choose a format: json, markdown or csv."),
            "invalid_choice": _("Choose a format: json, markdown or csv."),
        },
    )


class PdfOptionsForm(Form):
    """The PDF scrapbook's choices, all optional."""

    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tag = forms.CharField(label=_("Only glimmers with this #tag"), required=False, max_length=80)
    reliable = forms.BooleanField(label=_("Only the ones that reliably help me"), required=False)

    def clean_tag(self) -> str:
        return self.cleaned_data["tag"].strip().lstrip("#").lower()

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        for name, day in (("since", since), ("until", until)):
            if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
                self.add_error(name, out_of_range_message())
        if since and until and since > until:
            self.add_error("until", _("This day is before the first one; swap them round."))
        return cleaned
