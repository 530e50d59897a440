"""A NUL character (U+0000) in the address, a query or form field or a JSON answer is refused with 400 naming the
field in the user's language, before anything reaches the database (PostgreSQL stores no NUL in text)."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory

from yhteiso.respondents import jsonbody

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_query_value_is_refused_in_finnish_naming_the_parameter(client):
    response = client.get("/ohjelma/?ohjelma=a%00b", HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kentässä ”ohjelma” on NUL-merkki" in page and "Mitään ei tallennettu" in page


def test_a_nul_in_a_posted_field_is_refused_in_swedish_naming_the_field(client):
    client.cookies["yhteiso_language"] = "sv"
    response = client.post("/kirjaudu/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400
    assert "Fältet ”username” innehåller ett NUL-tecken" in response.content.decode()


def test_a_nul_in_the_path_is_refused(client):
    response = client.get("/ohjelma/mittarit/a%00b/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The address contains a NUL character" in response.content.decode()


def test_the_api_answers_a_nul_with_json(client):
    response = client.get("/api/v1/steering-group?programme=%00")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_ordinary_values_and_uploaded_files_with_nul_bytes_pass(client):
    assert client.get("/ohjelma/?ohjelma=").status_code < 400
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/kirjaudu/", {"username": "x", "password": "y",
                                            "file": SimpleUploadedFile("a.bin", b"\x00\x01")})
    assert response.status_code != 400 or "NUL" not in response.content.decode()


@pytest.mark.parametrize("body", [{"answers": {"q1": "a\x00b"}}, {"answers": {"q\x00": "x"}},
                                  {"answers": {"q1": ["ok", "\x00"]}}])
def test_a_json_answer_with_a_nul_is_refused(body):
    request = RequestFactory().post("/api/v1/surveys/1/responses", data=json.dumps(body),
                                    content_type="application/json")
    with pytest.raises(jsonbody.BodyError) as refused:
        jsonbody.read_json(request)
    assert refused.value.status == 400 and refused.value.code == "nul"
