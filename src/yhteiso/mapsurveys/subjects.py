"""The map surveys as subjects of "what we heard, what we did" pages and follow-up addresses (registered from
``MapsurveysConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse

from yhteiso.mapsurveys.models import MapSurvey as Survey
from yhteiso.mapsurveys.models import MapSurveyStatus as SurveyStatus
from yhteiso.respondents.subjects import Subject, register


def _subject(survey) -> Subject:
    return Subject(kind="mapsurvey", pk=survey.pk, title=dict(survey.title or {}),
                   languages=list(survey.languages or []),
                   page_url=reverse("mapsurveys:respond", args=[survey.pk]),
                   results_url=reverse("mapsurveys:results", args=[survey.pk]),
                   ended=not survey.is_open(), is_test=bool(survey.is_demo))


def _get(pk: int) -> Subject | None:
    survey = Survey.objects.exclude(status=SurveyStatus.DRAFT).filter(pk=pk).first()
    return _subject(survey) if survey else None


def _all():
    return [_subject(s) for s in Survey.objects.exclude(status=SurveyStatus.DRAFT).order_by("-id")]


def register_subjects() -> None:
    register("mapsurvey", get=_get, all=_all)
