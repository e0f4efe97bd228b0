"""PlainGlimmerForm shares its class's fields instead of copying them: no form may change them."""

from glimmers.journal.forms import GlimmerForm, PlainGlimmerForm
from tests.factories import make_glimmer


def _plain(value, depth=0):
    """A field's attributes (and theirs: widget, validators) as plain data to compare."""
    if depth > 6:
        return "…"
    if isinstance(value, dict):
        return {key: _plain(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item, depth + 1) for item in value]
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if hasattr(value, "__dict__") and not callable(value):
        return (type(value).__name__, _plain(vars(value), depth + 1))
    return (type(value).__name__, str(value))


def _state(fields: dict) -> dict:
    return {name: _plain(vars(field)) for name, field in fields.items()}


def _same(before: dict, after: dict) -> None:
    assert before.keys() == after.keys()
    for name in before:
        assert before[name] == after[name], name


def test_checking_plain_values_leaves_the_shared_fields_as_they_were(owner):
    before = _state(PlainGlimmerForm.base_fields)
    glimmer = make_glimmer(owner, text="Rain on the window")
    cases = [
        ({"text": "Steam #morning", "senses": ["sight", "nope"], "people": ["Mum"]}, None),
        ({"text": "x" * 6000, "state_before": "floating", "noticed_at": "soon"}, None),
        ({"kind": "remembered", "period": "that winter", "values": ["care"]}, glimmer),
        ({}, glimmer),
    ]
    for values, instance in cases:
        form = PlainGlimmerForm(values, owner=owner, instance=instance, require_words=False)
        form.is_valid()
        form.plain_errors()
    _same(before, _state(PlainGlimmerForm.base_fields))


def test_the_plain_form_checks_the_same_fields_as_the_page(owner):
    page = GlimmerForm(owner=owner)
    plain = PlainGlimmerForm({}, owner=owner)
    for name, field in plain.fields.items():
        if name in ("senses", "body_cues", "people", "values"):
            continue  # slugs and names here, ticked rows on the page
        mine = page.fields[name]
        assert type(field) is type(mine), name
        assert field.required == mine.required, name
        assert field.validators == mine.validators, name
        assert field.error_messages == mine.error_messages, name
