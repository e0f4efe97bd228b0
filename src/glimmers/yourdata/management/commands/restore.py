"""`glimmers restore PATH [--replace]`: put a backup made by `glimmers backup` in place."""

from __future__ import annotations

from django.utils.translation import gettext as _

from glimmers.yourdata.backup import restore_backup
from glimmers.yourdata.management.base import BackupCommand


class Command(BackupCommand):
    @property
    def help(self):  # in the person's language, read when the help is shown
        return _(
            "Restore a backup made by `glimmers backup` into this instance. Every file is "
            "checked first; an instance that already holds journals is only replaced with "
            "--replace."
        )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help=_("The backup file."))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_(
                "Replace the journals this instance holds now; they are backed up into the "
                "data folder first."
            ),
        )

    def handle(self, *args, **options):
        done = restore_backup(options["path"], replace=options["replace"])
        lines = [
            _("Restored %(contents)s from the backup made %(when)s.")
            % {"contents": done.contents.describe(), "when": done.created_at}
        ]
        if done.kept_aside:
            lines.append(
                _(
                    "What was here before is kept in %(path)s; "
                    "`glimmers restore %(path)s --replace` brings it back."
                )
                % {"path": done.kept_aside}
            )
        lines.append(
            _(
                "Start Glimmers again with `glimmers serve`. People may need to sign in on "
                "the web again (a new data folder has a new secret key); API tokens keep working."
            )
        )
        self.stdout.write("\n".join(lines))
