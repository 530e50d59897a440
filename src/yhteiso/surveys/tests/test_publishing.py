import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from yhteiso.surveys import services
from yhteiso.surveys.models import SurveyStatus


def test_publishing_with_missing_translations_is_refused_with_the_list(db, staff, instruments):
    survey = services.survey_create(
        actor=staff, title={"fi": "Kysely", "sv": "Enkät"}, languages=["fi", "sv", "ru"],
        instruments=[instruments["safety"]],
        own_questions=[{"key": "park", "type": "text", "text": {"fi": "Mitä puistoon?", "sv": "Vad i parken?"}}])
    with override("en"):
        missing = services.missing_translations(survey)
    assert "title: ru" in missing
    assert any("park" in m and "ru" in m for m in missing)
    with override("en"), pytest.raises(ValidationError) as exc:
        services.survey_publish(survey=survey, actor=staff)
    assert "Missing translations" in str(exc.value) and "title: ru" in str(exc.value)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


def test_an_unsupported_language_code_is_refused_when_composing(db, staff, instruments):
    with pytest.raises(ValidationError):
        services.survey_create(actor=staff, title={"fi": "K"}, languages=["fi", "xx"], instruments=[])


def test_publishing_freezes_the_questions_with_their_instrument_versions(survey):
    keys = [q["key"] for q in survey.questions]
    assert keys[:10] == [f"thl_{i}" for i in range(1, 11)]
    assert {"safety_area", "safety_centre", "racism_met", "racism_target", "nps", "bg_area"} <= set(keys)
    area = next(q for q in survey.questions if q["key"] == "bg_area")
    assert [o["value"] for o in area["options"]][-2:] == ["outside", "prefer_not"]
    assert survey.questions[0]["instrument_version"] == 1
    assert survey.is_open()


def test_staff_can_compose_and_publish_through_the_pages(client, staff, instruments):
    client.force_login(staff)
    page = client.get("/kyselyt/hallinta/uusi/")
    assert page.status_code == 200
    resp = client.post("/kyselyt/hallinta/uusi/", {
        "title_fi": "Nuorten kysely", "title_sv": "Ungdomsenkät", "languages": ["fi", "sv"],
        "instruments": [instruments["recommend_espoo"].pk], "min_n": 10})
    assert resp.status_code == 302
    detail = client.get(resp["Location"])
    assert "Nuorten kysely" in detail.content.decode()
    pk = int(resp["Location"].rstrip("/").split("/")[-1])
    client.post(f"/kyselyt/hallinta/{pk}/julkaise/")
    from yhteiso.surveys.models import Survey
    assert Survey.objects.get(pk=pk).status == SurveyStatus.PUBLISHED
