"""Who may see what: every route, every kind of visitor, reading and writing.

The routes are read from the URL configuration and from the API's OpenAPI
schema, so a new route cannot escape: it fails ``test_every_route_is_in_the_table``
until someone writes down here who may use it.

Nine visitors, one world (``World``):

  O   olena, the owner of everything below
  M   sam, in olena's circle (olena keeps it)
  F   a former member (joined, then left)
  I   invited, not joined (holds an open code)
  Ci  a carer in scope (active link, scope "for my sessions"; photos, hard moments,
      the Insights summary ticked)
  Co  a carer out of scope (active link whose scope holds nothing)
  Cr  a carer after revocation (the link was confirmed, then ended)
  S   a stranger with an account
  A   anonymous

What each may do, per route and verb, is a nine-letter word in ``WEB`` / ``API``:

  y  may: a page, a redirect after a write, or a clear refusal of what was sent
     (any answer but 401, 403, 404 or a server error)
  s  their own side only: as ``y``, and nothing of olena's changed
  n  not found: 404, and nothing of olena's changed
  l  sent to sign in (web) / 401 (API), and nothing changed
  -  the verb is not offered (405, or answered as a read): nothing changed

Whatever the letter, no answer to anyone but olena ever carries words she kept
to herself; sam and the carer in scope may read only what she shared with them
(``MARKERS``).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from glimmers.access import owned
from glimmers.accounts.tokens import create_token
from glimmers.api.views import api
from glimmers.care import services as care
from glimmers.circles import services as circles
from glimmers.journal import services as journal
from glimmers.journal.models import Glimmer, Person, Sense, Value
from glimmers.practice import services as practice
from glimmers.time import local_today
from tests.factories import make_glimmer, make_trigger, make_user, upload


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


ROLES = ("O", "M", "F", "I", "Ci", "Co", "Cr", "S", "A")

# Words of olena's, and who besides her may ever read them.
MARKERS = {
    "Lilac by the gate, shared": {"M", "Ci"},  # shared with the circle, marked for sessions
    "Hidden harbour, all mine": set(),  # a glimmer she kept to herself
    # Where the shared one happened, and its note of thanks: never sent to a circle; a
    # carer reads a glimmer in scope whole.
    "Secret garden place": {"Ci"},
    "Private thanks to spring": {"Ci"},
    "The hard phone call": {"Ci"},  # a hard moment; the carer in scope has "with hard moments"
    "My evening reflection": set(),
    "Someone would notice my smile": set(),  # a Glimmer Question answer's words
    "Sam replied: the lilac": {"O", "M"},  # sam's reply in the circle
}


@dataclasses.dataclass
class World:
    users: dict
    glimmer: object  # shared with the circle, for sessions, with a photo
    private: object  # olena's alone
    photo: object
    trigger: object
    circle: object
    share: object
    reply: object
    invite: object
    invite_code: str
    links: dict  # Ci / Co / Cr -> their link
    suggestion: object
    question: object
    value: object
    person: object
    sense: object
    token: object
    session_ref: str  # another browser of olena's
    import_job: object
    feed_secret: str = ""  # olena's calendar address: the secret is the key


def build_world() -> World:
    owner = make_user("olena", time_zone="Europe/Kyiv")
    users = {"O": owner, "M": make_user("sam"), "F": make_user("former"), "I": make_user("invited")}
    for role in ("Ci", "Co", "Cr"):
        users[role] = make_user(f"carer{role.lower()}")
        users[role].is_carer = True
        users[role].save(update_fields=["is_carer"])
    users["S"] = make_user("stranger")
    today = local_today(owner)

    browser = _signed_in(owner)
    browser.post(
        "/capture/",
        {
            "text": "Lilac by the gate, shared",
            "place": "Secret garden place",
            "gratitude": "Private thanks to spring",
            "senses": [Sense.objects.get(owner=None, slug="smell").pk],
            "photos": upload(),
        },
    )
    glimmer = owned(Glimmer, owner).get()
    photo = glimmer.photos.get()
    private = make_glimmer(owner, "Hidden harbour, all mine")
    trigger = make_trigger(owner, "The hard phone call")
    practice.save_reflection(owner, today, answer="My evening reflection")
    practice.set_intention(owner, today, text="Look for sounds")
    question = practice.answer_question(
        owner, today, prompt=None, likelihood=6, who_would_notice="Someone would notice my smile"
    )
    value = journal.add_named(owner, Value, "Nature")
    sense = Sense.objects.create(owner=owner, slug="warmth", name="warmth")

    circle = circles.make_circle(owner, "Olena's circle")
    circles.join(users["M"], circles.invite(owner, circle)[1])
    circles.join(users["F"], circles.invite(owner, circle)[1])
    circles.leave(users["F"], circle)
    invite, invite_code = circles.invite(owner, circle, "for invited")
    share = circles.share(owner, glimmer, [circle], with_photos=True)[0]
    reply = circles.reply(users["M"], share, "Sam replied: the lilac")

    links = {}
    scopes = {
        "Ci": {
            "scope": "sessions",
            "with_photos": True,
            "with_triggers": True,
            "with_insights": True,
            "tell_tried": True,
        },
        "Co": {"scope": "since", "since": today + timedelta(days=1)},
        "Cr": {"scope": "sessions", "with_photos": True, "with_triggers": True},
    }
    for role, scope in scopes.items():
        _link, code = care.invite(owner, f"carer {role}", **scope)
        link = care.accept(users[role], code)
        care.confirm(owner, link)
        links[role] = link
    care.end(owner, links["Cr"])
    care.mark_for_sessions(owner, glimmer)
    suggestion = care.suggest(users["Ci"], links["Ci"], "Notice one sound on your walk")
    from glimmers.accounts import sessions
    from glimmers.yourdata.models import ImportJob

    return World(
        token=create_token(owner, "olena's script")[0],
        session_ref=sessions.reference(browser.session.session_key),
        import_job=ImportJob.objects.create(
            owner=owner, file_name="none", format="glimmers", state=ImportJob.State.FAILED
        ),
        users=users,
        glimmer=glimmer,
        private=private,
        photo=photo,
        trigger=trigger,
        circle=circle,
        share=share,
        reply=reply,
        invite=invite,
        invite_code=invite_code,
        links=links,
        suggestion=suggestion,
        question=question,
        value=value,
        person=journal.add_named(owner, Person, "Nadia"),
        sense=sense,
        feed_secret=_reminders_of(owner),
    )


def _reminders_of(owner) -> str:
    """Olena's morning reminder by e-mail, and her calendar address (its secret)."""
    from glimmers.reminders import services as reminders

    reminders.save_choices(owner, morning_on=True, email="olena@example.org")
    return reminders.make_feed(owner)


# ---------------------------------------------------------------------------
# The routes, as the URL configuration and the API schema list them
# ---------------------------------------------------------------------------


def _web_routes(patterns=None, prefix: str = "", namespace: str | None = None):
    """(name, pattern) of every page; the API is walked through its schema instead."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if inner == "api":
                continue
            yield from _web_routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield (
                (f"{namespace}:{entry.name}" if namespace else entry.name),
                prefix + str(entry.pattern),
            )


def web_routes() -> dict[str, str]:
    return dict(_web_routes())


def api_routes() -> dict[str, str]:
    """ "METHOD /path" -> path, for every operation in the published schema."""
    schema = api.get_openapi_schema()
    found = {}
    for path, operations in schema["paths"].items():
        for method in operations:
            found[f"{method.upper()} {path.removeprefix('/api/v1')}"] = path
    return found


# ---------------------------------------------------------------------------
# Who may: the table
# ---------------------------------------------------------------------------

#                 O M F I Ci Co Cr S A
OWNER_ONLY = "y n n n n n n n l"  # olena's own things: everyone else 404
OWN_SIDE = "y s s s s s s s l"  # a page everyone signed in has, about their own things
PUBLIC = "s s s s s s s s s"  # open to all, about no one's things
NOT_OFFERED = "- - - - - - - - -"  # the verb is not offered (405, or sign-in first)
MEMBERS = "y y n n n n n n l"  # olena and sam, in the circle


def _word(letters: str) -> dict[str, str]:
    parts = letters.split()
    assert len(parts) == len(ROLES), letters
    return dict(zip(ROLES, parts, strict=True))


# name -> (GET, POST)
WEB: dict[str, tuple[str, str]] = {
    "healthz": (PUBLIC, NOT_OFFERED),
    # The installable app: the manifest and the service worker hold no one's words.
    "manifest": (PUBLIC, NOT_OFFERED),
    "service_worker": (PUBLIC, NOT_OFFERED),
    # Accounts: each person's own
    "tokens:list": (OWN_SIDE, OWN_SIDE),
    "tokens:revoke": (NOT_OFFERED, OWNER_ONLY),
    "accounts:welcome": (PUBLIC, PUBLIC),
    # Closed unless the host opens sign-up (GLIMMERS_OPEN_SIGNUP); invitations open their own way.
    "accounts:signup": ("n n n n n n n n n", "n n n n n n n n n"),
    "accounts:login": (PUBLIC, PUBLIC),
    "accounts:logout": (NOT_OFFERED, "y s s s s s s s s"),
    "accounts:password_change": (OWN_SIDE, OWN_SIDE),
    "accounts:password_changed": (OWN_SIDE, NOT_OFFERED),
    "accounts:preferences": (OWN_SIDE, OWN_SIDE),
    # The language switch at the foot of every page: this browser's, and one's own account's.
    "accounts:language": (NOT_OFFERED, "y s s s s s s s s"),
    "accounts:security": (OWN_SIDE, NOT_OFFERED),
    "accounts:confirm_password": (OWN_SIDE, OWN_SIDE),
    "accounts:end_other_sessions": (NOT_OFFERED, OWN_SIDE),
    "accounts:end_session": (NOT_OFFERED, OWNER_ONLY),
    "accounts:two_factor": (OWN_SIDE, NOT_OFFERED),
    "accounts:two_factor_setup": (OWN_SIDE, OWN_SIDE),
    # Only while one's own two-step set-up is under way; nobody's is, here.
    "accounts:two_factor_qr": ("n n n n n n n n l", NOT_OFFERED),
    "accounts:two_factor_off": (NOT_OFFERED, OWN_SIDE),
    "accounts:recovery_codes": (NOT_OFFERED, OWN_SIDE),
    "accounts:sign_in_code": (PUBLIC, PUBLIC),
    # Insights and your data: each person's own
    "insights:index": (OWN_SIDE, NOT_OFFERED),
    "insights:summary": (OWN_SIDE, NOT_OFFERED),
    "yourdata:delete_account": (OWN_SIDE, OWN_SIDE),
    "yourdata:export": (OWN_SIDE, NOT_OFFERED),
    "yourdata:export_download": (OWN_SIDE, NOT_OFFERED),
    "yourdata:export_pdf": (OWN_SIDE, NOT_OFFERED),
    "yourdata:import": (OWN_SIDE, OWN_SIDE),
    "yourdata:import_job": (OWNER_ONLY, NOT_OFFERED),
    "yourdata:import_confirm": (NOT_OFFERED, OWNER_ONLY),
    "yourdata:import_cancel": (NOT_OFFERED, OWNER_ONLY),
    # The practice
    "practice:today": (OWN_SIDE, NOT_OFFERED),
    "practice:set_intention": (NOT_OFFERED, OWN_SIDE),
    "practice:clear_intention": (NOT_OFFERED, OWN_SIDE),
    "practice:reflect": (OWN_SIDE, OWN_SIDE),
    "practice:reflections": (OWN_SIDE, NOT_OFFERED),
    "practice:prompts": (OWN_SIDE, OWN_SIDE),
    "practice:prompt_toggle": (NOT_OFFERED, OWN_SIDE),  # built-in prompts are everyone's
    "practice:skip_prompt": (NOT_OFFERED, OWN_SIDE),
    "practice:anchor": (OWNER_ONLY, OWNER_ONLY),
    "practice:trace": (OWN_SIDE, OWN_SIDE),
    "practice:hard_time": (OWN_SIDE, OWN_SIDE),
    "practice:menu": (OWN_SIDE, NOT_OFFERED),
    # Only about a suggestion the menu made to that very person; none was made here.
    "practice:decide": (NOT_OFFERED, "n n n n n n n n l"),
    "practice:grounding": (OWN_SIDE, NOT_OFFERED),
    "practice:question": (OWN_SIDE, OWN_SIDE),
    "practice:question_delete": (NOT_OFFERED, OWNER_ONLY),
    "practice:values": (OWN_SIDE, OWN_SIDE),
    "practice:value": (OWNER_ONLY, OWNER_ONLY),
    "practice:value_delete": (NOT_OFFERED, OWNER_ONLY),
    # The journal
    "journal:capture": (OWN_SIDE, OWN_SIDE),
    "journal:tally": (NOT_OFFERED, OWN_SIDE),
    # The phone's share sheet: shows a filled-in capture page and writes nothing.
    "journal:share": (OWN_SIDE, OWN_SIDE),
    "journal:timeline": (OWN_SIDE, NOT_OFFERED),
    "journal:on_this_day": (OWN_SIDE, NOT_OFFERED),
    "journal:detail": (OWNER_ONLY, NOT_OFFERED),
    "journal:edit": (OWNER_ONLY, OWNER_ONLY),
    "journal:delete": (OWNER_ONLY, OWNER_ONLY),
    "journal:add_photos": (NOT_OFFERED, OWNER_ONLY),
    "journal:photo": (OWNER_ONLY, NOT_OFFERED),
    "journal:photo_thumbnail": (OWNER_ONLY, NOT_OFFERED),
    "journal:delete_photo": (NOT_OFFERED, OWNER_ONLY),
    "journal:triggers": (OWN_SIDE, OWN_SIDE),
    "journal:trigger_edit": (OWNER_ONLY, OWNER_ONLY),
    "journal:trigger_delete": (OWNER_ONLY, OWNER_ONLY),
    "journal:own_words": (OWN_SIDE, OWN_SIDE),
    "journal:own_word_delete": (NOT_OFFERED, OWNER_ONLY),
    # Circles: olena keeps the circle, sam is in it
    "circles:index": (OWN_SIDE, NOT_OFFERED),
    "circles:new": (NOT_OFFERED, OWN_SIDE),
    "circles:join": (PUBLIC, "y y y y y y y y s"),
    # Anyone holding a fresh code may join with it (the code is the key); anonymous: sign up.
    "circles:join_code": (PUBLIC, "y y y y y y y y s"),
    "circles:share": (OWNER_ONLY, OWNER_ONLY),
    "circles:stop": (NOT_OFFERED, OWNER_ONLY),
    "circles:shared": (MEMBERS, MEMBERS),
    "circles:hide_reply": (NOT_OFFERED, OWNER_ONLY),  # the shared glimmer's owner
    "circles:take_back_reply": (NOT_OFFERED, "n y n n n n n n l"),  # the reply's writer
    "circles:circle": (MEMBERS, NOT_OFFERED),
    "circles:people": (MEMBERS, NOT_OFFERED),
    "circles:edit": (OWNER_ONLY, OWNER_ONLY),  # the keeper
    "circles:invite": (NOT_OFFERED, OWNER_ONLY),
    "circles:withdraw_invite": (NOT_OFFERED, OWNER_ONLY),
    "circles:remove": (NOT_OFFERED, OWNER_ONLY),
    "circles:hand_on": (NOT_OFFERED, OWNER_ONLY),
    "circles:leave": (MEMBERS, MEMBERS),
    "circles:close": (OWNER_ONLY, OWNER_ONLY),
    "circles:share_several": (MEMBERS, MEMBERS),
    "circles:photo": (MEMBERS, NOT_OFFERED),
    "circles:photo_thumbnail": (MEMBERS, NOT_OFFERED),
    # Care, the client's side: olena's own link with the carer in scope
    "care:index": (OWN_SIDE, NOT_OFFERED),
    "care:invite": (NOT_OFFERED, OWN_SIDE),
    "care:answer": (NOT_OFFERED, OWNER_ONLY),
    "care:for_sessions": (NOT_OFFERED, OWNER_ONLY),
    "care:confirm": (NOT_OFFERED, OWNER_ONLY),
    "care:scope": (OWNER_ONLY, OWNER_ONLY),
    "care:end": (OWNER_ONLY, OWNER_ONLY),
    "care:log": (OWNER_ONLY, NOT_OFFERED),
    "care:as_carer": (OWNER_ONLY, NOT_OFFERED),
    "care:as_carer_glimmers": (OWNER_ONLY, NOT_OFFERED),
    "care:as_carer_glimmer": (OWNER_ONLY, NOT_OFFERED),
    "care:as_carer_photo": (OWNER_ONLY, NOT_OFFERED),
    "care:as_carer_thumbnail": (OWNER_ONLY, NOT_OFFERED),
    "care:as_carer_triggers": (OWNER_ONLY, NOT_OFFERED),
    # Taking up an invitation: anyone holding a fresh code may try; only a carer's
    # account is taken (anyone else is told why); anonymous: sign in or make an account.
    "care:join": (PUBLIC, "y y y y y y y y s"),
    "care:join_code": (PUBLIC, "y y y y y y y y s"),
    # Care, the carer's side, each carer through their own link (anyone else: the one in scope)
    "care:clients": (OWN_SIDE, NOT_OFFERED),
    "care:client": ("n n n n y y n n l", NOT_OFFERED),
    "care:client_glimmers": ("n n n n y y n n l", NOT_OFFERED),
    "care:client_glimmer": ("n n n n y n n n l", NOT_OFFERED),
    "care:client_photo": ("n n n n y n n n l", NOT_OFFERED),
    "care:client_thumbnail": ("n n n n y n n n l", NOT_OFFERED),
    "care:client_triggers": ("n n n n y n n n l", NOT_OFFERED),
    "care:suggest": ("n n n n y y n n l", "n n n n y y n n l"),
    # Reminders: each person's own
    "reminders:preferences": (OWN_SIDE, OWN_SIDE),
    "reminders:quiet": (NOT_OFFERED, OWN_SIDE),
    "reminders:resume": (NOT_OFFERED, OWN_SIDE),
    "reminders:make_feed": (NOT_OFFERED, OWN_SIDE),
    "reminders:revoke_feed": (NOT_OFFERED, OWN_SIDE),
    "reminders:subscribe": (NOT_OFFERED, OWN_SIDE),
    "reminders:unsubscribe": (NOT_OFFERED, OWN_SIDE),
    # The calendar address is its own key (a calendar app has no session): whoever holds
    # olena's reads her reminder times and words, and nothing else; a wrong one is 404.
    "reminders:feed": (PUBLIC, NOT_OFFERED),
}

# "METHOD /path" -> who may (``l`` is 401 for the API: no token)
API: dict[str, str] = {
    # The journal
    "GET /glimmers": OWN_SIDE,
    "POST /glimmers": OWN_SIDE,
    "PUT /glimmers/{glimmer_id}": OWNER_ONLY,  # someone else's id is taken: 404
    "GET /glimmers/{glimmer_id}": OWNER_ONLY,
    "PATCH /glimmers/{glimmer_id}": OWNER_ONLY,
    "DELETE /glimmers/{glimmer_id}": OWNER_ONLY,
    "POST /glimmers/{glimmer_id}/photos": OWNER_ONLY,
    # The offline phone's create-once upload; olena's own id on her glimmer comes back as it is.
    "PUT /glimmers/{glimmer_id}/photos/{photo_id}": OWNER_ONLY,
    "GET /photos/{photo_id}": OWNER_ONLY,
    "DELETE /photos/{photo_id}": OWNER_ONLY,
    "GET /photos/{photo_id}/thumbnail": OWNER_ONLY,
    "GET /triggers": OWN_SIDE,
    "POST /triggers": OWN_SIDE,
    "GET /triggers/{trigger_id}": OWNER_ONLY,
    "PATCH /triggers/{trigger_id}": OWNER_ONLY,
    "DELETE /triggers/{trigger_id}": OWNER_ONLY,
    "GET /people": OWN_SIDE,
    "POST /people": OWN_SIDE,
    "GET /people/{row_id}": OWNER_ONLY,
    "PATCH /people/{row_id}": OWNER_ONLY,
    "DELETE /people/{row_id}": OWNER_ONLY,
    "GET /values": OWN_SIDE,
    "POST /values": OWN_SIDE,
    "GET /values/{row_id}": OWNER_ONLY,
    "PATCH /values/{row_id}": OWNER_ONLY,
    "DELETE /values/{row_id}": OWNER_ONLY,
    "GET /senses": OWN_SIDE,
    "GET /body-cues": OWN_SIDE,
    # The practice
    "GET /today": OWN_SIDE,
    "GET /prompts/today": OWN_SIDE,
    "POST /prompts/today/skip": OWN_SIDE,
    "GET /intentions": OWN_SIDE,
    "PUT /intentions/{day}": OWN_SIDE,
    "DELETE /intentions/{day}": OWNER_ONLY,  # only olena set one that day
    "GET /reflections": OWN_SIDE,
    "PUT /reflections/{day}": OWN_SIDE,
    "GET /export": OWN_SIDE,
    # Circles
    "GET /circles": OWN_SIDE,
    "GET /circles/{circle_id}": MEMBERS,
    "POST /circles/{circle_id}/looked": MEMBERS,
    "GET /circles/{circle_id}/glimmers": MEMBERS,
    "GET /circles/{circle_id}/photos/{photo_id}": MEMBERS,
    "GET /circles/{circle_id}/photos/{photo_id}/thumbnail": MEMBERS,
    "GET /shares/{share_id}": MEMBERS,
    "GET /glimmers/{glimmer_id}/shares": OWNER_ONLY,
    "PUT /glimmers/{glimmer_id}/shares/{circle_id}": OWNER_ONLY,
    "DELETE /glimmers/{glimmer_id}/shares/{circle_id}": OWNER_ONLY,
    # Care: the carer's reads, each carer through their own link
    "GET /care/clients": OWN_SIDE,
    "GET /care/clients/{link_id}": "n n n n y y n n l",
    "GET /care/clients/{link_id}/glimmers": "n n n n y y n n l",
    "GET /care/clients/{link_id}/glimmers/{glimmer_id}": "n n n n y n n n l",
    "GET /care/clients/{link_id}/photos/{photo_id}": "n n n n y n n n l",
    "GET /care/clients/{link_id}/photos/{photo_id}/thumbnail": "n n n n y n n n l",
    "GET /care/clients/{link_id}/triggers": "n n n n y n n n l",
    # Care: the client's own
    "GET /care/links": OWN_SIDE,
    "GET /care/reads": OWN_SIDE,
}


# ---------------------------------------------------------------------------
# Filling in a route: ids, and what is sent
# ---------------------------------------------------------------------------


def _fresh_circle_code(world: World) -> str:
    return circles.invite(world.users["O"], world.circle)[1]


def web_kwargs(name: str, pattern: str, world: World, role: str) -> dict:
    """The ids a route's pattern asks for, from the world (per visitor where it matters)."""
    ids = {
        "glimmer_id": world.glimmer.pk,
        "photo_id": world.photo.pk,
        "trigger_id": world.trigger.pk,
        "circle_id": world.circle.pk,
        "share_id": world.share.pk,
        "reply_id": world.reply.pk,
        "invite_id": world.invite.pk,
        "user_id": world.users["M"].pk,
        "answer_id": world.question.pk,
        "value_id": world.value.pk,
        "prompt_id": 1,
        "category": "evening",
        "kind": "sense",
        "word_id": world.sense.pk,
        "token_id": world.token.pk,
        "ref": world.session_ref,
        "job_id": world.import_job.pk,
        "suggestion_id": world.suggestion.pk,
        "secret": world.feed_secret,
    }
    # A carer's pages are reached through their own link; anyone else tries the one in scope.
    ids["link_id"] = world.links.get(role, world.links["Ci"]).pk
    if name.startswith("care:") and not name.startswith("care:client") and name != "care:suggest":
        ids["link_id"] = world.links["Ci"].pk  # the client's own pages about that link
    if name == "circles:join_code":
        ids["code"] = _fresh_circle_code(world)
    elif name == "care:join_code":
        ids["code"] = _fresh_care_code(world)
    wanted = re.findall(r"<(?:\w+:)?(\w+)>", pattern)
    return {key: ids[key] for key in wanted}


def _fresh_care_code(world: World) -> str:
    return care.invite(world.users["O"], "a new carer")[1]


def payload(world: World, name: str) -> dict:
    """One form that would change something on most pages, were the guard not there."""
    code = ""
    if name == "circles:join":
        code = _fresh_circle_code(world)
    elif name == "care:join":
        code = _fresh_care_code(world)
    return {
        "code": code,
        "kind": "tag" if name == "practice:decide" else "sense",
        "key": "sight",
        "accept": "1",
        "decision": "dismiss",
        "text": "Overwritten by someone",
        "name": "Overwritten by someone",
        "description": "Overwritten",
        "noticed": "Overwritten by someone",
        "answer": "tried",
        "label": "Overwritten",
        "note": "Overwritten",
        "circles": [str(world.circle.pk)],
        "glimmers": [str(world.glimmer.pk)],
        "with_photos": "on",
        "with_people": "on",
        "join": "1",
        "confirm": "1",
        "scope": "since",
        "since": "2000-01-01",
        "with_triggers": "on",
    }


def snapshot() -> dict:
    """Everything of olena's a visitor could change, read straight from the tables."""
    from glimmers.accounts.models import AccessToken, Session, User
    from glimmers.care.models import CareLink, ForSessions, Suggestion
    from glimmers.circles.models import Circle, Invite, Membership, Reply, Share
    from glimmers.journal.models import Photo, Trigger
    from glimmers.practice.models import QuestionAnswer, Reflection

    olena = User.objects.get(username="olena")
    theirs = Circle.objects.filter(memberships__user=olena) | Circle.objects.filter(owner=olena)
    theirs = Circle.objects.filter(pk__in=theirs.values("pk"))
    return {
        "olena": (olena.password, olena.time_zone, olena.is_active, olena.is_carer),
        "glimmers": sorted(Glimmer.objects.filter(owner=olena).values_list("id", "text", "place")),
        "photos": sorted(Photo.objects.filter(owner=olena).values_list("id", flat=True)),
        "triggers": sorted(Trigger.objects.filter(owner=olena).values_list("id", "text")),
        "reflections": sorted(Reflection.objects.filter(owner=olena).values_list("id", "answer")),
        "answers": sorted(QuestionAnswer.objects.filter(owner=olena).values_list("id", flat=True)),
        "values": sorted(Value.objects.filter(owner=olena).values_list("id", "name")),
        "senses": sorted(Sense.objects.filter(owner=olena).values_list("id", flat=True)),
        "circles": sorted(theirs.values_list("id", "name", "owner_id")),
        "members": sorted(
            Membership.objects.filter(circle__in=theirs).values_list("circle_id", "user_id")
        ),
        "invites": sorted(
            Invite.objects.filter(circle__in=theirs).values_list("id", "withdrawn_at", "used_at")
        ),
        "shares": sorted(
            Share.objects.filter(circle__in=theirs).values_list("id", "with_photos", "with_people")
        ),
        "replies": sorted(
            Reply.objects.filter(share__circle__in=theirs).values_list("id", "noticed", "hidden_at")
        ),
        "links": sorted(
            CareLink.objects.filter(owner=olena).values_list(
                "id", "status", "scope", "since", "with_triggers", "carer_id"
            )
        ),
        "for_sessions": sorted(
            ForSessions.objects.filter(owner=olena).values_list("glimmer_id", flat=True)
        ),
        "suggestions": sorted(
            Suggestion.objects.filter(owner=olena).values_list("id", "text", "answer")
        ),
        "tokens": sorted(AccessToken.objects.filter(owner=olena).values_list("id", "revoked_at")),
        "sessions": Session.objects.filter(user=olena).count(),
        "reminders": _olenas_reminders(olena),
    }


def _olenas_reminders(olena) -> tuple:
    from glimmers.reminders.models import CalendarFeed, PushSubscription, ReminderSettings

    chosen = ReminderSettings.objects.filter(owner=olena)
    return (
        sorted(chosen.values_list("morning_on", "morning_from", "email", "paused_until")),
        sorted(CalendarFeed.objects.filter(owner=olena).values_list("secret_hash", flat=True)),
        sorted(PushSubscription.objects.filter(owner=olena).values_list("endpoint", flat=True)),
    )


# ---------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------

# Those who may only fail go first, so that a write someone may make (sam leaving,
# olena closing the circle) comes after every visitor who must change nothing.
ORDER = ("A", "S", "I", "F", "Cr", "Co", "Ci", "M", "O")


def test_every_page_is_in_the_table():
    routes = set(web_routes())
    assert sorted(routes - set(WEB)) == [], "new pages: say who may use them in WEB"
    assert sorted(set(WEB) - routes) == [], "pages that are gone: take them out of WEB"


def test_every_api_operation_is_in_the_table():
    operations = set(api_routes())
    assert sorted(operations - set(API)) == [], "new operations: say who may use them in API"
    assert sorted(set(API) - operations) == [], "operations that are gone: take them out of API"


def _body(response) -> str:
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    return raw.decode("utf-8", errors="ignore")


def _leaks(body: str, role: str) -> list[str]:
    if role == "O":
        return []
    return [words for words, readers in MARKERS.items() if words in body and role not in readers]


def _check(letter: str, role: str, response, before: dict, *, api_call: bool) -> None:
    status = response.status_code
    where = f"{role} got {status}"
    assert status < 500, where
    assert status != 403, f"{where}: refusals are 404, never 403"
    if letter == "y":
        assert status not in (401, 404), where
        return
    if letter == "s":
        assert status not in (401, 404), where
    elif letter == "n":
        assert status == 404, where
    elif letter == "l":
        if api_call:
            assert status == 401, where
        else:
            assert status == 302, where
            assert response["Location"].startswith("/accounts/login/"), where
    elif letter == "-":
        pass  # 405, or the page answered as a read; either way nothing may change
    else:  # pragma: no cover - a typo in the table
        raise AssertionError(f"unknown letter {letter!r}")
    assert snapshot() == before, f"{role} changed something of olena's"


def _web_client(world: World, role: str) -> Client:
    return Client() if role == "A" else _signed_in(world.users[role])


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(WEB))
def test_who_may_use_each_page(db, name, method):
    world = build_world()
    pattern = web_routes()[name]
    letters = _word(WEB[name][0 if method == "get" else 1])
    for role in ORDER:
        url = reverse(name, kwargs=web_kwargs(name, pattern, world, role))
        client = _web_client(world, role)
        sent = payload(world, name) if method == "post" else None
        before = snapshot()
        response = client.get(url) if sent is None else client.post(url, sent)
        leaked = _leaks(_body(response), role)
        assert leaked == [], f"{role} read olena's words at {url}: {leaked}"
        _check(letters[role], role, response, before, api_call=False)


def _api_client(world: World, role: str):
    from tests.api.conftest import ApiClient

    if role == "A":
        return ApiClient()
    return ApiClient(create_token(world.users[role], f"matrix {role}")[1])


def api_path(path: str, world: World, role: str) -> str:
    ids = {
        "glimmer_id": world.glimmer.pk,
        "photo_id": world.photo.pk,
        "trigger_id": world.trigger.pk,
        "row_id": (world.person if path.startswith("/people") else world.value).pk,
        "day": local_today(world.users["O"]).isoformat(),
        "circle_id": world.circle.pk,
        "share_id": world.share.pk,
        "reply_id": world.reply.pk,
        "link_id": world.links.get(role, world.links["Ci"]).pk,
        "suggestion_id": world.suggestion.pk,
    }
    filled = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
    return filled.removeprefix("/api/v1")


API_BODY = {
    "text": "Overwritten by someone",
    "name": "Overwritten by someone",
    "answer": "Overwritten by someone",
    "with_photos": True,
    "with_people": True,
}


@pytest.mark.parametrize("operation", sorted(API))
def test_who_may_use_each_api_operation(db, operation):
    from django.core.cache import cache

    cache.clear()
    world = build_world()
    method, path = operation.split(" ", 1)
    letters = _word(API[operation])
    for role in ORDER:
        client = _api_client(world, role)
        before = snapshot()
        where = api_path(path, world, role)
        if operation == "POST /glimmers/{glimmer_id}/photos":
            response = client.upload(where, upload())
        elif operation == "PUT /glimmers/{glimmer_id}/photos/{photo_id}":
            response = client.put_upload(where, upload())
        else:
            response = client.call(method.lower(), where, API_BODY)
        assert _leaks(_body(response), role) == [], f"{role} read olena's words at {operation}"
        _check(letters[role], role, response, before, api_call=True)
