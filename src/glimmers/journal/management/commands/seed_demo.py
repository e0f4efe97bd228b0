"""`glimmers seed-demo`: demo journals for trying Glimmers out and for benchmarks.

Never for a real journal: it makes new accounts full of invented glimmers.
"""

from __future__ import annotations

import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from glimmers.journal import demo


def _migrate_if_needed() -> None:
    """A new data folder gets its tables first, as `glimmers serve` does."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


class Command(BaseCommand):
    help = (
        "Make demo accounts full of invented glimmers, quickly: for trying Glimmers out "
        "and for benchmarks, never for a real journal."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--glimmers", type=int, default=1000, help="Glimmers per person (default 1000)."
        )
        parser.add_argument(
            "--people",
            type=int,
            default=1,
            help="How many accounts (default 1). More than one: USERNAME0001, USERNAME0002, …",
        )
        parser.add_argument("--username", default="demo", help="The account's name (default demo).")
        parser.add_argument(
            "--password",
            help="A password for the accounts. Without it they have none that works yet.",
        )
        parser.add_argument(
            "--years", type=int, default=10, help="Spread over this many years (default 10)."
        )
        parser.add_argument(
            "--seed", type=int, default=7, help="The same seed makes the same journal (default 7)."
        )
        parser.add_argument(
            "--photos",
            type=float,
            default=0.01,
            metavar="FRACTION",
            help="Share of glimmers with a photo (default 0.01).",
        )
        parser.add_argument(
            "--triggers",
            type=float,
            default=0.05,
            metavar="FRACTION",
            help="Hard moments, as a share of the glimmers (default 0.05).",
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
        self.stderr.write(f"\r  {done:,} of {total:,} glimmers", style_func=str, ending="")
        self.stderr.flush()

    def _summary(self, made: demo.DemoJournals, options) -> None:
        users = made.users
        if len(users) == 1:
            who = f"1 demo account, {users[0].username}"
        else:
            who = f"{len(users):,} demo accounts, {users[0].username} to {users[-1].username}"
        self.stdout.write(
            f"Made {who}: {made.glimmers:,} glimmers, {made.triggers:,} hard moments, "
            f"{made.photos:,} photos, in {made.seconds:.1f} s."
        )
        if options["password"] is None:
            self.stdout.write(
                f"No password is set yet. To sign in on the web, give one: "
                f"glimmers changepassword {users[0].username}"
            )
        elif len(users) > 1:
            self.stdout.write("They all sign in with the password you gave.")
