from django.urls import path

from glimmers.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("summary/", views.summary, name="summary"),
]
