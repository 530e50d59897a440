"""The steering-group pages in a real browser (Debian's Chromium): no WCAG 2.1 A/AA violations found by axe, in
Finnish and Swedish, and the public pages work without JavaScript."""

import pytest
from django.test import Client

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
                                                                 published):
    paths = ["/ohjausryhma/", "/ohjausryhma/poytakirjat/", f"/ohjausryhma/poytakirjat/{published.pk}/"]
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
             f"/ohjausryhma/kokoukset/{upcoming.pk}/lasnaolo/", "/ohjausryhma/", "/ohjausryhma/jasenet/uusi/"]
    for lang in ("fi", "sv"):
        for path in paths:
            _visit_in(browser_page, live_server, lang, path)
            assert axe_violations(browser_page) == [], (lang, path)


def test_the_members_page_works_without_javascript(live_server, browser_page_nojs, people):
    browser_page_nojs.goto(live_server.url + "/ohjausryhma/")
    assert browser_page_nojs.locator("h1").inner_text() == "Yhteisöllinen Espoo -ohjelman ohjausryhmä"
    assert browser_page_nojs.locator("table.members").count() >= 1
