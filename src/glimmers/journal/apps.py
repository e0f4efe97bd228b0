from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_triggers(using, **kwargs):
    from django.db import connections

    from glimmers.journal import counts, search

    search.ensure_sqlite_triggers(connections[using])
    counts.ensure_sqlite_triggers(connections[using])


def _restamp_local_times(sender, user, **kwargs):
    """A new time zone or day start: every glimmer's and trigger's day and hour follow."""
    from glimmers.journal.services import refresh_local_times

    refresh_local_times(user)


class JournalConfig(AppConfig):
    name = "glimmers.journal"
    label = "journal"

    def ready(self):
        from glimmers.accounts.services import local_time_changed

        post_migrate.connect(_ensure_search_triggers, sender=self)
        local_time_changed.connect(
            _restamp_local_times, dispatch_uid="glimmers.journal.restamp_local_times"
        )
