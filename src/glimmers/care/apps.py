from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "glimmers.care"
    label = "care"
