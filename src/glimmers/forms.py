"""What every form in Glimmers shares: how a field is drawn, and how a refusal is worded.

Django's own refusals ("This field is required.", "Select a valid choice. X is
not one of the available choices.", "Ensure this value has at most 5000
characters (it has 5123).") read like a machine. Every form of the app is a
:class:`Form` or :class:`ModelForm` from here (or mixes in :class:`PlainWords`),
and each error on its way into the form passes through ``add_error`` — the one
funnel Django sends field errors, validator errors and the model's own
validation through — where a message that is still Django's default is
replaced by the app's own, in English and Ukrainian. A message the app wrote
itself is never touched: only Django's exact default messages are recognised
(by identity), so a field's own ``error_messages`` and the app's validators keep
their words. tests/test_form_messages.py posts bad input to every form and
checks that none of Django's defaults reaches a page.
"""

from __future__ import annotations

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class FormRenderer(DjangoTemplates):
    """Every form field is wrapped in one accessible block: label, help, errors
    and the widget (glimmers/field.html, which ``{{ field.as_field_group }}`` renders)."""

    field_template_name = "glimmers/field.html"


FILL_IN = _("Please fill this in.")
CHOOSE = _("Please choose one of the options.")
CHOOSE_FROM_LIST = _("Please choose from the options given.")
NOT_AN_OPTION = _("“%(value)s” isn’t one of the options. Please choose from the list.")
TICK = _("Please tick this box to go on.")
CHOOSE_FILE = _("Please choose a file.")
NOT_RIGHT = _("That doesn’t look right. Please check it and try again.")
WHOLE_NUMBER = _("Please write a whole number, like 3.")
NUMBER = _("Please write a number, like 2.5.")
DATE_AND_TIME = _("That doesn’t look like a date and time. Try 2026-03-02 08:15.")
DATE = _("That doesn’t look like a date. Try 2026-03-02.")
TIME = _("That doesn’t look like a time. Try 08:15.")
DURATION = _("That doesn’t look like a length of time. Try 00:10:00 for ten minutes.")
EMAIL = _("That doesn’t look like an e-mail address. Try name@example.com.")
WEB_ADDRESS = _("That doesn’t look like a web address. Try https://example.com.")
TOO_LONG = ngettext_lazy(
    "Please keep this to %(limit_value)d character or fewer — it has %(show_value)d.",
    "Please keep this to %(limit_value)d characters or fewer — it has %(show_value)d.",
    "limit_value",
)
TOO_SHORT = ngettext_lazy(
    "Please write at least %(limit_value)d character — it has %(show_value)d.",
    "Please write at least %(limit_value)d characters — it has %(show_value)d.",
    "limit_value",
)
NUMBER_AT_MOST = _("Please choose a number no bigger than %(limit_value)s.")
NUMBER_AT_LEAST = _("Please choose a number no smaller than %(limit_value)s.")
DAY_AT_MOST = _("Please choose a date no later than %(limit_value)s.")
DAY_AT_LEAST = _("Please choose a date no earlier than %(limit_value)s.")
STEPS = _("Please choose a number in steps of %(limit_value)s.")
TOO_MANY_DIGITS = _("That number has too many digits. Please shorten it.")
FILE_NAME_TOO_LONG = ngettext_lazy(
    "Please give the file a shorter name: up to %(max)d character (it has %(length)d).",
    "Please give the file a shorter name: up to %(max)d characters (it has %(length)d).",
    "max",
)
FILE_EMPTY = _("That file is empty. Please choose another.")
FILE_MISSING = _("The file didn’t come through. Please choose it again.")
FILE_AND_CLEAR = _("Please either choose a new file or tick “Clear”, not both.")
NOT_A_PICTURE = _("That file doesn’t look like a picture we can show. Try a JPEG or PNG photo.")
FILE_ENDING = _("Please choose a file ending in %(allowed_extensions)s.")
HIDDEN_CHARACTER = _("This has a hidden character we can’t keep. Please type it again.")
TAKEN = _("That’s already taken. Please choose something else.")
ALREADY_THERE = _("You already have one just like this.")
EVERY_PART = _("Please fill in every part.")
PASSWORDS_DIFFER = _("The two passwords don’t match. Please type them again.")
SIGN_IN_REFUSED = _(
    "That name and password don’t go together. Please check both — capital letters count."
)
ACCOUNT_OFF = _("This account can’t sign in right now.")
OLD_PASSWORD_WRONG = _("That isn’t your current password. Please type it again.")
PASSWORD_TOO_SHORT = ngettext_lazy(
    "Please make the password at least %(min_length)d character long.",
    "Please make the password at least %(min_length)d characters long.",
    "min_length",
)
PASSWORD_TOO_SIMILAR = _("Please choose a password less like your %(verbose_name)s.")
PASSWORD_TOO_COMMON = _("Many people use that password. Please choose a less common one.")
PASSWORD_ONLY_DIGITS = _("Please use more than digits — a few ordinary words work well.")

# Django's password validators word their refusals as they raise them (not lazily),
# so those are known by their code, which is Django's own.
_BY_CODE_ALWAYS = {
    "password_too_short": PASSWORD_TOO_SHORT,
    "password_too_similar": PASSWORD_TOO_SIMILAR,
    "password_too_common": PASSWORD_TOO_COMMON,
    "password_entirely_numeric": PASSWORD_ONLY_DIGITS,
}

_BY_CODE = {
    "invalid_list": CHOOSE_FROM_LIST,
    "list": CHOOSE_FROM_LIST,
    "invalid_pk_value": CHOOSE_FROM_LIST,
    "min_length": TOO_SHORT,
    "step_size": STEPS,
    "max_digits": TOO_MANY_DIGITS,
    "max_decimal_places": TOO_MANY_DIGITS,
    "max_whole_digits": TOO_MANY_DIGITS,
    "empty": FILE_EMPTY,
    "missing": FILE_MISSING,
    "contradiction": FILE_AND_CLEAR,
    "invalid_image": NOT_A_PICTURE,
    "invalid_extension": FILE_ENDING,
    "null_characters_not_allowed": HIDDEN_CHARACTER,
    "unique": TAKEN,
    "unique_together": ALREADY_THERE,
    "unique_for_date": ALREADY_THERE,
    "incomplete": EVERY_PART,
    "blank": FILL_IN,
    "null": FILL_IN,
    "password_mismatch": PASSWORDS_DIFFER,
    "invalid_login": SIGN_IN_REFUSED,
    "inactive": ACCOUNT_OFF,
    "password_incorrect": OLD_PASSWORD_WRONG,
    **_BY_CODE_ALWAYS,
}

# "invalid" means something different for each kind of field: the first match wins
# (FloatField and DecimalField are IntegerFields to Django, so they come first).
_INVALID_BY_FIELD = (
    (forms.FloatField, NUMBER),
    (forms.DecimalField, NUMBER),
    (forms.IntegerField, WHOLE_NUMBER),
    (forms.DateTimeField, DATE_AND_TIME),
    (forms.DateField, DATE),
    (forms.TimeField, TIME),
    (forms.DurationField, DURATION),
    (forms.EmailField, EMAIL),
    (forms.URLField, WEB_ADDRESS),
    (forms.FileField, FILE_MISSING),
)
_CHOICE_FIELDS = (forms.ChoiceField, forms.ModelChoiceField)
_TEMPORAL_FIELDS = (forms.DateField, forms.DateTimeField, forms.TimeField)


def plain_message(code: str | None, field: forms.Field | None, params: dict | None):
    """The app's own words for Django's refusal ``code`` on ``field`` (None: the form)."""
    params = params or {}
    if code == "required":
        if isinstance(field, forms.BooleanField):
            return TICK
        if isinstance(field, _CHOICE_FIELDS):
            return CHOOSE
        if isinstance(field, forms.FileField):
            return CHOOSE_FILE
        return FILL_IN
    if code == "invalid_choice":
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            return CHOOSE_FROM_LIST
        return NOT_AN_OPTION if "value" in params else CHOOSE
    if code == "invalid":
        for kind, message in _INVALID_BY_FIELD:
            if isinstance(field, kind):
                return message
        return NOT_RIGHT
    if code == "max_length":
        return FILE_NAME_TOO_LONG if "max" in params else TOO_LONG
    if code in ("max_value", "min_value"):
        day = isinstance(field, _TEMPORAL_FIELDS)
        if code == "max_value":
            return DAY_AT_MOST if day else NUMBER_AT_MOST
        return DAY_AT_LEAST if day else NUMBER_AT_LEAST
    return _BY_CODE.get(code, NOT_RIGHT)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _values(messages) -> list:
    return list(messages.values()) if isinstance(messages, dict) else []


@functools.cache
def _django_defaults() -> frozenset[int]:
    """The identity of every default message Django's fields, validators and
    auth forms raise with (gettext_lazy objects made once, at import)."""
    import django.contrib.auth.forms as auth_forms
    import django.contrib.auth.validators as auth_validators
    import django.core.validators as validators
    from django.contrib.auth.models import AbstractUser
    from django.db import models

    messages = []
    for base in (forms.Field, models.Field):
        for cls in (base, *_subclasses(base)):
            if cls.__module__.startswith("django."):
                messages += vars(cls).get("default_error_messages", {}).values()
    for module in (validators, auth_validators):
        # The validator classes, and the ready-made ones (validate_slug …) with their own words.
        for thing in vars(module).values():
            if isinstance(thing, type) or type(thing).__module__ == module.__name__:
                messages.append(getattr(thing, "message", None))
                messages += _values(getattr(thing, "messages", None))
    for thing in vars(auth_forms).values():
        if isinstance(thing, type):
            messages += _values(getattr(thing, "error_messages", None))
    messages += AbstractUser._meta.get_field("username").error_messages.values()
    return frozenset(id(m) for m in messages if m is not None and not isinstance(m, str | dict))


def is_django_default(error: ValidationError) -> bool:
    return id(error.message) in _django_defaults() or error.code in _BY_CODE_ALWAYS


def soften(error: ValidationError, field: forms.Field | None) -> ValidationError:
    """``error`` in the app's words if it still carries Django's default message."""
    if not hasattr(error, "message") or not is_django_default(error):
        return error
    params = dict(error.params or {})
    if isinstance(params.get("value"), str) and len(params["value"]) > 40:
        params["value"] = params["value"][:39] + "…"
    return ValidationError(
        plain_message(error.code, field, params), code=error.code, params=params or None
    )


class PlainWords:
    """Mixed into every form of the app (before Django's form class): each error
    that still has Django's default words gets the app's own."""

    def add_error(self, field, error):
        if isinstance(error, ValidationError):
            if hasattr(error, "error_dict"):
                error = ValidationError(
                    {
                        name: [soften(item, self.fields.get(name)) for item in items]
                        for name, items in error.error_dict.items()
                    }
                )
            else:
                here = self.fields.get(field) if field else None
                error = ValidationError([soften(item, here) for item in error.error_list])
        super().add_error(field, error)


class Form(PlainWords, forms.Form):
    """A plain form in the app's voice."""


class ModelForm(PlainWords, forms.ModelForm):
    """A model form in the app's voice (the model's own validation included)."""
