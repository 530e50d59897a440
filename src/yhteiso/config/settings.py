"""The only settings module. Every value comes from an environment variable (see .env.example)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

from django.utils.translation import gettext_lazy as _

from yhteiso.config.env import (
    ConfigurationError,
    cache_from_url,
    database_from_url,
    email_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    local_key,
    proxy_ssl_header,
    trusted_proxies,
    trusted_proxies_value,
)
from yhteiso.config.signin import oidc_endpoints, parse_group_roles

PACKAGE_DIR = Path(__file__).resolve().parent.parent

# development (default) or production. Production refuses to start without its keys and turns on HTTPS-only
# cookies, HSTS and the HTTPS redirect (docs/deploy.md).
YHTEISO_ENV = env_str("YHTEISO_ENV", "development").strip().lower()
if YHTEISO_ENV not in {"development", "production"}:
    raise ConfigurationError(f"YHTEISO_ENV must be development or production (got {YHTEISO_ENV!r}).")
PRODUCTION = YHTEISO_ENV == "production"


def _user_dir(xdg_variable: str, fallback: str) -> Path:
    base = os.environ.get(xdg_variable) or str(Path.home() / fallback)
    return Path(base) / "yhteiso"


# One absolute place for local data, whatever the working directory: the SQLite database, uploaded and generated
# files. Default ~/.local/share/yhteiso (XDG), so `yhteiso report ...` run anywhere finds the demo's database.
DATA_DIR = Path(env_str("YHTEISO_DATA_DIR", str(_user_dir("XDG_DATA_HOME", ".local/share")))).expanduser().resolve()
# Keys generated for development live apart from the data (not in its backups): default ~/.config/yhteiso/keys.
_DEFAULT_KEYS_DIR = _user_dir("XDG_CONFIG_HOME", ".config") / "keys"
KEYS_DIR = Path(env_str("YHTEISO_KEYS_DIR", str(_DEFAULT_KEYS_DIR))).expanduser().resolve()

DEBUG = env_bool("YHTEISO_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ConfigurationError("YHTEISO_DEBUG=true is not allowed with YHTEISO_ENV=production.")


def _required_key(name: str, file_name: str) -> str:
    value = env_str(name, "")
    if value:
        return value
    if PRODUCTION:
        changing = ("invalidates every issued voting and invitation code" if name == "YHTEISO_VOTER_KEY"
                    else "signs everyone out")
        raise ConfigurationError(
            f"{name} is not set. With YHTEISO_ENV=production the server does not start without it: set {name} "
            f"(or {name}_FILE=/path/to/file) to a long random value, e.g. "
            f"python3 -c 'import secrets; print(secrets.token_urlsafe(50))'. Keep it stable: changing it "
            f"{changing}."
        )
    return local_key(KEYS_DIR, file_name)


SECRET_KEY = _required_key("YHTEISO_SECRET_KEY", "secret_key")
ALLOWED_HOSTS = env_list("YHTEISO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("YHTEISO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "yhteiso.core",
    "yhteiso.jobs",
    "yhteiso.areas",
    "yhteiso.knowledge",
    "yhteiso.schools",
    "yhteiso.programme",
    "yhteiso.governance",
    "yhteiso.respondents",
    "yhteiso.surveys",
    "yhteiso.mapsurveys",
    "yhteiso.budgeting",
    "yhteiso.reports",
    "yhteiso.notices",
    "yhteiso.api",
    # the Django admin site, recording every save and delete in the audit log (yhteiso.core.admin_audit); after the
    # platform's apps, whose translations must win (the first listed do: the admin's Finnish "Save" is "Tallenna ja
    # poistu")
    "yhteiso.core.admin_apps.AuditedAdminConfig",
    "axes",  # failed local logins (yhteiso.core.signin)
]

MIDDLEWARE = [
    "yhteiso.core.logs.RequestIdMiddleware",  # outermost: every answer has a request id and one log line
    "yhteiso.core.health.DatabaseUnavailableMiddleware",  # a database outage becomes a friendly 503
    "yhteiso.core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "yhteiso.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "yhteiso.core.badinput.NulCharacterMiddleware",  # PostgreSQL stores no NUL: refuse it with 400, named
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last, as django-axes asks: failed local logins are counted in the database (shared by every worker and
    # machine), per account and per client
    "axes.middleware.AxesMiddleware",
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
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # SQLite serialises writers across processes itself: WAL lets readers run beside the one writer, a busy
    # timeout makes writers wait their turn instead of failing, and IMMEDIATE transactions take the write lock at
    # BEGIN so two transactions never deadlock upgrading a read lock. Production uses PostgreSQL.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": env_int("YHTEISO_SQLITE_BUSY_TIMEOUT", 30, minimum=1),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too (one per test process), not Django's default in-memory shared-cache database, whose
    # table locks fail at once instead of waiting: concurrency tests then see the locking production has.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    # Each server thread keeps its connection for a while (checked before reuse), so a request does not pay for a
    # new PostgreSQL connection; at most workers x threads connections per server.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("YHTEISO_DB_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Shared state (rate limits, the worker heartbeat) lives in a cache every process and machine sees: by default
# Django's database cache in the same database (table created by core's migration and `yhteiso serve`).
CACHES = {"default": cache_from_url(env_str("YHTEISO_CACHE_URL", "db://yhteiso_cache"))}
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
SESSION_COOKIE_SECURE = env_bool("YHTEISO_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a TLS-terminating proxy: the header it sets, e.g. X-Forwarded-Proto=https (only if the proxy always sets
# or overwrites it).
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(env_str("YHTEISO_PROXY_SSL_HEADER", ""))
SECURE_SSL_REDIRECT = env_bool("YHTEISO_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]  # probes and scrapers on the inside network
SECURE_HSTS_SECONDS = env_int("YHTEISO_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("YHTEISO_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("YHTEISO_HSTS_PRELOAD", False)
# The HSTS preload list is a decision for the whole domain (espoo.fi), not for one service: off unless asked for.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content Security Policy (yhteiso.core.csp): scripts only from our own static files, no inline scripts; inline
# style attributes are allowed (templates use a few). YHTEISO_CSP replaces the whole policy.
# Map background: no external tiles unless a URL is configured; their host is added to img-src.
YHTEISO_TILE_URL = env_str("YHTEISO_TILE_URL", "")
YHTEISO_TILE_ATTRIBUTION = env_str("YHTEISO_TILE_ATTRIBUTION", "")
_tile_origin = ""
if YHTEISO_TILE_URL:
    _tile = urlparse(YHTEISO_TILE_URL)
    _tile_origin = f" {_tile.scheme}://{_tile.netloc.replace('{s}', '*')}"
YHTEISO_CSP = env_str(
    "YHTEISO_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    f"img-src 'self' data:{_tile_origin}; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

# Health and observability (yhteiso.core.health, yhteiso.core.metrics, docs/deploy.md).
YHTEISO_READY_REQUIRE_WORKER = env_bool("YHTEISO_READY_REQUIRE_WORKER", PRODUCTION)
YHTEISO_WORKER_HEARTBEAT_MAX_AGE = env_int("YHTEISO_WORKER_HEARTBEAT_MAX_AGE", 120, minimum=1)
YHTEISO_METRICS_ALLOW = env_list("YHTEISO_METRICS_ALLOW", ["127.0.0.1", "::1"])

# Keyed hash for participatory-budgeting voter rolls and invitation codes.
YHTEISO_VOTER_KEY = _required_key("YHTEISO_VOTER_KEY", "voter_key")
# Small-cell suppression defaults (surveys may tighten them).
YHTEISO_MIN_COUNT = env_int("YHTEISO_MIN_COUNT", 5, minimum=1)
YHTEISO_MIN_N_FOR_MEANS = env_int("YHTEISO_MIN_N_FOR_MEANS", 10, minimum=1)

# Anonymous survey submissions per client (keyed by a hash of the address, never stored with answers):
# "COUNT/SECONDS", or "0" to turn the limit off.
YHTEISO_SURVEY_RATE_LIMIT = env_str("YHTEISO_SURVEY_RATE_LIMIT", "30/600")
# The proxies in front of the server, for the client address of the sign-in throttle and the rate limits
# (yhteiso.core.clients): a number of hops, or their addresses/CIDR networks ("" = none). Refused at start if unusable.
# YHTEISO_PROXY_COUNT is its deprecated older name.
YHTEISO_TRUSTED_PROXIES = trusted_proxies_value()
trusted_proxies(YHTEISO_TRUSTED_PROXIES)

# Background jobs (django-tasks). "database": a queue in the database, run by `yhteiso worker` (default);
# "immediate": run at once inside the request (tests, or a tiny installation without a worker).
_TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend",
                  "immediate": "django_tasks.backends.immediate.ImmediateBackend"}
_tasks_backend = env_str("YHTEISO_TASKS_BACKEND", "database")
if _tasks_backend not in _TASK_BACKENDS:
    raise ConfigurationError(
        f"YHTEISO_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)} (got {_tasks_backend!r}).")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_tasks_backend]}}
# Files that jobs made (rendered reports, exports) are removed this many days after the job finished (the worker
# does it once a day); the job stays in the list with a note that its file was removed.
JOB_RESULT_DAYS = env_int("YHTEISO_JOB_RESULT_DAYS", 30, minimum=1)

# E-mail: YHTEISO_EMAIL_URL = smtp://user:password@host:587?tls=true | smtps://… | console: | locmem: | file:///dir
# (default console: messages are printed by the worker). Links in e-mails start with YHTEISO_SITE_URL.
EMAIL_BACKEND, _email_options = email_from_url(env_str("YHTEISO_EMAIL_URL", "console:"))
globals().update(_email_options)
DEFAULT_FROM_EMAIL = env_str("YHTEISO_EMAIL_FROM", "Yhteisö <yhteiso@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env_int("YHTEISO_EMAIL_TIMEOUT", 20, minimum=1)
YHTEISO_SITE_URL = env_str("YHTEISO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# One JSON object per line on standard error, each with the request id of the request it belongs to.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "yhteiso.core.logs.JsonFormatter"}},
    "filters": {"request_id": {"()": "yhteiso.core.logs.RequestIdFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env_str("YHTEISO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # one line per request (method, path, view, status, duration; never the client's address)
        "yhteiso.request": {"level": "INFO" if env_bool("YHTEISO_REQUEST_LOG", True) else "WARNING"},
        # Django's own request warnings duplicate ours
        "django.request": {"level": "ERROR"},
    },
}

# Signing in (docs/signin.md and .env.example).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = env_bool("YHTEISO_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = env_int("YHTEISO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("YHTEISO_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
# Either the account or the client reaching the limit locks (attempts without a username: the client only).
AXES_LOCKOUT_PARAMETERS = "yhteiso.core.signin.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "yhteiso.core.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "yhteiso.core.clients.client_address"  # behind YHTEISO_TRUSTED_PROXIES
AXES_USERNAME_CALLABLE = "yhteiso.core.signin.attempted_username"
AXES_VERBOSE = False
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
# Residents' strong identification for voting: Suomi.fi e-Identification through its OpenID Connect interface
# (yhteiso.budgeting.suomifi; docs/identity-providers.md). On when the client id, the metadata URL and the key are set.
YHTEISO_SUOMIFI_METADATA_URL = env_str("YHTEISO_SUOMIFI_METADATA_URL", "")
YHTEISO_SUOMIFI_CLIENT_ID = env_str("YHTEISO_SUOMIFI_CLIENT_ID", "")
YHTEISO_SUOMIFI_PRIVATE_KEY = env_str("YHTEISO_SUOMIFI_PRIVATE_KEY", "")  # PEM; or YHTEISO_SUOMIFI_PRIVATE_KEY_FILE
# Key rotation (docs/identity-providers.md): the next key is published next to the current one (and decrypts); the
# previous one only decrypts, for tokens encrypted to it just after the switch. PEM, or the same names with _FILE.
YHTEISO_SUOMIFI_NEXT_PRIVATE_KEY = env_str("YHTEISO_SUOMIFI_NEXT_PRIVATE_KEY", "")
YHTEISO_SUOMIFI_PREVIOUS_PRIVATE_KEY = env_str("YHTEISO_SUOMIFI_PREVIOUS_PRIVATE_KEY", "")
YHTEISO_SUOMIFI_SCOPES = env_str("YHTEISO_SUOMIFI_SCOPES", "openid profile")
YHTEISO_SUOMIFI_ACR_VALUES = env_str("YHTEISO_SUOMIFI_ACR_VALUES",
                                     "http://ftn.ficora.fi/2017/loa3 http://ftn.ficora.fi/2017/loa2").split()
YHTEISO_SUOMIFI_IDENTITY_CLAIM = env_str("YHTEISO_SUOMIFI_IDENTITY_CLAIM", "urn:oid:1.2.246.21")
YHTEISO_SUOMIFI_MUNICIPALITY_CLAIM = env_str("YHTEISO_SUOMIFI_MUNICIPALITY_CLAIM", "urn:oid:1.2.246.517.2002.2.6")
YHTEISO_SUOMIFI_MUNICIPALITY = env_str("YHTEISO_SUOMIFI_MUNICIPALITY", "049")
YHTEISO_SUOMIFI_TIMEOUT = env_int("YHTEISO_SUOMIFI_TIMEOUT", 10, minimum=1)
if YHTEISO_SUOMIFI_CLIENT_ID and not (YHTEISO_SUOMIFI_METADATA_URL and YHTEISO_SUOMIFI_PRIVATE_KEY):
    raise ConfigurationError("YHTEISO_SUOMIFI_CLIENT_ID is set: set YHTEISO_SUOMIFI_METADATA_URL and "
                             "YHTEISO_SUOMIFI_PRIVATE_KEY (or YHTEISO_SUOMIFI_PRIVATE_KEY_FILE) too.")
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
OIDC_CALLBACK_CLASS = "yhteiso.core.signin.OIDCCallbackView"
OIDC_AUTHENTICATE_CLASS = "yhteiso.core.signin.OIDCStartView"
LOGIN_REDIRECT_URL_FAILURE = "/kirjaudu/?oidc=failed"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS += ["yhteiso.core.signin.OIDCBackend"]
