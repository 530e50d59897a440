"""Reads of the ground floor: the audit log."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model, QuerySet
from django.template.defaultfilters import yesno
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from yhteiso.core.audit import audit_note_text
from yhteiso.core.models import AuditEvent

#: what was done, in words (the last part of an action key such as ``meeting.create``); a key not listed here is
#: shown as it is, beside the object it concerns
AUDIT_VERBS = {
    "create": pgettext_lazy("audit log", "created"),
    "add": pgettext_lazy("audit log", "added"),
    "update": pgettext_lazy("audit log", "changed"),
    "edit": pgettext_lazy("audit log", "changed"),
    "delete": pgettext_lazy("audit log", "deleted"),
    "remove": pgettext_lazy("audit log", "removed"),
    "publish": pgettext_lazy("audit log", "published"),
    "close": pgettext_lazy("audit log", "closed"),
    "release": pgettext_lazy("audit log", "released"),
    "import": pgettext_lazy("audit log", "imported"),
    "status": pgettext_lazy("audit log", "status changed"),
    "approve": pgettext_lazy("audit log", "approved"),
    "submit": pgettext_lazy("audit log", "submitted"),
    "review": pgettext_lazy("audit log", "reviewed"),
    "rename": pgettext_lazy("audit log", "renamed"),
    "phase": pgettext_lazy("audit log", "phase changed"),
    "results": pgettext_lazy("audit log", "results counted"),
    "codes": pgettext_lazy("audit log", "voting codes issued"),
    "draft": pgettext_lazy("audit log", "drafted"),
    "attendance": pgettext_lazy("audit log", "attendance recorded"),
    "assess": pgettext_lazy("audit log", "assessed"),
    "compute": pgettext_lazy("audit log", "computed"),
    "recompute": pgettext_lazy("audit log", "computed again"),
    "rollup": pgettext_lazy("audit log", "rolled up"),
    "attach": pgettext_lazy("audit log", "attached"),
    "detach": pgettext_lazy("audit log", "detached"),
    "comment": pgettext_lazy("audit log", "commented"),
    "invitations": pgettext_lazy("audit log", "invitation codes issued"),
    "translate": pgettext_lazy("audit log", "translated"),
    "item_add": pgettext_lazy("audit log", "question added"),
    "item_edit": pgettext_lazy("audit log", "question changed"),
    "item_delete": pgettext_lazy("audit log", "question removed"),
    "item_move": pgettext_lazy("audit log", "question moved"),
    "budget": pgettext_lazy("audit log", "budget changed"),
    "card": pgettext_lazy("audit log", "card changed"),
    "staff_entry": pgettext_lazy("audit log", "vote entered by staff"),
    "mark_spent": pgettext_lazy("audit log", "marked spent"),
    "key_messages": pgettext_lazy("audit log", "key messages changed"),
    "preferences": pgettext_lazy("audit log", "preferences changed"),
    "save": pgettext_lazy("audit log", "saved"),
    "decided": pgettext_lazy("audit log", "decided"),
    "to_appraisal": pgettext_lazy("audit log", "sent for appraisal"),
    "record": pgettext_lazy("audit log", "recorded"),
}
#: an action whose verb is not listed above: a plain word in the reader's language (the key stays in the technical
#: details) rather than a developer's key such as ``report.narrative.save`` in a Finnish page
AUDIT_VERB_OTHER = pgettext_lazy("audit log", "recorded")


def audit_events(*, object_type: str = "") -> QuerySet[AuditEvent]:
    """Audit rows, newest first (the model's ordering), optionally of one object type."""
    events = AuditEvent.objects.select_related("actor")
    return events.filter(object_type=object_type) if object_type else events


def audit_object_types() -> list[str]:
    """Every object type that has audit rows, alphabetically."""
    return list(AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct())


def _models_by_label() -> dict[str, type[Model]]:
    return {model._meta.label_lower: model for model in apps.get_models()}


def audit_rows(events) -> list[dict]:
    """Audit rows as people read them: the action in words, the object type and the changed fields by their
    names in the page's language (the model's and fields' verbose names); the stored keys stay beside them for the
    technical details."""
    models_by_label = _models_by_label()
    rows = []
    for event in events:
        model = models_by_label.get(event.object_type)
        field_names: dict[str, str] = {}
        field_choices: dict[str, dict] = {}
        if model is not None:
            field_names = {f.name: str(capfirst(f.verbose_name))
                           for f in [*model._meta.concrete_fields, *model._meta.many_to_many]}
            field_choices = {f.name: dict(f.flatchoices) for f in model._meta.concrete_fields if f.choices}
        verb = AUDIT_VERBS.get(event.action.rpartition(".")[2])
        rows.append({
            "event": event,
            "what": capfirst(model._meta.verbose_name) if model is not None else "",
            "action": capfirst(verb or AUDIT_VERB_OTHER),
            "changes": [(field_names.get(name, name), name, _audit_value(b, field_choices.get(name)),
                         _audit_value(a, field_choices.get(name))) for name, b, a in event.changed_fields],
            "note": audit_note_text(event),
        })
    return rows


def _audit_value(value, choices: dict | None):
    """A recorded value as people read it: a choice by its label (not its stored code such as ``not_feasible``)
    and yes/no in the page's language; anything else as it was stored."""
    if isinstance(value, bool):
        return yesno(value)
    if choices and isinstance(value, (str, int)) and value in choices:
        return str(choices[value])
    return value


def audit_type_choices() -> list[tuple[str, str]]:
    """The object types that have audit rows as ``(key, name)``, by name (the key where no model has it)."""
    models_by_label = _models_by_label()
    choices = [(t, str(capfirst(models_by_label[t]._meta.verbose_name)) if t in models_by_label else t)
               for t in audit_object_types()]
    return sorted(choices, key=lambda c: c[1].lower())
