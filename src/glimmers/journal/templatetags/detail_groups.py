"""Which folded group of the details form opens by itself (journal/_glimmer_details.html).

A group opens when one of its fields holds an error, or something the person
gave (a value that is not the field's own default): an error is never hidden,
and what was written is never out of sight when the form comes back.
"""

from __future__ import annotations

from django import template

register = template.Library()

EMPTY = (None, "", [], (), False)


@register.simple_tag
def group_open(form, names: str) -> bool:
    """True if any of the space-separated fields ``names`` has an error or a value of its own."""
    for name in names.split():
        if name not in form.fields:
            continue
        field = form[name]
        if field.errors:
            return True
        value = field.value()
        if value in EMPTY:
            continue
        default = form.fields[name].initial
        if str(value) != str(default() if callable(default) else default):
            return True
    return False
