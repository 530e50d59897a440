"""Two public tables on a phone (issue 13): an area's statistics become a card per indicator instead of a six-column
table scrolling inside its region with rows of a hundred pixels and more, and the survey results' answer tables fit
a 320 px screen instead of widening the page; on a wide screen both stay ordinary tables."""

from __future__ import annotations

import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AREA = "/tietopohja/alue/0491011111/"  # a small area of the demo data with eleven indicators


@pytest.fixture
def demo(transactional_db):
    from yhteiso.areas import demo as areas_demo
    from yhteiso.knowledge import demo as knowledge_demo
    from yhteiso.surveys import demo as surveys_demo

    areas_demo.load(io.StringIO())
    knowledge_demo.load(io.StringIO())
    surveys_demo.load(io.StringIO())


def _open(browser, url: str, width: int, lang: str):
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 900}, locale="fi-FI")
    context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(url)
    return context, page


STATS = """() => {
  const table = document.querySelector('#stats-caption').closest('table');
  const region = table.closest('.table-scroll');
  const rows = [...table.querySelectorAll('tbody tr')].map(tr => {
    const b = tr.getBoundingClientRect();
    const cells = [...tr.children].map(c => c.getBoundingClientRect());
    return {left: b.left, right: b.right, height: b.height, display: getComputedStyle(tr).display,
            yearTop: cells[1].top, valueTop: cells[2].top};
  });
  return {rows, hidden: region.scrollWidth - region.clientWidth, role: table.getAttribute('role'),
          rowheaders: table.querySelectorAll('tbody th[role=rowheader]').length,
          labels: [...table.querySelectorAll('tbody tr:first-child td[data-label]')].map(td => td.dataset.label)};
}"""


@pytest.mark.parametrize("width", [320, 390])
def test_an_areas_statistics_are_cards_within_the_screen_on_a_phone(demo, live_server, _playwright_browser,
                                                                     axe_violations, width):
    context, page = _open(_playwright_browser, live_server.url + AREA, width, "fi")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    stats = page.evaluate(STATS)
    assert stats["hidden"] <= 0  # no column hidden behind a sideways scroll of the table's region
    assert len(stats["rows"]) == 11
    for row in stats["rows"]:
        assert row["display"] != "table-row"
        assert row["left"] >= 0 and row["right"] <= width  # the whole card on the screen
        assert row["height"] <= 260  # heading, figures and source: a short card, not a screenful
        assert abs(row["yearTop"] - row["valueTop"]) < 2  # the year and the value share a line
    # each figure is named in the reader's language (the column names, hidden on a phone, are not seen)
    assert stats["labels"] == ["Vuosi", "Arvo", "Espoo", "Muutos"]
    # still a table to a screen reader
    assert stats["role"] == "table" and stats["rowheaders"] == 11
    assert page.get_by_role("table", name="Alueen kaikki mittarit, Espoon arvo ja kehitys").count() == 1
    if width == 390:
        assert axe_violations(page) == []
    context.close()


def test_an_areas_statistics_stay_a_table_on_a_wide_screen(demo, live_server, _playwright_browser):
    context, page = _open(_playwright_browser, live_server.url + AREA, 1366, "sv")
    stats = page.evaluate(STATS)
    assert stats["hidden"] <= 0
    assert all(r["display"] == "table-row" and r["height"] < 100 for r in stats["rows"])
    assert page.locator("#stats-caption").locator("xpath=..").locator("thead").is_visible()
    context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_the_survey_results_fit_a_phone_in_finnish_and_swedish(demo, live_server, _playwright_browser, width):
    from yhteiso.surveys.models import Survey

    survey = Survey.objects.get(is_demo=True)
    for lang in ("fi", "sv"):
        context, page = _open(_playwright_browser, f"{live_server.url}/kyselyt/{survey.pk}/tulokset/", width, lang)
        assert page.locator("main table").count() >= 10
        # the widest thing on the page that is not inside its own scrolling region
        widest = page.evaluate("""() => Math.max(...[...document.querySelectorAll('main *')]
            .filter(e => !e.closest('.table-wrap, .table-scroll')).map(e => e.getBoundingClientRect().right))""")
        assert widest <= width, (lang, widest)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, lang
        context.close()
