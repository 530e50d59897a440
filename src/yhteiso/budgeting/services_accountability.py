"""Writes of the accountability pages: a funded project's implementation record and its dated updates.

Who may write: programme staff, or the responsible person of the programme project linked to the proposal
(:func:`may_update`). Every function is keyword-only, atomic, validates with ``full_clean`` and writes an audit row
in the same transaction; a refused value changes nothing and keeps no uploaded file.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yhteiso.budgeting.models import Proposal, ProposalStatus
from yhteiso.budgeting.models_accountability import Implementation, ImplementationStatus, ImplementationUpdate
from yhteiso.budgeting.validation import picture_prepare
from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.permissions import is_programme_staff

IMPLEMENTATION_FIELDS = ("status", "progress", "started_on", "finished_on", "actual_cost", "cancel_reason")
UPDATE_TEXT_FIELDS = ("text_fi", "text_sv", "text_en", "photo_alt_fi", "photo_alt_sv", "photo_alt_en")


def may_update(user, proposal: Proposal) -> bool:
    """Programme staff, or the responsible person of the programme project the proposal became."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_programme_staff(user):
        return True
    project = proposal.programme_project
    return bool(project is not None and project.responsible_user_id == user.pk)


def _followed(proposal: Proposal) -> Proposal:
    """The proposal, locked, if it can be followed: funded in a round whose results are published."""
    proposal = (Proposal.objects.select_for_update(of=("self",)).select_related("round", "programme_project")
                .get(pk=proposal.pk))
    if proposal.status != ProposalStatus.FUNDED or not proposal.round.results_published_at:
        raise ValidationError(_("Only funded projects of a round with published results are followed."))
    return proposal


def _check(actor, proposal: Proposal) -> None:
    if not may_update(actor, proposal):
        raise PermissionDenied


def _int_or_none(value, field: str, message: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int):
        return value
    text = str(value).replace(" ", "").replace("\u00a0", "")
    try:
        return int(text)
    except ValueError:
        raise ValidationError({field: message}) from None


def _date_or_none(value, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({field: _("Check the date (year-month-day).")}) from None


@transaction.atomic
def implementation_update(*, actor, proposal: Proposal, status: str, progress, started_on=None, finished_on=None,
                          actual_cost=None, cancel_reason: str = "") -> Implementation:
    """Set a funded project's status, progress (0–100 %), dates, actual cost and, when cancelled, the reason."""
    proposal = _followed(proposal)
    _check(actor, proposal)
    impl, _created = Implementation.objects.select_for_update().get_or_create(proposal=proposal)
    before = snapshot(impl)
    if status not in ImplementationStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    impl.status = status
    pct = _int_or_none(progress, "progress", _("The progress must be between 0 and 100 %."))
    if pct is None or not 0 <= pct <= 100:
        raise ValidationError({"progress": _("The progress must be between 0 and 100 %.")})
    impl.progress = pct
    impl.started_on = _date_or_none(started_on, "started_on")
    impl.finished_on = _date_or_none(finished_on, "finished_on")
    cost = _int_or_none(actual_cost, "actual_cost", _("Give the actual cost in whole euros."))
    if cost is not None and cost < 0:
        raise ValidationError({"actual_cost": _("Give the actual cost in whole euros.")})
    impl.actual_cost = cost
    impl.cancel_reason = (cancel_reason or "").strip()
    if impl.status == ImplementationStatus.FINISHED and impl.progress != 100:
        raise ValidationError({"progress": _("Set the progress of a finished project to 100.")})
    impl.full_clean()
    impl.save()
    audit_record(actor=actor, action="pb_implementation.update", instance=impl, before=before, after=snapshot(impl))
    return impl


@transaction.atomic
def implementation_update_add(*, actor, proposal: Proposal, date, photo=None, **texts) -> ImplementationUpdate:
    """Add a dated public update (text in fi, optionally sv/en; a photo checked and re-encoded without its
    metadata, with a Finnish description)."""
    unknown = set(texts) - set(UPDATE_TEXT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    proposal = _followed(proposal)
    _check(actor, proposal)
    impl, _created = Implementation.objects.get_or_create(proposal=proposal)
    day = _date_or_none(date, "date")
    if day is None:
        raise ValidationError({"date": _("Give the date of the update.")})
    update = ImplementationUpdate(implementation=impl, date=day,
                                  **{k: (v or "").strip() for k, v in texts.items()})
    new_file = ""
    if photo is not None:
        try:
            content = picture_prepare(photo, name=f"{proposal.round_id}-{proposal.pk}-{secrets.token_hex(6)}")
        except ValidationError as exc:  # the shared picture check names "image"; here the field is "photo"
            raise ValidationError({"photo": [m for msgs in exc.message_dict.values() for m in msgs]}) from None
        update.photo.save(content.name, content, save=False)
        new_file = update.photo.name
    storage = update.photo.storage
    try:
        update.full_clean()
        update.save()
        audit_record(actor=actor, action="pb_implementation.update_add", instance=update, after=snapshot(update))
    except Exception:
        if new_file:
            storage.delete(new_file)
        raise
    return update


@transaction.atomic
def implementation_update_delete(*, actor, update: ImplementationUpdate) -> None:
    """Remove an update (e.g. a mistaken photo); its file goes once the removal is committed."""
    update = ImplementationUpdate.objects.select_related("implementation__proposal").get(pk=update.pk)
    proposal = _followed(update.implementation.proposal)
    _check(actor, proposal)
    before = snapshot(update)
    name = update.photo.name if update.photo else ""
    storage = update.photo.storage
    audit_record(actor=actor, action="pb_implementation.update_delete", instance=update, before=before)
    update.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
