"""A map survey that covers some districts, asks questions with each place and offers the age band, in a real
browser: no WCAG 2.1 A/AA violations (axe) on the respondent page, its error page and the results, at desktop and
phone widths; the interactive map is fitted to the covered district."""

import uuid

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pin_survey():
    from django.contrib.auth import get_user_model

    from yhteiso.mapsurveys import services
    from yhteiso.respondents.areas import home_area_options

    staff = get_user_model().objects.create_user("pinstaff", password="pw-123456-x")
    first = str(home_area_options()[0]["value"])
    questions = [
        {"key": "q1", "type": "text", "required": False, "text": {"fi": "Mikä tekisi paikasta paremman?",
                                                                  "ar": "ما الذي يجعل هذا المكان أفضل؟"}},
        {"key": "q2", "type": "choice", "required": True, "text": {"fi": "Kuinka usein käyt täällä?",
                                                                   "ar": "كم مرة تذهب إلى هنا؟"},
         "options": [{"value": "1", "label": {"fi": "Päivittäin", "ar": "يوميًا"}},
                     {"value": "2", "label": {"fi": "Harvemmin", "ar": "أقل"}}]}]
    survey = services.mapsurvey_create_published(actor=staff, title={"fi": "Paikat", "ar": "الأماكن"},
                                                 languages=["fi", "ar"], areas=[first], pin_questions=questions,
                                                 ask_age_band=True)
    for i in range(12):
        services.answer_submit(survey=survey, submission_id=uuid.uuid4(), language="fi", answers={
            "category": "safe", "area": first, "age_band": "30_64" if i < 6 else "unsaid",
            "questions": {"q2": "1"}})
    return survey


@pytest.mark.parametrize("width", [1366, 390])
def test_the_pin_questions_and_age_band_pages_have_no_wcag_violations(live_server, browser_page, axe_violations,
                                                                       pin_survey, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    for lang in ("fi", "ar"):
        page.goto(live_server.url + f"/karttakyselyt/{pin_survey.pk}/?kieli={lang}")
        assert page.locator("input[name=age_band]").count() == 5
        assert axe_violations(page) == [], (lang, width)
        page.click("form.survey-form button[type=submit]")
        assert page.locator(".error-summary a[href='#pq-q2']").count() == 1
        assert axe_violations(page) == [], (lang, width, "errors")
    from yhteiso.mapsurveys import services

    services.mapsurvey_close(survey=pin_survey, actor=None)
    page.goto(live_server.url + f"/karttakyselyt/{pin_survey.pk}/tulokset/")
    assert page.get_by_text("30–64").count() >= 1
    assert axe_violations(page) == [], ("results", width)
