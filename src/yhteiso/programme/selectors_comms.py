"""Reads about communication: the communication plan, campaigns and communication actions (the programme's own
and the projects'), the count of those carried out that feeds indicator 3.4, and the summary the public page, the
API and the council report use. The public sees campaigns that have started (running or carried out); the
planned ones are for their writers."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum

from yhteiso.core.permissions import is_communications_planner
from yhteiso.programme.models import (
    CommsCampaign,
    CommsChannel,
    CommsPlan,
    CommsStatus,
    Indicator,
    Programme,
    Project,
    TargetKind,
)
from yhteiso.programme.selectors_intake import visible_to
from yhteiso.programme.selectors_programmes import resolve
from yhteiso.programme.selectors_progress import may_report

PUBLIC_STATUSES = (CommsStatus.RUNNING, CommsStatus.COMPLETED)


def may_write_comms(user, project: Project) -> bool:
    """Who may write a project's news items and campaigns: its responsible person and deputies (as for its
    progress reports), the communications planner and programme staff."""
    return is_communications_planner(user) or may_report(user, project)


def comms_plan(programme: Programme | None = None) -> CommsPlan:
    """``programme``'s communication plan (the default programme's for ``None``; one per programme; an empty,
    unsaved one until staff first write it)."""
    programme = resolve(programme)
    plan = CommsPlan.objects.filter(programme=programme).order_by("id").first()
    return plan if plan is not None else CommsPlan(programme=programme)


def campaign_count_timeline(cell) -> list[tuple[dt.date, int]]:
    """The cumulative number of campaigns and actions carried out (and evaluated), at each end date; a cell with an
    area counts the ones in that area only. Feeds the cells with a count-of-campaigns target."""
    done = CommsCampaign.objects.filter(status=CommsStatus.COMPLETED, end_date__isnull=False,
                                        programme_id=cell.indicator.programme_id)
    if cell.area_id:
        done = done.filter(area_id=cell.area_id)
    timeline: list[tuple[dt.date, int]] = []
    for n, day in enumerate(sorted(d for d in done.values_list("end_date", flat=True) if d is not None), start=1):
        if timeline and timeline[-1][0] == day:
            timeline[-1] = (day, n)
        else:
            timeline.append((day, n))
    return timeline


def campaigns(*, user, project: Project | None = None, programme_only: bool = False, public: bool = True,
              year: int | None = None, programme: Programme | None = None, any_programme: bool = False):
    """Campaigns and actions ``user`` may see (not those of a proposal still in the intake, unless the user may see
    it; ``user=None`` reads as the public), newest first: of ``project``, or the programme's own
    (``programme_only``), or all of ``programme`` (the default programme for ``None``: its own and those of the
    projects it leads). ``public`` leaves out the planned ones; ``year`` keeps those running at some point of that
    year."""
    qs = CommsCampaign.objects.filter(visible_to(user, "project__")).select_related("project", "area")
    if project is not None:
        qs = qs.filter(project=project)
    elif not any_programme:
        qs = qs.filter(programme=resolve(programme))
    if programme_only and project is None:
        qs = qs.filter(project__isnull=True)
    if public:
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    if year is not None:
        qs = qs.filter(start_date__lte=dt.date(year, 12, 31)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1)))
    return qs.order_by("-start_date", "-id")


def comms_summary(*, year: int | None = None, programme: Programme | None = None) -> dict:
    """What the public page, the API and the council report say about communication: the started campaigns and
    actions (of ``year`` if given) — how many, how many carried out, the people reached as reported (a person
    reached twice counts twice), how many have no reach figure, the uses of each channel (in words) and the mean
    rating of those carried out."""
    qs = campaigns(user=None, year=year, programme=programme)
    data = qs.aggregate(count=Count("id"), done=Count("id", filter=Q(status=CommsStatus.COMPLETED)),
                        reach=Sum("reach_people"), unmeasured=Count("id", filter=Q(reach_people__isnull=True)),
                        campaigns=Count("id", filter=Q(kind="campaign")))
    uses: dict[str, int] = {}
    ratings: list[int] = []
    for channels, status, rating in qs.values_list("channels", "status", "rating"):
        for code in channels or []:
            uses[code] = uses.get(code, 0) + 1
        if status == CommsStatus.COMPLETED and rating is not None:
            ratings.append(rating)
    return {
        "year": year, "count": data["count"], "campaigns": data["campaigns"], "actions": data["count"] -
        data["campaigns"], "completed": data["done"], "reach": data["reach"] or 0,
        "without_reach": data["unmeasured"],
        "channels": [{"channel": code, "label": str(label), "count": uses[code]}
                     for code, label in CommsChannel.choices if uses.get(code)],
        "mean_rating": round(sum(ratings) / len(ratings), 1) if ratings else None,
    }


def campaign_indicators(programme: Programme | None = None):
    """``programme``'s indicators that count campaigns (a cell with a count-of-campaigns target; 3.4 in the plan)."""
    return Indicator.objects.filter(cells__target_kind=TargetKind.CAMPAIGN_COUNT,
                                    programme=resolve(programme)).distinct().order_by(
        "goal__number", "order", "code")
