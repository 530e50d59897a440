"""The surveys as subjects of "what we heard, what we did" pages and follow-up addresses (registered from
``SurveysConfig.ready``)."""

from __future__ import annotations

from yhteiso.respondents.subjects import register_survey_kind
from yhteiso.surveys.models import Survey, SurveyStatus


def register_subjects() -> None:
    register_survey_kind("survey", model=Survey, draft_status=SurveyStatus.DRAFT, namespace="surveys")
