"""`glimmers backup PATH`: the whole instance (database and photos) in one file."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from glimmers.yourdata.backup import BackupProblem, write_backup


class Command(BaseCommand):
    help = (
        "Back up this whole instance (every account's journal and photos) into one new file "
        "at PATH, safely while Glimmers is serving. PATH may be a folder."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="The new backup file, or a folder for it.")

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except BackupProblem as problem:
            if self._called_from_command_line:
                self.stderr.write(f"glimmers: {problem}")
                sys.exit(2)
            raise CommandError(str(problem), returncode=2) from None

    def handle(self, *args, **options):
        done = write_backup(options["path"])
        self.stdout.write(
            _(
                "Backed up %(contents)s to %(path)s (%(size)s, in %(seconds).1f s).\n"
                "It holds everyone's journals as they are, unencrypted: keep it somewhere "
                "only you can reach."
            )
            % {
                "contents": done.contents.describe(),
                "path": done.path,
                "size": filesizeformat(done.size),
                "seconds": done.seconds,
            }
        )
