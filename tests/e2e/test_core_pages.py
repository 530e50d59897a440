"""The platform's frame in a real browser: language switch, accessibility, pages without JavaScript."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORE_PAGES = ["/", "/saavutettavuus/", "/lahteet/", "/kirjaudu/"]


@pytest.mark.parametrize("path", CORE_PAGES)
def test_core_pages_have_no_wcag_violations_in_finnish_swedish_and_english(live_server, browser_page, axe_violations, path):
    page = browser_page
    for lang in ("fi", "sv", "en"):
        page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": live_server.url}])
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == lang
        assert axe_violations(page) == [], (lang, path)


def test_the_language_switch_persists_without_javascript(live_server, browser_page_nojs):
    page = browser_page_nojs
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fi"
    page.select_option("#language-select", "sv")
    page.click(".lang-switch button")
    assert page.locator("html").get_attribute("lang") == "sv"
    page.goto(live_server.url + "/saavutettavuus/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text().replace("\xad", "") == "Tillgänglighetsutlåtande"
