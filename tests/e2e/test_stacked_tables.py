"""Tables residents read stack into cards on a phone (no column hidden behind a sideways scroll), stay tables for
assistive technology, and stay ordinary tables on a wide screen."""

from __future__ import annotations

import pytest

from yhteiso.budgeting.tests.factories import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 900}, locale="fi-FI")
    page = context.new_page()
    page.goto(url)
    return context, page


def test_the_proposals_of_a_round_stack_into_cards_on_a_phone(live_server, _playwright_browser, axe_violations):
    rnd = make_round(slug="kierros")
    context, page = _open(_playwright_browser, f"{live_server.url}/osallistuva-budjetointi/{rnd.slug}/", 390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator("table.stack tbody tr").first
    title, cost, fate = row.locator("th"), row.locator("td").nth(0), row.locator("td").nth(1)
    box = {name: el.bounding_box() for name, el in (("row", row), ("title", title), ("cost", cost), ("fate", fate))}
    # one under the other, all inside the screen, none cut off by a scroll region
    assert box["title"]["y"] < box["cost"]["y"] < box["fate"]["y"]
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= 390 for b in box.values())
    assert abs(box["cost"]["x"] - box["title"]["x"]) < 2
    # every value says what it is (the column's name drawn before it)
    before = "el => getComputedStyle(el, '::before').content"
    assert cost.evaluate(before).startswith('"Kustannusarvio: "')
    assert fate.evaluate(before).startswith('"Mitä tapahtui: "')
    # still a table to a screen reader: cells of a table with column headers
    assert page.get_by_role("table").first.get_by_role("columnheader", name="Kustannusarvio").count() == 1
    assert page.get_by_role("table").first.get_by_role("cell").count() >= 2
    assert axe_violations(page) == []
    context.close()


def test_on_a_wide_screen_the_proposals_stay_a_table(live_server, _playwright_browser):
    rnd = make_round(slug="kierros")
    context, page = _open(_playwright_browser, f"{live_server.url}/osallistuva-budjetointi/{rnd.slug}/", 1366)
    row = page.locator("table.stack tbody tr").first
    ys = {round(row.locator(sel).first.bounding_box()["y"]) for sel in ("th", "td")}
    assert len(ys) == 1  # the cells side by side
    assert page.locator("table.stack thead").first.is_visible()
    assert row.locator("td").first.evaluate("el => getComputedStyle(el, '::before').content") == "none"
    context.close()
