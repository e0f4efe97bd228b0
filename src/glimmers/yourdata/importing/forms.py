"""What the "Bring in a journal" page asks: a file, its format, and for a CSV its columns."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from glimmers.forms import Form
from glimmers.yourdata.importing.formats import FORMATS


def upload_max_bytes() -> int:
    """The largest file the page takes: what the server lets a photo page receive."""
    from glimmers.journal.forms import MAX_PHOTOS_PER_SAVE

    return MAX_PHOTOS_PER_SAVE * settings.PHOTO_MAX_BYTES


class ImportForm(Form):
    file = forms.FileField(
        label=_("Your journal's file"),
        help_text=_(
            "A jrnl file, a Daylio or other CSV, a Day One ZIP, or a ZIP of Markdown notes."
        ),
        error_messages={"required": _("Choose the file to bring in.")},
    )
    format = forms.ChoiceField(
        label=_("Where it comes from"),
        choices=[("auto", _("Let Glimmers tell from the file"))]
        + [(name, label) for name, (_module, label) in FORMATS.items()],
        initial="auto",
        required=False,
    )
    mapping = forms.CharField(
        label=_("For a CSV: which column is which (optional)"),
        help_text=_("For example: text=Note, date=Date, time=Time, tags=Tags"),
        required=False,
        max_length=500,
    )

    date_format = forms.CharField(
        label=_("For a CSV: how its dates are written (optional)"),
        help_text=_(
            "Only if they aren't like 2026-06-01. For example %d/%m/%Y for 01/06/2026 "
            "(day first), or %m/%d/%Y for 06/01/2026 (month first)."
        ),
        required=False,
        max_length=40,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        most = upload_max_bytes()
        if upload.size > most:
            raise forms.ValidationError(
                _(
                    "That file is larger than the page takes (%(most)s). The command "
                    "`glimmers import` takes any size."
                ),
                params={"most": filesizeformat(most)},
            )
        return upload

    def clean_format(self) -> str:
        return self.cleaned_data["format"] or "auto"

    def clean_mapping(self) -> dict[str, str]:
        text = self.cleaned_data["mapping"].strip()
        mapping = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, equals, column = part.partition("=")
            if not equals or not name.strip():
                raise forms.ValidationError(
                    _("Write each as field=Column, for example text=Note."), code="mapping"
                )
            mapping[name.strip().lower()] = column.strip()
        return mapping
