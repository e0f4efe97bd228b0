"""Hard moments (triggers): a separate log, never counted as glimmers."""

from glimmers.journal.models import Glimmer, Trigger
from tests.factories import make_glimmer, make_trigger


def test_it_notes_a_trigger_apart_from_glimmers(owner_client, owner):
    response = owner_client.post(
        "/triggers/",
        {"text": "Loud argument downstairs", "pushed_toward": "mobilized", "intensity": "7"},
    )
    assert response.status_code == 302
    trigger = Trigger.objects.get()
    assert (trigger.owner, trigger.intensity, trigger.pushed_toward) == (owner, 7, "mobilized")
    html = owner_client.get(response["Location"]).content.decode()
    assert "Loud argument downstairs" in html
    assert "Noted. That sounded hard." in html
    assert "Open my glimmer menu" in html  # offered, never forced
    assert not Glimmer.objects.exists()
    assert "0 glimmers" in owner_client.get("/").content.decode()


def test_it_links_the_glimmers_that_helped(owner_client, owner):
    helped = make_glimmer(owner, "Cold water on my face")
    owner_client.post("/triggers/", {"text": "Bad news", "helped_by": [str(helped.pk)]})
    assert list(Trigger.objects.get().helped_by.all()) == [helped]
    assert "Cold water on my face" in owner_client.get("/triggers/").content.decode()


def test_it_refuses_someone_elses_glimmer_as_help(owner_client, other):
    theirs = make_glimmer(other, "theirs")
    response = owner_client.post("/triggers/", {"text": "x", "helped_by": [str(theirs.pk)]})
    assert response.status_code == 400
    assert "isn&#x27;t in your journal" in response.content.decode()
    assert not Trigger.objects.exists()


def test_it_refuses_bad_input_and_saves_nothing(owner_client):
    for data in (
        {"text": ""},
        {"text": "x" * 5001},
        {"text": "x", "intensity": "11"},
        {"text": "x", "pushed_toward": "fine"},
        {"text": "x", "occurred_at": "2999-01-01T00:00"},
    ):
        assert owner_client.post("/triggers/", data).status_code == 400, data
    assert not Trigger.objects.exists()


def test_it_edits_and_deletes(owner_client, owner):
    trigger = make_trigger(owner, "first words")
    owner_client.post(f"/triggers/{trigger.pk}/edit/", {"text": "better words", "intensity": ""})
    trigger.refresh_from_db()
    assert trigger.text == "better words"
    assert (
        "Delete this note?" in owner_client.get(f"/triggers/{trigger.pk}/delete/").content.decode()
    )
    owner_client.post(f"/triggers/{trigger.pk}/delete/")
    assert not Trigger.objects.exists()


def test_a_stranger_cannot_see_or_change_a_trigger(owner, stranger_client):
    trigger = make_trigger(owner, "private")
    assert "private" not in stranger_client.get("/triggers/").content.decode()
    assert stranger_client.get(f"/triggers/{trigger.pk}/edit/").status_code == 404
    assert stranger_client.post(f"/triggers/{trigger.pk}/edit/", {"text": "x"}).status_code == 404
    assert stranger_client.post(f"/triggers/{trigger.pk}/delete/").status_code == 404
    trigger.refresh_from_db()
    assert trigger.text == "private"
