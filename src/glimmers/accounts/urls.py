from django.contrib.auth import views as auth_views
from django.urls import path

from glimmers.accounts import security_views, views

app_name = "accounts"

urlpatterns = [
    path("welcome/", views.welcome, name="welcome"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("password/", security_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_changed.html"),
        name="password_changed",
    ),
    path("preferences/", views.preferences, name="preferences"),
    path("language/", views.language, name="language"),
    # Sessions, tokens and two-step sign-in (security_views).
    path("security/", security_views.security, name="security"),
    path("security/confirm/", security_views.confirm_password, name="confirm_password"),
    path(
        "security/sessions/others/end/",
        security_views.end_other_sessions,
        name="end_other_sessions",
    ),
    path("security/sessions/<str:ref>/end/", security_views.end_session, name="end_session"),
    path("security/two-step/", security_views.two_factor_page, name="two_factor"),
    path("security/two-step/setup/", security_views.two_factor_setup, name="two_factor_setup"),
    path("security/two-step/qr.svg", security_views.two_factor_qr, name="two_factor_qr"),
    path("security/two-step/off/", security_views.two_factor_off, name="two_factor_off"),
    path(
        "security/two-step/recovery-codes/",
        security_views.recovery_codes,
        name="recovery_codes",
    ),
    path("login/code/", security_views.sign_in_code, name="sign_in_code"),
]
