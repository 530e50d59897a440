"""One visibility rule for results (``selectors.results_visible``): after staff compute the results and before
they publish them, no page, API response or export tells anyone but staff what was funded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from yhteiso.budgeting import services
from yhteiso.budgeting.tests.factories import cast, make_round
from yhteiso.core.permissions import PROGRAMME_STAFF

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"
RESULT_WORDS_FI = ("Rahoitettu", "Ei rahoitettu", "rahoitettu", "Äänet", "äänestä")


@pytest.fixture
def computed():
    """Greedy, budget 100: c1 (3 votes) and c3 funded, c2 not — computed, not published."""
    rnd = make_round(rule="greedy", max_projects=2)
    for who in ("v1", "v2", "v3"):
        cast(rnd, who, "c1")
    for who in ("v4", "v5"):
        cast(rnd, who, "c2", "c3")
    services.round_set_phase(actor=None, round=rnd, phase="results")
    return services.round_compute_results(actor=None, round=rnd)


@pytest.fixture
def staff():
    user = User.objects.create_user("staff", password="pw-12345-long")
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    client = Client()
    client.force_login(user)
    return client


def test_the_projects_api_shows_no_funding_before_publication(client, computed):
    rows = client.get(f"/api/v1/budgeting/rounds/{computed.slug}/projects").json()
    assert {r["status"] for r in rows if r["pool_id"] == computed.pools.get(area__isnull=True).pk} == {"feasible"}
    assert all(r["votes"] is None and r["funded"] is None for r in rows)
    assert not any(v in ("funded", "not_funded") for r in rows for v in r.values())


def test_the_results_api_is_empty_before_publication(client, computed):
    assert client.get(f"/api/v1/budgeting/rounds/{computed.slug}/results").json()["pools"] == []


@pytest.mark.parametrize("code", ["c1", "c2"])
def test_a_proposal_page_says_nothing_about_funding_before_publication(client, computed, code):
    page = client.get(f"{BASE}{computed.slug}/ehdotukset/{code}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Rahoitettu" not in page and "Ei rahoitettu" not in page and "rahoitettu" not in page.lower()
    en = client.get(f"{BASE}{computed.slug}/ehdotukset/{code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "funded" not in en.lower().replace("funded projects", "")


def test_the_round_and_results_pages_show_no_funding_before_publication(client, computed):
    for path in ("", "tulokset/"):
        page = client.get(f"{BASE}{computed.slug}/{path}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Funded" not in page and "Not funded" not in page and "most votes" not in page


def test_the_ballots_file_is_not_public_before_publication(client, computed):
    pool = computed.pools.get(area__isnull=True)
    assert client.get(f"{BASE}{computed.slug}/tulokset/{pool.pk}.pb").status_code == 404


def test_staff_preview_everything_before_publication(staff, computed):
    rows = staff.get(f"/api/v1/budgeting/rounds/{computed.slug}/projects").json()
    assert {r["code"]: r["status"] for r in rows if r["code"].startswith("c")} == {
        "c1": "funded", "c2": "not_funded", "c3": "funded"}
    page = staff.get(f"{BASE}{computed.slug}/ehdotukset/c1/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Rahoitettu" in page
    pb = staff.get(f"{BASE}{computed.slug}/tulokset/{computed.pools.get(area__isnull=True).pk}.pb")
    assert pb.status_code == 200 and "selected" in pb.content.decode()


def test_after_publication_everyone_sees_the_same_results(client, computed):
    services.round_publish_results(actor=None, round=computed)
    rows = client.get(f"/api/v1/budgeting/rounds/{computed.slug}/projects").json()
    assert {r["code"]: (r["status"], r["funded"]) for r in rows if r["code"].startswith("c")} == {
        "c1": ("funded", True), "c2": ("not_funded", False), "c3": ("funded", True)}
    page = client.get(f"{BASE}{computed.slug}/ehdotukset/c2/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Ei rahoitettu" in page
    pb = client.get(f"{BASE}{computed.slug}/tulokset/{computed.pools.get(area__isnull=True).pk}.pb")
    assert pb.status_code == 200 and "selected" in pb.content.decode()
