"""`glimmers show ID`, `glimmers edit ID`, `glimmers delete ID`."""

import sys
import uuid
from datetime import UTC, datetime

import pytest

from glimmers.journal import queries, services
from glimmers.journal.models import Glimmer, State
from tests.cli import FakeStdin, glimmer_json, refuse, run, snapshot
from tests.factories import make_glimmer


@pytest.fixture
def glimmer(owner):
    return make_glimmer(
        owner,
        "Old light on the #sea",
        noticed_at=datetime(2025, 3, 2, 6, 15, tzinfo=UTC),  # 08:15 in Kyiv
        senses=list(queries.senses(owner).filter(slug__in=["sight", "sound"])),
        state_before=State.MOBILIZED,
        state_after=State.SAFE,
        place="the pier",
        reliable=True,
        new_people=["Mum"],
    )


@pytest.fixture
def sams(other):
    return make_glimmer(other, "Sam's own quiet morning")


@pytest.fixture
def no_editor(monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


def with_id(owner, hex_id: str, text: str) -> Glimmer:
    return services.save_glimmer(owner, {"text": text}, glimmer_id=uuid.UUID(hex_id))


# --- show ------------------------------------------------------------------


def test_it_shows_one_glimmer_in_full(glimmer):
    result = run("show", glimmer.short_id)

    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Old light on the #sea"
    assert f"  id        {glimmer.pk}" in lines
    assert "  when      Sunday 2 March 2025, 08:15" in lines  # in Kyiv, not UTC
    assert "  senses    sight, sound" in lines
    assert "  shift     mobilized → safe & connected" in lines
    assert "  place     the pier" in lines
    assert "  people    Mum" in lines
    assert "  tags      #sea" in lines
    assert "  reliable  yes" in lines


def test_it_shows_a_glimmer_in_the_apis_shape_with_json(owner, glimmer):
    result = run("show", glimmer.short_id, "--json")
    assert result.code == 0
    assert result.json() == glimmer_json(owner, glimmer.pk)


@pytest.mark.parametrize(
    "how", ["four", "short", "full", "hex", "upper"], ids=lambda how: f"by-{how}"
)
def test_it_finds_a_glimmer_by_any_unique_start_of_its_id(glimmer, how):
    given = {
        "four": glimmer.id.hex[:4],
        "short": glimmer.short_id,
        "full": str(glimmer.pk),
        "hex": glimmer.id.hex,
        "upper": glimmer.short_id.upper(),
    }[how]
    result = run("show", given, "--json")
    assert result.code == 0, result.err
    assert result.json()["id"] == str(glimmer.pk)


def test_it_tells_apart_ids_that_share_their_first_eight_digits(owner):
    with_id(owner, "abcd1234-aaaa-4000-8000-000000000001", "First")
    second = with_id(owner, "abcd1234-bbbb-4000-8000-000000000002", "Second")

    result = run("show", "abcd1234b", "--json")

    assert result.code == 0, result.err
    assert result.json()["id"] == str(second.pk)


def test_it_refuses_an_ambiguous_short_id(owner):
    with_id(owner, "abcd1234-aaaa-4000-8000-000000000001", "First")
    with_id(owner, "abcd9999-bbbb-4000-8000-000000000002", "Second")

    refuse("show", "abcd", says="More than one glimmer starts with abcd; give more of the id")


def test_a_prefix_shared_only_with_someone_else_is_not_ambiguous(owner, other):
    mine = with_id(owner, "abcd1234-aaaa-4000-8000-000000000001", "Mine")
    with_id(other, "abcd9999-bbbb-4000-8000-000000000002", "Sam's")

    result = run("show", "abcd", "--user", "olena", "--json")

    assert result.code == 0, result.err
    assert result.json()["id"] == str(mine.pk)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("00000000", "You have no glimmer with the id 00000000"),
        ("00000000-0000-4000-8000-000000000000", "You have no glimmer with the id"),
        ("abc", "“abc” isn't a glimmer id"),
        ("zzzzzzzz", "“zzzzzzzz” isn't a glimmer id"),
        ("'; drop", "isn't a glimmer id"),
    ],
)
@pytest.mark.parametrize("command", ["show", "edit", "delete"])
def test_it_refuses_an_id_it_cannot_find(glimmer, command, given, message):
    extra = {"show": [], "edit": ["--place", "home"], "delete": ["--yes"]}[command]
    refuse(command, given, *extra, says=message)


@pytest.mark.parametrize(
    "argv",
    [
        ["show"],
        ["edit", "--text", "Sam was here", "--json"],
        ["edit", "--place", "Sam's house"],
        ["edit"],  # with $EDITOR
        ["delete", "--yes"],
        ["delete", "--yes", "--json"],
    ],
    ids=" ".join,
)
def test_it_never_shows_or_changes_someone_elses_glimmer(owner, glimmer, sams, monkeypatch, argv):
    monkeypatch.setenv("EDITOR", "sed -i s/quiet/LOUD/")
    command, *options = argv
    refuse(
        command,
        sams.short_id,
        *options,
        "--user",
        "olena",
        says=f"You have no glimmer with the id {sams.short_id}",
    )
    assert Glimmer.objects.get(pk=sams.pk).text == "Sam's own quiet morning"


# --- edit with options -------------------------------------------------------


def test_it_changes_only_what_it_is_given(owner, glimmer):
    before = glimmer_json(owner, glimmer.pk)

    result = run("edit", glimmer.short_id, "--place", "the harbour")

    assert result.code == 0
    assert result.out == f"Saved {glimmer.short_id}.\n"
    after = glimmer_json(owner, glimmer.pk)
    assert after["place"] == "the harbour"
    unchanged = {k: v for k, v in before.items() if k not in ("place", "updated_at")}
    assert {k: after[k] for k in unchanged} == unchanged


def test_it_replaces_the_text_and_its_tags(owner, glimmer):
    result = run("edit", glimmer.short_id, "--text", "Rain on the roof #rain", "--json")

    assert result.code == 0
    data = result.json()
    assert data == glimmer_json(owner, glimmer.pk)
    assert data["text"] == "Rain on the roof #rain"
    assert data["tags"] == ["rain"]


def test_it_edits_every_detail_option(owner, glimmer):
    result = run(
        "edit",
        glimmer.short_id,
        "--sense",
        "smell",
        "--cue",
        "smile",
        "--person",
        "Dad",
        "--value",
        "calm",
        "--before",
        "unsure",
        "--after",
        "shut-down",
        "--gratitude",
        "thank you",
        "--kind",
        "story",
        "--not-reliable",
        "--at",
        "2025-03-01 19:00",
        "--json",
    )

    assert result.code == 0, result.err
    data = result.json()
    assert data["senses"] == ["smell"]
    assert data["body_cues"] == ["smile"]
    assert data["people"] == ["Dad"]
    assert data["values"] == ["calm"]
    assert (data["state_before"], data["state_after"]) == ("unsure", "shutdown")
    assert data["gratitude"] == "thank you"
    assert data["kind"] == "story"
    assert data["reliable"] is False
    assert data["noticed_at"] == "2025-03-01T17:00:00Z"  # 19:00 in Kyiv
    assert data["text"] == "Old light on the #sea"


def test_it_marks_a_glimmer_reliable(owner):
    glimmer = make_glimmer(owner, "Cat purring")
    assert run("edit", glimmer.short_id, "--reliable").code == 0
    assert Glimmer.objects.get(pk=glimmer.pk).reliable is True


def test_it_gives_words_to_a_tally(owner):
    (tally,) = services.tally(owner)
    assert run("edit", tally.short_id, "--text", "It was the smell of rain").code == 0
    assert Glimmer.objects.get(pk=tally.pk).text == "It was the smell of rain"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--before", "calm"], "“calm” isn't a state"),
        (["--after", "great"], "“great” isn't a state"),
        (["--sense", "smellz"], "We don't know the sense “smellz”"),
        (["--cue", "nope"], "We don't know the body cue “nope”"),
        (["--at", "blursday"], "Can't read the time “blursday”"),
        (["--at", "2999-01-01"], "in the future"),
        (["--text", "a" * 5001], "more than 5000 characters"),
        (["--kind", "dreamt"], "invalid choice"),
        (["--place", "p" * 201, "--text", "fine"], "place"),
    ],
)
def test_it_refuses_a_bad_edit_and_changes_nothing(glimmer, options, message):
    refuse("edit", glimmer.short_id, *options, says=message)


# --- edit in $EDITOR ---------------------------------------------------------


def test_it_opens_the_editor_without_options_and_saves(owner, glimmer, monkeypatch, no_editor):
    monkeypatch.setenv("EDITOR", "sed -i s/Old/New/")

    result = run("edit", glimmer.short_id)

    assert result.code == 0, result.err
    assert result.out == f"Saved {glimmer.short_id}.\n"
    saved = Glimmer.objects.get(pk=glimmer.pk)
    assert saved.text == "New light on the #sea"
    assert saved.place == "the pier"  # only the words were edited


def test_it_prefers_visual_to_editor(owner, glimmer, monkeypatch):
    monkeypatch.setenv("VISUAL", "sed -i s/Old/Visual/")
    monkeypatch.setenv("EDITOR", "sed -i s/Old/Editor/")

    assert run("edit", glimmer.short_id).code == 0
    assert Glimmer.objects.get(pk=glimmer.pk).text == "Visual light on the #sea"


def test_it_saves_nothing_when_the_editor_changes_nothing(glimmer, monkeypatch, no_editor):
    monkeypatch.setenv("EDITOR", "true")
    before = snapshot()

    result = run("edit", glimmer.short_id)

    assert (result.code, result.out) == (0, "No change.\n")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("editor", "message"),
    [
        ("false", "The editor quit with an error"),
        ("no-such-editor-anywhere", "Can't start the editor “no-such-editor-anywhere”"),
        ("sed -i d", "The text came back empty, so nothing was changed"),
        ("sed -i s/.*/" + "a" * 5001 + "/", "more than 5000 characters"),
    ],
)
def test_it_keeps_the_glimmer_when_the_editor_fails(
    glimmer, monkeypatch, no_editor, editor, message
):
    monkeypatch.setenv("EDITOR", editor)
    refuse("edit", glimmer.short_id, says=message)


def test_it_asks_for_an_editor_when_none_is_set(glimmer, no_editor):
    refuse("edit", glimmer.short_id, says="Set $EDITOR")


# --- delete --------------------------------------------------------------------


def test_it_deletes_with_yes(owner, glimmer):
    keep = make_glimmer(owner, "Another one")

    result = run("delete", glimmer.short_id, "--yes")

    assert (result.code, result.out) == (0, "Deleted.\n")
    assert list(Glimmer.objects.filter(owner=owner)) == [keep]


def test_it_prints_the_deleted_id_as_json(glimmer):
    result = run("delete", glimmer.short_id, "--yes", "--json")

    assert result.code == 0
    assert result.json() == {"deleted": str(glimmer.pk)}
    assert not Glimmer.objects.filter(pk=glimmer.pk).exists()


def test_it_will_not_delete_from_a_script_without_yes(glimmer, monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin("y\n"))  # piped, not a person answering
    refuse("delete", glimmer.short_id, says="Add --yes to delete without being asked")
    assert Glimmer.objects.filter(pk=glimmer.pk).exists()


@pytest.mark.parametrize("answer", ["y\n", "YES\n"])
def test_it_deletes_when_a_person_says_yes(glimmer, monkeypatch, answer):
    monkeypatch.setattr(sys, "stdin", FakeStdin(answer, tty=True))

    result = run("delete", glimmer.short_id)

    assert (result.code, result.out) == (0, "Deleted.\n")
    assert "Delete “" in result.err and "[y/N]" in result.err  # the question, not on stdout
    assert not Glimmer.objects.filter(pk=glimmer.pk).exists()


@pytest.mark.parametrize("answer", ["n\n", "\n", "", "maybe\n"])
def test_it_keeps_the_glimmer_unless_a_person_says_yes(glimmer, monkeypatch, answer):
    monkeypatch.setattr(sys, "stdin", FakeStdin(answer, tty=True))
    before = snapshot()

    result = run("delete", glimmer.short_id)

    assert (result.code, result.out) == (0, "Kept.\n")
    assert snapshot() == before
