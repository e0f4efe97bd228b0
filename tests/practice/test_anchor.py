"""Stay with it: a short pause with a glimmer, recorded as seconds anchored."""

import pytest
from django.core.exceptions import ValidationError

from glimmers.accounts import services as accounts
from glimmers.practice import services
from tests.factories import make_glimmer
from tests.practice.helpers import page


@pytest.fixture
def glimmer(owner):
    return make_glimmer(owner, "Sun on the back of my neck")


def _url(glimmer):
    return f"/glimmers/{glimmer.pk}/stay/"


def test_it_shows_the_pause_with_the_persons_own_length(owner_client, owner, glimmer):
    accounts.update_preferences(owner, anchor_seconds=40)
    response = owner_client.get(_url(glimmer))
    assert response.status_code == 200
    html = page(response)
    assert "Sun on the back of my neck" in html
    assert 'data-seconds="40"' in html
    assert "Begin (40 seconds)" in html
    assert "Let it land. There is nothing to do with it." in html
    assert "practice/anchor" in html and ".js" in html


def test_it_works_without_javascript(owner_client, owner, glimmer):
    html = page(owner_client.get(_url(glimmer)))
    # The plain form is visible in the markup; only the script hides it.
    manual = html.split('class="anchor-manual"', 1)[1].split("</div>", 1)[0]
    assert 'name="seconds"' in manual
    assert 'value="15"' in manual
    assert '<form method="post" class="stack anchor-form"' in html
    assert "Keep these seconds" in html
    response = owner_client.post(_url(glimmer), {"seconds": "15"})
    assert response.status_code == 302
    glimmer.refresh_from_db()
    assert glimmer.anchored_seconds == 15


def test_it_adds_to_the_seconds_already_anchored(owner_client, glimmer):
    owner_client.post(_url(glimmer), {"seconds": "20"})
    response = owner_client.post(_url(glimmer), {"seconds": "12"})
    assert response["Location"] == f"/glimmers/{glimmer.pk}/"
    glimmer.refresh_from_db()
    assert glimmer.anchored_seconds == 32
    assert "Thank you for staying with it." in page(owner_client.get(response["Location"]))


def test_the_total_is_capped_at_an_hour(owner_client, owner, glimmer):
    services.record_anchoring(owner, glimmer, 3590)
    owner_client.post(_url(glimmer), {"seconds": "30"})
    glimmer.refresh_from_db()
    assert glimmer.anchored_seconds == 3600


@pytest.mark.parametrize(
    ("seconds", "message"),
    [
        ("0", "Between 1 second and an hour, please."),
        ("-5", "Between 1 second and an hour, please."),
        ("4000", "Between 1 second and an hour, please."),
        ("abc", "A number of seconds, please."),
        ("", "Please fill this in."),
    ],
)
def test_it_refuses_bad_seconds_and_changes_nothing(owner_client, glimmer, seconds, message):
    response = owner_client.post(_url(glimmer), {"seconds": seconds})
    assert response.status_code == 400
    html = page(response)
    assert "Nothing was saved yet" in html
    assert message in html
    glimmer.refresh_from_db()
    assert glimmer.anchored_seconds == 0


def test_the_service_refuses_bad_seconds_and_other_peoples_glimmers(owner, other, glimmer):
    for seconds in (0, -5, 4000):
        with pytest.raises(ValidationError):
            services.record_anchoring(owner, glimmer, seconds)
    with pytest.raises(ValidationError):
        services.record_anchoring(other, glimmer, 10)
    glimmer.refresh_from_db()
    assert glimmer.anchored_seconds == 0


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/", "/"),
        ("/journal/?tag=sea", "/journal/?tag=sea"),
        ("https://evil.example/", None),
        ("//evil.example/steal", None),
        ("http://evil.example/", None),
        ("javascript:alert(1)", None),
    ],
)
def test_it_returns_only_to_a_page_of_this_site(owner_client, glimmer, target, expected):
    response = owner_client.post(_url(glimmer), {"seconds": "10", "next": target})
    assert response.status_code == 302
    assert response["Location"] == (expected or f"/glimmers/{glimmer.pk}/")


def test_the_next_page_is_carried_into_the_form(owner_client, glimmer):
    html = page(owner_client.get(_url(glimmer) + "?next=/"))
    assert '<input type="hidden" name="next" value="/">' in html
    html = page(owner_client.get(_url(glimmer) + "?next=https://evil.example/"))
    assert "evil.example" not in html


def test_a_tallied_glimmer_can_be_stayed_with_too(owner_client, owner):
    owner_client.post("/tally/")
    counted = owner.glimmers.get()
    html = page(owner_client.get(_url(counted)))
    assert "Counted, no words yet" in html


def test_a_stranger_gets_not_found(stranger_client, glimmer):
    response = stranger_client.get(_url(glimmer))
    assert response.status_code == 404
    assert "Sun on the back" not in page(response)
    assert stranger_client.post(_url(glimmer), {"seconds": "30"}).status_code == 404
    glimmer.refresh_from_db()
    assert glimmer.anchored_seconds == 0


def test_an_unknown_or_malformed_id_is_not_found(owner_client):
    assert owner_client.get("/glimmers/not-a-uuid/stay/").status_code == 404
    assert owner_client.get("/glimmers/00000000-0000-0000-0000-000000000000/stay/").status_code == (
        404
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, glimmer):
    assert client.get(_url(glimmer))["Location"].startswith("/accounts/login/")
    assert client.post(_url(glimmer), {"seconds": "30"})["Location"].startswith("/accounts/login/")
    glimmer.refresh_from_db()
    assert glimmer.anchored_seconds == 0


def test_every_glimmer_page_offers_the_pause(owner_client, owner):
    from tests.factories import make_glimmer

    glimmer = make_glimmer(owner, "Sun on the wall")
    html = owner_client.get(f"/glimmers/{glimmer.pk}/").content.decode()
    assert f'href="/glimmers/{glimmer.pk}/stay/"' in html
