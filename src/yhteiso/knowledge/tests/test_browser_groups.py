"""The pages by population group in a real browser (Debian's Chromium): no WCAG 2.1 A/AA violations found by axe
in Finnish and Swedish, and nothing scrolls sideways at 390 px (the wide table scrolls inside its region)."""

import pytest

from yhteiso.knowledge.tests.test_groups import grouped  # noqa: F401 - constructed figures by group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATHS = ["/tietopohja/ryhmat/?variable=population&dimension=gender&year=2024&level=postal_area",
         "/tietopohja/ryhmat/?variable=population&dimension=language&year=2024&level=postal_area",
         "/tietopohja/alue/00100/"]


@pytest.mark.usefixtures("grouped")
def test_the_group_pages_have_no_wcag_violations_and_fit_a_phone(live_server, browser_page, axe_violations):
    page = browser_page
    for lang in ("fi", "sv"):
        page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": live_server.url}])
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for path in PATHS:
                page.goto(live_server.url + path)
                assert page.locator("html").get_attribute("lang") == lang
                assert page.locator("h1").count() == 1
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (lang, width, path)
                if width == 1366:
                    assert axe_violations(page) == [], (lang, path)
    page.goto(live_server.url + PATHS[0])
    assert page.locator("table.data tbody tr").count() == 12
    assert page.locator("td .suppressed").count() == 2
