"""Anonymity keys: random row ids that say nothing about the order of answering, and keyed hashes (HMAC-SHA-256)
of identifiers (invitation codes, voter identities, client addresses) so that the identifier itself is never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings


def random_id() -> int:
    """A random 62-bit primary key: ids of anonymous answers must not reveal the order of answering."""
    return secrets.randbits(62) or 1


def keyed_hash(purpose: str, value: str, *, key: str | bytes | None = None) -> str:
    """HMAC-SHA-256 of ``purpose:value`` with ``key`` (default ``YHTEISO_VOTER_KEY``), hex. Different purposes give
    unrelated hashes of the same value."""
    secret = key if key is not None else str(settings.YHTEISO_VOTER_KEY)
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
