"""Writes for programmes (issue 14 item 9): staff of the installation create a programme and record a project's
partner programmes. Keyword-only, one transaction, ``full_clean()``, an audit row in the same transaction.

Permissions: programme staff of the installation may manage every programme (per-programme roles are a later
step); the check is here as well as on the views, so that no other path writes without it."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.permissions import is_programme_staff
from yhteiso.programme.models import Programme, ProgrammeShare, Project


def _require_staff(actor) -> None:
    if actor is not None and not is_programme_staff(actor):
        raise PermissionDenied


@transaction.atomic
def programme_create(*, slug: str, name_fi: str, name_sv: str = "", name_en: str = "", start_year: int,
                     end_year: int, actor) -> Programme:
    """A new programme (never the default: the default stays as it is)."""
    _require_staff(actor)
    programme = Programme(slug=slug, name_fi=name_fi, name_sv=name_sv, name_en=name_en, start_year=start_year,
                          end_year=end_year, is_default=False)
    programme.full_clean()
    programme.save()
    audit_record(actor=actor, action="programme.create", instance=programme, after=snapshot(programme))
    return programme


@transaction.atomic
def programme_share_set(*, project: Project, programme: Programme, contribution: Decimal, actor) -> ProgrammeShare:
    """Make ``programme`` a partner of ``project`` with ``contribution`` € (or change the contribution)."""
    _require_staff(actor)
    share = ProgrammeShare.objects.filter(project=project, programme=programme).first()
    before = snapshot(share) if share else None
    if share is None:
        share = ProgrammeShare(project=project, programme=programme)
    share.contribution = contribution
    share.full_clean()
    share.save()
    audit_record(actor=actor, action=f"programme_share.{'update' if before else 'create'}", instance=share,
                 before=before, after=snapshot(share))
    return share


@transaction.atomic
def programme_share_delete(*, share: ProgrammeShare, actor) -> None:
    _require_staff(actor)
    before = snapshot(share)
    audit_record(actor=actor, action="programme_share.delete", instance=share, before=before)
    share.delete()


@transaction.atomic
def programme_shares_replace(*, project: Project, shares: dict[Programme, Decimal], actor) -> list[ProgrammeShare]:
    """Make ``shares`` (partner programme → contribution €) the project's partner programmes: new ones added,
    changed contributions updated, those left out removed. All or nothing: the first invalid row (the lead
    programme, a negative contribution) raises a ValidationError naming its programme and nothing is saved.
    One audit row per change."""
    _require_staff(actor)
    for programme, contribution in shares.items():
        if programme.pk == project.programme_id:
            raise ValidationError({f"share_{programme.pk}": _("The lead programme cannot also be a partner "
                                                              "programme.")})
        if contribution is None or contribution < 0:
            raise ValidationError({f"contribution_{programme.pk}": _(
                "The contribution of %(programme)s must be zero or more euros.") % {"programme": programme.name}})
    wanted = {programme.pk for programme in shares}
    for share in list(ProgrammeShare.objects.filter(project=project).exclude(programme_id__in=wanted)):
        programme_share_delete(share=share, actor=actor)
    result = []
    for programme, contribution in shares.items():
        current = ProgrammeShare.objects.filter(project=project, programme=programme).first()
        if current is not None and current.contribution == contribution:
            result.append(current)
            continue
        result.append(programme_share_set(project=project, programme=programme, contribution=contribution,
                                          actor=actor))
    return result
