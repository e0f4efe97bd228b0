from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "glimmers.api"
    label = "api"
