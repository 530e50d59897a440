"""A published survey's questions, decoded once per server process.

Questions are frozen when a survey is published (:func:`yhteiso.surveys.services.survey_publish`; only a draft can
be published, and publishing stamps ``published_at``), so an answer does not need to decode the whole question list
from the database again: in the 3.12 profile of 200 respondents answering through the API, decoding it was an
eighth of the server's time. Each process keeps the list per (survey, creation, publication) — a survey published
again, or a new survey under a reused id, has another key — for at most ``MAX_SURVEYS`` surveys at a time.

The cached list is shared by every request of the process: callers only read it.

The survey row itself is read on every answer (its status and answering period may change at any moment) with one
plain statement of the few columns an answer needs (:mod:`yhteiso.core.rows`): in the next profile of the same
load, building that one ORM query was a third of the server's time."""

from __future__ import annotations

import threading

from django.http import Http404

from yhteiso.core import rows
from yhteiso.surveys.models import Survey, SurveyStatus

MAX_SURVEYS = 32
# what answering reads of the survey row (the checks of an answer and the API's reply); any other field loads when
# read (correct, only slower)
ANSWER_FIELDS = ("id", "status", "opens_at", "closes_at", "languages", "invitation_only", "auto_release",
                 "created_at", "published_at")
_frozen: dict[tuple, list] = {}
_lock = threading.Lock()


def answerable_survey(survey_id: int) -> Survey:
    """The published or closed survey ``survey_id`` (404 otherwise) with its frozen questions."""
    found = rows.instances(
        Survey, ANSWER_FIELDS,
        f"SELECT {rows.columns(Survey, ANSWER_FIELDS)} FROM {rows.table(Survey)} "  # noqa: S608 (names from _meta)
        f"WHERE {rows.column(Survey, 'id')} = %s AND {rows.column(Survey, 'status')} IN (%s, %s)",
        [survey_id, SurveyStatus.PUBLISHED.value, SurveyStatus.CLOSED.value])
    if not found:
        raise Http404
    survey = found[0]
    if survey.published_at is None:  # set published in code, not through survey_publish: read what is stored
        survey.refresh_from_db(fields=["questions"])
        return survey
    key = (survey.pk, survey.created_at, survey.published_at)
    questions = _frozen.get(key)
    if questions is None:
        questions = Survey.objects.filter(pk=survey.pk).values_list("questions", flat=True).get()
        with _lock:
            if len(_frozen) >= MAX_SURVEYS:
                _frozen.clear()
            _frozen[key] = questions
    survey.questions = questions
    return survey
