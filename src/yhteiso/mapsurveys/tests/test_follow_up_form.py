"""The map survey's thanks page offers the follow-up form (issue 15 item 3.3); the form names only the map survey."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from yhteiso.mapsurveys import services as map_services
from yhteiso.respondents import followup

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("staff", password="pw-123456-x")


def test_the_map_survey_thanks_page_offers_the_follow_up_form(staff):
    ms = map_services.mapsurvey_create(actor=staff, title={"fi": "Kartta", "sv": "Karta"}, languages=["fi", "sv"])
    ms = map_services.mapsurvey_publish(survey=ms, actor=staff)
    html = Client().get(f"/karttakyselyt/{ms.pk}/kiitos/?kieli=sv").content.decode()
    found = re.search(r'name="subject" value="([^"]+)"', html)
    assert found is not None
    token = found.group(1)
    assert followup.read_subject_token(token) == ("mapsurvey", ms.pk)
    assert "Vill du höra vad som hände?" in html
