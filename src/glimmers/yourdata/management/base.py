"""What `glimmers backup` and `glimmers restore` share."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from glimmers.yourdata.backup import BackupProblem


class BackupCommand(BaseCommand):
    """A backup command: a problem it finds is one line and exit code 2, never a traceback."""

    requires_system_checks = []

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except BackupProblem as problem:
            if self._called_from_command_line:
                self.stderr.write(f"glimmers: {problem}")
                sys.exit(2)
            raise CommandError(str(problem), returncode=2) from None
