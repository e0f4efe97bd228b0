from django.urls import path

from glimmers.care import views

app_name = "care"

urlpatterns = [
    # The carer's side: taking up an invitation, then reading within the client's scope.
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join_code"),
    path("clients/", views.clients, name="clients"),
    path("clients/<str:link_id>/", views.client, name="client"),
    path("clients/<str:link_id>/glimmers/", views.client_glimmers, name="client_glimmers"),
    path(
        "clients/<str:link_id>/glimmers/<str:glimmer_id>/",
        views.client_glimmer,
        name="client_glimmer",
    ),
    path("clients/<str:link_id>/photos/<str:photo_id>/", views.client_photo, name="client_photo"),
    path(
        "clients/<str:link_id>/photos/<str:photo_id>/thumbnail/",
        views.client_thumbnail,
        name="client_thumbnail",
    ),
    path("clients/<str:link_id>/hard-moments/", views.client_triggers, name="client_triggers"),
    path("clients/<str:link_id>/suggest/", views.suggest, name="suggest"),
    # The client's side: their links, invitations, scope, the read log, suggestions.
    path("", views.index, name="index"),
    path("invite/", views.invite, name="invite"),
    path("suggestions/<str:suggestion_id>/", views.answer, name="answer"),
    path("sessions/<str:glimmer_id>/", views.for_sessions, name="for_sessions"),
    path("<str:link_id>/confirm/", views.confirm, name="confirm"),
    path("<str:link_id>/scope/", views.scope, name="scope"),
    path("<str:link_id>/end/", views.end, name="end"),
    path("<str:link_id>/log/", views.log, name="log"),
    path("<str:link_id>/as-carer/", views.as_carer, name="as_carer"),
    path("<str:link_id>/as-carer/glimmers/", views.as_carer_glimmers, name="as_carer_glimmers"),
    path(
        "<str:link_id>/as-carer/glimmers/<str:glimmer_id>/",
        views.as_carer_glimmer,
        name="as_carer_glimmer",
    ),
    path(
        "<str:link_id>/as-carer/photos/<str:photo_id>/",
        views.as_carer_photo,
        name="as_carer_photo",
    ),
    path(
        "<str:link_id>/as-carer/photos/<str:photo_id>/thumbnail/",
        views.as_carer_thumbnail,
        name="as_carer_thumbnail",
    ),
    path(
        "<str:link_id>/as-carer/hard-moments/",
        views.as_carer_triggers,
        name="as_carer_triggers",
    ),
]
