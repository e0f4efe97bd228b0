"""`glimmers seed-demo`: demo journals for trying the app out and for benchmarks."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connections
from PIL import Image

from glimmers.cli import main
from glimmers.cli.main import LOCALE_VARIABLES
from glimmers.journal import search
from glimmers.journal.demo import DemoRefused, seed_demo
from glimmers.journal.models import COUNTED_LINKS, Glimmer, Kind, Photo, Trigger, local_time
from glimmers.journal.services import tags_in
from tests.cli import Result, snapshot

NOW = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


@pytest.fixture
def run_demo(capsys, monkeypatch):
    """`glimmers seed-demo ARGV…` in this process (Django's commands print to sys.stdout).

    A Django command run from argv closes every connection when it ends; on
    PostgreSQL that would close the test's own transaction under it.
    """
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*argv: str) -> Result:
        code = main(["seed-demo", *argv])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def journal(username: str):
    return Glimmer.objects.filter(owner__username=username)


def fingerprint(username: str, *, with_ids: bool = False) -> list[tuple]:
    """Everything a person would see of their glimmers, in a stable order."""
    rows = []
    for g in journal(username).prefetch_related(
        "senses", "body_cues", "people", "values", "tags", "photos"
    ):
        rows.append(
            (
                *((str(g.id),) if with_ids else ()),
                g.noticed_at,
                g.text,
                g.kind,
                g.state_before,
                g.state_after,
                g.place,
                g.anchored_seconds,
                g.surprise,
                g.gratitude,
                g.reliable,
                g.period,
                sorted(s.slug for s in g.senses.all()),
                sorted(c.slug for c in g.body_cues.all()),
                sorted(p.name for p in g.people.all()),
                sorted(v.name for v in g.values.all()),
                sorted(t.name for t in g.tags.all()),
                len(g.photos.all()),
            )
        )
    return sorted(rows, key=repr)


def test_it_makes_one_journal_with_exactly_the_glimmers_asked_for(db, run_demo):
    result = run_demo("--glimmers", "300", "--photos", "0.02", "--triggers", "0.1")

    assert result.code == 0, result.err
    assert result.out.startswith(
        "Made 1 demo account, demo: 300 glimmers, 30 hard moments, 6 photos, in "
    )
    assert "glimmers changepassword demo" in result.out
    demo = get_user_model().objects.get(username="demo")
    assert not demo.has_usable_password()
    assert journal("demo").count() == 300
    assert Trigger.objects.filter(owner=demo).count() == 30
    assert Photo.objects.filter(owner=demo).count() == 6
    assert Trigger.helped_by.through.objects.filter(trigger__owner=demo).exists()


def test_it_also_answers_to_djangos_spelling_of_the_name(db, run_demo):
    assert main(["seed_demo", "--glimmers", "5", "--username", "sam"]) == 0
    assert journal("sam").count() == 5


def test_its_glimmers_are_as_varied_as_a_real_journal_and_valid(db):
    seed_demo(glimmers=400, now=NOW)
    glimmers = list(journal("demo").prefetch_related("senses", "body_cues"))

    for glimmer in glimmers:
        glimmer.full_clean()  # what save_glimmer checks before it saves
        senses = list(glimmer.senses.all())
        if glimmer.is_tally:
            assert glimmer.kind == Kind.NOTICED and not senses and not glimmer.place
        else:
            assert 1 <= len(senses) <= 2
            assert all(sense.built_in for sense in senses)
            assert all(cue.built_in for cue in glimmer.body_cues.all())
    tallies = [g for g in glimmers if g.is_tally]
    assert 0 < len(tallies) < len(glimmers) / 4
    assert {g.kind for g in glimmers} == set(Kind.values)
    assert len({g.text for g in glimmers}) > 200
    assert any(g.state_before and g.state_after for g in glimmers)
    assert any(g.place for g in glimmers) and any(g.gratitude for g in glimmers)
    assert any(g.anchored_seconds for g in glimmers) and any(g.reliable for g in glimmers)
    assert journal("demo").filter(people__isnull=False).exists()
    assert journal("demo").filter(values__isnull=False).exists()
    years = {g.noticed_at.year for g in glimmers}
    assert min(years) <= 2017 and max(years) == 2026
    assert all(g.noticed_at <= NOW for g in glimmers)


def test_it_links_exactly_the_tags_written_in_the_text(db):
    seed_demo(glimmers=300, now=NOW)

    tagged = 0
    for glimmer in journal("demo").prefetch_related("tags"):
        names = sorted(tag.name for tag in glimmer.tags.all())
        assert names == sorted(tags_in(glimmer.text)), glimmer.text
        assert all(tag.owner_id == glimmer.owner_id for tag in glimmer.tags.all())
        tagged += bool(names)
    assert tagged > 100


def test_local_days_and_hours_are_what_saving_would_stamp(db):
    seed_demo(glimmers=200, people=2, now=NOW)

    for glimmer in Glimmer.objects.select_related("owner"):
        expected = local_time(glimmer.owner, glimmer.noticed_at)
        assert (glimmer.local_date, glimmer.local_hour, glimmer.local_weekday) == expected
    for trigger in Trigger.objects.select_related("owner"):
        assert trigger.local_date == local_time(trigger.owner, trigger.occurred_at)[0]
    # Links to senses, people, values and tags carry their glimmer's owner and day.
    for through in COUNTED_LINKS:
        links = through.objects.select_related("glimmer")
        assert links.count() > 50, through.__name__
        for link in links:
            assert (link.owner_id, link.local_date) == (
                link.glimmer.owner_id,
                link.glimmer.local_date,
            )


def test_photo_rows_point_at_real_files(db):
    seed_demo(glimmers=100, photos=0.1, now=NOW)

    photos = list(Photo.objects.filter(owner__username="demo"))
    assert len(photos) == 10
    for photo in photos:
        assert photo.glimmer.text and photo.alt_text
        assert default_storage.exists(photo.image.name)
        assert default_storage.exists(photo.thumbnail.name)
        with default_storage.open(photo.image.name) as file, Image.open(file) as picture:
            assert picture.format == "JPEG"
            assert picture.size == (photo.width, photo.height)
            assert not picture.getexif()


def test_search_finds_the_seeded_glimmers(db, run_demo):
    seed_demo(glimmers=300, now=NOW)
    demo = get_user_model().objects.get(username="demo")

    def has_word(glimmer, start):
        # Words as both engines split them: runs of letters and digits.
        words = re.findall(
            r"[^\W_]+", f"{glimmer.text} {glimmer.gratitude} {glimmer.place}".lower()
        )
        return any(word.startswith(start) for word in words)

    for query in ("kettle", "coff", "grandmother"):
        found = set(search.matching(Glimmer.objects.filter(owner=demo), query))
        expected = {g for g in journal("demo") if has_word(g, query)}
        assert found == expected and expected, query
    assert main(["search", "kettle", "--user", "demo"]) == 0


def test_the_same_seed_makes_the_same_journal(db):
    first = seed_demo(glimmers=150, username="ana", seed=3, now=NOW)
    seed_demo(glimmers=150, username="ben", seed=3, now=NOW)
    seed_demo(glimmers=150, username="cat", seed=4, now=NOW)

    assert fingerprint("ana") == fingerprint("ben")
    assert fingerprint("ana") != fingerprint("cat")
    # Another name, other ids: both fit in one database.
    assert not set(journal("ana").values_list("id", flat=True)) & set(
        journal("ben").values_list("id", flat=True)
    )
    # The same name again (in a new database, say) gets the very same ids.
    before = fingerprint("ana", with_ids=True)
    first.users[0].delete()
    seed_demo(glimmers=150, username="ana", seed=3, now=NOW)
    assert fingerprint("ana", with_ids=True) == before


def test_each_person_of_a_hosted_instance_gets_exactly_n_glimmers(db, run_demo):
    result = run_demo("--glimmers", "40", "--people", "3", "--username", "host")

    assert result.code == 0, result.err
    assert "3 demo accounts, host0001 to host0003: 120 glimmers" in result.out
    users = get_user_model().objects.filter(username__startswith="host").order_by("username")
    assert [u.username for u in users] == ["host0001", "host0002", "host0003"]
    for user in users:
        assert journal(user.username).count() == 40
        assert Trigger.objects.filter(owner=user).count() == 2
        mine = journal(user.username)
        for relation in ("tags", "people", "values"):
            owners = set(mine.values_list(f"{relation}__owner", flat=True)) - {None}
            assert owners == {user.pk}, relation


def test_a_password_works_for_every_account(db, run_demo):
    result = run_demo("--glimmers", "3", "--people", "2", "--password", "a-calm-long-demo-42")

    assert result.code == 0, result.err
    assert "They all sign in with the password you gave." in result.out
    for user in get_user_model().objects.filter(username__startswith="demo"):
        assert user.check_password("a-calm-long-demo-42")


def test_it_makes_accounts_with_no_glimmers_when_asked_for_none(db, run_demo):
    assert run_demo("--glimmers", "0").code == 0
    assert get_user_model().objects.filter(username="demo").exists()
    assert not Glimmer.objects.exists()


def refused(run_demo, *argv: str) -> Result:
    before = snapshot()
    result = run_demo(*argv)
    assert result.code == 2, (result.out, result.err)
    assert result.out == ""
    assert snapshot() == before, "a refused seed-demo changed the database"
    return result


def test_it_refuses_a_name_that_is_taken_and_changes_nothing(owner, run_demo):
    result = refused(run_demo, "--glimmers", "10", "--username", "olena")
    assert result.err == (
        "glimmers: There is already an account called “olena”; choose another --username "
        "(demo journals never go into an existing account).\n"
    )


def test_it_refuses_when_any_of_the_hosted_names_is_taken(db, run_demo):
    seed_demo(glimmers=2, username="demo0002", now=NOW)

    result = refused(run_demo, "--glimmers", "10", "--people", "3")
    assert "“demo0002”" in result.err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--glimmers", "-1"], "--glimmers must be between 0 and 1,000,000"),
        (["--glimmers", "1000001"], "--glimmers must be between 0 and 1,000,000"),
        (["--people", "0"], "--people must be between 1 and 100,000"),
        (["--people", "100001"], "--people must be between 1 and 100,000"),
        (["--years", "0"], "--years must be between 1 and 50"),
        (["--photos", "1.5"], "--photos is a share of the glimmers, between 0 and 1"),
        (["--triggers", "-0.1"], "--triggers is a share of the glimmers, between 0 and 1"),
        (["--username", "no spaces"], "--username “no spaces”"),
        (["--password", "short"], "--password: This password is too short."),
        (["--glimmers", "many"], "invalid int value"),
    ],
)
def test_it_refuses_what_it_cannot_use(db, run_demo, argv, says):
    result = refused(run_demo, *argv)
    assert says in result.err
    assert not get_user_model().objects.exists()


def test_the_function_refuses_the_same_way(db):
    with pytest.raises(DemoRefused, match="between 1 and 100,000"):
        seed_demo(glimmers=1, people=0)
    assert not get_user_model().objects.exists()


def test_the_text_reads_like_a_glimmer(db):
    seed_demo(glimmers=50, now=NOW)

    for glimmer in journal("demo").exclude(text=""):
        assert re.match(r"^[A-Z][^#]*\.( [^#]+\.)?( #[\w-]+)*$", glimmer.text), glimmer.text


def test_it_speaks_the_persons_language(db, run_demo, monkeypatch):
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "uk_UA.UTF-8")

    refusal = refused(run_demo, "--glimmers", "-1")
    # The number as Ukrainian writes it, grouped with no-break spaces.
    assert refusal.err == (
        "glimmers: --glimmers має бути від 0 до 1\xa0000\xa0000 (на одну людину).\n"
    )

    result = run_demo("--glimmers", "3", "--triggers", "0", "--photos", "0")
    assert result.code == 0, result.err
    assert result.out.startswith(
        "Створено 1 демонстраційний обліковий запис, demo: 3 проблиски, 0 важких митей, 0 фото, за "
    )
    assert "Пароля поки немає. Щоб увійти в браузері, задайте його: " in result.out
