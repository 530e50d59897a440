"""Follow-up addresses cannot be linked to answers (issue 15 item 3.3), tried as an attacker with read access to
the database would: 40 residents answer through the real pages, each leaves an e-mail address on the thanks page
right after answering (the worst case for timing), the page is published and the addresses are mixed. The attacker
pairs answers and addresses by every order the database keeps (physical position, transaction id, key). Each
attack may link no more pairs than chance does with batches of ten (a binomial bound), and the control shows the
same attack links every pair when the addresses are stored as they come.

Runs on SQLite and, when ``DATABASE_URL`` names PostgreSQL, on PostgreSQL (ctid, xmin).
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import connection, models
from django.test import Client
from scipy.stats import binom

from yhteiso.respondents import followup
from yhteiso.respondents.models import FollowUpAddress, FollowUpPending

pytestmark = pytest.mark.django_db(transaction=True)
N = 40


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.YHTEISO_SURVEY_RATE_LIMIT = "0"  # forty residents from one test address


def chance_bound(n: int, p: float = 1 / followup.MIX_BATCH, alpha: float = 1e-4) -> int:
    return int(binom.isf(alpha, n, p))


def _physical(table: str, where: str = "1=1", params=()) -> list[tuple]:
    """(key, physical position, transaction id) of each row, as stored."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"SELECT id::text, ctid::text, xmin::text::bigint FROM {table} WHERE {where}", params)
        else:
            cur.execute(f"SELECT CAST(id AS TEXT), rowid, rowid FROM {table} WHERE {where}", params)
        return [(str(r[0]), r[1], r[2]) for r in cur.fetchall()]


def _position(value):
    if isinstance(value, str) and value.startswith("("):  # PostgreSQL ctid "(page,item)"
        page, item = value.strip("()").split(",")
        return int(page), int(item)
    return value


def _answer_all(survey) -> dict[str, str]:
    """Each resident answers on their own device and then leaves an address. Returns response id -> e-mail."""
    truth: dict[str, str] = {}
    for i in range(N):
        device = Client()
        submission = uuid.uuid4()
        r = device.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(submission), "language": "fi",
                                                   "q_nps": str(i % 11)})
        assert r.status_code == 302, r.content.decode()[:300]
        thanks = device.get(r["Location"]).content.decode()
        found = re.search(r'name="subject" value="([^"]+)"', thanks)
        assert found is not None
        token = found.group(1)
        email = f"asukas{i}@example.org"
        r = device.post("/mita-teimme/seuraa/", {"subject": token, "language": "fi", "email": email})
        assert r.status_code == 200, r.content.decode()[:300]
        with connection.cursor() as cur:
            cur.execute("SELECT CAST(id AS TEXT) FROM surveys_response WHERE submission_id = %s",
                        [submission.hex if connection.vendor == "sqlite" else str(submission)])
            truth[cur.fetchone()[0]] = email
    followup.follow_ups_mix(force=True)  # as publishing the page does
    return truth


def _attacks(survey, truth: dict[str, str]) -> dict[str, int]:
    """Pair the n-th answer with the n-th address by each order the database keeps; count correct pairs."""
    answers = _physical("surveys_response", "survey_id = %s", [survey.pk])
    addresses = _physical("respondents_followupaddress")
    email_of = {str(k).replace("-", ""): v for k, v in FollowUpAddress.objects.values_list("id", "email")}
    assert len(answers) == len(addresses) == N
    results = {}
    for name, key in (("physical order", lambda r: _position(r[1])), ("transaction id", lambda r: (r[2], r[1])),
                      ("key order", lambda r: r[0])):
        paired = zip(sorted(answers, key=key), sorted(addresses, key=key), strict=True)
        results[name] = sum(truth[a[0]] == email_of[b[0].replace("-", "")] for a, b in paired)
    return results


def test_the_address_tables_hold_no_link_and_no_time_finer_than_the_day():
    for model in (FollowUpAddress, FollowUpPending):
        for field in model._meta.get_fields():
            assert not field.is_relation, (model.__name__, field.name)
            assert not isinstance(field, models.DateTimeField | models.TimeField), (model.__name__, field.name)
    assert {f.name for f in FollowUpPending._meta.get_fields()} == {"id", "sealed"}


def test_an_address_left_right_after_answering_cannot_be_linked_to_the_answer(survey):
    truth = _answer_all(survey)
    assert FollowUpPending.objects.count() == 0
    assert sorted(FollowUpAddress.objects.values_list("email", flat=True)) == sorted(truth.values())
    bound = chance_bound(N)
    for attack, correct in _attacks(survey, truth).items():
        assert correct <= bound, f"{attack} linked {correct} of {N} (chance bound {bound})"
    # the pending box keeps nothing readable: a sealed row does not contain the address
    followup.follow_up_leave(kind="survey", subject_id=survey.pk, email="piilo@example.org", language="fi")
    assert b"piilo" not in bytes(FollowUpPending.objects.get().sealed)


def test_control_the_same_attack_links_every_pair_when_addresses_are_stored_as_they_come(survey, monkeypatch):
    """Without the batches and the shuffle (each address moved at once, in order), the attack works: so the test
    above could fail."""
    monkeypatch.setattr(followup, "MIX_BATCH", 1)
    monkeypatch.setattr(followup, "_shuffle", lambda rows: None)
    truth = _answer_all(survey)
    results = _attacks(survey, truth)
    assert max(results["physical order"], results["transaction id"]) == N
