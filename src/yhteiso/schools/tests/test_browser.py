"""The schools pages in a real browser (Debian's Chromium) with the constructed example:
no WCAG 2.1 A/AA violations found by axe in Finnish and Swedish, no sideways scroll at 390 px, and the example is
labelled."""

import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATHS = ["/tietopohja/koulut/", "/tietopohja/koulut/koulu/EX-FI-05/", "/tietopohja/koulut/virrat/",
         "/tietopohja/koulut/vertailu/"]


@pytest.fixture
def example(transactional_db):
    from yhteiso.schools import demo as schools_demo

    schools_demo.load(io.StringIO())  # without the areas: the overlay columns show "–" (kept short on 2 cores)


def test_school_pages_are_accessible_labelled_and_fit_a_phone(live_server, browser_page, axe_violations,
                                                              example):
    page = browser_page
    for lang, banner in (("fi", "Esimerkkiaineisto — ei Espoon lukuja"), ("sv", "Exempeldata — inte Esbos siffror")):
        page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": live_server.url}])
        for path in PATHS if lang == "fi" else PATHS[:1]:
            page.set_viewport_size({"width": 1366, "height": 900})
            page.goto(live_server.url + path, timeout=120_000)
            assert page.locator("html").get_attribute("lang") == lang
            assert page.locator("h1").count() == 1
            if "vertailu" not in path:
                assert banner in page.content()
            assert axe_violations(page) == [], (lang, path)
            print(f"{lang} {path} checked", flush=True)
            page.set_viewport_size({"width": 390, "height": 844})
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, (lang, path)
