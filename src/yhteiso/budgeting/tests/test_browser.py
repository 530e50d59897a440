"""The ballot page in a real browser: zero axe WCAG 2.1 A/AA violations, live counters, works without JS."""

from __future__ import annotations

import pytest

from yhteiso.budgeting import services
from yhteiso.budgeting.models import Ballot, PendingBallot
from yhteiso.budgeting.tests.factories import areas, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, rnd):
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    page.goto(f"{live_server.url}/osallistuva-budjetointi/{rnd.slug}/aanesta/")
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    page.wait_for_url("**/aanesta/lippu/**")


def test_the_ballot_page_has_no_wcag_violations_and_counts_live(browser_page, axe_violations, live_server):
    rnd = make_round(slug="axe", ballot_type="knapsack", city_budget=100)
    pool = rnd.pools.get(area=areas()[0])
    page = browser_page
    _sign_in(page, live_server, rnd)
    page.goto(f"{live_server.url}/osallistuva-budjetointi/{rnd.slug}/aanesta/lippu/?area={pool.pk}")
    assert page.get_attribute("html", "lang") == "fi"
    assert axe_violations(page) == []
    status = page.locator(".pb-status").first
    page.check(f"#project-{rnd.proposals.get(code='c1').pk}")
    assert "40" in status.inner_text()  # 100 − 60 left
    page.check(f"#project-{rnd.proposals.get(code='c2').pk}")
    page.click("form.pb-ballot button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()  # 110 > 100, refused by the server
    assert axe_violations(page) == []
    assert not Ballot.objects.exists() and not PendingBallot.objects.exists()
    page.click("#back-to-ballot")  # the short refusal page leads back with the same choices
    page.wait_for_url("**/aanesta/lippu/**")
    assert page.is_checked(f"#project-{rnd.proposals.get(code='c1').pk}")
    assert page.is_checked(f"#project-{rnd.proposals.get(code='c2').pk}")
    assert axe_violations(page) == []


def test_a_refused_ballot_can_be_corrected_without_javascript(browser_page_nojs, live_server):
    rnd = make_round(slug="nojsfix", ballot_type="knapsack", city_budget=100)
    page = browser_page_nojs
    _sign_in(page, live_server, rnd)
    c1, c2 = (rnd.proposals.get(code=c).pk for c in ("c1", "c2"))
    page.check(f"#project-{c1}")
    page.check(f"#project-{c2}")
    page.click("form.pb-ballot button[type=submit]")  # 110 > 100
    page.wait_for_load_state()
    assert "ylittää" in page.locator(".error-summary").inner_text()
    page.click("#back-to-ballot")
    page.wait_for_url("**/aanesta/lippu/**")
    assert page.is_checked(f"#project-{c1}") and page.is_checked(f"#project-{c2}")
    page.uncheck(f"#project-{c2}")
    page.click("form.pb-ballot button[type=submit]")
    page.wait_for_url("**/aanesta/valmis/**")
    assert PendingBallot.objects.count() == 1


def test_voting_works_without_javascript(browser_page_nojs, live_server):
    rnd = make_round(slug="nojs")
    page = browser_page_nojs
    _sign_in(page, live_server, rnd)
    page.check(f"#project-{rnd.proposals.get(code='c1').pk}")
    page.click("form.pb-ballot button[type=submit]")
    page.wait_for_url("**/aanesta/valmis/")
    assert PendingBallot.objects.count() == 1  # sealed in the ballot box until a batch is mixed


def test_the_receipt_and_change_pages_have_no_wcag_violations(browser_page, axe_violations, live_server):
    rnd = make_round(slug="receipt")
    page = browser_page
    _sign_in(page, live_server, rnd)
    page.check(f"#project-{rnd.proposals.get(code='c1').pk}")
    page.click("form.pb-ballot button[type=submit]")
    page.wait_for_url("**/aanesta/valmis/")
    receipt = page.locator(".pb-receipt code").inner_text()
    assert len(receipt) == 14 and axe_violations(page) == []
    page.goto(f"{live_server.url}/osallistuva-budjetointi/{rnd.slug}/aanesta/muuta/")
    assert axe_violations(page) == []
    page.fill("#id_receipt", receipt)
    page.click("main button[type=submit]")
    page.wait_for_url("**/aanesta/lippu/**")
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= 390")


def test_the_live_counter_reads_a_budget_in_the_hundreds_of_thousands(browser_page, live_server):
    """In a budget-limited round of 400 000 €, choosing a 45 000 € project leaves 355 000 € (the counter once read
    the localised "400 000" as 400 and said "355 € over the budget")."""
    rnd = make_round(slug="big", ballot_type="knapsack", city_budget=400_000, costs=(45_000, 120_000, 30_000))
    page = browser_page
    _sign_in(page, live_server, rnd)
    status = page.locator(".pb-status").first
    assert status.inner_text() == "400\u00a0000\u00a0€ jäljellä"
    page.check(f"#project-{rnd.proposals.get(code='c1').pk}")
    assert status.inner_text() == "355\u00a0000\u00a0€ jäljellä"
    page.check(f"#project-{rnd.proposals.get(code='c2').pk}")
    assert status.inner_text() == "235\u00a0000\u00a0€ jäljellä"


@pytest.mark.parametrize("lang", ["fi", "ar"])
def test_the_round_idea_and_results_pages_are_accessible_and_fit_a_phone(browser_page, axe_violations, live_server,
                                                                         lang):
    from yhteiso.budgeting.tests.factories import cast

    rnd = make_round(slug=f"cards-{lang}", rule="greedy", max_projects=2)
    for who in ("v1", "v2", "v3"):
        cast(rnd, who, "c1")
    cast(rnd, "v4", "c2", "c3")
    services.round_set_phase(actor=None, round=rnd, phase="results")
    services.round_compute_results(actor=None, round=rnd)
    services.round_publish_results(actor=None, round=rnd)
    page = browser_page
    for path in ("", "ehdotukset/c1/", "tulokset/"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/osallistuva-budjetointi/{rnd.slug}/{path}?kieli={lang}")
        assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
        assert axe_violations(page) == [], path
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth <= 390"), path
        assert axe_violations(page) == [], path


def test_a_finnish_description_on_an_arabic_page_runs_left_to_right(browser_page, live_server):
    """The content tag marks the fallback lang="fi"; the site's style lays it out left to right inside the
    right-to-left page, so its sentence ends where Finnish readers expect (the full stop was drawn at its left)."""
    from yhteiso.budgeting.models import Round

    rnd = make_round()
    Round.objects.filter(pk=rnd.pk).update(description_fi="Esittelykierros: ideat ovat esimerkkejä.")
    page = browser_page
    page.goto(f"{live_server.url}/osallistuva-budjetointi/{rnd.slug}/?kieli=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    lead = page.locator('.lead[lang="fi"]')
    assert lead.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert page.locator("h2").first.evaluate("e => getComputedStyle(e).direction") == "rtl"
