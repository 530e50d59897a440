"""Signing in with the city's accounts, against a real OpenID Connect provider started here.

The provider is django-oauth-toolkit in a second Django process (``tests/oidc/provider_*``) on a loopback port,
with an RS256 key generated for the run, confidential clients and users whose ID tokens carry ``groups`` the way
Microsoft Entra ID does. The platform runs in pytest-django's live server; a real HTTP client (requests, with
cookies) walks the whole authorization code flow: platform → provider login → provider authorize → platform
callback (token exchange, ID token verified against the provider's JWKS) → the role's landing page."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import secrets
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation

from tests.oidc import provider_setup as provider
from tests.oidc.provider_process import provider_process
from yhteiso.core.models import AuditEvent, ExternalIdentity
from yhteiso.core.permissions import is_admin, is_programme_staff, is_steering_member

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

CALLBACK = "/kirjaudu/kaupunki/paluu/"
GROUP_ROLES = {
    provider.STAFF_GROUP: ("programme_staff",),
    provider.STEERING_GROUP: ("steering_group",),
    provider.ADMIN_GROUP: ("administrator",),
}


@pytest.fixture(scope="module")
def oidc_provider(live_server, tmp_path_factory):
    """The provider process: migrated, with users and clients, serving until the module's tests are done."""
    secret = secrets.token_urlsafe(32)
    redirect_uri = live_server.url + CALLBACK
    with provider_process(tmp_path_factory.mktemp("oidc-provider"),
                          setup=["tests.oidc.provider_setup", redirect_uri, secret],
                          port=int(os.environ.get("YHTEISO_TEST_OIDC_PORT") or 0) or None) as op:

        def set_groups(username, *groups):
            op["run"](["tests.oidc.provider_setup", "--groups", username, *groups], timeout=60)

        yield {"issuer": op["issuer"], "secret": secret, "set_groups": set_groups, "redirect_uri": redirect_uri,
               "public_key": op["op_key"].public_key()}


@pytest.fixture
def rp(settings, live_server, oidc_provider):
    """The platform configured as it would be for Entra ID: issuer (discovery), client, secret, group → role map."""
    settings.YHTEISO_OIDC_ISSUER = oidc_provider["issuer"]
    settings.OIDC_RP_CLIENT_ID = "yhteiso-test"
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider["secret"]
    settings.OIDC_USE_PKCE = True
    settings.YHTEISO_OIDC_GROUP_ROLES = GROUP_ROLES
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "yhteiso.core.signin.OIDCBackend"]
    cache.clear()
    return live_server.url


def _provider_login(session, login_page, username):
    """Fill in the provider's login form; returns the provider's redirect to its authorize endpoint."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    next_url = html.unescape(re.search(r'name="next" value="([^"]*)"', login_page.text).group(1))
    response = session.post(login_page.url, data={"csrfmiddlewaretoken": token, "username": username,
                                                  "password": provider.PASSWORD, "next": next_url},
                            allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.text[:500]
    return urljoin(login_page.url, response.headers["Location"])


def _to_callback(session, rp_url, username, *, start="/kirjaudu/kaupunki/"):
    """Start at the platform, sign in at the provider; return the provider's redirect back to the platform."""
    login_page = session.get(rp_url + start, timeout=30)
    assert "Test identity provider" in login_page.text
    authorize = session.get(_provider_login(session, login_page, username), allow_redirects=False, timeout=30)
    assert authorize.status_code == 302, authorize.text[:500]
    callback = authorize.headers["Location"]
    assert callback.startswith(rp_url + CALLBACK)
    return callback


def _sign_in(rp_url, username, *, start="/kirjaudu/kaupunki/"):
    session = requests.Session()
    response = session.get(_to_callback(session, rp_url, username, start=start), timeout=30)
    return session, response


def _signed_in_user(session, rp_url):
    page = session.get(rp_url + "/", timeout=30).text
    match = re.search(r"\(([^()]+)\)</button>", page)  # the log-out button names the user
    return match.group(1) if match else None


def test_the_login_page_offers_the_city_account_only_when_configured(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert "kirjaudu/kaupunki/" not in client.get("/kirjaudu/").content.decode()
    assert client.get("/kirjaudu/kaupunki/").status_code == 404
    settings.OIDC_RP_CLIENT_ID = "yhteiso"
    settings.YHTEISO_OIDC_ISSUER = "https://login.microsoftonline.com/tenant/v2.0"
    page = client.get("/kirjaudu/?next=/tietopohja/").content.decode()
    assert 'href="/kirjaudu/kaupunki/?next=/tietopohja/"' in page
    assert "Kirjaudu kaupungin tunnuksella" in page


def test_programme_staff_sign_in_through_the_provider_and_land_on_the_staff_home(rp, oidc_provider):
    session, response = _sign_in(rp, "emma")
    assert response.status_code == 200
    assert urlsplit(response.url).path == "/henkilosto/"
    identity = ExternalIdentity.objects.get(issuer=oidc_provider["issuer"])
    user = identity.user
    assert user.username == "emma@espoo.example" and (user.first_name, user.last_name) == ("Emma", "Aalto")
    assert is_programme_staff(user) and not is_admin(user)
    assert not user.has_usable_password()
    assert _signed_in_user(session, rp) == "emma@espoo.example"
    assert AuditEvent.objects.filter(action="user.create_from_sign_in", object_id=str(user.pk)).exists()


def test_a_steering_group_member_lands_on_the_meetings(rp):
    _session, response = _sign_in(rp, "taru")
    assert response.status_code == 200
    assert urlsplit(response.url).path == "/ohjausryhma/kokoukset/"
    user = User.objects.get(username="taru@espoo.example")
    assert is_steering_member(user) and not is_programme_staff(user)


def test_the_administrators_group_gives_administrator_rights(rp):
    session, response = _sign_in(rp, "aino")
    assert urlsplit(response.url).path == "/henkilosto/"
    user = User.objects.get(username="aino@espoo.example")
    assert user.is_superuser and user.is_staff
    assert session.get(rp + "/admin/", timeout=30).status_code == 200


def test_a_user_without_a_mapped_group_gets_no_staff_rights(rp):
    session, response = _sign_in(rp, "ville")
    assert response.status_code == 200 and urlsplit(response.url).path == "/"
    user = User.objects.get(username="ville@espoo.example")
    assert not is_steering_member(user) and not user.is_superuser
    assert _signed_in_user(session, rp) == "ville@espoo.example"
    assert session.get(rp + "/henkilosto/", timeout=30).status_code == 403
    assert session.get(rp + "/ohjausryhma/kokoukset/", timeout=30).status_code == 403
    assert session.get(rp + "/admin/", timeout=30, allow_redirects=False).status_code == 302


def test_roles_follow_the_provider_groups_on_every_sign_in(rp, oidc_provider):
    _sign_in(rp, "emma")
    user = User.objects.get(username="emma@espoo.example")
    assert is_programme_staff(user)
    oidc_provider["set_groups"]("emma", provider.OTHER_GROUP)
    try:
        _session, response = _sign_in(rp, "emma")
        assert urlsplit(response.url).path == "/"
        user = User.objects.get(pk=user.pk)
        assert not is_steering_member(user)
        event = AuditEvent.objects.get(action="user.roles_from_sign_in", object_id=str(user.pk))
        assert event.before == {"roles": ["programme_staff"]} and event.after == {"roles": []}
    finally:
        oidc_provider["set_groups"]("emma", provider.STAFF_GROUP)
    assert User.objects.filter(username__startswith="emma").count() == 1  # the same account each time


def test_an_account_is_never_matched_by_e_mail(rp):
    local_admin = User.objects.create_superuser("paikallinen", "emma@espoo.example", "local-pw-2026-x")
    _session, _response = _sign_in(rp, "emma")
    identity = ExternalIdentity.objects.get()
    assert identity.user != local_admin
    assert not User.objects.get(pk=identity.user.pk).is_superuser


def test_next_is_followed_after_the_provider_when_the_role_may_see_it(rp):
    _session, response = _sign_in(rp, "taru", start="/kirjaudu/kaupunki/?next=/tietopohja/")
    assert urlsplit(response.url).path == "/tietopohja/"
    _session, response = _sign_in(rp, "taru", start="/kirjaudu/kaupunki/?next=/henkilosto/muutosloki/")
    assert urlsplit(response.url).path == "/ohjausryhma/kokoukset/"
    _session, response = _sign_in(rp, "taru", start="/kirjaudu/kaupunki/?next=https://evil.example/")
    assert urlsplit(response.url).path == "/ohjausryhma/kokoukset/"


def test_a_forged_state_is_refused(rp):
    session = requests.Session()
    callback = _to_callback(session, rp, "aino")
    query = parse_qs(urlsplit(callback).query)
    forged = rp + CALLBACK + "?" + urlencode({"code": query["code"][0], "state": "forged-" + query["state"][0]})
    response = session.get(forged, timeout=30)
    assert urlsplit(response.url).path == "/kirjaudu/"
    assert "ei onnistunut" in response.text
    assert _signed_in_user(session, rp) is None
    assert not User.objects.filter(username="aino@espoo.example").exists()


def test_a_callback_in_another_browser_or_replayed_is_refused(rp):
    session = requests.Session()
    callback = _to_callback(session, rp, "aino")
    stranger = requests.Session()  # e.g. a link planted in someone else's browser: no state in its session
    response = stranger.get(callback, timeout=30)
    assert urlsplit(response.url).path == "/kirjaudu/" and _signed_in_user(stranger, rp) is None
    assert urlsplit(session.get(callback, timeout=30).url).path == "/henkilosto/"
    replay = session.get(callback, timeout=30)
    assert urlsplit(replay.url).path == "/kirjaudu/"


def test_a_code_with_another_flows_nonce_is_refused(rp, settings, caplog):
    # Without PKCE (a client the provider lets through without it) the nonce is the check left to catch a code
    # from another authorization request of the same browser.
    settings.OIDC_RP_CLIENT_ID = "yhteiso-test-nopkce"
    settings.OIDC_USE_PKCE = False
    session = requests.Session()
    first = session.get(rp + "/kirjaudu/kaupunki/", timeout=30)  # flow A: left at the provider's login page
    state_a = parse_qs(urlsplit(parse_qs(urlsplit(first.url).query)["next"][0]).query)["state"][0]
    callback_b = _to_callback(session, rp, "aino")  # flow B, completed at the provider
    code_b = parse_qs(urlsplit(callback_b).query)["code"][0]
    response = session.get(rp + CALLBACK + "?" + urlencode({"code": code_b, "state": state_a}), timeout=30)
    assert urlsplit(response.url).path == "/kirjaudu/"
    assert _signed_in_user(session, rp) is None
    assert "Nonce verification failed" in caplog.text


def test_the_id_token_is_signed_by_the_provider_and_a_tampered_one_is_refused(rp, oidc_provider, settings):
    """Get a real ID token from the provider as a client would, check it against the JWKS, then alter it."""
    issuer = oidc_provider["issuer"]
    metadata = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {"response_type": "code", "client_id": "yhteiso-test", "redirect_uri": oidc_provider["redirect_uri"],
              "scope": "openid profile email", "state": "s-1", "nonce": "n-1", "code_challenge": challenge,
              "code_challenge_method": "S256"}
    session = requests.Session()
    login_page = session.get(metadata["authorization_endpoint"] + "?" + urlencode(params), timeout=30)
    redirect = session.get(_provider_login(session, login_page, "ville"), allow_redirects=False, timeout=30)
    code = parse_qs(urlsplit(redirect.headers["Location"]).query)["code"][0]
    tokens = requests.post(metadata["token_endpoint"], timeout=30, data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": oidc_provider["redirect_uri"],
        "client_id": "yhteiso-test", "client_secret": oidc_provider["secret"], "code_verifier": verifier,
    }).json()
    id_token = tokens["id_token"]
    signing_key = jwt.PyJWKClient(metadata["jwks_uri"]).get_signing_key_from_jwt(id_token)
    claims = jwt.decode(id_token, signing_key, algorithms=["RS256"], audience="yhteiso-test", issuer=issuer)
    assert claims["groups"] == [provider.OTHER_GROUP] and claims["nonce"] == "n-1"

    from yhteiso.core.signin import OIDCBackend

    backend = OIDCBackend()
    assert backend.get_payload_data(id_token, signing_key)["sub"] == claims["sub"]
    header, _payload, signature = id_token.split(".")
    raised = dict(claims, groups=[provider.ADMIN_GROUP])
    forged_payload = base64.urlsafe_b64encode(json.dumps(raised).encode()).rstrip(b"=").decode()
    with pytest.raises(SuspiciousOperation):
        backend.get_payload_data(f"{header}.{forged_payload}.{signature}", signing_key)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    self_signed = jwt.encode(raised, other_key, algorithm="RS256", headers={"kid": signing_key.key_id})
    with pytest.raises(SuspiciousOperation):
        backend.get_payload_data(self_signed, signing_key)
    with pytest.raises(SuspiciousOperation):  # an unsigned token is never accepted
        backend.get_payload_data(jwt.encode(raised, None, algorithm="none"), signing_key)
    settings.OIDC_RP_CLIENT_ID = "another-client"
    with pytest.raises(SuspiciousOperation):  # a token for another client (audience)
        backend.get_payload_data(id_token, signing_key)
