from django.urls import include, path

from glimmers import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("glimmers.accounts.urls")),
    path("", include("glimmers.journal.urls")),
]
