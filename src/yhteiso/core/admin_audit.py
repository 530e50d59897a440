"""Every change made in the Django admin goes to the audit log, in the same transaction as the change.

:class:`AuditedAdminSite` is the default admin site (``AuditedAdminConfig`` in ``INSTALLED_APPS``); it mixes
:class:`AuditedModelAdminMixin` into every ``ModelAdmin`` registered with it, including Django's own user and group
admins, so no app can forget it."""

from __future__ import annotations

from django.contrib import admin
from django.db import models, router, transaction

from yhteiso.core.audit import audit_record, snapshot

# Never copied into the audit log (a password hash is a secret even when hashed).
SENSITIVE_FIELDS = frozenset({"password"})


def admin_snapshot(instance: models.Model | None) -> dict | None:
    """Concrete fields (without secrets) and many-to-many ids, read from ``instance`` as it is now."""
    if instance is None:
        return None
    data = {k: v for k, v in snapshot(instance).items() if k not in SENSITIVE_FIELDS}
    if instance.pk is not None:
        for field in instance._meta.many_to_many:
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


def _message_text(entry) -> str:
    entries = entry if isinstance(entry, list | tuple) else [entry]
    texts = [e.get_change_message() for e in entries if hasattr(e, "get_change_message")]
    return "; ".join(t for t in texts if t)


class AuditedModelAdminMixin:
    """Writes ``admin.create`` / ``admin.update`` / ``admin.delete`` audit events with the values before and after."""

    def save_model(self, request, obj, form, change):
        if change and obj.pk is not None:
            current = type(obj)._default_manager.filter(pk=obj.pk).first()
            obj._yhteiso_audit_before = admin_snapshot(current)
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        audit_record(actor=request.user, action="admin.create", instance=obj, after=admin_snapshot(obj),
                     note=_message_text(entry))
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        audit_record(actor=request.user, action="admin.update", instance=obj,
                     before=getattr(obj, "_yhteiso_audit_before", None), after=admin_snapshot(obj),
                     note=_message_text(entry))
        return entry

    def delete_model(self, request, obj):
        with transaction.atomic(using=router.db_for_write(type(obj))):
            audit_record(actor=request.user, action="admin.delete", instance=obj, before=admin_snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            for obj in queryset:
                audit_record(actor=request.user, action="admin.delete", instance=obj, before=admin_snapshot(obj))
            super().delete_queryset(request, queryset)


class AuditedAdminSite(admin.AdminSite):
    """The platform's admin site: every registered ``ModelAdmin`` writes the audit log."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedModelAdminMixin):
            admin_class = type(admin_class.__name__, (AuditedModelAdminMixin, admin_class),
                               {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__})
        super().register(model_or_iterable, admin_class, **options)
