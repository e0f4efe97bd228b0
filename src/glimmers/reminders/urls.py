from django.urls import path

from glimmers.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("quiet/", views.quiet, name="quiet"),
    path("resume/", views.resume, name="resume"),
    path("calendar/", views.make_feed, name="make_feed"),
    path("calendar/revoke/", views.revoke_feed, name="revoke_feed"),
    path("feed/<str:secret>.ics", views.feed, name="feed"),
    path("push/subscribe/", views.subscribe, name="subscribe"),
    path("push/unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
