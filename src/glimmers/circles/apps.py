from django.apps import AppConfig


class CirclesConfig(AppConfig):
    name = "glimmers.circles"
    label = "circles"

    def ready(self) -> None:
        # Sharing a glimmer as it is captured: the journal announces the capture
        # (journal/signals.py), and the circles answer it here, so the journal
        # needs to know nothing about circles.
        from glimmers.circles import receivers  # noqa: F401
