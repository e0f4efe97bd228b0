"""`glimmers setup-code`: print the one-time code the first account needs on a hosted instance."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from glimmers.accounts import setup_code


class Command(BaseCommand):
    @property
    def help(self):  # in the person's language, read when the help is shown
        return _(
            "Print the one-time setup code the welcome page asks for on a hosted instance "
            "(the same one `glimmers serve` prints). It stops working once an account exists."
        )

    def handle(self, *args, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            # A new data folder: its tables first, as `glimmers serve` does.
            call_command("migrate", interactive=False, verbosity=0)
        code = setup_code.current()
        if code is None:
            raise CommandError(
                _(
                    "This instance already has an account, so there is no setup code. "
                    "Sign in on the sign-in page instead."
                )
            )
        # Only the code on standard output, so a script can read it.
        self.stdout.write(code)
