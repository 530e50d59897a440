"""Questions asked with each place (issue 15 item 5): staff add them in the builder (free text or one choice,
required or optional, translated); the resident form shows them with the place without JavaScript; answers are
stored on the place, escaped everywhere, counted with suppression; publishing is refused while a translation is
missing and a question with answers cannot be changed."""

from __future__ import annotations

import uuid

import pytest

from yhteiso.mapsurveys import services
from yhteiso.mapsurveys.models import MapAnswer, MapSurvey, MapSurveyStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

LEPPAVAARA = [24.813, 60.219]





def _form(**changes) -> dict:
    data = {"languages": ["fi", "sv"], "title_fi": "Paikkakysely", "title_sv": "Platsenkät", "builtin": ["safe"],
            "areas": ["1", "2"], "opens_on": "", "closes_on": "",
            "pq_1_key": "", "pq_1_text_fi": "Mikä tekisi paikasta paremman?", "pq_1_type": "text",
            "pq_2_key": "", "pq_2_text_fi": "Kuinka usein käyt täällä?", "pq_2_type": "choice",
            "pq_2_required": "1", "pq_2_options": "Päivittäin\nViikoittain\nHarvemmin"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _survey_with_questions(staff_client) -> MapSurvey:
    assert staff_client.post("/karttakyselyt/hallinta/uusi/", _form()).status_code == 302
    return MapSurvey.objects.get()


def test_staff_add_questions_and_publishing_waits_for_their_translations(staff_client):
    survey = _survey_with_questions(staff_client)
    assert [(q["key"], q["type"], q["required"]) for q in survey.pin_questions] == [
        ("q1", "text", False), ("q2", "choice", True)]
    assert [o["label"]["fi"] for o in survey.pin_questions[1]["options"]] == ["Päivittäin", "Viikoittain",
                                                                             "Harvemmin"]
    response = staff_client.post(f"/karttakyselyt/hallinta/{survey.pk}/julkaise/", follow=True)
    survey.refresh_from_db()
    assert survey.status == MapSurveyStatus.DRAFT
    page = response.content.decode()
    assert "Kuinka usein käyt täällä?: sv" in page and "Päivittäin" in page  # the missing texts are named
    page = staff_client.get(f"/karttakyselyt/hallinta/{survey.pk}/muokkaa/").content.decode()
    assert 'name="pq_2_text_sv"' in page and 'name="pq_2_option_1_sv"' in page
    translations = {"pq_1_key": "q1", "pq_1_text_sv": "Vad skulle göra platsen bättre?", "pq_2_key": "q2",
                    "pq_2_text_sv": "Hur ofta är du här?", "pq_2_option_1_sv": "Dagligen",
                    "pq_2_option_2_sv": "Varje vecka", "pq_2_option_3_sv": "Mer sällan", "pq_3_text_fi": ""}
    assert staff_client.post(f"/karttakyselyt/hallinta/{survey.pk}/muokkaa/", _form(**translations)).status_code \
        == 302
    staff_client.post(f"/karttakyselyt/hallinta/{survey.pk}/julkaise/")
    survey.refresh_from_db()
    assert survey.status == MapSurveyStatus.PUBLISHED
    assert survey.pin_questions[1]["options"][0]["label"] == {"fi": "Päivittäin", "sv": "Dagligen"}


def test_a_choice_question_without_options_is_refused_naming_it(staff_client):
    response = staff_client.post("/karttakyselyt/hallinta/uusi/", _form(pq_2_options="Vain yksi"))
    assert response.status_code == 400
    assert "Kuinka usein käyt täällä?" in response.content.decode()
    assert not MapSurvey.objects.exists()


def _published(staff) -> MapSurvey:
    questions = [{"key": "q1", "type": "text", "required": False, "text": {"fi": "Mikä tekisi paikasta paremman?"}},
                 {"key": "q2", "type": "choice", "required": True, "text": {"fi": "Kuinka usein käyt täällä?"},
                  "options": [{"value": "1", "label": {"fi": "Päivittäin"}},
                              {"value": "2", "label": {"fi": "Harvemmin"}},
                              {"value": "3", "label": {"fi": "En koskaan"}}]}]
    return services.mapsurvey_create_published(actor=staff, title={"fi": "Kysely"}, languages=["fi"],
                                               pin_questions=questions)


def test_the_resident_form_asks_them_with_the_place_and_refuses_a_missing_required_answer(client, staff):
    survey = _published(staff)
    page = client.get(f"/karttakyselyt/{survey.pk}/").content.decode()
    assert 'name="pq_q1"' in page and 'name="pq_q2" value="1"' in page and "Kuinka usein käyt täällä?" in page
    post = {"submission_id": str(uuid.uuid4()), "language": "fi", "category": "safe", "area": "1",
            "pq_q1": "<script>alert(1)</script> Valoja"}
    response = client.post(f"/karttakyselyt/{survey.pk}/", post)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#pq-q2">Kuinka usein käyt täällä?: Tähän kysymykseen pitää vastata.' in page  # names it
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Valoja" in page  # what was typed is kept, escaped
    assert not MapAnswer.objects.exists()
    response = client.post(f"/karttakyselyt/{survey.pk}/", {**post, "pq_q2": "1"})
    assert response.status_code == 302
    assert MapAnswer.objects.get().extra == {"q1": "<script>alert(1)</script> Valoja", "q2": "1"}


def test_the_api_takes_and_checks_the_answers(client, staff):
    survey = _published(staff)
    detail = client.get(f"/api/v1/mapsurveys/{survey.pk}").json()
    asked = next(q for q in detail["questions"] if q["key"] == "questions")
    assert [q["key"] for q in asked["questions"]] == ["q1", "q2"]

    def post(questions):
        return client.post(f"/api/v1/mapsurveys/{survey.pk}/answers", content_type="application/json", data={
            "submission_id": str(uuid.uuid4()), "language": "fi",
            "answers": {"category": "safe", "point": LEPPAVAARA, "questions": questions}})

    assert set(post({"q2": "9"}).json()["errors"]) == {"question_q2"}
    assert set(post({"q2": "1", "q9": "x"}).json()["errors"]) == {"question_q9"}
    assert set(post({"q1": "x" * 501, "q2": "1"}).json()["errors"]) == {"question_q1"}
    assert post({"q2": "2"}).status_code == 201


def test_a_question_with_answers_cannot_be_changed_but_can_be_translated(staff_client, staff):
    survey = _published(staff)
    services.answer_submit(survey=survey, submission_id=uuid.uuid4(), language="fi",
                           answers={"category": "safe", "area": "1", "questions": {"q2": "1"}})
    base = {"languages": ["fi", "sv"], "title_fi": "Kysely", "title_sv": "Enkät", "builtin": list(
        survey.category_values()), "areas": ["1", "2", "3", "4", "5", "6", "7"],
        "pq_1_key": "q1", "pq_1_text_fi": "Mikä tekisi paikasta paremman?", "pq_1_type": "text",
        "pq_1_text_sv": "Vad?", "pq_2_key": "q2", "pq_2_text_fi": "Kuinka usein käyt täällä?",
        "pq_2_type": "choice", "pq_2_required": "1", "pq_2_options": "Päivittäin\nHarvemmin\nEn koskaan",
        "pq_2_text_sv": "Hur ofta?", "pq_2_option_1_sv": "Dagligen", "pq_2_option_2_sv": "Mer sällan",
        "pq_2_option_3_sv": "Aldrig"}
    url = f"/karttakyselyt/hallinta/{survey.pk}/muokkaa/"
    changed = staff_client.post(url, {**base, "pq_2_options": "Päivittäin\nViikoittain\nHarvemmin\nEn koskaan"})
    assert changed.status_code == 400
    assert "Kuinka usein käyt täällä?" in changed.content.decode()
    removed = staff_client.post(url, {**base, "pq_2_remove": "1"})
    assert removed.status_code == 400
    survey.refresh_from_db()
    assert len(survey.pin_questions[1]["options"]) == 3 and survey.languages == ["fi"]
    assert staff_client.post(url, base).status_code == 302  # adding Swedish texts is fine
    survey.refresh_from_db()
    assert survey.pin_questions[1]["text"]["sv"] == "Hur ofta?"
    assert staff_client.post(url, {**base, "pq_1_remove": "1"}).status_code == 302  # q1 has no answers
    survey.refresh_from_db()
    assert [q["key"] for q in survey.pin_questions] == ["q2"]


def test_results_count_choices_with_suppression_and_show_texts_to_staff_only(client, staff_client, staff):
    survey = _published(staff)
    for i in range(12):
        services.answer_submit(survey=survey, submission_id=uuid.uuid4(), language="fi", answers={
            "category": "safe", "area": "1",
            "questions": {"q2": "1" if i < 7 else "2" if i < 10 else "3", **({"q1": "<b>Lisää valoa</b>"} if i == 0 else {})}})
    services.mapsurvey_close(survey=survey, actor=staff)
    data = client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()
    choice = data["pin_questions"][1]
    assert [o["count"] for o in choice["options"]] == [7, None, None]  # 3 and 2 hidden (with n = 12 shown)
    assert choice["not_answered"] == 0
    public = client.get(f"/karttakyselyt/{survey.pk}/tulokset/").content.decode()
    assert "Lisää valoa" not in public
    staff_page = staff_client.get(f"/karttakyselyt/{survey.pk}/tulokset/").content.decode()
    assert "&lt;b&gt;Lisää valoa&lt;/b&gt;" in staff_page and "<b>Lisää valoa" not in staff_page


def test_the_staff_csv_export_has_the_suppressed_counts_and_the_texts(client, staff_client, staff):
    survey = _published(staff)
    for i in range(12):
        services.answer_submit(survey=survey, submission_id=uuid.uuid4(), language="fi", answers={
            "category": "safe", "area": "1",
            "questions": {"q2": "1" if i < 7 else "2" if i < 10 else "3", **({"q1": "=HYPERLINK(1)"} if i == 0 else {})}})
    services.mapsurvey_close(survey=survey, actor=staff)
    url = f"/karttakyselyt/hallinta/{survey.pk}/tulokset.csv"
    assert client.get(url).status_code == 302  # staff only (to the sign-in page)
    text = staff_client.get(url).content.decode("utf-8-sig")
    assert "Päivittäin,7\r\n" in text and "Harvemmin,piilotettu\r\n" in text and "En koskaan,piilotettu" in text
    assert "'=HYPERLINK(1)" in text


def test_a_small_choice_count_cannot_be_worked_out_from_the_shown_number_of_places(client, staff):
    survey = _published(staff)
    for i in range(12):  # 10 daily, 2 rarely: "rarely" is hidden, and n = 12 is shown above the table
        services.answer_submit(survey=survey, submission_id=uuid.uuid4(), language="fi", answers={
            "category": "safe", "area": "1", "questions": {"q2": "1" if i < 10 else "3"}})
    services.mapsurvey_close(survey=survey, actor=staff)
    data = client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()
    assert data["n"] == 12
    choice = data["pin_questions"][1]
    figures = [o["count"] for o in choice["options"]] + [choice["not_answered"]]
    hidden = [f for f in figures if f is None]
    assert hidden and len(hidden) != 1  # 12 − the shown ones would give a single hidden count back
    assert choice["options"][2]["count"] is None
