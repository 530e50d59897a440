"""The survey's multiple-choice, number and place questions in a real browser: no WCAG 2.1 A/AA violations (axe) in
Finnish, Swedish and Arabic at 1366 and 390 px and no sideways scroll; a click on the place question's map fills
its point (the interactive map of the map surveys, told the question's own fields) and the answer is stored in
Espoo's district; with JavaScript off the district list answers the question."""

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("YHTEISO_SCREENSHOTS", "")


def _shot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def typed_survey(settings):
    from yhteiso.surveys import services

    settings.YHTEISO_TILE_URL = ""
    survey = services.survey_create(actor=None, title={"fi": "Liikkuminen", "sv": "Resor", "ar": "التنقل"},
                                    languages=["fi", "sv", "ar"])
    add = services.survey_item_add
    add(survey=survey, actor=None, question={
        "key": "modes", "type": "multi", "max_choices": 2,
        "text": {"fi": "Miten liikut?", "sv": "Hur rör du dig?", "ar": "كيف تتنقل؟"},
        "options": [{"value": "1", "label": {"fi": "Kävellen", "sv": "Till fots", "ar": "مشيًا"}},
                    {"value": "2", "label": {"fi": "Pyörällä", "sv": "Med cykel", "ar": "بالدراجة"}},
                    {"value": "3", "label": {"fi": "Bussilla", "sv": "Med buss", "ar": "بالحافلة"}}]})
    add(survey=survey, actor=None, question={
        "key": "trips", "type": "number", "min": 0, "max": 100, "integer": True,
        "text": {"fi": "Montako matkaa viikossa?", "sv": "Hur många resor i veckan?", "ar": "كم رحلة في الأسبوع؟"}})
    add(survey=survey, actor=None, question={
        "key": "spot", "type": "place",
        "text": {"fi": "Missä liikkuminen on hankalinta?", "sv": "Var är det svårast att ta sig fram?",
                 "ar": "أين يكون التنقل أصعب؟"}})
    return services.survey_publish(survey=survey, actor=None)


@pytest.mark.parametrize("lang", ["fi", "sv", "ar"])
def test_the_new_question_types_are_accessible_and_fit_a_phone(live_server, browser_page, axe_violations,
                                                                typed_survey, lang):
    page = browser_page
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + f"/kyselyt/{typed_survey.pk}/?kieli={lang}")
        page.wait_for_selector(".ymap .ymap-label")
        assert axe_violations(page) == [], (lang, width)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), width
        _shot(page, f"typed-{lang}-{width}")
    for box in page.locator("input[name=q_modes]").all():
        box.check()
    page.fill("#q_trips", "7,5")
    page.click("form.survey-form button[type=submit]")
    assert page.locator("#q_modes-error").count() == 1 and page.locator("#q_trips-error").count() == 1
    assert axe_violations(page) == [], (lang, "errors")


def test_a_click_on_the_place_map_answers_the_place_question(live_server, browser_page, typed_survey):
    from yhteiso.respondents import citymap
    from yhteiso.surveys.models import Response

    page = browser_page
    page.goto(live_server.url + f"/kyselyt/{typed_survey.pk}/?kieli=fi")
    page.wait_for_selector(".ymap .ymap-label")
    assert page.locator("#q_spot-map-svg").is_hidden()
    box = page.locator(".ymap").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.35)
    lon, lat = float(page.input_value("#q_spot_lon")), float(page.input_value("#q_spot_lat"))
    assert citymap.within_espoo(lon, lat)
    assert page.locator("#q_spot-status").inner_text().startswith("Paikka merkitty kartalle")
    page.click("form.survey-form button[type=submit]")
    assert "/kiitos/" in page.url
    stored = Response.objects.get(survey=typed_survey).answers["spot"]
    assert stored["area"] == citymap.area_of(lon, lat) and abs(stored["lon"] - lon) < 1e-6


def test_without_javascript_the_district_list_answers_the_place_question(live_server, browser_page_nojs,
                                                                         typed_survey):
    from yhteiso.surveys.models import Response

    page = browser_page_nojs
    page.goto(live_server.url + f"/kyselyt/{typed_survey.pk}/?kieli=sv")
    assert page.locator("#q_spot-keys").is_hidden()  # the map's keyboard help is for the interactive map only
    page.select_option("#q_spot_area", label="Stor-Alberga")
    page.click("form.survey-form button[type=submit]")
    assert "/kiitos/" in page.url
    assert "area" in Response.objects.get(survey=typed_survey).answers["spot"]
