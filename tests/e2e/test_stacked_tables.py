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


def test_the_proposals_of_a_round_are_cards_one_under_another_on_a_phone(live_server, _playwright_browser,
                                                                         axe_violations):
    rnd = make_round(slug="kierros")
    context, page = _open(_playwright_browser, f"{live_server.url}/osallistuva-budjetointi/{rnd.slug}/", 390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cards = page.locator("ul.pb-cards > li")
    assert cards.count() >= 2
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    # one under the other, each inside the screen and nearly as wide as it
    assert first["y"] + first["height"] <= second["y"] + 1 and abs(first["x"] - second["x"]) < 2
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= 390 and b["width"] > 300 for b in (first, second))
    # every value says what it is: a term and its description, read as a list by a screen reader
    assert cards.nth(0).locator("dt").first.inner_text().strip() == "Kustannusarvio"
    assert page.get_by_role("list").first.get_by_role("listitem").count() >= 2
    assert axe_violations(page) == []
    context.close()


def test_on_a_wide_screen_the_proposal_cards_sit_side_by_side(live_server, _playwright_browser):
    rnd = make_round(slug="kierros")
    context, page = _open(_playwright_browser, f"{live_server.url}/osallistuva-budjetointi/{rnd.slug}/", 1366)
    cards = page.locator("ul.pb-cards > li")
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"] - 1  # a row of cards
    context.close()
