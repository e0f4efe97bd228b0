"""`glimmers backup PATH`: the whole instance (database and photos) in one file."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext as _

from glimmers.yourdata.backup import write_backup
from glimmers.yourdata.management.base import BackupCommand


class Command(BackupCommand):
    @property
    def help(self):  # in the person's language, read when the help is shown
        return _(
            "Back up this whole instance (every account's journal and photos) into one new "
            "file at PATH, safely while Glimmers is serving. PATH may be a folder."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", metavar="PATH", help=_("The new backup file, or a folder for it.")
        )

    def handle(self, *args, **options):
        done = write_backup(options["path"])
        self.stdout.write(
            _(
                "Backed up %(contents)s to %(path)s (%(size)s, in %(seconds)s s).\n"
                "It holds everyone's journals as they are, unencrypted: keep it somewhere "
                "only you can reach."
            )
            % {
                "contents": done.contents.describe(),
                "path": done.path,
                "size": filesizeformat(done.size),
                "seconds": formats.number_format(done.seconds, 1),
            }
        )
