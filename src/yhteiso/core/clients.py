"""The client's address behind the proxies in front of the server: one rule for the sign-in throttle and the
resident-facing rate limits.

``settings.YHTEISO_TRUSTED_PROXIES`` (see ``yhteiso.config.env.trusted_proxies``):

- empty or ``0``: no proxy; the connection's peer is the client and ``X-Forwarded-For`` is ignored;
- a number N: N proxies in front, each appending the address it saw to ``X-Forwarded-For``; the client is the N-th
  entry from the right (the connection's peer when the header has fewer entries: the request did not come through
  the proxies);
- addresses or CIDR networks of the proxies: walk from the connection's peer leftwards through
  ``X-Forwarded-For`` and take the first address that is not a trusted proxy.

The answer is always the connection's address or an address a trusted proxy wrote, never free text a client put
in the header (the sign-in throttle stores it in an address column)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

from yhteiso.config.env import TrustedProxies, trusted_proxies

MAX_FORWARDED = 20  # entries of X-Forwarded-For looked at, from the right


@lru_cache(maxsize=8)
def parse_trusted_proxies(raw: str) -> TrustedProxies:
    """``trusted_proxies`` once per distinct setting value (a bad value raises ``ImproperlyConfigured``)."""
    return trusted_proxies(raw)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_address(request) -> str:
    """The client's address as seen by the nearest trusted proxy (the connection's peer when none is configured)."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = parse_trusted_proxies(str(settings.YHTEISO_TRUSTED_PROXIES or ""))
    if not trusted:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    forwarded = forwarded[-MAX_FORWARDED:]
    if isinstance(trusted, int):
        if len(forwarded) < trusted:
            return remote
        candidate = forwarded[-trusted]
        return candidate if _is_address(candidate) else remote
    previous = remote
    for hop in [remote, *reversed(forwarded)]:
        try:
            address = ipaddress.ip_address(hop)
        except ValueError:
            return previous  # not written by a trusted proxy: the hop before it is the last one vouched for
        if not any(address in network for network in trusted):
            return hop
        previous = hop
    return previous
