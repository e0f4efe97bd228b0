"""glimmers.forms.QuickSelect and QuickInput write the same markup as Django's own widgets."""

import datetime
import re

import pytest
from django import forms

from glimmers.forms import QuickDateInput, QuickInput, QuickSelect, QuickTextInput

CHOICES = [
    ("", "any"),
    (1, "Mum & <Dad>"),
    (2, 'The "quoted" one'),
    ("Group", [("a", "Ä first"), ("b", "b second")]),
    (None, "none at all"),
    ("b", "b again: only the first b is selected"),
]


def _same_markup(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", ["", "1", 2, "b", "not a choice", None, ["1", "b"]])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_person", "aria-invalid": "true", "required": True}]
)
def test_it_matches_djangos_select(value, attrs):
    quick = QuickSelect(choices=CHOICES).render("person", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("person", value, attrs=attrs)
    assert _same_markup(quick) == _same_markup(django)
    assert "&lt;Dad&gt;" in quick and "<Dad>" not in quick


def test_the_journal_filters_use_it(owner):
    from glimmers.journal.forms import JournalFilterForm

    form = JournalFilterForm({"state_before": "safe"}, owner=owner)
    for name in ("sense", "value", "person", "kind", "state_before", "state_after"):
        assert isinstance(form.fields[name].widget, QuickSelect), name
    for name in ("tag", "since", "until"):
        assert isinstance(form.fields[name].widget, QuickInput), name
    assert '<option value="safe" selected>' in str(form["state_before"])


@pytest.mark.parametrize(
    "value", ["", None, 'a <b> & "c"', "2026-03-04", "not a day", datetime.date(2026, 3, 4)]
)
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_tag", "aria-invalid": "true", "required": True, "maxlength": 41}]
)
@pytest.mark.parametrize(
    ("quick", "django"),
    [
        (QuickTextInput, forms.TextInput),
        (
            lambda: QuickDateInput(attrs={"type": "date"}),
            lambda: forms.DateInput(attrs={"type": "date"}),
        ),
        (QuickDateInput, forms.DateInput),
    ],
)
def test_quick_inputs_match_djangos(quick, django, value, attrs):
    mine = quick().render("since", value, attrs=attrs)
    theirs = django().render("since", value, attrs=attrs)
    assert _same_markup(mine) == _same_markup(theirs)
    assert "<b>" not in mine
