"""My glimmer radar: how often each sense came up, and an idea for today from the rarest."""

import re
from datetime import date

from glimmers.insights import describe
from glimmers.journal.models import Glimmer, Sense
from tests.factories import make_glimmer
from tests.insights.conftest import at, figures


def counts(found):
    return {s.slug: s.glimmers for s in found.senses}


def test_it_counts_every_sense_built_in_and_my_own(journal, owner):
    Sense.objects.create(owner=owner, slug="water", name="water")
    found = figures(owner, "week")
    assert counts(found) == {
        "sight": 2,
        "sound": 1,
        "smell": 0,
        "taste": 0,
        "touch": 1,
        "body": 0,
        "intuition": 0,
        "water": 0,
    }
    assert [s.slug for s in found.senses][-1] == "water"  # one's own come after the built-in


def test_all_time_counts_everything(journal, owner):
    assert counts(figures(owner, "all")) == {
        "sight": 3,
        "sound": 3,
        "smell": 1,
        "taste": 0,
        "touch": 1,
        "body": 0,
        "intuition": 0,
    }


def test_someone_elses_glimmers_never_count(journal, owner, other):
    make_glimmer(
        other,
        "Sam's sound",
        noticed_at=at(2025, 3, 12, 9),
        senses=list(Sense.objects.filter(owner=None, slug="sound")),
    )
    assert counts(figures(owner, "all"))["sound"] == 3


def test_the_quietest_sense_gets_a_gentle_invitation(journal, owner):
    found = figures(owner, "week")
    assert found.quietest_sense.slug == "smell"  # the first of the senses with none
    assert describe.invitation(found) == (
        "If you'd like something to breathe in today: coffee, rain on warm ground, clean washing."
    )
    assert describe.radar(found) == ("Sight came up most (2), then sound and touch (1 each).")


def test_the_invitation_for_sounds(owner, frozen):
    for slug in ("sight", "smell", "taste", "touch", "body", "intuition"):
        make_glimmer(
            owner,
            slug,
            noticed_at=at(2025, 3, 12, 9),
            senses=list(Sense.objects.filter(owner=None, slug=slug)),
        )
    assert describe.invitation(figures(owner, "week")) == (
        "If you'd like something to listen for today: a bird, a laugh, a kettle coming to the boil."
    )


def test_my_own_quiet_sense_is_invited_by_name(journal, owner):
    Sense.objects.create(owner=owner, slug="water", name="water")
    for slug in ("smell", "taste", "body", "intuition"):
        make_glimmer(
            owner,
            slug,
            noticed_at=at(2025, 3, 12, 9),
            senses=list(Sense.objects.filter(owner=None, slug=slug)),
        )
    assert describe.invitation(figures(owner, "week")) == (
        "If you'd like, look out for “water” today."
    )


def test_a_past_range_names_the_quietest_without_inviting(journal, owner):
    found = figures(owner, "custom", date(2025, 1, 1), date(2025, 2, 28))
    assert describe.invitation(found) is None
    assert describe.radar(found) == ("Sight and sound came up most (1 each).")


def test_no_senses_named_means_no_radar_and_a_kind_word(owner, frozen):
    make_glimmer(owner, "Just a moment", noticed_at=at(2025, 3, 12, 9))
    found = figures(owner, "week")
    assert not found.senses_named
    assert found.quietest_sense is None
    assert describe.invitation(found) is None
    assert "None of these glimmers name a sense yet" in describe.radar(found)


def test_a_glimmer_moved_out_of_the_week_leaves_its_counts(journal, owner):
    """Senses, people, values and tags are counted by the day their glimmer has now."""
    from glimmers.journal import services

    late_tea = Glimmer.objects.get(pk=journal["g1"].pk)  # sight, touch · Mum · Family · #tea
    services.save_glimmer(owner, {"noticed_at": at(2025, 2, 3, 12)}, glimmer=late_tea)
    found = figures(owner, "week")
    assert (counts(found)["sight"], counts(found)["touch"]) == (1, 0)
    assert [n.name for n in found.what.people] == []
    assert [n.name for n in found.what.values] == ["Nature"]
    assert [n.name for n in found.what.tags] == ["walk"]
    february = figures(owner, "custom", date(2025, 2, 1), date(2025, 2, 28))
    assert (counts(february)["sight"], counts(february)["touch"]) == (1, 1)
    assert [n.name for n in february.what.tags] == ["tea"]


def test_no_invitation_says_the_person_fell_short(owner):
    """An idea for today, never a shortfall ("quiet lately", "missed", "should")."""
    custom = Sense.objects.create(owner=owner, slug="water", name="water")
    sentences = [make() for make in describe.INVITATIONS.values()]
    sentences.append(
        describe.invitation(
            type(
                "Found", (), {"quietest_sense": custom, "span": type("S", (), {"is_recent": True})}
            )
        )
    )
    for sentence in sentences:
        words = set(re.findall(r"[a-z']+", sentence.lower()))
        assert not words & {"quiet", "lately", "missed", "should", "more", "less", "least"}, (
            sentence
        )
