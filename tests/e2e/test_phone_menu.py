"""The main menu on a phone: collapsed behind a "Menu" button that works without JavaScript, with the keyboard,
with a visible focus and an accessible name; on a wide screen it is open as before, with no button."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def _accessibility(page, selector: str) -> tuple:
    """(role, name, focusable, expanded) of an element in Chromium's accessibility tree."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
    props = {p["name"]: p["value"].get("value") for p in ax.get("properties", [])}
    cdp.detach()
    return ax["role"]["value"], ax["name"]["value"], props.get("focusable"), props.get("expanded")


LINKS = ["Ohjelma", "Tietopohja", "Kyselyt", "Osallistuva budjetointi", "Ohjausryhmä", "Kirjaudu sisään"]


@pytest.mark.parametrize("javascript", [False, True])
def test_on_a_phone_the_menu_opens_from_its_button_with_the_keyboard(live_server, _playwright_browser, javascript):
    context = _playwright_browser.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI",
                                              java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Päävalikko")
    button = nav.locator("summary")
    assert button.is_visible()
    # what assistive technology is told: a focusable disclosure button named "Valikko", collapsed
    assert _accessibility(page, "nav.main-nav summary") == ("DisclosureTriangle", "Valikko", True, False)
    for name in LINKS:
        assert not nav.get_by_role("link", name=name).is_visible()
    # Tab from the top: skip link, home link, language select, its button, then the menu button
    for _ in range(5):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    assert _accessibility(page, "nav.main-nav summary")[3] is True  # expanded
    for name in LINKS:
        assert nav.get_by_role("link", name=name).is_visible(), name
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Ohjelma"
    page.keyboard.press("Enter")
    page.wait_for_url("**/ohjelma/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_on_a_wide_screen_the_menu_is_open_without_a_button(live_server, _playwright_browser):
    context = _playwright_browser.new_context(viewport={"width": 1366, "height": 900}, locale="sv-FI",
                                              java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    assert nav.locator("summary").count() == 1
    assert not nav.locator("summary").is_visible()
    links = nav.get_by_role("link")
    assert links.count() == 6
    assert all(links.nth(i).is_visible() for i in range(6))
    # the links sit in one row below the brand, as before the menu became collapsible
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(6)}
    assert len(tops) == 1
    context.close()
