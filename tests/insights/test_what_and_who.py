"""What and who: the values, people, places and tags that came up most, linked to the journal."""

from glimmers.insights import describe
from glimmers.insights.figures import top_words
from glimmers.journal.models import Person, Value
from tests.factories import make_glimmer
from tests.insights.conftest import at, figures


def names(rows):
    return [(n.name, n.glimmers) for n in rows]


def test_this_week(journal, owner):
    what = figures(owner, "week").what
    assert names(what.values) == [("Family", 1), ("Nature", 1)]
    assert names(what.people) == [("Mum", 1)]
    assert names(what.places) == [("Park", 2), ("Kitchen", 1)]
    assert names(what.tags) == [("walk", 2), ("tea", 1)]


def test_all_time(journal, owner):
    what = figures(owner, "all").what
    assert names(what.people) == [("Ivan", 1), ("Mum", 1)]
    assert names(what.places) == [("Kitchen", 2), ("Park", 2), ("Sea", 1)]
    assert names(what.tags) == [("walk", 2), ("tea", 1)]


def test_only_the_top_five(owner, frozen):
    for n in range(7):
        make_glimmer(
            owner, f"with friend {n}", noticed_at=at(2025, 3, 12, 9), new_people=[f"Friend {n}"]
        )
    make_glimmer(owner, "again", noticed_at=at(2025, 3, 12, 9), new_people=["Friend 6"])
    for key in ("week", "all"):
        people = names(figures(owner, key).what.people)
        assert len(people) == 5
        assert people[0] == ("Friend 6", 2)


def test_each_links_to_the_journal_narrowed_to_it_and_to_these_days(journal, owner):
    found = figures(owner, "week")
    links = {
        key: [(link.name, link.url) for link, _n in rows] for key, _h, rows in top_words(found)
    }
    days = "since=2025-03-10&until=2025-03-14"
    mum = Person.objects.get(owner=owner, name="Mum")
    family = Value.objects.get(owner=owner, name="Family")
    assert links["people"] == [("Mum", f"/journal/?person={mum.pk}&{days}")]
    assert links["values"][0] == ("Family", f"/journal/?value={family.pk}&{days}")
    assert links["tags"][0] == ("#walk", f"/journal/?tag=walk&{days}")
    assert links["places"][0] == ("Park", f"/journal/?q=Park&{days}")


def test_all_time_links_need_no_dates(journal, owner):
    found = figures(owner, "all")
    links = {key: [link.url for link, _n in rows] for key, _h, rows in top_words(found)}
    assert links["tags"][0] == "/journal/?tag=walk"


def test_the_linked_journal_shows_those_glimmers(journal, owner, owner_client):
    found = figures(owner, "week")
    url = {key: rows for key, _h, rows in top_words(found)}["tags"][0][0].url
    page = owner_client.get(url).content.decode()
    assert "Birdsong at the bus stop" in page
    assert "Sun on the wall" in page
    assert "Late tea" not in page


def test_someone_elses_words_never_appear(journal, owner, other):
    make_glimmer(
        other,
        "Sam at the Lido #swim",
        noticed_at=at(2025, 3, 12, 9),
        place="Lido",
        new_people=["Sam's friend"],
        new_values=["Sam's value"],
    )
    for key in ("week", "all"):
        what = figures(owner, key).what
        everything = [n.name for _k, rows in what.groups() for n in rows]
        assert not {"Lido", "swim", "Sam's friend", "Sam's value"} & set(everything)


def test_the_finding(journal, owner):
    assert describe.what_and_who(figures(owner, "week")) == (
        "What came up most — values: Family and Nature; people: Mum; places: Park; tags: #walk."
    )
