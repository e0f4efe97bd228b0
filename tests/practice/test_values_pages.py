"""Values: what matters to the person, and the glimmers paired with each."""

import pytest

from glimmers.journal.models import Glimmer, Value
from tests.factories import make_glimmer
from tests.practice.helpers import count_queries, page


@pytest.fixture
def nature(owner):
    make_glimmer(owner, "Birdsong at dawn", new_values=["Nature"])
    make_glimmer(owner, "Moss on the wall", new_values=["Nature", "Slowness"])
    make_glimmer(owner, "Dinner with everyone", new_values=["Family"])
    return Value.objects.get(owner=owner, name="Nature")


def test_it_lists_values_with_how_many_glimmers_each_has(owner_client, nature):
    response = owner_client.get("/values/")
    assert response.status_code == 200
    html = page(response)
    assert f'<a href="/values/{nature.pk}/">Nature</a> <span class="muted">2 glimmers' in html
    assert '>Family</a> <span class="muted">1 glimmer<' in html
    listed = html.split('class="plain-list words"', 1)[1]
    assert listed.index(">Family<") < listed.index(">Nature<") < listed.index(">Slowness<")


def test_it_says_so_when_there_are_no_values(owner_client):
    assert "No values yet." in page(owner_client.get("/values/"))


def test_it_adds_a_value(owner_client, owner):
    response = owner_client.post("/values/", {"name": "  Quiet   mornings "})
    assert response.status_code == 302
    assert list(Value.objects.filter(owner=owner).values_list("name", flat=True)) == [
        "Quiet mornings"
    ]
    html = page(owner_client.get(response["Location"]))
    assert "Added." in html
    assert "Quiet mornings" in html


def test_adding_a_name_i_already_have_reuses_it_and_says_so(owner_client, owner, nature):
    response = owner_client.post("/values/", {"name": "nature"})
    assert Value.objects.filter(owner=owner, name__iexact="nature").count() == 1
    html = page(owner_client.get(response["Location"]))
    assert "You already have “Nature”." in html
    assert "Added." not in html


def test_the_same_name_as_someone_elses_value_is_fine(owner_client, owner, other):
    Value.objects.create(owner=other, name="Nature")
    owner_client.post("/values/", {"name": "Nature"})
    assert Value.objects.filter(owner=owner, name="Nature").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Please fill this in."), ("   ", "Please fill this in."), ("x" * 81, "to 80 characters")],
)
def test_it_refuses_a_bad_name_and_saves_nothing(owner_client, name, message):
    response = owner_client.post("/values/", {"name": name})
    assert response.status_code == 400
    assert message in page(response)
    assert not Value.objects.exists()


def test_a_values_page_lists_only_its_glimmers(owner_client, owner, other, nature):
    theirs = Value.objects.create(owner=other, name="Nature")
    make_glimmer(other, "Sam's forest walk", values=[theirs])
    response = owner_client.get(f"/values/{nature.pk}/")
    assert response.status_code == 200
    html = page(response)
    assert "<h1>Nature</h1>" in html
    assert "Birdsong at dawn" in html
    assert "Moss on the wall" in html
    assert "Dinner with everyone" not in html
    assert "Sam's forest walk" not in html


def test_an_unused_value_says_so(owner_client, owner):
    value = Value.objects.create(owner=owner, name="Courage")
    assert "No glimmers paired with this value yet." in page(
        owner_client.get(f"/values/{value.pk}/")
    )


def test_it_renames_a_value(owner_client, nature):
    response = owner_client.post(f"/values/{nature.pk}/", {"name": "The outdoors"})
    assert response.status_code == 302
    assert response["Location"] == f"/values/{nature.pk}/"
    nature.refresh_from_db()
    assert nature.name == "The outdoors"
    assert "Renamed." in page(owner_client.get(response["Location"]))
    assert nature.glimmers.count() == 2


def test_renaming_only_the_case_is_fine(owner_client, nature):
    owner_client.post(f"/values/{nature.pk}/", {"name": "NATURE"})
    nature.refresh_from_db()
    assert nature.name == "NATURE"


def test_renaming_to_a_name_i_already_have_is_refused(owner_client, owner, nature):
    response = owner_client.post(f"/values/{nature.pk}/", {"name": "family"})
    assert response.status_code == 400
    assert "You already have one with that name." in page(response)
    nature.refresh_from_db()
    assert nature.name == "Nature"


def test_renaming_to_nothing_is_refused(owner_client, nature):
    response = owner_client.post(f"/values/{nature.pk}/", {"name": ""})
    assert response.status_code == 400
    nature.refresh_from_db()
    assert nature.name == "Nature"


def test_deleting_a_value_leaves_the_glimmers_untouched(owner_client, owner, nature):
    response = owner_client.post(f"/values/{nature.pk}/delete/")
    assert response.status_code == 302
    assert not Value.objects.filter(pk=nature.pk).exists()
    assert Glimmer.objects.filter(owner=owner).count() == 3
    moss = Glimmer.objects.get(text="Moss on the wall")
    assert [v.name for v in moss.values.all()] == ["Slowness"]
    html = page(owner_client.get(response["Location"]))
    assert "Removed. The glimmers themselves are untouched." in html


def test_deleting_needs_a_post(owner_client, nature):
    assert owner_client.get(f"/values/{nature.pk}/delete/").status_code == 405
    assert Value.objects.filter(pk=nature.pk).exists()


def test_a_stranger_cannot_see_rename_or_delete_my_value(stranger_client, nature):
    response = stranger_client.get(f"/values/{nature.pk}/")
    assert response.status_code == 404
    assert "Birdsong" not in page(response)
    assert stranger_client.post(f"/values/{nature.pk}/", {"name": "Mine now"}).status_code == 404
    assert stranger_client.post(f"/values/{nature.pk}/delete/").status_code == 404
    nature.refresh_from_db()
    assert nature.name == "Nature"
    assert "Nature" not in page(stranger_client.get("/values/"))


def test_an_unknown_value_is_not_found(owner_client):
    assert owner_client.get("/values/999999/").status_code == 404
    assert owner_client.post("/values/999999/delete/").status_code == 404


def test_the_list_needs_the_same_queries_for_n_or_2n_values(owner_client, owner):
    for n in range(3):
        make_glimmer(owner, f"glimmer {n}", new_values=[f"Value {n}"])
    owner_client.get("/values/")
    few = count_queries(lambda: owner_client.get("/values/"))
    for n in range(3, 6):
        make_glimmer(owner, f"glimmer {n}", new_values=[f"Value {n}"])
    assert count_queries(lambda: owner_client.get("/values/")) == few


def test_a_values_page_needs_the_same_queries_for_n_or_2n_glimmers(owner_client, owner, nature):
    owner_client.get(f"/values/{nature.pk}/")
    few = count_queries(lambda: owner_client.get(f"/values/{nature.pk}/"))
    for n in range(2):
        make_glimmer(owner, f"more nature {n}", values=[nature], new_people=[f"Friend {n}"])
    assert count_queries(lambda: owner_client.get(f"/values/{nature.pk}/")) == few


def test_anonymous_visitors_are_sent_to_sign_in(client, nature):
    for path in ("/values/", f"/values/{nature.pk}/"):
        assert client.get(path)["Location"].startswith("/accounts/login/")
    for path in ("/values/", f"/values/{nature.pk}/", f"/values/{nature.pk}/delete/"):
        assert client.post(path, {"name": "x"})["Location"].startswith("/accounts/login/")
    nature.refresh_from_db()
    assert nature.name == "Nature"
    assert Value.objects.count() == 3
