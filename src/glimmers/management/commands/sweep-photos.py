"""`glimmers sweep-photos`: remove photo files no photo refers to.

`glimmers serve` does this at every start, so it is rarely needed by hand:
after restoring a backup of the database without its photo folder (or the
other way round), or to look first with --dry-run. It is safe to run while
the server is serving.
"""

from django.core.management.base import BaseCommand
from django.db import connection

from glimmers.journal.models import Photo
from glimmers.journal.services import photos_missing_files, sweep_photo_files


class Command(BaseCommand):
    help = (
        "Remove photo files that no photo refers to (left by a save or delete that was "
        "interrupted), and name any photo whose files are missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be removed."
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        if Photo._meta.db_table not in connection.introspection.table_names():
            self.stdout.write("There is no journal here yet, so nothing to tidy.")
            return
        swept = sweep_photo_files(dry_run=dry_run)
        for name in swept:
            self.stdout.write(f"{'would remove' if dry_run else 'removed'} {name}")
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{verb} {len(swept)} photo file(s) that nothing refers to.")
        missing = photos_missing_files()
        for photo in missing:
            self.stderr.write(
                f"Photo {photo.pk} (glimmer {photo.glimmer_id}) has lost its file "
                f"{photo.image.name} or {photo.thumbnail.name}."
            )
