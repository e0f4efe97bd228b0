from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "glimmers.insights"
    label = "insights"
