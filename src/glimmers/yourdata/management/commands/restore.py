"""`glimmers restore PATH [--replace]`: put a backup made by `glimmers backup` in place."""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _

from glimmers.yourdata.backup import restore_backup
from glimmers.yourdata.management.base import BackupCommand


def _when(created_at: str) -> str:
    """The manifest's moment (ISO 8601, UTC) as the person's language writes it, in UTC."""
    try:
        moment = dt.datetime.fromisoformat(created_at).astimezone(dt.UTC)
    except ValueError:
        return created_at  # checked only as text: say it as it is
    return f"{formats.date_format(moment, 'j E Y, H:i')} UTC"


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
            _("Restored %(contents)s from the backup made on %(when)s.")
            % {"contents": done.contents.describe(), "when": _when(done.created_at)}
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
