"""Suomi.fi e-Identification (Suomi.fi-tunnistus) for voting and for supporting and commenting on ideas, through its
OpenID Connect interface.

The adapter is a relying party of the authorization code flow: the voting page sends the browser to Suomi.fi with a
signed request object, ``state``, ``nonce``, a PKCE challenge and the required levels of assurance (``acr_values``);
the callback exchanges the code at the token endpoint authenticating with ``private_key_jwt`` (a JWT signed with the
service's own key, no shared secret), verifies the ID token (JWS against the provider's JWKS; a JWE-encrypted token
is first decrypted with the service's key), checks its issuer, audience, lifetime, ``nonce`` and ``acr``, and reads
the person's data from the userinfo endpoint (server to server). The personal identity code is normalised with
:func:`yhteiso.budgeting.identity.hetu_normalise` and keyed into the voter token exactly like a paper vote's, then
forgotten: it is never stored, logged, or put into a cookie. See ``docs/identity-providers.md``.

The flow's own values (state, nonce, PKCE verifier, round) travel in a short-lived signed cookie, not in a session
row, like the rest of the voter's way through the vote. Right after the identification the person's Suomi.fi session
is ended (:func:`logout_url`, RP-initiated logout). Keys: the current key signs; the next key (during a rotation) is
published with it; current, next and previous keys decrypt (``docs/identity-providers.md``, rotating the key)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
from urllib.parse import urlencode

import jwt
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yhteiso.budgeting.identity import Attestation, hetu_birth_date, hetu_normalise, person_token
from yhteiso.budgeting.models import Eligibility

logger = logging.getLogger(__name__)

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256"]
_JWE_KEY_ALGORITHMS = {"RSA-OAEP": hashes.SHA1, "RSA-OAEP-256": hashes.SHA256}
_JWE_CONTENT_ALGORITHMS = {"A128GCM": 16, "A192GCM": 24, "A256GCM": 32}


class SuomifiUnavailableError(Exception):
    """Suomi.fi (its metadata, token, keys or userinfo endpoint) cannot be reached or answers something unusable."""


class SuomifiRefusedError(Exception):
    """The response is not one this service may accept (wrong state, replayed code, bad token, wrong nonce)."""


class SuomifiCancelledError(Exception):
    """The person cancelled the identification at Suomi.fi (or it returned an error to the callback)."""


# ------------------------------------------------------------------------------------------------ configuration
def suomifi_enabled() -> bool:
    return bool(settings.YHTEISO_SUOMIFI_CLIENT_ID and settings.YHTEISO_SUOMIFI_METADATA_URL
                and settings.YHTEISO_SUOMIFI_PRIVATE_KEY)


def _load_key(pem: str, setting: str):
    try:
        return serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise SuomifiUnavailableError(f"{setting} is not a PEM private key: {exc}") from None


def _private_key():
    """The current key: it signs (request objects, client assertions) and is published and decrypts."""
    return _load_key(settings.YHTEISO_SUOMIFI_PRIVATE_KEY, "YHTEISO_SUOMIFI_PRIVATE_KEY")


def _published_keys() -> list:
    """The keys whose public parts are published: the current one and, during a rotation, the next one."""
    keys = [_private_key()]
    if settings.YHTEISO_SUOMIFI_NEXT_PRIVATE_KEY:
        keys.append(_load_key(settings.YHTEISO_SUOMIFI_NEXT_PRIVATE_KEY, "YHTEISO_SUOMIFI_NEXT_PRIVATE_KEY"))
    return keys


def _decryption_keys() -> list:
    """Every key a token may be encrypted to: the published ones and, just after a rotation, the previous one
    (Suomi.fi may still hold the key set it fetched before the switch)."""
    keys = _published_keys()
    if settings.YHTEISO_SUOMIFI_PREVIOUS_PRIVATE_KEY:
        keys.append(_load_key(settings.YHTEISO_SUOMIFI_PREVIOUS_PRIVATE_KEY, "YHTEISO_SUOMIFI_PREVIOUS_PRIVATE_KEY"))
    return keys


def _key_id(use: str, key=None) -> str:
    public = (key or _private_key()).public_key().public_bytes(serialization.Encoding.DER,
                                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    return f"{use}-" + hashlib.sha256(public).hexdigest()[:16]


def public_jwks() -> dict:
    """The service's public keys (JWKS) for the address given to Suomi.fi in the service's registration: for each
    published key (the current one first, then the next one during a rotation) one entry for verifying its
    signatures (request objects, client assertions) and one for encrypting tokens to it."""
    keys = []
    for key in _published_keys():
        for use, alg in (("sig", "RS256"), ("enc", "RSA-OAEP-256")):
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
            jwk.update({"use": use, "alg": alg, "kid": _key_id(use, key)})
            keys.append(jwk)
    return {"keys": keys}


def metadata() -> dict:
    """Suomi.fi's OpenID Provider metadata (cached for an hour)."""
    url = settings.YHTEISO_SUOMIFI_METADATA_URL
    key = "yhteiso:suomifi-metadata:" + hashlib.sha256(url.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        try:
            response = requests.get(url, timeout=settings.YHTEISO_SUOMIFI_TIMEOUT)
            response.raise_for_status()
            value = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise SuomifiUnavailableError(f"Suomi.fi metadata at {url} could not be read: {exc}") from exc
        needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(value, dict) or not all(isinstance(value.get(name), str) for name in needed):
            raise SuomifiUnavailableError(f"Suomi.fi metadata at {url} lacks {', '.join(needed)}.")
        cache.set(key, value, 3600)
    return value


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# ------------------------------------------------------------------------------------------------------ start
def new_flow(round_id: int) -> dict:
    """The values of one identification: kept in the browser's signed flow cookie until the callback."""
    return {"r": round_id, "s": secrets.token_urlsafe(32), "n": secrets.token_urlsafe(32),
            "v": secrets.token_urlsafe(64)}


def authorization_url(*, flow: dict, redirect_uri: str, language: str = "fi") -> str:
    """Where to send the browser: the authorization endpoint with the request's parameters both as a signed
    request object (``request``) and in plain form (OpenID Connect Core 6.1 lets both be sent)."""
    md = metadata()
    client_id = settings.YHTEISO_SUOMIFI_CLIENT_ID
    params = {
        "response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri,
        "scope": settings.YHTEISO_SUOMIFI_SCOPES, "state": flow["s"], "nonce": flow["n"],
        "acr_values": " ".join(settings.YHTEISO_SUOMIFI_ACR_VALUES), "ui_locales": language,
        "code_challenge": _b64(hashlib.sha256(flow["v"].encode()).digest()), "code_challenge_method": "S256",
    }
    now = int(time.time())
    request_object = jwt.encode({**params, "iss": client_id, "aud": md["issuer"], "iat": now, "exp": now + 300,
                                 "jti": secrets.token_urlsafe(16)},
                                _private_key(), algorithm="RS256", headers={"kid": _key_id("sig")})
    return md["authorization_endpoint"] + "?" + urlencode({**params, "request": request_object})


def client_assertion(token_endpoint: str) -> str:
    """``private_key_jwt`` client authentication (OpenID Connect Core 9): a short-lived JWT signed with the
    service's key, addressed to the token endpoint."""
    client_id = settings.YHTEISO_SUOMIFI_CLIENT_ID
    now = int(time.time())
    return jwt.encode({"iss": client_id, "sub": client_id, "aud": token_endpoint, "iat": now, "exp": now + 60,
                       "jti": secrets.token_urlsafe(16)},
                      _private_key(), algorithm="RS256", headers={"kid": _key_id("sig")})


# ----------------------------------------------------------------------------------------------- the callback
def jwe_decrypt(token: str) -> str:
    """Decrypt a compact JWE addressed to the service (RSA-OAEP or RSA-OAEP-256 key wrapping; AES-GCM content)."""
    try:
        header_b64, wrapped_b64, iv_b64, ciphertext_b64, tag_b64 = token.split(".")
        header = json.loads(_unb64(header_b64))
        hash_algorithm = _JWE_KEY_ALGORITHMS[header["alg"]]
        key_length = _JWE_CONTENT_ALGORITHMS[header["enc"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise SuomifiRefusedError(f"encrypted token in an unsupported form: {exc!r}") from None
    if "zip" in header:
        raise SuomifiRefusedError("compressed encrypted tokens are not supported")
    keys = _decryption_keys()
    named = [key for key in keys if _key_id("enc", key) == header.get("kid")]
    failure = "no key"
    for key in named or keys:  # the key the token names, or (without a known kid) each key in turn
        try:
            content_key = key.decrypt(_unb64(wrapped_b64), padding.OAEP(
                mgf=padding.MGF1(algorithm=hash_algorithm()), algorithm=hash_algorithm(), label=None))
            if len(content_key) != key_length:
                raise ValueError("content key of the wrong length")
            plain = AESGCM(content_key).decrypt(_unb64(iv_b64), _unb64(ciphertext_b64) + _unb64(tag_b64),
                                                header_b64.encode("ascii"))
        except Exception as exc:  # any failure to decrypt is a refused token (unless another key opens it)
            failure = type(exc).__name__
            continue
        return plain.decode()
    raise SuomifiRefusedError(f"encrypted token could not be decrypted: {failure}")


_JWKS_CLIENTS: dict[str, jwt.PyJWKClient] = {}


def _signing_key(token: str, md: dict):
    """The provider's key named by the token's ``kid`` (the key set is cached for five minutes and fetched again
    when an unknown ``kid`` appears, so Suomi.fi's key rotation needs nothing here)."""
    client = _JWKS_CLIENTS.get(md["jwks_uri"])
    if client is None:
        client = _JWKS_CLIENTS[md["jwks_uri"]] = jwt.PyJWKClient(
            md["jwks_uri"], cache_keys=True, lifespan=300, timeout=settings.YHTEISO_SUOMIFI_TIMEOUT)
    try:
        return client.get_signing_key_from_jwt(token)
    except jwt.PyJWKClientConnectionError as exc:
        raise SuomifiUnavailableError(f"Suomi.fi keys could not be read: {exc}") from exc
    except jwt.PyJWTError as exc:
        raise SuomifiRefusedError(f"no key of Suomi.fi verifies the token: {exc}") from exc


def verify_id_token(token: str, *, nonce: str) -> dict:
    """The ID token's claims, after decrypting (JWE) and verifying it: signature by Suomi.fi's keys, algorithm,
    issuer, audience (and ``azp``), lifetime, ``nonce`` and an accepted level of assurance (``acr``)."""
    md = metadata()
    if token.count(".") == 4:
        token = jwe_decrypt(token)
    client_id = settings.YHTEISO_SUOMIFI_CLIENT_ID
    try:
        claims = jwt.decode(token, _signing_key(token, md), algorithms=SIGNING_ALGORITHMS, audience=client_id,
                            issuer=md["issuer"], leeway=60,
                            options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]})
    except jwt.PyJWTError as exc:
        raise SuomifiRefusedError(f"ID token refused: {exc}") from exc
    if not hmac.compare_digest(str(claims.get("nonce")), nonce):
        raise SuomifiRefusedError("ID token refused: another identification's nonce")
    if isinstance(claims.get("aud"), list) and len(claims["aud"]) > 1 and claims.get("azp") != client_id:
        raise SuomifiRefusedError("ID token refused: another authorized party")
    if claims.get("acr") not in settings.YHTEISO_SUOMIFI_ACR_VALUES:
        raise SuomifiRefusedError(f"ID token refused: level of assurance {claims.get('acr')!r} not accepted")
    return claims


def _userinfo(md: dict, access_token: str, subject: str) -> dict:
    """The person's data from the userinfo endpoint: JSON, or a signed (and possibly encrypted) JWT."""
    endpoint = md.get("userinfo_endpoint")
    if not endpoint:
        return {}
    try:
        response = requests.get(endpoint, headers={"Authorization": f"Bearer {access_token}"},
                                timeout=settings.YHTEISO_SUOMIFI_TIMEOUT)
    except requests.RequestException as exc:
        raise SuomifiUnavailableError(f"Suomi.fi userinfo could not be read: {exc}") from exc
    if response.status_code != 200:
        raise SuomifiRefusedError(f"userinfo answered {response.status_code}")
    if response.headers.get("Content-Type", "").split(";")[0].strip() == "application/jwt":
        token = response.text.strip()
        if token.count(".") == 4:
            token = jwe_decrypt(token)
        try:
            info = jwt.decode(token, _signing_key(token, md), algorithms=SIGNING_ALGORITHMS, issuer=md["issuer"],
                              leeway=60, options={"verify_aud": False})
        except jwt.PyJWTError as exc:
            raise SuomifiRefusedError(f"userinfo refused: {exc}") from exc
        audience = info.get("aud", settings.YHTEISO_SUOMIFI_CLIENT_ID)
        if settings.YHTEISO_SUOMIFI_CLIENT_ID not in (audience if isinstance(audience, list) else [audience]):
            raise SuomifiRefusedError("userinfo is addressed to another client")
    else:
        try:
            info = response.json()
        except ValueError as exc:
            raise SuomifiRefusedError("userinfo is not JSON") from exc
    if not isinstance(info, dict) or info.get("sub") != subject:
        raise SuomifiRefusedError("userinfo is about another subject")
    return info


def identify(*, flow: dict, params, redirect_uri: str) -> dict:
    """Finish the identification from the callback's query ``params``: the verified claims (ID token claims win
    over userinfo). Raises :class:`SuomifiCancelledError`, :class:`SuomifiRefusedError` or
    :class:`SuomifiUnavailableError`; nothing of the person is logged."""
    return identify_with_token(flow=flow, params=params, redirect_uri=redirect_uri)[0]


def identify_with_token(*, flow: dict, params, redirect_uri: str) -> tuple[dict, str]:
    """:func:`identify`, and the ID token as received (for the ``id_token_hint`` of the logout that follows at
    once; it is not kept)."""
    if params.get("error"):
        raise SuomifiCancelledError(str(params.get("error"))[:100])
    state, code = params.get("state") or "", params.get("code") or ""
    if not state or not hmac.compare_digest(state.encode(), str(flow.get("s", "")).encode()):
        raise SuomifiRefusedError("state does not match this browser's identification")
    if not code:
        raise SuomifiRefusedError("no authorization code")
    md = metadata()
    try:
        response = requests.post(md["token_endpoint"], timeout=settings.YHTEISO_SUOMIFI_TIMEOUT, data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": flow["v"], "client_id": settings.YHTEISO_SUOMIFI_CLIENT_ID,
            "client_assertion_type": CLIENT_ASSERTION_TYPE, "client_assertion": client_assertion(md["token_endpoint"]),
        })
    except requests.RequestException as exc:
        raise SuomifiUnavailableError(f"Suomi.fi token endpoint could not be reached: {exc}") from exc
    if response.status_code >= 500:
        raise SuomifiUnavailableError(f"Suomi.fi token endpoint answered {response.status_code}")
    try:
        tokens = response.json()
    except ValueError:
        tokens = {}
    if response.status_code != 200 or not isinstance(tokens, dict) or not tokens.get("id_token"):
        raise SuomifiRefusedError(f"token request refused ({response.status_code}, {str(tokens.get('error'))[:60]})"
                                  if isinstance(tokens, dict) else "token request refused")
    claims = verify_id_token(str(tokens["id_token"]), nonce=flow["n"])
    info = _userinfo(md, str(tokens.get("access_token", "")), claims["sub"]) if tokens.get("access_token") else {}
    return {**info, **claims}, str(tokens["id_token"])


def logout_url(*, id_token: str, post_logout_redirect_uri: str, state: str, language: str = "fi") -> str | None:
    """Where to send the browser to end the person's Suomi.fi session (OpenID Connect RP-Initiated Logout 1.0):
    the provider's ``end_session_endpoint`` with the ID token as ``id_token_hint``, the address to come back to and
    a fresh ``state``; ``None`` when the provider's metadata names no such endpoint (or cannot be read: the
    identification is already finished, so that is no reason to stop the person)."""
    try:
        endpoint = metadata().get("end_session_endpoint")
    except SuomifiUnavailableError:
        return None
    if not isinstance(endpoint, str) or not endpoint:
        return None
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode({
        "id_token_hint": id_token, "post_logout_redirect_uri": post_logout_redirect_uri, "state": state,
        "client_id": settings.YHTEISO_SUOMIFI_CLIENT_ID, "ui_locales": language})


# --------------------------------------------------------------------------------------------------- provider
class SuomifiProvider:
    """The identity provider of rounds whose ``identity_provider`` is ``"suomifi"``: an interactive provider (the
    views in ``views_suomifi`` start and finish the flow); :meth:`attest` turns the verified claims into the same
    :class:`Attestation` every other path gives for the person."""

    name = "suomifi"
    label = gettext_lazy("Suomi.fi e-Identification (strong identification)")

    def enabled(self) -> bool:
        return suomifi_enabled()

    def redeem(self, *, round, code: str) -> Attestation:
        raise ValidationError({"code": _("This round uses Suomi.fi identification: identify with the Suomi.fi "
                                         "button.")})

    def attest(self, *, round, claims: dict) -> Attestation:
        raw = claims.get(settings.YHTEISO_SUOMIFI_IDENTITY_CLAIM)
        if not isinstance(raw, str) or not raw:
            raise ValidationError({"identifier": _(
                "Your identification did not give a Finnish personal identity code, so it cannot be matched to "
                "the voter roll. Vote at an assisted-voting desk instead.")})
        hetu = hetu_normalise(raw)
        if round.eligibility == Eligibility.LIVES:
            municipality = claims.get(settings.YHTEISO_SUOMIFI_MUNICIPALITY_CLAIM)
            if str(municipality or "") != settings.YHTEISO_SUOMIFI_MUNICIPALITY:
                raise ValidationError({"identifier": _(
                    "According to the Population Information System your home municipality is not Espoo: in this "
                    "round only people who live in Espoo may vote.")})
        born = hetu_birth_date(hetu)
        today = timezone.localdate()
        if today.year - born.year - ((today.month, today.day) < (born.month, born.day)) < round.min_age:
            raise ValidationError({"identifier": _("You are younger than the minimum age of %(age)d years in this "
                                                   "round.") % {"age": round.min_age}})
        return Attestation(token=person_token(round.pk, hetu), home_area_id=None, birth_date=born)
