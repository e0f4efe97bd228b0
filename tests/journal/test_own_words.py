"""Your words: a person's own senses and body cues."""

from glimmers.journal.models import BodyCue, Sense


def test_it_adds_a_sense_that_appears_on_capture(owner_client, owner):
    response = owner_client.post("/your-words/", {"kind": "sense", "sense-name": "Temperature"})
    assert response.status_code == 302
    sense = Sense.objects.get(owner=owner)
    assert sense.name == "Temperature"
    assert "Temperature" in owner_client.get("/").content.decode()
    owner_client.post("/capture/", {"text": "Warm mug", "senses": [sense.pk]})


def test_it_adds_a_body_cue_in_any_script(owner_client, owner):
    owner_client.post("/your-words/", {"kind": "cue", "cue-name": "Тепло в руках"})
    assert BodyCue.objects.get(owner=owner).name == "Тепло в руках"


def test_it_refuses_a_duplicate(owner_client, owner):
    response = owner_client.post("/your-words/", {"kind": "sense", "sense-name": "Sound"})
    assert response.status_code == 400
    assert "You already have that one" in response.content.decode()
    assert not Sense.objects.filter(owner=owner).exists()


def test_your_words_are_yours_alone(owner_client, other_client, owner):
    owner_client.post("/your-words/", {"kind": "sense", "sense-name": "Temperature"})
    assert "Temperature" not in other_client.get("/").content.decode()
    sense = Sense.objects.get(owner=owner)
    assert other_client.post(f"/your-words/sense/{sense.pk}/delete/").status_code == 404
    assert Sense.objects.filter(pk=sense.pk).exists()


def test_it_removes_your_own_but_not_the_built_in_ones(owner_client, owner):
    owner_client.post("/your-words/", {"kind": "sense", "sense-name": "Temperature"})
    sense = Sense.objects.get(owner=owner)
    assert owner_client.post(f"/your-words/sense/{sense.pk}/delete/").status_code == 302
    assert not Sense.objects.filter(pk=sense.pk).exists()
    built_in = Sense.objects.get(slug="sight", owner=None)
    assert owner_client.post(f"/your-words/sense/{built_in.pk}/delete/").status_code == 404
    assert Sense.objects.filter(pk=built_in.pk).exists()


def test_an_unknown_kind_is_not_found(owner_client):
    assert owner_client.post("/your-words/", {"kind": "smellz", "x-name": "a"}).status_code == 404
