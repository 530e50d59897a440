"""Results: both rules through the database, explanations, visibility, open data, programme actions, .pb files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from yhteiso.analytics.pb.pabulib import parse_pb, read_pb
from yhteiso.budgeting import selectors, services
from yhteiso.budgeting.models import Ballot, Proposal, Round
from yhteiso.budgeting.tests.factories import cast, make_round

pytestmark = pytest.mark.django_db
PABULIB = Path(__file__).resolve().parents[2] / "analytics" / "tests" / "data" / "pabulib"


def voted_round(rule):
    # citywide budget 100, costs c1 60, c2 50, c3 30; 5 voters: 3 × {c1}, 2 × {c2, c3}
    rnd = make_round(rule=rule, max_projects=2)
    for who in ("v1", "v2", "v3"):
        cast(rnd, who, "c1")
    for who in ("v4", "v5"):
        cast(rnd, who, "c2", "c3")
    services.round_set_phase(actor=None, round=rnd, phase="results")
    return services.round_compute_results(actor=None, round=rnd)


def funded(rnd):
    return sorted(rnd.proposals.filter(status="funded").values_list("code", flat=True))


def test_greedy_results_with_explanations():
    rnd = voted_round("greedy")
    assert funded(rnd) == ["c1", "c3"]
    c2 = rnd.proposals.get(code="c2")
    assert c2.votes == 2 and c2.result_reason == "not_funded_does_not_fit"
    assert "only 10" in selectors.result_explanation(c2)  # c3 (same votes, cheaper) went first


def test_equal_shares_results_with_explanations():
    rnd = voted_round("equal_shares")
    c1 = rnd.proposals.get(code="c1")
    assert c1.status == "funded" and c1.result_reason == "funded_equal_shares"
    text = selectors.result_explanation(c1)
    assert "3 supporters" in text and "Funded in round" in text
    for p in rnd.proposals.filter(pool__area__isnull=True):
        assert selectors.result_explanation(p)


def test_votes_stay_hidden_until_the_results_are_published(client):
    rnd = voted_round("greedy")
    overview = selectors.round_overview(rnd, None)
    assert not overview["show_results"] and all(r["votes"] is None for b in overview["pools"] for r in b["rows"])
    api = client.get(f"/api/v1/budgeting/rounds/{rnd.slug}/projects").json()
    assert all(p["votes"] is None and p["funded"] is None for p in api)
    assert client.get(f"/api/v1/budgeting/rounds/{rnd.slug}/results").json() == {
        "round": rnd.slug, "published": False, "pools": []}
    page = client.get(f"/osallistuva-budjetointi/{rnd.slug}/tulokset/").content.decode()
    assert "not been published" in page or "julkaistu" in page
    assert client.get(f"/osallistuva-budjetointi/{rnd.slug}/tulokset/{rnd.pools.first().pk}.pb").status_code == 404


def test_published_results_show_the_same_numbers_on_the_page_and_in_the_api(client):
    rnd = voted_round("greedy")
    services.round_publish_results(actor=None, round=rnd)
    data = client.get(f"/api/v1/budgeting/rounds/{rnd.slug}/results", HTTP_ACCEPT_LANGUAGE="en").json()
    city = next(p for p in data["pools"] if p["pool"]["area_code"] is None)
    assert city["spent"] == 90 and city["ballots"] == 5
    assert {p["code"]: (p["votes"], p["funded"]) for p in city["projects"]} == {
        "c1": (3, True), "c2": (2, False), "c3": (2, True)}
    page = client.get(f"/osallistuva-budjetointi/{rnd.slug}/tulokset/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for p in city["projects"]:
        assert p["fate"] in page.replace("&nbsp;", "\u00a0").replace("&#x27;", "'")


def test_publishing_turns_funded_projects_into_programme_actions(client):
    from yhteiso.programme.models import BenefitGoal, Project

    goal = BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    rnd = voted_round("greedy")
    services.round_publish_results(actor=None, round=rnd)
    c1 = Proposal.objects.get(round=rnd, code="c1")
    assert c1.programme_project is not None
    project = Project.objects.get(pk=c1.programme_project_id)
    assert project.name_fi == c1.title_fi and list(project.goals.all()) == [goal]
    assert Project.objects.count() == len(funded(rnd))
    page = client.get(f"/osallistuva-budjetointi/{rnd.slug}/ehdotukset/c1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/ohjelma/projektit/{project.pk}/" in page
    with pytest.raises(ValidationError, match="already been published"):
        services.round_publish_results(actor=None, round=rnd)



def test_funded_projects_arrive_as_proposals_for_the_steering_groups_decision_not_pre_approved():
    """Plan, section 7: the steering group decides. Publishing the results used to create the actions as
    "approved"; they now wait in the programme's intake like any other proposal (issue 14 item 2)."""
    from yhteiso.programme.models import BenefitGoal, Project

    BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    rnd = voted_round("greedy")
    services.round_publish_results(actor=None, round=rnd)
    projects = Project.objects.filter(pk__in=Proposal.objects.filter(round=rnd).values("programme_project"))
    assert projects.count() == len(funded(rnd)) > 0
    for project in projects:
        assert project.status == "proposed" and not project.steering_decisions.exists()
        assert project.proposal.stage == "submitted" and project.proposal.source == "participatory_budgeting"
        assert project.proposer_type == "residents" and project.proposal.line_work_difference

def test_results_cannot_be_computed_while_voting_is_open():
    rnd = make_round()
    with pytest.raises(ValidationError, match="after the voting has closed"):
        services.round_compute_results(actor=None, round=rnd)


def test_the_anonymised_pb_export_reads_back_with_the_same_ballots():
    rnd = services.round_publish_results(actor=None, round=voted_round("greedy"))
    city = rnd.pools.get(area__isnull=True)
    inst = parse_pb(selectors.export_pb(rnd, city))
    assert inst.meta["budget"] == "100" and inst.meta["rule"] == "greedy"
    assert sorted(inst.ballots) == sorted([("c1",)] * 3 + [("c2", "c3")] * 2)
    assert sorted(inst.selected()) == ["c1", "c3"]
    assert [v["voter_id"] for v in inst.votes] == ["1", "2", "3", "4", "5"]


def test_an_imported_pb_file_reproduces_the_official_result_of_wesola():
    text = (PABULIB / "Poland_Warszawa_2023_Wesola.pb").read_bytes()
    rnd = services.round_import_pb(actor=None, text=text, slug="wesola", name_fi="Wesoła 2023")
    assert rnd.is_imported and rnd.rule == "greedy" and Ballot.objects.filter(round=rnd).count() == 1181
    services.round_compute_results(actor=None, round=rnd)
    assert funded(rnd) == sorted(read_pb(PABULIB / "Poland_Warszawa_2023_Wesola.pb").selected())


def test_a_malformed_pb_file_is_refused_naming_the_line_and_nothing_is_stored():
    text = "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\na;10\nVOTES\nvoter_id;vote\n1;a,b\n"
    with pytest.raises(ValidationError) as err:
        services.round_import_pb(actor=None, text=text, slug="bad", name_fi="Bad")
    assert "Line 9" in str(err.value) and "unknown project “b”" in str(err.value)
    assert not Round.objects.filter(slug="bad").exists()
