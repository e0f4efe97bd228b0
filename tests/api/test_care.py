"""Care in the API: a carer's clients and scoped reads (each logged); a client's links and log.

olena (the owner) is the client; sam (other) is her counsellor, on a link she
confirmed; marta is a carer too, but not hers; the stranger is nobody's.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glimmers.accounts import services as accounts
from glimmers.care import services
from glimmers.care.models import CareRead
from glimmers.journal import queries as journal
from glimmers.journal import services as journal_services
from glimmers.journal.photos import clean_photo
from glimmers.practice import services as practice
from glimmers.time import local_today
from tests.api.conftest import ApiClient, assert_error, token_for
from tests.factories import make_glimmer, make_trigger, make_user, upload


def _carer(user):
    return accounts.update_preferences(user, is_carer=True)


def link_between(client_person, carer, *, confirm: bool = True, **scope):
    """A link made as people make it: invite, take up, (confirm)."""
    _link, code = services.invite(client_person, "my counsellor", client_name="Olena", **scope)
    link = services.accept(_carer(carer), code, carer_name="Sam Carer")
    return services.confirm(client_person, link) if confirm else link


@pytest.fixture
def marta(db):
    return _carer(make_user("marta"))


@pytest.fixture
def sessions(owner):
    """Two of olena's glimmers "for my sessions", and one kept to herself."""
    shared = [make_glimmer(owner, "Warm tea after the session"), make_glimmer(owner, "Birdsong")]
    for glimmer in shared:
        services.mark_for_sessions(owner, glimmer)
    private = make_glimmer(owner, "Something only for me")
    return shared, private


@pytest.fixture
def link(owner, other, sessions):
    return link_between(owner, other, scope="sessions")


def reads(owner) -> list[tuple[str, str]]:
    return [
        (read.page, read.record)
        for read in CareRead.objects.filter(owner=owner).order_by("at", "pk")
    ]


def _texts(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["text"] for item in response.json()["items"]]


# --- the carer's clients --------------------------------------------------------------------


def test_it_lists_a_carers_active_clients_by_the_name_they_gave(other_api, link, owner):
    body = other_api.get("/care/clients").json()
    assert body == [
        {
            "id": str(link.pk),
            "client": "Olena",
            "label": "my counsellor",
            "scope": "sessions",
            "since": None,
            "with_photos": False,
            "with_insights": False,
            "with_triggers": False,
            "confirmed_at": body[0]["confirmed_at"],
        }
    ]
    assert "olena" not in other_api.get("/care/clients").content.decode()  # no sign-in name
    assert reads(owner) == []  # the list of clients reads nothing of anyone's journal


def test_nobody_else_has_clients(api, stranger_api, marta, link):
    assert api.get("/care/clients").json() == []  # the client isn't her own carer
    assert stranger_api.get("/care/clients").json() == []
    assert ApiClient(token_for(marta)).get("/care/clients").json() == []


def test_a_link_the_client_has_not_confirmed_shows_nothing(owner, other, sessions):
    waiting = link_between(owner, other, confirm=False, scope="sessions")
    carer_api = ApiClient(token_for(other))
    assert carer_api.get("/care/clients").json() == []
    assert_error(carer_api.get(f"/care/clients/{waiting.pk}"), 404, "not_found")
    assert_error(carer_api.get(f"/care/clients/{waiting.pk}/glimmers"), 404, "not_found")
    assert reads(owner) == []


# --- the summary ----------------------------------------------------------------------------


def test_the_summary_shows_the_week_in_scope_and_is_logged(other_api, link, owner, other):
    services.suggest(other, link, "Notice one sound on your way home")
    body = other_api.get(f"/care/clients/{link.pk}").json()
    assert body["client"]["client"] == "Olena"
    assert len(body["days"]) == 7
    assert body["days"][-1] == {"day": local_today(owner).isoformat(), "count": 2}
    assert body["week_total"] == 2 and body["in_scope"] == 2
    assert body["question"] is None  # not without the Insights summary
    [suggestion] = body["suggestions"]
    assert suggestion["text"] == "Notice one sound on your way home"
    assert suggestion["tried"] is None  # not unless she lets him see it
    assert reads(owner) == [("summary", "")]


def test_the_summary_shows_the_glimmer_question_only_with_insights(other_api, owner, other):
    practice.answer_question(owner, local_today(owner), prompt=None, likelihood=6)
    link = link_between(owner, other, scope="sessions", with_insights=True, tell_tried=True)
    suggestion = services.suggest(other, link, "A slow breath by the window")
    services.answer(owner, suggestion, "tried")
    body = other_api.get(f"/care/clients/{link.pk}").json()
    assert body["question"] == [{"day": local_today(owner).isoformat(), "likelihood": 6}]
    assert body["suggestions"][0]["tried"] is True


# --- the glimmers within scope --------------------------------------------------------------


def test_it_lists_only_the_glimmers_within_scope_and_logs_each_read(
    other_api, link, owner, sessions
):
    shared, private = sessions
    assert sorted(_texts(other_api.get(f"/care/clients/{link.pk}/glimmers"))) == sorted(
        g.text for g in shared
    )
    assert private.text not in other_api.get(f"/care/clients/{link.pk}/glimmers").content.decode()
    one = other_api.get(f"/care/clients/{link.pk}/glimmers/{shared[0].pk}")
    assert one.status_code == 200
    assert one.json()["text"] == shared[0].text
    assert reads(owner) == [("glimmers", ""), ("glimmers", ""), ("glimmer", str(shared[0].pk))]


def test_a_glimmer_out_of_scope_is_not_found_and_not_logged(other_api, link, owner, sessions):
    _shared, private = sessions
    assert_error(other_api.get(f"/care/clients/{link.pk}/glimmers/{private.pk}"), 404, "not_found")
    assert reads(owner) == []


def test_scope_since_a_day_reads_every_glimmer_from_that_day(other_api, owner, other):
    before = make_glimmer(owner, "Last month", noticed_at=datetime(2026, 1, 3, 12, tzinfo=UTC))
    after = make_glimmer(owner, "This month", noticed_at=datetime(2026, 2, 3, 12, tzinfo=UTC))
    link = link_between(owner, other, scope="since", since=datetime(2026, 2, 1).date())
    assert _texts(other_api.get(f"/care/clients/{link.pk}/glimmers")) == ["This month"]
    assert other_api.get(f"/care/clients/{link.pk}/glimmers/{after.pk}").status_code == 200
    assert_error(other_api.get(f"/care/clients/{link.pk}/glimmers/{before.pk}"), 404, "not_found")


def test_the_glimmer_list_walks_its_pages(other_api, owner, other):
    for number in range(5):
        services.mark_for_sessions(
            owner,
            make_glimmer(
                owner,
                f"G{number}",
                noticed_at=datetime(2026, 2, 3, 12, tzinfo=UTC) - timedelta(hours=number),
            ),
        )
    link = link_between(owner, other, scope="sessions")
    texts, cursor = [], ""
    for _page in range(5):
        body = other_api.get(
            f"/care/clients/{link.pk}/glimmers",
            {"limit": 2, **({"cursor": cursor} if cursor else {})},
        ).json()
        texts += [item["text"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert texts == ["G0", "G1", "G2", "G3", "G4"]
    fields = assert_error(
        other_api.get(f"/care/clients/{link.pk}/glimmers", {"cursor": "nonsense"}), 422, "invalid"
    )
    assert "cursor" in fields


def test_photos_go_only_where_the_client_sends_photos(owner, other, sessions):
    shared, _private = sessions
    photo = journal_services.add_photo(owner, shared[0], clean_photo(upload()))
    carer_api = ApiClient(token_for(_carer(other)))
    without = link_between(owner, other, scope="sessions")
    item = carer_api.get(f"/care/clients/{without.pk}/glimmers/{shared[0].pk}").json()
    assert item["photos"] == []
    assert_error(carer_api.get(f"/care/clients/{without.pk}/photos/{photo.pk}"), 404, "not_found")
    assert_error(carer_api.get(f"/photos/{photo.pk}"), 404, "not_found")  # not the owner's address

    services.change_scope(owner, without, with_photos=True)
    item = carer_api.get(f"/care/clients/{without.pk}/glimmers/{shared[0].pk}").json()
    url = f"/api/v1/care/clients/{without.pk}/photos/{photo.pk}"
    assert [(p["url"], p["thumbnail_url"]) for p in item["photos"]] == [(url, f"{url}/thumbnail")]
    image = carer_api.get(f"/care/clients/{without.pk}/photos/{photo.pk}")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert (
        carer_api.get(f"/care/clients/{without.pk}/photos/{photo.pk}/thumbnail").status_code == 200
    )
    assert reads(owner)[-2:] == [("photo", str(photo.pk)), ("photo", str(photo.pk))]


def test_hard_moments_only_if_ticked_and_only_naming_glimmers_in_scope(
    other_api, owner, other, sessions
):
    shared, private = sessions
    make_trigger(owner, "A door slammed", helped_by=[shared[0], private])
    link = link_between(owner, other, scope="sessions")
    assert_error(other_api.get(f"/care/clients/{link.pk}/triggers"), 404, "not_found")
    services.change_scope(owner, link, with_triggers=True)
    [trigger] = other_api.get(f"/care/clients/{link.pk}/triggers").json()["items"]
    assert trigger["text"] == "A door slammed"
    assert trigger["helped_by"] == [str(shared[0].pk)]
    assert reads(owner) == [("triggers", "")]


# --- what the client decides, on the carer's very next request -----------------------------


def test_ending_the_link_holds_from_the_carers_very_next_request(other_api, link, owner, sessions):
    shared, _private = sessions
    assert other_api.get(f"/care/clients/{link.pk}/glimmers").status_code == 200
    services.end(owner, link)
    for path in (
        f"/care/clients/{link.pk}",
        f"/care/clients/{link.pk}/glimmers",
        f"/care/clients/{link.pk}/glimmers/{shared[0].pk}",
        f"/care/clients/{link.pk}/triggers",
    ):
        assert_error(other_api.get(path), 404, "not_found")
    assert other_api.get("/care/clients").json() == []
    assert reads(owner) == [("glimmers", "")]


def test_narrowing_the_scope_holds_from_the_carers_very_next_request(
    other_api, owner, other, sessions
):
    _shared, private = sessions
    link = link_between(owner, other, scope="since", since=local_today(owner) - timedelta(days=1))
    assert other_api.get(f"/care/clients/{link.pk}/glimmers/{private.pk}").status_code == 200
    services.change_scope(owner, link, scope="sessions")
    assert_error(other_api.get(f"/care/clients/{link.pk}/glimmers/{private.pk}"), 404, "not_found")
    assert private.text not in other_api.get(f"/care/clients/{link.pk}/glimmers").content.decode()


def test_another_carer_a_stranger_and_the_client_herself_get_404(
    api, stranger_api, marta, link, owner, sessions
):
    shared, _private = sessions
    photo = journal_services.add_photo(owner, shared[0], clean_photo(upload()))
    services.change_scope(owner, link, with_photos=True, with_triggers=True)
    paths = (
        f"/care/clients/{link.pk}",
        f"/care/clients/{link.pk}/glimmers",
        f"/care/clients/{link.pk}/glimmers/{shared[0].pk}",
        f"/care/clients/{link.pk}/photos/{photo.pk}",
        f"/care/clients/{link.pk}/photos/{photo.pk}/thumbnail",
        f"/care/clients/{link.pk}/triggers",
    )
    for caller in (ApiClient(token_for(marta)), stranger_api, api):
        for path in paths:
            assert_error(caller.get(path), 404, "not_found")
    assert reads(owner) == []


def test_a_read_only_token_reads_and_is_logged_like_any(owner, other, link, sessions):
    reader = ApiClient(token_for(other, read_only=True))
    assert reader.get(f"/care/clients/{link.pk}").status_code == 200
    assert reads(owner) == [("summary", "")]


def test_the_glimmer_list_costs_the_same_queries_for_n_and_2n(owner, other):
    link = link_between(owner, other, scope="sessions")
    carer_api = ApiClient(token_for(other))
    sight = list(journal.senses(owner).filter(slug="sight"))

    def listed(count: int) -> int:
        for number in range(count):
            glimmer = make_glimmer(
                owner, f"Moment {number}", senses=sight, new_people=[f"P{number}"]
            )
            services.mark_for_sessions(owner, glimmer)
        carer_api.get("/care/clients")  # the token's first use is noted once: not here
        with CaptureQueriesContext(connection) as queries:
            response = carer_api.get(f"/care/clients/{link.pk}/glimmers", {"limit": 100})
        assert len(response.json()["items"]) >= count
        return len(queries)

    few = listed(3)
    many = listed(3)  # 3 more: 6 in all
    assert few == many, (few, many)


# --- the client's side ----------------------------------------------------------------------


def test_the_client_sees_her_links_with_the_carers_chosen_name(api, link, owner):
    services.invite(owner, "my coach", client_name="Olena")
    body = api.get("/care/links").json()
    assert [(row["label"], row["status"], row["carer"]) for row in body] == [
        ("my coach", "invited", None),
        ("my counsellor", "active", "Sam Carer"),
    ]
    assert body[1]["scope"] == "sessions" and body[1]["tell_tried"] is False
    assert "sam" not in api.get("/care/links").content.decode().replace("Sam Carer", "")


def test_the_client_reads_every_read_newest_first_with_no_journal_text(
    api, other_api, link, owner, sessions
):
    shared, _private = sessions
    other_api.get(f"/care/clients/{link.pk}")
    other_api.get(f"/care/clients/{link.pk}/glimmers/{shared[0].pk}")
    body = api.get("/care/reads").json()
    assert [(r["page"], r["what"], r["record"], r["label"]) for r in body] == [
        ("glimmer", "one glimmer", str(shared[0].pk), "my counsellor"),
        ("summary", "the summary", "", "my counsellor"),
    ]
    assert shared[0].text not in api.get("/care/reads").content.decode()
    assert len(api.get("/care/reads", {"limit": 1}).json()) == 1


def test_the_log_stays_after_the_link_ends(api, other_api, link, owner):
    other_api.get(f"/care/clients/{link.pk}")
    services.end(owner, link)
    assert [r["page"] for r in api.get("/care/reads").json()] == ["summary"]
    assert api.get("/care/links").json()[0]["status"] == "ended"


def test_the_carer_and_strangers_see_nothing_of_the_clients_links_or_log(
    other_api, stranger_api, link, owner
):
    other_api.get(f"/care/clients/{link.pk}")
    for caller in (other_api, stranger_api):
        assert caller.get("/care/links").json() == []
        assert caller.get("/care/reads").json() == []
