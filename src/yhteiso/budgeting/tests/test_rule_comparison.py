"""The staff page that puts greedy and equal shares side by side, and its figures checked against pabutools."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from yhteiso.analytics.pb import solve
from yhteiso.analytics.pb.analysis import outcome_figures
from yhteiso.analytics.pb.pabulib import read_pb
from yhteiso.analytics.pb.rules import election_from_pb
from yhteiso.budgeting import services
from yhteiso.budgeting.tests.factories import cast, make_round
from yhteiso.core.permissions import PROGRAMME_STAFF

PABULIB = Path(__file__).resolve().parents[2] / "analytics" / "tests" / "data" / "pabulib"
BASE = "/osallistuva-budjetointi/"
FILES = ["Poland_Swiecie_2023.pb", "Poland_Warszawa_2023_Wesola.pb", "Poland_Warszawa_2022_Wlochy.pb"]


@pytest.fixture
def staff_client(client):
    user = User.objects.create_user("staff", password="pw-12345-long")
    group, _ = Group.objects.get_or_create(name=PROGRAMME_STAFF)
    user.groups.add(group)
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------- against pabutools
@pytest.mark.parametrize("name", FILES)
def test_the_figures_agree_with_pabutools_analysis(name):
    pabutools = pytest.importorskip("pabutools")  # test-only peer: pip install pabutools
    from pabutools.analysis import avg_satisfaction, percent_non_empty_handed
    from pabutools.election import Cardinality_Sat, Cost_Sat, parse_pabulib

    assert pabutools
    instance, profile = parse_pabulib(str(PABULIB / name))
    election = election_from_pb(read_pb(PABULIB / name))
    by_name = {p.name: p for p in instance}
    for rule in ("greedy", "equal-shares"):
        selected = solve(election, rule, completion="add1" if rule != "greedy" else None).selected
        ours = outcome_figures(election, selected)
        theirs = [by_name[p] for p in selected]
        assert ours.share_with_one == Fraction(percent_non_empty_handed(instance, profile, theirs))
        assert ours.mean_funded_per_voter == Fraction(avg_satisfaction(instance, profile, theirs, Cardinality_Sat))
        assert ours.mean_funded_cost_per_voter == Fraction(avg_satisfaction(instance, profile, theirs, Cost_Sat))
        supporters = sum(profile.approval_score(p) for p in theirs)
        assert ours.cost_per_supporter == Fraction(sum(p.cost for p in theirs)) / supporters


def test_equal_shares_leaves_fewer_voters_empty_handed_than_greedy_in_wesola():
    election = election_from_pb(read_pb(PABULIB / "Poland_Warszawa_2023_Wesola.pb"))
    greedy = outcome_figures(election, solve(election, "greedy").selected)
    mes = outcome_figures(election, solve(election, "equal-shares", completion="add1").selected)
    assert mes.share_with_one > greedy.share_with_one
    assert greedy.voters == mes.voters == 1181


# ------------------------------------------------------------------------------------------------- the page
@pytest.mark.django_db
def test_staff_see_both_rules_side_by_side_for_a_closed_round(staff_client):
    # citywide budget 100: c1 60 (3 votes), c2 50 and c3 30 (2 votes each)
    rnd = make_round(rule="equal_shares", max_projects=2)
    for who in ("v1", "v2", "v3"):
        cast(rnd, who, "c1")
    for who in ("v4", "v5"):
        cast(rnd, who, "c2", "c3")
    services.round_set_phase(actor=None, round=rnd, phase="results")
    page = staff_client.get(f"{BASE}{rnd.slug}/hallinta/saannot/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Voters with at least one funded project" in html
    # greedy funds c1 and c3 (everyone gets one); equal shares with add-one funds the same here
    assert html.count("100.0\xa0% (5)") == 2
    assert "Cost per supporter" in html


@pytest.mark.django_db
def test_the_comparison_is_refused_while_the_voting_is_open(staff_client):
    rnd = make_round(rule="equal_shares", max_projects=2)
    cast(rnd, "v1", "c1")
    page = staff_client.get(f"{BASE}{rnd.slug}/hallinta/saannot/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 409
    assert "only after the voting has closed" in page.content.decode()


@pytest.mark.django_db
def test_residents_cannot_open_the_comparison(client):
    rnd = make_round(rule="equal_shares", max_projects=2)
    assert client.get(f"{BASE}{rnd.slug}/hallinta/saannot/").status_code == 302  # to the sign-in page
    assert client.get(f"{BASE}saannot/").status_code == 302
    user = User.objects.create_user("resident", password="pw-12345-long")
    client.force_login(user)
    assert client.get(f"{BASE}saannot/").status_code == 403


@pytest.mark.django_db
def test_an_uploaded_file_is_compared_and_nothing_is_stored(staff_client):
    from yhteiso.budgeting.models import Round

    data = (PABULIB / "Poland_Swiecie_2023.pb").read_bytes()
    page = staff_client.post(f"{BASE}saannot/", {"file": SimpleUploadedFile("swiecie.pb", data)},
                             HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h2 id=\"cmp-1\">Świecie – 2023</h2>" in html and "2553 voters" in html
    assert "1,040,337\xa0zł" in html  # the equal-shares total cost, Świecie's official one
    assert "99.8\xa0% (2,549)" in html and "90.9\xa0% (2,321)" in html  # equal shares vs greedy
    assert "1245 voters have more of their projects funded under equal shares, 363 under greedy" in html
    assert Round.objects.count() == 0


@pytest.mark.django_db
def test_a_malformed_upload_is_explained_with_its_line(staff_client):
    bad = b"META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\na;10\nVOTES\nvoter_id;vote\n1;a,b\n"
    page = staff_client.post(f"{BASE}saannot/", {"file": SimpleUploadedFile("bad.pb", bad)},
                             HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    html = page.content.decode()
    assert "Line 9 of the file" in html and "unknown project" in html and "Traceback" not in html


@pytest.mark.django_db
def test_an_upload_with_script_in_a_project_name_is_shown_as_text(staff_client):
    text = ("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n"
            "a;60;<script>alert(1)</script>\nb;50;ok\nVOTES\nvoter_id;vote\n1;a\n2;b\n3;a\n")
    page = staff_client.post(f"{BASE}saannot/", {"file": SimpleUploadedFile("x.pb", text.encode())},
                             HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_ordinal_votes_are_refused_with_a_message(staff_client):
    text = ("META\nkey;value\nbudget;100\nvote_type;ordinal\nPROJECTS\nproject_id;cost\na;60\n"
            "VOTES\nvoter_id;vote\n1;a\n")
    page = staff_client.post(f"{BASE}saannot/", {"file": SimpleUploadedFile("x.pb", text.encode())},
                             HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert "Only approval votes can be compared" in page.content.decode()
