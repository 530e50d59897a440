"""Read endpoints of communication (mounted under the programme router, so under /api/v1/): the communication plan,
the campaigns and communication actions that have started (the public sees what the public page shows; planned ones
are not listed) with their reach and evaluation, and the summary the council report uses."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router, Schema

from yhteiso.core.localisation import field_texts
from yhteiso.programme import selectors_comms
from yhteiso.programme.models import CommsCampaign
from yhteiso.programme.selectors_programmes import API_HELP, programme_or_404

router = Router(tags=["programme: communication"])


class CommsTextsOut(Schema):
    fi: str
    sv: str
    en: str


class CommsPlanOut(Schema):
    goals: CommsTextsOut
    key_messages: CommsTextsOut
    audiences: CommsTextsOut
    updated_at: dt.datetime | None


class CommsChannelOut(Schema):
    channel: str = Field(description="social_media | newsletter | event | press | web | printed | outdoor | direct")
    label: str


class CommsCampaignOut(Schema):
    id: int
    project_id: int | None = Field(description="null for the programme's own communication")
    kind: str = Field(description="campaign | action")
    kind_label: str
    title: CommsTextsOut
    status: str = Field(description="running | completed (carried out and evaluated)")
    status_label: str
    start_date: dt.date
    end_date: dt.date | None
    channels: list[CommsChannelOut]
    audiences: str
    area: str | None = Field(description="the area's code, if the communication was aimed at one area")
    reach_people: int | None = Field(description="people reached as reported; null if not measured")
    reach_source: str
    evaluation: str
    rating: int | None = Field(description="1 (did not work) … 5 (worked very well); set once carried out")


class CommsChannelUseOut(Schema):
    channel: str
    label: str
    count: int


class CommsSummaryOut(Schema):
    year: int | None
    count: int = Field(description="campaigns and actions that have started")
    campaigns: int
    actions: int
    completed: int = Field(description="carried out and evaluated: these count towards indicator 3.4")
    reach: int = Field(description="people reached as reported, summed (a person reached twice counts twice)")
    without_reach: int
    channels: list[CommsChannelUseOut]
    mean_rating: float | None


def _campaign_out(c: CommsCampaign) -> dict:
    return {
        "id": c.pk, "project_id": c.project_id, "kind": c.kind, "kind_label": c.get_kind_display(),
        "title": field_texts(c, "title"), "status": c.status, "status_label": c.get_status_display(),
        "start_date": c.start_date, "end_date": c.end_date,
        "channels": [{"channel": code, "label": label} for code, label in c.channel_choices],
        "audiences": c.audiences, "area": c.area.code if c.area else None, "reach_people": c.reach_people,
        "reach_source": c.reach_source, "evaluation": c.evaluation, "rating": c.rating,
    }


@router.get("/communication/plan", response=CommsPlanOut, summary="The communication plan")
def comms_plan(request, programme: str | None = Query(None, description=API_HELP)):
    plan = selectors_comms.comms_plan(programme_or_404(programme))
    return {"goals": field_texts(plan, "goals"), "key_messages": field_texts(plan, "key_messages"),
            "audiences": field_texts(plan, "audiences"), "updated_at": plan.updated_at if plan.pk else None}


@router.get("/communication/campaigns", response=list[CommsCampaignOut],
            summary="Campaigns and communication actions that have started")
def comms_campaigns(request, project: int | None = None, year: int | None = None,
                    programme: str | None = Query(None, description=API_HELP)):
    """Of a project (``?project=``), in a year (``?year=``: running at some point of it), or all of a programme
    (``?programme=``: its own and its projects'; the default programme without it)."""
    chosen = programme_or_404(programme)
    if year is not None and not 2000 <= year <= 2100:
        return []
    if project is not None:
        # a project's campaigns wherever it is led (the programme filter applies only when one is named)
        qs = selectors_comms.campaigns(user=request.user, year=year, programme=chosen,
                                       any_programme=not programme).filter(project_id=project)
    else:
        qs = selectors_comms.campaigns(user=request.user, year=year, programme=chosen)
    return [_campaign_out(c) for c in qs]


@router.get("/communication/summary", response=CommsSummaryOut, summary="Communication in figures")
def comms_summary(request, year: int | None = None, programme: str | None = Query(None, description=API_HELP)):
    """The figures of the public page and the council report (of ``?year=`` if given)."""
    if year is not None and not 2000 <= year <= 2100:
        year = None
    return selectors_comms.comms_summary(year=year, programme=programme_or_404(programme))
