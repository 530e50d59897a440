"""Per-client rate limit for anonymous submissions.

The client is the address the nearest trusted proxy saw (``yhteiso.core.clients.client_address``, the rule the
sign-in throttle uses too, set by ``YHTEISO_TRUSTED_PROXIES``). The count lives in the shared Django
cache (the database cache across processes in production) under a keyed hash (HMAC-SHA-256 with the secret key) of
the address: the address itself is never stored, and nothing of it is stored with the answers."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

from yhteiso.core.clients import client_address, parse_trusted_proxies  # noqa: F401 - tests call both here


def _limit() -> tuple[int, int]:
    """(requests, seconds) from ``settings.YHTEISO_SURVEY_RATE_LIMIT`` ("30/600" = 30 per 10 min; "0" = off)."""
    raw = str(getattr(settings, "YHTEISO_SURVEY_RATE_LIMIT", "30/600"))
    if raw.strip() in {"", "0", "off"}:
        return 0, 0
    count, _slash, seconds = raw.partition("/")
    return int(count), int(seconds or 600)


def client_key(request, scope: str) -> str:
    address = client_address(request)
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{address}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"yhteiso-rl:{scope}:{digest}"


def allow(request, scope: str = "survey") -> bool:
    """Count one submission attempt of this client; False when it is over the limit."""
    count, seconds = _limit()
    if count <= 0:
        return True
    key = client_key(request, scope)
    if cache.add(key, 1, timeout=seconds):
        return True
    try:
        current = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)
        return True
    return current <= count
