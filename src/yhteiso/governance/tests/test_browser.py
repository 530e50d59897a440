"""The steering-group pages in a real browser (Debian's Chromium): no WCAG 2.1 A/AA violations found by axe, in
Finnish and Swedish, and the public pages work without JavaScript."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from yhteiso.governance import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(held_meeting, staff, people, budget_line):
    services.decision_record(item=held_meeting.items.get(), actor=staff, text="Approved as proposed.",
                             outcome="approved", project_status="approved", budget_line=budget_line,
                             budget_amount=8000)
    services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["chair"], body="Opened at 14.00.")
    services.minutes_approve(meeting=held_meeting, actor=staff)
    services.minutes_publish(meeting=held_meeting, actor=staff)
    return held_meeting


def _visit_in(page, live_server, lang, path):
    page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": live_server.url}])
    page.goto(live_server.url + path)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1


def test_the_public_steering_group_pages_have_no_wcag_violations(live_server, browser_page, axe_violations,
                                                                 published, staff):
    services.office_person_save(actor=staff, name="Sanni Olasvuori", kind="communications",
                                role_fi="viestintäsuunnittelija", role_sv="kommunikationsplanerare",
                                email="sanni@example.org")
    paths = ["/ohjausryhma/ohjelmatoimisto/", "/ohjausryhma/", "/ohjausryhma/poytakirjat/",
             f"/ohjausryhma/poytakirjat/{published.pk}/"]
    for lang in ("fi", "sv"):
        for path in paths:
            _visit_in(browser_page, live_server, lang, path)
            assert axe_violations(browser_page) == [], (lang, path)
    assert "Chair Person" in browser_page.locator("main").inner_text()


def test_the_staff_meeting_pages_have_no_wcag_violations(live_server, browser_page, axe_violations, published,
                                                         staff, make_meeting):
    client = Client()
    client.force_login(staff)
    browser_page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                       "url": live_server.url}])
    upcoming = make_meeting(send=False)
    paths = ["/ohjausryhma/kokoukset/", f"/ohjausryhma/kokoukset/{published.pk}/",
             f"/ohjausryhma/kokoukset/{upcoming.pk}/", "/ohjausryhma/kokoukset/uusi/",
             f"/ohjausryhma/kokoukset/{upcoming.pk}/lasnaolo/", "/ohjausryhma/", "/ohjausryhma/jasenet/uusi/",
             "/ohjausryhma/kokoukset/vuosisuunnitelma/", "/ohjausryhma/ohjelmatoimisto/uusi/", "/ohjausryhma/oma/"]
    for lang in ("fi", "sv"):
        for path in paths:
            _visit_in(browser_page, live_server, lang, path)
            assert axe_violations(browser_page) == [], (lang, path)


def test_the_members_page_works_without_javascript(live_server, browser_page_nojs, people):
    browser_page_nojs.goto(live_server.url + "/ohjausryhma/")
    assert browser_page_nojs.locator("h1").inner_text() == "Yhteisöllinen Espoo -ohjelman ohjausryhmä"
    assert browser_page_nojs.locator("table.members").count() >= 1


def _logged_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_the_impact_assessment_pages_have_no_wcag_violations(live_server, browser_page, axe_violations, staff,
                                                              member_user, held_meeting):
    from yhteiso.areas.models import Area, AreaLevel
    from yhteiso.governance import services_impact

    from .test_impact import _fields

    city = Area.objects.create(level=AreaLevel.CITY, code="049", name_fi="Espoo", name_sv="Esbo")
    assessment = services_impact.assessment_create(actor=staff, areas=[city],
                                                   agenda_item=held_meeting.items.get(), **_fields())
    services_impact.assessment_submit(assessment=assessment, actor=staff)
    _logged_in(browser_page, live_server, member_user)
    paths = ["/ohjausryhma/vaikutusarvioinnit/", f"/ohjausryhma/vaikutusarvioinnit/{assessment.pk}/",
             f"/ohjausryhma/kokoukset/{held_meeting.pk}/"]
    for lang in ("fi", "sv"):
        for path in paths:
            _visit_in(browser_page, live_server, lang, path)
            assert axe_violations(browser_page) == [], (lang, path)
    _logged_in(browser_page, live_server, staff)
    for lang in ("fi", "sv"):
        _visit_in(browser_page, live_server, lang, "/ohjausryhma/vaikutusarvioinnit/uusi/")
        assert axe_violations(browser_page) == [], (lang, "form")
        browser_page.locator("button[type=submit]").last.click()  # empty: the error summary
        expect(browser_page.locator(".error-summary")).to_have_count(1)
        assert axe_violations(browser_page) == [], (lang, "form with errors")


def test_an_assessment_is_prepared_and_reviewed_without_javascript(live_server, browser_page_nojs, staff,
                                                                   member_user):
    from yhteiso.areas.models import Area, AreaLevel
    from yhteiso.governance.models import AssessmentStatus, ImpactAssessment

    Area.objects.create(level=AreaLevel.SMALL_AREA, code="0491011111", name_fi="Pohjois-Leppävaara")
    page = browser_page_nojs
    _logged_in(page, live_server, staff)
    page.context.add_cookies([{"name": "yhteiso_language", "value": "fi", "url": live_server.url}])
    page.goto(live_server.url + "/ohjausryhma/vaikutusarvioinnit/uusi/")
    page.fill("#id_title", "Kirjaston aukioloajat")
    page.locator("summary", has_text="Pienalue").click()  # <details> opens without JavaScript
    page.check("input[name=areas]")
    page.check("#id_population_groups_0")
    for name, choice in (("mixing", 3), ("services", 2), ("catchment", 2)):
        page.check(f"#id_{name}_effect_{choice}")
        page.fill(f"#id_{name}_reasons", "Perustelu.")
    page.fill("#id_prepared_by_name", "Testaaja")
    page.fill("#id_followup_date", "2030-06-01")
    page.locator("button[type=submit]", has_text="Tallenna luonnos").click()
    page.locator("button", has_text="Jätä ohjausryhmälle").click()
    assessment = ImpactAssessment.objects.get()
    assert assessment.status == AssessmentStatus.SUBMITTED
    _logged_in(page, live_server, member_user)
    page.goto(live_server.url + f"/ohjausryhma/vaikutusarvioinnit/{assessment.pk}/")
    page.check("input[name=outcome][value=needs_changes]")
    page.fill("#id_note", "Tarkenna vaikutusta palveluihin.")
    page.locator("button", has_text="Kirjaa käsittely").click()
    expect(page.locator("main")).to_contain_text("Tarkenna vaikutusta palveluihin.")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.NEEDS_CHANGES
