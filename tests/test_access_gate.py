"""No read of personal data goes around glimmers/access.py.

Every read of a person's rows starts from ``access.owned`` / ``get_owned`` /
``usable`` (or another function of that module), so that who may see what is
decided in one place. This test reads the source of every module under
src/glimmers (migrations aside, and access.py itself) and fails, naming
file:line, for anything that could read personal rows without it:

- ``<PersonalModel>.objects`` (or ``….through.objects``, or a model passed in
  as ``model``/``type(row)``), except to write: ``create``, ``bulk_create``,
  ``bulk_update``, ``get_or_create``, ``update_or_create``;
- ``_base_manager`` / ``_default_manager``;
- raw SQL: ``.raw(``, ``.extra(``, ``cursor(``, ``RawSQL(``;
- ``get_object_or_404`` / ``get_list_or_404`` (they skip access's 404 rule).

A personal model is any installed model with an ``owner`` or ``user`` field
pointing at the account model (asked of Django, so a new one is covered the day
it is added). The few places that must do one of these anyway are listed in
ALLOWED, by file and function, each with why; raw SQL that reads personal rows
names the docs/decisions.md section that measured its need.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "glimmers"
DECISIONS = ROOT / "docs" / "decisions.md"

WRITES = {"create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
MANAGERS = {"_base_manager", "_default_manager"}
RAW_METHODS = {"raw", "extra", "cursor"}
RAW_FUNCTIONS = {"RawSQL", "get_object_or_404", "get_list_or_404"}
# Names under which a model handed in from elsewhere is used (``model.objects``).
PASSED_IN = {"model", "through", "type()"}

# What the issue names as personal data; the registry must find at least these.
EXPECTED_PERSONAL = {
    "Glimmer",
    "Photo",
    "Trigger",
    "Person",
    "Value",
    "Tag",
    "Sense",
    "BodyCue",
    "GlimmerSense",
    "GlimmerPerson",
    "GlimmerValue",
    "GlimmerTag",
    "MonthlyCount",
    "Prompt",
    "HiddenPrompt",
    "PromptShown",
    "Intention",
    "Reflection",
    "QuestionAnswer",
    "MenuChoice",
    "SecurityEvent",
    "TwoFactor",
    "RecoveryCode",
    "Session",
    "AccessToken",
}

# "file::function" -> (why, the docs/decisions.md section that measured the need,
# or None where nothing personal is read for a viewer). Keep it short: a new
# entry needs a reason a reviewer would accept, and a measured one a figure.
ALLOWED: dict[str, tuple[str, str | None]] = {
    # Raw SQL on the capture path, measured.
    "accounts/tokens.py::_active": (
        "finds a token by its secret's hash before there is a viewer (authentication)",
        "The capture path reads with plain SQL in three places",
    ),
    "journal/services.py::_find_named": (
        "runs the SQL compiled once from owned(model, …).named(): access's rule, not a copy",
        "The capture path reads with plain SQL in three places",
    ),
    "glimmers/sqlrows.py::insert": (
        "inserts a new glimmer's links in one statement (a write)",
        "The capture path reads with plain SQL in three places",
    ),
    # Search: the words' match, always narrowing an owned() queryset.
    "journal/search.py::matching": (
        "the full-text match as a filter of a queryset the caller got from owned()",
        "Full-text search on both databases",
    ),
    "journal/search.py::_keyed_matches": (
        "walks FTS5 newest first within access.owner_ids(viewer); ids then narrow owned()",
        "Search walks the matches newest first",
    ),
    # Not a read of anyone's rows for a viewer.
    "glimmers/views.py::healthz": ("SELECT 1: is the database there", None),
    "journal/search.py::ensure_sqlite_triggers": ("DDL: the search index's triggers", None),
    "journal/counts.py::recount": ("derived data: counts everyone's months afresh", None),
    "journal/counts.py::ensure_sqlite_triggers": ("DDL: the monthly counts' triggers", None),
    "journal/services.py::_hold_photo_lock": ("PostgreSQL advisory lock, no rows", None),
    "glimmers/db.py::writing": ("PostgreSQL advisory lock, no rows", None),
    "journal/services.py::sweep_photo_files": (
        "start-up sweep: every account's photo files against their rows, for nobody",
        None,
    ),
    "journal/services.py::photos_missing_files": ("operator's check over every photo", None),
    "journal/demo.py::seed_demo": ("ANALYZE after seeding", None),
    "journal/demo.py::_roomy_sqlite_cache": ("PRAGMA cache_size while seeding", None),
    "journal/demo.py::_Writer._ids": (
        "seed-demo reads back the ids of names it just inserted for many demo accounts",
        None,
    ),
    "journal/demo.py::insert": ("seed-demo's bulk INSERT/COPY (a write)", None),
    "accounts/sessions.py::SessionStore.touch": (
        "the session store updates the session found by its secret key",
        None,
    ),
    "accounts/sessions.py::SessionStore.clear_expired": (
        "`glimmers clearsessions`: removes everyone's ended sessions",
        None,
    ),
    "accounts/security_log.py::prune": ("removes everyone's log lines past their age", None),
    "journal/search.py::forget_deleted_words": (
        "deleting an account: FTS5 'optimize' merges away the deleted words (no rows read)",
        None,
    ),
    "yourdata/deletion/services.py::checkpoint_sqlite": (
        "deleting an account: PRAGMA wal_checkpoint(TRUNCATE) (no rows read)",
        None,
    ),
    "accounts/throttle.py::_known_address": (
        "before sign-in: has this account signed in from this address? (yes/no only)",
        None,
    ),
}


def personal_models() -> set[str]:
    found = set()
    for model in apps.get_models():
        for name in ("owner", "user"):
            try:
                field = model._meta.get_field(name)
            except Exception:  # noqa: S112 - no such field
                continue
            related = getattr(field, "related_model", None)
            if related is not None and related._meta.label == settings.AUTH_USER_MODEL:
                found.add(model.__name__)
    return found


def _receiver(node: ast.AST) -> str | None:
    """What ``.objects`` is asked of: a model's name, or how a passed-in one is named."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr  # models.Glimmer -> Glimmer; Glimmer.tags.through -> through
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "type":
        return "type()"
    return None


def _place(path: Path) -> str:
    relative = path.relative_to(SRC)
    return str(relative) if len(relative.parts) > 1 else f"glimmers/{relative}"


def _scopes(tree: ast.Module) -> dict[ast.AST, str]:
    """Each node's enclosing function or class, as "Class.function"."""
    scope_of: dict[ast.AST, str] = {}

    def visit(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = f"{scope}.{child.name}" if scope else child.name
            scope_of[child] = inner
            visit(child, inner)

    visit(tree, "")
    return scope_of


def found_in(source: str, place: str, personal: set[str]) -> list[tuple[str, int, str]]:
    """(file::function, line, what) for every read in ``source`` that skips access."""
    tree = ast.parse(source)
    scope_of = _scopes(tree)
    parent = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            receiver = _receiver(node.value)
            above = parent.get(node)
            writes = isinstance(above, ast.Attribute) and above.attr in WRITES
            if receiver in personal | PASSED_IN and not writes:
                what = f"{receiver}.objects"
        elif isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            what = node.attr
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in RAW_METHODS:
                what = f".{func.attr}()"
            elif isinstance(func, ast.Name) and func.id in RAW_FUNCTIONS:
                what = f"{func.id}()"
        if what:
            found.append((f"{place}::{scope_of.get(node, '')}", node.lineno, what))
    return found


def findings(personal: set[str]) -> list[tuple[str, int, str]]:
    """Every read under src/glimmers that skips access (migrations and access.py aside)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts or path == SRC / "access.py":
            continue
        found += found_in(path.read_text(), _place(path), personal)
    return found


def test_the_registry_knows_every_personal_model():
    assert personal_models() >= EXPECTED_PERSONAL


def test_no_read_of_personal_data_bypasses_access():
    stray = [
        f"src/glimmers/{place.split('::')[0].removeprefix('glimmers/')}:{line}: {what} "
        f"in {place.split('::')[1] or 'the module'}"
        for place, line, what in findings(personal_models())
        if place not in ALLOWED
    ]
    assert not stray, (
        "These read around glimmers/access.py; start from access.owned/get_owned/usable "
        "(or add a rule there), or add the place to ALLOWED with why:\n" + "\n".join(stray)
    )


def test_every_allowed_place_is_still_needed():
    used = {place for place, _line, _what in findings(personal_models())}
    assert not set(ALLOWED) - used, "no longer needed; remove from ALLOWED"


@pytest.mark.parametrize("place", sorted(p for p, (_why, s) in ALLOWED.items() if s))
def test_measured_raw_sql_names_its_decision(place):
    _why, section = ALLOWED[place]
    headings = re.findall(r"^#+ (.+)$", DECISIONS.read_text(), flags=re.MULTILINE)
    assert section in headings, f"{place}: docs/decisions.md has no section {section!r}"


def test_the_gate_sees_each_way_around_access():
    source = """
from glimmers.journal import models
from glimmers.journal.models import Glimmer, Tag

def page(user, pk):
    Glimmer.objects.filter(owner=user)
    models.Tag.objects.get(pk=pk)
    Glimmer.tags.through.objects.all()
    Glimmer._default_manager.all()
    get_object_or_404(Glimmer, pk=pk, owner=user)
    connection.cursor()
    Glimmer.objects.raw("SELECT * FROM journal_glimmer")
    RawSQL("1", [])

class Store:
    def load(self, model):
        return model.objects.first()

def write(user):
    Glimmer.objects.create(owner=user)
    Tag.objects.update_or_create(owner=user, name="sea")
    get_user_model().objects.filter(username="olena")
"""
    found = found_in(source, "x.py", {"Glimmer", "Tag"})
    lines = sorted(line for _place, line, _what in found)
    assert lines == [6, 7, 8, 9, 10, 11, 12, 12, 13, 17], found
    assert ("x.py::Store.load", 17, "model.objects") in found
    assert ("x.py::page", 9, "_default_manager") in found


# ---------------------------------------------------------------------------
# The rule itself, and the reads this gate moved onto it
# ---------------------------------------------------------------------------


def test_an_anonymous_visitor_sees_nothing_personal_and_only_built_in_words(db, owner):
    from django.contrib.auth.models import AnonymousUser

    from glimmers import access
    from glimmers.journal.models import Glimmer, Sense
    from tests.factories import make_glimmer

    make_glimmer(owner, "Mine")
    Sense.objects.create(owner=owner, slug="warmth", name="warmth")
    for nobody in (None, AnonymousUser()):
        assert not access.owned(Glimmer, nobody).exists()
        assert access.owner_ids(nobody) == []
        assert not access.usable(Sense, nobody).filter(owner__isnull=False).exists()
        assert access.usable(Sense, nobody).filter(slug="sight").exists()
    assert access.usable(Sense, owner).filter(slug="warmth").exists()


def test_account_rows_are_owned_through_their_user_field(owner, other):
    from glimmers import access
    from glimmers.accounts import security_log
    from glimmers.accounts.models import SecurityEvent

    assert access.owner_field(SecurityEvent).name == "user"
    security_log.record(owner, security_log.Kind.TOKEN_CREATED, detail="mine")
    security_log.record(other, security_log.Kind.TOKEN_CREATED, detail="theirs")
    assert [e.detail for e in access.owned(SecurityEvent, owner)] == ["mine"]
    assert [e.detail for e in security_log.recent(other)] == ["theirs"]


def test_a_client_chosen_id_is_free_own_or_taken(owner, stranger):
    import uuid

    from glimmers.access import Claim, claim
    from glimmers.journal.models import Glimmer
    from tests.factories import make_glimmer

    glimmer = make_glimmer(owner, "Mine")
    assert claim(Glimmer, owner, glimmer.pk) is Claim.OWN
    assert claim(Glimmer, stranger, glimmer.pk) is Claim.TAKEN
    assert claim(Glimmer, None, glimmer.pk) is Claim.TAKEN
    assert claim(Glimmer, stranger, uuid.uuid4()) is Claim.FREE


def test_a_stranger_filtering_by_the_owners_words_finds_only_their_own(owner, stranger):
    from glimmers.journal import queries
    from glimmers.journal.models import Value
    from tests.factories import make_glimmer

    make_glimmer(owner, "Owner's morning #sea", new_values=["Calm"])
    make_glimmer(stranger, "Stranger's evening #sea")
    calm = Value.objects.get(owner=owner)

    def texts(user, **wanted):
        page = queries.timeline_page(user, queries.JournalFilter(**wanted))
        return [g.text for g in page.items]

    assert texts(stranger, tag="sea") == ["Stranger's evening #sea"]
    assert texts(owner, tag="#SEA") == ["Owner's morning #sea"]
    assert texts(stranger, value=calm.pk) == []
    assert texts(owner, value=calm.pk) == ["Owner's morning #sea"]
    assert texts(stranger, q="morning") == []
    assert texts(stranger, q="sea") == ["Stranger's evening #sea"]


def test_a_stranger_asking_the_api_for_the_owners_tag_gets_only_their_own(owner, stranger):
    from tests.api.conftest import ApiClient, token_for
    from tests.factories import make_glimmer

    make_glimmer(owner, "Owner's morning #sea")
    response = ApiClient(token_for(stranger)).get("/glimmers", {"tag": "sea"})
    assert response.status_code == 200
    assert response.json()["items"] == []
    response = ApiClient(token_for(stranger)).get("/glimmers", {"q": "morning"})
    assert response.json()["items"] == []


def test_a_stranger_cannot_put_over_the_owners_glimmer(owner, stranger):
    from glimmers.journal.models import Glimmer
    from tests.api.conftest import ApiClient, token_for
    from tests.factories import make_glimmer

    glimmer = make_glimmer(owner, "Mine")
    response = ApiClient(token_for(stranger)).put(f"/glimmers/{glimmer.pk}", {"text": "Theirs"})
    assert response.status_code == 404
    assert Glimmer.objects.get(pk=glimmer.pk).text == "Mine"
    assert not Glimmer.objects.filter(owner=stranger).exists()
