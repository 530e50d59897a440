"""The survey builder and its preview in a real browser: no WCAG 2.1 A/AA violations (axe) in Finnish and Swedish,
no sideways scroll at 390 px, and a question added, moved and given a condition with JavaScript switched off."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("YHTEISO_SCREENSHOTS", "")


def _shot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def built_survey():
    from django.contrib.auth.models import Group

    from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups
    from yhteiso.surveys import services

    ensure_role_groups()
    staff = get_user_model().objects.create_user("builder", password="pw-123456-x")
    staff.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    bank = {i.key: i for i in services.instrument_sync()}
    survey = services.survey_create(actor=staff, title={"fi": "Puistokysely", "sv": "Parkenkät", "ar": "استبيان الحديقة"},
                                    languages=["fi", "sv", "ar"])
    add = services.survey_item_add
    add(survey=survey, actor=staff, section={"name": {"fi": "Puiston käyttö", "sv": "Användning av parken",
                                                      "ar": "استخدام الحديقة"},
                                             "instructions": {"fi": "Kerro lähipuistostasi.",
                                                              "sv": "Berätta om din närpark.",
                                                              "ar": "أخبرنا عن الحديقة القريبة منك."}})
    add(survey=survey, actor=staff, question={
        "key": "uses_park", "type": "choice", "required": True,
        "text": {"fi": "Käytätkö lähipuistoa?", "sv": "Använder du närparken?", "ar": "هل تستخدم الحديقة القريبة؟"},
        "options": [{"value": "1", "label": {"fi": "Kyllä", "sv": "Ja", "ar": "نعم"}},
                    {"value": "2", "label": {"fi": "En", "sv": "Nej", "ar": "لا"}}]})
    add(survey=survey, actor=staff, question={
        "key": "park_what", "type": "text", "required": True, "show_if": {"question": "uses_park", "values": ["1"]},
        "text": {"fi": "Mitä teet puistossa?", "sv": "Vad gör du i parken?", "ar": "ماذا تفعل في الحديقة؟"}})
    add(survey=survey, actor=staff, question={
        "key": "cosy", "type": "scale", "min": 1, "max": 5,
        "text": {"fi": "Kuinka viihtyisä puisto on?", "sv": "Hur trivsam är parken?", "ar": "ما مدى راحة الحديقة؟"},
        "min_label": {"fi": "Ei lainkaan", "sv": "Inte alls", "ar": "إطلاقًا"},
        "max_label": {"fi": "Erittäin", "sv": "Mycket", "ar": "جدًا"}})
    add(survey=survey, actor=staff, instrument=bank["racism"])
    client = Client()
    client.force_login(staff)
    return survey, client.cookies["sessionid"].value


def _sign_in(page, live_server, session, lang):
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url},
                              {"name": "yhteiso_language", "value": lang, "url": live_server.url}])


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_builder_and_the_preview_are_accessible_and_fit_a_phone(live_server, browser_page, axe_violations,
                                                                    built_survey, lang):
    survey, session = built_survey
    page = browser_page
    _sign_in(page, live_server, session, lang)
    for path, name in [(f"/kyselyt/hallinta/{survey.pk}/kysymykset/", "builder"),
                       (f"/kyselyt/hallinta/{survey.pk}/esikatselu/?kieli={lang}", "preview")]:
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live_server.url + path)
            if name == "preview":
                assert page.locator("html").get_attribute("lang") == lang
            else:
                assert page.locator("h1").inner_text() == {"fi": "Kyselyn kysymykset", "sv": "Enkätens frågor"}[lang]
            assert axe_violations(page) == [], (lang, path, width)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (path, width)
            _shot(page, f"{name}-{lang}-{width}")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(live_server.url + f"/kyselyt/hallinta/{survey.pk}/kysymykset/")
    page.click("#add-question ~ form button[type=submit]")
    # a pointer at the top of the page, the list of errors above the form
    assert page.locator(".error-summary").count() == 2
    assert page.locator(".error-summary a[href='#add-question']").count() == 1
    assert page.locator("#add-question ~ form .error-summary a[href='#id_text']").count() == 1
    assert axe_violations(page) == [], (lang, "builder errors")
    _shot(page, f"builder-errors-{lang}-390")


def test_staff_add_move_and_condition_a_question_without_javascript(live_server, browser_page_nojs, built_survey):
    from yhteiso.surveys.models import SurveyItem

    survey, session = built_survey
    page = browser_page_nojs
    _sign_in(page, live_server, session, "fi")
    page.goto(live_server.url + f"/kyselyt/hallinta/{survey.pk}/kysymykset/")
    page.fill("#id_text", "Mitä puistoon pitäisi lisätä?")
    page.check("input[name=type][value=text]")
    page.select_option("#id_show_if", "uses_park=1")
    page.click("#add-question ~ form button[type=submit]")
    assert "Kysymys lisättiin." in page.content()
    items = list(SurveyItem.objects.filter(survey=survey).order_by("position"))
    added = items[-1]
    assert added.question["show_if"] == {"question": "uses_park", "values": ["1"]}
    page.click(f"#item-{added.pk} form:has(input[value=up]) button")
    keys = [i.question["key"] if i.question else i.instrument.key
            for i in SurveyItem.objects.filter(survey=survey).order_by("position")]
    assert keys == ["section_1", "uses_park", "park_what", "cosy", "own_1", "racism"]


@pytest.mark.parametrize("lang", ["fi", "sv", "ar"])
def test_the_published_builder_survey_is_accessible_to_respondents(live_server, browser_page, axe_violations,
                                                                  built_survey, lang):
    from yhteiso.surveys import services

    survey, _session = built_survey
    services.survey_publish(survey=survey, actor=None)
    page = browser_page
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + f"/kyselyt/{survey.pk}/?kieli={lang}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.locator(".condition").count() == 1
        assert axe_violations(page) == [], (lang, width)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), width
        _shot(page, f"respond-{lang}-{width}")
    # "yes" to the park question without saying what one does there: the follow-up is required
    page.check("input[name=q_uses_park][value='1']")
    page.click("form.survey-form button[type=submit]")
    assert page.locator("#q_park_what-error").count() == 1
    assert axe_violations(page) == [], (lang, "errors")
