"""Form fields are written by glimmers.forms.FieldGroup in Python, not through
glimmers/field.html; every page with a form must come out exactly as the
template would have written it, with and without errors."""

import re

import pytest
from django.forms import BaseForm
from django.forms.boundfield import BoundField
from django.test import Client

from glimmers.forms import FieldGroup
from glimmers.journal import services
from glimmers.journal.models import Trigger, Value
from tests.factories import make_glimmer

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


@pytest.fixture
def journal(owner):
    glimmer = make_glimmer(owner, "Steam from the kettle #tea", new_people=["Mum"])
    services.save_glimmer(owner, {"text": "Birdsong", "new_values": ["nature"]})
    trigger = Trigger.objects.create(owner=owner, text="A door slammed")
    value = Value.objects.get(owner=owner, name="nature")
    return {"glimmer": glimmer.pk, "trigger": trigger.pk, "value": value.pk}


def _signed_in_pages(ids):
    g, t, v = ids["glimmer"], ids["trigger"], ids["value"]
    pages = [
        "/",
        "/capture/",
        "/journal/",
        "/journal/?q=kettle&sense=sight&state_before=safe",
        "/journal/?since=not-a-day&until=2020-01-01&value=999999&kind=nonsense",
        f"/glimmers/{g}/",
        f"/glimmers/{g}/edit/",
        f"/glimmers/{g}/stay/",
        "/triggers/",
        f"/triggers/{t}/edit/",
        "/your-words/",
        "/reflections/",
        "/prompts/",
        "/remember/senses/",
        "/remember/hard-time/",
        "/menu/",
        "/question/",
        "/values/",
        f"/values/{v}/",
        "/insights/",
        "/insights/?range=custom&since=2026-05-01&until=2020-01-01",
        "/accounts/preferences/",
        "/accounts/password/",
        "/accounts/tokens/",
    ]
    posts = [
        ("/capture/", {"text": "", "state_before": "nonsense", "noticed_at": "not a time"}),
        (f"/glimmers/{g}/edit/", {"text": "x" * 20000, "anchored_seconds": "-4"}),
        ("/triggers/", {"text": "", "intensity": "99"}),
        (f"/triggers/{t}/edit/", {"intensity": "-1"}),
        ("/your-words/", {"kind": "sense", "name": ""}),
        ("/prompts/", {"text": ""}),
        ("/remember/senses/", {}),
        ("/remember/hard-time/", {"text": ""}),
        ("/question/", {"likelihood": "77"}),
        ("/values/", {"name": ""}),
        (f"/values/{v}/", {"name": ""}),
        (f"/glimmers/{g}/stay/", {"seconds": "-3"}),
        ("/today/intention/", {"text": "x" * 1000}),
        ("/accounts/preferences/", {"time_zone": "Not/AZone", "language": "xx"}),
        ("/accounts/password/", {"old_password": "wrong", "new_password1": "a"}),
        ("/accounts/tokens/", {"name": ""}),
    ]
    return [("get", url, None) for url in pages] + [("post", url, data) for url, data in posts]


def _render_both(client, method, url, data, monkeypatch):
    """The page written by FieldGroup, then by the template; None for a redirect.
    (A form with errors answers 400, with the form and its messages.)"""
    answers = []
    for through_template in (False, True):
        with monkeypatch.context() as patch:
            if through_template:
                patch.setattr(FieldGroup, "as_field_group", BoundField.as_field_group)
            response = getattr(client, method)(url, data or {})
        if response.status_code not in (200, 400):
            return None
        answers.append(CSRF.sub(r'\1"', response.content.decode()))
    return answers


def _one_moment_per_field(monkeypatch) -> None:
    """A default of "now" (a trigger's time) is worked out each time a page is
    made, to the second: the two renders of a page must see the same moment,
    or a second ticking over between them looks like a difference."""
    original = BaseForm.get_initial_for_field
    moments: dict = {}

    def same_moment(form, field, name):
        if callable(form.initial.get(name, field.initial)):
            key = (type(form), name)
            if key not in moments:
                moments[key] = original(form, field, name)
            return moments[key]
        return original(form, field, name)

    monkeypatch.setattr(BaseForm, "get_initial_for_field", same_moment)


def _compare(client, requests, monkeypatch):
    _one_moment_per_field(monkeypatch)
    compared = []
    for method, url, data in requests:
        both = _render_both(client, method, url, data, monkeypatch)
        if both is None:
            continue
        python, template = both
        assert python == template, f"{method.upper()} {url} differs"
        compared.append(python)
    return compared


def test_every_page_writes_its_fields_as_the_template_would(owner, journal, monkeypatch):
    client = Client()
    client.force_login(owner)
    compared = _compare(client, _signed_in_pages(journal), monkeypatch)
    together = "\n".join(compared)
    assert len(compared) >= 30
    # Each shape of field group appeared: with errors, help, a fieldset, a checkbox.
    assert together.count('class="field has-error') >= 10
    assert 'class="helptext" id="id_' in together
    assert '<fieldset class="choices"><legend>' in together
    assert "checkbox-field" in together
    assert together.count('class="field') >= 150


def test_the_signed_out_pages_too(owner, monkeypatch, settings):
    settings.OPEN_SIGNUP = True
    requests = [
        ("get", "/accounts/login/", None),
        ("post", "/accounts/login/", {"username": "olena", "password": "not it"}),
        ("get", "/accounts/signup/", None),
        ("post", "/accounts/signup/", {"username": "", "password1": "a", "password2": "b"}),
    ]
    compared = _compare(Client(), requests, monkeypatch)
    assert len(compared) == 4
    assert 'class="field has-error' in compared[3]


def test_the_welcome_page_before_the_first_account(db, monkeypatch):
    requests = [
        ("get", "/accounts/welcome/", None),
        ("post", "/accounts/welcome/", {"username": "", "password1": "a", "password2": "b"}),
    ]
    compared = _compare(Client(), requests, monkeypatch)
    assert len(compared) == 2
    assert 'class="field has-error' in compared[1]


def test_forms_use_it(owner):
    from glimmers.journal.forms import GlimmerForm

    form = GlimmerForm(owner=owner)
    assert isinstance(form["text"], FieldGroup)
