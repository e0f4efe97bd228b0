from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "glimmers.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Connect the receivers: the security log's, and "a new password ends every session".
        from glimmers.accounts import sessions, signals  # noqa: F401
