"""The public programme pages in a real headless Chromium: no WCAG 2.1 A/AA violations found by axe, in Finnish and
Swedish, and they work without JavaScript."""

import io

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def live_demo(transactional_db, live_server):
    from yhteiso.programme import demo

    demo.load(io.StringIO())
    return live_server


def _open(page, server, path, lang):
    page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": server.url}])
    page.goto(server.url + path)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_dashboard_has_no_axe_violations(browser_page, axe_violations, live_demo, lang):
    _open(browser_page, live_demo, "/ohjelma/", lang)
    assert browser_page.locator("html").get_attribute("lang") == lang
    assert browser_page.locator("h1").count() == 1
    assert browser_page.locator("table.indicator-table").count() == 11
    assert axe_violations(browser_page) == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_project_page_has_no_axe_violations(browser_page, axe_violations, live_demo, lang):
    _open(browser_page, live_demo, "/ohjelma/projektit/", lang)
    browser_page.locator(".project-list h2 a").first.click()
    assert "/ohjelma/projektit/" in browser_page.url
    assert axe_violations(browser_page) == []


def test_the_project_filters_work_without_javascript(browser_page_nojs, live_demo):
    page = browser_page_nojs
    page.goto(live_demo.url + "/ohjelma/projektit/")
    page.select_option("#f-goal", "3")
    page.locator("form.filters button[type=submit]").click()
    assert "goal=3" in page.url
    assert page.locator(".project-list > li.card").count() == 1
