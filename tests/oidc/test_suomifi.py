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
import re
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache
from django.db import connection

from tests.oidc import suomifi_provider as provider
from tests.oidc.provider_process import free_port as _free_port
from tests.oidc.provider_process import pem as _pem
from tests.oidc.provider_process import provider_process
from yhteiso.budgeting import suomifi
from yhteiso.budgeting.identity import keyed, person_token
from yhteiso.budgeting.models import Ballot, Round, Voter
from yhteiso.budgeting.models_ideas import Idea, IdeaComment, IdeaSupport
from yhteiso.budgeting.tests.factories import ids, make_round, mix
from yhteiso.budgeting.tests.factories_ideas import idea_round, published

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BASE = "/osallistuva-budjetointi/"
CALLBACK = BASE + "suomifi/paluu/"
LOGGED_OUT = BASE + "suomifi/ulos/"


@pytest.fixture(scope="module")
def suomifi_op(live_server, tmp_path_factory):
    """The provider process with Suomi.fi-style claims, the people of ``suomifi_provider.PEOPLE`` and the client
    ``yhteiso-suomifi`` whose public key it holds (the service's key, generated for the run); RP-initiated logout
    is on, with the platform's ``suomifi/ulos/`` as the client's post-logout address."""
    workdir = tmp_path_factory.mktemp("suomifi-provider")
    client_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (workdir / "client.pub.pem").write_bytes(client_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    with provider_process(workdir, setup=["tests.oidc.suomifi_provider", live_server.url + CALLBACK,
                                          live_server.url + LOGGED_OUT], env={
            "OIDC_TEST_VALIDATOR": "tests.oidc.suomifi_validator.SuomifiStyleValidator",
            "OIDC_TEST_CLIENT_KEY_FILE": str(workdir / "client.pub.pem")}) as op:
        yield {"issuer": op["issuer"], "client_key": client_key, "op_key": op["op_key"]}


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


# ------------------------------------------------------------------------------------------------ single logout
def test_after_the_identification_the_suomifi_session_ends_too(rp, suomifi_op):
    """RP-initiated logout: the callback sends the browser to the provider's end_session_endpoint with the ID token
    as id_token_hint, the platform's return address and a fresh state; the provider ends its session and comes
    back; only then does the platform continue (to the ballot). A new identification needs a new login."""
    assert suomifi.metadata()["end_session_endpoint"] == suomifi_op["issuer"] + "/logout/"
    rnd = _round()
    session = requests.Session()
    callback = _to_callback(session, rp, rnd, "maija")
    assert session.cookies.get("provider_sessionid")  # signed in at the provider
    response = session.get(callback, allow_redirects=False, timeout=30)
    logout = urlsplit(response.headers["Location"])
    assert response.status_code == 302 and f"{logout.scheme}://{logout.netloc}{logout.path}" == \
        suomifi_op["issuer"] + "/logout/"
    query = parse_qs(logout.query)
    assert query["post_logout_redirect_uri"] == [rp + LOGGED_OUT] and query["client_id"] == [provider.CLIENT_ID]
    assert jwt.decode(query["id_token_hint"][0], suomifi_op["op_key"].public_key(), algorithms=["RS256"],
                      audience=provider.CLIENT_ID)["acr"] == provider.LOA_HIGH
    assert session.cookies.get(f"pb_voter_{rnd.pk}")  # identified for the vote already
    back = session.get(response.headers["Location"], allow_redirects=False, timeout=30)
    assert back.status_code == 302 and back.headers["Location"].startswith(rp + LOGGED_OUT)
    assert parse_qs(urlsplit(back.headers["Location"]).query)["state"] == query["state"]
    assert not session.cookies.get("provider_sessionid")  # the provider's session has ended
    page = session.get(back.headers["Location"], timeout=30)
    assert page.status_code == 200 and "Jatka äänestyslipukkeeseen" in page.text
    assert _vote(session, rp, rnd, "c1").status_code == 200 and Voter.objects.filter(round=rnd).count() == 1
    # identifying again asks for the credentials again
    start = _start(session, rp, rnd)
    assert "Test identity provider" in session.get(start.headers["Location"], timeout=30).text


def test_a_logout_return_with_another_state_does_not_continue(rp):
    rnd = _round()
    session = requests.Session()
    response = session.get(_to_callback(session, rp, rnd, "matti"), allow_redirects=False, timeout=30)
    back = session.get(response.headers["Location"], allow_redirects=False, timeout=30).headers["Location"]
    state = parse_qs(urlsplit(back).query)["state"][0]
    forged = session.get(rp + LOGGED_OUT + "?" + urlencode({"state": "x" + state}), timeout=30)
    assert forged.status_code == 400 and "Jatka äänestyslipukkeeseen" not in forged.text
    assert "Suomi.fi-tunnistautumisesi on päättynyt" in forged.text
    assert session.get(back, timeout=30).status_code == 400  # the logout cookie was used up by the refusal
    stranger = requests.Session().get(back, timeout=30)  # another browser
    assert stranger.status_code == 400


# ------------------------------------------------------------------------------------- ideas: support, comment
def _suomifi_idea(**kwargs):
    rnd = idea_round(**kwargs)
    Round.objects.filter(pk=rnd.pk).update(identity_provider="suomifi")
    rnd = Round.objects.get(pk=rnd.pk)
    return rnd, published(rnd, title="Uimaranta Laaksolahteen")


def _idea_post(session, rp_url, rnd, idea, what, data=None):
    """Press a button on the idea's page (a POST with the page's CSRF token); returns the response unfollowed."""
    page = session.get(f"{rp_url}{BASE}{rnd.slug}/ideat/{idea.pk}/", timeout=30)
    assert page.status_code == 200 and "Tunnistaudu Suomi.fi" in page.text and 'name="code"' not in page.text
    return session.post(f"{rp_url}{BASE}{rnd.slug}/ideat/{idea.pk}/{what}/",
                        data={"csrfmiddlewaretoken": _csrf(page.text), **(data or {})}, allow_redirects=False,
                        timeout=30)


def _idea_identified(session, rp_url, rnd, idea, what, username, data=None):
    start = _idea_post(session, rp_url, rnd, idea, what, data)
    assert start.status_code == 302, start.text[:500]
    callback = _login_at_provider(session, start.headers["Location"], username)
    return session.get(callback, timeout=30)  # callback → logout at the provider → back → the idea's page


def test_a_person_supports_an_idea_once_however_many_sessions_and_nothing_of_them_is_stored(rp):
    rnd, idea = _suomifi_idea()
    first = _idea_identified(requests.Session(), rp, rnd, idea, "tue", "maija")
    assert first.status_code == 200 and "ok=supported" in first.url and "kannatuksesi laskettiin" in first.text
    # the same person again, in a new session on another device: counted once
    again = _idea_identified(requests.Session(), rp, rnd, idea, "tue", "maija")
    assert again.status_code == 200 and "ok=already" in again.url
    assert IdeaSupport.objects.filter(idea=idea).count() == 1
    other = _idea_identified(requests.Session(), rp, rnd, idea, "tue", "matti")
    assert "ok=supported" in other.url and IdeaSupport.objects.filter(idea=idea).count() == 2
    # the stored hash is of the person's voter token of the round, the same on every path
    assert IdeaSupport.objects.filter(idea=idea, supporter_hash=keyed(
        "idea-support", idea.pk, person_token(rnd.pk, "131052-308T"))).exists()
    text = _database_text()
    for identifying in ("131052", "308T", "010190", "123M", "Meikäläinen", "Maija", "Virtanen", "Matti",
                        person_token(rnd.pk, "131052-308T")):
        assert identifying not in text


def test_support_refused_by_the_round_rules_says_why_on_the_ideas_page(rp):
    rnd, idea = _suomifi_idea()
    Round.objects.filter(pk=rnd.pk).update(eligibility="lives")
    response = _idea_identified(requests.Session(), rp, rnd, idea, "tue", "helena")  # lives in Helsinki
    assert response.status_code == 400 and "kotikuntasi ei ole Espoo" in response.text
    assert not IdeaSupport.objects.exists()


def test_a_comment_is_sent_after_identifying_under_the_name_the_person_chose(rp):
    rnd, idea = _suomifi_idea()
    response = _idea_identified(requests.Session(), rp, rnd, idea, "kommentoi", "maija", data={
        "body": "<script>alert(1)</script> Hyvä idea, laituri myös!", "comment_name": "Rantakävelijä"})
    assert response.status_code == 200 and "ok=commented" in response.url
    (comment,) = IdeaComment.objects.filter(idea=idea)
    assert comment.display_name == "Rantakävelijä" and comment.body.startswith("<script>")
    assert comment.state == "pending"
    anonymous = _idea_identified(requests.Session(), rp, rnd, idea, "kommentoi", "matti",
                                 data={"body": "Kannatan", "comment_name": ""})
    assert "ok=commented" in anonymous.url
    assert IdeaComment.objects.get(body="Kannatan").display_name == ""  # anonymous, not the identified name
    text = _database_text()
    for identifying in ("131052", "Meikäläinen", "Maija", "Virtanen", "Matti"):
        assert identifying not in text


def test_a_bad_comment_is_refused_before_the_person_is_sent_to_identify(rp):
    rnd, idea = _suomifi_idea()
    session = requests.Session()
    response = _idea_post(session, rp, rnd, idea, "kommentoi", {"body": "  ", "comment_name": "x"})
    assert response.status_code == 400 and "Kirjoita kommentti" in response.text
    assert not session.cookies.get("pb_suomifi_flow")
    long = _idea_post(session, rp, rnd, idea, "kommentoi", {"body": "ا" * 1000, "comment_name": "ن" * 60})
    assert long.status_code == 302 and len(session.cookies.get("pb_suomifi_flow")) < 4000


# ---------------------------------------------------------------------------------------------- key rotation
def _jwe_to(key, id_token, kid=None):
    from jwcrypto import jwe, jwk

    header = {"alg": "RSA-OAEP-256", "enc": "A256GCM", "cty": "JWT", **({"kid": kid} if kid else {})}
    public = jwk.JWK.from_pem(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                            serialization.PublicFormat.SubjectPublicKeyInfo))
    return jwe.JWE(id_token.encode(), json.dumps(header), recipient=public).serialize(compact=True)


def test_key_rotation_publishes_current_and_next_signs_with_current_and_decrypts_with_any(rp, suomifi_op, settings):
    current = suomifi_op["client_key"]
    upcoming = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    previous = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings.YHTEISO_SUOMIFI_NEXT_PRIVATE_KEY = _pem(upcoming)
    keys = requests.get(rp + BASE + "suomifi/avaimet/", timeout=30).json()["keys"]
    assert len(keys) == 4 and all("d" not in k for k in keys)
    published = {(k["use"], k["n"]) for k in keys}
    for key in (current, upcoming):
        n = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)["n"]
        assert ("sig", n) in published and ("enc", n) in published
    assert keys[0]["kid"] == suomifi._key_id("sig", current)  # the current key first
    # signing stays with the current key: the provider (which knows only the current key) accepts the client
    rnd = _round()
    session, identified = _identify(rp, rnd, "matti")
    assert identified.status_code == 200 and session.cookies.get(f"pb_voter_{rnd.pk}")
    start = _start(requests.Session(), rp, rnd)
    request_object = parse_qs(urlsplit(start.headers["Location"]).query)["request"][0]
    assert jwt.get_unverified_header(request_object)["kid"] == suomifi._key_id("sig", current)
    # a token encrypted to either published key is decrypted (with or without a kid)
    flow, query = _code_for(rp, rnd, "maija")
    id_token = _tokens(rp, flow, query)["id_token"]
    for key, kid in ((current, None), (upcoming, None), (upcoming, suomifi._key_id("enc", upcoming))):
        assert suomifi.verify_id_token(_jwe_to(key, id_token, kid), nonce=flow["n"])["acr"] == provider.LOA_HIGH
    # after the switch: the old key only decrypts (not published), a stranger's key never
    to_previous = _jwe_to(previous, id_token)
    with pytest.raises(suomifi.SuomifiRefusedError, match="decrypted"):
        suomifi.verify_id_token(to_previous, nonce=flow["n"])
    settings.YHTEISO_SUOMIFI_PREVIOUS_PRIVATE_KEY = _pem(previous)
    assert suomifi.verify_id_token(to_previous, nonce=flow["n"])["acr"] == provider.LOA_HIGH
    assert len(requests.get(rp + BASE + "suomifi/avaimet/", timeout=30).json()["keys"]) == 4
    with pytest.raises(suomifi.SuomifiRefusedError, match="decrypted"):
        suomifi.verify_id_token(_jwe_to(rsa.generate_private_key(public_exponent=65537, key_size=2048), id_token),
                                nonce=flow["n"])


def test_an_idea_hidden_while_the_person_identifies_takes_no_support_and_is_not_shown(rp):
    rnd, idea = _suomifi_idea()
    session = requests.Session()
    start = _idea_post(session, rp, rnd, idea, "tue")
    callback = _login_at_provider(session, start.headers["Location"], "maija")
    Idea.objects.filter(pk=idea.pk).update(state="hidden", moderation_reason="Ei koske Espoota")
    response = session.get(callback, timeout=30)
    assert response.status_code == 400 and "Uimaranta" not in response.text
    assert not IdeaSupport.objects.exists()


def test_without_an_end_session_endpoint_the_platform_continues_at_once(rp, settings):
    rnd = _round()
    session = requests.Session()
    callback = _to_callback(session, rp, rnd, "matti")
    url = settings.YHTEISO_SUOMIFI_METADATA_URL
    key = "yhteiso:suomifi-metadata:" + hashlib.sha256(url.encode()).hexdigest()
    cache.set(key, {k: v for k, v in suomifi.metadata().items() if k != "end_session_endpoint"}, 3600)
    response = session.get(callback, allow_redirects=False, timeout=30)
    assert response.status_code == 200 and "Jatka äänestyslipukkeeseen" in response.text
    assert session.cookies.get(f"pb_voter_{rnd.pk}") and not session.cookies.get("pb_suomifi_logout")
