"""What every command of `glimmers` is built from: errors, checked input, output.

The apps' command modules (journal/cli.py, practice/cli.py, …) import this
module and nothing else of the command line; glimmers/cli/main.py imports
them only by name, when their command runs. So the imports point one way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from django.utils.translation import gettext_lazy


class BadInput(Exception):
    """Something the person typed can't be used. Nothing has been changed."""

    def __init__(self, message) -> None:
        # Put into words now, in the language that is active while the command runs.
        super().__init__(str(message))


UNREADABLE = gettext_lazy(
    "That isn't UTF-8 text, so nothing was changed. Save it as UTF-8 and try again."
)
NUL_CHARACTER = gettext_lazy("That text has a NUL character (\\0) in it, so nothing was changed.")


def checked_text(text: str) -> str:
    """Text the journal can keep, or a BadInput: no NUL characters, nothing undecodable.

    Arguments carry bytes that were not UTF-8 as lone surrogates (Python's
    "surrogateescape"); no database can store those, and PostgreSQL refuses NULs.
    """
    if "\x00" in text:
        raise BadInput(NUL_CHARACTER)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(UNREADABLE) from None
    return text


def read_stdin() -> str:
    """What was piped in on standard input, as checked text ("" from a terminal)."""
    stream = sys.stdin
    if stream is None or stream.isatty():
        return ""
    raw = getattr(stream, "buffer", None)
    try:
        text = raw.read().decode("utf-8") if raw is not None else stream.read()
    except UnicodeDecodeError:
        raise BadInput(UNREADABLE) from None
    return checked_text(text.replace("\r\n", "\n"))


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is a BadInput (exit 2) rather than a SystemExit."""

    def error(self, message: str) -> NoReturn:
        raise BadInput(message)


def day_text(day) -> str:
    """A day in the active language's words: "6 December 2026", «6 грудня 2026»."""
    from django.utils.formats import date_format

    return date_format(day, "j E Y")


def moment_text(moment) -> str:
    """A moment in the person's time zone and language: "6 December 2026, 14:05"."""
    from django.utils import timezone
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "j E Y, H:i")


class Context:
    """What every command gets: who it acts for, and how to print."""

    def __init__(self, args: argparse.Namespace, out, err):
        self.args = args
        self.out = out
        self.err = err
        self.user = None

    @property
    def as_json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def emit(self, data: Any, human: Callable[[], None]) -> None:
        """Print ``data`` as JSON with --json (a function: called only then), else ``human()``."""
        if self.as_json:
            from django.core.serializers.json import DjangoJSONEncoder

            if callable(data):
                data = data()

            print(
                json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), file=self.out
            )
        else:
            human()
