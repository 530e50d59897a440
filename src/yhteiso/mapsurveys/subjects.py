"""The map surveys as subjects of "what we heard, what we did" pages and follow-up addresses (registered from
``MapsurveysConfig.ready``)."""

from __future__ import annotations

from yhteiso.mapsurveys.models import MapSurvey, MapSurveyStatus
from yhteiso.respondents.subjects import register_survey_kind


def register_subjects() -> None:
    register_survey_kind("mapsurvey", model=MapSurvey, draft_status=MapSurveyStatus.DRAFT, namespace="mapsurveys")
