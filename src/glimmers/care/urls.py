from django.urls import path  # noqa: F401 - the care pages are added here

app_name = "care"

urlpatterns = []
