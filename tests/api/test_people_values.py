"""People and values: the same small resource twice, /api/v1/people and /api/v1/values."""

from __future__ import annotations

import pytest

from glimmers.journal import services
from glimmers.journal.models import Person, Value
from tests.api.conftest import assert_error, journal_snapshot
from tests.factories import make_glimmer

KINDS = [("people", Person), ("values", Value)]


@pytest.fixture(params=KINDS, ids=[k for k, _ in KINDS])
def kind(request):
    return request.param


def test_it_lists_only_my_own_names_alphabetically(api, owner, other, kind):
    path, model = kind
    for name in ("zoe", "Anna", "mira"):
        services.add_named(owner, model, name)
    services.add_named(other, model, "Not mine")
    response = api.get(f"/{path}")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == ["Anna", "mira", "zoe"]
    assert all(isinstance(row["id"], int) for row in response.json())


def test_names_used_on_a_glimmer_are_listed(api, kind):
    path, _ = kind
    api.post("/glimmers", {path: ["Grandma"]})
    assert [row["name"] for row in api.get(f"/{path}").json()] == ["Grandma"]


def test_it_adds_a_name(api, owner, kind):
    path, model = kind
    response = api.post(f"/{path}", {"name": "  Uncle   Petro "})
    assert response.status_code == 201
    row = model.objects.get(owner=owner)
    assert response.json() == {"id": row.pk, "name": "Uncle Petro"}


@pytest.mark.parametrize("again", ["Mum", "mum", " MUM "])
def test_adding_a_name_i_already_have_returns_it_with_200(api, owner, kind, again):
    path, model = kind
    first = api.post(f"/{path}", {"name": "Mum"}).json()
    response = api.post(f"/{path}", {"name": again})
    assert response.status_code == 200
    assert response.json() == first
    assert model.objects.filter(owner=owner).count() == 1


def test_a_name_that_only_the_database_folds_together_is_not_a_crash(api, owner, kind):
    """The Kelvin sign lower-cases to "k", but upper-cases to itself."""
    path, model = kind
    first = api.post(f"/{path}", {"name": "k"}).json()
    response = api.post(f"/{path}", {"name": "\u212a"})
    if response.status_code == 200:  # PostgreSQL folds them together
        assert response.json()["id"] == first["id"]
    else:  # SQLite's LOWER folds only ASCII: a different name there
        assert response.status_code == 201
    assert api.post("/glimmers", {path: ["k", "\u212a"]}).status_code == 201
    other_row = services.add_named(owner, model, "Mom")
    renamed = api.patch(f"/{path}/{other_row.pk}", {"name": "\u212a"})
    assert renamed.status_code in (200, 422)


@pytest.mark.parametrize(
    ("name", "field"),
    [("", "name"), ("   ", "name"), ("n" * 81, "name"), ("Mu\x00m", "name"), ("\ud800", "name")],
    ids=repr,
)
def test_a_bad_name_is_422_and_adds_nothing(api, kind, name, field):
    path, model = kind
    assert_error(api.post(f"/{path}", {"name": name}), 422, "invalid", fields=(field,))
    assert not model.objects.exists()


def test_it_returns_one(api, owner, kind):
    path, model = kind
    row = services.add_named(owner, model, "Nature")
    assert api.get(f"/{path}/{row.pk}").json() == {"id": row.pk, "name": "Nature"}


def test_it_renames_and_glimmers_follow(api, owner, kind):
    path, model = kind
    row = services.add_named(owner, model, "Mom")
    glimmer = make_glimmer(owner, "Tea together", **{path: [row]})
    response = api.patch(f"/{path}/{row.pk}", {"name": "Mum"})
    assert response.status_code == 200
    assert response.json() == {"id": row.pk, "name": "Mum"}
    assert api.get(f"/glimmers/{glimmer.pk}").json()[path] == ["Mum"]


def test_renaming_to_a_name_i_already_have_is_422(api, owner, kind):
    path, model = kind
    services.add_named(owner, model, "Mum")
    row = services.add_named(owner, model, "Mom")
    before = journal_snapshot()
    assert_error(api.patch(f"/{path}/{row.pk}", {"name": "MUM"}), 422, "invalid", fields=("name",))
    assert journal_snapshot() == before


def test_renaming_to_another_case_of_its_own_name_is_fine(api, owner, kind):
    path, model = kind
    row = services.add_named(owner, model, "mum")
    assert api.patch(f"/{path}/{row.pk}", {"name": "Mum"}).json()["name"] == "Mum"


def test_a_blank_rename_is_422(api, owner, kind):
    path, model = kind
    row = services.add_named(owner, model, "Mum")
    assert_error(api.patch(f"/{path}/{row.pk}", {"name": "  "}), 422, "invalid", fields=("name",))
    row.refresh_from_db()
    assert row.name == "Mum"


def test_delete_removes_the_name_but_keeps_the_glimmers(api, owner, kind):
    path, model = kind
    row = services.add_named(owner, model, "Mum")
    glimmer = make_glimmer(owner, "Tea together", **{path: [row]})
    assert api.delete(f"/{path}/{row.pk}").status_code == 204
    assert not model.objects.exists()
    assert api.get(f"/glimmers/{glimmer.pk}").json()[path] == []


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_a_stranger_gets_404_and_changes_nothing(stranger_api, owner, kind, method):
    path, model = kind
    row = services.add_named(owner, model, "Mum")
    before = journal_snapshot()
    response = stranger_api.call(method, f"/{path}/{row.pk}", {"name": "Mine now"})
    assert_error(response, 404, "not_found")
    assert b"Mum" not in response.content
    assert journal_snapshot() == before


def test_a_stranger_adding_the_same_name_gets_their_own(stranger_api, owner, stranger, kind):
    path, model = kind
    mine = services.add_named(owner, model, "Mum")
    response = stranger_api.post(f"/{path}", {"name": "Mum"})
    assert response.status_code == 201
    assert response.json()["id"] != mine.pk
    assert model.objects.get(pk=response.json()["id"]).owner == stranger
