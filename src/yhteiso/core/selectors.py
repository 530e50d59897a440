"""Reads of the ground floor: the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from yhteiso.core.models import AuditEvent


def audit_events(*, object_type: str = "") -> QuerySet[AuditEvent]:
    """Audit rows, newest first (the model's ordering), optionally of one object type."""
    events = AuditEvent.objects.select_related("actor")
    return events.filter(object_type=object_type) if object_type else events


def audit_object_types() -> list[str]:
    """Every object type that has audit rows, alphabetically."""
    return list(AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct())
