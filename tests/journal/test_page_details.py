"""A page of glimmers carries each glimmer's words (queries.detail_prefetches): the
same words, in the same order, as reading one glimmer's own relations gives."""

import random

from glimmers.journal import queries, services
from glimmers.journal.models import BodyCue, Glimmer, Person, Sense
from glimmers.journal.photos import clean_photo
from tests.factories import jpeg_bytes, make_user, upload

DETAILS = ("senses", "body_cues", "people", "values", "tags", "photos")
NAMES = ["Mum", "anna", "Ärzte", "zoë", "Bob", "bob's friend", "Émile", "42", "#x", "Uncle Petro"]


def _shown(glimmer):
    """Each detail as its rows' every field."""
    return {
        name: [
            (str(row), {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields})
            for row in getattr(glimmer, f"shown_{name}")
        ]
        for name in DETAILS
    }


def test_a_page_shows_each_glimmers_words_as_a_prefetch_would(db):
    owner = make_user("olena")
    other = make_user("someone")
    services.save_glimmer(other, {"text": "Not mine #Mum", "new_people": ["Mum"]})
    rng = random.Random(5)
    senses, cues = list(queries.senses(owner)), list(queries.body_cues(owner))
    for n in range(60):
        tags = " ".join(f"#{rng.choice(NAMES).replace(' ', '-')}" for _ in range(rng.randint(0, 4)))
        services.save_glimmer(
            owner,
            {
                "text": f"glimmer {n} {tags}",
                "senses": rng.sample(senses, rng.randint(0, 3)),
                "body_cues": rng.sample(cues, rng.randint(0, 2)),
                "new_people": rng.sample(NAMES, rng.randint(0, 3)),
                "new_values": rng.sample(NAMES, rng.randint(0, 2)),
            },
        )
    photo = clean_photo(upload(content=jpeg_bytes()))
    with_photos = rng.sample(list(Glimmer.objects.filter(owner=owner)), 12)
    for glimmer in with_photos:
        for _ in range(rng.randint(1, 3)):
            services.add_photo(owner, glimmer, photo)
    for wanted in (
        queries.JournalFilter(),  # the plain timeline
        queries.JournalFilter(q="glimmer"),  # a search
        queries.JournalFilter(person=Person.objects.get(owner=owner, name="Mum").pk),  # a few
    ):
        page = queries.timeline_page(owner, wanted, size=50)
        assert len(page.items) >= 10
        expected = {
            g.pk: _shown(g)
            for g in Glimmer.objects.filter(pk__in=[g.pk for g in page.items])  # each read alone
        }
        assert {g.pk: _shown(g) for g in page.items} == expected
        assert sum(len(words["people"]) > 1 for words in expected.values()) > 5  # to be ordered
        assert sum(len(words["photos"]) > 1 for words in expected.values()) > 1
        assert all(g.owner_id == owner.pk for g in page.items)


def test_a_page_with_no_words_at_all(db):
    owner = make_user("olena")
    services.tally(owner, 3)
    page = queries.timeline_page(owner, queries.JournalFilter(), size=50)
    assert [_shown(g) for g in page.items] == [{name: [] for name in DETAILS}] * 3
    assert Sense.objects.exists() and BodyCue.objects.exists()
