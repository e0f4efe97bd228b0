"""The `glimmers` command.

`glimmers` alone prints the few commands a person needs. The journal's own
commands (add, tally, list, …) are parsed here with argparse and call the
same forms, queries and services as the web pages. Anything else is handed
to Django's management machinery, so `glimmers migrate`,
`glimmers createsuperuser` and `glimmers check --deploy` all work.

Exit codes: 0 done; 2 bad input (one clear line on stderr, nothing changed);
1 something unexpected; 130 interrupted; 141 the reader of our output went
away (`glimmers list | head -1`), as for a program stopped by SIGPIPE.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

HELP = [
    ("add [TEXT]", "Keep a glimmer (TEXT or standard input; #tags work)"),
    ("tally [N]", "Count N glimmers now, no words yet (default 1)"),
    ("list", "Your glimmers, newest first (--since, --tag, -n …)"),
    ("search QUERY", "Find glimmers by their words"),
    ("show ID / edit ID / delete ID", "One glimmer, by the short id list shows"),
    ("trigger TEXT", "Note a hard moment (kept apart from glimmers)"),
    ("today", "Today's intention, glimmers and reflection"),
    ("intend [TEXT]", "Set today's intention (no TEXT: a prompt to start from)"),
    ("reflect [ANSWER]", "Tonight's question, and your answer to it"),
    ("menu", "My glimmer menu, for harder moments"),
    ("insights [--range R]", "Your patterns: week, month, year, all (or --since/--until)"),
    ("token create|list|revoke", "Tokens for the API"),
    ("serve [--host H] [--port P]", "Open your journal at http://127.0.0.1:8000"),
    ("setup-code", "The one-time code a hosted instance's first account needs"),
    ("createsuperuser", "Create an account from the terminal"),
    ("check --deploy", "Check a hosted set-up for common mistakes"),
    ("help --all", "Every command, including Django's own"),
]


def _friendly_help() -> str:
    width = max(len(name) for name, _ in HELP)
    lines = ["Glimmers — a private place for the small moments that feel safe.", "", "Usage:"]
    lines += [f"  glimmers {name.ljust(width)}  {text}" for name, text in HELP]
    lines += [
        "",
        "Add --json to any journal command for output scripts can read;",
        "--user NAME when this journal has more than one account. See docs/cli.md.",
    ]
    return "\n".join(lines)


class BadInput(Exception):
    """Something the person typed can't be used. Nothing has been changed."""


UNREADABLE = "That isn't UTF-8 text, so nothing was changed. Save it as UTF-8 and try again."
NUL_CHARACTER = "That text has a NUL character (\\0) in it, so nothing was changed."


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
        if self.as_json:
            from django.core.serializers.json import DjangoJSONEncoder

            print(
                json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), file=self.out
            )
        else:
            human()


def resolve_user(name: str | None):
    """The account to act for: --user NAME, or the only account there is."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if name:
        user = users.filter(username=name, is_active=True).first()
        if user is None:
            raise BadInput(f"There is no account called “{name}”.")
        return user
    accounts = list(users.filter(is_active=True).order_by("pk")[:2])
    if not accounts:
        raise BadInput(
            "There is no account yet. Run `glimmers serve`, open http://127.0.0.1:8000 "
            "and create one, or run `glimmers createsuperuser`."
        )
    if len(accounts) > 1:
        raise BadInput("This journal has more than one account; say which with --user NAME.")
    return accounts[0]


def _commands() -> dict[str, Callable]:
    """Command name -> function that adds its parser. Imported late: start-up stays lean."""
    from glimmers.api import cli as token_cli
    from glimmers.insights import cli as insights_cli
    from glimmers.journal import cli as journal_cli
    from glimmers.practice import cli as practice_cli

    return {
        **journal_cli.COMMANDS,
        **practice_cli.COMMANDS,
        **insights_cli.COMMANDS,
        **token_cli.COMMANDS,
    }


USER_COMMANDS = {
    "add",
    "tally",
    "list",
    "search",
    "show",
    "edit",
    "delete",
    "trigger",
    "today",
    "intend",
    "reflect",
    "menu",
    "insights",
    "token",
}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    import django

    django.setup()


def run_user_command(args: list[str], out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    _setup_django()
    from django.db import DatabaseError

    try:
        for arg in args:
            checked_text(arg)
        parser = Parser(prog="glimmers", description="Your glimmers, from the terminal.")
        parser.add_argument("--user", help="The account to act for (when there are several).")
        subparsers = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
        for add_parser in _commands().values():
            add_parser(subparsers)
        _accept_user_anywhere(subparsers)
        try:
            # `glimmers list --help` prints to our `out` and returns, even in-process.
            with contextlib.redirect_stdout(out):
                parsed = parser.parse_args(args)
        except SystemExit as exit_:
            return exit_.code if isinstance(exit_.code, int) else 0
        context = Context(parsed, out, err)
        context.user = resolve_user(parsed.user)
        # Only for this command: a caller that runs several in one process
        # (the tests, a script) keeps its own time zone afterwards.
        with _user_time_zone(context.user):
            code = parsed.handler(context) or 0
        out.flush()  # a closed pipe shows up here, not as a warning when Python exits
        return code
    except BadInput as problem:
        print(f"glimmers: {problem}", file=err)
        return 2
    except DatabaseError as problem:
        first_line = str(problem).strip().splitlines()[0] if str(problem).strip() else ""
        print(
            f"glimmers: the journal's database isn't ready ({first_line}). "
            "If this is a new journal, run `glimmers migrate` or `glimmers serve` first.",
            file=err,
        )
        return 1
    except KeyboardInterrupt:
        print("glimmers: stopped; nothing more was changed.", file=err)
        return 130
    except BrokenPipeError:
        # The reader went away (`glimmers list | head -1`): stop quietly, as
        # `yes | head` does, instead of printing a traceback.
        _silence_stdout(out)
        return 141


def _silence_stdout(out) -> None:
    """Point a closed pipe on stdout at /dev/null, so exiting does not fail on flush."""
    if out is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
    except (OSError, ValueError):
        pass


def _accept_user_anywhere(subparsers) -> None:
    """Let --user come after the command too (`glimmers token create --user sam`)."""
    for sub in subparsers.choices.values():
        sub.add_argument("--user", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                _accept_user_anywhere(action)


def _user_time_zone(user):
    """The person's own time zone while their command runs (times are read and shown in it)."""
    import zoneinfo

    from django.utils import timezone

    try:
        return timezone.override(zoneinfo.ZoneInfo(user.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.override(None)


def main(argv: list[str] | None = None, out=None, err=None) -> int:
    """Run one command. Takes argv (without the program name); returns an exit code."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        return _main(argv, out, err)
    except ImproperlyConfigured as problem:
        # A GLIMMERS_* setting that can't be used: one line that names it, not a traceback.
        print(f"glimmers: {problem}", file=err or sys.stderr)
        return 2


def _main(argv: list[str] | None, out, err) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args in (["help"], ["-h"], ["--help"]):
        print(_friendly_help(), file=out or sys.stdout)
        return 0
    if args == ["help", "--all"]:
        args = ["help"]

    first = next((a for a in args if not a.startswith("-")), "")
    if first in USER_COMMANDS or args[0].startswith("--user"):
        return run_user_command(args, out, err)
    if first in ("seed-demo", "setup-code"):  # Django names commands after modules: no "-"
        args[args.index(first)] = first.replace("-", "_")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["glimmers", *args])
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
