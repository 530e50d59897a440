"""Pluggable identity providers: they attest that a person may vote (minimum age, living in Espoo) and give a
stable secret *voter token* for the round, from which the roll hash and the ballot key are derived with two
different keys. Only a development provider with one-time voting codes exists now; a Suomi.fi provider would
derive the token from the person's identifier in the same way.

Keys: ``K_purpose = HMAC-SHA256(settings.YHTEISO_VOTER_KEY, purpose)`` for the purposes ``code``, ``token``,
``roll`` and ``ballot``, so that knowing one derived value reveals nothing about the others.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def keyed(purpose: str, *parts) -> str:
    """HMAC-SHA256 hex digest of ``parts`` under the key derived for ``purpose``."""
    key = hmac.new(settings.YHTEISO_VOTER_KEY.encode(), purpose.encode(), hashlib.sha256).digest()
    message = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def format_code(raw: str) -> str:
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


@dataclass
class Attestation:
    token: str  # stable secret per person and round; never stored in the database
    home_area_id: int | None
    method: str = "online"


class DevCodeProvider:
    """Development provider: staff hand out one-time voting codes (the person's eligibility — age and living in
    Espoo — is checked when the code is handed out). A code can be redeemed once; the session it opens may
    change the vote until the round closes."""

    name = "dev-codes"

    def redeem(self, *, round, code: str) -> Attestation:
        from yhteiso.budgeting.models import VotingCode

        raw = normalise_code(code)
        if not raw:
            raise ValidationError({"code": _("Enter your voting code.")})
        row = VotingCode.objects.select_for_update().filter(round=round, code_hash=keyed("code", round.pk, raw)).first()
        if row is None:
            raise ValidationError({"code": _("This voting code is not valid for this round. Check the code.")})
        if row.redeemed:
            raise ValidationError({"code": _("This voting code has already been used. Each code works only once.")})
        row.redeemed = True
        row.save(update_fields=["redeemed"])
        return Attestation(token=keyed("token", round.pk, "dev-code", raw), home_area_id=row.home_area_id)


class StaffEntryProvider:
    """Paper and assisted votes: staff type the person's identifier (checked against the roll, never stored)."""

    name = "staff-entry"

    def attest(self, *, round, identifier: str, method: str) -> Attestation:
        ident = " ".join((identifier or "").split()).upper()
        if len(ident) < 4:
            raise ValidationError({"identifier": _("Enter the voter's identifier (at least 4 characters).")})
        return Attestation(token=keyed("token", round.pk, "person", ident), home_area_id=None, method=method)


PROVIDERS = {DevCodeProvider.name: DevCodeProvider()}


def provider_for(round):
    try:
        return PROVIDERS[round.identity_provider]
    except KeyError:
        raise ValidationError(_("Unknown identity provider: %(name)s") % {"name": round.identity_provider}) from None
