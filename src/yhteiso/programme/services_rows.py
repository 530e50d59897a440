"""The one shape of a write of a row that belongs to a project (a news item, a campaign, in-kind work, a pilot, a
partner's role): who may write it, which fields a caller may set, that the row is the project's own, the locked
read, ``full_clean`` and the audit row, all in the caller's transaction. The services of each topic call these
instead of repeating them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.permissions import is_communications_planner, is_programme_staff
from yhteiso.programme.models import Project
from yhteiso.programme.selectors_comms import may_write_comms
from yhteiso.programme.selectors_progress import may_report


def require_staff(actor, project: Project | None = None) -> None:
    """Programme staff only (``project`` is accepted so that either check fits :func:`project_row_save`)."""
    if not is_programme_staff(actor):
        raise PermissionDenied(_("Only programme staff may do this."))


def require_comms(actor, project: Project | None = None) -> None:
    """The communications planner or programme staff (``project`` is accepted so that either check fits
    :func:`project_row_save`)."""
    if not is_communications_planner(actor):
        raise PermissionDenied(_("Only the communications planner and programme staff may do this."))


def require_comms_or_reporter(actor, project: Project) -> None:
    """A project's communication (news, campaigns): its owners, the communications planner and programme staff."""
    if not may_write_comms(actor, project):
        raise PermissionDenied(_("Only the project's responsible person, its deputies, the communications planner "
                                 "and programme staff may do this."))


def require_reporter(actor, project: Project) -> None:
    """The project's responsible person, its deputies and programme staff."""
    if not may_report(actor, project):
        raise PermissionDenied(_("Only the project's responsible person, its deputies and programme staff may "
                                 "do this."))


def check_fields(fields: dict, allowed: Iterable[str]) -> None:
    """A programming error (not a user's), so a ``TypeError``: a caller passed a field the service does not set."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)!r}")


def row_save(*, actor, model: type[models.Model], row: models.Model | None, fields: dict, action: str,
             new: Callable[[], models.Model], stamp: dict | None = None,
             state: Callable[[Any], dict] = snapshot,
             before_save: Callable[[Any], None] | None = None) -> tuple[Any, dict | None]:
    """Create (``new()``) or update ``row`` (read again, locked) with ``fields`` and ``stamp`` (e.g. who recorded
    it), validate, call ``before_save`` (further checks that may raise), save and write the audit row
    ``<action>.create`` / ``<action>.update``. Returns the row and its state before the change (None if new). The
    caller has checked the role and the fields and holds the transaction."""
    creating = row is None
    obj = new() if row is None else model._default_manager.select_for_update().get(pk=row.pk)
    before = None if creating else state(obj)
    for name, value in {**fields, **(stamp or {})}.items():
        setattr(obj, name, value)
    obj.full_clean()
    if before_save is not None:
        before_save(obj)
    obj.save()
    audit_record(actor=actor, action=f"{action}.{'create' if creating else 'update'}", instance=obj,
                 before=before, after=state(obj))
    return obj, before


def project_row_save(*, actor, project: Project, model: type[models.Model], row: models.Model | None,
                     fields: dict, allowed: Iterable[str], action: str, elsewhere: str,
                     check: Callable[[Any, Project], None] = require_reporter, create_with: dict | None = None,
                     stamp: dict | None = None, state: Callable[[Any], dict] = snapshot,
                     before_save: Callable[[Any], None] | None = None) -> tuple[Any, dict | None]:
    """:func:`row_save` for a row of ``project``: ``check`` the actor's role, the fields against ``allowed``, and
    that ``row`` belongs to the project (``elsewhere`` is the message if not). ``create_with`` are set on a new row
    only (e.g. its author)."""
    check(actor, project)
    check_fields(fields, allowed)
    if row is not None and row.project_id != project.pk:  # type: ignore[attr-defined]
        raise PermissionDenied(elsewhere)
    return row_save(actor=actor, model=model, row=row, fields=fields, action=action, stamp=stamp, state=state,
                    before_save=before_save, new=lambda: model(project=project, **(create_with or {})))


def row_delete(*, actor, row: models.Model, action: str, project: Project | None,
               check: Callable[[Any, Project], None] = require_reporter,
               state: Callable[[Any], dict] = snapshot) -> None:
    """Check the role, write the audit row ``<action>.delete`` with the row's last state, delete the row."""
    check(actor, project)  # type: ignore[arg-type]
    audit_record(actor=actor, action=f"{action}.delete", instance=row, before=state(row))
    row.delete()
