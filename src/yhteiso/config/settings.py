"""The only settings module. Every value comes from an environment variable (see .env.example)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from yhteiso.config.env import database_from_url, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("YHTEISO_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("YHTEISO_DEBUG", False)


def _local_secret_key() -> str:
    """A per-installation key kept in the data directory, for local and demo use when none is configured."""
    key_file = DATA_DIR / "secret_key"
    try:
        return key_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key, encoding="utf-8")
        key_file.chmod(0o600)
        return key


SECRET_KEY = env_str("YHTEISO_SECRET_KEY", "") or _local_secret_key()
ALLOWED_HOSTS = env_list("YHTEISO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("YHTEISO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "yhteiso.core",
    "yhteiso.areas",
    "yhteiso.knowledge",
    "yhteiso.programme",
    "yhteiso.governance",
    "yhteiso.surveys",
    "yhteiso.mapsurveys",
    "yhteiso.budgeting",
    "yhteiso.reports",
    "yhteiso.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "yhteiso.config.urls"
WSGI_APPLICATION = "yhteiso.config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "yhteiso.core.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR}/yhteiso.sqlite3"), base_dir=Path.cwd())
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers run while one writer writes: about 3x the survey throughput of the default journal
    # (benchmarks/results/survey_load.md). Production uses PostgreSQL.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:staff-home"
LOGOUT_REDIRECT_URL = "core:home"

# Languages: Finnish is the default; Swedish and English are complete UI languages.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
# Respondent pages (surveys, participatory budgeting) offer more languages; see yhteiso.core.languages.
LANGUAGE_COOKIE_NAME = "yhteiso_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS: list = []  # every app keeps its own locale/ directory
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("YHTEISO_UPLOAD_MAX_BYTES", 50 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Uploads past YHTEISO_UPLOAD_MAX_BYTES are dropped while they stream in (yhteiso.core.uploads).
FILE_UPLOAD_HANDLERS = ["yhteiso.core.uploads.SizeLimitedUploadHandler",
                        "django.core.files.uploadhandler.MemoryFileUploadHandler",
                        "django.core.files.uploadhandler.TemporaryFileUploadHandler"]
# Staged uploads (previewed, waiting for confirmation) are deleted after this many seconds.
YHTEISO_STAGED_UPLOAD_SECONDS = env_int("YHTEISO_STAGED_UPLOAD_SECONDS", 3600, minimum=60)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("YHTEISO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Map background: no external tiles unless a URL is configured.
YHTEISO_TILE_URL = env_str("YHTEISO_TILE_URL", "")
YHTEISO_TILE_ATTRIBUTION = env_str("YHTEISO_TILE_ATTRIBUTION", "")
# Keyed hash for participatory-budgeting voter rolls and invitation codes.
YHTEISO_VOTER_KEY = env_str("YHTEISO_VOTER_KEY", "") or SECRET_KEY
# Small-cell suppression defaults (surveys may tighten them).
YHTEISO_MIN_COUNT = env_int("YHTEISO_MIN_COUNT", 5, minimum=1)
YHTEISO_MIN_N_FOR_MEANS = env_int("YHTEISO_MIN_N_FOR_MEANS", 10, minimum=1)

# Anonymous survey submissions per client (keyed by a hash of the address, never stored with answers):
# "COUNT/SECONDS", or "0" to turn the limit off.
YHTEISO_SURVEY_RATE_LIMIT = env_str("YHTEISO_SURVEY_RATE_LIMIT", "30/600")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("YHTEISO_LOG_LEVEL", "WARNING")},
}
