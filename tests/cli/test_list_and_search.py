"""`glimmers list` and `glimmers search QUERY`: your glimmers, newest first."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from glimmers.journal import queries
from tests.cli import glimmer_json, refuse, run
from tests.factories import make_glimmer


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def journal(owner):
    """Three of Olena's glimmers, on three days (Kyiv is UTC+2 in March)."""
    sea = make_glimmer(
        owner,
        "Sun on the #sea",
        noticed_at=at(2025, 3, 1, 21, 30),  # 23:30 on 1 March in Kyiv
        senses=list(queries.senses(owner).filter(slug="sight")),
        new_people=["Mum"],
        new_values=["nature"],
    )
    tea = make_glimmer(owner, "Warm tea with honey", noticed_at=at(2025, 3, 1, 22, 30))  # 2 March
    bread = make_glimmer(
        owner, "Fresh bread smell", noticed_at=at(2025, 3, 3, 8, 0), kind="remembered"
    )
    return {"sea": sea, "tea": tea, "bread": bread}


def short_ids(result) -> list[str]:
    return [line.split()[0] for line in result.out.splitlines()]


# --- list ------------------------------------------------------------------


def test_it_lists_glimmers_newest_first_in_the_owners_time(journal):
    result = run("list")

    assert result.code == 0
    assert result.out.splitlines() == [
        f"{journal['bread'].short_id}  3 March 2025, 10:00  Fresh bread smell",
        f"{journal['tea'].short_id}  2 March 2025, 00:30  Warm tea with honey",
        f"{journal['sea'].short_id}  1 March 2025, 23:30  Sun on the #sea",
    ]


def test_it_prints_a_list_of_glimmers_in_the_apis_shape_with_json(owner, journal):
    result = run("list", "--json")

    assert result.code == 0
    data = result.json()
    assert [item["id"] for item in data] == [
        str(journal[name].pk) for name in ("bread", "tea", "sea")
    ]
    assert data == [glimmer_json(owner, item["id"]) for item in data]


def test_it_prints_an_empty_json_array_for_an_empty_journal(owner):
    result = run("list", "--json")
    assert result.code == 0
    assert result.json() == []


def test_it_says_so_when_the_journal_is_empty(owner):
    result = run("list")
    assert (result.code, result.out) == (0, "No glimmers yet.\n")


def test_it_says_so_when_nothing_matches_a_filter(journal):
    result = run("list", "--tag", "mountains")
    assert (result.code, result.out) == (0, "No glimmers match that.\n")


def test_it_shows_a_tally_and_shortens_long_text(owner):
    make_glimmer(owner, "", noticed_at=timezone.now() - timedelta(minutes=5))
    make_glimmer(owner, "word " * 40)

    lines = run("list").out.splitlines()

    assert lines[0].endswith("word word…")
    assert len(lines[0].split("  ", 2)[2]) == 70
    assert lines[1].endswith("(counted, no words yet)")


def test_it_shows_at_most_n(journal):
    result = run("list", "-n", "2")
    assert short_ids(result) == [journal["bread"].short_id, journal["tea"].short_id]


@pytest.mark.parametrize("tag", ["sea", "#sea", "SEA"])
def test_it_filters_by_tag(journal, tag):
    assert short_ids(run("list", "--tag", tag)) == [journal["sea"].short_id]


@pytest.mark.parametrize(
    ("option", "value"),
    [("--sense", "sight"), ("--person", "mum"), ("--value", "Nature")],
)
def test_it_filters_by_sense_person_and_value(journal, option, value):
    assert short_ids(run("list", option, value)) == [journal["sea"].short_id]


def test_it_filters_by_kind(journal):
    assert short_ids(run("list", "--kind", "remembered")) == [journal["bread"].short_id]


def test_it_reads_since_and_until_as_the_owners_own_days(journal):
    """1 March in Kyiv ends at 22:00 UTC: the tea, at 22:30 UTC, is already 2 March."""
    assert short_ids(run("list", "--since", "2025-03-01", "--until", "2025-03-01")) == [
        journal["sea"].short_id
    ]
    assert short_ids(run("list", "--since", "2025-03-02")) == [
        journal["bread"].short_id,
        journal["tea"].short_id,
    ]


def test_it_reads_since_as_a_phrase(owner, journal):
    recent = make_glimmer(owner, "Just now")
    assert short_ids(run("list", "--since", "yesterday")) == [recent.short_id]
    assert short_ids(run("list", "--since", "last week")) == [recent.short_id]


def test_it_never_lists_someone_elses_glimmers(owner, other, journal):
    make_glimmer(other, "Sam's #sea at dawn")

    sams = run("list", "--user", "sam", "--json").json()
    olenas = run("--user", "olena", "list", "--json").json()

    assert [item["text"] for item in sams] == ["Sam's #sea at dawn"]
    assert {item["text"] for item in olenas} == {
        "Sun on the #sea",
        "Warm tea with honey",
        "Fresh bread smell",
    }


def test_it_does_not_filter_by_someone_elses_person(owner, other, journal):
    make_glimmer(other, "With Dad", new_people=["Dad"])
    refuse(
        "list",
        "--user",
        "olena",
        "--person",
        "Dad",
        says="--person: “Dad” isn’t one of the options",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-n", "0"], "-n must be between 1 and 10000"),
        (["-n", "-3"], "-n must be between 1 and 10000"),
        (["-n", "10001"], "-n must be between 1 and 10000"),
        (["-n", "many"], "invalid int value"),
        (["--since", "blursday"], "Can't read the time “blursday”"),
        (["--until", "next week"], "Can't read the time “next week”"),
        (
            ["--since", "2025-03-03", "--until", "2025-03-01"],
            "--until: The end date is before the start date.",
        ),
        (["--sense", "smellz"], "--sense: “smellz” isn’t one of the options"),
        (["--person", "Nobody"], "--person: “Nobody” isn’t one of the options"),
        (["--value", "wealth"], "--value: “wealth” isn’t one of the options"),
        (["--kind", "dreamt"], "--kind: “dreamt” isn’t one of the options"),
        (["--tag", "x" * 82], "--tag: Please keep this to 81 characters or fewer — it has 82."),
    ],
)
def test_it_refuses_filters_it_cannot_use(journal, argv, message):
    refuse("list", *argv, says=message)


@pytest.mark.parametrize(
    ("argv", "query"),
    [
        (["--sense", "smellz"], {"sense": "smellz"}),
        (["--kind", "dreamt"], {"kind": "dreamt"}),
        (["--tag", "x" * 82], {"tag": "x" * 82}),
        (
            ["--since", "2025-03-03", "--until", "2025-03-01"],
            {"since": "2025-03-03", "until": "2025-03-01"},
        ),
    ],
)
def test_it_refuses_a_filter_with_the_journal_pages_own_words(owner, journal, argv, query):
    """One validator: the CLI says what the journal page's filter form says, word for word."""
    from glimmers.journal.forms import JournalFilterForm

    form = JournalFilterForm(query, owner=owner)
    assert not form.is_valid()
    [(field, [message])] = form.errors.items()

    result = refuse("list", *argv)

    assert result.err == f"glimmers: --{field}: {message}\n"


# --- search ----------------------------------------------------------------


def test_it_finds_glimmers_by_their_words(journal):
    result = run("search", "warm", "hon")  # every word, the start of a word is enough
    assert result.code == 0
    assert short_ids(result) == [journal["tea"].short_id]


def test_it_prints_search_results_in_the_apis_shape_with_json(owner, journal):
    result = run("search", "bread", "--json")

    assert result.code == 0
    data = result.json()
    assert [item["id"] for item in data] == [str(journal["bread"].pk)]
    assert data == [glimmer_json(owner, journal["bread"].pk)]


def test_it_says_when_nothing_is_found(journal):
    result = run("search", "mountains")
    assert (result.code, result.out) == (0, "Nothing found for “mountains”.\n")


def test_it_finds_nothing_for_a_query_without_words(journal):
    result = run("search", "!!!")
    assert (result.code, result.out) == (0, "Nothing found for “!!!”.\n")


def test_it_shows_at_most_n_results(owner):
    for n in range(3):
        make_glimmer(owner, f"Light {n}", noticed_at=at(2025, 3, 1 + n, 8, 0))
    assert len(run("search", "light", "-n", "2").out.splitlines()) == 2


def test_it_never_finds_someone_elses_glimmers(owner, other, journal):
    make_glimmer(other, "Sam's warm tea")

    result = run("search", "tea", "--user", "sam")

    assert [line.split("  ", 2)[2] for line in result.out.splitlines()] == ["Sam's warm tea"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["search"], "the following arguments are required: query"),
        (["search", "  "], "Search for at least one word"),
        (["search", "tea", "-n", "0"], "-n must be between 1 and 10000"),
        (["search", "tea", "-n", "-1"], "-n must be between 1 and 10000"),
        (["search", "tea " * 51], "Please keep this to 200 characters or fewer — it has 203."),
    ],
)
def test_it_refuses_a_search_it_cannot_run(journal, argv, message):
    refuse(*argv, says=message)
