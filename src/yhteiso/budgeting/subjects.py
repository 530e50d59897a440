"""The participatory-budgeting rounds as subjects of "what we heard, what we did" pages and of the follow-up
addresses left after a ballot (registered from ``BudgetingConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse

from yhteiso.budgeting.models import Round
from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.respondents.subjects import Subject, register


def _subject(rnd) -> Subject:
    return Subject(kind="round", pk=rnd.pk, title={"fi": rnd.name_fi, "sv": rnd.name_sv, "en": rnd.name_en},
                   languages=list(RESPONDENT_LANGUAGES), page_url=reverse("budgeting:round", args=[rnd.slug]),
                   results_url=reverse("budgeting:results", args=[rnd.slug]) if rnd.results_published_at else "",
                   ended=rnd.results_published_at is not None, is_test=bool(rnd.is_test or rnd.is_demo))


def _get(pk: int) -> Subject | None:
    rnd = Round.objects.filter(pk=pk, is_imported=False).first()
    return _subject(rnd) if rnd else None


def _all():
    return [_subject(r) for r in Round.objects.filter(is_imported=False).order_by("-id")]


def register_subjects() -> None:
    register("round", get=_get, all=_all)
