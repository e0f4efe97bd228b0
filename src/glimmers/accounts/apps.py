from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "glimmers.accounts"
    label = "accounts"

    def ready(self) -> None:
        from glimmers.accounts import signals  # noqa: F401 - connects the receivers
