"""Helpers for the command-line tests: run `glimmers` in-process, look at what it did.

Every test calls ``glimmers.cli.main`` with argv, exactly as the console
script does, and reads what it wrote to stdout and stderr.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from glimmers.cli import main


class FakeStdin(io.StringIO):
    """Standard input as a pipe, or (``tty=True``) as a terminal someone types into."""

    def __init__(self, text: str = "", *, tty: bool = False):
        super().__init__(text)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run(*argv: str) -> Result:
    """`glimmers ARGV…`, in this process."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return Result(code, out.getvalue(), err.getvalue())


def as_json(data: Any) -> Any:
    """``data`` as it comes back from `--json` (dates as ISO strings, ids as text)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def glimmer_json(user, glimmer_id) -> dict:
    """A glimmer in the API's shape, read fresh from the database."""
    from glimmers.journal import queries, serialize

    return as_json(serialize.glimmer_data(queries.get_glimmer(user, glimmer_id)))


def snapshot() -> dict[str, list[dict]]:
    """Every row a journal command could touch, to show that a refusal changed nothing."""
    from django.contrib.auth import get_user_model

    from glimmers.accounts.models import AccessToken
    from glimmers.journal.models import (
        BodyCue,
        Glimmer,
        Person,
        Photo,
        Sense,
        Tag,
        Trigger,
        Value,
    )

    models = [
        get_user_model(),
        Glimmer,
        Trigger,
        Person,
        Value,
        Tag,
        Sense,
        BodyCue,
        Photo,
        AccessToken,
        Glimmer.senses.through,
        Glimmer.body_cues.through,
        Glimmer.people.through,
        Glimmer.values.through,
        Glimmer.tags.through,
        Trigger.helped_by.through,
    ]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def assert_refused(result: Result, *fragments: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr that says what was wrong."""
    assert result.code == 2, f"exit {result.code}; out={result.out!r} err={result.err!r}"
    assert result.out == "", f"stdout should be empty, got {result.out!r}"
    lines = result.err.splitlines()
    assert len(lines) == 1, f"want one line on stderr, got {result.err!r}"
    assert lines[0].startswith("glimmers: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"


def refuse(*argv: str, says: str = "") -> Result:
    """Run a command that must be refused and must leave the database as it was."""
    before = snapshot()
    result = run(*argv)
    assert_refused(result, *([says] if says else []))
    assert snapshot() == before, "a refused command changed the database"
    return result
