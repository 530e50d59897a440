"""The surveys as subjects of "what we heard, what we did" pages and follow-up addresses (registered from
``SurveysConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse

from yhteiso.respondents.subjects import Subject, register
from yhteiso.surveys.models import Survey, SurveyStatus


def _subject(survey) -> Subject:
    return Subject(kind="survey", pk=survey.pk, title=dict(survey.title or {}), languages=list(survey.languages or []),
                   page_url=reverse("surveys:respond", args=[survey.pk]),
                   results_url=reverse("surveys:results", args=[survey.pk]),
                   ended=not survey.is_open(), is_test=bool(survey.is_demo))


def _get(pk: int) -> Subject | None:
    survey = Survey.objects.exclude(status=SurveyStatus.DRAFT).filter(pk=pk).first()
    return _subject(survey) if survey else None


def _all():
    return [_subject(s) for s in Survey.objects.exclude(status=SurveyStatus.DRAFT).order_by("-id")]


def register_subjects() -> None:
    register("survey", get=_get, all=_all)
