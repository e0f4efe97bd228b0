"""Who may see what. Every read of personal data starts here.

A person sees only their own rows. Anything else — someone else's glimmer, a
malformed id, an anonymous visitor — is "not found", never "forbidden", so a
stranger cannot even learn that something exists.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

ModelT = TypeVar("ModelT", bound=models.Model)


def owned(model: type[ModelT], user) -> QuerySet[ModelT]:
    """All rows of ``model`` that belong to ``user`` (none for an anonymous visitor)."""
    if user is None or not user.is_authenticated:
        return model.objects.none()
    return model.objects.filter(owner=user)


def get_owned(model: type[ModelT], user, pk, queryset: QuerySet | None = None) -> ModelT:
    """One row of the user's own, or Http404."""
    rows = owned(model, user) if queryset is None else queryset
    if isinstance(model._meta.pk, models.UUIDField) and not isinstance(pk, uuid.UUID):
        try:
            pk = uuid.UUID(str(pk))
        except ValueError:
            raise Http404 from None
    try:
        return rows.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def usable(model: type[ModelT], user) -> QuerySet[ModelT]:
    """Built-in rows (no owner) plus the user's own: senses and body cues."""
    if user is None or not user.is_authenticated:
        return model.objects.filter(owner=None)
    return model.objects.filter(Q(owner=None) | Q(owner=user))
