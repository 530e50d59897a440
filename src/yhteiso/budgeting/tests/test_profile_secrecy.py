"""The background profile left after a vote cannot be linked to the ballot (issue 15 item 6), tried as an attacker
holding a dump of the database: 40 residents vote through the real pages, each leaves a different profile on the
confirmation page right after voting (the worst case for timing), and the attacker pairs ballots and profiles by
every order the database keeps (physical position, key order). Each attack may link no more pairs than chance does
with batches of ten; the control shows the same attack links every pair when profiles are stored as they come."""

from __future__ import annotations

import itertools
import re

import pytest
from django.db import connection, models
from django.test import Client
from scipy.stats import binom

from yhteiso.budgeting import services
from yhteiso.budgeting.tests.factories import make_round
from yhteiso.respondents import profiles
from yhteiso.respondents.models import ParticipantProfile, ProfilePending, ProfileTokenUsed

pytestmark = pytest.mark.django_db(transaction=True)
BASE = "/osallistuva-budjetointi/"
N = 40
AGES = profiles.AGE_GROUPS
LANGUAGES = profiles.LANGUAGE_GROUPS


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.YHTEISO_SURVEY_RATE_LIMIT = "0"


def _vote_and_profile(rnd) -> dict:
    """Each resident votes for a unique set of projects and then leaves a unique (age, language) profile.
    Returns the truth: ballot content → profile."""
    codes = services.voting_codes_issue(actor=None, round=rnd, count=N)
    projects = {p.code: p.pk for p in rnd.proposals.filter(pool__area__isnull=True)}
    subsets = [frozenset(s) for k in (1, 2, 3) for s in itertools.combinations(sorted(projects), k)]
    pairs = list(itertools.product(AGES, LANGUAGES))
    truth: dict = {}
    for code, chosen, (age, language) in zip(codes, subsets, pairs, strict=False):
        before = set(_roll(rnd))
        device = Client()
        assert device.post(f"{BASE}{rnd.slug}/aanesta/", {"code": code}).status_code == 302
        r = device.post(f"{BASE}{rnd.slug}/aanesta/lippu/",
                        {"area_pool": "", "project": [str(projects[c]) for c in sorted(chosen)]})
        assert r.status_code == 302, r.content.decode()[:300]
        done = device.get(r["Location"]).content.decode()
        found = re.search(r'name="token" value="([^"]+)"', done)
        assert found is not None
        token = found.group(1)
        r = device.post("/mita-teimme/taustatiedot/", {"token": token, "language": "fi", "age_group": age,
                                                        "language_group": language})
        assert r.status_code == 200, r.content.decode()[:300]
        (voter,) = set(_roll(rnd)) - before
        truth[chosen] = truth[voter] = (age, language)
    assert len(truth) == 2 * N
    profiles.profiles_mix(force=True)
    return truth


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _roll(rnd) -> list[str]:
    return [str(r[0]).replace("-", "") for r in _rows("SELECT id FROM budgeting_voter WHERE round_id = %s", [rnd.pk])]


def _attacks(rnd, truth) -> dict[str, int]:
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    ballots = _rows(f"SELECT CAST(id AS TEXT), {position} FROM budgeting_ballot WHERE round_id = %s", [rnd.pk])
    content: dict[str, set[str]] = {}
    for ballot_id, code in _rows("SELECT CAST(c.ballot_id AS TEXT), p.code FROM budgeting_ballotchoice c JOIN "
                                 "budgeting_proposal p ON p.id = c.proposal_id WHERE p.round_id = %s", [rnd.pk]):
        content.setdefault(ballot_id, set()).add(code)
    found = _rows(f"SELECT CAST(id AS TEXT), {position}, age_group, language_group FROM "
                  "respondents_participantprofile WHERE kind = 'round' AND subject_id = %s", [rnd.pk])
    roll = [(str(r[0]).replace("-", ""), r[1]) for r in
            _rows(f"SELECT id, {position} FROM budgeting_voter WHERE round_id = %s", [rnd.pk])]
    assert len(ballots) == len(found) == len(roll) == N
    results = {}
    for name, key in (("physical order", lambda r: r[1]), ("key order", lambda r: r[0])):
        paired = zip(sorted(ballots, key=key), sorted(found, key=key), strict=True)
        results[f"ballot, {name}"] = sum(truth[frozenset(content[b[0]])] == (p[2], p[3]) for b, p in paired)
        paired = zip(sorted(roll, key=key), sorted(found, key=key), strict=True)
        results[f"roll, {name}"] = sum(truth[v[0]] == (p[2], p[3]) for v, p in paired)
    return results


def test_the_profile_tables_hold_no_link_and_no_time_finer_than_the_day():
    for model in (ParticipantProfile, ProfilePending, ProfileTokenUsed):
        for field in model._meta.get_fields():
            assert not field.is_relation, (model.__name__, field.name)
            assert not isinstance(field, models.DateTimeField | models.TimeField), (model.__name__, field.name)
    assert {f.name for f in ProfilePending._meta.get_fields()} == {"id", "sealed"}


def test_a_profile_left_right_after_voting_cannot_be_linked_to_the_ballot():
    rnd = make_round(slug="profiles", max_projects=6, city_budget=10_000, costs=(10, 20, 30, 40, 50, 60))
    truth = _vote_and_profile(rnd)
    assert ProfilePending.objects.count() == 0
    # the dump: no value of a profile row appears in any ballot row or the roll
    ballot_values = {str(v) for row in _rows("SELECT * FROM budgeting_ballot", []) for v in row if v is not None}
    ballot_values |= {str(v) for row in _rows("SELECT * FROM budgeting_voter", []) for v in row if v is not None}
    for row in _rows("SELECT id, mixed_on FROM respondents_participantprofile", []):
        assert not {str(v) for v in row} & ballot_values
    bound = int(binom.isf(1e-4, N, 1 / profiles.MIX_BATCH))
    for attack, correct in _attacks(rnd, truth).items():
        assert correct <= bound, f"{attack} linked {correct} of {N} (chance bound {bound})"


def test_control_the_same_attack_links_every_pair_when_profiles_are_stored_as_they_come(monkeypatch):
    """Without the batches and the shuffle the attack on the roll's order works (so the test above could fail)."""
    monkeypatch.setattr(profiles, "MIX_BATCH", 1)
    monkeypatch.setattr(profiles, "_shuffle", lambda rows: None)
    rnd = make_round(slug="profiles", max_projects=6, city_budget=10_000, costs=(10, 20, 30, 40, 50, 60))
    truth = _vote_and_profile(rnd)
    assert _attacks(rnd, truth)["roll, physical order"] == N
