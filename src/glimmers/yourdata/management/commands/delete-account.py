"""`glimmers delete-account --user NAME --yes`: delete an account and everything in it, for good.

For the host (someone who can no longer sign in, a request by letter). The
same service as the "Delete my account" page: every row in one transaction,
the photo files right after, and on SQLite no words left in the data folder.
Without --yes it only says what would go. Exit codes: 0 deleted; 2 unknown
account, or no --yes (nothing changed).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from glimmers.yourdata.deletion.services import delete_account, what_would_go


class Command(BaseCommand):
    @property
    def help(self):  # in the person's language, read when the help is shown
        return _(
            "Delete an account and everything in it, for good: glimmers, photos and their "
            "files, hard moments, the practice, tokens, sessions and its security log. "
            "Without --yes it only says what would go."
        )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, metavar="NAME", help=_("The account's name."))
        parser.add_argument(
            "--yes", action="store_true", help=_("Really delete it (it cannot be undone).")
        )

    def handle(self, *args, **options):
        name = options["user"]
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise CommandError(
                _("There is no account called “%(name)s”.") % {"name": name}, returncode=2
            )
        if not options["yes"]:
            self.stdout.write(
                _("This would delete the account “%(name)s” for good, with:") % {"name": name}
            )
            self._list(what_would_go(user).lines())
            raise CommandError(
                _(
                    "Nothing was deleted. Add --yes to delete it; it cannot be undone, so an "
                    "export first may be wise (glimmers export --user NAME --format json)."
                ),
                returncode=2,
            )
        removed = delete_account(user)
        self.stdout.write(_("Deleted the account “%(name)s” for good, with:") % {"name": name})
        self._list(removed.lines())

    def _list(self, lines: list[str]) -> None:
        for line in lines or [_("nothing else: it was empty")]:
            self.stdout.write(f"  {line}")
