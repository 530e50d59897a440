"""Resident pages residents can enjoy (issue 13 item 9): test and example rounds kept off the public list, live
counters that read the budget right, plural forms, Finnish and Swedish clock times, results with a chart."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from yhteiso.budgeting import services
from yhteiso.budgeting.models import Round
from yhteiso.budgeting.tests.factories import make_round

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"
PB = (b"META\nkey;value\nbudget;100\nrule;greedy\ncurrency;PLN\nPROJECTS\nproject_id;cost;name\na;60;Park\n"
      b"b;50;Bench\nVOTES\nvoter_id;vote\n1;a\n2;a,b\n")


def test_an_imported_example_round_is_left_out_of_the_public_list_and_the_api(client):
    real = make_round(slug="espoo")
    example = services.round_import_pb(actor=None, text=PB, slug="swiecie", name_fi="Świecie (esimerkki)")
    assert example.is_test
    page = client.get(BASE).content.decode()
    assert real.name_fi in page and "Świecie" not in page
    assert [r["slug"] for r in client.get("/api/v1/budgeting/rounds").json()] == ["espoo"]
    # its own address still works, and says it is not an Espoo vote
    own = client.get(f"{BASE}swiecie/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Świecie" in own and "ei ole Espoon äänestys" in own


def test_staff_see_the_example_round_in_the_list_marked(staff_client):
    services.round_import_pb(actor=None, text=PB, slug="swiecie", name_fi="Świecie (esimerkki)")
    page = staff_client.get(BASE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Świecie" in page and "hidden from residents" in page


def test_a_test_round_created_by_hand_is_hidden_too(client):
    make_round(slug="kokeilu")
    Round.objects.filter(slug="kokeilu").update(is_test=True)
    assert "Kierros kokeilu" not in client.get(BASE).content.decode()


def test_the_demo_round_is_listed_and_marked_as_an_example(client):
    rnd = make_round(slug="demo")
    Round.objects.filter(pk=rnd.pk).update(is_demo=True)
    page = client.get(BASE, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Kierros demo" in page and "Esimerkkikierros – ei oikea äänestys" in page


def _signed_in(client, rnd):
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    assert client.post(f"{BASE}{rnd.slug}/aanesta/", {"code": code}).status_code == 302


def test_the_ballot_gives_its_script_raw_numbers_and_counter_texts_in_plural_forms(client):
    rnd = make_round(ballot_type="knapsack", city_budget=400_000, costs=(45_000, 120_000, 30_000))
    _signed_in(client, rnd)
    page = client.get(f"{BASE}{rnd.slug}/aanesta/lippu/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    # the budget and costs in data attributes are never localised ("45 000" was read as 45)
    assert 'data-budget="400000"' in page and 'data-cost="45000"' in page
    assert "400\u00a0000\u00a0€ jäljellä" in page and 'data-left="{}\u00a0€ jäljellä"' in page


def test_the_approval_counter_says_project_and_projects(client):
    rnd = make_round(max_projects=3)
    _signed_in(client, rnd)
    page = client.get(f"{BASE}{rnd.slug}/aanesta/lippu/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Olet valinnut 0 hanketta (enintään 3)." in page
    assert "Olet valinnut 1 hankkeen (enintään 3)." in page  # the script's text for one tick
    en = client.get(f"{BASE}{rnd.slug}/aanesta/lippu/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You have chosen 1 project (at most 3)." in en and "You have chosen 2 projects (at most 3)." in en


@pytest.mark.parametrize(("lang", "expected"), [("fi", "31.12.2030 klo 23.10"), ("sv", "31.12.2030 kl. 23.10"),
                                                ("en", "31 Dec 2030 at 23:10")])
def test_the_closing_time_is_written_the_language_s_way(client, lang, expected):
    rnd = make_round()
    closes = dt.datetime(2030, 12, 31, 23, 10, tzinfo=ZoneInfo("Europe/Helsinki"))
    services.round_update(actor=None, round=rnd, voting_closes_at=closes)
    page = client.get(f"{BASE}{rnd.slug}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert expected in page


def test_a_ballot_over_the_limit_names_the_limit_in_the_right_plural(client):
    rnd = make_round(max_projects=1)
    _signed_in(client, rnd)
    ids = [str(p.pk) for p in rnd.proposals.filter(code__in=["c1", "c2"])]
    fi = client.post(f"{BASE}{rnd.slug}/aanesta/lippu/", {"area_pool": "", "project": ids},
                     HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "valitse enintään 1 hanke; valitsit 2." in fi
    rnd.max_projects = 2
    Round.objects.filter(pk=rnd.pk).update(max_projects=2)
    ids = [str(p.pk) for p in rnd.proposals.filter(code__in=["c1", "c2", "c3"])]
    fi = client.post(f"{BASE}{rnd.slug}/aanesta/lippu/", {"area_pool": "", "project": ids},
                     HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "valitse enintään 2 hanketta; valitsit 3." in fi


def test_the_citywide_pool_comes_first_on_every_database(client):
    """PostgreSQL sorts a missing area code last: the citywide pool was listed after the areas there."""
    rnd = make_round()
    page = client.get(f"{BASE}{rnd.slug}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert page.index("Koko kaupunki") < page.index("Suur-Leppävaara") < page.index("Suur-Tapiola")
    pools = client.get(f"/api/v1/budgeting/rounds/{rnd.slug}").json()["pools"]
    assert [p["area_code"] for p in pools] == [None, "049001", "049002"]
