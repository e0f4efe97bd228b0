from django.apps import AppConfig


class YourDataConfig(AppConfig):
    name = "glimmers.yourdata"
    label = "yourdata"
