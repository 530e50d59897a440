"""Reads of areas for pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from yhteiso.areas.models import Area


def areas_current(*, level: str | None = None) -> QuerySet[Area]:
    """Areas of the current division (optionally of one level), ordered by level and code."""
    qs = Area.objects.filter(division="").select_related("parent").order_by("level", "code")
    return qs.filter(level=level) if level else qs


def area_by_code(code: str) -> Area | None:
    """The area of the current division with ``code``, or None."""
    return Area.objects.filter(code=code, division="").select_related("parent").first()


def area_summary(area: Area) -> dict:
    """Code, name (in the active language), Finnish and Swedish names, level and parent code."""
    return {"code": area.code, "name": area.name, "name_fi": area.name_fi, "name_sv": area.name_sv,
            "level": area.level, "parent": area.parent.code if area.parent is not None else None}
