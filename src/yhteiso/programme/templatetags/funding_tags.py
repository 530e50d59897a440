"""Template helpers of money and partners: quantities of work, days to a deadline, who may open the funding
pipeline, and the project page's section on partners, external funding and in-kind work."""

from __future__ import annotations

import datetime as dt

from django import template

from yhteiso.core import formatting
from yhteiso.core.permissions import is_programme_staff
from yhteiso.programme import selectors_funding, selectors_progress
from yhteiso.programme.models import Project
from yhteiso.programme.models_funding import FundingStatus

register = template.Library()


@register.filter
def qty(value) -> str:
    """Hours or person-years with the fewest decimals that show them (decimal comma in Finnish and Swedish)."""
    return formatting.quantity(value)


@register.filter
def days_after(day: dt.date, today: dt.date) -> int:
    """Whole days from ``today`` to ``day``."""
    return (day - today).days


@register.filter
def may_read_funding(user) -> bool:
    return selectors_funding.may_read_pipeline(user)


@register.inclusion_tag("programme/funding/_project_section.html", takes_context=True)
def project_money_and_partners(context, project: Project):
    """Partners with their roles, external funding and the units' in-kind work of ``project``. The public sees
    the partners, the granted funding and the in-kind work; the steering group and staff see every application."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "project": project,
        "links": selectors_funding.project_partners(project),
        "funding": selectors_funding.project_funding(project, user),
        "granted": FundingStatus.GRANTED,
        "may_read_pipeline": selectors_funding.may_read_pipeline(user),
        "in_kind": selectors_funding.project_in_kind(project),
        "is_staff": is_programme_staff(user),
        "may_report": selectors_progress.may_report(user, project) if user is not None else False,
        "csrf_token": context.get("csrf_token"),
    }
