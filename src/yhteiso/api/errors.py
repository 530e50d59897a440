"""Generic error handling of /api/v1/: bad values in a path or query (too large for the database's integer, NUL
characters, a date out of range, ...) answer 400 with a short JSON ``{"detail": ...}`` instead of a server error,
and no response ever contains a non-finite number (``NaN``/``Infinity`` are not JSON; they become ``null``)."""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

log = logging.getLogger(__name__)


def finite(data: Any) -> Any:
    """``data`` with every non-finite float replaced by None (recursively through lists, tuples and dicts).

    >>> finite({"a": [1.0, float("inf"), {"b": float("nan")}], "c": "x"})
    {'a': [1.0, None, {'b': None}], 'c': 'x'}
    """
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [finite(v) for v in data]
    return data


class FiniteJSONRenderer(JSONRenderer):
    """JSON that is valid JSON: ``allow_nan=False``, with non-finite floats written as ``null``."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        try:
            return json.dumps(data, cls=self.encoder_class, allow_nan=False)
        except ValueError:
            return json.dumps(finite(data), cls=self.encoder_class, allow_nan=False)


def install(api: NinjaAPI) -> None:
    """Register the handlers for values the database or the standard library refuse."""

    def bad_value(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
        log.info("API %s %s: bad value (%s)", request.method, request.path, type(exc).__name__)
        return api.create_response(request, {"detail": "invalid value in the path or query"}, status=400)

    for exc_class in (OverflowError, DataError, ValueError):
        api.add_exception_handler(exc_class, bad_value)
