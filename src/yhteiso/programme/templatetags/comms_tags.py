"""Template helpers of communication: the project page's news and campaign sections."""

from __future__ import annotations

import datetime as dt

from django import template

from yhteiso.programme import selectors_comms
from yhteiso.programme.models import Project

register = template.Library()


@register.inclusion_tag("programme/comms/_project_news.html", takes_context=True)
def project_news(context, project: Project):
    """The project's news: published items for everyone; the project's owners, the communications planner and
    staff also see items dated in the future (marked as not yet public) and may write, edit and remove them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    may_write = selectors_comms.may_write_comms(user, project) if user is not None else False
    today = dt.date.today()
    items = project.news.select_related("author").order_by("-published_on", "-id")
    if not may_write:
        items = items.filter(published_on__lte=today)
    return {"project": project, "items": items, "may_write": may_write, "today": today,
            "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("programme/comms/_project_campaigns.html", takes_context=True)
def project_campaigns(context, project: Project):
    """The project's campaigns and communication actions: those that have started for everyone; the project's
    owners, the communications planner and staff also see the planned ones and may record, edit and remove them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    may_write = selectors_comms.may_write_comms(user, project) if user is not None else False
    campaigns = selectors_comms.campaigns(user=user, project=project, public=not may_write)
    return {"project": project, "campaigns": campaigns,
            "may_write": may_write, "csrf_token": context.get("csrf_token")}
