"""Who took part on the map-survey pages (issue 15 item 6): the thanks page offers the optional background profile
(naming only the map survey and the way of taking part), and the results show the comparison only in the final
release, once the map survey has closed (interim releases would let a reader difference the figures)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from yhteiso.mapsurveys import services as map_services
from yhteiso.respondents import profiles
from yhteiso.respondents.models import ParticipantProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    staff = get_user_model().objects.create_user("staff", password="pw-123456-x")
    ms = map_services.mapsurvey_create(actor=staff, title={"fi": "Kartta", "sv": "Karta"}, languages=["fi", "sv"])
    return map_services.mapsurvey_publish(survey=ms, actor=staff), staff


def test_the_thanks_page_offers_the_profile_form(survey):
    ms, _staff = survey
    html = Client().get(f"/karttakyselyt/{ms.pk}/kiitos/?kieli=sv").content.decode()
    token = profiles.read_profile_token(re.search(r'name="token" value="([^"]+)"', html).group(1))
    assert (token["k"], token["s"], token["r"]) == ("mapsurvey", ms.pk, "map_respondent")
    assert "Vill inte säga" in html


def test_the_results_show_who_took_part_only_once_the_map_survey_has_closed(survey):
    ms, staff = survey
    ParticipantProfile.objects.bulk_create([
        ParticipantProfile(kind="mapsurvey", subject_id=ms.pk, role="map_respondent", age_group="young_adults",
                           mixed_on="2026-12-02") for _ in range(15)])
    client = Client()
    assert "Keitä osallistui" not in client.get(f"/karttakyselyt/{ms.pk}/tulokset/").content.decode()
    map_services.mapsurvey_close(survey=ms, actor=staff)
    page = client.get(f"/karttakyselyt/{ms.pk}/tulokset/").content.decode()
    assert "Keitä osallistui" in page and "15 osallistujaa kertoi taustatietonsa" in page
