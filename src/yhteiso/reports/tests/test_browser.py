"""The report pages in headless Chromium: the staff preview and the standalone HTML report have no WCAG 2.1 A/AA
violations found by axe, and the preview works without JavaScript."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from yhteiso.core.permissions import PROGRAMME_STAFF
from yhteiso.reports.tests.conftest import AS_OF, seed_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_staff_preview_and_the_html_report_pass_axe(live_server, browser_page, axe_violations, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # no worker here
    seed_programme()
    user = get_user_model().objects.create_user("raportoija", password="raportit-2026-testi")
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    page = browser_page
    page.goto(f"{live_server.url}/kirjaudu/?next=/raportit/")
    page.fill("#id_username", "raportoija")
    page.fill("#id_password", "raportit-2026-testi")
    page.click("main button[type=submit]")
    page.wait_for_url("**/raportit/")
    assert axe_violations(page) == []
    page.fill("#id_as_of", AS_OF.isoformat())
    page.select_option("#id_lang", "sv")
    page.click("main form[action$='valtuustoraportti/'] button[type=submit]")
    page.wait_for_selector(".report-preview")
    assert page.locator("h1").count() == 1
    assert page.locator(".report-preview[lang=sv] h2").first.inner_text().startswith("Utvecklingsprogrammet")
    assert "Nyttomål och indikatorer" in page.locator(".report-preview[lang=sv] h3").all_inner_texts()
    assert axe_violations(page) == []
    page.click("main form.download-list button[value=html]")  # rendered as a background job
    page.wait_for_url("**/taustatyot/*/")
    assert page.locator("#job-state").inner_text() in ("Klart", "Valmis")
    assert axe_violations(page) == []
    page.click("#job-file")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert axe_violations(page) == []
