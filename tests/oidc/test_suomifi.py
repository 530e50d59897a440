"""Voting with Suomi.fi e-Identification, against a real OpenID Connect provider started here.

The provider is the sign-in tests' django-oauth-toolkit process, started with a Suomi.fi-style validator
(``tests/oidc/suomifi_provider.py``): ``acr`` and names in the ID token, the personal identity code and the home
municipality from the userinfo endpoint, the client authenticated with ``private_key_jwt``. A real HTTP client walks
the whole way: voting page → Suomi.fi (provider) login → callback (token exchange, ID token verified) → ballot →
vote; later a new visit identifies again and changes the vote. Forged, replayed and tampered responses are refused;
a provider that cannot be reached gives a clear message in the page's language."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache
from django.db import connection

from tests.oidc import suomifi_provider as provider
from tests.oidc.test_oidc_signin import _free_port
from yhteiso.budgeting import suomifi
from yhteiso.budgeting.identity import keyed, person_token
from yhteiso.budgeting.models import Ballot, Round, Voter
from yhteiso.budgeting.tests.factories import ids, make_round, mix

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
BASE = "/osallistuva-budjetointi/"
CALLBACK = BASE + "suomifi/paluu/"


def _pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.fixture(scope="module")
def suomifi_op(live_server, tmp_path_factory):
    """The provider process with Suomi.fi-style claims, the people of ``suomifi_provider.PEOPLE`` and the client
    ``yhteiso-suomifi`` whose public key it holds (the service's key, generated for the run)."""
    workdir = tmp_path_factory.mktemp("suomifi-provider")
    op_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (workdir / "op.pem").write_text(_pem(op_key))
    client_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (workdir / "client.pub.pem").write_bytes(client_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}/o"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({
        "DJANGO_SETTINGS_MODULE": "tests.oidc.provider_settings",
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src"), env.get("PYTHONPATH", "")]),
        "OIDC_TEST_SECRET_KEY": secrets.token_urlsafe(40),
        "OIDC_TEST_DB": str(workdir / "provider.sqlite3"),
        "OIDC_TEST_KEY_FILE": str(workdir / "op.pem"),
        "OIDC_TEST_ISSUER": issuer,
        "OIDC_TEST_VALIDATOR": "tests.oidc.suomifi_validator.SuomifiStyleValidator",
        "OIDC_TEST_CLIENT_KEY_FILE": str(workdir / "client.pub.pem"),
    })
    subprocess.run([sys.executable, "-m", "tests.oidc.suomifi_provider", live_server.url + CALLBACK], env=env,
                   cwd=REPO, check=True, timeout=120)
    log = (workdir / "provider.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
                               env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the test provider did not start: "
                                   + (workdir / "provider.log").read_text(errors="replace")[-2000:])
            time.sleep(0.2)
        yield {"issuer": issuer, "client_key": client_key, "op_key": op_key}
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture
def rp(settings, live_server, suomifi_op):
    """The platform configured for Suomi.fi as a city would: metadata URL, client id and the service's key."""
    settings.YHTEISO_SUOMIFI_METADATA_URL = suomifi_op["issuer"] + "/.well-known/openid-configuration"
    settings.YHTEISO_SUOMIFI_CLIENT_ID = provider.CLIENT_ID
    settings.YHTEISO_SUOMIFI_PRIVATE_KEY = _pem(suomifi_op["client_key"])
    settings.YHTEISO_SUOMIFI_SCOPES = "openid profile"
    cache.clear()
    return live_server.url


def _round(**kwargs) -> Round:
    rnd = make_round(**kwargs)
    Round.objects.filter(pk=rnd.pk).update(identity_provider="suomifi")
    return Round.objects.get(pk=rnd.pk)


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _start(session, rp_url, rnd, query=""):
    """Open the voting page and press the Suomi.fi button; returns the response (a redirect to the provider)."""
    page = session.get(f"{rp_url}{BASE}{rnd.slug}/aanesta/{query}", timeout=30)
    assert page.status_code == 200 and "suomifi/" in page.text
    return session.post(f"{rp_url}{BASE}{rnd.slug}/aanesta/suomifi/{query}",
                        data={"csrfmiddlewaretoken": _csrf(page.text)}, allow_redirects=False, timeout=30)


def _login_at_provider(session, authorize_url, username):
    """Identify at the provider; returns its redirect back to the platform's callback."""
    login_page = session.get(authorize_url, timeout=30)
    assert "Test identity provider" in login_page.text, login_page.text[:300]
    next_url = html.unescape(re.search(r'name="next" value="([^"]*)"', login_page.text).group(1))
    response = session.post(login_page.url, data={"csrfmiddlewaretoken": _csrf(login_page.text),
                                                  "username": username, "password": provider.PASSWORD,
                                                  "next": next_url}, allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.text[:300]
    authorize = session.get(urljoin(login_page.url, response.headers["Location"]), allow_redirects=False, timeout=30)
    assert authorize.status_code == 302, authorize.text[:500]
    return authorize.headers["Location"]


def _to_callback(session, rp_url, rnd, username, query=""):
    start = _start(session, rp_url, rnd, query)
    assert start.status_code == 302, start.text[:500]
    callback = _login_at_provider(session, start.headers["Location"], username)
    assert callback.startswith(rp_url + CALLBACK)
    return callback


def _identify(rp_url, rnd, username, session=None):
    session = session or requests.Session()
    return session, session.get(_to_callback(session, rp_url, rnd, username), timeout=30)


def _vote(session, rp_url, rnd, *codes):
    ballot = session.get(f"{rp_url}{BASE}{rnd.slug}/aanesta/lippu/", timeout=30)
    assert urlsplit(ballot.url).path.endswith("/aanesta/lippu/"), ballot.url
    return session.post(ballot.url, data={"csrfmiddlewaretoken": _csrf(ballot.text), "area_pool": "",
                                          "project": [str(i) for i in ids(rnd, *codes)]}, timeout=30)


def _counted(rnd):
    mix(rnd)
    return sorted(sorted(b.choices.values_list("code", flat=True)) for b in Ballot.objects.filter(round=rnd))


def _database_text() -> str:
    """Every value of every table, as text: to look for anything identifying."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_a_resident_identifies_votes_and_later_changes_the_vote_by_identifying_again(rp):
    rnd = _round(eligibility="lives")
    session, identified = _identify(rp, rnd, "maija")
    assert identified.status_code == 200 and "Jatka äänestyslipukkeeseen" in identified.text
    assert session.cookies.get(f"pb_voter_{rnd.pk}") and not session.cookies.get("pb_suomifi_flow")
    done = _vote(session, rp, rnd, "c1")
    assert urlsplit(done.url).path.endswith("/aanesta/valmis/"), done.text[:500]
    # the same token as every other path of the same person (a paper vote typed in by staff, a named code)
    (entry,) = Voter.objects.filter(round=rnd)
    assert entry.roll_hash == keyed("roll", rnd.pk, person_token(rnd.pk, "131052-308T"))

    later, again = _identify(rp, rnd, "maija")  # another visit, another device
    assert "Olet jo äänestänyt" in again.text
    changed = _vote(later, rp, rnd, "c2")
    assert urlsplit(changed.url).path.endswith("/aanesta/valmis/")
    assert Voter.objects.filter(round=rnd).count() == 1
    assert _counted(rnd) == [["c2"]]
    text = _database_text()
    for identifying in ("131052", "308T", "Meikäläinen", "Maija"):
        assert identifying not in text


def test_the_authorization_request_is_signed_and_carries_state_nonce_pkce_and_the_levels(rp, suomifi_op):
    rnd = _round()
    start = _start(requests.Session(), rp, rnd)
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    request_object = jwt.decode(query["request"][0], suomifi_op["client_key"].public_key(), algorithms=["RS256"],
                                audience=suomifi_op["issuer"])
    for name in ("state", "nonce", "code_challenge", "acr_values", "redirect_uri", "client_id"):
        assert request_object[name] == query[name][0]
    assert query["code_challenge_method"] == ["S256"] and query["response_type"] == ["code"]
    assert query["acr_values"] == ["http://ftn.ficora.fi/2017/loa3 http://ftn.ficora.fi/2017/loa2"]
    keys = requests.get(rp + BASE + "suomifi/avaimet/", timeout=30).json()["keys"]
    assert {k["use"] for k in keys} == {"sig", "enc"} and all("d" not in k for k in keys)  # public parts only


def test_a_forged_state_is_refused_and_the_flow_cannot_be_finished_afterwards(rp):
    rnd = _round()
    session = requests.Session()
    callback = _to_callback(session, rp, rnd, "matti")
    query = parse_qs(urlsplit(callback).query)
    forged = rp + CALLBACK + "?" + urlencode({"code": query["code"][0], "state": "forged-" + query["state"][0]})
    response = session.get(forged, timeout=30)
    assert response.status_code == 400 and "ei voitu varmistaa" in response.text
    assert not session.cookies.get(f"pb_voter_{rnd.pk}")
    again = session.get(callback, timeout=30)  # the flow was used up by the refused attempt
    assert again.status_code == 400 and "Yritä uudelleen" in again.text
    assert not session.cookies.get(f"pb_voter_{rnd.pk}")


def test_a_callback_replayed_or_opened_in_another_browser_is_refused(rp):
    rnd = _round()
    session = requests.Session()
    callback = _to_callback(session, rp, rnd, "matti")
    stranger = requests.Session()  # e.g. a link planted in someone else's browser
    assert stranger.get(callback, timeout=30).status_code == 400
    assert not stranger.cookies.get(f"pb_voter_{rnd.pk}")
    assert session.get(callback, timeout=30).status_code == 200  # the rightful browser finishes once
    session.cookies.clear()
    replay = session.get(callback, timeout=30)
    assert replay.status_code == 400 and not session.cookies.get(f"pb_voter_{rnd.pk}")


def _code_for(rp_url, rnd, username):
    """A real authorization code and the flow it belongs to, without the platform's callback."""
    flow = suomifi.new_flow(rnd.pk)
    session = requests.Session()
    callback = _login_at_provider(session, suomifi.authorization_url(flow=flow, redirect_uri=rp_url + CALLBACK),
                                  username)
    return flow, parse_qs(urlsplit(callback).query)


def _tokens(rp_url, flow, query):
    md = suomifi.metadata()
    return requests.post(md["token_endpoint"], timeout=30, data={
        "grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": rp_url + CALLBACK,
        "code_verifier": flow["v"], "client_id": provider.CLIENT_ID,
        "client_assertion_type": suomifi.CLIENT_ASSERTION_TYPE,
        "client_assertion": suomifi.client_assertion(md["token_endpoint"])}).json()


def test_another_flows_nonce_a_tampered_or_foreign_token_and_a_wrong_client_key_are_refused(rp, suomifi_op, settings):
    rnd = _round()
    flow, query = _code_for(rp, rnd, "maija")
    other = dict(flow, n="another-identification")
    with pytest.raises(suomifi.SuomifiRefusedError, match="nonce"):
        suomifi.identify(flow=other, params={k: v[0] for k, v in query.items()}, redirect_uri=rp + CALLBACK)

    flow, query = _code_for(rp, rnd, "maija")
    id_token = _tokens(rp, flow, query)["id_token"]
    claims = suomifi.verify_id_token(id_token, nonce=flow["n"])
    assert claims["acr"] == provider.LOA_HIGH and "urn:oid:1.2.246.21" not in claims  # the code comes by userinfo
    header, _payload, signature = id_token.split(".")
    raised = dict(claims, acr=provider.LOA_HIGH, sub="someone-else")
    forged = base64.urlsafe_b64encode(json.dumps(raised).encode()).rstrip(b"=").decode()
    with pytest.raises(suomifi.SuomifiRefusedError):
        suomifi.verify_id_token(f"{header}.{forged}.{signature}", nonce=flow["n"])
    self_signed = jwt.encode(raised, rsa.generate_private_key(public_exponent=65537, key_size=2048),
                             algorithm="RS256", headers={"kid": jwt.get_unverified_header(id_token)["kid"]})
    with pytest.raises(suomifi.SuomifiRefusedError):
        suomifi.verify_id_token(self_signed, nonce=flow["n"])
    with pytest.raises(suomifi.SuomifiRefusedError):
        suomifi.verify_id_token(jwt.encode(raised, None, algorithm="none"), nonce=flow["n"])

    # the client authenticates with its key: a code redeemed with another key is refused by the provider
    flow, query = _code_for(rp, rnd, "maija")
    settings.YHTEISO_SUOMIFI_PRIVATE_KEY = _pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    with pytest.raises(suomifi.SuomifiRefusedError, match="token request refused"):
        suomifi.identify(flow=flow, params={k: v[0] for k, v in query.items()}, redirect_uri=rp + CALLBACK)


def test_an_encrypted_id_token_is_decrypted_with_the_service_key_and_a_tampered_one_refused(rp, suomifi_op):
    from jwcrypto import jwe, jwk

    rnd = _round()
    flow, query = _code_for(rp, rnd, "matti")
    id_token = _tokens(rp, flow, query)["id_token"]
    service_key = jwk.JWK.from_pem(suomifi_op["client_key"].public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    token = jwe.JWE(id_token.encode(), json.dumps({"alg": "RSA-OAEP-256", "enc": "A256GCM", "cty": "JWT"}),
                    recipient=service_key).serialize(compact=True)
    assert token.count(".") == 4
    assert suomifi.verify_id_token(token, nonce=flow["n"])["acr"] == provider.LOA_SUBSTANTIAL
    parts = token.split(".")
    parts[3] = parts[3][:-2] + ("AA" if parts[3][-2:] != "AA" else "BB")
    with pytest.raises(suomifi.SuomifiRefusedError, match="decrypted"):
        suomifi.verify_id_token(".".join(parts), nonce=flow["n"])


@pytest.mark.parametrize(("username", "message"), [
    ("heikki", "ei voitu varmistaa"),  # a level of assurance below substantial
    ("helena", "kotikuntasi ei ole Espoo"),  # lives in Helsinki, in a round for residents
    ("eidas", "henkilötunnusta"),  # a foreign eIDAS identification: no identity code
])
def test_identifications_the_round_cannot_accept_are_refused_with_a_reason(rp, username, message):
    rnd = _round(eligibility="lives")
    session, response = _identify(rp, rnd, username)
    assert response.status_code == 400 and message in response.text
    assert not session.cookies.get(f"pb_voter_{rnd.pk}") and not Voter.objects.exists()


def test_cancelling_at_suomifi_says_so(rp):
    rnd = _round()
    session = requests.Session()
    start = _start(session, rp, rnd)
    state = parse_qs(urlsplit(start.headers["Location"]).query)["state"][0]
    response = session.get(rp + CALLBACK + "?" + urlencode({"error": "access_denied", "state": state}), timeout=30)
    assert response.status_code == 400 and "Tunnistautuminen keskeytettiin" in response.text


def test_suomifi_down_gives_a_clear_message_in_the_pages_language_never_a_500(rp, settings):
    rnd = _round()
    settings.YHTEISO_SUOMIFI_METADATA_URL = f"http://127.0.0.1:{_free_port()}/.well-known/openid-configuration"
    cache.clear()
    response = _start(requests.Session(), rp, rnd)
    assert response.status_code == 503 and "ei ole juuri nyt käytettävissä" in response.text
    response = _start(requests.Session(), rp, rnd, query="?kieli=sv")
    assert response.status_code == 503 and 'lang="sv"' in response.text
    assert "Suomi.fi-identifikationen är inte tillgänglig" in response.text


def test_the_token_endpoint_down_after_the_login_gives_the_clear_message_too(rp, settings):
    rnd = _round()
    session = requests.Session()
    callback = _to_callback(session, rp, rnd, "matti")
    url = settings.YHTEISO_SUOMIFI_METADATA_URL
    key = "yhteiso:suomifi-metadata:" + hashlib.sha256(url.encode()).hexdigest()
    cache.set(key, dict(suomifi.metadata(), token_endpoint=f"http://127.0.0.1:{_free_port()}/o/token/"), 3600)
    response = session.get(callback, timeout=30)
    assert response.status_code == 503 and "ei ole juuri nyt käytettävissä" in response.text
    assert not session.cookies.get(f"pb_voter_{rnd.pk}") and not Voter.objects.exists()
