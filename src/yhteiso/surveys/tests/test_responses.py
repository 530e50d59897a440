import json
import uuid

import pytest
from django.test import Client, override_settings

from yhteiso.surveys import services
from yhteiso.surveys.models import Response


def _post(client, survey_id, body, **extra):
    return client.post(f"/api/v1/surveys/{survey_id}/responses", data=json.dumps(body),
                       content_type="application/json", **extra)


def _body(**answers):
    return {"submission_id": str(uuid.uuid4()), "language": "fi", "answers": answers or {"nps": 9}}


def test_the_api_lists_the_survey_and_its_questions_with_scales_and_options(client, survey):
    listing = client.get("/api/v1/surveys").json()
    assert [s["id"] for s in listing] == [survey.pk]
    detail = client.get(f"/api/v1/surveys/{survey.pk}").json()
    by_key = {q["key"]: q for q in detail["questions"]}
    assert by_key["nps"]["type"] == "scale" and (by_key["nps"]["min"], by_key["nps"]["max"]) == (0, 10)
    assert by_key["thl_1"]["options"][0] == {"value": 1, "label": "Täysin eri mieltä"}
    assert by_key["safety_area"]["required"] is False
    assert {"value": "prefer_not", "label": "En halua sanoa"} in by_key["bg_age"]["options"]


def test_a_response_is_stored_once_and_the_same_submission_again_answers_200(client, survey):
    body = _body(nps=10, thl_1=5, safety_area="fairly_safe", bg_area="1")
    first = _post(client, survey.pk, body)
    assert first.status_code == 201, first.content
    again = _post(client, survey.pk, body)
    assert again.status_code == 200
    assert again.json()["stored"] is False
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_stored_response_has_no_ip_address_user_agent_or_time_of_day(client, survey):
    body = _body(nps=7)
    _post(client, survey.pk, body, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="SecretBrowser/9.9")
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "survey", "submission_id", "language", "answers", "release"}
    row = Response.objects.values().get()
    dumped = json.dumps(row, default=str)
    assert "203.0.113.77" not in dumped and "SecretBrowser" not in dumped
    assert row["answers"] == {"nps": 7}
    assert row["release"] is None


@pytest.mark.parametrize(("answers", "bad_key"), [
    ({"nps": 11}, "nps"),
    ({"nps": "ten"}, "nps"),
    ({"thl_3": 6}, "thl_3"),
    ({"bg_area": "Atlantis"}, "bg_area"),
    ({"no_such_question": 1}, "no_such_question"),
    ({"safety_area": True}, "safety_area"),
    ({}, "answers"),
])
def test_bad_answers_are_refused_with_the_offending_key_and_nothing_is_stored(client, survey, answers, bad_key):
    body = {"submission_id": str(uuid.uuid4()), "language": "en", "answers": answers}
    resp = _post(client, survey.pk, body)
    assert resp.status_code == 400
    assert bad_key in resp.json()["errors"]
    assert Response.objects.count() == 0


def test_an_unsupported_language_and_a_closed_survey_are_refused_and_nothing_is_stored(client, survey, staff):
    resp = _post(client, survey.pk, {**_body(), "language": "xx"})
    assert resp.status_code == 400 and "language" in resp.json()["errors"]
    services.survey_close(survey=survey, actor=staff)
    resp = _post(client, survey.pk, {**_body(), "language": "en"})
    assert resp.status_code == 400
    assert "not open" in resp.json()["detail"]
    assert Response.objects.count() == 0


def test_an_oversized_own_comment_is_refused_and_html_is_stored_as_plain_text(db, staff, instruments):
    survey = services.survey_create(
        actor=staff, title={"fi": "Kysely"}, languages=["fi"], instruments=[],
        own_questions=[{"key": "comment", "type": "text", "text": {"fi": "Kommentti"}}])
    survey = services.survey_publish(survey=survey, actor=staff)
    client = Client()
    resp = _post(client, survey.pk, {"submission_id": str(uuid.uuid4()), "language": "fi",
                                     "answers": {"comment": "x" * 2001}})
    assert resp.status_code == 400 and "comment" in resp.json()["errors"]
    script = "<script>alert(1)</script>"
    assert _post(client, survey.pk, {"submission_id": str(uuid.uuid4()), "language": "fi",
                                     "answers": {"comment": script}}).status_code == 201
    assert Response.objects.get().answers["comment"] == script


def test_the_anonymous_json_endpoint_needs_no_session_or_csrf_token(survey):
    client = Client(enforce_csrf_checks=True)
    assert _post(client, survey.pk, _body()).status_code == 201


def test_the_html_form_is_protected_by_csrf(survey):
    client = Client(enforce_csrf_checks=True)
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi", "q_nps": "8"})
    assert resp.status_code == 403
    assert Response.objects.count() == 0


def test_answering_through_the_html_form_in_arabic(client, survey):
    page = client.get(f"/kyselyt/{survey.pk}/?kieli=ar")
    html = page.content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "ترجمة غير رسمية" in html  # THL statements marked as unofficial translations
    assert "Tunnen, että päivittäiset tekemiseni ovat merkityksellisiä." in html  # original always visible
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "ar",
                                                  "q_nps": "9", "q_bg_age": "20_29", "q_thl_1": ""})
    assert resp.status_code == 302
    assert Response.objects.get().answers == {"nps": 9, "bg_age": "20_29"}
    assert "شكرًا" in client.get(resp["Location"]).content.decode()


def test_the_html_form_shows_errors_in_the_respondents_language_and_stores_nothing(client, survey):
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "sv",
                                                  "q_nps": "12"})
    assert resp.status_code == 400
    assert "Ange ett heltal mellan 0 och 10." in resp.content.decode()
    assert Response.objects.count() == 0


def test_html_in_a_free_text_answer_is_shown_escaped(client, db, staff):
    survey = services.survey_create(
        actor=staff, title={"fi": "Kysely"}, languages=["fi"], instruments=[],
        own_questions=[{"key": "comment", "type": "text", "text": {"fi": "Kommentti"}, "required": True}])
    survey = services.survey_publish(survey=survey, actor=staff)
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi",
                                                  "q_comment": "<b>x</b>" + "y" * 2001})
    html = resp.content.decode()
    assert resp.status_code == 400
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def test_invitation_codes_are_stored_hashed_and_allow_one_response_each(db, staff, instruments):
    survey = services.survey_create(actor=staff, title={"fi": "Otos"}, languages=["fi"],
                                    instruments=[instruments["recommend_espoo"]], invitation_only=True)
    survey = services.survey_publish(survey=survey, actor=staff)
    codes = services.invitations_create(survey=survey, count=2, actor=staff)
    stored = list(survey.invitations.values_list("code_hash", flat=True))
    assert all(code not in stored and code.replace("-", "") not in stored for code in codes)
    client = Client()
    body = {"submission_id": str(uuid.uuid4()), "language": "fi", "answers": {"nps": 8}}
    assert _post(client, survey.pk, body).status_code == 400  # no code
    assert _post(client, survey.pk, {**body, "invitation_code": codes[0]}).status_code == 201
    second = {**body, "submission_id": str(uuid.uuid4()), "invitation_code": codes[0]}
    assert _post(client, survey.pk, second).status_code == 400
    assert Response.objects.count() == 1


@override_settings(YHTEISO_SURVEY_RATE_LIMIT="3/600")
def test_submissions_are_rate_limited_per_client(client, survey):
    from django.core.cache import cache

    cache.clear()
    codes = [_post(client, survey.pk, _body(), REMOTE_ADDR="198.51.100.1").status_code for _i in range(4)]
    assert codes == [201, 201, 201, 429]
    assert _post(client, survey.pk, _body(), REMOTE_ADDR="198.51.100.2").status_code == 201
    cache.clear()
