from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "glimmers.reminders"
    label = "reminders"
