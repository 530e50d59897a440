"""Writes of communication: a project's news items; the communication plan; campaigns and communication actions
and the count of them that feeds indicator 3.4. News items and a project's campaigns may be written by the
project's responsible person, its deputies, the communications planner and programme staff; the plan and the
programme's own campaigns by the communications planner and programme staff. Others get ``PermissionDenied``; each
write is validated and audited in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from yhteiso.programme import services_rows
from yhteiso.programme.models import (
    CommsCampaign,
    CommsPlan,
    IndicatorCell,
    Programme,
    Project,
    ProjectNews,
    TargetKind,
)
from yhteiso.programme.selectors_comms import campaign_count_timeline, comms_plan
from yhteiso.programme.services_progress import indicator_counts_sync

NEWS_FIELDS = ("title", "body", "published_on")
PLAN_FIELDS = tuple(f"{name}_{lang}" for name in ("goals", "key_messages", "audiences") for lang in ("fi", "sv", "en"))
CAMPAIGN_FIELDS = ("kind", "title_fi", "title_sv", "title_en", "status", "start_date", "end_date", "channels",
                   "audiences", "area", "reach_people", "reach_source", "evaluation", "rating")
#: Source written on the campaign-count measurements (content is in the plan's language, Finnish).
CAMPAIGN_COUNT_SOURCE = "Ohjelmassa toteutetut ja arvioidut viestintäkampanjat ja -toimenpiteet"


@transaction.atomic
def project_news_save(*, actor, project: Project, item: ProjectNews | None = None, **fields) -> ProjectNews:
    """Write a news item of ``project`` or update ``item``."""
    item, _before = services_rows.project_row_save(
        actor=actor, project=project, model=ProjectNews, row=item, fields=fields, allowed=NEWS_FIELDS,
        action="project_news", elsewhere=_("This news item belongs to another project."),
        check=services_rows.require_comms_or_reporter, create_with={"author": actor})
    return item


@transaction.atomic
def project_news_delete(*, actor, item: ProjectNews) -> None:
    services_rows.row_delete(actor=actor, row=item, action="project_news", project=item.project,
                             check=services_rows.require_comms_or_reporter)


@transaction.atomic
def comms_plan_save(*, actor, programme: Programme | None = None, **fields) -> CommsPlan:
    """Update ``programme``'s communication plan (goals, key messages, audiences in fi/sv/en; the default
    programme's for ``None``). The communications planner and programme staff."""
    services_rows.require_comms(actor)
    services_rows.check_fields(fields, PLAN_FIELDS)
    current = comms_plan(programme)
    plan, _before = services_rows.row_save(actor=actor, model=CommsPlan, row=current if current.pk else None,
                                           fields=fields, action="comms_plan",
                                           new=lambda: CommsPlan(programme=current.programme),
                                           stamp={"updated_by": actor})
    return plan


def _require_campaign_writer(actor, project: Project | None) -> None:
    """A project's campaigns: its owners, the communications planner and staff; the programme's own (no project):
    the communications planner and staff."""
    if project is None:
        services_rows.require_comms(actor)
    else:
        services_rows.require_comms_or_reporter(actor, project)


@transaction.atomic
def comms_campaign_save(*, actor, project: Project | None, campaign: CommsCampaign | None = None,
                        programme: Programme | None = None, **fields) -> CommsCampaign:
    """Record a campaign or communication action of ``project`` (None: the programme's own) or update
    ``campaign``. A new programme's own campaign goes into ``programme`` (the default one for ``None``); a
    project's into the project's lead programme. One carried out needs its end date, evaluation and rating; the
    count of those feeding the campaign-count indicator (3.4) is brought up to date in the same transaction, as a
    proposed measurement."""
    _require_campaign_writer(actor, project)
    services_rows.check_fields(fields, CAMPAIGN_FIELDS)
    if campaign is not None and campaign.project_id != (project.pk if project else None):
        raise PermissionDenied(_("This campaign belongs to another project."))
    campaign, _before = services_rows.row_save(
        actor=actor, model=CommsCampaign, row=campaign, fields=fields, action="comms_campaign",
        new=lambda: CommsCampaign(project=project, programme=None if project else programme),
        stamp={"recorded_by": actor})
    campaign_counts_sync(actor=actor)
    return campaign


@transaction.atomic
def comms_campaign_delete(*, actor, campaign: CommsCampaign) -> None:
    services_rows.row_delete(actor=actor, row=campaign, action="comms_campaign", project=campaign.project,
                             check=_require_campaign_writer)
    campaign_counts_sync(actor=actor)


@transaction.atomic
def campaign_counts_sync(*, actor) -> None:
    """Make the measurements of every campaign-count cell match the campaigns and actions carried out: one
    measurement per end date with the cumulative count, proposed until a second person approves it (the same
    mechanism as the pilots' counts of 1.1, 2.1 and 3.1)."""
    indicator_counts_sync(
        actor=actor, cells=IndicatorCell.objects.filter(target_kind=TargetKind.CAMPAIGN_COUNT),
        timeline=campaign_count_timeline, flag="from_campaigns", source=CAMPAIGN_COUNT_SOURCE,
        note_new=_("Counted automatically from the campaigns and communication actions carried out."),
        note_gone=_("No campaign or action carried out ends on this date any more."))


