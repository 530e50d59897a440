"""A map survey opens in the browser's language when the survey offers it (an Arabic browser: Arabic, right to
left), unless the person chose a language; the thank-you page after answering stays in the language answered in."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups
from yhteiso.mapsurveys import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(db):
    from django.contrib.auth.models import Group

    ensure_role_groups()
    staff = get_user_model().objects.create_user("mod", password="pw-123456-x")
    staff.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    s = services.mapsurvey_create(actor=staff, title={c: f"Kartta {c}" for c in RESPONDENT_LANGUAGES},
                                  languages=list(RESPONDENT_LANGUAGES))
    return services.mapsurvey_publish(survey=s, actor=staff)


def _html_tag(response) -> str:
    match = re.search(r"<html[^>]*>", response.content.decode())
    assert match, response.content[:200]
    return match.group(0)


def test_an_arabic_browser_gets_the_map_survey_in_arabic_and_can_choose_another(survey):
    client = Client(HTTP_ACCEPT_LANGUAGE="ar-EG,ar;q=0.9,en;q=0.6")
    response = client.get(f"/karttakyselyt/{survey.pk}/")
    assert _html_tag(response) == '<html lang="ar" dir="rtl">'
    assert "Kartta ar" in response.content.decode()
    assert response["Content-Language"] == "ar"
    assert _html_tag(client.get(f"/karttakyselyt/{survey.pk}/?kieli=et")) == '<html lang="et" dir="ltr">'
    assert _html_tag(client.get(f"/karttakyselyt/{survey.pk}/")) == '<html lang="et" dir="ltr">'
    assert _html_tag(client.get(f"/karttakyselyt/{survey.pk}/kiitos/")) == '<html lang="et" dir="ltr">'


def test_a_swedish_browser_gets_the_map_survey_in_swedish(survey):
    response = Client(HTTP_ACCEPT_LANGUAGE="sv-FI,sv;q=0.9,fi;q=0.8").get(f"/karttakyselyt/{survey.pk}/")
    assert _html_tag(response) == '<html lang="sv" dir="ltr">'
