"""Staff add their own single-choice or numeric-scale question through the composer; it is translated on the
survey page, answered on the respondent page and through the API, and its results are suppressed like any other."""

import uuid

import pytest

from yhteiso.core.models import AuditEvent
from yhteiso.surveys import services
from yhteiso.surveys.models import Survey, SurveyItem, SurveyStatus
from yhteiso.surveys.results import survey_results

CREATE = "/kyselyt/hallinta/uusi/"


def _base(**extra):
    return {"title_fi": "Puistokysely", "languages": ["fi", "sv"], "min_n": 10, **extra}


def _create(client, **extra):
    resp = client.post(CREATE, _base(**extra))
    assert resp.status_code == 302, resp.content.decode()
    return Survey.objects.get(pk=int(resp["Location"].rstrip("/").split("/")[-1]))


def _choice_survey(client, staff):
    client.force_login(staff)
    survey = _create(client, own_question_fi="Mitä puistoon tarvitaan?", own_question_type="choice",
                     own_options="Penkkejä\n\n  Valaistusta \nLeikkipaikka\n")
    client.post(f"/kyselyt/hallinta/{survey.pk}/kaannokset/", {
        "title_sv": "Parkenkät", "q_own_1_sv": "Vad behövs i parken?", "q_own_1_option1_sv": "Bänkar",
        "q_own_1_option2_sv": "Belysning", "q_own_1_option3_sv": "Lekplats"})
    client.post(f"/kyselyt/hallinta/{survey.pk}/julkaise/")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    return survey


def test_the_composer_offers_the_question_types_as_a_fieldset_with_a_legend(client, staff, instruments):
    client.force_login(staff)
    page = client.get(CREATE).content.decode()
    assert '<fieldset class="field" id="own-question-type">' in page and "<legend>" in page
    for value in ("text", "choice", "scale"):
        assert f'value="{value}"' in page
    assert 'for="id_own_options"' in page and 'for="id_own_scale_min"' in page and 'for="id_own_scale_max"' in page


def test_staff_add_a_single_choice_question_with_one_option_per_line_and_it_is_audited(client, staff, instruments):
    client.force_login(staff)
    survey = _create(client, own_question_fi="Mitä puistoon tarvitaan?", own_question_type="choice",
                     own_options="Penkkejä\r\n\r\n  Valaistusta \r\nLeikkipaikka")
    question = SurveyItem.objects.get(survey=survey).question
    assert question["type"] == "choice" and question["text"] == {"fi": "Mitä puistoon tarvitaan?"}
    assert question["options"] == [{"value": "1", "label": {"fi": "Penkkejä"}},
                                   {"value": "2", "label": {"fi": "Valaistusta"}},
                                   {"value": "3", "label": {"fi": "Leikkipaikka"}}]
    assert AuditEvent.objects.filter(action="survey.create", object_id=str(survey.pk)).exists()
    detail = client.get(f"/kyselyt/hallinta/{survey.pk}/").content.decode()
    assert 'name="q_own_1_option2_sv"' in detail and "Valaistusta" in detail
    assert "question own_1: sv" in detail or "own_1" in detail


def test_option_labels_must_be_translated_before_publishing(client, staff, instruments):
    client.force_login(staff)
    survey = _create(client, own_question_fi="Mitä puistoon?", own_question_type="choice", own_options="A\nB")
    client.post(f"/kyselyt/hallinta/{survey.pk}/kaannokset/", {"title_sv": "Park", "q_own_1_sv": "Vad i parken?"})
    client.post(f"/kyselyt/hallinta/{survey.pk}/julkaise/")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT
    client.post(f"/kyselyt/hallinta/{survey.pk}/kaannokset/", {"q_own_1_option1_sv": "A", "q_own_1_option2_sv": "B"})
    client.post(f"/kyselyt/hallinta/{survey.pk}/julkaise/")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    assert [o["label"] for o in survey.questions[0]["options"]] == [{"fi": "A", "sv": "A"}, {"fi": "B", "sv": "B"}]


def test_staff_add_a_numeric_scale_with_end_labels_and_the_api_shows_min_and_max(client, staff, instruments):
    client.force_login(staff)
    survey = _create(client, own_question_fi="Kuinka viihtyisä puisto on?", own_question_type="scale",
                     own_scale_min="1", own_scale_max="5", own_min_label="Ei lainkaan", own_max_label="Erittäin")
    question = SurveyItem.objects.get(survey=survey).question
    assert (question["min"], question["max"]) == (1, 5)
    assert question["min_label"] == {"fi": "Ei lainkaan"} and question["max_label"] == {"fi": "Erittäin"}
    client.post(f"/kyselyt/hallinta/{survey.pk}/kaannokset/", {
        "title_sv": "Park", "q_own_1_sv": "Hur trivsam?", "q_own_1_min_label_sv": "Inte alls",
        "q_own_1_max_label_sv": "Mycket"})
    client.post(f"/kyselyt/hallinta/{survey.pk}/julkaise/")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    api = client.get(f"/api/v1/surveys/{survey.pk}?language=sv").json()
    q = next(q for q in api["questions"] if q["key"] == "own_1")
    assert q["type"] == "scale" and (q["min"], q["max"]) == (1, 5) and q["text"] == "Hur trivsam?"
    page = client.get(f"/kyselyt/{survey.pk}/?kieli=sv").content.decode()
    assert "Inte alls" in page and 'name="q_own_1" value="5"' in page
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi",
                                                  "q_own_1": "6"})
    assert resp.status_code == 400 and survey.responses.count() == 0
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi",
                                                  "q_own_1": "4"})
    assert resp.status_code == 302 and survey.responses.get().answers == {"own_1": 4}
    assert survey_results(survey)["metrics"] == []  # nothing released while the survey is open
    services.survey_close(survey=survey, actor=staff)
    assert any(m["key"] == "own_own_1" for m in survey_results(survey)["metrics"])


@pytest.mark.parametrize(("extra", "field", "fi_words"), [
    ({"own_question_type": "choice", "own_question_fi": "Kysymys?", "own_options": "Vain yksi"},
     "own_options", "vähintään kaksi"),
    ({"own_question_type": "choice", "own_question_fi": "Kysymys?", "own_options": "Sama\nsama"},
     "own_options", "sama"),
    ({"own_question_type": "choice", "own_options": "A\nB"}, "own_question_fi", "suomeksi"),
    ({"own_question_type": "scale", "own_question_fi": "Kysymys?", "own_scale_min": "5", "own_scale_max": "1"},
     "own_scale_max", "suurempi"),
    ({"own_question_type": "scale", "own_question_fi": "Kysymys?", "own_scale_min": "0", "own_scale_max": "30"},
     "own_scale_max", "20"),
    ({"own_question_type": "scale", "own_question_fi": "Kysymys?"}, "own_scale_min", "kokonaislukuna"),
    ({"own_question_type": "text", "own_question_fi": "Kysymys?", "own_options": "A\nB"}, "own_options", "Vaihtoehdot"),
])
def test_bad_own_question_input_is_refused_with_a_finnish_message_naming_the_field_and_nothing_is_saved(
        client, staff, instruments, extra, field, fi_words):
    client.force_login(staff)
    resp = client.post(CREATE, _base(**extra))
    assert resp.status_code == 200
    errors = resp.context["form"].errors[field]
    label = str(resp.context["form"].fields[field].label)
    assert errors and errors[0].startswith(label) and fi_words in errors[0]
    assert 'class="error-summary"' in resp.content.decode()
    assert not Survey.objects.exists()


def test_the_error_message_is_in_the_users_language(client, staff, instruments):
    client.force_login(staff)
    client.cookies["yhteiso_language"] = "sv"
    resp = client.post(CREATE, _base(own_question_type="choice", own_question_fi="Fråga?", own_options="A"))
    errors = resp.context["form"].errors["own_options"]
    assert "minst två" in errors[0]
    client.cookies["yhteiso_language"] = "en"
    resp = client.post(CREATE, _base(own_question_type="choice", own_question_fi="Q?", own_options="A"))
    assert resp.context["form"].errors["own_options"][0].startswith("Options (Finnish, one per line): give at least")


def test_the_translations_page_is_refused_once_the_survey_is_published(client, staff, instruments):
    survey = _choice_survey(client, staff)
    resp = client.post(f"/kyselyt/hallinta/{survey.pk}/kaannokset/", {"q_own_1_option1_sv": "Ändrat"})
    assert resp.status_code == 404
    survey.refresh_from_db()
    assert survey.questions[0]["options"][0]["label"]["sv"] == "Bänkar"


def test_a_staff_choice_question_is_answered_and_its_share_shown_and_suppressed_end_to_end(client, staff,
                                                                                        instruments):
    survey = _choice_survey(client, staff)
    api = client.get(f"/api/v1/surveys/{survey.pk}?language=sv").json()
    q = next(q for q in api["questions"] if q["key"] == "own_1")
    assert q["type"] == "choice"
    assert q["options"] == [{"value": "1", "label": "Bänkar"}, {"value": "2", "label": "Belysning"},
                            {"value": "3", "label": "Lekplats"}]
    page = client.get(f"/kyselyt/{survey.pk}/").content.decode()
    assert "<legend" in page and "Valaistusta" in page and 'name="q_own_1" value="2"' in page
    client.logout()
    # Four answers through the respondent page: too few, so every count and share is hidden.
    for i, value in enumerate(["2", "2", "1", "3"]):
        resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi",
                                                      "q_own_1": value}, REMOTE_ADDR=f"192.0.2.{i + 1}")
        assert resp.status_code == 302
    assert client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi",
                                                  "q_own_1": "9"}).status_code == 400
    api = client.get(f"/api/v1/surveys/{survey.pk}/results").json()
    assert api["release"] is None and api["distributions"] == [] and api["n"] is None  # not released yet
    # Enough answers (API and service): counts and shares of those who answered are shown.
    resp = client.post(f"/api/v1/surveys/{survey.pk}/responses", content_type="application/json",
                       data={"submission_id": str(uuid.uuid4()), "language": "sv", "answers": {"own_1": "2"}})
    assert resp.status_code == 201
    for value in ["2"] * 13 + ["1"] * 6 + ["3"] * 1:
        services.response_submit(survey=survey, submission_id=uuid.uuid4(), language="fi",
                                 answers={"own_1": value})
    services.survey_close(survey=survey, actor=staff)
    rows = {r["value"]: r for r in next(d for d in survey_results(survey)["distributions"]
                                        if d["key"] == "own_1")["rows"]}
    # 2: 2+1+13 = 16, 1: 1+6 = 7, 3: 1+1 = 2 → the smallest hidden, and one more so it cannot be worked out.
    assert rows["2"]["count"] == 16 and rows["2"]["share"] == pytest.approx(100 * 16 / 25)
    assert rows["3"]["count"] is None and rows["3"]["share"] is None
    assert rows["1"]["count"] is None
    html = client.get(f"/kyselyt/{survey.pk}/tulokset/").content.decode()
    assert "Mitä puistoon tarvitaan?" in html and "64,0" in html
