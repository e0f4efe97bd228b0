from django.apps import AppConfig


class GlimmersConfig(AppConfig):
    """The package itself is an app: base templates, shared static files, `serve`."""

    name = "glimmers"
    label = "glimmers"
    verbose_name = "Glimmers"
