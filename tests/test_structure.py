"""The shape of the code that no single behaviour test would notice drifting.

Migrations are frozen: a migration that imports SQL, data or functions from the
app's live modules would change what it does whenever those modules change, so
a database made from zero today and one migrated a year ago would differ. Each
migration keeps its own copy of what it runs; it may import Django, the
standard library and its own app's (equally frozen) migrations.

Imports point down: accounts (the base every app stands on) never imports the
journal, which tells it of a new time zone through a signal; services and
queries never import forms or views, the layer above them that calls them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "glimmers"
MIGRATIONS = sorted(SRC.glob("*/migrations/0*.py"))

# References Django's makemigrations writes into an initial migration: a field's
# validators and upload_to are stored as the dotted path of the live function,
# and must stay so, or makemigrations would see a change in every model. They
# hold no SQL or data, and a renamed function fails the migration loudly rather
# than changing what it does.
FIELD_REFERENCES = {
    "accounts/migrations/0001_initial.py": {
        "glimmers.accounts.models": {"validate_time_zone"},
    },
    "journal/migrations/0001_initial.py": {
        "glimmers.journal.models": {"validate_not_in_future", "photo_path"},
    },
}


def _dotted(node: ast.AST) -> str | None:
    """'a.b.c' for an attribute chain a.b.c, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module a file imports, wherever the import is (functions too)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # "from a.b import c": a.b, and a.b.c in case c is a module.
            module = "." * node.level + (node.module or "")
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and _dotted(node.func) in {"importlib.import_module", "import_module", "__import__"}
            and node.args
        ):
            argument = node.args[0]
            name = argument.value if isinstance(argument, ast.Constant) else "<not a constant>"
            found.append((node.lineno, str(name)))
    return found


def _problems(relative: str, source: str) -> list[str]:
    """What in ``source`` (the file at ``relative``, under src/glimmers) reaches live app code."""
    app = relative.split("/")[0]
    own_migrations = f"glimmers.{app}.migrations"
    allowed_references = FIELD_REFERENCES.get(relative, {})
    tree = ast.parse(source, filename=relative)
    problems = []
    for line, module in _imports(tree):
        if module.startswith(".") or not module.startswith("glimmers"):
            continue  # Django, the standard library, or a relative import
        if module == own_migrations or module.startswith(own_migrations + "."):
            continue
        if module in allowed_references:
            continue  # checked name by name below
        problems.append(f"{relative}:{line} imports {module}")
    for node in ast.walk(tree):
        dotted = _dotted(node) if isinstance(node, ast.Attribute) else None
        if dotted is None or not dotted.startswith("glimmers."):
            continue
        module, _, name = dotted.rpartition(".")
        if module in allowed_references and name not in allowed_references[module]:
            problems.append(f"{relative}:{node.lineno} uses {dotted}")
    return problems


def _relative(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def test_there_are_migrations_to_check():
    assert len(MIGRATIONS) >= 15
    for name in FIELD_REFERENCES:
        assert (SRC / name).exists(), name


@pytest.mark.parametrize("path", MIGRATIONS, ids=_relative)
def test_a_migration_imports_no_live_app_code(path):
    assert _problems(_relative(path), path.read_text()) == []


def test_the_check_catches_each_way_of_reaching_app_code():
    cases = {
        "from glimmers.journal.search import SCHEMA": True,
        "def f():\n    from glimmers.journal.models import local_time": True,
        "import glimmers.journal.counts": True,
        "import importlib\nimportlib.import_module('glimmers.practice.prompt_library')": True,
        "from glimmers.journal.migrations import x": False,
        "import importlib\nimportlib.import_module('glimmers.journal.migrations.0003_x')": False,
        "from django.db import migrations\nimport zoneinfo": False,
    }
    for source, caught in cases.items():
        assert bool(_problems("journal/migrations/0999_probe.py", source)) is caught, source
    # In an initial migration, only the named field references are let through.
    initial = "journal/migrations/0001_initial.py"
    assert (
        _problems(initial, "import glimmers.journal.models\nglimmers.journal.models.photo_path")
        == []
    )
    assert _problems(initial, "import glimmers.journal.models\nglimmers.journal.models.local_time")


def _app_imports(path: Path) -> list[tuple[int, str]]:
    return [
        (line, module)
        for line, module in _imports(ast.parse(path.read_text(), filename=str(path)))
        if module.startswith("glimmers")
    ]


def test_accounts_imports_nothing_from_the_journal():
    found = [
        f"{_relative(path)}:{line} imports {module}"
        for path in sorted((SRC / "accounts").rglob("*.py"))
        for line, module in _app_imports(path)
        if module.startswith("glimmers.journal")
    ]
    assert found == []


def test_services_and_queries_import_no_forms_or_views():
    found = [
        f"{_relative(path)}:{line} imports {module}"
        for path in sorted([*SRC.glob("*/services.py"), *SRC.glob("*/queries.py")])
        for line, module in _app_imports(path)
        if {"forms", "views"} & set(module.split("."))
    ]
    assert found == []


def test_every_database_trigger_is_there_after_migrating(db):
    """Search and monthly counts live in triggers a table rebuild would drop."""

    from django.db import connection

    from glimmers.journal import counts, search

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            expected = {
                re.search(r"CREATE TRIGGER IF NOT EXISTS (\w+)", statement).group(1)
                for statement in [*search.SQLITE_TRIGGERS, *counts.SQLITE_TRIGGERS]
            }
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            expected = {f"{table}_count" for table in counts.COUNTED}
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        found = {name for (name,) in cursor.fetchall()}
    assert len(expected) >= 4
    assert expected <= found


def test_the_models_and_the_migrations_agree(db):
    # A model changed without its migration (or a migration edited by hand so that it
    # no longer makes what the models say) would be found by the next person's
    # `makemigrations`; here it is found at once.
    import io

    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as stopped:
        pytest.fail(f"models and migrations differ (exit {stopped.code}):\n{out.getvalue()}")
