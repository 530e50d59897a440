"""Who took part on the budgeting pages (issue 15 item 6): the ballot confirmation and the idea thanks page offer
the optional background profile (its form names the round and the way of taking part, nothing else), and the
published results show the comparison in the page's language; not before the results are published."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from yhteiso.budgeting import services
from yhteiso.budgeting.tests.factories import make_round
from yhteiso.respondents import profiles
from yhteiso.respondents.models import ParticipantProfile

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"


def _token(html: str) -> dict:
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found is not None
    token = profiles.read_profile_token(found.group(1))
    assert token is not None
    return token


def test_the_ballot_confirmation_offers_the_profile_form_in_the_ballot_s_language():
    rnd = make_round()
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    device = Client()
    assert device.post(f"{BASE}{rnd.slug}/aanesta/?kieli=ar", {"code": code}).status_code == 302
    c1 = rnd.proposals.get(code="c1")
    r = device.post(f"{BASE}{rnd.slug}/aanesta/lippu/?kieli=ar", {"area_pool": "", "project": [str(c1.pk)]})
    html = device.get(r["Location"]).content.decode()
    token = _token(html)
    assert (token["k"], token["s"], token["r"]) == ("round", rnd.pk, "voter")
    assert "أخبرنا قليلًا عن نفسك (اختياري)" in html and "أفضّل عدم القول" in html


def test_the_idea_thanks_page_offers_the_profile_form_to_idea_authors():
    rnd = make_round()
    html = Client().get(f"{BASE}{rnd.slug}/ideat/kiitos/?kieli=sv").content.decode()
    token = _token(html)
    assert (token["k"], token["s"], token["r"]) == ("round", rnd.pk, "idea_author")
    assert "Berätta lite om dig själv (frivilligt)" in html


def test_the_published_results_show_who_took_part_and_not_before():
    rnd = make_round(max_projects=2)
    ParticipantProfile.objects.bulk_create([
        ParticipantProfile(kind="round", subject_id=rnd.pk, role="voter", age_group="working_age",
                           language_group="finnish_speakers", mixed_on="2026-12-02") for _ in range(12)])
    page = Client().get(f"{BASE}{rnd.slug}/tulokset/?kieli=ar").content.decode()
    assert "من شارك" not in page
    services.round_set_phase(actor=None, round=rnd, phase="results")
    services.round_compute_results(actor=None, round=rnd)
    services.round_publish_results(actor=None, round=rnd)
    page = Client().get(f"{BASE}{rnd.slug}/tulokset/?kieli=ar").content.decode()
    assert "من شارك" in page
    assert "أخبرنا 12 مشاركًا عن خلفيتهم" in page.replace("\u2066", "").replace("\u2069", "")
