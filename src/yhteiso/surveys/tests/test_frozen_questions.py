"""The API reads a published survey's questions once per process (yhteiso.surveys.frozen): answers are still checked
against the questions as published, a survey published again is read again, and the cache stays bounded."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yhteiso.surveys import frozen
from yhteiso.surveys.models import Response, Survey

pytestmark = pytest.mark.django_db


def _answer(client, survey, answers):
    body = {"submission_id": str(uuid.uuid4()), "language": "fi", "answers": answers}
    return client.post(f"/api/v1/surveys/{survey.pk}/responses", data=json.dumps(body),
                       content_type="application/json")


def _choice(survey):
    return next(q for q in survey.questions if q["type"] == "choice" and q.get("options"))


def test_the_second_answer_does_not_read_the_questions_again(client, survey):
    question = _choice(survey)
    answer = {question["key"]: question["options"][0]["value"]}
    assert _answer(client, survey, answer).status_code == 201
    with CaptureQueriesContext(connection) as queries:
        assert _answer(client, survey, answer).status_code == 201
    survey_reads = [q["sql"] for q in queries.captured_queries if 'FROM "surveys_survey"' in q["sql"]]
    assert len(survey_reads) == 1 and '"questions"' not in survey_reads[0]
    assert Response.objects.filter(survey=survey).count() == 2


def test_a_survey_published_again_is_answered_against_its_new_questions(client, survey):
    question = _choice(survey)
    assert _answer(client, survey, {question["key"]: question["options"][0]["value"]}).status_code == 201
    # As if published again with one question left: a new publication time, new frozen questions.
    Survey.objects.filter(pk=survey.pk).update(questions=[question],
                                               published_at=survey.published_at + timedelta(seconds=1))
    other = next(q for q in survey.questions if q["key"] != question["key"] and q.get("options"))
    refused = _answer(client, survey, {other["key"]: other["options"][0]["value"]})
    assert refused.status_code == 400 and other["key"] in refused.json()["errors"]
    assert _answer(client, survey, {question["key"]: question["options"][0]["value"]}).status_code == 201


def test_a_survey_set_published_without_a_publication_time_is_read_as_stored(client, survey):
    question = _choice(survey)
    Survey.objects.filter(pk=survey.pk).update(published_at=None, questions=[question])
    assert _answer(client, survey, {question["key"]: question["options"][0]["value"]}).status_code == 201
    Survey.objects.filter(pk=survey.pk).update(questions=[])
    assert _answer(client, survey, {question["key"]: question["options"][0]["value"]}).status_code == 400


def test_the_cache_keeps_at_most_max_surveys(survey, monkeypatch):
    monkeypatch.setattr(frozen, "MAX_SURVEYS", 2)
    frozen._frozen.clear()
    for shift in range(5):
        Survey.objects.filter(pk=survey.pk).update(published_at=survey.published_at + timedelta(seconds=shift))
        frozen.answerable_survey(survey.pk)
        assert len(frozen._frozen) <= 2
