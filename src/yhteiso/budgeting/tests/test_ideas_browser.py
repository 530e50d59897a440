"""Issue 15's resident on a phone: at 390 px, without JavaScript, in Arabic, submits an idea and supports
another one; the pages have no sideways scroll."""

from __future__ import annotations

import pytest

from yhteiso.budgeting.models_ideas import Idea, IdeaSupport
from yhteiso.budgeting.tests.factories_ideas import code, districts, idea_round, published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_nojs(_playwright_browser):
    context = _playwright_browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False,
                                              locale="ar")
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


def test_a_resident_on_a_phone_submits_an_idea_in_arabic_and_supports_another(phone_nojs, live_server):
    rnd = idea_round(slug="puhelin")
    _first, second = districts()
    other = published(rnd, title="Penkkejä puistoon")
    plain = code(rnd)
    page = phone_nojs
    base = f"{live_server.url}/osallistuva-budjetointi/{rnd.slug}"
    page.goto(f"{base}/ideat/?kieli=ar")
    assert page.get_attribute("html", "lang") == "ar" and page.get_attribute("html", "dir") == "rtl"
    _no_sideways_scroll(page)
    page.click("text=قدِّم فكرة")
    page.wait_for_url("**/ideat/uusi/**")
    _no_sideways_scroll(page)
    page.click("form.idea-form button[type=submit]")  # empty: refused in Arabic, naming the fields
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "العنوان: أعطِ فكرتك عنوانًا." in summary.inner_text()
    assert not Idea.objects.filter(title="").exists() and Idea.objects.count() == 1
    page.fill("#title", "ملعب للأطفال")
    page.fill("#description", "ملعب جديد قرب المدرسة.")
    page.select_option("#area", str(second.pk))
    page.check("#category-0")
    page.check("#target_group-1")
    page.click("form.idea-form button[type=submit]")
    page.wait_for_url("**/ideat/kiitos/?kieli=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    idea = Idea.objects.get(title="ملعب للأطفال")
    assert (idea.language, idea.area_id, idea.state) == ("ar", second.pk, "pending")
    # supports another idea
    page.goto(f"{base}/ideat/{other.pk}/?kieli=ar")
    _no_sideways_scroll(page)
    page.fill("#code", plain)
    page.click("#supported button[type=submit]")
    page.wait_for_load_state()
    assert "شكرًا: احتُسب دعمك." in page.locator(".idea-done").inner_text()
    page.fill("#code", plain)
    page.click("#supported button[type=submit]")
    page.wait_for_load_state()
    assert "لقد دعمت هذه الفكرة من قبل" in page.locator(".idea-done").inner_text()
    assert page.locator("#support-count").inner_text() == "1"
    assert IdeaSupport.objects.filter(idea=other).count() == 1
    _no_sideways_scroll(page)


def test_the_idea_pages_have_no_wcag_violations(browser_page, axe_violations, live_server):
    rnd = idea_round(slug="axe-ideat")
    idea = published(rnd, title="Penkkejä puistoon")
    page = browser_page
    page.set_default_timeout(60_000)
    base = f"{live_server.url}/osallistuva-budjetointi/{rnd.slug}"
    for path in ("ideat/", "ideat/uusi/", f"ideat/{idea.pk}/", "ideat/uusi/?kieli=ar"):
        page.goto(f"{base}/{path}")
        assert axe_violations(page) == [], path
    page.goto(f"{base}/ideat/uusi/")
    page.click("form.idea-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert axe_violations(page) == []
