"""Participatory budgeting set up from the staff pages alone, in a real browser: staff sign in, create a round with
its pools, add two proposals, assess them, open the voting, and the round's public page shows both proposals. The
set-up pages have no WCAG 2.1 A/AA violations (axe) and no sideways scrolling at 1366 and 390 px in Finnish and
Swedish. ``YHTEISO_SCREENSHOTS=DIR`` keeps a screenshot of each."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from yhteiso.budgeting import services_setup
from yhteiso.budgeting.models import Phase, ProposalStatus, Round
from yhteiso.budgeting.tests.factories import areas
from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import PROGRAMME_STAFF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("YHTEISO_SCREENSHOTS", "")
PASSWORD = "henkilokunnan-salasana-2026"
BASE = "/osallistuva-budjetointi/"


@pytest.fixture
def staff():
    user = User.objects.create_user("budjetoija", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    return user


def _sign_in(page, live_server):
    page.goto(live_server.url + "/kirjaudu/")
    page.fill("#id_username", "budjetoija")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _shot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def _add_proposal(page, title, pool_label):
    page.click("text=Lisää ehdotus")
    page.fill("#id_title_fi", title)
    page.select_option("#id_pool", label=pool_label)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/hallinta/")


def _assess(page, rnd, title, cost):
    p = rnd.proposals.get(title_fi=title)
    page.select_option(f"#st-{p.pk}", "feasible")
    page.fill(f"#cost-{p.pk}", cost)
    page.fill(f"#basis-{p.pk}", "Kaupunkitekniikan arvio")
    page.locator("form.pb-assess", has=page.locator(f"#st-{p.pk}")).locator("button").click()
    page.wait_for_url("**/hallinta/")


def test_staff_set_up_a_round_from_the_pages_and_open_the_voting(live_server, browser_page, staff):
    leppavaara, tapiola = areas(2)
    page = browser_page
    _sign_in(page, live_server)
    page.goto(live_server.url + BASE)
    page.click("text=Uusi kierros")
    closes = timezone.localtime() + dt.timedelta(days=14)
    page.fill("#id_slug", "osbu-selain")
    page.fill("#id_name_fi", "Osallistuva budjetointi selaimessa")
    page.fill("#id_name_sv", "Deltagande budgetering i webbläsaren")
    page.fill("#id_ideas_open_on", (closes - dt.timedelta(days=60)).strftime("%Y-%m-%d"))
    page.fill("#id_ideas_close_on", (closes - dt.timedelta(days=30)).strftime("%Y-%m-%d"))
    page.fill("#id_voting_closes_at", closes.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_budget_city", "300 000")
    page.fill(f"#id_budget_{leppavaara.pk}", "80 000")
    page.fill(f"#id_budget_{tapiola.pk}", "60000")
    page.select_option("#id_rule", "greedy")
    _shot(page, "pb-setup-browser-round-form")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/osbu-selain/hallinta/")
    rnd = Round.objects.get(slug="osbu-selain")
    assert {p.area_id: p.budget for p in rnd.pools.all()} == {None: 300_000, leppavaara.pk: 80_000,
                                                               tapiola.pk: 60_000}
    _add_proposal(page, "Ulkokuntosali Leppävaaraan", "Suur-Leppävaara")
    _add_proposal(page, "Penkkejä rantareitille", "Koko kaupunki")
    _assess(page, rnd, "Ulkokuntosali Leppävaaraan", "45 000")
    _assess(page, rnd, "Penkkejä rantareitille", "12000")
    assert set(rnd.proposals.values_list("status", flat=True)) == {ProposalStatus.FEASIBLE}
    page.select_option("#id_phase", "voting")
    page.click("form[action$='/hallinta/vaihe/'] button")
    page.wait_for_url("**/hallinta/")
    rnd.refresh_from_db()
    assert rnd.phase == Phase.VOTING and rnd.rules_frozen_at is not None
    _shot(page, "pb-setup-browser-manage")
    page.goto(f"{live_server.url}{BASE}osbu-selain/")
    cards = [t.replace("\xad", "") for t in page.locator(".pb-cards h3").all_inner_texts()]  # soft hyphens
    assert sorted(cards) == ["Penkkejä rantareitille", "Ulkokuntosali Leppävaaraan"]
    assert page.locator(f"a[href='{BASE}osbu-selain/aanesta/']").count() == 1
    _shot(page, "pb-setup-browser-round")
    actions = set(AuditEvent.objects.filter(object_type__startswith="budgeting").values_list("action", flat=True))
    assert {"pb_round.setup", "pb_proposal.create", "pb_proposal.assess", "pb_round.phase"} <= actions


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_setup_pages_are_accessible_and_fit_a_phone(live_server, browser_page, axe_violations, staff, lang):
    areas(2)
    rnd = services_setup.round_setup_create(
        actor=staff, pools=[{"area": None, "budget": 100_000}], slug="saavutettava", name_fi="Saavutettava",
        name_sv="Tillgänglig", voting_closes_at=timezone.now() + dt.timedelta(days=9))
    pool = rnd.pools.get()
    kept = services_setup.proposal_add(actor=staff, round=rnd, pool=pool, title_fi="Koirapuisto")
    dup = services_setup.proposal_add(actor=staff, round=rnd, pool=pool, title_fi="Koira-aitaus")
    services_setup.proposal_merge(actor=staff, duplicate=dup, kept=kept, reason="Sama idea kuin koirapuisto.")
    page = browser_page
    _sign_in(page, live_server)
    page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": live_server.url}])
    pages = {"new": f"{BASE}uusi/", "settings": f"{BASE}{rnd.slug}/hallinta/asetukset/",
             "proposal-new": f"{BASE}{rnd.slug}/hallinta/ehdotukset/uusi/",
             "proposal-edit": f"{BASE}{rnd.slug}/hallinta/ehdotukset/{kept.pk}/",
             "manage": f"{BASE}{rnd.slug}/hallinta/", "merged": f"{BASE}{rnd.slug}/ehdotukset/{dup.code}/",
             "round": f"{BASE}{rnd.slug}/"}
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        for name, url in pages.items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, name
            assert page.locator("html").get_attribute("lang") == lang
            assert axe_violations(page) == [], (name, width)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (name, width, overflow)
            _shot(page, f"pb-setup-{name}-{lang}-{width}")
        # a refused form is accessible too: the error summary names the field
        page.goto(live_server.url + pages["new"])
        page.fill("#id_budget_city", "paljon")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".error-summary").is_visible()
        assert axe_violations(page) == []
        _shot(page, f"pb-setup-new-errors-{lang}-{width}")
