"""The only settings module. Every value comes from an environment variable (see .env.example)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from yhteiso.config.env import (
    ConfigurationError,
    database_from_url,
    email_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
)
from yhteiso.config.signin import oidc_endpoints, parse_group_roles

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
    "django_tasks",
    "django_tasks_db",
    "yhteiso.core",
    "yhteiso.jobs",
    "yhteiso.areas",
    "yhteiso.knowledge",
    "yhteiso.schools",
    "yhteiso.programme",
    "yhteiso.governance",
    "yhteiso.surveys",
    "yhteiso.mapsurveys",
    "yhteiso.budgeting",
    "yhteiso.reports",
    "yhteiso.notices",
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

# Background jobs (django-tasks). "database": a queue in the database, run by `yhteiso worker` (default);
# "immediate": run at once inside the request (tests, or a tiny installation without a worker).
_TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend",
                  "immediate": "django_tasks.backends.immediate.ImmediateBackend"}
_tasks_backend = env_str("YHTEISO_TASKS_BACKEND", "database")
if _tasks_backend not in _TASK_BACKENDS:
    raise ConfigurationError(
        f"YHTEISO_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)} (got {_tasks_backend!r}).")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_tasks_backend]}}

# E-mail: YHTEISO_EMAIL_URL = smtp://user:password@host:587?tls=true | smtps://… | console: | locmem: | file:///dir
# (default console: messages are printed by the worker). Links in e-mails start with YHTEISO_SITE_URL.
EMAIL_BACKEND, _email_options = email_from_url(env_str("YHTEISO_EMAIL_URL", "console:"))
globals().update(_email_options)
DEFAULT_FROM_EMAIL = env_str("YHTEISO_EMAIL_FROM", "Yhteisö <yhteiso@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env_int("YHTEISO_EMAIL_TIMEOUT", 20, minimum=1)
YHTEISO_SITE_URL = env_str("YHTEISO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("YHTEISO_LOG_LEVEL", "WARNING")},
}

# Signing in (owned by the sign-in work; see docs/deploy.md and .env.example).
# The Django admin site records every save and delete in the audit log (yhteiso.core.admin_audit).
INSTALLED_APPS[INSTALLED_APPS.index("django.contrib.admin")] = "yhteiso.core.admin_apps.AuditedAdminConfig"
INSTALLED_APPS += ["axes"]
# Failed local logins are counted in the database (shared by every worker and machine), per account and per client.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = env_bool("YHTEISO_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = env_int("YHTEISO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("YHTEISO_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
# Either the account or the client reaching the limit locks (attempts without a username: the client only).
AXES_LOCKOUT_PARAMETERS = "yhteiso.core.signin.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "yhteiso.core.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "yhteiso.core.signin.client_ip"
AXES_USERNAME_CALLABLE = "yhteiso.core.signin.attempted_username"
AXES_VERBOSE = False
# Behind a reverse proxy: how many proxies add themselves to X-Forwarded-For (0 = use the connection's address).
YHTEISO_PROXY_COUNT = env_int("YHTEISO_PROXY_COUNT", 0, minimum=0)
CSRF_FAILURE_VIEW = "yhteiso.core.errors.csrf_failure"

YHTEISO_OIDC_ISSUER = env_str("YHTEISO_OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = env_str("YHTEISO_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("YHTEISO_OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = env_str("YHTEISO_OIDC_SCOPES", "openid profile email")
OIDC_RP_SIGN_ALGO = env_str("YHTEISO_OIDC_SIGN_ALGO", "RS256")
OIDC_USE_PKCE = env_bool("YHTEISO_OIDC_PKCE", True)
OIDC_TIMEOUT = env_int("YHTEISO_OIDC_TIMEOUT", 10, minimum=1)
_oidc_explicit = oidc_endpoints(YHTEISO_OIDC_ISSUER, {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": env_str("YHTEISO_OIDC_AUTHORIZATION_ENDPOINT", ""),
    "OIDC_OP_TOKEN_ENDPOINT": env_str("YHTEISO_OIDC_TOKEN_ENDPOINT", ""),
    "OIDC_OP_USER_ENDPOINT": env_str("YHTEISO_OIDC_USERINFO_ENDPOINT", ""),
    "OIDC_OP_JWKS_ENDPOINT": env_str("YHTEISO_OIDC_JWKS_ENDPOINT", ""),
}, client_id=OIDC_RP_CLIENT_ID, secret=OIDC_RP_CLIENT_SECRET)
OIDC_OP_AUTHORIZATION_ENDPOINT = _oidc_explicit["OIDC_OP_AUTHORIZATION_ENDPOINT"]
OIDC_OP_TOKEN_ENDPOINT = _oidc_explicit["OIDC_OP_TOKEN_ENDPOINT"]
OIDC_OP_USER_ENDPOINT = _oidc_explicit["OIDC_OP_USER_ENDPOINT"]
OIDC_OP_JWKS_ENDPOINT = _oidc_explicit["OIDC_OP_JWKS_ENDPOINT"]
YHTEISO_OIDC_GROUPS_CLAIM = env_str("YHTEISO_OIDC_GROUPS_CLAIM", "groups")
YHTEISO_OIDC_GROUP_ROLES = parse_group_roles("YHTEISO_OIDC_GROUP_ROLES", env_str("YHTEISO_OIDC_GROUP_ROLES", ""))
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
OIDC_CALLBACK_CLASS = "yhteiso.core.signin.OIDCCallbackView"
OIDC_AUTHENTICATE_CLASS = "yhteiso.core.signin.OIDCStartView"
LOGIN_REDIRECT_URL_FAILURE = "/kirjaudu/?oidc=failed"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS += ["yhteiso.core.signin.OIDCBackend"]
