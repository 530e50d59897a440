"""Reading the "who took part" comparison of an ended subject must not mix the other subjects' waiting profiles.

The attack: a visitor opens the public results of any map survey that has ended (the API, or the page) right after
each resident of an open participatory-budgeting round leaves their background profile. Before the fix, every such
reading forced a mix of every waiting profile, so each profile was mixed alone, in the order it came, and a dump of
the database paired the profiles with the voter roll by physical order (the attack of
``budgeting/tests/test_profile_secrecy.py``). Failed before the fix: the attack linked all 40 pairs."""

from __future__ import annotations

import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from scipy.stats import binom

from yhteiso.budgeting import services as budgeting
from yhteiso.budgeting.tests.factories import make_round
from yhteiso.budgeting.tests.test_profile_secrecy import AGES, BASE, LANGUAGES, N, _attacks, _roll
from yhteiso.mapsurveys import services as mapsurveys
from yhteiso.respondents import profiles
from yhteiso.respondents.models import ParticipantProfile, ProfilePending

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.YHTEISO_SURVEY_RATE_LIMIT = "0"


def _ended_map_survey():
    staff = get_user_model().objects.create_user("kartta-paattynyt", password="pw-123456-x")
    survey = mapsurveys.mapsurvey_create_published(actor=staff, title={"fi": "Päättynyt"}, languages=["fi"])
    mapsurveys.mapsurvey_close(survey=survey, actor=staff)
    return survey


def test_reading_an_ended_subjects_comparison_mixes_no_other_subjects_profiles():
    ended = _ended_map_survey()
    rnd = make_round(slug="profiles", max_projects=6, city_budget=10_000, costs=(10, 20, 30, 40, 50, 60))
    codes = budgeting.voting_codes_issue(actor=None, round=rnd, count=N)
    projects = {p.code: p.pk for p in rnd.proposals.filter(pool__area__isnull=True)}
    subsets = [frozenset(s) for k in (1, 2, 3) for s in itertools.combinations(sorted(projects), k)]
    pairs = list(itertools.product(AGES, LANGUAGES))
    visitor = Client()
    truth: dict = {}
    for code, chosen, (age, language) in zip(codes, subsets, pairs, strict=False):
        roll = set(_roll(rnd))
        device = Client()
        assert device.post(f"{BASE}{rnd.slug}/aanesta/", {"code": code}).status_code == 302
        r = device.post(f"{BASE}{rnd.slug}/aanesta/lippu/",
                        {"area_pool": "", "project": [str(projects[c]) for c in sorted(chosen)]})
        assert r.status_code == 302, r.content.decode()[:300]
        found = re.search(r'name="token" value="([^"]+)"', device.get(r["Location"]).content.decode())
        assert found is not None
        r = device.post("/mita-teimme/taustatiedot/", {"token": found.group(1), "language": "fi", "age_group": age,
                                                        "language_group": language})
        assert r.status_code == 200, r.content.decode()[:300]
        (voter,) = set(_roll(rnd)) - roll
        truth[chosen] = truth[voter] = (age, language)
        # the visitor reads the ended survey's results, with its comparison
        assert visitor.get(f"/api/v1/mapsurveys/{ended.pk}/results").status_code == 200
    profiles.profiles_mix(force=True)  # the last few, as at the close
    bound = int(binom.isf(1e-4, N, 1 / profiles.MIX_BATCH))
    for attack, correct in _attacks(rnd, truth).items():
        assert correct <= bound, f"{attack} linked {correct} of {N} (chance bound {bound})"


def test_an_ended_subjects_own_waiting_profiles_are_still_counted_when_its_comparison_is_read():
    ended = _ended_map_survey()
    token = profiles.profile_token("mapsurvey", ended.pk, "map_respondent")
    other = profiles.profile_token("round", 999, "voter")
    assert profiles.profile_leave(token=token, answers={"age_group": "working_age"}, language="fi")
    assert profiles.profile_leave(token=other, answers={"age_group": "older_people"}, language="fi")
    assert Client().get(f"/api/v1/mapsurveys/{ended.pk}/results").status_code == 200
    assert list(ParticipantProfile.objects.values_list("kind", "subject_id")) == [("mapsurvey", ended.pk)]
    assert ProfilePending.objects.count() == 1  # the open round's profile waits for a batch of its own
