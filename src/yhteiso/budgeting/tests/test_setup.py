"""Setting a round up from the staff pages, without code: the round with its pools, timetable, ballot and
eligibility; staff-added proposals, moderation and merged duplicates; the refusals, the audit rows and the roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from yhteiso.budgeting import services, services_setup
from yhteiso.budgeting.models import Phase, Pool, Proposal, ProposalStatus, Round, Voter
from yhteiso.budgeting.tests.factories import areas, make_round, voter
from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"
TODAY = timezone.localdate()


@pytest.fixture
def staff():
    user = User.objects.create_user("staff", password="pw-12345-long")
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _pools(city=100_000, *budgets):
    ars = areas(len(budgets)) if budgets else []
    return [{"area": None, "budget": city}] + [{"area": a, "budget": b} for a, b in zip(ars, budgets, strict=True)]


def _new_round(staff, slug="osbu", **extra):
    fields = {"slug": slug, "name_fi": "Osbu 2027", "name_sv": "Osbu 2027 sv", "ideas_open_on": TODAY,
              "ideas_close_on": TODAY + dt.timedelta(days=10), "voting_opens_on": TODAY + dt.timedelta(days=20),
              "voting_closes_at": timezone.now() + dt.timedelta(days=30), "ballot_type": "approval",
              "min_projects": 1, "max_projects": 3, "rule": "equal_shares", "min_age": 12, **extra}
    return services_setup.round_setup_create(actor=staff, pools=_pools(100_000, 40_000, 30_000), **fields)


def _form(**extra):
    """The round form as a browser posts it (budgets typed with spaces)."""
    data = {"slug": "osbu-sivu", "name_fi": "Osallistuva budjetointi 2027", "name_sv": "Deltagande budgetering",
            "name_en": "", "ideas_open_on": "2027-01-10", "ideas_close_on": "2027-02-28",
            "voting_opens_on": "2027-04-01", "voting_closes_at": "2027-04-30T18:00", "results_on": "2027-05-15",
            "ballot_type": "approval", "min_projects": "1", "max_projects": "3", "min_spend_percent": "0",
            "rule": "equal_shares", "min_age": "12", "eligibility": "lives_works_studies",
            "budget_city": "200 000"}
    for a in areas(2):
        data[f"budget_{a.pk}"] = "50 000"
    data.update(extra)
    return data


def _open_voting(staff, rnd):
    pool = rnd.pools.get(area__isnull=True)
    p = services_setup.proposal_add(actor=staff, round=rnd, pool=pool, title_fi="Penkit")
    services.proposal_assess(actor=staff, proposal=p, status="feasible", cost=5_000)
    for phase in (Phase.CO_DEVELOPMENT, Phase.FEASIBILITY, Phase.VOTING):
        rnd = services.round_set_phase(actor=staff, round=rnd, phase=phase)
    return rnd


# ------------------------------------------------------------------------------------------------ services
def test_a_round_is_created_with_its_pools_timetable_and_eligibility_and_audited(staff):
    rnd = _new_round(staff, eligibility="lives", home_area_only=True)
    assert rnd.phase == Phase.IDEAS and rnd.rules_frozen_at is None
    assert sorted(p.budget for p in rnd.pools.all()) == [30_000, 40_000, 100_000]
    assert rnd.pools.filter(area__isnull=True).get().budget == 100_000
    assert rnd.ideas_close_on == TODAY + dt.timedelta(days=10) and rnd.eligibility == "lives" and rnd.home_area_only
    event = AuditEvent.objects.get(action="pb_round.setup")
    assert event.actor == staff and event.object_id == str(rnd.pk)
    assert event.after["pools"] == {"city": 100_000, **{str(p.area_id): p.budget for p in rnd.pools.filter(
        area__isnull=False)}}


@pytest.mark.parametrize("budget", [0, -5, "250 000", 2.5, 3_000_000_000, None])
def test_a_bad_pool_budget_is_refused_naming_the_pool_and_nothing_is_stored(staff, budget):
    ars = areas(1)
    with pytest.raises(ValidationError) as exc:
        services_setup.round_setup_create(actor=staff, pools=[{"area": None, "budget": 1000},
                                                              {"area": ars[0], "budget": budget}],
                                          slug="bad", name_fi="Huono")
    assert "Suur-Leppävaara" in exc.value.message_dict["pools"][0]
    assert not Round.objects.exists() and not Pool.objects.exists() and not AuditEvent.objects.exists()


def test_a_round_needs_a_citywide_pool(staff):
    ars = areas(1)
    with pytest.raises(ValidationError) as exc:
        services_setup.round_setup_create(actor=staff, pools=[{"area": ars[0], "budget": 1000}], slug="x",
                                          name_fi="X")
    assert "citywide" in exc.value.message_dict["pools"][0]
    assert not Round.objects.exists()


def test_dates_in_the_wrong_order_are_refused_naming_the_field(staff):
    with pytest.raises(ValidationError) as exc:
        _new_round(staff, ideas_open_on=dt.date(2026, 12, 20), ideas_close_on=dt.date(2026, 12, 10),
                   voting_opens_on=None)
    message = exc.value.message_dict["ideas_close_on"][0]
    assert message.startswith("Ideas close: 10 Dec 2026 is before ideas open (20 Dec 2026)")
    assert not Round.objects.exists() and not AuditEvent.objects.exists()


def test_settings_change_freely_in_preparation_and_are_audited(staff):
    rnd = _new_round(staff)
    district = areas(3)[2]
    pools = [{"area": p.area, "budget": p.budget + 1} for p in rnd.pools.select_related("area")]
    services_setup.round_settings_update(actor=staff, round=rnd, pools=[*pools, {"area": district, "budget": 7}],
                                         ballot_type="knapsack", rule="greedy", name_fi="Uusi nimi")
    rnd.refresh_from_db()
    assert (rnd.ballot_type, rnd.rule, rnd.name_fi) == ("knapsack", "greedy", "Uusi nimi")
    assert rnd.pools.get(area=district).budget == 7 and rnd.pools.get(area__isnull=True).budget == 100_001
    event = AuditEvent.objects.get(action="pb_round.settings")
    assert event.before["rule"] == "equal_shares" and event.after["rule"] == "greedy"
    assert event.after["pools"][str(district.pk)] == 7
    # a pool without proposals may be removed; one with proposals may not
    services_setup.round_settings_update(actor=staff, round=rnd, pools=[{"area": None, "budget": 9}])
    assert rnd.pools.count() == 1
    services_setup.proposal_add(actor=staff, round=rnd, pool=rnd.pools.get(), title_fi="Idea")
    with pytest.raises(ValidationError):
        services_setup.round_settings_update(actor=staff, round=rnd, pools=[{"area": district, "budget": 9}])
    assert rnd.pools.get().area is None


@pytest.mark.parametrize(("change", "field"), [
    ({"rule": "greedy"}, "rule"), ({"ballot_type": "knapsack"}, "ballot_type"), ({"max_projects": 9}, "max_projects"),
    ({"min_age": 15}, "min_age"), ({"eligibility": "anyone"}, "eligibility"),
])
def test_a_rules_edit_after_voting_opened_is_refused_naming_the_field(staff, change, field):
    rnd = _open_voting(staff, _new_round(staff))
    before = Round.objects.filter(pk=rnd.pk).values().get()
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services_setup.round_settings_update(actor=staff, round=rnd, name_fi="Muutettu", **change)
    assert "cannot be changed: the voting has already opened" in exc.value.message_dict[field][0]
    assert exc.value.message_dict[field][0].startswith(str(Round._meta.get_field(field).verbose_name.capitalize()))
    assert Round.objects.filter(pk=rnd.pk).values().get() == before  # not even the name
    assert AuditEvent.objects.count() == audits


def test_a_budget_edit_after_voting_opened_is_refused_but_names_still_change(staff):
    rnd = _open_voting(staff, _new_round(staff))
    pools = [{"area": p.area, "budget": p.budget} for p in rnd.pools.select_related("area")]
    changed = [dict(p, budget=p["budget"] + 1 if p["area"] else p["budget"]) for p in pools]
    with pytest.raises(ValidationError) as exc:
        services_setup.round_settings_update(actor=staff, round=rnd, pools=changed)
    assert "cannot be changed" in exc.value.message_dict["pools"][0]
    with pytest.raises(ValidationError):
        services_setup.round_settings_update(actor=staff, round=rnd, pools=pools[:1])  # removing a pool
    assert sorted(p.budget for p in rnd.pools.all()) == [30_000, 40_000, 100_000]
    services_setup.round_settings_update(actor=staff, round=rnd, pools=pools, name_fi="Korjattu nimi",
                                         rule=rnd.rule)
    rnd.refresh_from_db()
    assert rnd.name_fi == "Korjattu nimi"


def test_a_settings_form_without_pool_names_keeps_the_pools_names(staff):
    rnd = services_setup.round_setup_create(actor=staff, pools=[{"area": None, "budget": 500, "label": "Koko Espoo"}],
                                            slug="nimi", name_fi="Nimi")
    services_setup.round_settings_update(actor=staff, round=rnd, pools=[{"area": None, "budget": 600, "label": ""}])
    assert (rnd.pools.get().label, rnd.pools.get().budget) == ("Koko Espoo", 600)


def test_staff_add_and_edit_proposals_the_ballot_part_freezes(staff):
    rnd = _new_round(staff)
    city = rnd.pools.get(area__isnull=True)
    area_pool = rnd.pools.filter(area__isnull=False).first()
    p = services_setup.proposal_add(actor=staff, round=rnd, pool=city, title_fi="Uimaranta", title_sv="Badstrand",
                                    description_fi="Kuvaus", place_fi="Matinkylä", cost=20_000)
    assert AuditEvent.objects.filter(action="pb_proposal.create", object_id=str(p.pk)).exists()
    p = services_setup.proposal_edit(actor=staff, proposal=p, pool=area_pool, cost=25_000, title_en="Beach")
    assert (p.pool, p.cost, p.title_en) == (area_pool, 25_000, "Beach")
    assert AuditEvent.objects.get(action="pb_proposal.edit").before["cost"] == 20_000
    with pytest.raises(ValidationError) as exc:
        services_setup.proposal_edit(actor=staff, proposal=p, cost=area_pool.budget + 1)
    assert "cost" in exc.value.message_dict
    services.proposal_assess(actor=staff, proposal=p, status="feasible", cost=25_000)
    rnd = _open_voting(staff, rnd)
    with pytest.raises(ValidationError) as exc:
        services_setup.proposal_edit(actor=staff, proposal=p, cost=1)
    assert "voting has already opened" in exc.value.message_dict["cost"][0]
    with pytest.raises(ValidationError):
        services_setup.proposal_add(actor=staff, round=rnd, pool=city, title_fi="Myöhässä")
    services_setup.proposal_edit(actor=staff, proposal=p, title_fi="Uimaranta (korjattu)")
    assert Proposal.objects.get(pk=p.pk).title_fi == "Uimaranta (korjattu)"


def test_the_assessment_keeps_the_basis_of_the_cost_estimate(staff):
    rnd = _new_round(staff)
    p = services_setup.proposal_add(actor=staff, round=rnd, pool=rnd.pools.get(area__isnull=True), title_fi="X")
    services.proposal_assess(actor=staff, proposal=p, status="feasible", cost=9_000,
                             cost_basis="Kaupunkitekniikan arvio 2027")
    p.refresh_from_db()
    assert p.cost_basis == "Kaupunkitekniikan arvio 2027"
    services.proposal_assess(actor=staff, proposal=p, status="feasible", cost=9_500)  # no basis given: kept
    p.refresh_from_db()
    assert p.cost_basis == "Kaupunkitekniikan arvio 2027" and p.cost == 9_500


def test_moderation_hides_with_a_reason_shown_to_staff_only(staff, client):
    rnd = _new_round(staff)
    city = rnd.pools.get(area__isnull=True)
    p = services_setup.proposal_add(actor=staff, round=rnd, pool=city, title_fi="Loukkaava ehdotus")
    with pytest.raises(ValidationError) as exc:
        services_setup.proposal_hide(actor=staff, proposal=p, reason="  ")
    assert "hidden_reason" in exc.value.message_dict and not Proposal.objects.get(pk=p.pk).is_hidden
    services_setup.proposal_hide(actor=staff, proposal=p, reason="Asiaton kielenkäyttö")
    assert AuditEvent.objects.get(action="pb_proposal.hide").note == "Asiaton kielenkäyttö"
    page = client.get(f"{BASE}{rnd.slug}/").content.decode()
    assert "Loukkaava ehdotus" not in page
    assert client.get(f"{BASE}{rnd.slug}/ehdotukset/{p.code}/").status_code == 404
    assert client.get(f"/api/v1/budgeting/rounds/{rnd.slug}/projects").json() == []
    client.force_login(staff)
    staff_page = client.get(f"{BASE}{rnd.slug}/ehdotukset/{p.code}/").content.decode()
    assert "Asiaton kielenkäyttö" in staff_page
    services_setup.proposal_unhide(actor=staff, proposal=p)
    client.logout()
    assert "Loukkaava ehdotus" in client.get(f"{BASE}{rnd.slug}/").content.decode()


def test_a_proposal_on_the_ballot_cannot_be_hidden(staff):
    rnd = _new_round(staff)
    p = services_setup.proposal_add(actor=staff, round=rnd, pool=rnd.pools.get(area__isnull=True), title_fi="X")
    services.proposal_assess(actor=staff, proposal=p, status="feasible", cost=100)
    with pytest.raises(ValidationError):
        services_setup.proposal_hide(actor=staff, proposal=p, reason="syy")
    assert not Proposal.objects.get(pk=p.pk).is_hidden


def test_a_merged_duplicate_is_hidden_points_to_the_kept_one_and_its_page_links_there(staff, client):
    rnd = _new_round(staff)
    city = rnd.pools.get(area__isnull=True)
    kept = services_setup.proposal_add(actor=staff, round=rnd, pool=city, title_fi="Koirapuisto Tapiolaan")
    dup = services_setup.proposal_add(actor=staff, round=rnd, pool=city, title_fi="Koira-aitaus Tapiola")
    older = services_setup.proposal_add(actor=staff, round=rnd, pool=city, title_fi="Koirille puisto")
    services_setup.proposal_merge(actor=staff, duplicate=older, kept=dup)
    services_setup.proposal_merge(actor=staff, duplicate=dup, kept=kept, reason="Sama idea.")
    dup.refresh_from_db()
    older.refresh_from_db()
    assert (dup.status, dup.merged_into, dup.is_hidden) == (ProposalStatus.MERGED, kept, True)
    assert older.merged_into == kept  # earlier merges follow to the kept proposal
    assert AuditEvent.objects.filter(action="pb_proposal.merge").count() == 2
    listing = client.get(f"{BASE}{rnd.slug}/").content.decode()
    assert "Koira-aitaus Tapiola" not in listing and "Koirapuisto Tapiolaan" in listing
    page = client.get(f"{BASE}{rnd.slug}/ehdotukset/{dup.code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f'href="{BASE}{rnd.slug}/ehdotukset/{kept.code}/"' in text and "Koirapuisto Tapiolaan" in text
    kept_page = client.get(f"{BASE}{rnd.slug}/ehdotukset/{kept.code}/").content.decode()
    assert f'href="{BASE}{rnd.slug}/ehdotukset/{dup.code}/"' in kept_page


def test_merge_refusals(staff):
    rnd = _new_round(staff)
    other = _new_round(staff, slug="toinen")
    city = rnd.pools.get(area__isnull=True)
    a = services_setup.proposal_add(actor=staff, round=rnd, pool=city, title_fi="A")
    b = services_setup.proposal_add(actor=staff, round=rnd, pool=city, title_fi="B")
    foreign = services_setup.proposal_add(actor=staff, round=other, pool=other.pools.get(area__isnull=True),
                                          title_fi="C")
    for kept in (a, foreign):
        with pytest.raises(ValidationError):
            services_setup.proposal_merge(actor=staff, duplicate=a, kept=kept)
    services_setup.proposal_hide(actor=staff, proposal=b, reason="Asiaton")
    with pytest.raises(ValidationError):
        services_setup.proposal_merge(actor=staff, duplicate=a, kept=b)  # the kept one must be visible
    assert not Proposal.objects.filter(status=ProposalStatus.MERGED).exists()
    assert not AuditEvent.objects.filter(action="pb_proposal.merge").exists()


def test_an_area_vote_only_in_the_home_area_when_the_round_says_so(staff):
    rnd = make_round(slug="koti")
    services_setup.round_settings_update(actor=staff, round=rnd, name_fi=rnd.name_fi)  # names may change
    Round.objects.filter(pk=rnd.pk).update(home_area_only=True)
    home, other = areas(2)
    att = voter(rnd)
    att.home_area_id = home.pk
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(round=rnd, attestation=att, area_pool=rnd.pools.get(area=other),
                             proposal_ids=[rnd.proposals.get(code=c).pk for c in ("c1", "a2-1")])
    assert "home area" in exc.value.message_dict["area_pool"][0]
    assert not Voter.objects.filter(round=rnd).exists()
    assert services.ballot_cast(round=rnd, attestation=att, area_pool=rnd.pools.get(area=home),
                                proposal_ids=[rnd.proposals.get(code=c).pk for c in ("c1", "a1-1")])


# ----------------------------------------------------------------------------------------------- pages
def test_staff_create_a_round_from_the_page(staff_client):
    areas(2)
    response = staff_client.get(f"{BASE}uusi/")
    assert response.status_code == 200 and "Suur-Leppävaara" in response.content.decode()
    response = staff_client.post(f"{BASE}uusi/", _form())
    assert response.status_code == 302 and response["Location"] == f"{BASE}osbu-sivu/hallinta/"
    rnd = Round.objects.get(slug="osbu-sivu")
    assert rnd.pools.count() == 3 and rnd.pools.get(area__isnull=True).budget == 200_000
    assert rnd.voting_opens_on == dt.date(2027, 4, 1)
    assert AuditEvent.objects.filter(action="pb_round.setup", object_id=str(rnd.pk)).exists()


def test_a_pool_budget_that_is_not_a_number_is_refused_in_finnish_naming_the_pool(staff_client):
    a = areas(1)[0]
    response = staff_client.post(f"{BASE}uusi/", _form(**{f"budget_{a.pk}": "paljon"}))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Budjetti, Suur-Leppävaara (€): Anna kokonainen euromäärä, esim. 250 000." in text
    assert not Round.objects.exists()


def test_dates_in_the_wrong_order_are_refused_in_finnish_on_the_page(staff_client):
    response = staff_client.post(f"{BASE}uusi/", _form(results_on="2027-04-01"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Tulokset julkistetaan: 1.4.2027 on aikaisemmin kuin äänestys päättyy (30.4.2027)" in text
    assert not Round.objects.exists()


def test_a_rules_edit_after_voting_opened_is_refused_on_the_page_in_finnish(staff, staff_client):
    rnd = _open_voting(staff, _new_round(staff))
    data = _form(rule="greedy", name_fi="Muutettu nimi", budget_city="100 000",
                 voting_closes_at=timezone.localtime(rnd.voting_closes_at).strftime("%Y-%m-%dT%H:%M"),
                 ideas_open_on=str(rnd.ideas_open_on), ideas_close_on=str(rnd.ideas_close_on),
                 voting_opens_on=str(rnd.voting_opens_on), results_on="")
    for p in rnd.pools.filter(area__isnull=False):
        data[f"budget_{p.area_id}"] = str(p.budget)
    response = staff_client.post(f"{BASE}{rnd.slug}/hallinta/asetukset/", data)
    assert response.status_code == 400
    assert "Laskentasääntö ei ole enää muutettavissa: äänestys on jo alkanut." in response.content.decode()
    rnd.refresh_from_db()
    assert rnd.rule == "equal_shares" and rnd.name_fi == "Osbu 2027"


def test_staff_add_edit_hide_and_merge_proposals_from_the_pages(staff, staff_client):
    rnd = _new_round(staff)
    city = rnd.pools.get(area__isnull=True)
    response = staff_client.post(f"{BASE}{rnd.slug}/hallinta/ehdotukset/uusi/", {
        "title_fi": "Kuntoilulaitteet", "title_sv": "Utegym", "pool": city.pk, "cost": "12 500",
        "place_fi": "Leppävaara"})
    assert response.status_code == 302
    p = rnd.proposals.get(title_fi="Kuntoilulaitteet")
    assert p.cost == 12_500 and p.status == ProposalStatus.SUBMITTED
    bad = staff_client.post(f"{BASE}{rnd.slug}/hallinta/ehdotukset/uusi/", {"title_fi": "", "pool": city.pk,
                                                                             "cost": "kallis"})
    assert bad.status_code == 400 and rnd.proposals.count() == 1
    assert "Anna kokonainen euromäärä" in bad.content.decode()
    edit_url = f"{BASE}{rnd.slug}/hallinta/ehdotukset/{p.pk}/"
    assert staff_client.get(edit_url).status_code == 200
    response = staff_client.post(edit_url, {"title_fi": "Ulkokuntosali", "pool": city.pk, "cost": "13000"})
    assert response.status_code == 302 and Proposal.objects.get(pk=p.pk).title_fi == "Ulkokuntosali"
    other = services_setup.proposal_add(actor=staff, round=rnd, pool=city, title_fi="Ulkogym")
    response = staff_client.post(f"{BASE}{rnd.slug}/hallinta/ehdotukset/{other.pk}/piilota/", {"reason": ""})
    assert response.status_code == 400 and not Proposal.objects.get(pk=other.pk).is_hidden
    response = staff_client.post(f"{BASE}{rnd.slug}/hallinta/ehdotukset/{other.pk}/yhdista/",
                                 {"kept": p.pk, "reason": "Sama asia"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.merged_into_id == p.pk and other.is_hidden
    manage = staff_client.get(f"{BASE}{rnd.slug}/hallinta/").content.decode()
    assert "Ulkogym" in manage and "piilotettu asukkailta" in manage


def test_the_assessment_form_refuses_a_cost_that_is_not_a_number_in_finnish(staff, staff_client):
    rnd = _new_round(staff)
    p = services_setup.proposal_add(actor=staff, round=rnd, pool=rnd.pools.get(area__isnull=True), title_fi="X")
    response = staff_client.post(f"{BASE}{rnd.slug}/hallinta/arvio/", {
        "proposal": p.pk, "status": "feasible", "cost": "12,5", "reason": ""})
    assert response.status_code == 400
    assert "Kustannusarvio ehdotukselle ”X”: anna kokonainen euromäärä" in response.content.decode()
    response = staff_client.post(f"{BASE}{rnd.slug}/hallinta/arvio/", {
        "proposal": p.pk, "status": "feasible", "cost": "12 500", "reason": "", "cost_basis": "Urakoitsijan arvio"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.cost, p.cost_basis) == (12_500, "Urakoitsijan arvio")
    assert "Urakoitsijan arvio" in Client().get(f"{BASE}{rnd.slug}/ehdotukset/{p.code}/").content.decode()


def test_the_round_page_and_the_api_show_the_timetable_and_who_may_vote(staff, client):
    rnd = _new_round(staff, eligibility="lives_works_studies", home_area_only=True)
    data = client.get(f"/api/v1/budgeting/rounds/{rnd.slug}").json()
    assert (data["ideas_close_on"], data["eligibility"], data["home_area_only"], data["min_age"]) == (
        str(TODAY + dt.timedelta(days=10)), "lives_works_studies", True, 12)
    text = client.get(f"{BASE}{rnd.slug}/").content.decode()
    close, opens = TODAY + dt.timedelta(days=10), TODAY + dt.timedelta(days=20)
    assert f"{close.day}.{close.month}.{close.year}" in text and f"{opens.day}.{opens.month}.{opens.year}" in text
    assert "12 vuotta täyttäneet, jotka asuvat, työskentelevät tai opiskelevat Espoossa" in text


def _urls(rnd, p):
    return [f"{BASE}uusi/", f"{BASE}{rnd.slug}/hallinta/asetukset/", f"{BASE}{rnd.slug}/hallinta/ehdotukset/uusi/",
            f"{BASE}{rnd.slug}/hallinta/ehdotukset/{p.pk}/", f"{BASE}{rnd.slug}/hallinta/ehdotukset/{p.pk}/piilota/",
            f"{BASE}{rnd.slug}/hallinta/ehdotukset/{p.pk}/palauta/",
            f"{BASE}{rnd.slug}/hallinta/ehdotukset/{p.pk}/yhdista/"]


def test_only_programme_staff_may_open_or_post_the_setup_pages(staff, client):
    rnd = _new_round(staff)
    p = services_setup.proposal_add(actor=staff, round=rnd, pool=rnd.pools.get(area__isnull=True), title_fi="X")
    member = User.objects.create_user("member", password="pw-12345-long")
    member.groups.add(Group.objects.get_or_create(name=STEERING_GROUP)[0])
    for url in _urls(rnd, p):
        assert client.get(url).status_code == 302  # anonymous: to the login page
        assert client.post(url, {"reason": "x", "title_fi": "Y"}).status_code == 302
    client.force_login(member)
    for url in _urls(rnd, p):
        assert client.get(url).status_code in (403, 405)
        assert client.post(url, {"reason": "x", "title_fi": "Y", "kept": p.pk}).status_code == 403
    p.refresh_from_db()
    assert p.title_fi == "X" and not p.is_hidden and Round.objects.count() == 1


def test_the_setup_forms_need_the_csrf_token(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(f"{BASE}uusi/", _form()).status_code == 403
    assert not Round.objects.exists()
