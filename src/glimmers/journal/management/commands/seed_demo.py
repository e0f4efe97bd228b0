"""`glimmers seed-demo`: demo journals for trying Glimmers out and for benchmarks.

Never for a real journal: it makes new accounts full of invented glimmers.
"""

from __future__ import annotations

import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from glimmers.journal import demo
from glimmers.journal.demo import grouped


def _migrate_if_needed() -> None:
    """A new data folder gets its tables first, as `glimmers serve` does."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


class Command(BaseCommand):
    @property
    def help(self):  # in the person's language, read when the help is shown
        return _(
            "Make demo accounts full of invented glimmers, quickly: for trying Glimmers out "
            "and for benchmarks, never for a real journal."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--glimmers", type=int, default=1000, help=_("Glimmers per person (default 1000).")
        )
        parser.add_argument(
            "--people",
            type=int,
            default=1,
            help=_("How many accounts (default 1). More than one: USERNAME0001, USERNAME0002, …"),
        )
        parser.add_argument(
            "--username", default="demo", help=_("The account's name (default demo).")
        )
        parser.add_argument(
            "--password",
            help=_("A password for the accounts. Without it they have none that works yet."),
        )
        parser.add_argument(
            "--years", type=int, default=10, help=_("Spread over this many years (default 10).")
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=7,
            help=_("The same seed makes the same journal (default 7)."),
        )
        parser.add_argument(
            "--photos",
            type=float,
            default=0.01,
            metavar="FRACTION",
            help=_("Share of glimmers with a photo (default 0.01)."),
        )
        parser.add_argument(
            "--triggers",
            type=float,
            default=0.05,
            metavar="FRACTION",
            help=_("Hard moments, as a share of the glimmers (default 0.05)."),
        )

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except demo.DemoRefused as refusal:
            if self._called_from_command_line:
                # One line, as every glimmers command says what it can't use.
                self.stderr.write(f"glimmers: {refusal}")
                sys.exit(2)
            raise CommandError(str(refusal), returncode=2) from None

    def handle(self, *args, **options):
        request = {
            "glimmers": options["glimmers"],
            "people": options["people"],
            "username": options["username"],
            "password": options["password"],
            "years": options["years"],
            "photos": options["photos"],
            "triggers": options["triggers"],
        }
        demo.check_request(**request)  # numbers first, before the database is touched
        _migrate_if_needed()
        show_progress = options["verbosity"] >= 1 and self.stderr.isatty()
        made = demo.seed_demo(
            **request,
            seed=options["seed"],
            progress=self._progress if show_progress else None,
        )
        if show_progress:
            self.stderr.write("", style_func=str)
        self._summary(made, options)

    def _progress(self, done: int, total: int) -> None:
        # Plain, not in Django's error red: this is news, not a problem.
        said = ngettext(
            "%(done)s of %(total)s glimmer", "%(done)s of %(total)s glimmers", total
        ) % {"done": grouped(done), "total": grouped(total)}
        self.stderr.write(f"\r  {said}", style_func=str, ending="")
        self.stderr.flush()

    def _summary(self, made: demo.DemoJournals, options) -> None:
        users = made.users
        if len(users) == 1:
            who = _("1 demo account, %(name)s") % {"name": users[0].username}
        else:
            who = ngettext(
                "%(n)s demo account, %(first)s to %(last)s",
                "%(n)s demo accounts, %(first)s to %(last)s",
                len(users),
            ) % {"n": grouped(len(users)), "first": users[0].username, "last": users[-1].username}
        self.stdout.write(
            _("Made %(who)s: %(glimmers)s, %(triggers)s, %(photos)s, in %(seconds)s s.")
            % {
                "who": who,
                "glimmers": ngettext("%(n)s glimmer", "%(n)s glimmers", made.glimmers)
                % {"n": grouped(made.glimmers)},
                "triggers": ngettext("%(n)s hard moment", "%(n)s hard moments", made.triggers)
                % {"n": grouped(made.triggers)},
                "photos": ngettext("%(n)s photo", "%(n)s photos", made.photos)
                % {"n": grouped(made.photos)},
                "seconds": grouped(made.seconds, 1),
            }
        )
        if options["password"] is None:
            self.stdout.write(
                _(
                    "No password is set yet. To sign in on the web, give one: "
                    "glimmers changepassword %(name)s"
                )
                % {"name": users[0].username}
            )
        elif len(users) > 1:
            self.stdout.write(_("They all sign in with the password you gave."))
