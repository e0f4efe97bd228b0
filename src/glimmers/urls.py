from django.urls import include, path

from glimmers import views
from glimmers.api.views import api

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The installable app (docs/phone.md): both at the root, so the worker's scope is the site.
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("accounts/tokens/", include("glimmers.api.pages")),
    path("accounts/", include("glimmers.accounts.urls")),
    path("api/v1/", api.urls),
    path("insights/", include("glimmers.insights.urls")),
    path("your-data/", include("glimmers.yourdata.urls")),
    path("circles/", include("glimmers.circles.urls")),
    path("care/", include("glimmers.care.urls")),
    path("reminders/", include("glimmers.reminders.urls")),
    path("", include("glimmers.practice.urls")),
    path("", include("glimmers.journal.urls")),
]
