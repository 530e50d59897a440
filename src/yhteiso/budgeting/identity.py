"""Identity and keys of participatory budgeting.

Identity providers attest that a person may vote and give a stable secret *voter token* for the round; the roll
hash is derived from it. Two channels write into the same roll:

* online, with a one-time voting code handed out by staff (the development provider). A code may be issued to a
  named person (by their personal identity code); then its token is that person's token, so a paper vote and an
  online vote of the same person meet on the roll. A Suomi.fi provider would derive the token from the person's
  identity code in the same way.
* paper and assisted votes typed in by staff with the person's identity code (henkilötunnus), validated and
  normalised first so that one person is always one token.

Keys: ``K_purpose = HMAC-SHA256(settings.YHTEISO_VOTER_KEY, purpose)`` for the purposes ``code``, ``token``,
``roll``, ``receipt``, ``change`` and ``seal``, so that knowing one derived value reveals nothing about the
others. Ballots waiting to be mixed are sealed (AES-256-GCM) under ``K_seal``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yhteiso.budgeting.models import VotingCode

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _key(purpose: str) -> bytes:
    return hmac.new(settings.YHTEISO_VOTER_KEY.encode(), purpose.encode(), hashlib.sha256).digest()


def keyed(purpose: str, *parts) -> str:
    """HMAC-SHA256 hex digest of ``parts`` under the key derived for ``purpose``."""
    message = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new(_key(purpose), message, hashlib.sha256).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def format_code(raw: str) -> str:
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


# ------------------------------------------------------------------------------------ personal identity codes
HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
HETU_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
                "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
# hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign, small/full-width hyphen-minus
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_HETU = re.compile(r"(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])")


def hetu_normalise(value: str) -> str:
    """The canonical form of a Finnish personal identity code (henkilötunnus), or ``ValidationError``.

    Spaces are removed, every kind of dash becomes ``-``, letters are upper-cased; then the format, the date, the
    century sign (``+``, ``-`` and ``YXWVU`` for the 1900s, ``A``–``F`` for the 2000s, as from 2023) and the
    check character are verified.

    >>> hetu_normalise(" 131052 – 308t ")
    '131052-308T'
    """
    text = "".join((value or "").translate(_DASHES).split()).upper()
    match = _HETU.fullmatch(text)
    if not match:
        raise ValidationError({"identifier": _(
            "Enter the voter's personal identity code in the form DDMMYYCZZZQ, for example 131052-308T.")})
    dd, mm, yy, sign, individual, check = match.groups()
    try:
        born = dt.date(HETU_CENTURY[sign] + int(yy), int(mm), int(dd))
    except ValueError:
        raise ValidationError({"identifier": _(
            "The personal identity code does not begin with a valid date of birth.")}) from None
    if int(individual) < 2:
        raise ValidationError({"identifier": _("The personal identity code has an invalid individual number.")})
    if HETU_CHECK[int(dd + mm + yy + individual) % 31] != check:
        raise ValidationError({"identifier": _(
            "The check character of the personal identity code is wrong: check the code.")})
    del born
    return text


def hetu_birth_date(hetu: str) -> dt.date:
    """The date of birth of a normalised identity code."""
    return dt.date(HETU_CENTURY[hetu[6]] + int(hetu[4:6]), int(hetu[2:4]), int(hetu[0:2]))


def change_tag(round_id: int, token: str) -> str:
    """The tag that finds a voter's ballot again when they identify again to change their vote:
    ``HMAC(K_change, round, token)``. The roll holds ``HMAC(K_roll, round, token)``; under two independent keys
    kept outside the database the two are unrelated pseudorandom strings to anyone who reads only the database."""
    return keyed("change", round_id, token)


def random_tag() -> str:
    """A tag of the same form for a ballot that cannot be changed (paper and assisted votes)."""
    return secrets.token_hex(32)


def person_token(round_id: int, hetu: str) -> str:
    """The voter token of a person (from the normalised identity code): the same for every channel."""
    return keyed("token", round_id, "person", hetu)


# ------------------------------------------------------------------------------------------- sealed ballots
def seal(round_id: int, content: dict) -> bytes:
    """Encrypt a pending ballot (AES-256-GCM, random nonce, the round as associated data)."""
    nonce = os.urandom(12)
    data = json.dumps(content, separators=(",", ":")).encode()
    return nonce + AESGCM(_key("seal")).encrypt(nonce, data, str(round_id).encode())


def unseal(round_id: int, blob: bytes) -> dict:
    blob = bytes(blob)
    try:
        data = AESGCM(_key("seal")).decrypt(blob[:12], blob[12:], str(round_id).encode())
    except InvalidTag:
        raise ValueError("a pending ballot cannot be opened with the configured voter key") from None
    return json.loads(data)


# ------------------------------------------------------------------------------------------------ providers
@dataclass
class Attestation:
    token: str  # stable secret per person and round; never stored in the database
    home_area_id: int | None
    method: str = "online"
    code_hash: str = ""  # the voting code used (marked used when the vote is cast)
    birth_date: dt.date | None = None
    used: bool = False  # the code was used to vote already: it now only identifies the voter again, to change


class DevCodeProvider:
    """Development provider: staff hand out one-time voting codes (the person's eligibility — age and living in
    Espoo — is checked when the code is handed out). Signing in does not use the code up: casting the vote does
    (the roll entry), so a voter whose sign-in expired can sign in again. A used code still identifies its holder
    (``used``): the service then lets them change their vote, never cast a second one."""

    name = "dev-codes"
    label = gettext_lazy("One-time voting codes handed out by staff")

    def redeem(self, *, round, code: str) -> Attestation:
        raw = normalise_code(code)
        if not raw:
            raise ValidationError({"code": _("Enter your voting code.")})
        code_hash = keyed("code", round.pk, raw)
        row = VotingCode.objects.filter(round=round, code_hash=code_hash).first()
        if row is None:
            raise ValidationError({"code": _("This voting code is not valid for this round. Check the code.")})
        token = row.person_token or keyed("token", round.pk, "dev-code", raw)
        return Attestation(token=token, home_area_id=row.home_area_id, code_hash=code_hash, used=row.redeemed)


class StaffEntryProvider:
    """Paper and assisted votes: staff type the person's identity code (validated, never stored)."""

    name = "staff-entry"

    def attest(self, *, round, identifier: str, method: str) -> Attestation:
        hetu = hetu_normalise(identifier)
        return Attestation(token=person_token(round.pk, hetu), home_area_id=None, method=method,
                           birth_date=hetu_birth_date(hetu))


#: Registered providers by name (apps add theirs in ``ready()``, e.g. Suomi.fi); each implements the interface
#: documented in docs/identity-providers.md.
PROVIDERS: dict[str, Any] = {DevCodeProvider.name: DevCodeProvider()}


def provider_choices() -> list[tuple[str, str]]:
    """The providers a round may use, for the round's settings: each registered provider that is ready to use
    (``enabled()``, when the provider has it: Suomi.fi only once it is configured)."""
    return [(name, str(provider.label)) for name, provider in PROVIDERS.items()
            if getattr(provider, "enabled", lambda: True)()]


def provider_for(round):
    try:
        return PROVIDERS[round.identity_provider]
    except KeyError:
        raise ValidationError(_("Unknown identity provider: %(name)s") % {"name": round.identity_provider}) from None
