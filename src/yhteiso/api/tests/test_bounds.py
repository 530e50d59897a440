"""Every endpoint of /api/v1/ (as the OpenAPI document lists them) probed with negative, huge, non-numeric and
odd path and query values: never a 500, always a short JSON answer, never non-finite numbers in JSON."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from yhteiso.api.urls import api
from yhteiso.programme import demo as programme_demo

ODD_VALUES = ["-1", "0", "99999999999999999999", "-99999999999999999999", "abc", "1e300", "NaN", "Infinity",
              "%00", "2026.5", "%F0%9F%98%80", "'", "x" * 300]


def _operations():
    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield method, path, [p for p in op.get("parameters", []) if p["in"] in ("path", "query")]


def _probes():
    for method, path, params in _operations():
        path_params = [p["name"] for p in params if p["in"] == "path"]
        query_params = [p["name"] for p in params if p["in"] == "query"]
        for value in ODD_VALUES:
            url = path
            for name in path_params:
                url = url.replace("{" + name + "}", value)
            if path_params:
                yield method, path, url
            for name in query_params:
                filled = re.sub(r"\{[^}]+\}", "1", path)
                yield method, path, f"{filled}?{name}={value}"


PROBES = list(_probes())


def _parse_strict(text: str):
    def refuse(token):
        raise ValueError(f"non-finite number {token} in JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def seeded(db):
    programme_demo.load(__import__("io").StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "url"), PROBES, ids=[f"{m} {u[:80]}" for m, _p, u in PROBES])
def test_odd_values_never_give_a_server_error(seeded, method, path, url):
    client = Client(raise_request_exception=False)
    response = getattr(client, method)(url, content_type="application/json") if method != "get" else client.get(url)
    assert response.status_code < 500, (url, response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert len(response.content) < 2000
        assert response["Content-Type"].startswith("application/json"), (url, response["Content-Type"])
        body = _parse_strict(response.content.decode())
        assert "detail" in body
    elif response["Content-Type"].startswith("application/json"):
        _parse_strict(response.content.decode())


def test_the_probes_cover_every_documented_operation():
    assert {(m, p) for m, p, _u in PROBES} >= {(m, p) for m, p, params in _operations() if params}
