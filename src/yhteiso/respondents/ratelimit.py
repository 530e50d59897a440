"""Per-client rate limit for anonymous submissions.

The client is the address the nearest trusted proxy saw (``YHTEISO_TRUSTED_PROXIES``: empty = no proxy, the socket
peer is the client; a number N = N proxies in front, take the N-th ``X-Forwarded-For`` entry from the right; or a
comma-separated list of CIDRs = skip trusted proxy addresses from the right). The count lives in the shared Django
cache (the database cache across processes in production) under a keyed hash (HMAC-SHA-256 with the secret key) of
the address: the address itself is never stored, and nothing of it is stored with the answers."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured


def _limit() -> tuple[int, int]:
    """(requests, seconds) from ``settings.YHTEISO_SURVEY_RATE_LIMIT`` ("30/600" = 30 per 10 min; "0" = off)."""
    raw = str(getattr(settings, "YHTEISO_SURVEY_RATE_LIMIT", "30/600"))
    if raw.strip() in {"", "0", "off"}:
        return 0, 0
    count, _slash, seconds = raw.partition("/")
    return int(count), int(seconds or 600)


@lru_cache(maxsize=8)
def parse_trusted_proxies(raw: str) -> int | tuple:
    """``""`` → 0 hops; ``"2"`` → 2 hops; ``"10.0.0.0/8, 192.168.1.5"`` → a tuple of networks.

    >>> parse_trusted_proxies("1")
    1
    >>> parse_trusted_proxies("10.0.0.0/8,::1")
    (IPv4Network('10.0.0.0/8'), IPv6Network('::1/128'))
    """
    raw = (raw or "").strip()
    if not raw:
        return 0
    if raw.isdigit():
        hops = int(raw)
        if hops > 10:
            raise ImproperlyConfigured("YHTEISO_TRUSTED_PROXIES: at most 10 proxy hops")
        return hops
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in raw.split(",") if part.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"YHTEISO_TRUSTED_PROXIES must be a number of proxy hops or a comma-separated list of addresses or "
            f"CIDR networks: {exc}") from None


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request) -> str:
    """The client's address as seen by the nearest trusted proxy (the socket peer when none is configured)."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = parse_trusted_proxies(str(getattr(settings, "YHTEISO_TRUSTED_PROXIES", "") or ""))
    if not trusted:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()][-20:]
    if isinstance(trusted, int):
        if len(forwarded) < trusted:
            return forwarded[0] if forwarded else remote
        candidate = forwarded[-trusted]
        return candidate if _address(candidate) else remote
    chain = [remote, *reversed(forwarded)]
    for hop in chain:
        address = _address(hop)
        if address is None:
            return hop
        if not any(address in network for network in trusted):
            return hop
    return chain[-1]


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
