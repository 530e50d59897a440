"""Signing in: local accounts with throttling, the city's accounts through OpenID Connect, and where people land.

OpenID Connect uses mozilla-django-oidc (a small relying-party library: one authentication backend and two views,
no tables or templates of its own, so the platform keeps its own login page and local accounts). It is tightened
here: the ID token is verified against the provider's JWKS *with* its audience and issuer (the library skips
both), the claims and group memberships come from the verified ID token (Microsoft Entra ID puts ``groups`` only
there), accounts are keyed on (issuer, subject) and never matched by e-mail, and the provider's endpoints are found
by discovery from ``YHTEISO_OIDC_ISSUER`` unless given explicitly."""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlsplit

import jwt
import requests
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from yhteiso.core.audit import audit_record
from yhteiso.core.models import ExternalIdentity
from yhteiso.core.permissions import (
    ROLE_GROUPS,
    is_admin,
    is_programme_staff,
    is_steering_member,
    may_open,
)

logger = logging.getLogger(__name__)

ADMINISTRATOR = "administrator"
_ENDPOINT_SETTINGS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class SignInUnavailableError(Exception):
    """The identity provider cannot be reached or answered something unusable."""


# --- where people land ------------------------------------------------------------------------------------------


def landing_url(user) -> str:
    """The first page a role may see: staff → staff home; steering group → meetings and agendas; others → the first
    page an app offers them (``sign_in_landing(user)`` on its config, e.g. a project owner's projects), else the
    front page."""
    if is_programme_staff(user):
        return reverse("core:staff-home")
    if is_steering_member(user):
        return reverse("governance:meetings")
    for config in apps.get_app_configs():  # e.g. project owners → their projects (so core imports no app)
        hook = getattr(config, "sign_in_landing", None)
        url = hook(user) if hook else None
        if url:
            return url
    return reverse("core:home")


def user_may_see(user, url: str) -> bool:
    """Whether ``url`` (a same-site path) resolves to a page whose role check ``user`` passes."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if path.startswith(reverse("admin:index")):
        return is_admin(user)
    return may_open(user, match.func)


def safe_next(request, user, url: str | None) -> str | None:
    """``url`` if it is on this site and ``user`` may see it, else ``None``."""
    if not url:
        return None
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return None
    if urlsplit(url).netloc:  # same host given absolutely: keep only the path and query
        parts = urlsplit(url)
        url = parts.path + (f"?{parts.query}" if parts.query else "")
    return url if user_may_see(user, url) else None


def after_sign_in_url(request, user, next_url: str | None) -> str:
    return safe_next(request, user, next_url) or landing_url(user)


# --- OpenID Connect configuration ---------------------------------------------------------------------------------


def oidc_enabled() -> bool:
    """True when a client id and either an issuer (discovery) or explicit endpoints are configured."""
    if not settings.OIDC_RP_CLIENT_ID:
        return False
    return bool(settings.YHTEISO_OIDC_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def provider_metadata() -> dict:
    """The provider's discovery document (cached for an hour), checked to name the configured issuer."""
    issuer = settings.YHTEISO_OIDC_ISSUER
    if not issuer:
        return {}
    key = "yhteiso:oidc-metadata:" + hashlib.sha256(issuer.encode()).hexdigest()
    metadata = cache.get(key)
    if metadata is None:
        try:
            response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            metadata = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise SignInUnavailableError(f"OpenID Connect discovery at {issuer} failed: {exc}") from exc
        if not isinstance(metadata, dict) or str(metadata.get("issuer", "")).rstrip("/") != issuer:
            raise SignInUnavailableError(f"OpenID Connect discovery at {issuer} names another issuer.")
        cache.set(key, metadata, 3600)
    return metadata


def oidc_setting(name: str):
    """A mozilla-django-oidc setting; provider endpoints not set explicitly come from discovery."""
    if name in _ENDPOINT_SETTINGS:
        explicit = getattr(settings, name, "")
        if explicit:
            return explicit
        value = provider_metadata().get(_ENDPOINT_SETTINGS[name], "")
        if not value and name != "OIDC_OP_USER_ENDPOINT":
            raise SignInUnavailableError(f"The identity provider gives no {_ENDPOINT_SETTINGS[name]}.")
        return value
    try:
        return getattr(settings, name)
    except AttributeError as exc:
        raise ImproperlyConfigured(f"Setting {name} not found") from exc


def _oidc_get_settings(attr, *args):
    try:
        return oidc_setting(attr)
    except ImproperlyConfigured:
        if args:
            return args[0]
        raise


# --- roles from claims ----------------------------------------------------------------------------------------------


def roles_from_claims(claims: dict) -> set[str]:
    """The platform roles the provider's group claim values map to (``YHTEISO_OIDC_GROUP_ROLES``)."""
    groups = claims.get(settings.YHTEISO_OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list):
        return set()
    roles: set[str] = set()
    for group in groups:
        roles.update(settings.YHTEISO_OIDC_GROUP_ROLES.get(str(group), ()))
    return roles


def _unique_username(claims: dict) -> str:
    user_model = get_user_model()
    base = str(claims.get("preferred_username") or claims.get("email") or "")[:120]
    if not base:
        base = "oidc-" + hashlib.sha256(str(claims["sub"]).encode()).hexdigest()[:16]
    candidate, n = base, 1
    while user_model.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _current_roles(user) -> list[str]:
    names = set(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
    if user.is_superuser:
        names.add(ADMINISTRATOR)
    return sorted(names)


@transaction.atomic
def user_sign_in_from_claims(*, issuer: str, claims: dict):
    """Create or update the account of an OpenID Connect identity and set its roles from the claims.

    Roles of accounts linked to the provider follow the provider's groups on every sign-in (added and removed);
    a sign-in without any mapped group leaves the account without staff or steering-group rights."""
    subject = str(claims.get("sub") or "")
    if not subject or not issuer:
        raise SuspiciousOperation("The ID token has no subject or issuer.")
    identity = ExternalIdentity.objects.select_related("user").select_for_update().filter(
        issuer=issuer, subject=subject
    ).first()
    created = identity is None
    if created:
        user = get_user_model()(username=_unique_username(claims))
        user.set_unusable_password()
        user.save()
        identity = ExternalIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    user = identity.user
    before = _current_roles(user)
    roles = roles_from_claims(claims)
    for field, claim in (("first_name", "given_name"), ("last_name", "family_name"), ("email", "email")):
        value = claims.get(claim)
        if isinstance(value, str) and value:
            setattr(user, field, value[: user._meta.get_field(field).max_length])
    user.is_superuser = user.is_staff = ADMINISTRATOR in roles
    user.save()
    for name in ROLE_GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        if name in roles:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    after = _current_roles(user)
    identity.roles = after
    identity.last_login = timezone.now()
    identity.save(update_fields=["roles", "last_login"])
    if created:
        audit_record(actor=None, action="user.create_from_sign_in", instance=user, after={"roles": after},
                     note=f"OpenID Connect {issuer}")
    elif before != after:
        audit_record(actor=None, action="user.roles_from_sign_in", instance=user, before={"roles": before},
                     after={"roles": after}, note=f"OpenID Connect {issuer}")
    user._yhteiso_groups = None
    return user


# --- OpenID Connect backend and views ----------------------------------------------------------------------------


class OIDCBackend(OIDCAuthenticationBackend):
    """The authorization code flow with PKCE, a nonce and a strictly verified ID token."""

    get_settings = staticmethod(_oidc_get_settings)

    def __init__(self, *args, **kwargs):  # no network or settings work here: every login builds each backend
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        # Only the callback (which passes the nonce) signs in through here; local password logins pass by.
        if request is None or "nonce" not in kwargs or not oidc_enabled():
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SignInUnavailableError) as exc:
            logger.warning("OpenID Connect sign-in failed: %s", exc)
            return None

    def get_payload_data(self, token, key):
        """Verify signature, algorithm, audience, issuer and lifetime; never accept an unsigned token."""
        configured = settings.YHTEISO_OIDC_ISSUER
        issuer = (configured, configured + "/") if configured else None  # configured without its trailing slash
        try:
            payload = jwt.decode(
                token, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID, issuer=issuer,
                leeway=60, options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc
        azp = payload.get("azp")
        if isinstance(payload.get("aud"), list) and len(payload["aud"]) > 1 and azp != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token refused: another authorized party.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if oidc_setting("OIDC_OP_USER_ENDPOINT"):
            try:
                userinfo = self.get_userinfo(access_token, id_token, payload)
            except (requests.RequestException, ValueError, SuspiciousOperation) as exc:
                logger.info("OpenID Connect userinfo not used: %s", exc)
                userinfo = {}
            if isinstance(userinfo, dict) and userinfo.get("sub") == payload.get("sub"):
                # The verified ID token wins; userinfo only fills in names and e-mail.
                claims = {**userinfo, **payload}
        if "_claim_names" in payload and settings.YHTEISO_OIDC_GROUPS_CLAIM in payload["_claim_names"]:
            logger.warning("OpenID Connect: the user belongs to too many groups for the token (group overage); "
                           "configure the provider to send only the groups assigned to the application.")
        return user_sign_in_from_claims(issuer=str(payload.get("iss", "")).rstrip("/"), claims=claims)


class OIDCStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with state, nonce and a PKCE challenge kept in the session."""

    get_settings = staticmethod(_oidc_get_settings)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except SignInUnavailableError as exc:
            logger.warning("%s", exc)
            messages.error(request, _("Signing in with the city's account is not available right now. "
                                      "Please try again later."))
            return HttpResponseRedirect(reverse("login"))
        return super().get(request)


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """Finishes the flow; a wrong or replayed state, a bad token or a refused sign-in returns to the login page."""

    get_settings = staticmethod(_oidc_get_settings)

    @property
    def success_url(self):
        return after_sign_in_url(self.request, self.user, self.request.session.get("oidc_login_next"))

    def login_failure(self):
        messages.error(self.request, _("Signing in with the city's account did not succeed. Please try again."))
        return HttpResponseRedirect(reverse("login"))

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            logger.warning("OpenID Connect callback refused: %s", exc)
            return self.login_failure()


# --- local sign-in --------------------------------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    """The login page: local accounts, and the city's accounts when OpenID Connect is configured."""

    template_name = "core/login.html"

    def get_success_url(self):
        return after_sign_in_url(self.request, self.request.user, self.get_redirect_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc_enabled()
        return context


# --- throttling (django-axes callables; the client address: yhteiso.core.clients) ------------------------------


def attempted_username(request, credentials) -> str:
    """The account an attempt was for, normalised so that case or spaces do not make a fresh counter."""
    value = (credentials or {}).get("username")
    if value is None and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username")
    return str(value or "").strip().casefold()[:150]


def lockout_parameters(request_or_attempt, credentials=None) -> list[str]:
    """Lock by account and by client; an attempt without a username (a failed city-account callback) only by
    client, so that such failures never add up to one shared lock on every city-account sign-in."""
    if isinstance(request_or_attempt, HttpRequest):
        username = attempted_username(request_or_attempt, credentials)
    else:
        username = getattr(request_or_attempt, "username", "") or ""
    return ["username", "ip_address"] if username else ["ip_address"]


def lockout_response(request, original_response=None, credentials=None):
    minutes = max(1, round(float(settings.AXES_COOLOFF_TIME) * 60))
    return render(request, "core/locked_out.html", {"minutes": minutes, "login_url": resolve_url("login")}, status=429)
