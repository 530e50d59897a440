"""The knowledge base's main pages in a real browser (Debian's Chromium): no WCAG 2.1 A/AA violations found by
axe, in Finnish and Swedish, on the real Espoo demo data."""

import io

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def espoo(transactional_db):
    from yhteiso.areas import demo as areas_demo
    from yhteiso.areas.models import Area
    from yhteiso.knowledge import demo as knowledge_demo
    from yhteiso.programme.models import Project

    areas_demo.load(io.StringIO())
    knowledge_demo.load(io.StringIO())
    project = Project.objects.create(name_fi="Olohuonetoiminta", status="in_progress")
    project.target_areas.set(Area.objects.filter(code__in=["02770", "02760"], level="postal_area"))
    return project


def test_profile_map_and_targeting_pages_have_no_wcag_violations(live_server, browser_page, axe_violations, espoo):
    page = browser_page
    paths = ["/tietopohja/alue/02770/", "/tietopohja/alue/0491011111/",
             "/tietopohja/kartta/?level=pienalue&indicator=idx%3Astatus_index&method=natural_breaks&classes=5",
             "/ohjelma/kohdentaminen/?level=postal_area&index=combined", "/tietopohja/",
             f"/ohjelma/vaikutukset/?project={espoo.pk}&level=postal_area&indicator=var%3Aunemployment_rate_pct"
             "&before=2015-2016&after=2022-2023",
             "/ohjelma/kohdentaminen/?level=postal_area&index=sum_index&exclude_flagged=on",
             f"/ohjelma/vaikutukset/?project={espoo.pk}",
             # a major district: its D over its own small areas (issue 16 item 3)
             "/tietopohja/alue/0491000000/"]
    for lang in ("fi", "sv"):
        page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": live_server.url}])
        for path in paths:
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == lang
            assert page.locator("h1").count() == 1
            assert axe_violations(page) == [], (lang, path)
    page.goto(live_server.url + paths[2])
    assert page.locator("svg[role=img]").count() >= 1
    assert page.locator("table.data tbody tr").count() == 88



def test_targeting_follow_up_and_the_d_chart_fit_a_phone(live_server, browser_page, espoo):
    """At 390 px nothing scrolls sideways, and the narrow chart (not the shrunken wide one) is the one shown."""
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/ohjelma/kohdentaminen/?level=pienalue&index=status_index", f"/ohjelma/vaikutukset/?project={espoo.pk}",
                 "/tietopohja/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        if "kohdentaminen" not in path:  # every chart of the page (the knowledge base's front page has two)
            narrow, wide = page.locator(".chart-narrow svg"), page.locator(".chart-wide svg")
            assert narrow.count() >= 1 and narrow.count() == wide.count(), path
            for i in range(narrow.count()):
                assert narrow.nth(i).is_visible() and not wide.nth(i).is_visible(), (path, i)
                assert narrow.nth(i).bounding_box()["width"] >= 340, (path, i)


def test_the_upload_page_and_its_error_report_have_no_wcag_violations(live_server, browser_page, axe_violations,
                                                                       tmp_path):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from yhteiso.areas.models import AreaLevel
    from yhteiso.areas.services import boundaries_import
    from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups
    from yhteiso.knowledge.models import Observation
    from yhteiso.knowledge.tests.conftest import grid_geojson, grid_table

    ensure_role_groups()
    user = get_user_model().objects.create_user(username="tilastot", password="pw-test-12345")
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    boundaries_import(data=grid_geojson(), filename="grid.geojson", level=AreaLevel.POSTAL_AREA)
    page = browser_page
    page.goto(live_server.url + "/kirjaudu/?next=/tietopohja/tuonti/")
    page.fill("#id_username", "tilastot")
    page.fill("#id_password", "pw-test-12345")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/tietopohja/tuonti/")
    assert axe_violations(page) == []
    bad = tmp_path / "bad.csv"
    bad.write_bytes(grid_table(2024, extra="77777,1,1,1,1,1,1,1,1,1\n"))
    page.select_option("#id_kind", "table")
    page.set_input_files("#id_file", str(bad))
    page.select_option("#id_level", "postal_area")
    page.fill("#id_dataset", "grid")
    page.fill("#id_publisher", "P")
    page.fill("#id_licence", "CC BY 4.0")
    page.fill("#id_attribution", "Lähde: P")
    page.fill("#id_area_column", "code")
    page.fill("#id_year", "2024")
    page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary")
    assert "bad.csv" in summary.inner_text() and "77777" in summary.inner_text()
    assert axe_violations(page) == []
    assert not Observation.objects.exists()


def test_the_upload_mapping_step_with_px_checkboxes_has_no_wcag_violations(live_server, browser_page, axe_violations,
                                                                           settings, tmp_path):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from yhteiso.areas.services import area_get_or_create_city
    from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups
    from yhteiso.knowledge.models import Observation
    from yhteiso.knowledge.tests.test_upload_mapping import PX_FILE

    settings.DATA_DIR = tmp_path
    ensure_role_groups()
    user = get_user_model().objects.create_user(username="tilastot", password="pw-test-12345")
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    area_get_or_create_city(code="FI", name_fi="Suomi")
    page = browser_page
    page.goto(live_server.url + "/kirjaudu/?next=/tietopohja/tuonti/")
    page.fill("#id_username", "tilastot")
    page.fill("#id_password", "pw-test-12345")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/tietopohja/tuonti/")
    page.select_option("#id_kind", "px")
    page.set_input_files("#id_file", str(PX_FILE))
    page.select_option("#id_level", "city")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("group", name="Sukupuoli").get_by_label("Yhteensä (S)").check()
    assert axe_violations(page) == []
    page.fill("#id_area", "FI")
    page.locator("main form button[type=submit]:not([name=cancel])").click()
    expect(page.locator("#report-heading")).to_have_count(1)
    assert axe_violations(page) == []
    assert not Observation.objects.exists()
