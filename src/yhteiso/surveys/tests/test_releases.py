import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from yhteiso.core.models import AuditEvent
from yhteiso.surveys import services
from yhteiso.surveys.models import Survey
from yhteiso.surveys.results import survey_results


def _answers(survey, count, **answers):
    for _i in range(count):
        services.response_submit(survey=survey, submission_id=uuid.uuid4(), language="fi",
                                 answers=answers or {"nps": 7})


def test_a_release_needs_enough_new_answers_and_freezes_the_results(survey, staff):
    _answers(survey, 9)
    with pytest.raises(ValidationError, match="10"):
        services.survey_release(survey=survey, actor=staff)
    _answers(survey, 1)
    release = services.survey_release(survey=survey, actor=staff)
    assert (release.number, release.new_responses, release.total_responses) == (1, 10, 10)
    assert AuditEvent.objects.filter(action="survey.release").count() == 1
    frozen = survey_results(survey)
    _answers(survey, 5, nps=0)
    assert survey_results(survey) == frozen  # later answers wait for the next release
    assert frozen["n"] == 10 and frozen["release"]["number"] == 1


def test_the_final_release_withholds_a_remainder_too_small_to_publish(client, survey, staff):
    _answers(survey, 12)
    services.survey_release(survey=survey, actor=staff)
    _answers(survey, 2, nps=0)  # two more: publishing them alone would reveal them
    services.survey_close(survey=survey, actor=staff)
    results = survey_results(survey)
    assert results["n"] == 12 and results["withheld"] == 2 and results["release"]["final"]
    with pytest.raises(ValidationError):
        services.survey_release(survey=survey, actor=staff)


def test_a_survey_with_automatic_releases_publishes_every_ten_new_answers(client, staff, instruments):
    client.force_login(staff)
    resp = client.post("/kyselyt/hallinta/uusi/", {"title_fi": "Automaattinen", "languages": ["fi"],
                                                   "instruments": [instruments["recommend_espoo"].pk], "min_n": 10,
                                                   "auto_release": "on", "own_question_type": "text"})
    assert resp.status_code == 302
    survey = Survey.objects.get(title__fi="Automaattinen")
    assert survey.auto_release
    survey = services.survey_publish(survey=survey, actor=staff)
    _answers(survey, 9)
    assert survey.releases.count() == 0
    _answers(survey, 1)
    assert survey.releases.get().automatic
    assert survey_results(survey)["n"] == 10


def _refusal(**kwargs) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        services.survey_release(actor=None, **kwargs)
    return refused.value.messages


def test_a_refused_release_is_worded_in_finnish_and_swedish_by_the_respondent_layer(db):
    survey = services.survey_create(actor=None, title={"fi": "Testikysely"}, languages=["fi"],
                                    own_questions=[{"key": "q", "type": "text", "text": {"fi": "Mitä?"}}])
    with translation.override("fi"):
        assert _refusal(survey=survey) == [
            "Välijulkaisuja voi tehdä vain avoimesta kyselystä; suljetulla kyselyllä on lopullinen julkaisunsa."]
    survey = services.survey_publish(survey=survey, actor=None)
    with translation.override("sv"):
        assert _refusal(survey=survey) == ["En ny publicering kräver minst 10 nya svar sedan den förra (nu 0)."]
    services.release_final(survey=survey)
    with translation.override("fi"):
        assert _refusal(survey=survey) == ["Lopulliset tulokset on jo julkaistu."]
