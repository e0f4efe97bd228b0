"""Run by test_delete_account.py in its own data folder (tests/own_database.py).

Fills one account with a canary word in every place a person writes (a
glimmer, a hard moment, a reflection, an intention, a person's name, a tag,
a photo's words, a prompt of their own…) and a neighbour with their own
glimmers and photo; deletes the first account the way a host would, with
`glimmers delete-account --user … --yes` in a process of its own; then checks
what is left in the database. Prints JSON; the test reads the folder's files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path


def _personal_rows_of(user_id: int) -> dict[str, int]:
    """Rows of every personal model (owner or user field) that still name ``user_id``."""
    from django.apps import apps
    from django.conf import settings

    left = {}
    for model in apps.get_models():
        for name in ("owner", "user"):
            try:
                field = model._meta.get_field(name)
            except Exception:  # noqa: S112 - no such field
                continue
            if not field.concrete or getattr(field, "related_model", None) is None:
                continue
            if field.related_model._meta.label != settings.AUTH_USER_MODEL:
                continue
            n = model._base_manager.filter(**{f"{name}_id": user_id}).count()
            if n:
                left[model._meta.label] = n
    return left


def _files_with(root: Path, needles: list[bytes]) -> list[str]:
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    )


def main(canary: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, connections

    call_command("migrate", interactive=False, verbosity=0)

    from glimmers.accounts import security_log, tokens
    from glimmers.accounts.models import FailedAttempt, SecurityEvent, Session
    from glimmers.accounts.sessions import SessionStore
    from glimmers.journal import queries, search
    from glimmers.journal import services as journal
    from glimmers.journal.models import Glimmer, Person, Photo, Sense
    from glimmers.journal.photos import clean_photo
    from glimmers.practice import services as practice
    from tests.factories import make_glimmer, make_trigger, make_user, upload

    keeper = make_user("keeper")
    neighbour = make_user("neighbour")

    # The canary, everywhere a person writes.
    glimmer = journal.save_glimmer(
        keeper,
        {
            "text": f"Light on the wall, {canary} #{canary}",
            "gratitude": f"thanks {canary}",
            "place": f"{canary} kitchen",
            "new_people": [canary.capitalize()],
            "new_values": [f"{canary} calm"],
        },
        photos=[clean_photo(upload())],
    )
    for _ in range(30):  # more of their words around it, as in a real journal
        make_glimmer(keeper, "The kettle singing, a warm cup")
    Photo.objects.filter(glimmer=glimmer).update(alt_text=f"a photo of {canary}")
    make_trigger(keeper, f"A slammed door, {canary}")
    practice.save_reflection(keeper, date.today(), answer=f"What softened me: {canary}")
    practice.set_intention(keeper, date.today(), text=f"look for {canary}")
    practice.add_prompt(keeper, "evening", f"Where was the {canary} today?")
    practice.answer_question(keeper, date.today(), prompt=None, likelihood=6, body_notice=canary)
    journal.add_own_word(keeper, Sense, f"{canary} sense")
    tokens.create_token(keeper, f"{canary} phone")
    security_log.record(keeper, SecurityEvent.Kind.SIGNED_IN, None)
    session = SessionStore()
    session["_auth_user_id"] = str(keeper.pk)
    session.create()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from glimmers.yourdata.importing import staging

    # A file left waiting on the import page, never confirmed.
    staging.stage(keeper, SimpleUploadedFile("journal.txt", f"2024-01-02 09:00 {canary}".encode()))
    FailedAttempt.objects.create(key="login:account:keeper")
    FailedAttempt.objects.create(key=f"login:device:{keeper.pk}:abc123")
    FailedAttempt.objects.create(key="login:account:neighbour")

    # The neighbour's own journal, which must stay whole.
    theirs = journal.save_glimmer(
        neighbour, {"text": "Sea air at dusk, driftwoodword"}, photos=[clean_photo(upload())]
    )
    their_files = [
        name
        for photo in Photo.objects.filter(owner=neighbour)
        for name in (photo.image.name, photo.thumbnail.name)
    ]
    keeper_id = keeper.pk
    connections.close_all()
    root = Path(settings.DATA_DIR)
    needles = [canary.encode("utf-8")]
    before = _files_with(root, needles)

    done = subprocess.run(
        [sys.executable, "-m", "glimmers", "delete-account", "--user", "keeper", "--yes"],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=300,
    )

    found = search.matching(queries.glimmers(neighbour), "driftwoodword")
    result = {
        "vendor": connection.vendor,
        "data_dir": str(root),
        "canary_files_before": before,
        "exit_code": done.returncode,
        "stdout": done.stdout,
        "stderr": done.stderr,
        "keeper_exists": get_user_model().objects.filter(pk=keeper_id).exists(),
        "keeper_rows_left": _personal_rows_of(keeper_id),
        "keeper_throttle_rows": FailedAttempt.objects.filter(key__contains="keeper").count()
        + FailedAttempt.objects.filter(key__contains=f":{keeper_id}:").count(),
        "neighbour_throttle_rows": FailedAttempt.objects.filter(key__contains="neighbour").count(),
        "keeper_sessions": Session.objects.filter(user_id=keeper_id).count(),
        "keeper_photo_folder": (Path(settings.MEDIA_ROOT) / "photos" / str(keeper_id)).exists(),
        "keeper_import_folder": (root / "imports" / str(keeper_id)).exists(),
        "neighbour_glimmers": Glimmer.objects.filter(owner=neighbour).count(),
        "neighbour_found_by_search": [str(g.pk) for g in found] == [str(theirs.pk)],
        "neighbour_files_there": all(
            (Path(settings.MEDIA_ROOT) / name).is_file() for name in their_files
        ),
        "neighbour_people": Person.objects.filter(owner=neighbour).count(),
        "canary_rows": Glimmer.objects.filter(text__contains=canary).count(),
    }
    connections.close_all()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
