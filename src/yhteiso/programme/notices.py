"""Who is told about programme events: new comments on proposals and reporting deadlines two weeks ahead.

A reporting deadline reminds the responsible person and the deputies of every approved or ongoing project that
has not yet filed its progress report for the period (one e-mail per person, listing their projects), and the
programme staff who have an e-mail address (the calendar's entries are the programme office's work). A staff
member who also owns such a project gets the owner's e-mail only."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_noop

from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP
from yhteiso.notices.mail import Notice, site_url
from yhteiso.programme.models import Project, ProjectComment, ReportingDeadline
from yhteiso.programme.models_intake import IntakeStage, ProjectProposal, latest_decision
from yhteiso.programme.selectors_programmes import page_query
from yhteiso.programme.selectors_progress import REPORTING_STATUSES


def _staff_users():
    return get_user_model().objects.filter(is_active=True).exclude(email="").filter(
        Q(groups__name=PROGRAMME_STAFF) | Q(is_superuser=True)).distinct()


def proposal_comment(comment_id: int) -> list[Notice]:
    """Users in the steering-group and programme-staff roles (those who can read proposals), except the
    comment's author."""
    comment = ProjectComment.objects.select_related("project", "author").filter(pk=comment_id).first()
    if comment is None:
        return []
    project = comment.project
    users = (get_user_model().objects.filter(is_active=True).exclude(email="")
             .filter(Q(groups__name__in=[PROGRAMME_STAFF, STEERING_GROUP]) | Q(is_superuser=True))
             .distinct())
    if comment.author_id:
        users = users.exclude(pk=comment.author_id)
    context = {"project": project, "comment": comment,
               "author": comment.author.get_full_name() or comment.author.get_username() if comment.author else "",
               "project_url": site_url(reverse("programme:project-detail", args=[project.pk]))}
    return [Notice(user=user, kind="proposal_comment", key=f"comment:{comment.pk}",
                   subject=gettext_noop("New comment on the proposal “%(project)s”"),
                   subject_params={"project": project.name_fi[:120]}, template="proposal_comment", context=context)
            for user in users]


def proposal_outcome(proposal_id: int) -> list[Notice]:
    """The proposer, when programme staff or the steering group return their proposal for changes, or when the
    steering group decides on it: what happened, the message or reasons, and the link to the proposal. Sent in the
    proposer's language of notices; nothing for a proposal without a signed-in proposer (participatory budgeting)
    or one that is neither returned nor decided any more."""
    proposal = (ProjectProposal.objects.select_related("project", "proposed_by").filter(pk=proposal_id).first())
    if proposal is None or proposal.proposed_by is None or not proposal.proposed_by.is_active \
            or proposal.stage not in (IntakeStage.RETURNED, IntakeStage.DECIDED):
        return []
    decision = latest_decision(proposal.project) if proposal.stage == IntakeStage.DECIDED else None
    changed = proposal.stage_changed_at
    context = {"proposal": proposal, "project": proposal.project, "returned": proposal.stage == IntakeStage.RETURNED,
               "decision": decision, "message": proposal.staff_message,
               "proposal_url": site_url(reverse("programme:proposal-detail", args=[proposal.pk]))}
    subject = (gettext_noop("Your proposal “%(project)s” was returned for changes")
               if proposal.stage == IntakeStage.RETURNED
               else gettext_noop("The steering group has decided on your proposal “%(project)s”"))
    return [Notice(user=proposal.proposed_by, kind="proposal_outcome",
                   key=f"proposal:{proposal.pk}:{proposal.stage}:{changed.isoformat() if changed else ''}",
                   subject=subject, subject_params={"project": proposal.project.name_fi[:120]},
                   template="proposal_outcome", context=context)]


def reporting_deadlines(window: dict) -> list[Notice]:
    """Deadlines not done whose date falls in ``window`` (``{"from": iso date, "until": iso date}``)."""
    start, end = dt.date.fromisoformat(window["from"]), dt.date.fromisoformat(window["until"])
    deadlines = ReportingDeadline.objects.filter(done=False, date__gte=start, date__lte=end)
    users = list(_staff_users())
    notices = []
    for deadline in deadlines:
        context = {"deadline": deadline, "days_left": (deadline.date - start).days,
                   "calendar_url": site_url(reverse("programme:calendar")
                                            + page_query(deadline.programme))}
        key = f"deadline:{deadline.pk}:{deadline.date}"
        subject_params = {"date": f"{deadline.date.day}.{deadline.date.month}.{deadline.date.year}"}
        owners = _owners_to_remind(deadline)
        for user, projects in owners.values():
            items = [{"project": p, "url": site_url(reverse("programme:report-create", args=[p.pk])
                                                          + f"?period={deadline.pk}")} for p in projects]
            notices.append(Notice(
                user=user, kind="reporting_deadline", key=key, subject=gettext_noop("Progress report due on %(date)s"),
                subject_params=subject_params, template="project_report_due",
                context={**context, "projects": items,
                         "my_projects_url": site_url(reverse("programme:my-projects"))}))
        notices += [Notice(user=user, kind="reporting_deadline", key=key,
                           subject=gettext_noop("Reporting deadline on %(date)s"), subject_params=subject_params,
                           template="reporting_deadline", context=context)
                    for user in users if user.pk not in owners]
    return notices


def _owners_to_remind(deadline: ReportingDeadline) -> dict[int, tuple]:
    """User id → (user, projects) for the responsible persons and deputies (active, with an e-mail address) of
    the approved or ongoing projects without a progress report for ``deadline``."""
    projects = (Project.objects.filter(status__in=REPORTING_STATUSES, programme_id=deadline.programme_id)
                .exclude(progress_reports__deadline=deadline)
                .select_related("responsible_user").prefetch_related("deputies").order_by("id"))
    owners: dict[int, tuple] = {}
    for project in projects:
        people = [project.responsible_user, *project.deputies.all()]
        for user in people:
            if user is None or not user.is_active or not user.email:
                continue
            owners.setdefault(user.pk, (user, []))[1].append(project)
    return owners
