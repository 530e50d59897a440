"""Writes of segregation impact assessments: staff prepare and submit them (the knowledge base's figures are frozen
into the assessment on submission), the steering group reviews them. Each service is one transaction with its audit
row; a refused write saves nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteiso.core.audit import AuditNote, audit_label, audit_record, snapshot
from yhteiso.governance import selectors_impact as selectors
from yhteiso.governance.models import (
    MAX_ASSESSMENT_AREAS,
    AgendaItem,
    AssessmentStatus,
    ImpactAssessment,
    ImpactReview,
    ReviewOutcome,
)

ASSESSMENT_FIELDS = ["title", "description", "agenda_item", "project", "population_groups", "groups_note",
                     "mixing_effect", "mixing_reasons", "services_effect", "services_reasons", "catchment_effect",
                     "catchment_reasons", "mitigations", "prepared_by_name", "followup_date"]
FOLLOWUP_MAX_YEARS = 10


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _snapshot(assessment: ImpactAssessment) -> dict:
    data = snapshot(assessment)
    data["areas"] = sorted(assessment.areas.values_list("code", flat=True))
    data["catchments"] = sorted(assessment.catchments.values_list("code", flat=True))
    return data


def _check_relations(*, areas: list, catchments: list, agenda_item: AgendaItem | None, followup_date,
                     errors: dict) -> None:
    if not areas:
        errors["areas"] = _("Choose at least one area the decision or action touches.")
    elif len(areas) > MAX_ASSESSMENT_AREAS:
        errors["areas"] = _("Choose at most %(n)s areas; name a larger area instead.") % {"n": MAX_ASSESSMENT_AREAS}
    if len(catchments) > MAX_ASSESSMENT_AREAS:
        errors["catchments"] = _("Choose at most %(n)s catchment areas.") % {"n": MAX_ASSESSMENT_AREAS}
    if agenda_item is not None and AgendaItem.objects.filter(pk=agenda_item.pk, decision__isnull=False).exists():
        errors["agenda_item"] = _("A decision has already been recorded on this item: an impact assessment is made "
                                  "before the decision.")
    today = timezone.localdate()
    if followup_date is not None:
        if followup_date <= today:
            errors["followup_date"] = _("The follow-up date must be in the future.")
        elif followup_date > dt.date(today.year + FOLLOWUP_MAX_YEARS, 12, 31):
            errors["followup_date"] = _("The follow-up date must be within %(n)s years.") % {"n": FOLLOWUP_MAX_YEARS}


def _save(assessment: ImpactAssessment, *, fields: dict, areas: list, catchments: list) -> None:
    unknown = set(fields) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown assessment fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(assessment, name, value)
    errors: dict = {}
    try:
        assessment.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    _check_relations(areas=areas, catchments=catchments, agenda_item=assessment.agenda_item,
                     followup_date=assessment.followup_date, errors=errors)
    if errors:
        raise ValidationError(errors)
    assessment.save()
    assessment.areas.set(areas)
    assessment.catchments.set(catchments)


@transaction.atomic
def assessment_create(*, actor, areas: list, catchments: list | None = None, **fields) -> ImpactAssessment:
    """Prepare a new assessment (a draft). Raises ValidationError naming the field; nothing is saved then."""
    assessment = ImpactAssessment(prepared_by=_user_or_none(actor), status=AssessmentStatus.DRAFT)
    _save(assessment, fields=fields, areas=list(areas), catchments=list(catchments or []))
    audit_record(actor=actor, action="impact_assessment.create", instance=assessment, after=_snapshot(assessment))
    return assessment


def _locked(assessment: ImpactAssessment) -> ImpactAssessment:
    return ImpactAssessment.objects.select_for_update().get(pk=assessment.pk)


@transaction.atomic
def assessment_update(*, assessment: ImpactAssessment, actor, areas: list, catchments: list | None = None,
                      **fields) -> ImpactAssessment:
    """Edit a draft, or an assessment the steering group sent back for changes (it becomes a draft again and must
    be submitted anew)."""
    assessment = _locked(assessment)
    if not assessment.is_editable:
        raise ValidationError(_("The assessment can no longer be edited (it is now: %(status)s).")
                              % {"status": assessment.get_status_display()})
    before = _snapshot(assessment)
    assessment.status = AssessmentStatus.DRAFT
    assessment.figures = None
    assessment.submitted_at = None
    _save(assessment, fields=fields, areas=list(areas), catchments=list(catchments or []))
    audit_record(actor=actor, action="impact_assessment.update", instance=assessment, before=before,
                 after=_snapshot(assessment))
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: ImpactAssessment, actor) -> ImpactAssessment:
    """Submit the assessment to the steering group: the knowledge base's figures for its areas are frozen into it
    as they are now."""
    assessment = _locked(assessment)
    if assessment.status not in (AssessmentStatus.DRAFT, AssessmentStatus.NEEDS_CHANGES):
        raise ValidationError(_("Only a draft can be submitted (the assessment is now: %(status)s).")
                              % {"status": assessment.get_status_display()})
    areas = list(assessment.areas.all())
    errors: dict = {}
    try:
        assessment.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    _check_relations(areas=areas, catchments=list(assessment.catchments.all()), agenda_item=assessment.agenda_item,
                     followup_date=assessment.followup_date, errors=errors)
    if errors:
        raise ValidationError(errors)
    before = _snapshot(assessment)
    assessment.figures = selectors.assessment_figures(areas)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    audit_record(actor=actor, action="impact_assessment.submit", instance=assessment, before=before,
                 after=_snapshot(assessment))
    return assessment


@transaction.atomic
def assessment_review(*, assessment: ImpactAssessment, actor, outcome: str, note: str) -> ImpactReview:
    """Record the steering group's review of a submitted assessment: accepted, or needs changes (it goes back to
    staff). Members of the steering group (or staff on its behalf) record it; the person who prepared the
    assessment cannot review it."""
    assessment = _locked(assessment)
    if not selectors.can_read(actor):
        raise PermissionDenied(_("Only the steering group reviews impact assessments."))
    if assessment.prepared_by_id is not None and assessment.prepared_by_id == getattr(actor, "pk", None):
        raise PermissionDenied(_("The person who prepared the assessment cannot review it."))
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment can be reviewed (the assessment is now: %(status)s).")
                              % {"status": assessment.get_status_display()})
    review = ImpactReview(assessment=assessment, outcome=outcome, note=(note or "").strip(),
                          meeting=assessment.agenda_item.meeting if assessment.agenda_item is not None else None,
                          reviewed_by=_user_or_none(actor), submitted_at=assessment.submitted_at)
    review.full_clean()
    review.save()
    before = _snapshot(assessment)
    assessment.status = (AssessmentStatus.ACCEPTED if outcome == ReviewOutcome.ACCEPTED
                         else AssessmentStatus.NEEDS_CHANGES)
    assessment.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="impact_assessment.review", instance=assessment, before=before,
                 after=_snapshot(assessment) | {"review": snapshot(review)}, note=AuditNote("%(outcome)s: %(note)s",
                                {"outcome": audit_label(review.get_outcome_display()), "note": review.note}))
    return review
