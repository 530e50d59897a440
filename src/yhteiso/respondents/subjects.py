"""The things residents take part in, as this layer sees them: each resident-facing app registers how to find its
surveys, map surveys or rounds (``register`` from its ``AppConfig.ready``), so the "what we heard, what we did"
pages and the follow-up addresses work for all of them without this layer importing any app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse

from yhteiso.respondents.texts import text_in


@dataclass(frozen=True)
class Subject:
    """One survey, map survey or round. ``title`` in each respondent language; ``results_url`` the public
    (suppressed) results page when results are published, else empty."""

    kind: str
    pk: int
    title: dict[str, str]
    languages: list[str]
    page_url: str
    results_url: str = ""
    ended: bool = False
    is_test: bool = False
    extra: dict = field(default_factory=dict)

    def title_in(self, language: str) -> str:
        return text_in(self.title, language) or f"#{self.pk}"


@dataclass(frozen=True)
class Source:
    get: Callable[[int], Subject | None]
    all: Callable[[], Iterable[Subject]]


_SOURCES: dict[str, Source] = {}


def register(kind: str, *, get: Callable[[int], Subject | None], all: Callable[[], Iterable[Subject]]) -> None:
    _SOURCES[kind] = Source(get=get, all=all)


def register_survey_kind(kind: str, *, model, draft_status: str, namespace: str) -> None:
    """Register a kind of survey (surveys, map surveys) as subjects: every survey past its draft, with its answer
    page ``<namespace>:respond`` and its published results ``<namespace>:results``."""

    def as_subject(survey) -> Subject:
        return Subject(kind=kind, pk=survey.pk, title=dict(survey.title or {}),
                       languages=list(survey.languages or []),
                       page_url=reverse(f"{namespace}:respond", args=[survey.pk]),
                       results_url=reverse(f"{namespace}:results", args=[survey.pk]),
                       ended=not survey.is_open(), is_test=bool(survey.is_demo))

    def get(pk: int) -> Subject | None:
        survey = model.objects.exclude(status=draft_status).filter(pk=pk).first()
        return as_subject(survey) if survey else None

    def all_surveys() -> list[Subject]:
        return [as_subject(s) for s in model.objects.exclude(status=draft_status).order_by("-id")]

    register(kind, get=get, all=all_surveys)


def subject(kind: str, pk: int) -> Subject | None:
    source = _SOURCES.get(kind)
    return source.get(pk) if source else None


def subjects() -> list[Subject]:
    """Every registered subject, kind by kind."""
    return [s for kind in sorted(_SOURCES) for s in _SOURCES[kind].all()]
