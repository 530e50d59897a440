"""The things residents take part in, as this layer sees them: each resident-facing app registers how to find its
surveys, map surveys or rounds (``register`` from its ``AppConfig.ready``), so the "what we heard, what we did"
pages and the follow-up addresses work for all of them without this layer importing any app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

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


def subject(kind: str, pk: int) -> Subject | None:
    source = _SOURCES.get(kind)
    return source.get(pk) if source else None


def subjects() -> list[Subject]:
    """Every registered subject, kind by kind."""
    return [s for kind in sorted(_SOURCES) for s in _SOURCES[kind].all()]
