"""glimmers.sqlrows gives what the ORM gives: the same values, of the same types."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from glimmers import sqlrows
from glimmers.accounts import tokens
from glimmers.accounts.models import AccessToken
from glimmers.journal.models import GlimmerTag, Photo, Tag
from tests.factories import make_glimmer


def _values(row) -> dict:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


def _read_plainly(model, pk):
    quote = connection.ops.quote_name
    query = (
        f"SELECT {sqlrows.columns(model)} FROM {quote(model._meta.db_table)} "  # noqa: S608
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [model._meta.pk.get_db_prep_value(pk, connection)])
        return sqlrows.instance(model, cursor.fetchone())


def test_a_plain_read_equals_the_orms_for_every_kind_of_column(owner):
    token, raw = tokens.create_token(owner, "phone")
    tokens.authenticate(raw)  # sets last_used_at: a time that is not null
    glimmer = make_glimmer(owner, "Rain #window")
    Photo.objects.create(owner=owner, glimmer=glimmer, width=3, height=4)
    user = get_user_model()
    for model, pk in (
        (AccessToken, token.pk),  # times, booleans, text
        (user, owner.pk),
        (Tag, Tag.objects.get(owner=owner).pk),
        (Photo, Photo.objects.get().pk),  # a uuid key and a foreign uuid
    ):
        plain, orm = _read_plainly(model, pk), model.objects.get(pk=pk)
        assert _values(plain) == _values(orm), model
        for name, value in _values(orm).items():
            assert type(_values(plain)[name]) is type(value), (model, name)
        assert not plain._state.adding


def test_the_token_comes_with_its_owner_as_the_orm_reads_them(owner):
    token, raw = tokens.create_token(owner, "phone")
    found = tokens.authenticate(raw)
    assert _values(found) == _values(AccessToken.objects.get(pk=token.pk))
    assert _values(found.owner) == _values(get_user_model().objects.get(pk=owner.pk))
    assert timezone.is_aware(found.created_at)


def test_a_plain_insert_writes_what_bulk_create_would(owner):
    glimmer = make_glimmer(owner, "Moss on the wall")
    tag = Tag.objects.create(owner=owner, name="moss")
    copies = {"owner_id": owner.pk, "local_date": glimmer.local_date}
    sqlrows.insert(GlimmerTag, [{"glimmer_id": glimmer.pk, "tag_id": tag.pk, **copies}])
    link = GlimmerTag.objects.get(glimmer=glimmer, tag=tag)
    assert (link.owner_id, link.local_date) == (owner.pk, glimmer.local_date)
    sqlrows.insert(GlimmerTag, [])  # nothing to do, and no error
    assert GlimmerTag.objects.filter(glimmer=glimmer).count() == 1
