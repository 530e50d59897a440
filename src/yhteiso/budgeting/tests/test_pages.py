"""Pages: the public round and idea pages, the voting flow without JavaScript, staff management, the demo."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.test import Client

from yhteiso.budgeting import services, views
from yhteiso.budgeting.models import Ballot, Proposal, Round, Voter
from yhteiso.budgeting.tests.factories import areas, hetu, make_round
from yhteiso.core.permissions import PROGRAMME_STAFF
from yhteiso.jobs.testing import run_queued_jobs

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"


@pytest.fixture
def staff_client(client):
    user = User.objects.create_user("staff", password="pw-12345-long")
    group, _ = Group.objects.get_or_create(name=PROGRAMME_STAFF)
    user.groups.add(group)
    client.force_login(user)
    return client


def sign_in(client, rnd):
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    response = client.post(f"{BASE}{rnd.slug}/aanesta/", {"code": code})
    assert response.status_code == 302 and response["Location"].endswith("/aanesta/lippu/")
    return code


def test_the_index_and_round_pages_list_rounds_and_ideas(client):
    rnd = make_round()
    assert rnd.name_fi in client.get(BASE).content.decode()
    page = client.get(f"{BASE}{rnd.slug}/").content.decode()
    assert "Kaupunki 1" in page and "Alue 1 1" in page and 'aria-current="step"' in page


def test_an_idea_page_shows_why_it_was_not_feasible(client):
    rnd = make_round(open_voting=False)
    p = services.proposal_create(actor=None, round=rnd, pool=rnd.pools.first(), title_fi="Silta", code="x1")
    services.proposal_assess(actor=None, proposal=p, status="not_feasible", reason="Vaatii kaavamuutoksen.")
    page = client.get(f"{BASE}{rnd.slug}/ehdotukset/x1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not feasible: Vaatii kaavamuutoksen." in page


def test_voting_without_javascript_from_code_to_confirmation_and_change(client):
    rnd = make_round()
    area = areas()[0]
    pool = rnd.pools.get(area=area)
    sign_in(client, rnd)
    page = client.get(f"{BASE}{rnd.slug}/aanesta/lippu/?area={pool.pk}")
    html = page.content.decode()
    assert page.status_code == 200 and 'for="project-' in html and "<fieldset" in html and "<legend" in html
    ids = [str(rnd.proposals.get(code=c).pk) for c in ("c1", "a1-1")]
    response = client.post(f"{BASE}{rnd.slug}/aanesta/lippu/", {"area_pool": pool.pk, "project": ids})
    assert response.status_code == 302
    done = client.get(f"{BASE}{rnd.slug}/aanesta/valmis/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Kaupunki 1" in done
    receipt = re.search(r'<p class="pb-receipt"><code>([A-Z0-9-]+)</code>', done).group(1)
    # shown once: the confirmation and the sign-in are gone, also on this device
    assert client.get(f"{BASE}{rnd.slug}/aanesta/valmis/").status_code == 302
    assert client.get(f"{BASE}{rnd.slug}/aanesta/lippu/")["Location"].endswith("/aanesta/")
    # change the vote later, on another device, with the receipt
    other = Client()
    r = other.post(f"{BASE}{rnd.slug}/aanesta/muuta/", {"receipt": "WRONG-CODE-0000"}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and "receipt code is not valid" in r.content.decode()
    r = other.post(f"{BASE}{rnd.slug}/aanesta/muuta/", {"receipt": receipt.lower()})
    assert r.status_code == 302 and r["Location"].endswith("/aanesta/lippu/")
    page = other.get(f"{BASE}{rnd.slug}/aanesta/lippu/").content.decode()
    assert " checked" not in page  # the earlier choices are not shown
    response = other.post(f"{BASE}{rnd.slug}/aanesta/lippu/",
                          {"area_pool": "", "project": [str(rnd.proposals.get(code="c2").pk)]})
    assert response.status_code == 302
    services.ballots_mix(round=rnd, force=True)
    assert Ballot.objects.count() == 1 and Voter.objects.count() == 1
    assert list(Ballot.objects.get().choices.values_list("code", flat=True)) == ["c2"]
    assert not Session.objects.exists()


def test_a_ballot_breaking_the_rules_is_explained_and_not_stored(client):
    rnd = make_round(max_projects=1)
    sign_in(client, rnd)
    ids = [str(p.pk) for p in rnd.proposals.filter(code__in=["c1", "c2"])]
    response = client.post(f"{BASE}{rnd.slug}/aanesta/lippu/", {"area_pool": "", "project": ids},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "choose at most 1 project" in response.content.decode()
    assert not Ballot.objects.exists() and not Voter.objects.exists()


def test_a_code_used_for_a_vote_signs_in_again_only_to_change_the_vote(client):
    rnd = make_round()
    code = sign_in(client, rnd)
    client.post(f"{BASE}{rnd.slug}/aanesta/lippu/", {"area_pool": "", "project": [str(rnd.proposals.get(code="c1").pk)]})
    other = Client()
    response = other.post(f"{BASE}{rnd.slug}/aanesta/", {"code": code}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    page = other.get(f"{BASE}{rnd.slug}/aanesta/lippu/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You have voted" in page and "Save the changed vote" in page


def test_the_sign_in_expires_and_keeps_nothing_on_the_server(client, monkeypatch):
    rnd = make_round()
    sign_in(client, rnd)
    cookie = client.cookies[f"pb_voter_{rnd.pk}"]
    assert cookie["path"] == f"{BASE}{rnd.slug}/aanesta/" and cookie["httponly"] and int(cookie["max-age"]) <= 1200
    assert not Session.objects.exists()
    monkeypatch.setattr(views, "VOTER_COOKIE_AGE", -1)  # as if 20 minutes had passed
    assert client.get(f"{BASE}{rnd.slug}/aanesta/lippu/")["Location"].endswith("/aanesta/")


def test_the_ballot_page_needs_a_signed_in_voter(client):
    rnd = make_round()
    response = client.get(f"{BASE}{rnd.slug}/aanesta/lippu/")
    assert response.status_code == 302 and response["Location"].endswith("/aanesta/")


def test_the_manage_page_is_for_staff_only(client):
    rnd = make_round()
    assert client.get(f"{BASE}{rnd.slug}/hallinta/").status_code == 302
    user = User.objects.create_user("someone", password="pw-12345-long")
    client.force_login(user)
    assert client.get(f"{BASE}{rnd.slug}/hallinta/").status_code == 403


def test_staff_run_a_round_from_assessment_to_published_results(staff_client):
    rnd = make_round(open_voting=False)
    p = rnd.proposals.get(code="c3")
    url = f"{BASE}{rnd.slug}/hallinta/"
    r = staff_client.post(url + "arvio/", {"proposal": p.pk, "status": "not_feasible", "reason": ""},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and "Give the reason" in r.content.decode()
    r = staff_client.post(url + "arvio/", {"proposal": p.pk, "status": "not_feasible", "reason": "Päällekkäinen"})
    assert r.status_code == 302 and Proposal.objects.get(pk=p.pk).status == "not_feasible"
    for phase in ("co_development", "feasibility", "voting"):
        assert staff_client.post(url + "vaihe/", {"phase": phase}).status_code == 302
    r = staff_client.post(url + "koodit/", {"count": "3"})
    assert r.status_code == 200 and r.content.decode().count("<code>") == 3
    r = staff_client.post(url + "paperiaani/", {"identifier": hetu(13, 10, 1952, 308), "method": "paper",
                                                "project": [str(rnd.proposals.get(code="c1").pk)]})
    assert r.status_code == 302 and Voter.objects.get().method == "paper"
    r = staff_client.post(url + "paperiaani/", {"identifier": "131052-308A", "method": "paper",
                                                "project": [str(rnd.proposals.get(code="c1").pk)]},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and "check character" in r.content.decode()
    # the raw ballots stay locked while the voting is open, also for staff
    assert staff_client.get(f"{BASE}{rnd.slug}/tulokset/{rnd.pools.first().pk}.pb").status_code == 404
    assert staff_client.post(url + "vaihe/", {"phase": "results"}).status_code == 302
    r = staff_client.post(url + "laske/")
    assert r.status_code == 302 and "/hallinta/" not in r["Location"]  # to the count job's page
    assert run_queued_jobs() == 1
    assert staff_client.post(url + "julkaise/").status_code == 302
    rnd.refresh_from_db()
    assert rnd.results_published_at and Proposal.objects.get(round=rnd, code="c1").status == "funded"


def test_a_form_posted_to_the_old_manage_address_is_passed_on_to_its_action(staff_client):
    rnd = make_round(open_voting=False)
    r = staff_client.post(f"{BASE}{rnd.slug}/hallinta/", {"action": "phase", "phase": "co_development"})
    assert r.status_code == 307 and r["Location"].endswith("/hallinta/vaihe/")
    assert staff_client.post(f"{BASE}{rnd.slug}/hallinta/", {"action": "nonsense"}).status_code == 400
    assert staff_client.get(f"{BASE}{rnd.slug}/hallinta/vaihe/").status_code == 405


def test_every_staff_action_is_for_staff_only(client):
    rnd = make_round()
    user = User.objects.create_user("someone", password="pw-12345-long")
    client.force_login(user)
    for action in ("vaihe", "sulkeutuu", "arvio", "paperiaani", "koodit", "laske", "julkaise"):
        assert client.post(f"{BASE}{rnd.slug}/hallinta/{action}/", {}).status_code == 403, action


def test_staff_import_a_pb_file_and_a_malformed_one_is_refused(staff_client):
    bad = io.BytesIO(b"META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\na;x\n")
    bad.name = "bad.pb"
    r = staff_client.post(f"{BASE}tuo/", {"file": bad, "slug": "bad", "name_fi": "Bad"}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and "Line 6" in r.content.decode()
    assert not Round.objects.filter(slug="bad").exists()
    good = io.BytesIO(b"META\nkey;value\nbudget;100\nrule;greedy\nPROJECTS\nproject_id;cost\na;60\nb;50\n"
                      b"VOTES\nvoter_id;vote\n1;a\n2;a,b\n")
    good.name = "good.pb"
    r = staff_client.post(f"{BASE}tuo/", {"file": good, "slug": "good", "name_fi": "Good"})
    assert r.status_code == 302 and Round.objects.get(slug="good").ballots.count() == 2


def test_the_demo_loads_twice_without_changes():
    from yhteiso.budgeting import demo

    areas(2)
    out = io.StringIO()
    demo.load(out)
    counts = (Round.objects.count(), Proposal.objects.count(), Ballot.objects.count())
    demo.load(out)
    assert counts == (Round.objects.count(), Proposal.objects.count(), Ballot.objects.count())
    rnd = Round.objects.get(slug=demo.SLUG)
    assert rnd.is_demo and rnd.phase == "voting" and not rnd.results_published_at
    assert rnd.proposals.filter(status="not_feasible").exclude(feasibility_reason="").exists()
    assert not Ballot.objects.filter(round=rnd).exists()  # no invented votes
    code = demo.demo_codes()[0]
    assert services.voter_sign_in(round=rnd, code=code).token
    assert "voting codes" in out.getvalue()


def test_staff_issue_codes_to_named_persons_and_a_bad_row_is_named(staff_client):
    rnd = make_round()
    url = f"{BASE}{rnd.slug}/hallinta/koodit/"
    r = staff_client.post(url, {"identity_codes": f"{hetu(13, 10, 1952, 308)}\n010190-123A\n"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and "Row 2: The check character" in r.content.decode()
    r = staff_client.post(url, {"identity_codes": f"{hetu(13, 10, 1952, 308)}\n\n{hetu(1, 1, 1990, 123)}\n"})
    html = r.content.decode()
    assert r.status_code == 200 and html.count("<code>") == 2 and '<ol class="pb-codes">' in html
    assert "131052" not in html.split('<ol class="pb-codes">')[1]
