"""The one settings module.

Everything a person or a host may change is read from a ``GLIMMERS_*``
environment variable through the small typed helpers below. A bad value stops
the app at start-up with a message that names the variable, rather than
running half-configured. Every variable is documented in
``docs/configuration.md`` (a test keeps the two in step).
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
import platformdirs
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# ---------------------------------------------------------------------------
# Typed helpers. ENV_VARS records every variable read, for the docs test.
# ---------------------------------------------------------------------------

ENV_VARS: dict[str, str] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, help_text: str) -> str | None:
    ENV_VARS[name] = help_text
    return os.environ.get(name)


def env_str(name: str, default: str, help_text: str) -> str:
    value = _raw(name, help_text)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool, help_text: str) -> bool:
    value = _raw(name, help_text)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def env_int(name: str, default: int, help_text: str, *, minimum: int = 0) -> int:
    value = _raw(name, help_text)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}.")
    return number


def env_list(name: str, default: list[str], help_text: str) -> list[str]:
    value = _raw(name, help_text)
    if value is None or not value.strip():
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# ---------------------------------------------------------------------------
# Where things live
# ---------------------------------------------------------------------------

PACKAGE_DIR = Path(__file__).resolve().parent

DATA_DIR = Path(
    env_str(
        "GLIMMERS_DATA_DIR",
        platformdirs.user_data_dir("glimmers", appauthor=False),
        "Folder for the SQLite database, photos and the generated secret key.",
    )
).expanduser()
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
except OSError as error:
    raise ImproperlyConfigured(f"GLIMMERS_DATA_DIR {DATA_DIR} cannot be created: {error}") from None

DEBUG = env_bool(
    "GLIMMERS_DEBUG", False, "Show Django's debug pages. Never on a server others can reach."
)


# ---------------------------------------------------------------------------
# Secret key: from the environment, from a file, or generated once (0600).
# ---------------------------------------------------------------------------


def _secret_key() -> str:
    direct = env_str("GLIMMERS_SECRET_KEY", "", "The secret key itself (hosts usually set this).")
    key_file = Path(
        env_str(
            "GLIMMERS_SECRET_KEY_FILE",
            str(DATA_DIR / "secret_key"),
            "File holding the secret key; created with mode 0600 if missing.",
        )
    ).expanduser()
    if direct:
        if len(direct) < 50:
            raise ImproperlyConfigured("GLIMMERS_SECRET_KEY must be at least 50 characters long.")
        return direct
    try:
        # O_EXCL: if two processes start at once, only one writes the key.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = key_file.read_text().strip()
        if len(key) < 50:
            raise ImproperlyConfigured(f"The secret key in {key_file} is too short.") from None
        return key
    except OSError as error:
        raise ImproperlyConfigured(
            f"Cannot create the secret key file {key_file}: {error}"
        ) from None
    key = secrets.token_urlsafe(64)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


SECRET_KEY = _secret_key()


# ---------------------------------------------------------------------------
# Database: SQLite in the data directory unless GLIMMERS_DATABASE_URL is set.
# ---------------------------------------------------------------------------

_database_url = env_str(
    "GLIMMERS_DATABASE_URL",
    "",
    "Database URL, e.g. postgres://user@host/dbname. Default: SQLite in the data directory.",
)
SQLITE_BUSY_TIMEOUT_SECONDS = env_int(
    "GLIMMERS_SQLITE_BUSY_TIMEOUT",
    20,
    "Seconds an SQLite writer waits for another writer before giving up.",
    minimum=1,
)

REQUEST_TIMEOUT_SECONDS = env_int(
    "GLIMMERS_REQUEST_TIMEOUT_SECONDS",
    60,
    "Seconds `glimmers serve` lets one request run before it replaces the worker serving it.",
    minimum=1,
)

if _database_url:
    try:
        _db = dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"GLIMMERS_DATABASE_URL is not a usable URL: {error}") from None
else:
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "glimmers.sqlite3"),
        # Each server thread keeps its connection: opening one (and its
        # PRAGMAs) cost about 4 ms of every request.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }

if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db.setdefault("OPTIONS", {}).update(
        {
            # Writers take the lock at BEGIN, so they queue on the busy timeout
            # instead of failing with "database is locked" on upgrade.
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
            # WAL lets readers carry on while someone writes. Django already
            # turns foreign keys on for every SQLite connection. secure_delete
            # overwrites what a delete frees with zeros, so a deleted glimmer's
            # words do not linger in free pages of the file (docs/security.md).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
            ),
        }
    )
    # The tests' database is a file beside the real one's, as the app's is:
    # Django's default for SQLite, a database in memory shared between
    # threads, answers "table is locked" at once where a file waits its turn,
    # so work on threads of its own (an import, a deletion) would be tested
    # against locking the app never meets.
    _db.setdefault("TEST", {}).setdefault(
        "NAME", str(Path(_db["NAME"]).with_suffix(".test.sqlite3"))
    )
elif _db["ENGINE"] not in {"django.db.backends.postgresql"}:
    raise ImproperlyConfigured("GLIMMERS_DATABASE_URL must point at SQLite or PostgreSQL.")

DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# ---------------------------------------------------------------------------
# Web serving and security
# ---------------------------------------------------------------------------

ALLOWED_HOSTS = env_list(
    "GLIMMERS_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost", "[::1]"],
    "Comma-separated host names this instance answers to. Default: this machine only.",
)
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("GLIMMERS_ALLOWED_HOSTS may not contain '*'; list your host names.")

HTTPS = env_bool(
    "GLIMMERS_HTTPS",
    False,
    "Served over HTTPS: secure cookies, HSTS and a redirect from plain HTTP.",
)
BEHIND_PROXY = env_bool(
    "GLIMMERS_BEHIND_PROXY",
    False,
    "A reverse proxy terminates TLS and sets X-Forwarded-For and X-Forwarded-Proto.",
)
TRUSTED_PROXIES = env_list(
    "GLIMMERS_TRUSTED_PROXIES",
    ["127.0.0.1", "::1"],
    "With GLIMMERS_BEHIND_PROXY: the proxies (addresses or networks) whose "
    "X-Forwarded-For and X-Forwarded-Proto are believed. Default: this machine.",
)
if "GLIMMERS_TRUSTED_PROXIES" in os.environ and not BEHIND_PROXY:
    raise ImproperlyConfigured(
        "GLIMMERS_TRUSTED_PROXIES only means something with GLIMMERS_BEHIND_PROXY=1."
    )
for _proxy in TRUSTED_PROXIES:
    try:
        _network = ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"GLIMMERS_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network."
        ) from None
    if _network.prefixlen == 0:
        raise ImproperlyConfigured(
            f"GLIMMERS_TRUSTED_PROXIES: {_proxy!r} would trust everyone; name your proxies."
        )
OPEN_SIGNUP = env_bool(
    "GLIMMERS_OPEN_SIGNUP",
    False,
    "Let anyone who can reach the site create an account (after the first one).",
)

SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# No SECURE_PROXY_SSL_HEADER: glimmers.wsgi sets wsgi.url_scheme from a
# trusted proxy's X-Forwarded-Proto and removes the header from every request.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Powerful browser features no page of ours uses, denied to every page and to
# anything that might frame one. The capture page takes photos through a file
# input, which opens the phone's own camera app and needs no camera permission.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "camera",
    "clipboard-read",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # a month: people return to the practice, not daily
SESSION_ENGINE = "glimmers.accounts.sessions"
# Three days covers a weekend away without a new sign-in, while a browser
# forgotten on a shared computer or an old phone stops opening the journal
# soon after (see docs/decisions.md, "Sessions and tokens").
SESSION_IDLE_MINUTES = env_int(
    "GLIMMERS_SESSION_IDLE_MINUTES",
    3 * 24 * 60,
    "Minutes a signed-in browser may go unused before it is signed out; 0: no idle limit "
    "(sessions still end 30 days after they were last saved).",
)
if SESSION_IDLE_MINUTES * 60 > SESSION_COOKIE_AGE:
    raise ImproperlyConfigured(
        f"GLIMMERS_SESSION_IDLE_MINUTES can be at most {SESSION_COOKIE_AGE // 60} (30 days: "
        f"every session ends by then anyway); got {SESSION_IDLE_MINUTES}."
    )

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}


# ---------------------------------------------------------------------------
# Django
# ---------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "glimmers",
    "glimmers.accounts",
    "glimmers.journal",
    "glimmers.practice",
    "glimmers.insights",
    "glimmers.circles",
    "glimmers.care",
    "glimmers.reminders",
    "glimmers.api",
    "glimmers.yourdata",
]

MIDDLEWARE = [
    # Outermost: every response, static files and error pages included, gets
    # the protective headers; HEAD is answered as GET without the body.
    "glimmers.middleware.SecurityHeadersMiddleware",
    "glimmers.middleware.HeadAsGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "glimmers.middleware.StaticFilesMiddleware",
    # Pages and JSON compressed when the browser asks (static files never get this far:
    # they are compressed ahead, above); BREACH: see docs/decisions.md.
    "glimmers.middleware.CompressTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language (Accept-Language, or the switch's cookie) until a person
    # chooses one in preferences (PersonalLocaleMiddleware, after sign-in is known).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django reads a multipart body only for POST; the API's create-once photo
    # upload is a PUT (NINJA_FIX_REQUEST_FILES_METHODS, below, keeps it to PUT).
    "ninja.compatibility.files.fix_request_files_middleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "glimmers.accounts.middleware.PersonalLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "glimmers.accounts.middleware.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "glimmers.middleware.NoStoreMiddleware",
    "glimmers.accounts.middleware.FirstRunMiddleware",
]

NINJA_FIX_REQUEST_FILES_METHODS = {"PUT"}

ROOT_URLCONF = "glimmers.urls"
WSGI_APPLICATION = "glimmers.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "glimmers.context_processors.glimmers",
            ],
        },
    }
]

FORM_RENDERER = "glimmers.forms.FormRenderer"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "practice:today"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not this site's own words ("glimmers" …) nor the person's name, and not easy to
    # guess by zxcvbn's offline estimate (score 3 or more): glimmers/accounts/password_validation.py
    {"NAME": "glimmers.accounts.password_validation.OwnWordsValidator"},
    {"NAME": "glimmers.accounts.password_validation.GuessabilityValidator"},
]

LANGUAGE_CODE = "en"
# The language switch keeps its choice in a cookie for a year; it carries nothing personal.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
# Each language in its own name, as the switch at the foot of every page shows it.
LANGUAGES = [("en", "English"), ("uk", "Українська")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
# `glimmers serve` collects each version's static files here once, under content-hashed
# names with brotli and gzip copies (glimmers/staticfiles.py); until then, and wherever
# nothing was collected, whitenoise serves the plain files straight from the package.
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True, mode=0o700)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "glimmers.staticfiles.HashedStaticFiles"},
}
# Swagger UI for the API docs page comes with django-ninja; found without
# importing ninja, so the command line starts fast (see api/docs.py).
_ninja_spec = importlib.util.find_spec("ninja")
STATICFILES_DIRS = (
    [Path(next(iter(_ninja_spec.submodule_search_locations))) / "static"] if _ninja_spec else []
)
# Plain names straight from the package's static folders (nothing to go stale after an
# upgrade); hashed names from STATIC_ROOT, cached for a year.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Source maps are only ever read by a developer's tools: not worth compressing at start-up.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp", "woff", "woff2", "map"]

MEDIA_ROOT = DATA_DIR / "media"
# No MEDIA_URL on purpose: photos are only ever served by a view that checks
# who is asking.

PHOTO_MAX_BYTES = env_int(
    "GLIMMERS_PHOTO_MAX_BYTES",
    15 * 1024 * 1024,
    "Largest photo upload accepted, in bytes.",
    minimum=1024,
)
PHOTO_MAX_PIXELS = env_int(
    "GLIMMERS_PHOTO_MAX_PIXELS",
    # Above a 12-megapixel phone photo; bigger phone JPEGs open at a reduced
    # scale and count at that size (journal/photos.py, docs/decisions.md).
    16_000_000,
    "Most pixels (width × height) a photo may hold in memory while it is opened.",
    minimum=10_000,
)
STORAGE_QUOTA_MB = env_int(
    "GLIMMERS_STORAGE_QUOTA_MB",
    0,
    "Room for each person's photos, in megabytes; 0 or unset: no limit.",
)
# Photos and anything else saved through Django's storage: private to the app's user.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

API_RATE_LIMIT_PER_MINUTE = env_int(
    "GLIMMERS_API_RATE_LIMIT",
    600,
    "API requests a minute allowed per token (or signed-in person); 0 turns the limit off.",
)

SECURITY_LOG_DAYS = env_int(
    "GLIMMERS_SECURITY_LOG_DAYS",
    365,
    "Days a line of a person's security log is kept before it ages out.",
    minimum=1,
)

# ---------------------------------------------------------------------------
# Reminders: e-mail through the host's SMTP server, Web Push, the worker
# (docs/reminders.md)
# ---------------------------------------------------------------------------

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str(
    "GLIMMERS_EMAIL_HOST",
    "",
    "SMTP server that sends reminder e-mails; unset: e-mail reminders are not offered.",
)
EMAIL_PORT = env_int("GLIMMERS_EMAIL_PORT", 587, "Port of the SMTP server.", minimum=1)
EMAIL_HOST_USER = env_str("GLIMMERS_EMAIL_USER", "", "User name for the SMTP server, if any.")
EMAIL_HOST_PASSWORD = env_str(
    "GLIMMERS_EMAIL_PASSWORD", "", "Password for the SMTP server, if any."
)
EMAIL_USE_TLS = env_bool(
    "GLIMMERS_EMAIL_TLS", True, "Start TLS on the SMTP connection (STARTTLS, usually port 587)."
)
EMAIL_USE_SSL = env_bool(
    "GLIMMERS_EMAIL_SSL", False, "Connect to the SMTP server over TLS from the start (port 465)."
)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    # Django refuses both; the one that names a port of its own wins.
    EMAIL_USE_TLS = False
EMAIL_TIMEOUT = env_int(
    "GLIMMERS_EMAIL_TIMEOUT",
    30,
    "Seconds to wait for the SMTP server before trying later.",
    minimum=1,
)
DEFAULT_FROM_EMAIL = env_str(
    "GLIMMERS_EMAIL_FROM",
    "Glimmers <glimmers@localhost>",
    "The From address of reminder e-mails.",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env_str(
    "GLIMMERS_SITE_URL",
    "http://127.0.0.1:8000",
    "The address people open Glimmers at, for the links in reminder e-mails.",
).rstrip("/")
VAPID_SUBJECT = env_str(
    "GLIMMERS_VAPID_SUBJECT",
    "mailto:glimmers@localhost",
    "Who runs this Glimmers, for push services (mailto: or https: address).",
)
PUSH_ALLOW_LOCAL = env_bool(
    "GLIMMERS_PUSH_ALLOW_LOCAL",
    False,
    "Accept push endpoints on this machine or a private network, over plain HTTP (tests only).",
)
WORKER_INTERVAL_SECONDS = env_int(
    "GLIMMERS_WORKER_INTERVAL",
    30,
    "Seconds `glimmers worker` waits between passes over the reminders that are due.",
    minimum=1,
)

HELP_TEXT = env_str(
    "GLIMMERS_HELP_TEXT",
    "",
    "Where to find help, shown on every page's footer (e.g. a local crisis line).",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
