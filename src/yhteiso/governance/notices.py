"""Who is told what about a steering-group meeting (sent by ``yhteiso.notices`` from the worker)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from yhteiso.governance.models import AgendaAttachment, Meeting, Minutes, SteeringGroupMember
from yhteiso.notices.mail import Notice, site_url

# The reports app renders meeting documents; named by path because reports reads governance, not the reverse.
RENDER_MEETING_DOCUMENT = "yhteiso.reports.meeting_documents.render_meeting_document"
MEETING_FILE_NAME = "yhteiso.reports.meeting_documents.file_name"


def _members_and_deputies(meeting: Meeting) -> list:
    """Users of the members and personal deputies of the meeting's programme's steering group whose term covers
    the meeting day (one notice per user)."""
    rows = (SteeringGroupMember.objects.filter(programme=meeting.programme_id, user__isnull=False,
                                               user__is_active=True)
            .filter(Q(term_start__isnull=True) | Q(term_start__lte=meeting.date))
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=meeting.date))
            .select_related("user"))
    users = {}
    for row in rows:
        users.setdefault(row.user.pk, row.user)
    return list(users.values())


def _meeting_context(meeting: Meeting) -> dict:
    return {"meeting": meeting, "meeting_url": site_url(reverse("governance:meeting-detail", args=[meeting.pk]))}


def agenda_sent(meeting_id: int) -> list[Notice]:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None or meeting.is_example:
        return []
    render = import_string(RENDER_MEETING_DOCUMENT)
    file_name = import_string(MEETING_FILE_NAME)

    rendered: dict[str, bytes] = {}  # one PDF per language, however many recipients
    # the items' materials go with the agenda (their total is limited when they are attached)
    materials = [(f"{a.item.number}_{a.name}", bytes(a.content), a.content_type)
                 for a in AgendaAttachment.objects.filter(item__meeting=meeting).select_related("item")
                 .order_by("item__number", "uploaded_at", "id")]

    def attachments(language: str) -> list[tuple[str, bytes, str]]:
        if language not in rendered:
            rendered[language] = render(meeting, which="agenda", fmt="pdf", language=language)
        return [(file_name(meeting, "agenda", "pdf"), rendered[language], "application/pdf"), *materials]

    return [Notice(user=user, kind="agenda_sent", key=f"meeting:{meeting.pk}",
                   subject=gettext_noop("Agenda of the steering group meeting on %(date)s"),
                   subject_params={"date": f"{meeting.date.day}.{meeting.date.month}.{meeting.date.year}"},
                   template="agenda_sent", context=_meeting_context(meeting), attachments=attachments)
            for user in _members_and_deputies(meeting)]


def minutes_to_check(minutes_id: int) -> list[Notice]:
    minutes = Minutes.objects.select_related("meeting", "checker__user").filter(pk=minutes_id).first()
    if minutes is None or minutes.meeting.is_example or minutes.checker.user is None:
        return []
    meeting = minutes.meeting
    return [Notice(user=minutes.checker.user, kind="minutes_to_check",
                   key=f"minutes:{minutes.pk}:checker:{minutes.checker_id}",
                   subject=gettext_noop("Minutes of %(date)s are ready for your check"),
                   subject_params={"date": f"{meeting.date.day}.{meeting.date.month}.{meeting.date.year}"},
                   template="minutes_to_check", context=_meeting_context(meeting))]


def minutes_published(minutes_id: int) -> list[Notice]:
    minutes = Minutes.objects.select_related("meeting").filter(pk=minutes_id).first()
    if minutes is None or minutes.meeting.is_example or minutes.published_at is None:
        return []
    meeting = minutes.meeting
    context = {**_meeting_context(meeting),
               "minutes_url": site_url(reverse("governance:minutes-detail", args=[meeting.pk]))}
    return [Notice(user=user, kind="minutes_published", key=f"minutes:{minutes.pk}",
                   subject=gettext_noop("Minutes of %(date)s have been published"),
                   subject_params={"date": f"{meeting.date.day}.{meeting.date.month}.{meeting.date.year}"},
                   template="minutes_published", context=context)
            for user in _members_and_deputies(meeting)]
