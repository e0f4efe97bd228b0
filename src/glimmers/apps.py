from pathlib import Path

from django.apps import AppConfig


class GlimmersConfig(AppConfig):
    """The package itself is an app: base templates, shared static files, `serve`."""

    name = "glimmers"
    label = "glimmers"
    verbose_name = "Glimmers"

    def ready(self) -> None:
        from django.conf import settings

        from glimmers.private_files import keep_private

        # Every start (a server, a command): the journal's files are for this user only.
        databases = [
            Path(db["NAME"])
            for db in settings.DATABASES.values()
            if db["ENGINE"] == "django.db.backends.sqlite3" and str(db["NAME"]) != ":memory:"
        ]
        keep_private(Path(settings.DATA_DIR), databases)
