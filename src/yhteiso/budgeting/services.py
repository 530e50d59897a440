"""Writes of the participatory-budgeting app. Every function is keyword-only, atomic, validates with
``full_clean`` and (except residents' ballots, which must stay unlinkable) writes an audit row."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteiso.analytics.pb.fast import equal_shares_fast
from yhteiso.analytics.pb.pabulib import PBFormatError, parse_pb
from yhteiso.analytics.pb.rules import Election, greedy
from yhteiso.budgeting.identity import Attestation, StaffEntryProvider, keyed, new_code, provider_for
from yhteiso.budgeting.models import (
    PHASE_ORDER,
    Ballot,
    BallotChoice,
    BallotType,
    Phase,
    Pool,
    Proposal,
    ProposalStatus,
    Round,
    Rule,
    Voter,
    VoterMethod,
    VotingCode,
)
from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.formatting import money

FROZEN_FIELDS = ("ballot_type", "min_projects", "max_projects", "min_spend_percent", "rule", "min_age")


# ------------------------------------------------------------------------------------------------- rounds
@transaction.atomic
def round_create(*, actor, pools: Iterable[dict] = (), **fields) -> Round:
    """Create a round with its pools (``[{"area": Area|None, "budget": int, "label": str}]``)."""
    rnd = Round(**fields)
    rnd.full_clean()
    rnd.save()
    for data in pools:
        pool = Pool(round=rnd, **data)
        pool.full_clean()
        pool.save()
    audit_record(actor=actor, action="pb_round.create", instance=rnd, after=snapshot(rnd))
    return rnd


@transaction.atomic
def round_update(*, actor, round: Round, **fields) -> Round:
    """Edit a round's settings; the ballot rules freeze when voting opens."""
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    before = snapshot(rnd)
    if rnd.rules_frozen_at:
        changed = [f for f in FROZEN_FIELDS if f in fields and fields[f] != getattr(rnd, f)]
        if changed:
            raise ValidationError({changed[0]: _("The rules are frozen: voting has already opened.")})
    for key, value in fields.items():
        setattr(rnd, key, value)
    rnd.full_clean()
    rnd.save()
    audit_record(actor=actor, action="pb_round.update", instance=rnd, before=before, after=snapshot(rnd))
    return rnd


@transaction.atomic
def pool_set_budget(*, actor, pool: Pool, budget: int) -> Pool:
    rnd = Round.objects.select_for_update().get(pk=pool.round_id)
    if rnd.rules_frozen_at:
        raise ValidationError({"budget": _("The rules are frozen: voting has already opened.")})
    before = snapshot(pool)
    pool.budget = budget
    pool.full_clean()
    pool.save()
    audit_record(actor=actor, action="pb_pool.budget", instance=pool, before=before, after=snapshot(pool))
    return pool


@transaction.atomic
def round_set_phase(*, actor, round: Round, phase: str) -> Round:
    """Move the round forward to ``phase``. Opening the voting freezes the rules and needs at least one feasible
    proposal with a cost estimate and a closing time in the future; moving to results closes the voting."""
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    if phase not in PHASE_ORDER:
        raise ValidationError({"phase": _("Unknown phase.")})
    if PHASE_ORDER.index(phase) <= rnd.phase_index:
        raise ValidationError({"phase": _("A round only moves forward: choose a later phase.")})
    now = timezone.now()
    before = snapshot(rnd)
    if PHASE_ORDER.index(phase) >= PHASE_ORDER.index(Phase.VOTING) and not rnd.rules_frozen_at:
        if not rnd.proposals.filter(status=ProposalStatus.FEASIBLE, cost__gt=0).exists():
            raise ValidationError({"phase": _("No proposal is on the ballot yet: assess the proposals first.")})
        if phase == Phase.VOTING and (rnd.voting_closes_at is None or rnd.voting_closes_at <= now):
            raise ValidationError(
                {"voting_closes_at": _("Set a closing time in the future before opening the voting.")})
        undecided = rnd.proposals.filter(status__in=[ProposalStatus.SUBMITTED, ProposalStatus.IN_CO_DEVELOPMENT])
        undecided.update(status=ProposalStatus.NOT_FEASIBLE,
                         feasibility_reason=_("Not assessed before the voting opened."))
        rnd.rules_frozen_at = now
    if PHASE_ORDER.index(phase) >= PHASE_ORDER.index(Phase.RESULTS) and (
        rnd.voting_closes_at is None or rnd.voting_closes_at > now
    ):
        rnd.voting_closes_at = now
    rnd.phase = phase
    rnd.full_clean()
    rnd.save()
    audit_record(actor=actor, action="pb_round.phase", instance=rnd, before=before, after=snapshot(rnd))
    return rnd


# ---------------------------------------------------------------------------------------------- proposals
@transaction.atomic
def proposal_create(*, actor, round: Round, pool: Pool, title_fi: str, **fields) -> Proposal:
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    if rnd.rules_frozen_at:
        raise ValidationError({"title_fi": _("New ideas cannot be added after the voting has opened.")})
    code = fields.pop("code", None) or str(rnd.proposals.count() + 1)
    while rnd.proposals.filter(code=code).exists():
        code = str(int(code) + 1) if code.isdigit() else code + "b"
    proposal = Proposal(round=rnd, pool=pool, title_fi=title_fi, code=code, **fields)
    proposal.full_clean()
    proposal.save()
    audit_record(actor=actor, action="pb_proposal.create", instance=proposal, after=snapshot(proposal))
    return proposal


@transaction.atomic
def proposal_assess(*, actor, proposal: Proposal, status: str, cost: int | None = None, reason: str = "",
                    merged_into: Proposal | None = None) -> Proposal:
    """Record the city's cost estimate and feasibility decision (with the reason when not feasible)."""
    rnd = Round.objects.select_for_update().get(pk=proposal.round_id)
    if rnd.rules_frozen_at:
        raise ValidationError({"status": _("The ballot is frozen: voting has already opened.")})
    allowed = {ProposalStatus.SUBMITTED, ProposalStatus.IN_CO_DEVELOPMENT, ProposalStatus.FEASIBLE,
               ProposalStatus.NOT_FEASIBLE, ProposalStatus.MERGED}
    if status not in allowed:
        raise ValidationError({"status": _("Choose a feasibility decision.")})
    before = snapshot(proposal)
    proposal.status = status
    proposal.cost = cost
    proposal.feasibility_reason = reason
    proposal.merged_into = merged_into if status == ProposalStatus.MERGED else None
    if status == ProposalStatus.MERGED and merged_into is None:
        raise ValidationError({"merged_into": _("Choose the proposal it was merged into.")})
    proposal.full_clean()
    proposal.save()
    audit_record(actor=actor, action="pb_proposal.assess", instance=proposal, before=before,
                 after=snapshot(proposal))
    return proposal


# ------------------------------------------------------------------------------------------------- voting
@transaction.atomic
def voting_codes_issue(*, actor, round: Round, count: int, home_area=None, codes: list[str] | None = None) -> list[str]:
    """Create one-time voting codes (stored as keyed hashes; the plain codes are returned once, to print)."""
    from yhteiso.budgeting.identity import format_code, normalise_code

    if not 1 <= count <= 10_000:
        raise ValidationError({"count": _("Issue between 1 and 10 000 codes at a time.")})
    plain = [normalise_code(c) for c in codes] if codes else [new_code() for _ in range(count)]
    existing = set(VotingCode.objects.filter(code_hash__in=[keyed("code", round.pk, c) for c in plain])
                   .values_list("code_hash", flat=True))
    VotingCode.objects.bulk_create([
        VotingCode(round=round, code_hash=keyed("code", round.pk, c), home_area=home_area)
        for c in plain if keyed("code", round.pk, c) not in existing
    ])
    audit_record(actor=actor, action="pb_round.codes", instance=round, note=f"{len(plain)} voting codes issued")
    return [format_code(c) for c in plain]


def voter_sign_in(*, round: Round, code: str) -> Attestation:
    """Redeem a one-time voting code (refused if unknown or already used) while the voting is open."""
    with transaction.atomic():
        rnd = Round.objects.get(pk=round.pk)
        _check_open(rnd)
        return provider_for(rnd).redeem(round=rnd, code=code)


def _check_open(rnd: Round) -> None:
    if rnd.phase != Phase.VOTING or (rnd.voting_closes_at and rnd.voting_closes_at <= timezone.now()):
        raise ValidationError(_("The voting is closed. Votes can no longer be cast or changed."))


def ballot_rules_check(*, round: Round, pool: Pool, chosen: list[Proposal]) -> list[str]:
    """The rule violations of one pool's choices, as sentences for the voter (empty when valid)."""
    errors = []
    n = len(chosen)
    total = sum(p.cost or 0 for p in chosen)
    if round.ballot_type == BallotType.APPROVAL:
        if n < round.min_projects:
            errors.append(_("%(pool)s: choose at least %(min)d project(s); you chose %(n)d.")
                          % {"pool": pool.name, "min": round.min_projects, "n": n})
        if n > round.max_projects:
            errors.append(_("%(pool)s: choose at most %(max)d project(s); you chose %(n)d.")
                          % {"pool": pool.name, "max": round.max_projects, "n": n})
    else:
        if n == 0:
            errors.append(_("%(pool)s: choose at least one project.") % {"pool": pool.name})
        if total > pool.budget:
            errors.append(_("%(pool)s: the projects you chose cost %(total)s €, over the budget of %(budget)s € "
                            "by %(over)s €.") % {"pool": pool.name, "total": money(total),
                                                  "budget": money(pool.budget),
                                                  "over": money(total - pool.budget)})
        minimum = pool.budget * round.min_spend_percent // 100
        if n and total < minimum:
            errors.append(_("%(pool)s: the projects you chose cost %(total)s €; choose projects worth at least "
                            "%(min)s € (%(pct)d %% of the budget).")
                          % {"pool": pool.name, "total": money(total), "min": money(minimum),
                             "pct": round.min_spend_percent})
    return errors


@transaction.atomic
def ballot_cast(*, round: Round, attestation: Attestation, area_pool: Pool | None, proposal_ids: Iterable[int],
                actor=None) -> Ballot:
    """Cast or change a person's ballot: the citywide choices plus the choices in one area pool.

    The roll row (keyed hash) is created on the first ballot and locked (``SELECT ... FOR UPDATE``) for every
    change, so concurrent clicks by the same person are serialised; the unique constraints make a second roll
    row or a second ballot impossible, and CHECK constraints refuse an over-budget ballot. Staff-entered (paper,
    assisted) votes are refused when the person is already on the roll.
    """
    rnd = Round.objects.get(pk=round.pk)
    _check_open(rnd)
    pools = {p.pk: p for p in rnd.pools.select_related("area")}
    city = next((p for p in pools.values() if p.is_citywide), None)
    if area_pool is not None and (area_pool.pk not in pools or area_pool.is_citywide):
        raise ValidationError({"area_pool": _("Choose one of this round's areas.")})
    ids = list(dict.fromkeys(int(i) for i in proposal_ids))
    proposals = {p.pk: p for p in rnd.proposals.filter(pk__in=ids, status=ProposalStatus.FEASIBLE)}
    if len(proposals) != len(ids):
        raise ValidationError(_("The ballot names a project that is not on this round's ballot."))
    by_pool: dict[int, list[Proposal]] = {}
    for p in proposals.values():
        by_pool.setdefault(p.pool_id, []).append(p)
    allowed_pools = {city.pk if city else None, area_pool.pk if area_pool else None}
    stray = [pid for pid in by_pool if pid not in allowed_pools]
    if stray:
        raise ValidationError({"area_pool": _("You chose projects of an area other than the one you vote in.")})
    errors = []
    if city is not None:
        errors += ballot_rules_check(round=rnd, pool=city, chosen=by_pool.get(city.pk, []))
    if area_pool is not None:
        errors += ballot_rules_check(round=rnd, pool=area_pool, chosen=by_pool.get(area_pool.pk, []))
    if errors:
        raise ValidationError(errors)
    roll_hash = keyed("roll", rnd.pk, attestation.token)
    ballot_key = keyed("ballot", rnd.pk, attestation.token)
    staff_entry = attestation.method != VoterMethod.ONLINE
    with transaction.atomic():  # savepoint: a concurrent insert of the same person only loses the race here
        try:
            Voter.objects.create(round=rnd, roll_hash=roll_hash, method=attestation.method)
            first_time = True
        except IntegrityError:
            first_time = False
    voter = Voter.objects.select_for_update().get(round=rnd, roll_hash=roll_hash)
    if staff_entry and not first_time:
        raise ValidationError(_("This person is already on the voter roll: the vote was not recorded."))
    del voter
    ballot = Ballot.objects.select_for_update().filter(round=rnd, ballot_key=ballot_key).first()
    if ballot is None:
        ballot = Ballot(round=rnd, ballot_key=ballot_key)
    city_choices = by_pool.get(city.pk, []) if city else []
    area_choices = by_pool.get(area_pool.pk, []) if area_pool else []
    knapsack = rnd.ballot_type == BallotType.KNAPSACK
    ballot.area_pool = area_pool
    ballot.city_cost = sum(p.cost for p in city_choices)
    ballot.city_count = len(city_choices)
    ballot.area_cost = sum(p.cost for p in area_choices)
    ballot.area_count = len(area_choices)
    ballot.city_limit = city.budget if (knapsack and city) else 2_000_000_000
    ballot.area_limit = area_pool.budget if (knapsack and area_pool) else 2_000_000_000
    ballot.max_count = rnd.max_projects if not knapsack else 32_000
    ballot.save()
    BallotChoice.objects.filter(ballot=ballot).delete()
    BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, proposal=p) for p in city_choices + area_choices])
    if staff_entry:
        audit_record(actor=actor, action="pb_ballot.staff_entry", object_type="budgeting.round", object_id=rnd.pk,
                     note=f"{attestation.method} vote entered")
    return ballot


def staff_vote_enter(*, actor, round: Round, identifier: str, method: str, area_pool: Pool | None,
                     proposal_ids: Iterable[int]) -> Ballot:
    """A paper or assisted vote typed in by staff into the same roll."""
    if method not in (VoterMethod.PAPER, VoterMethod.ASSISTED):
        raise ValidationError({"method": _("Choose paper or assisted.")})
    attestation = StaffEntryProvider().attest(round=round, identifier=identifier, method=method)
    return ballot_cast(round=round, attestation=attestation, area_pool=area_pool, proposal_ids=proposal_ids,
                       actor=actor)


# ------------------------------------------------------------------------------------------------ results
def _pool_election(pool: Pool, proposals: list[Proposal]) -> Election:
    index = {p.pk: j for j, p in enumerate(proposals)}
    rows: dict = {}
    qs = BallotChoice.objects.filter(proposal__pool=pool).values_list("ballot_id", "proposal_id")
    for ballot_id, proposal_id in qs:
        if proposal_id in index:
            rows.setdefault(ballot_id, []).append(index[proposal_id])
    ballots = [tuple(sorted(v)) for v in rows.values()]
    return Election([p.code for p in proposals], [p.cost for p in proposals], pool.budget, ballots)


def _jsonable(details: dict) -> dict:
    from fractions import Fraction

    out = {}
    for key, value in details.items():
        if isinstance(value, Fraction):
            out[key] = int(value) if value.denominator == 1 else round(float(value), 2)
        elif isinstance(value, float):
            out[key] = round(value, 2)
        else:
            out[key] = value
    return out


@transaction.atomic
def round_compute_results(*, actor, round: Round) -> Round:
    """Count the votes of every pool with the round's rule and store, for every project, whether it was funded
    and why. Only after the voting has closed."""
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    if not rnd.reached(Phase.RESULTS):
        raise ValidationError(_("Results can be computed only after the voting has closed."))
    if rnd.results_published_at:
        raise ValidationError(_("The results have already been published."))
    for pool in rnd.pools.all():
        proposals = list(rnd.proposals.filter(pool=pool, status__in=[
            ProposalStatus.FEASIBLE, ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED]).order_by("pk"))
        if not proposals:
            continue
        election = _pool_election(pool, proposals)
        outcome = greedy(election) if rnd.rule == Rule.GREEDY else equal_shares_fast(election, completion="add1")
        for p in proposals:
            res = outcome.projects[p.code]
            p.votes = res.votes
            p.status = ProposalStatus.FUNDED if res.funded else ProposalStatus.NOT_FUNDED
            p.result_reason = res.reason
            p.result_details = {**_jsonable(res.details), "voters": election.n_voters,
                                "pool_budget": pool.budget}
            p.save(update_fields=["votes", "status", "result_reason", "result_details"])
    rnd.results_computed_at = timezone.now()
    rnd.save(update_fields=["results_computed_at"])
    audit_record(actor=actor, action="pb_round.results", instance=rnd, note=rnd.get_rule_display())
    return rnd


@transaction.atomic
def round_publish_results(*, actor, round: Round) -> Round:
    """Publish the results and turn each funded project into an action in the programme portfolio."""
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    if not rnd.results_computed_at:
        raise ValidationError(_("Compute the results before publishing them."))
    if rnd.results_published_at:
        raise ValidationError(_("The results have already been published."))
    rnd.results_published_at = timezone.now()
    rnd.save(update_fields=["results_published_at"])
    _create_programme_actions(actor=actor, rnd=rnd)
    audit_record(actor=actor, action="pb_round.publish", instance=rnd)
    return rnd


def _create_programme_actions(*, actor, rnd: Round) -> None:
    from yhteiso.programme.models import BenefitGoal, ProjectKind, ProjectStatus
    from yhteiso.programme.services import project_create

    if rnd.is_imported:
        return  # an imported election (e.g. a pabulib file from another city) is not an Espoo decision
    goal = rnd.programme_goal or BenefitGoal.objects.order_by("number").first()
    if goal is None:
        return
    for p in rnd.proposals.filter(status=ProposalStatus.FUNDED, programme_project__isnull=True).select_related(
        "pool__area"
    ):
        project = project_create(
            actor=actor, goals=[goal], target_areas=[p.pool.area] if p.pool.area_id else [],
            kind=ProjectKind.ACTION, status=ProjectStatus.APPROVED,
            name_fi=p.title_fi[:300], name_sv=p.title_sv[:300], name_en=p.title_en[:300],
            intended_outputs=p.description_fi,
            planned_cost_min=p.cost, planned_cost_max=p.cost,
            cost_note=_("Funded by the participatory-budgeting round %(round)s.") % {"round": rnd.name_fi},
        )
        p.programme_project = project
        p.save(update_fields=["programme_project"])


# ---------------------------------------------------------------------------------------------- .pb import
@transaction.atomic
def round_import_pb(*, actor, text: str | bytes, slug: str, name_fi: str) -> Round:
    """Create a round (in the results phase, marked as imported) from a pabulib ``.pb`` file: one citywide pool,
    the projects and the anonymous ballots. A malformed file is refused naming the line; nothing is stored."""
    try:
        inst = parse_pb(text)
    except PBFormatError as exc:
        raise ValidationError({"file": _("Line %(line)d: %(reason)s") % {"line": exc.line, "reason": exc.reason}
                               if exc.line else exc.reason}) from None
    if inst.meta.get("vote_type", "approval").lower() != "approval":
        raise ValidationError({"file": _("Only approval votes can be imported.")})
    budget = inst.budget
    if budget.denominator != 1 or any(c.denominator != 1 for c in inst.costs):
        raise ValidationError({"file": _("The budget and the costs must be whole numbers.")})
    rule = Rule.GREEDY if inst.meta.get("rule", "").startswith("greedy") else Rule.EQUAL_SHARES
    rnd = Round(slug=slug, name_fi=name_fi, phase=Phase.RESULTS, is_imported=True, rule=rule,
                min_projects=0, max_projects=max(1, len(inst.projects)), pb_meta=inst.meta,
                rules_frozen_at=timezone.now(), voting_closes_at=timezone.now())
    rnd.full_clean()
    rnd.save()
    pool = Pool(round=rnd, label=inst.meta.get("unit", "") or inst.meta.get("description", "")[:200],
                budget=int(budget))
    pool.full_clean()
    pool.save()
    proposals = {}
    for pid, row in inst.projects.items():
        p = Proposal(round=rnd, pool=pool, code=pid, title_fi=(row.get("name") or pid)[:300],
                     status=ProposalStatus.FEASIBLE, cost=int(inst.cost(pid)))
        if p.cost > pool.budget:
            p.status, p.feasibility_reason = ProposalStatus.NOT_FEASIBLE, _("Costs more than the whole budget.")
        p.save()
        proposals[pid] = p
    choices = []
    for ballot_ids in inst.ballots:
        chosen = [proposals[p] for p in ballot_ids]
        b = Ballot(round=rnd, ballot_key=None, city_cost=sum(p.cost for p in chosen), city_count=len(chosen),
                   city_limit=2_000_000_000, area_limit=2_000_000_000, max_count=32_000)
        b.save()
        choices += [BallotChoice(ballot=b, proposal=p) for p in chosen]
    BallotChoice.objects.bulk_create(choices, batch_size=5000)
    audit_record(actor=actor, action="pb_round.import", instance=rnd,
                 note=f"{len(proposals)} projects, {len(inst.ballots)} ballots")
    return rnd
