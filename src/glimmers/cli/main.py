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
import gc
import importlib
import os
import sys
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from glimmers.cli.base import BadInput, Context, Parser, checked_text

# The environment variables that name the person's language, in the order
# gettext reads them: the first one set decides (LANGUAGE may list several).
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the catalogue (makemessages knows this name); translate it later.

    Django's own gettext_noop reads the settings, which the friendly help in
    English never needs to load.
    """
    return message


HELP = [
    ("add [TEXT]", gettext_noop("Keep a glimmer (TEXT or standard input; #tags work)")),
    ("tally [N]", gettext_noop("Count N glimmers now, no words yet (default 1)")),
    ("list", gettext_noop("Your glimmers, newest first (--since, --tag, -n …)")),
    ("search QUERY", gettext_noop("Find glimmers by their words")),
    ("show ID / edit ID / delete ID", gettext_noop("One glimmer, by the short id list shows")),
    ("trigger TEXT", gettext_noop("Note a hard moment (kept apart from glimmers)")),
    ("today", gettext_noop("Today's intention, glimmers and reflection")),
    ("intend [TEXT]", gettext_noop("Set today's intention (no TEXT: a prompt to start from)")),
    ("reflect [ANSWER]", gettext_noop("Tonight's question, and your answer to it")),
    ("menu", gettext_noop("My glimmer menu, for harder moments")),
    (
        "insights [--range R]",
        gettext_noop("Your patterns: week, month, year, all (or --since/--until)"),
    ),
    ("circles [show NAME]", gettext_noop("Your circles, and what is shared in one")),
    (
        "share ID --with NAME",
        gettext_noop("Share a glimmer with a circle (--stop to take it back)"),
    ),
    ("token create|list|revoke", gettext_noop("Tokens for the API")),
    (
        "import PATH [--dry-run]",
        gettext_noop("Bring in a journal (jrnl, Day One, Daylio, CSV, Markdown)"),
    ),
    (
        "export --format F [-o PATH]",
        gettext_noop("Take your journal out (json, markdown, csv, pdf)"),
    ),
    ("backup PATH / restore PATH", gettext_noop("Back up or restore this whole instance (host)")),
    (
        "delete-account --user NAME --yes",
        gettext_noop("Delete an account and everything in it, for good (host)"),
    ),
    ("serve [--host H] [--port P]", gettext_noop("Open your journal at http://127.0.0.1:8000")),
    ("worker [--once]", gettext_noop("Send the reminders that are due (serve starts one for you)")),
    ("setup-code", gettext_noop("The one-time code a hosted instance's first account needs")),
    ("createsuperuser", gettext_noop("Create an account from the terminal")),
    ("check --deploy", gettext_noop("Check a hosted set-up for common mistakes")),
    ("help --all", gettext_noop("Every command, including Django's own")),
]


def _friendly_help(translate=_) -> str:
    """The short list of commands; ``translate`` is gettext, or str when English needs no Django."""
    width = max(len(name) for name, _text in HELP)
    lines = [
        translate(gettext_noop("Glimmers — a private place for the small moments that feel safe.")),
        "",
        translate(gettext_noop("Usage:")),
    ]
    lines += [f"  glimmers {name.ljust(width)}  {translate(text)}" for name, text in HELP]
    lines += [
        "",
        translate(gettext_noop("Add --json to any journal command for output scripts can read;")),
        translate(
            gettext_noop(
                "--user NAME when this journal has more than one account. See docs/cli.md."
            )
        ),
    ]
    return "\n".join(lines)


def language_from(environ) -> str:
    """The language to speak, from the locale as gettext reads it; English if we don't speak it.

    "uk_UA.UTF-8" means Ukrainian; "C", "POSIX" or a language Glimmers has no
    words in means the instance's own language (English).
    """
    from django.conf import settings  # the settings only: this needs no apps, no database

    spoken = {code.lower() for code, _name in settings.LANGUAGES}
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "").strip()
        if value:
            for name in value.split(":"):
                name = name.split(".")[0].split("@")[0].strip()
                if name in ("C", "POSIX"):
                    break
                code = name.replace("_", "-").lower()
                for candidate in (code, code.split("-")[0]):  # "uk-ua", then "uk"
                    if candidate and candidate in spoken:
                        return candidate
            break
    return settings.LANGUAGE_CODE


def in_the_persons_language():
    """Speak the person's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) until the end.

    Only for this run: a caller that runs several commands in one process
    (the tests, a script) keeps its own language afterwards.
    """
    from django.utils import translation

    return translation.override(language_from(os.environ))


def resolve_user(name: str | None):
    """The account to act for: --user NAME, or the only account there is."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if name:
        user = users.filter(username=name, is_active=True).first()
        if user is None:
            raise BadInput(_("There is no account called “%(name)s”.") % {"name": name})
        return user
    accounts = list(users.filter(is_active=True).order_by("pk")[:2])
    if not accounts:
        raise BadInput(
            _(
                "There is no account yet. Run `glimmers serve`, open http://127.0.0.1:8000 "
                "and create one, or run `glimmers createsuperuser`."
            )
        )
    if len(accounts) > 1:
        raise BadInput(_("This journal has more than one account; say which with --user NAME."))
    return accounts[0]


class Command(NamedTuple):
    module: str  # where its handler and its arguments are, imported only when it runs
    help: str


# Every journal command, in the order `glimmers --help` lists them. Each app's
# cli.py has a COMMANDS dict from these names to a function that adds the
# command's arguments to its parser and sets its handler.
COMMANDS = {
    "add": Command("glimmers.journal.cli", gettext_lazy("keep a glimmer")),
    "tally": Command("glimmers.journal.cli", gettext_lazy("count glimmers with no words yet")),
    "list": Command("glimmers.journal.cli", gettext_lazy("your glimmers, newest first")),
    "search": Command("glimmers.journal.cli", gettext_lazy("find glimmers by their words")),
    "show": Command("glimmers.journal.cli", gettext_lazy("one glimmer")),
    "edit": Command("glimmers.journal.cli", gettext_lazy("change a glimmer ($EDITOR, or options)")),
    "delete": Command("glimmers.journal.cli", gettext_lazy("delete a glimmer for good")),
    "trigger": Command("glimmers.journal.cli", gettext_lazy("note a hard moment")),
    "today": Command(
        "glimmers.practice.cli", gettext_lazy("today's intention, glimmers and reflection")
    ),
    "intend": Command(
        "glimmers.practice.cli", gettext_lazy("set today's intention (no text: a prompt)")
    ),
    "reflect": Command(
        "glimmers.practice.cli", gettext_lazy("answer tonight's question (no answer: see it)")
    ),
    "menu": Command("glimmers.practice.cli", gettext_lazy("my glimmer menu, for harder moments")),
    "insights": Command(
        "glimmers.insights.cli", gettext_lazy("your patterns: the figures of the Insights page")
    ),
    "circles": Command(
        "glimmers.circles.cli", gettext_lazy("your circles, and what is shared in one")
    ),
    "share": Command(
        "glimmers.circles.cli", gettext_lazy("share a glimmer with a circle, or stop sharing it")
    ),
    "token": Command("glimmers.api.cli", gettext_lazy("tokens for the API")),
    "import": Command(
        "glimmers.yourdata.importing.cli", gettext_lazy("bring in a journal from another app")
    ),
    "export": Command(
        "glimmers.yourdata.exporting.cli", gettext_lazy("take your journal out, openly")
    ),
}


def _command_in(args: list[str]) -> str | None:
    """The command these arguments run, found by argparse's own rules (None: not yet known)."""
    first = Parser(prog="glimmers", add_help=False)
    first.add_argument("--user")
    first.add_argument("command", nargs="?")
    try:
        known, _rest = first.parse_known_args(args)
    except BadInput:
        return None  # the full parser says what is wrong
    return known.command


def build_parser(args: list[str]) -> Parser:
    """The parser for these arguments: every command by name, and the one they run in full.

    Only the command that runs has its module imported (for its arguments and
    its handler): `glimmers add` never loads the code of `glimmers insights`.
    """
    parser = Parser(prog="glimmers", description=_("Your glimmers, from the terminal."))
    parser.add_argument("--user", help=_("The account to act for (when there are several)."))
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    wanted = _command_in(args)
    for name, command in COMMANDS.items():
        sub = subparsers.add_parser(name, help=str(command.help))
        if name == wanted:
            add_arguments = importlib.import_module(command.module).COMMANDS[name]
            add_arguments(sub)
    _accept_user_anywhere(subparsers)
    return parser


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    import django

    django.setup()


@contextlib.contextmanager
def _loading(starting: bool):
    """No garbage collection while this process loads Django, the apps and the command.

    What start-up makes (modules, models, the parser) lives until the process
    exits, so collecting it is wasted work, and so is Python's last collection
    at exit walking all of it again: together about 0.1 s of `glimmers add`,
    a third of its time (docs/decisions.md, "The command line starts lean").
    Once loaded it is frozen: the command's own collections, and the one at
    exit, pass over it. A process that was set up before (the tests, a script
    calling main() again) is left as it is.
    """
    if not starting or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def run_user_command(args: list[str], out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    from django.apps import apps
    from django.db import DatabaseError, connections

    starting = not apps.ready  # this process sets Django up now
    with contextlib.ExitStack() as speaking:
        try:
            with _loading(starting):
                _setup_django()
                # Before anything is printed, and before the parser's help is made.
                speaking.enter_context(in_the_persons_language())
                parser = build_parser(args)
            for arg in args:
                checked_text(arg)
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
                "glimmers: "
                + _(
                    "the journal's database isn't ready (%(problem)s). If this is a new "
                    "journal, run `glimmers migrate` or `glimmers serve` first."
                )
                % {"problem": first_line},
                file=err,
            )
            return 1
        except KeyboardInterrupt:
            print("glimmers: " + _("stopped; nothing more was changed."), file=err)
            return 130
        except BrokenPipeError:
            # The reader went away (`glimmers list | head -1`): stop quietly, as
            # `yes | head` does, instead of printing a traceback.
            _silence_stdout(out)
            return 141
        finally:
            if starting and apps.ready:
                # Closed here, not left to the collection at exit that no longer
                # reaches it: SQLite folds its write-ahead log back in on close.
                connections.close_all()


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
    from django.utils import timezone

    from glimmers.time import zone_of

    return timezone.override(zone_of(user))


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
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
        if language_from(os.environ) == "en":  # the words as written: no need to load Django
            print(_friendly_help(translate=str), file=out or sys.stdout)
            return 0
        _setup_django()
        with in_the_persons_language():
            print(_friendly_help(), file=out or sys.stdout)
        return 0
    if args == ["help", "--all"]:
        args = ["help"]

    first = next((a for a in args if not a.startswith("-")), "")
    if first in COMMANDS or args[0].startswith("--user"):
        return run_user_command(args, out, err)
    if first in ("seed-demo", "setup-code"):  # Django names commands after modules: no "-"
        args[args.index(first)] = first.replace("-", "_")

    from django.core.management import execute_from_command_line

    # Django's own commands and ours (serve, backup, worker, …) speak the person's language too.
    _setup_django()
    try:
        with in_the_persons_language():
            execute_from_command_line(["glimmers", *args])
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
