"""The steering group's next meeting on the site's front page (governance is downstream of core: core only asks)."""

from __future__ import annotations

import datetime as dt

from yhteiso.governance.models import Meeting
from yhteiso.programme.models import Programme


def front_page_panel(request) -> dict | None:
    """The next meeting of the default programme's steering group: the front page is the default programme's
    (issue 14 item 9), and its card links to that group's page."""
    upcoming = (Meeting.objects.filter(date__gte=dt.date.today(), programme=Programme.objects.default())
                .order_by("date", "start_time"))
    # A real meeting first; the demo's example meeting only when there is none (and it says so).
    meeting = upcoming.filter(is_example=False).first() or upcoming.first()
    if meeting is None:
        return None
    days = (meeting.date - dt.date.today()).days
    return {"order": 20, "template": "governance/_front_next_meeting.html",
            "context": {"meeting": meeting, "days_left": days}}
