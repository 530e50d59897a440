"""Bounded, same-origin JSON bodies for the anonymous answer APIs.

A body is accepted only as ``application/json``, at most :data:`MAX_BYTES` long, with at most :data:`MAX_KEYS`
object keys in all, nesting at most :data:`MAX_DEPTH` deep and no NUL character in any text (PostgreSQL stores
none). A browser request from another site (``Origin`` or ``Sec-Fetch-Site`` naming another site) is refused;
clients that are not browsers send neither header and are accepted. Errors are short and never echo the body."""

from __future__ import annotations

import json

from django.conf import settings

MAX_BYTES = 256 * 1024
MAX_KEYS = 400
MAX_DEPTH = 6


class BodyError(Exception):
    """A refused body: ``status`` (400, 403, 413, 415) and a short English ``code``."""

    def __init__(self, status: int, code: str):
        super().__init__(code)
        self.status = status
        self.code = code


def same_origin(request) -> bool:
    """False for a browser request made by another site."""
    site = request.META.get("HTTP_SEC_FETCH_SITE", "")
    if site and site not in ("same-origin", "none"):
        return False
    origin = request.META.get("HTTP_ORIGIN", "")
    if not origin:
        return True
    if origin == "null":
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])


def _check_shape(value, depth: int, budget: list[int]) -> None:
    if depth > MAX_DEPTH:
        raise BodyError(400, "too_deep")
    if isinstance(value, str):
        if "\x00" in value:  # PostgreSQL stores no NUL character in text or jsonb
            raise BodyError(400, "nul")
    elif isinstance(value, dict):
        budget[0] -= len(value)
        if budget[0] < 0:
            raise BodyError(413, "too_many_keys")
        if any("\x00" in key for key in value):
            raise BodyError(400, "nul")
        for item in value.values():
            _check_shape(item, depth + 1, budget)
    elif isinstance(value, list):
        budget[0] -= len(value)
        if budget[0] < 0:
            raise BodyError(413, "too_many_keys")
        for item in value:
            _check_shape(item, depth + 1, budget)


def _pairs(pairs):
    if len(pairs) > MAX_KEYS:
        raise BodyError(413, "too_many_keys")
    return dict(pairs)


def read_json(request) -> dict:
    """The request's JSON object, or BodyError. The length is checked before anything is read."""
    if not same_origin(request):
        raise BodyError(403, "cross_site")
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise BodyError(415, "content_type")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BodyError(400, "length") from None
    if length > MAX_BYTES:
        raise BodyError(413, "too_large")
    raw = request.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise BodyError(413, "too_large")
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_pairs)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BodyError(400, "json") from None
    if not isinstance(data, dict):
        raise BodyError(400, "json")
    _check_shape(data, 0, [MAX_KEYS])
    return data
