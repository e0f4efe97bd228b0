"""The pages of "Your data": each part adds its own paths here."""

from django.urls import path  # noqa: F401 - used by the paths each part adds

app_name = "yourdata"

urlpatterns: list = []
