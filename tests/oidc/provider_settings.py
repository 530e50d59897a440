"""Settings of a small OpenID Connect provider (django-oauth-toolkit) that the sign-in tests start as a separate
process on a loopback port. Everything comes from the environment the test sets: the database file, the RS256 key
(generated in the test), the issuer."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

SECRET_KEY = os.environ["OIDC_TEST_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc.provider_urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [HERE / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["OIDC_TEST_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/accounts/login/"
# Its own cookie names, so the provider's session never mixes with the platform's on the same loopback host.
SESSION_COOKIE_NAME = "provider_sessionid"
CSRF_COOKIE_NAME = "provider_csrftoken"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": Path(os.environ["OIDC_TEST_KEY_FILE"]).read_text(encoding="utf-8"),
    "OIDC_ISS_ENDPOINT": os.environ["OIDC_TEST_ISSUER"],
    # The Suomi.fi tests start it with tests.oidc.suomifi_validator.SuomifiStyleValidator (Suomi.fi-style claims).
    "OAUTH2_VALIDATOR_CLASS": os.environ.get("OIDC_TEST_VALIDATOR", "tests.oidc.provider_validator.GroupsClaimValidator"),
    "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "E-mail"},
    # PKCE for every client but one kept without it, so a test can reach the nonce check on its own.
    "PKCE_REQUIRED": lambda client_id: client_id != "yhteiso-test-nopkce",
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    # RP-initiated logout (end_session_endpoint in the metadata): the platform ends a resident's Suomi.fi session
    # right after the identification; with a valid id_token_hint of the signed-in user no question is asked.
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
}
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "WARNING"}}
