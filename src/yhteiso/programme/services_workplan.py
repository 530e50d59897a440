"""Writes of the whole-period work plan: staff keep each milestone's status and responsible unit current."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.permissions import is_programme_staff
from yhteiso.programme.models_workplan import WorkPlanMilestone

FIELDS = ("status", "responsible_unit", "note")


def milestone_update(*, milestone: WorkPlanMilestone, actor, status: str, responsible_unit: str = "",
                     note: str = "") -> WorkPlanMilestone:
    if not is_programme_staff(actor):
        raise PermissionDenied(_("Only programme staff may update the work plan."))
    with transaction.atomic():
        milestone = WorkPlanMilestone.objects.select_for_update().get(pk=milestone.pk)
        before = snapshot(milestone, FIELDS)
        milestone.status = status
        milestone.responsible_unit = (responsible_unit or "").strip()
        milestone.note = (note or "").strip()
        milestone.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        milestone.full_clean()
        milestone.save()
        audit_record(actor=actor, action="programme.milestone.update", instance=milestone, before=before,
                     after=snapshot(milestone, FIELDS))
    return milestone
