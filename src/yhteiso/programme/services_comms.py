"""Writes of communication: a project's news items. The project's responsible person, its deputies and programme
staff may write them (others get ``PermissionDenied``); each write is validated and audited in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.programme.models import Project, ProjectNews
from yhteiso.programme.selectors_progress import may_report

NEWS_FIELDS = ("title", "body", "published_on")


def _require_reporter(actor, project: Project) -> None:
    if not may_report(actor, project):
        raise PermissionDenied(_("Only the project's responsible person, its deputies and programme staff may "
                                 "do this."))


@transaction.atomic
def project_news_save(*, actor, project: Project, item: ProjectNews | None = None, **fields) -> ProjectNews:
    """Write a news item of ``project`` or update ``item``."""
    _require_reporter(actor, project)
    unknown = set(fields) - set(NEWS_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)!r}")
    if item is not None and item.project_id != project.pk:
        raise PermissionDenied(_("This news item belongs to another project."))
    creating = item is None
    item = ProjectNews(project=project, author=actor) if item is None else ProjectNews.objects.select_for_update().get(
        pk=item.pk)
    before = None if creating else snapshot(item)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action=f"project_news.{'create' if creating else 'update'}", instance=item,
                 before=before, after=snapshot(item))
    return item


@transaction.atomic
def project_news_delete(*, actor, item: ProjectNews) -> None:
    _require_reporter(actor, item.project)
    audit_record(actor=actor, action="project_news.delete", instance=item, before=snapshot(item))
    item.delete()
