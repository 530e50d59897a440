"""Background tasks that send e-mail notices. Requests only enqueue them (:func:`notice_enqueue`); the worker sends.

The builders that decide who gets which notice live with the data they read (``yhteiso.governance.notices``,
``yhteiso.programme.notices``); they are named here by dotted path so that this app, which the governance and
programme services call, does not import them back."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from yhteiso.notices.mail import notices_send
from yhteiso.notices.models import NoticeKind

logger = logging.getLogger(__name__)

BUILDERS = {
    NoticeKind.AGENDA_SENT: "yhteiso.governance.notices.agenda_sent",
    NoticeKind.MINUTES_TO_CHECK: "yhteiso.governance.notices.minutes_to_check",
    NoticeKind.MINUTES_PUBLISHED: "yhteiso.governance.notices.minutes_published",
    NoticeKind.PROPOSAL_COMMENT: "yhteiso.programme.notices.proposal_comment",
    NoticeKind.PROPOSAL_OUTCOME: "yhteiso.programme.notices.proposal_outcome",
    NoticeKind.REPORTING_DEADLINE: "yhteiso.programme.notices.reporting_deadlines",
}
REMINDER_DAYS = 14


@task()
def deliver_notice(kind: str, object_id: int) -> int:
    """Build and send the notices of one event (e.g. the agenda of meeting ``object_id`` was sent)."""
    notices = import_string(BUILDERS[kind])(object_id)
    return notices_send(notices)


def notice_enqueue(*, kind: str, object_id: int) -> None:
    """Queue the notices of one event. Call it inside the service's transaction: with the database queue the
    job becomes visible to the worker only when the change commits, and disappears with a rollback."""
    if kind not in BUILDERS:
        raise ValueError(f"unknown notice kind {kind!r}")
    deliver_notice.enqueue(kind, int(object_id))


def send_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Send every reminder due ``today``: reporting deadlines within the next two weeks (each once per person).
    Returns the number of notices sent per kind."""
    today = today or timezone.localdate()
    notices = import_string(BUILDERS[NoticeKind.REPORTING_DEADLINE])(
        {"from": today.isoformat(), "until": (today + dt.timedelta(days=REMINDER_DAYS)).isoformat()})
    return {NoticeKind.REPORTING_DEADLINE: notices_send(notices)}


@task()
def send_reminders_job() -> dict[str, int]:
    """The daily run started by ``yhteiso worker``."""
    result = send_reminders()
    logger.info("daily reminders sent: %s", result)
    return {str(k): v for k, v in result.items()}
