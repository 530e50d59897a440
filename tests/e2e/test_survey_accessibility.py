"""Resident surveys and map surveys in a real browser: every respondent page in every respondent language has no
WCAG 2.1 A/AA violations (axe), the map question works with the keyboard alone, and the forms work without
JavaScript."""

import io
import os
from pathlib import Path

import pytest

from yhteiso.core.languages import RESPONDENT_LANGUAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("YHTEISO_SCREENSHOTS", "")


@pytest.fixture
def demo_surveys():
    from yhteiso.mapsurveys import demo as map_demo
    from yhteiso.mapsurveys.models import MapSurvey
    from yhteiso.surveys import demo
    from yhteiso.surveys.models import Survey

    demo.load(io.StringIO())
    map_demo.load(io.StringIO())
    return Survey.objects.get(is_demo=True), MapSurvey.objects.get(is_demo=True)


def _shot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", list(RESPONDENT_LANGUAGES))
def test_every_respondent_page_in_every_language_has_no_wcag_violations(live_server, browser_page, axe_violations,
                                                                         demo_surveys, lang):
    survey, map_survey = demo_surveys
    page = browser_page
    pages = [
        (f"/kyselyt/{survey.pk}/?kieli={lang}", "survey"),
        (f"/kyselyt/{survey.pk}/kiitos/?kieli={lang}", "thanks"),
        (f"/karttakyselyt/{map_survey.pk}/?kieli={lang}", "map"),
        (f"/karttakyselyt/{map_survey.pk}/kiitos/?kieli={lang}", "map-thanks"),
    ]
    for path, name in pages:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert axe_violations(page) == [], (lang, path)
        _shot(page, f"{name}-{lang}")
    # The page with errors is a respondent page too.
    page.goto(live_server.url + f"/karttakyselyt/{map_survey.pk}/?kieli={lang}")
    page.click("form.survey-form button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == [], (lang, "map errors")
    _shot(page, f"map-errors-{lang}")


def test_the_map_question_can_be_answered_with_the_keyboard_alone(live_server, browser_page, demo_surveys):
    from yhteiso.mapsurveys.models import MapAnswer

    _survey, map_survey = demo_surveys
    before = MapAnswer.objects.count()
    before_ids = set(MapAnswer.objects.values_list("id", flat=True))
    page = browser_page
    page.goto(live_server.url + f"/karttakyselyt/{map_survey.pk}/?kieli=en")
    # Tab to the first category radio, choose it with Space, then Tab to the map.
    page.keyboard.press("Tab")  # skip link
    for _i in range(40):
        if page.evaluate("document.activeElement && document.activeElement.name") == "category":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # radio group: moves to and selects "safe"
    for _i in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "map":
            break
    assert page.evaluate("document.activeElement.id") == "map"
    for key in ["ArrowUp"] * 4 + ["ArrowRight"] * 2:
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    status = page.locator("#map-status").inner_text()
    assert status.startswith("Place marked on the map:") and "–" not in status
    page.keyboard.press("Tab")  # remove-mark button
    page.keyboard.press("Tab")  # district list
    page.keyboard.press("Tab")  # address
    page.keyboard.press("Tab")  # comment
    page.keyboard.type("Good lighting here")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # submit
    page.wait_for_url("**/kiitos/**")
    answer = MapAnswer.objects.exclude(id__in=before_ids).get()  # ids are random: not the highest id
    assert MapAnswer.objects.count() == before + 1
    assert answer.category == "safe" and answer.lon is not None and answer.area_code
    assert answer.comment == "Good lighting here"


def test_the_survey_and_the_map_work_without_javascript(live_server, browser_page_nojs, demo_surveys):
    from yhteiso.mapsurveys.models import MapAnswer
    from yhteiso.surveys.models import Response

    survey, map_survey = demo_surveys
    page = browser_page_nojs
    responses = Response.objects.count()
    page.goto(live_server.url + f"/kyselyt/{survey.pk}/?kieli=fi-x-selko")
    page.check("#q_nps-10")  # value 9
    page.click("form.survey-form button[type=submit]")
    assert "/kiitos/" in page.url
    assert Response.objects.count() == responses + 1
    answers = MapAnswer.objects.count()
    page.goto(live_server.url + f"/karttakyselyt/{map_survey.pk}/?kieli=sv")
    assert page.locator("#map-keys").is_hidden()  # keyboard help only where the map works
    page.check("#category-4")
    page.select_option("#area", "3")
    page.fill("#address", "Mattby centrum")
    page.click("form.survey-form button[type=submit]")
    assert "/kiitos/" in page.url
    assert MapAnswer.objects.count() == answers + 1


def test_results_and_staff_pages_have_no_wcag_violations(live_server, browser_page, axe_violations, demo_surveys):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups

    survey, map_survey = demo_surveys
    ensure_role_groups()
    user = get_user_model().objects.create_user("a11y", password="a11y-pass-2026")
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    page = browser_page
    page.goto(live_server.url + "/kirjaudu/")
    page.fill("#id_username", "a11y")
    page.fill("#id_password", "a11y-pass-2026")
    page.click("main form button[type=submit]")
    for path in ["/kyselyt/", f"/kyselyt/{survey.pk}/tulokset/", "/kyselyt/hallinta/", "/kyselyt/hallinta/uusi/",
                 f"/kyselyt/hallinta/{survey.pk}/", "/karttakyselyt/", f"/karttakyselyt/{map_survey.pk}/tulokset/",
                 "/karttakyselyt/hallinta/", f"/karttakyselyt/hallinta/{map_survey.pk}/moderointi/",
                 "/karttakyselyt/hallinta/uusi/", f"/karttakyselyt/hallinta/{map_survey.pk}/muokkaa/",
                 f"/karttakyselyt/hallinta/{map_survey.pk}/esikatselu/?kieli=ar"]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page) == [], path
