"""Writes of the staff pages that set a round up without code: the round with its pools, timetable, ballot and
eligibility; proposals added and edited by staff, hidden with a reason, and duplicates merged.

Like ``services``, every function is keyword-only and atomic, validates before it stores and writes its audit row
in the same transaction. Refusals name the field in the user's language; nothing of a refused step is stored. The
ballot's rules, the pools and their budgets freeze when the voting opens (``Round.rules_frozen_at``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from yhteiso.budgeting import services
from yhteiso.budgeting.identity import provider_choices
from yhteiso.budgeting.models import Pool, Proposal, ProposalStatus, Round
from yhteiso.core.audit import AuditNote, audit_record, snapshot
from yhteiso.core.formatting import date

# what a round's settings form may change; the rules part freezes when the voting opens
ROUND_SETTINGS = ("name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en",
                  "ideas_open_on", "ideas_close_on", "voting_opens_on", "voting_closes_at", "results_on",
                  "ballot_type", "min_projects", "max_projects", "min_spend_percent", "rule", "min_age",
                  "eligibility", "home_area_only", "identity_provider", "is_test")
RULE_FIELDS = (*services.FROZEN_FIELDS, "eligibility", "home_area_only", "identity_provider")
# the timetable in the order of the phases
TIMETABLE = ("ideas_open_on", "ideas_close_on", "voting_opens_on", "voting_closes_at", "results_on")
PROPOSAL_TEXTS = ("title_fi", "title_sv", "title_en", "description_fi", "description_sv", "description_en",
                  "place_fi", "place_sv", "place_en")
PROPOSAL_FIELDS = (*PROPOSAL_TEXTS, "pool", "cost", "cost_basis")
PROPOSAL_BALLOT_FIELDS = ("pool", "cost")  # frozen with the ballot
MAX_BUDGET = 2_000_000_000  # euros; the database column's range


def label(model, name: str) -> str:
    """A field's name as shown on the staff pages (its verbose name, capitalised)."""
    return str(capfirst(model._meta.get_field(name).verbose_name))


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def timetable_check(values: dict) -> None:
    """The phases' dates must follow each other: ideas open ≤ ideas close ≤ voting opens ≤ voting closes ≤
    results. Empty dates are skipped."""
    previous = None
    for name in TIMETABLE:
        day = _day(values.get(name))
        if day is None:
            continue
        if previous is not None and day < previous[1]:
            raise ValidationError({name: _("%(field)s: %(day)s is before %(previous)s (%(previous_day)s); the "
                                           "dates must follow the order of the phases.") % {
                "field": label(Round, name), "day": date(day), "previous": label(Round, previous[0]).lower(),
                "previous_day": date(previous[1])}})
        previous = (name, day)


def pools_check(pools: list[dict]) -> list[dict]:
    """Pools as ``[{"area": Area | None, "budget": int, "label": str}]``: exactly one citywide pool, at most one per
    area, every budget a positive whole number of euros."""
    citywide = [p for p in pools if p.get("area") is None]
    if len(citywide) != 1:
        raise ValidationError({"pools": _("Give the budget of the citywide pool.")})
    seen = set()
    for p in pools:
        area = p.get("area")
        name = area.name if area is not None else (p.get("label") or _("Citywide"))
        budget = p.get("budget")
        if not isinstance(budget, int) or isinstance(budget, bool) or not 0 < budget <= MAX_BUDGET:
            raise ValidationError({"pools": _("Budget of %(pool)s: give a positive whole number of euros, at most "
                                              "2 000 000 000.") % {"pool": name}})
        if area is not None:
            if area.pk in seen:
                raise ValidationError({"pools": _("%(pool)s has two budgets: give one.") % {"pool": name}})
            seen.add(area.pk)
    return pools


def _pools_state(rnd: Round) -> dict:
    return {str(p.area_id or "city"): p.budget for p in rnd.pools.all()}


# ------------------------------------------------------------------------------------------------- rounds
def _provider_check(fields: dict) -> None:
    """The identity provider must be one the platform has (Suomi.fi only when it is configured)."""
    if "identity_provider" in fields and fields["identity_provider"] not in dict(provider_choices()):
        raise ValidationError({"identity_provider": _("Choose how voters identify themselves from the list.")})


@transaction.atomic
def round_setup_create(*, actor, pools: Iterable[dict], **fields) -> Round:
    """Create a round in the ideas phase with its pools, timetable, ballot, rule and eligibility."""
    unknown = set(fields) - {"slug", *ROUND_SETTINGS}
    if unknown:
        raise ValidationError(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    pools = pools_check(list(pools))
    timetable_check(fields)
    _provider_check(fields)
    rnd = Round(**fields)
    rnd.full_clean()
    rnd.save()
    for data in pools:
        pool = Pool(round=rnd, area=data.get("area"), label=data.get("label", ""), budget=data["budget"])
        pool.full_clean()
        pool.save()
    audit_record(actor=actor, action="pb_round.setup", instance=rnd,
                 after={**snapshot(rnd), "pools": _pools_state(rnd)})
    return rnd


@transaction.atomic
def round_settings_update(*, actor, round: Round, pools: Iterable[dict] | None = None, **fields) -> Round:
    """Edit a round's settings. Names, descriptions and the timetable may change in any phase; the ballot's rules,
    eligibility, pools and budgets only until the voting opens — a change to any of them after that is refused
    naming the field, and nothing is stored. A pool with proposals cannot be removed."""
    unknown = set(fields) - set(ROUND_SETTINGS)
    if unknown:
        raise ValidationError(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    _provider_check(fields)
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    before = {**snapshot(rnd), "pools": _pools_state(rnd)}
    wanted = None if pools is None else {(p["area"].pk if p.get("area") is not None else None): p
                                         for p in pools_check(list(pools))}
    current = {p.area_id: p for p in rnd.pools.select_related("area")}
    if rnd.rules_frozen_at:
        for name in RULE_FIELDS:
            if name in fields and fields[name] != getattr(rnd, name):
                raise ValidationError({name: _("%(field)s cannot be changed: the voting has already opened.")
                                       % {"field": label(Round, name)}})
        if wanted is not None:
            for key in set(wanted) | set(current):
                if key not in current or key not in wanted or wanted[key]["budget"] != current[key].budget:
                    pool = current.get(key)
                    name = pool.name if pool else (wanted[key]["area"].name if key else _("Citywide"))
                    raise ValidationError({"pools": _("Budget of %(pool)s cannot be changed: the voting has "
                                                      "already opened.") % {"pool": name}})
    timetable_check({name: fields.get(name, getattr(rnd, name)) for name in TIMETABLE})
    for key, value in fields.items():
        setattr(rnd, key, value)
    rnd.full_clean()
    rnd.save()
    if wanted is not None and not rnd.rules_frozen_at:  # frozen: checked above to be unchanged
        for key, pool in current.items():
            if key not in wanted:
                if pool.proposals.exists():
                    raise ValidationError({"pools": _("%(pool)s has proposals: move them to another pool before "
                                                      "removing its budget.") % {"pool": pool.name}})
                pool.delete()
        for key, data in wanted.items():
            pool = current.get(key) or Pool(round=rnd, area=data.get("area"))
            pool.budget = data["budget"]
            if data.get("label"):
                pool.label = data["label"]
            pool.full_clean()
            pool.save()
        for p in rnd.proposals.filter(cost__isnull=False).select_related("pool"):
            if (p.cost or 0) > p.pool.budget:
                raise ValidationError({"pools": _("Budget of %(pool)s is smaller than the cost estimate of "
                                                  "“%(title)s”.") % {"pool": p.pool.name, "title": p.title}})
    audit_record(actor=actor, action="pb_round.settings", instance=rnd, before=before,
                 after={**snapshot(rnd), "pools": _pools_state(rnd)})
    return rnd


# ---------------------------------------------------------------------------------------------- proposals
def proposal_add(*, actor, round: Round, pool: Pool, title_fi: str, **fields) -> Proposal:
    """A proposal added by staff (e.g. from a workshop or a letter); written by ``services.proposal_create``,
    which refuses new proposals once the voting has opened and writes the audit row."""
    unknown = set(fields) - set(PROPOSAL_FIELDS) - {"proposer"}
    if unknown:
        raise ValidationError(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    return services.proposal_create(actor=actor, round=round, pool=pool, title_fi=title_fi, **fields)


@transaction.atomic
def proposal_edit(*, actor, proposal: Proposal, **fields) -> Proposal:
    """Edit a proposal's texts, place, pool and cost estimate. After the voting has opened the pool and the cost
    are part of the ballot and are refused, naming the field; the texts can still be corrected."""
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    rnd = Round.objects.select_for_update().get(pk=proposal.round_id)
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    before = snapshot(p)
    if rnd.rules_frozen_at:
        for name in PROPOSAL_BALLOT_FIELDS:
            if name in fields and fields[name] != getattr(p, name):
                raise ValidationError({name: _("%(field)s cannot be changed: the voting has already opened.")
                                       % {"field": label(Proposal, name)}})
    if "pool" in fields and fields["pool"].round_id != rnd.pk:
        raise ValidationError({"pool": _("The pool belongs to another round.")})
    for key, value in fields.items():
        setattr(p, key, value.strip() if isinstance(value, str) else value)
    p.full_clean()
    p.save()
    audit_record(actor=actor, action="pb_proposal.edit", instance=p, before=before, after=snapshot(p))
    return p


@transaction.atomic
def proposal_hide(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """Hide a proposal from residents (e.g. offensive or off-topic), with the reason, which staff see."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"hidden_reason": _("Give the reason for hiding the proposal.")})
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if p.on_ballot:
        raise ValidationError({"is_hidden": _("A proposal on the ballot cannot be hidden.")})
    before = snapshot(p)
    p.is_hidden, p.hidden_reason = True, reason
    p.full_clean()
    p.save(update_fields=["is_hidden", "hidden_reason"])
    audit_record(actor=actor, action="pb_proposal.hide", instance=p, before=before, after=snapshot(p), note=reason)
    return p


@transaction.atomic
def proposal_unhide(*, actor, proposal: Proposal) -> Proposal:
    """Show a hidden proposal to residents again (not a merged duplicate: it stays with the kept proposal)."""
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if p.status == ProposalStatus.MERGED:
        raise ValidationError({"is_hidden": _("A merged duplicate stays hidden.")})
    before = snapshot(p)
    p.is_hidden, p.hidden_reason = False, ""
    p.save(update_fields=["is_hidden", "hidden_reason"])
    audit_record(actor=actor, action="pb_proposal.unhide", instance=p, before=before, after=snapshot(p))
    return p


@transaction.atomic
def proposal_merge(*, actor, duplicate: Proposal, kept: Proposal, reason: str = "") -> Proposal:
    """Merge a duplicate into the kept proposal: the duplicate is hidden from the lists, points to the kept one
    and its own page says so and links there. Proposals merged earlier into the duplicate move to the kept one.
    Only before the voting opens."""
    rnd = Round.objects.select_for_update().get(pk=duplicate.round_id)
    if rnd.rules_frozen_at:
        raise ValidationError({"merged_into": _("Proposals cannot be merged after the voting has opened.")})
    dup = Proposal.objects.select_for_update().get(pk=duplicate.pk)
    keep = Proposal.objects.select_for_update().get(pk=kept.pk)
    if keep.round_id != rnd.pk:
        raise ValidationError({"merged_into": _("Choose a proposal of the same round.")})
    if keep.pk == dup.pk:
        raise ValidationError({"merged_into": _("A proposal cannot be merged into itself.")})
    if dup.status == ProposalStatus.MERGED:
        raise ValidationError({"merged_into": _("This proposal has already been merged.")})
    if keep.status == ProposalStatus.MERGED or keep.is_hidden:
        raise ValidationError({"merged_into": _("Choose a proposal that is shown to residents.")})
    before = snapshot(dup)
    reason = (reason or "").strip()
    dup.status = ProposalStatus.MERGED
    dup.merged_into = keep
    dup.feasibility_reason = reason
    dup.is_hidden = True
    dup.hidden_reason = reason or _("Merged into “%(title)s”.") % {"title": keep.title_fi}
    dup.full_clean()
    dup.save()
    moved = list(Proposal.objects.filter(merged_into=dup).values_list("pk", flat=True))
    Proposal.objects.filter(pk__in=moved).update(merged_into=keep)
    audit_record(actor=actor, action="pb_proposal.merge", instance=dup, before=before, after=snapshot(dup),
                 note=AuditNote(gettext_noop("Merged into %(code)s; earlier merged proposals moved with it: %(count)s")
                                if moved else gettext_noop("Merged into %(code)s"),
                                {"code": keep.code, "count": len(moved)}))
    return dup
