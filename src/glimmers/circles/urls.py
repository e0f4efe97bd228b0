from django.urls import path

from glimmers.circles import views

app_name = "circles"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join_code"),
    path("glimmer/<str:glimmer_id>/share/", views.share_glimmer, name="share"),
    path("glimmer/<str:glimmer_id>/stop/", views.stop_sharing, name="stop"),
    path("shared/<str:share_id>/", views.shared, name="shared"),
    path("replies/<str:reply_id>/hide/", views.hide_reply, name="hide_reply"),
    path("replies/<str:reply_id>/take-back/", views.take_back_reply, name="take_back_reply"),
    path("<str:circle_id>/", views.circle, name="circle"),
    path("<str:circle_id>/people/", views.people, name="people"),
    path("<str:circle_id>/edit/", views.edit, name="edit"),
    path("<str:circle_id>/invite/", views.invite, name="invite"),
    path(
        "<str:circle_id>/invites/<int:invite_id>/withdraw/",
        views.withdraw_invite,
        name="withdraw_invite",
    ),
    path("<str:circle_id>/people/<str:user_id>/remove/", views.remove, name="remove"),
    path("<str:circle_id>/people/<str:user_id>/hand-on/", views.hand_on, name="hand_on"),
    path("<str:circle_id>/leave/", views.leave, name="leave"),
    path("<str:circle_id>/close/", views.close, name="close"),
    path("<str:circle_id>/share/", views.share_several, name="share_several"),
    path("<str:circle_id>/photos/<str:photo_id>/", views.photo, name="photo"),
    path(
        "<str:circle_id>/photos/<str:photo_id>/thumbnail/",
        views.photo_thumbnail,
        name="photo_thumbnail",
    ),
]
