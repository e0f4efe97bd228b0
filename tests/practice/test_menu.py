"""My glimmer menu: reliable glimmers by state, suggestions, decisions, grounding."""

import pytest

from glimmers.journal.models import Person
from glimmers.practice import queries, services
from glimmers.practice.models import MenuChoice
from tests.factories import make_glimmer
from tests.practice.helpers import count_queries, page


def _section(html: str, heading_id: str) -> str:
    """The text of one section of the menu page ("" when it isn't there)."""
    if f'id="{heading_id}"' not in html:
        return ""
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def _suggested(html: str) -> str:
    return _section(html, "suggested-heading")


def _keeps_helping(html: str) -> str:
    return _section(html, "accepted-heading")


def _decide(client, kind, key, decision):
    return client.post("/menu/decide/", {"kind": kind, "key": key, "decision": decision})


@pytest.fixture
def patterns(owner):
    """#sea four times, Beach three times (all toward safe), Mum three times (once)."""
    for n in range(4):
        make_glimmer(owner, f"Waves coming in #sea ({n})")
    for n in range(3):
        make_glimmer(
            owner,
            f"Walking barefoot ({n})",
            place="Beach",
            state_before="mobilized",
            state_after="safe",
        )
    make_glimmer(
        owner, "Mum's call", new_people=["Mum"], state_before="shutdown", state_after="safe"
    )
    make_glimmer(owner, "Mum's soup", new_people=["Mum"])
    make_glimmer(owner, "Mum laughing", new_people=["Mum"], state_before="safe", state_after="safe")
    # Twice is not yet a pattern.
    make_glimmer(owner, "Mint #tea", place="Park")
    make_glimmer(owner, "Evening #tea", place="Park")
    return {"mum": Person.objects.get(owner=owner, name="Mum")}


# ---------------------------------------------------------------------------
# Reliable glimmers
# ---------------------------------------------------------------------------


def test_reliable_glimmers_are_grouped_by_how_i_felt_before(owner_client, owner):
    make_glimmer(owner, "Cold water on my face", reliable=True, state_before="mobilized")
    make_glimmer(owner, "Sunlight on the carpet", reliable=True, state_before="shutdown")
    make_glimmer(owner, "My favourite song", reliable=True)
    make_glimmer(owner, "Calm and a cat", reliable=True, state_before="safe")
    make_glimmer(owner, "Only once, not reliable", state_before="mobilized")
    response = owner_client.get("/menu/")
    assert response.status_code == 200
    html = page(response)
    mobilized = _section(html, "mobilized-heading")
    shut_down = _section(html, "shutdown-heading")
    other = _section(html, "reliable-heading")
    assert "When I'm wound up or anxious" in mobilized
    assert "Cold water on my face" in mobilized
    assert "Sunlight on the carpet" in shut_down
    assert "My favourite song" in other
    assert "Calm and a cat" in other
    for section in (mobilized, shut_down):
        assert "My favourite song" not in section
    assert "Only once, not reliable" not in html


def test_an_empty_menu_explains_how_it_fills(owner_client):
    html = page(owner_client.get("/menu/"))
    assert "Your menu fills itself as you go" in html
    assert 'href="/menu/grounding/"' in html


# ---------------------------------------------------------------------------
# Suggestions
# ---------------------------------------------------------------------------


def test_only_what_comes_back_three_times_is_suggested(owner_client, patterns):
    suggested = _suggested(page(owner_client.get("/menu/")))
    assert "#sea" in suggested
    assert "Beach" in suggested
    assert "Mum" in suggested
    assert "#tea" not in suggested
    assert "Park" not in suggested


def test_suggestions_that_moved_me_toward_safe_come_first(owner, owner_client, patterns):
    menu = queries.menu(owner)
    assert [(s.label, s.count, s.toward_safe) for s in menu.suggestions] == [
        ("Beach", 3, 3),
        ("Mum", 3, 1),  # safe → safe is not a move toward safe
        ("#sea", 4, 0),
    ]
    suggested = _suggested(page(owner_client.get("/menu/")))
    assert suggested.index("Beach") < suggested.index("Mum") < suggested.index("#sea")
    assert "in 3 glimmers, 3 of them moved you toward safe & connected" in suggested
    assert "in 4 glimmers</p>" in suggested.replace("\n", "")


def test_accepting_moves_a_suggestion_to_things_that_keep_helping(owner_client, patterns):
    response = _decide(owner_client, "place", "Beach", "accept")
    assert response.status_code == 302
    assert response["Location"] == "/menu/"
    html = page(owner_client.get("/menu/"))
    assert "Added to your menu." in html
    helping = _keeps_helping(html)
    assert "Things that keep helping" in helping
    assert "Beach" in helping
    assert "Walking barefoot" in helping  # examples of it
    assert "Beach" not in _suggested(html)
    assert MenuChoice.objects.get().accepted is True


def test_accepting_a_person_uses_their_id(owner_client, owner, patterns):
    _decide(owner_client, "person", str(patterns["mum"].pk), "accept")
    html = page(owner_client.get("/menu/"))
    assert "Mum" in _keeps_helping(html)
    assert "Mum" not in _suggested(html)


def test_dismissing_hides_a_suggestion_for_good(owner_client, owner, patterns):
    response = _decide(owner_client, "tag", "sea", "dismiss")
    assert response.status_code == 302
    html = page(owner_client.get("/menu/"))
    assert "Fine — we won't suggest that again." in html
    assert "#sea" not in html
    for n in range(3):
        make_glimmer(owner, f"More waves #sea {n}")
    assert "#sea" not in page(owner_client.get("/menu/"))


def test_forgetting_a_decision_brings_the_suggestion_back(owner_client, patterns):
    _decide(owner_client, "place", "Beach", "accept")
    _decide(owner_client, "tag", "sea", "dismiss")
    html = page(owner_client.get("/menu/"))
    assert "Take Beach off the menu" in html
    assert _decide(owner_client, "place", "Beach", "forget").status_code == 302
    assert _decide(owner_client, "tag", "sea", "forget").status_code == 302
    assert not MenuChoice.objects.exists()
    html = page(owner_client.get("/menu/"))
    assert not _keeps_helping(html)
    assert "Beach" in _suggested(html)
    assert "#sea" in _suggested(html)


def test_changing_ones_mind_keeps_one_decision(owner_client, patterns):
    _decide(owner_client, "place", "Beach", "dismiss")
    _decide(owner_client, "place", "Beach", "accept")
    assert MenuChoice.objects.get().accepted is True


def test_a_strangers_decisions_never_affect_mine(
    owner, owner_client, stranger, stranger_client, patterns
):
    for n in range(3):
        make_glimmer(stranger, f"Their sea #sea {n}", place="Beach")
    assert _decide(stranger_client, "tag", "sea", "dismiss").status_code == 302
    assert _decide(stranger_client, "place", "Beach", "accept").status_code == 302
    html = page(owner_client.get("/menu/"))
    assert "#sea" in _suggested(html)
    assert "Beach" in _suggested(html)
    assert not _keeps_helping(html)
    assert not MenuChoice.objects.filter(owner=owner).exists()
    # Nor can a stranger decide on my person.
    response = _decide(stranger_client, "person", str(patterns["mum"].pk), "accept")
    assert response.status_code == 404
    assert MenuChoice.objects.filter(owner=stranger).count() == 2


def test_my_decisions_do_not_touch_the_strangers_menu(
    owner_client, stranger, stranger_client, patterns
):
    for n in range(3):
        make_glimmer(stranger, f"Their sea #sea {n}")
    _decide(owner_client, "tag", "sea", "dismiss")
    assert "#sea" in _suggested(page(stranger_client.get("/menu/")))


@pytest.mark.parametrize(
    ("kind", "key", "decision"),
    [
        ("colour", "blue", "accept"),
        ("colour", "blue", "forget"),
        ("", "sea", "accept"),
        ("tag", "sea", "maybe"),
        ("tag", "sea", ""),
        ("tag", "never-written", "accept"),
        ("tag", "tea", "dismiss"),  # only twice: not a suggestion
        ("tag", "", "accept"),
        ("tag", "x" * 201, "dismiss"),
        ("place", "Atlantis", "accept"),
        ("person", "999999", "accept"),
        ("person", "Mum", "accept"),
        ("person", "", "dismiss"),
    ],
)
def test_a_bogus_decision_is_not_found_and_saves_nothing(
    owner_client, patterns, kind, key, decision
):
    response = _decide(owner_client, kind, key, decision)
    assert response.status_code == 404
    assert not MenuChoice.objects.exists()


def test_deciding_needs_a_post(owner_client, patterns):
    response = owner_client.get(
        "/menu/decide/", {"kind": "tag", "key": "sea", "decision": "accept"}
    )
    assert response.status_code == 405
    assert not MenuChoice.objects.exists()


def test_the_service_refuses_a_pattern_it_did_not_suggest(owner, patterns):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.decide_suggestion(owner, "tag", "tea", accept=True)
    assert not MenuChoice.objects.exists()


def test_suggestions_are_counted_in_the_database(owner_client, owner):
    def add(first, n):
        for k in range(first, first + n):
            make_glimmer(
                owner,
                f"Waves #sea #salt {k}",
                place="Beach",
                new_people=["Mum"],
                state_before="mobilized" if k % 2 else "shutdown",
                state_after="safe",
                reliable=k % 3 == 0,
            )

    add(0, 4)
    _decide(owner_client, "tag", "salt", "accept")
    owner_client.get("/menu/")
    few = count_queries(lambda: owner_client.get("/menu/"))
    add(4, 4)
    many = count_queries(lambda: owner_client.get("/menu/"))
    assert many == few
    assert "in 8 glimmers" in page(owner_client.get("/menu/"))


# ---------------------------------------------------------------------------
# Grounding, and the way in after a trigger
# ---------------------------------------------------------------------------


def test_the_grounding_page_walks_through_the_senses(owner_client):
    response = owner_client.get("/menu/grounding/")
    assert response.status_code == 200
    html = page(response)
    assert "A slow walk through the senses" in html
    for step in ("Five things you can see", "Three things you can hear", "And a breath"):
        assert step in html
    assert "skip any of them, stop whenever you like" in html


def test_after_a_trigger_the_menu_is_offered_never_forced(owner_client, owner):
    response = owner_client.post("/triggers/", {"text": "Loud argument downstairs"})
    assert response.status_code == 302
    html = page(owner_client.get(response["Location"]))
    assert 'href="/menu/?trigger"' in html
    assert "No, thank you" in html
    menu = page(owner_client.get("/menu/?trigger"))
    assert "That sounded hard." in menu
    assert "or nothing at all, which is fine too" in menu
    assert "That sounded hard." not in page(owner_client.get("/menu/"))


def test_anonymous_visitors_are_sent_to_sign_in(client, owner):
    for path in ("/menu/", "/menu/grounding/"):
        assert client.get(path)["Location"].startswith("/accounts/login/")
    response = client.post("/menu/decide/", {"kind": "tag", "key": "sea", "decision": "accept"})
    assert response["Location"].startswith("/accounts/login/")
    assert not MenuChoice.objects.exists()


def test_the_menu_needs_the_same_queries_for_n_or_2n_patterns(owner_client, owner):
    def add(first, n):
        for k in range(first, first + n):
            for copy in range(3):
                make_glimmer(
                    owner,
                    f"#pattern{k} copy {copy}",
                    place=f"Place {k}",
                    new_people=[f"Friend {k}"],
                )
            for kind, key in (
                ("tag", f"pattern{k}"),
                ("place", f"Place {k}"),
                ("person", str(Person.objects.get(owner=owner, name=f"Friend {k}").pk)),
            ):
                services.decide_suggestion(owner, kind, key, accept=True)

    add(0, 2)
    owner_client.get("/menu/")
    few = count_queries(lambda: owner_client.get("/menu/"))
    add(2, 2)
    many = count_queries(lambda: owner_client.get("/menu/"))
    html = page(owner_client.get("/menu/"))
    assert "Take #pattern3 off the menu" in html
    assert "#pattern3 copy 2" in _keeps_helping(html)
    assert many == few


def test_examples_put_reliable_glimmers_first_then_the_latest(owner):
    from datetime import UTC, datetime

    def when(day):
        return datetime(2025, 5, day, 12, tzinfo=UTC)

    make_glimmer(owner, "oldest reliable #sea", reliable=True, noticed_at=when(1))
    make_glimmer(owner, "old #sea", noticed_at=when(2))
    make_glimmer(owner, "newer #sea #salt", noticed_at=when(3))
    make_glimmer(owner, "newest #sea #salt", noticed_at=when(4))
    make_glimmer(owner, "#salt only", noticed_at=when(5))
    make_glimmer(owner, "", noticed_at=when(6))  # counted, no words: never an example
    suggested = {s.key: [g.text for g in s.examples] for s in queries.menu(owner).suggestions}
    assert suggested == {
        "sea": ["oldest reliable #sea", "newest #sea #salt"],
        "salt": ["#salt only", "newest #sea #salt"],
    }
    services.decide_suggestion(owner, "tag", "sea", accept=True)
    (accepted,) = queries.menu(owner).accepted
    assert [g.text for g in accepted.examples] == [
        "oldest reliable #sea",
        "newest #sea #salt",
        "newer #sea #salt",
    ]
