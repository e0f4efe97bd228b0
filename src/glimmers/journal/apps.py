from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_triggers(using, **kwargs):
    from django.db import connections

    from glimmers.journal import counts, search

    search.ensure_sqlite_triggers(connections[using])
    counts.ensure_sqlite_triggers(connections[using])


class JournalConfig(AppConfig):
    name = "glimmers.journal"
    label = "journal"

    def ready(self):
        post_migrate.connect(_ensure_search_triggers, sender=self)
