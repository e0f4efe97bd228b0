"""`glimmers sweep-photos`: remove photo files no photo refers to.

`glimmers serve` does this at every start, so it is rarely needed by hand:
after restoring a backup of the database without its photo folder (or the
other way round), or to look first with --dry-run. It is safe to run while
the server is serving.
"""

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from glimmers.journal.models import Photo
from glimmers.journal.services import photos_missing_files, sweep_photo_files


class Command(BaseCommand):
    @property
    def help(self):  # in the person's language, read when the help is shown
        return _(
            "Remove photo files that no photo refers to (left by a save or delete that was "
            "interrupted), and name any photo whose files are missing."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Only list what would be removed.")
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        if Photo._meta.db_table not in connection.introspection.table_names():
            self.stdout.write(_("There is no journal here yet, so nothing to tidy."))
            return
        swept = sweep_photo_files(dry_run=dry_run)
        for name in swept:
            line = _("would remove %(name)s") if dry_run else _("removed %(name)s")
            self.stdout.write(line % {"name": name})
        if dry_run:
            summary = ngettext(
                "Would remove %(n)d photo file that nothing refers to.",
                "Would remove %(n)d photo files that nothing refers to.",
                len(swept),
            )
        else:
            summary = ngettext(
                "Removed %(n)d photo file that nothing refers to.",
                "Removed %(n)d photo files that nothing refers to.",
                len(swept),
            )
        self.stdout.write(summary % {"n": len(swept)})
        for photo in photos_missing_files():
            self.stderr.write(
                _(
                    "Photo %(photo)s (glimmer %(glimmer)s) has lost its file %(image)s "
                    "or %(thumbnail)s."
                )
                % {
                    "photo": photo.pk,
                    "glimmer": photo.glimmer_id,
                    "image": photo.image.name,
                    "thumbnail": photo.thumbnail.name,
                }
            )
