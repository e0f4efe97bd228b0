from django.urls import path

from glimmers.journal import views

app_name = "journal"

urlpatterns = [
    path("capture/", views.capture, name="capture"),
    path("tally/", views.tally, name="tally"),
    path("share/", views.share, name="share"),
    path("journal/", views.timeline, name="timeline"),
    path("journal/on-this-day/", views.on_this_day, name="on_this_day"),
    path("glimmers/<str:glimmer_id>/", views.detail, name="detail"),
    path("glimmers/<str:glimmer_id>/edit/", views.edit, name="edit"),
    path("glimmers/<str:glimmer_id>/delete/", views.delete, name="delete"),
    path("glimmers/<str:glimmer_id>/photos/", views.add_photos, name="add_photos"),
    path("photos/<str:photo_id>/", views.photo, name="photo"),
    path("photos/<str:photo_id>/thumbnail/", views.photo_thumbnail, name="photo_thumbnail"),
    path("photos/<str:photo_id>/delete/", views.delete_photo, name="delete_photo"),
    path("triggers/", views.triggers, name="triggers"),
    path("triggers/<str:trigger_id>/edit/", views.trigger_edit, name="trigger_edit"),
    path("triggers/<str:trigger_id>/delete/", views.trigger_delete, name="trigger_delete"),
    path("your-words/", views.own_words, name="own_words"),
    path(
        "your-words/<str:kind>/<int:word_id>/delete/",
        views.own_word_delete,
        name="own_word_delete",
    ),
]
