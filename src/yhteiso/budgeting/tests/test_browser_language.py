"""Participatory-budgeting pages follow the browser's language among the eight respondent languages (an Arabic
browser gets Arabic), unless the person has chosen a language."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from yhteiso.budgeting.tests.factories import make_round

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"


def _lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, response.content[:200]
    return match.group(1)


@pytest.mark.parametrize(("header", "expected"), [
    ("sv-FI,sv;q=0.9", "sv"),
    ("en-GB", "en"),
    ("fi-FI,fi;q=0.9,en;q=0.5", "fi"),
    ("ar-SA,ar;q=0.9", "ar"),
    ("ru", "ru"),
    ("so,fi;q=0.5", "so"),  # the browser's first language the pages speak
    ("de-DE", "fi"),  # no respondent language at all: the site's default
])
def test_the_round_page_opens_in_the_browsers_language(header, expected):
    rnd = make_round()
    response = Client(HTTP_ACCEPT_LANGUAGE=header).get(f"{BASE}{rnd.slug}/")
    assert response.status_code == 200
    assert _lang(response) == expected
    assert response["Content-Language"] == expected


def test_a_chosen_language_wins_over_the_browser_on_the_round_and_voting_pages():
    rnd = make_round()
    client = Client(HTTP_ACCEPT_LANGUAGE="ar-SA,ar;q=0.9")
    client.cookies["yhteiso_language"] = "sv"
    assert _lang(client.get(f"{BASE}{rnd.slug}/")) == "sv"
    assert _lang(client.get(f"{BASE}{rnd.slug}/aanesta/")) == "sv"
    # Arabic chosen on a survey: the budgeting pages follow it
    client.cookies["yhteiso_language"] = "ar"
    assert _lang(client.get(f"{BASE}{rnd.slug}/aanesta/")) == "ar"
    # the language switch is on the page, with the language shown selected
    html = client.get(f"{BASE}{rnd.slug}/").content.decode()
    assert re.search(r'<option value="ar"[^>]*selected', html), html[:3000]
