"""Writes of the participatory-budgeting app. Every function is keyword-only, atomic, validates with
``full_clean`` and (except residents' ballots, which must stay unlinkable) writes an audit row."""

from __future__ import annotations

import logging
import secrets
import threading
import uuid
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from yhteiso.analytics.pb import solve
from yhteiso.analytics.pb.pabulib import PBFormatError, parse_pb
from yhteiso.analytics.pb.rules import Election
from yhteiso.budgeting import frozen
from yhteiso.budgeting.identity import (
    Attestation,
    StaffEntryProvider,
    change_tag,
    format_code,
    hetu_normalise,
    keyed,
    new_code,
    normalise_code,
    person_token,
    provider_for,
    random_tag,
    seal,
    unseal,
)
from yhteiso.budgeting.models import (
    PHASE_ORDER,
    Ballot,
    BallotChoice,
    PendingBallot,
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
from yhteiso.budgeting.pb_messages import pb_error_message
from yhteiso.budgeting.validation import (
    ballot_content,
    check_age,
    declaration_check,
    home_area_check,
    picture_prepare,
)
from yhteiso.core import rows
from yhteiso.core.audit import AuditNote, audit_label, audit_record, snapshot
from yhteiso.core.formatting import euros

logger = logging.getLogger(__name__)

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
    if rnd.reached(Phase.RESULTS):
        ballots_mix(round=rnd, force=True)  # the close empties the ballot box into the count
        change_tags_wipe(round=rnd)
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
                    merged_into: Proposal | None = None, cost_basis: str | None = None) -> Proposal:
    """Record the city's cost estimate and feasibility decision (with the reason when not feasible) and, when
    given, the basis of the estimate (what it includes, who made it; shown publicly)."""
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
    if cost_basis is not None:
        proposal.cost_basis = cost_basis.strip()
    proposal.merged_into = merged_into if status == ProposalStatus.MERGED else None
    if status == ProposalStatus.MERGED and merged_into is None:
        raise ValidationError({"merged_into": _("Choose the proposal it was merged into.")})
    proposal.full_clean()
    proposal.save()
    audit_record(actor=actor, action="pb_proposal.assess", instance=proposal, before=before,
                 after=snapshot(proposal))
    return proposal


CARD_FIELDS = ("image_alt_fi", "image_alt_sv", "image_alt_en", "place_fi", "place_sv", "place_en", "proposer")


@transaction.atomic
def proposal_card_update(*, actor, proposal: Proposal, picture=None, remove_picture: bool = False,
                         **fields) -> Proposal:
    """The proposal's card: picture (an upload, checked and re-encoded by ``picture_prepare``), its description
    (alt text) and the place and proposer. These do not change the ballot, so they may be edited in any phase;
    a picture needs a Finnish description. The replaced picture file is deleted once the change is committed."""
    unknown = set(fields) - set(CARD_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    before = snapshot(proposal)
    old_file = proposal.image.name if proposal.image else ""
    for key, value in fields.items():
        setattr(proposal, key, (value or "").strip())
    if remove_picture:
        proposal.image = ""
    new_file = ""
    if picture is not None:
        content = picture_prepare(picture, name=f"{proposal.round_id}-{proposal.pk}-{secrets.token_hex(4)}")
        proposal.image.save(content.name, content, save=False)
        new_file = proposal.image.name
    storage = proposal.image.storage
    try:
        proposal.full_clean()
        proposal.save()
        audit_record(actor=actor, action="pb_proposal.card", instance=proposal, before=before,
                     after=snapshot(proposal))
    except Exception:
        if new_file:
            storage.delete(new_file)  # nothing of a refused change is kept
        raise
    if old_file and old_file != (proposal.image.name if proposal.image else ""):
        transaction.on_commit(lambda: storage.delete(old_file))
    return proposal


# ------------------------------------------------------------------------------------------------- voting
# Simultaneous voters need no retrying here: SQLite makes each writer wait its turn (IMMEDIATE transactions and a
# busy timeout in the settings) and on PostgreSQL every writer of a round takes its locks in the same order (the
# round row first). A database still locked after the busy timeout raises OperationalError, which the views turn
# into the "try again" page; each step is one transaction, so nothing of it is stored.
MIX_BATCH = 10  # the mixer moves pending ballots into the count only in batches of at least this many
LOCK_FIELDS = ("id", "phase", "voting_closes_at", "home_area_only")  # what the checks on the locked round read
BALLOT_TOTALS = ("city_cost", "city_count", "city_limit", "area_cost", "area_count", "area_limit", "max_count")
BALLOT_FIELDS = ("id", "round", "receipt_hash", "change_tag", "area_pool", *BALLOT_TOTALS)


@transaction.atomic
def voting_codes_issue(*, actor, round: Round, count: int = 0, home_area=None, codes: list[str] | None = None,
                       identity_codes: list[str] | None = None) -> list[str]:
    """Create one-time voting codes (stored as keyed hashes; the plain codes are returned once, to print).

    With ``identity_codes`` one code is issued to each named person: the code then votes as that person, so the
    person's paper vote and online vote meet on the same roll (the identity code itself is not stored)."""
    tokens: list[str] = []
    if identity_codes:
        seen: dict[str, int] = {}
        for row, value in enumerate(identity_codes, start=1):
            try:
                hetu = hetu_normalise(value)
            except ValidationError as exc:
                raise ValidationError({"identity_codes": _("Row %(row)d: %(reason)s") % {
                    "row": row, "reason": exc.message_dict["identifier"][0]}}) from None
            if hetu in seen:
                raise ValidationError({"identity_codes": _("Row %(row)d: the same person as on row %(first)d.")
                                       % {"row": row, "first": seen[hetu]}})
            seen[hetu] = row
            tokens.append(person_token(round.pk, hetu))
        count = len(tokens)
    if not 1 <= count <= 10_000:
        raise ValidationError({"count": _("Issue between 1 and 10 000 codes at a time.")})
    plain = [normalise_code(c) for c in codes] if codes else [new_code() for _ in range(count)]
    existing = set(VotingCode.objects.filter(code_hash__in=[keyed("code", round.pk, c) for c in plain])
                   .values_list("code_hash", flat=True))
    VotingCode.objects.bulk_create([
        VotingCode(round=round, code_hash=keyed("code", round.pk, c), home_area=home_area,
                   person_token=tokens[i] if tokens else "")
        for i, c in enumerate(plain) if keyed("code", round.pk, c) not in existing
    ])
    audit_record(actor=actor, action="pb_round.codes", instance=round,
                 note=AuditNote(gettext_noop("Voting codes issued to named persons: %(count)s") if tokens
                                else gettext_noop("Voting codes issued: %(count)s"), {"count": len(plain)}))
    return [format_code(c) for c in plain]


def voter_sign_in(*, round: Round, code: str) -> Attestation:
    """Identify a voter through the round's identity provider while the voting is open. Nothing is written: the
    code is used up when the vote is cast.

    A person already on the roll (whatever credential of the provider identified them) gets an attestation with
    ``used`` set: they may change their vote (``ballot_recast``), never cast a second one. A vote entered by staff
    on paper cannot be changed online."""
    rnd = Round.objects.get(pk=round.pk)
    _check_open(rnd)
    return voter_identified(round=rnd, attestation=provider_for(rnd).redeem(round=rnd, code=code))


def voter_identified(*, round: Round, attestation: Attestation) -> Attestation:
    """The roll check after any provider has identified a voter (a code redeemed, a Suomi.fi identification
    finished): a person already on the roll gets ``used`` set, to change their vote; a used code whose holder is not
    on the roll, or a vote entered by staff, is refused. Nothing is written."""
    rnd = Round.objects.get(pk=round.pk)
    _check_open(rnd)
    entry = Voter.objects.filter(round=rnd, roll_hash=keyed("roll", rnd.pk, attestation.token)).first()
    if entry is None:
        if attestation.used:  # a used code whose holder is not on the roll (a crash between the steps)
            raise ValidationError({"code": _("This voting code has already been used. Each code works only once.")})
        return attestation
    if entry.method != VoterMethod.ONLINE:
        raise ValidationError({"code": _("Your vote was entered by staff on paper or at an assisted-voting desk; "
                                         "it cannot be changed online.")})
    attestation.used = True
    return attestation


def _check_open(rnd: Round) -> None:
    if rnd.phase != Phase.VOTING or (rnd.voting_closes_at and rnd.voting_closes_at <= timezone.now()):
        raise _closed()


def _closed() -> ValidationError:
    return ValidationError(_("The voting is closed. Votes can no longer be cast or changed."))


def _open_round_and_content(round: Round, area_pool: Pool | None, proposal_ids: Iterable[int],
                            pools: dict[int, Pool] | None = None) -> tuple[Round, dict]:
    rnd = frozen.fresh_round(round.pk)  # as it is now (one plain statement: every first vote asks)
    _check_open(rnd)
    return rnd, ballot_content(rnd, area_pool, proposal_ids, pools)


def ballot_cast(*, round: Round, attestation: Attestation, area_pool: Pool | None, proposal_ids: Iterable[int],
                basis: str | None = None, basis_area_id: int | None = None,
                pools: dict[int, Pool] | None = None) -> str | None:
    """Cast a person's ballot: the citywide choices plus the choices in one area pool. Returns the receipt code
    (online votes) to show once to the voter, or ``None`` (paper and assisted votes, which cannot be changed).

    Three steps, each its own transaction, so nothing in the database ties the roll entry to the ballot:
    1. the roll entry (keyed hash of the person's token) is inserted and committed; the unique constraint refuses
       a second vote of the same person through any channel (online or paper);
    2. the ballot is sealed and put into the pending ballot box under a random key;
    3. the mixer moves the pending ballots into the count once there are at least ``MIX_BATCH`` of them.
    Must not run inside an outer transaction (it would join the steps into one).

    An online voter's ``basis`` (lives / works / studies in Espoo) and ``basis_area_id`` are checked against the
    round's eligibility rule (``validation.declaration_check``); the area pool against the home-area rule."""
    rnd, content = _open_round_and_content(round, area_pool, proposal_ids, pools)
    staff_entry = attestation.method != VoterMethod.ONLINE
    check_age(rnd, attestation.birth_date)
    home = attestation.home_area_id if staff_entry else declaration_check(
        rnd, basis=basis, area_id=basis_area_id, attested_home=attestation.home_area_id)
    home_area_check(rnd, area_pool, home)
    receipt = new_code()
    # a paper ballot gets a receipt hash too (of a code nobody sees), so that it looks like every online ballot;
    # and a change tag: the voter's own for online votes, a random one for paper votes (which cannot be changed)
    content["receipt"] = keyed("receipt", rnd.pk, receipt)
    content["tag"] = random_tag() if staff_entry else change_tag(rnd.pk, attestation.token)
    roll_hash = keyed("roll", rnd.pk, attestation.token)
    at_once = connection.vendor == "postgresql" and not connection.in_atomic_block
    if at_once and not staff_entry:
        _roll_enter_at_once(rnd=rnd, roll_hash=roll_hash, attestation=attestation)
    else:
        _roll_enter(rnd=rnd, roll_hash=roll_hash, attestation=attestation)
    try:
        waiting = _pending_put_at_once(rnd=rnd, content=content) if at_once else _pending_put(rnd=rnd, content=content)
    except Exception:
        # the ballot could not be stored: take the person off the roll again so that they can vote
        Voter.objects.filter(round=rnd, roll_hash=roll_hash).delete()
        raise
    _mix_quietly(rnd, waiting=waiting)
    return None if staff_entry else format_code(receipt)


def _already_voted(attestation: Attestation) -> ValidationError:
    if attestation.method != VoterMethod.ONLINE:
        return ValidationError(_("This person is already on the voter roll: the vote was not recorded."))
    return ValidationError(_("You have already voted in this round. To change your vote, use the receipt code you "
                             "got when you voted."))


@transaction.atomic
def _roll_enter(*, rnd: Round, roll_hash: str, attestation: Attestation) -> None:
    try:
        with transaction.atomic():
            Voter.objects.create(round=rnd, roll_hash=roll_hash, method=attestation.method)
    except IntegrityError:
        raise _already_voted(attestation) from None
    if attestation.code_hash:
        VotingCode.objects.filter(round=rnd, code_hash=attestation.code_hash).update(redeemed=True)


def _roll_enter_at_once(*, rnd: Round, roll_hash: str, attestation: Attestation) -> None:
    """``_roll_enter`` for an online voter on PostgreSQL, outside any transaction: the roll entry and the voting
    code's redemption in one statement (its own transaction), which writes nothing when the person is already on
    the roll. Under 500 first votes at once the general way was seven round trips (BEGIN, a savepoint, the entry,
    its release, the code, COMMIT). The ballot still goes into the box in a transaction of its own."""
    voter, code = rows.table(Voter), rows.table(VotingCode)
    redeem = (f", redeemed AS (UPDATE {code} SET {rows.column(VotingCode, 'redeemed')} = TRUE "  # noqa: S608
              f"WHERE {rows.column(VotingCode, 'round')} = %s AND {rows.column(VotingCode, 'code_hash')} = %s "
              f"AND EXISTS (SELECT 1 FROM entry) RETURNING 1)") if attestation.code_hash else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH entry AS (INSERT INTO {voter} ({rows.columns(Voter, ('id', 'round', 'roll_hash', 'method'))}) "  # noqa: S608
            f"VALUES (%s, %s, %s, %s) ON CONFLICT ({rows.columns(Voter, ('round', 'roll_hash'))}) DO NOTHING "
            f"RETURNING 1){redeem} SELECT COUNT(*) FROM entry",
            [uuid.uuid4(), rnd.pk, roll_hash, attestation.method,
             *((rnd.pk, attestation.code_hash) if attestation.code_hash else ())])
        (entered,) = cursor.fetchone()
    if not entered:
        raise _already_voted(attestation)


@transaction.atomic
def _pending_put(*, rnd: Round, content: dict) -> None:
    """Put the sealed ballot into the box only while the locked round is still open (``CHANGE_LOCK``), so that none
    comes in after the close has emptied the box."""
    _check_open(_round_lock(rnd, CHANGE_LOCK))
    PendingBallot.objects.create(round=rnd, sealed=seal(rnd.pk, content))


def _pending_put_at_once(*, rnd: Round, content: dict) -> int:
    """``_pending_put`` on PostgreSQL outside any transaction, in one request (``_locked_request``, the round locked
    ``CHANGE_LOCK``) that also counts the box; returns how many ballots then wait in it (the mixer need not count
    them again). The ballot goes in only while the locked round is still open, so that none comes in after the
    close has emptied the box (as ``_pending_put``); else the voting's closing is refused and nothing is written."""
    pending = rows.table(PendingBallot)
    put, count = _locked_request(
        rnd, CHANGE_LOCK,
        f"WITH put AS (INSERT INTO {pending} ({rows.columns(PendingBallot, ('id', 'round', 'sealed'))}) "  # noqa: S608
        f"SELECT %s, %s, %s WHERE EXISTS ({_open_sql()}) RETURNING 1) "
        f"SELECT (SELECT COUNT(*) FROM put), COUNT(*) FROM {pending} WHERE {rows.column(PendingBallot, 'round')} = %s",
        [rows.prepared(PendingBallot, "id", uuid.uuid4()), rnd.pk,
         rows.prepared(PendingBallot, "sealed", seal(rnd.pk, content)), rnd.pk, Phase.VOTING.value, rnd.pk])
    if not put:  # the round closed after it was read
        raise _closed()
    return count + 1  # the count read the box as it was before the new ballot went in


def _pending_sealed(rnd: Round) -> list[tuple]:
    """Every ballot waiting in the round's box as ``(id as stored, sealed bytes)`` (one plain statement)."""
    names = ("id", "sealed")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {rows.columns(PendingBallot, names)} FROM {rows.table(PendingBallot)} "  # noqa: S608
                       f"WHERE {rows.column(PendingBallot, 'round')} = %s", [rnd.pk])
        box = cursor.fetchall()
    return [(pk, rows.converted(PendingBallot, names, (pk, sealed))[1]) for pk, sealed in box]


def _pending_box(rnd: Round) -> list[tuple]:
    """Every ballot waiting in the round's box as ``(id as stored, sealed content)`` (one plain statement)."""
    return [(pk, unseal(rnd.pk, sealed)) for pk, sealed in _pending_sealed(rnd)]


def _counted_tag(rnd: Round, receipt_hash: str) -> tuple[str | None] | None:
    """``(change tag,)`` of the counted ballot that carries ``receipt_hash``, or ``None`` when none does."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {rows.column(Ballot, 'change_tag')} FROM {rows.table(Ballot)} "  # noqa: S608
                       f"WHERE {rows.column(Ballot, 'round')} = %s AND {rows.column(Ballot, 'receipt_hash')} = %s",
                       [rnd.pk, receipt_hash])
        return cursor.fetchone()


def receipt_check(*, round: Round, receipt: str) -> str:
    """Check a receipt code while the voting is open (``round`` as the page read it in this request); returns its
    keyed hash (what the change form carries)."""
    return receipt_chain(round=round, receipt=receipt)[0]


def receipt_chain(*, round: Round, receipt: str) -> tuple[str, tuple[str | None] | None]:
    """``receipt_check``, returning also ``(change tag,)`` of the counted ballot the receipt names, or ``None``
    when that ballot still waits in the box. A receipt and its tag stay together along a chain of changes, so the
    change that follows can pass the tag on (``ballot_change``'s ``change_tag``) instead of reading it again. The
    tag links to nothing the receipt's hash does not: both name the same ballot."""
    rnd = round
    _check_open(rnd)
    raw = normalise_code(receipt)
    if not raw:
        raise ValidationError({"receipt": _("Enter the receipt code you got when you voted.")})
    receipt_hash = keyed("receipt", rnd.pk, raw)
    counted = _counted_tag(rnd, receipt_hash)
    if counted is None and not any(content.get("receipt") == receipt_hash for _pk, content in _pending_box(rnd)):
        raise ValidationError({"receipt": _("This receipt code is not valid for this round. Check the code.")})
    return receipt_hash, counted


def ballot_change(*, round: Round, receipt_hash: str, area_pool: Pool | None, proposal_ids: Iterable[int],
                  basis: str | None = None, basis_area_id: int | None = None,
                  pools: dict[int, Pool] | None = None, change_tag: Sequence[str | None] | None = None) -> None:
    """Replace the ballot that carries a receipt with a new one (same receipt) while the voting is open. The roll
    is not touched: the change is tied to the receipt only, never to the person.

    ``round`` and ``pools`` are what the ballot page read in this request: the ballot is checked against them
    outside the lock, and whether the voting is still open is checked again on the locked, current round.
    ``change_tag``: ``(tag,)`` of the counted ballot as ``receipt_chain`` found it, when it was counted; only a
    hint (a ballot no longer counted with that receipt and tag is not replaced on its strength: the general way
    decides)."""
    _check_open(round)
    content = ballot_content(round, area_pool, proposal_ids, pools)
    home = declaration_check(round, basis=basis, area_id=basis_area_id, attested_home=None)
    home_area_check(round, area_pool, home)
    _ballot_replace(rnd=round, key="receipt", value=receipt_hash, content=content,
                    refused=_("This receipt code is not valid for this round. Check the code."),
                    chain=None if change_tag is None else (receipt_hash, change_tag[0]))


def ballot_recast(*, round: Round, attestation: Attestation, area_pool: Pool | None, proposal_ids: Iterable[int],
                  basis: str | None = None, basis_area_id: int | None = None,
                  pools: dict[int, Pool] | None = None) -> None:
    """Replace the ballot of a voter who identified again through the identity provider (a new visit, any
    device), while the voting is open. The old ballot — counted or still waiting in the box — is found by the
    voter's change tag ``HMAC(K_change, round, token)`` and deleted; the new one goes sealed into the box with the
    same tag and receipt. The roll is only read (the person must be on it, voting online), never written, and the
    same eligibility and home-area rules apply as on the first vote."""
    rnd, content = _open_round_and_content(round, area_pool, proposal_ids, pools)
    entry = Voter.objects.filter(round=rnd, roll_hash=keyed("roll", rnd.pk, attestation.token)).first()
    if entry is None:
        raise ValidationError(_("You have not voted in this round yet: cast your vote first."))
    if entry.method != VoterMethod.ONLINE:
        raise ValidationError(_("Your vote was entered by staff on paper or at an assisted-voting desk; it cannot "
                                "be changed online."))
    home = declaration_check(rnd, basis=basis, area_id=basis_area_id, attested_home=attestation.home_area_id)
    home_area_check(rnd, area_pool, home)
    _ballot_replace(rnd=rnd, key="tag", value=change_tag(rnd.pk, attestation.token), content=content,
                    refused=_("Your earlier ballot was not found, so it cannot be changed. Ask the organisers for "
                              "help."))


def _ballot_delete_returning(rnd: Round, field: str, value: str) -> tuple | None:
    """Delete the counted ballot whose ``field`` is ``value`` and its choices, without reading it first; returns
    its ``(area_pool_id, receipt_hash, change_tag)`` or ``None``. One statement on PostgreSQL (the choices' delete
    in the same statement, as a data-modifying WITH), two on SQLite: this runs while the round is locked."""
    ballot, match = rows.table(Ballot), f"{rows.column(Ballot, 'round')} = %s AND {rows.column(Ballot, field)} = %s"
    returning = rows.columns(Ballot, ("area_pool", "receipt_hash", "change_tag"))
    choice_of = f"{rows.table(BallotChoice)} WHERE {rows.column(BallotChoice, 'ballot')} IN"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            key = rows.column(Ballot, "id")
            cursor.execute(f"WITH gone AS (DELETE FROM {ballot} WHERE {match} RETURNING {key}, {returning}), "  # noqa: S608
                           f"choices AS (DELETE FROM {choice_of} (SELECT {key} FROM gone)) "
                           f"SELECT {returning} FROM gone", [rnd.pk, value])
        else:
            cursor.execute(f"DELETE FROM {choice_of} "  # noqa: S608 (names from _meta)
                           f"(SELECT {rows.column(Ballot, 'id')} FROM {ballot} WHERE {match})", [rnd.pk, value])
            cursor.execute(f"DELETE FROM {ballot} WHERE {match} RETURNING {returning}", [rnd.pk, value])  # noqa: S608
        found = cursor.fetchall()
    return found[0] if found else None


BOX_LOCK = "NO KEY UPDATE"
"""The round's row lock of every writer that deletes from the ballot box (the mixer, the general way of a change):
one at a time, and never while the round itself changes (its settings, its phase: the services lock it ``FOR
UPDATE``)."""
CHANGE_LOCK = "KEY SHARE"
"""The round's row lock of PostgreSQL's short ways (a counted ballot replaced, a first ballot put in the box), which
never delete from the box: only the round's own changes wait for them and they for those, so that none of them puts
a ballot into the box after the close has emptied it. They do not wait for each other or for the mixer: under 500
voters changing at once, 6 to 7 of 16 sessions had waited for the lock ``FOR UPDATE`` that every change took."""


def _round_lock(rnd: Round, mode: str = BOX_LOCK) -> Round:
    """Lock the round's row until the transaction ends (``mode``) and read only the fields the checks need (one
    plain statement)."""
    (locked,) = rows.instances(Round, LOCK_FIELDS, _round_lock_sql(mode), [rnd.pk])
    return locked


def _round_lock_sql(mode: str) -> str:
    lock = f" FOR {mode}" if connection.features.has_select_for_update else ""
    return (f"SELECT {rows.columns(Round, LOCK_FIELDS)} FROM {rows.table(Round)} "  # noqa: S608 (names from _meta)
            f"WHERE {rows.column(Round, 'id')} = %s{lock}")


def _home_pool_kept(locked: Round, old_area, content: dict) -> None:
    if locked.home_area_only and old_area != content["area_pool"]:
        raise ValidationError({"area_pool": _("In this round you vote in the pool of your own home area: a "
                                              "change keeps the area of your first vote.")})


def _open_sql() -> str:
    """``_check_open`` as an SQL query that gives a row only while the round is open (parameters: the round's id,
    ``Phase.VOTING``). Keep the two in step: where it gives no row, nothing is written and the refusal is worded
    by ``_check_open``."""
    return (f"SELECT 1 FROM {rows.table(Round)} WHERE {rows.column(Round, 'id')} = %s "  # noqa: S608 (from _meta)
            f"AND {rows.column(Round, 'phase')} = %s AND ({rows.column(Round, 'voting_closes_at')} IS NULL "
            f"OR {rows.column(Round, 'voting_closes_at')} > clock_timestamp())")


def _open_and_pool_kept_sql() -> str:
    """``_open_sql`` and ``_home_pool_kept`` as one SQL condition on a counted ballot being deleted (for
    ``_counted_replace``; parameters: the round's id, ``Phase.VOTING``, the new ballot's area pool). Keep them in
    step: where this condition is false, nothing is written and the general way words the refusal with them."""
    return (f"{_open_sql()} AND (NOT {rows.column(Round, 'home_area_only')} "
            f"OR {rows.column(Ballot, 'area_pool')} IS NOT DISTINCT FROM %s)")


def _pending_delete(ids: list) -> None:
    """Delete the pending ballots ``ids`` (as stored): on PostgreSQL one statement of the same text for any number
    (an array), elsewhere at most 500 per statement (the close mixes the whole box)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            key = PendingBallot._meta.pk
            cursor.execute(f"DELETE FROM {rows.table(PendingBallot)} "  # noqa: S608 (names from _meta)
                           f"WHERE {rows.column(PendingBallot, 'id')} = ANY(%s::{key.db_type(connection)}[])", [ids])
            return
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            cursor.execute(f"DELETE FROM {rows.table(PendingBallot)} "  # noqa: S608 (names from _meta)
                           f"WHERE {rows.column(PendingBallot, 'id')} IN ({rows.placeholders(len(chunk))})", chunk)


def _pending_swap(rnd: Round, gone: list, content: dict) -> int:
    """Delete the pending ballots ``gone`` (ids as stored), put ``content`` sealed into the box and return how many
    ballots wait in the box afterwards. One statement on PostgreSQL, three on SQLite: this runs while the round is
    locked, so nobody else changes the box meanwhile."""
    pending, key = rows.table(PendingBallot), rows.column(PendingBallot, "id")
    of_round = f"SELECT COUNT(*) FROM {pending} WHERE {rows.column(PendingBallot, 'round')} = %s"  # noqa: S608
    put = (f"INSERT INTO {pending} ({rows.columns(PendingBallot, ('id', 'round', 'sealed'))}) "  # noqa: S608
           f"VALUES (%s, %s, %s)")
    values = [rows.prepared(PendingBallot, "id", uuid.uuid4()), rnd.pk,
              rows.prepared(PendingBallot, "sealed", seal(rnd.pk, content))]
    delete = f"DELETE FROM {pending} WHERE {key} IN ({rows.placeholders(len(gone))})"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the count reads the box as it was before this statement (one snapshot for the whole statement)
            deleting = f"gone AS ({delete} RETURNING 1), " if gone else ""
            cursor.execute(f"WITH {deleting}put AS ({put} RETURNING 1) {of_round}", [*gone, *values, rnd.pk])
            return cursor.fetchone()[0] - len(gone) + 1
        if gone:
            cursor.execute(delete, gone)
        cursor.execute(put, values)
        cursor.execute(of_round, [rnd.pk])
        return cursor.fetchone()[0]


def _ballot_replace(*, rnd: Round, key: str, value: str, content: dict, refused: str,
                    chain: tuple[str, str | None] | None = None) -> None:
    """Delete the ballot (counted or pending) that carries ``value`` under ``key`` and put the new ``content``
    into the box with the old ballot's receipt and tag, in one transaction. In a round where the area vote is only
    for one's home area, a change keeps the area pool of the first vote (no moving between pools). ``rnd`` may be
    the round as the page read it: the voting is checked to be open again on the locked row."""
    field = {"receipt": "receipt_hash", "tag": "change_tag"}[key]
    if connection.vendor == "postgresql":
        waiting = _counted_replace(rnd, key, field, value, content, chain)
        if waiting is not None:
            _mix_quietly(rnd, waiting=waiting)
            return
    with transaction.atomic():
        # one change or mix of this round at a time; only the fields the checks read
        locked = _round_lock(rnd)
        _check_open(locked)
        old = _ballot_delete_returning(locked, field, value)
        # A ballot is either counted or waiting in the box, never both: every writer (a cast, a change, the mixer)
        # holds this lock. So the box is read (and every waiting ballot unsealed) only when no counted ballot
        # carried the value — after a mix, most changes find their ballot counted.
        pending = [] if old is not None else [(pk, sealed) for pk, sealed in _pending_box(locked)
                                              if sealed.get(key) == value]
        if old is not None:
            old_area, receipt, tag = old
        elif pending:
            first = pending[0][1]
            old_area, receipt, tag = first["area_pool"], first["receipt"], first.get("tag")
        else:
            raise ValidationError({key: refused})
        _home_pool_kept(locked, old_area, content)
        content["receipt"], content["tag"] = receipt, tag
        waiting = _pending_swap(locked, [pk for pk, _sealed in pending], content)
    _mix_quietly(locked, waiting=waiting)


def _counted_replace(rnd: Round, key: str, field: str, value: str, content: dict,
                     chain: tuple[str, str | None] | None = None) -> int | None:
    """PostgreSQL's short way for the common change, a counted ballot replaced (after a mix most are counted):
    returns how many ballots then wait in the box, or ``None`` when it did nothing (no counted ballot carries
    ``value``, it changed meanwhile, the voting has closed, or the area pool would move in a home-area round):
    then the general way of ``_ballot_replace`` runs, which gives the refusal in the voter's words.

    Under 500 voters changing at once the round's lock was the queue. Its holder came back to Python between its
    statements and before its commit, and there waited for its turn at the interpreter (seven other threads of its
    process wanted it) far longer than PostgreSQL worked: sampled, 5 to 6 of 16 connections were waiting for the
    lock and one held it "idle in transaction". Here the whole change is one request in autocommit: PostgreSQL runs
    the statements of one simple query as one transaction, so the lock is held only while PostgreSQL works, and it
    is committed or rolled back before any answer comes back. A chain of ballots keeps its receipt and change tag
    for good, so both are known before the lock (``chain``, passed on by the receipt check, or read here) and the
    new ballot is sealed before it too. Then the lock, and —
    with a snapshot taken after the lock is held, as each statement of a request takes its own — the counted
    ballot and its choices deleted and the new ballot put in the box, only if that ballot was still counted with
    that receipt and tag, the locked round is still open (its phase and closing time, against the clock then) and,
    where the area vote is only for one's home area, the area pool stays the same."""
    if connection.in_atomic_block:  # inside a caller's transaction the statements would not be one on their own
        return None
    ballot, round_is = rows.table(Ballot), f"{rows.column(Ballot, 'round')} = %s"
    if chain is None:  # ``chain``: the receipt and tag as the receipt check found them (a hint, checked below)
        pair = rows.columns(Ballot, ("receipt_hash", "change_tag"))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pair} FROM {ballot} WHERE {round_is} "  # noqa: S608 (names from _meta)
                           f"AND {rows.column(Ballot, field)} = %s", [rnd.pk, value])
            chain = cursor.fetchone()
        if chain is None:
            return None
    receipt, tag = chain
    new = {**content, "receipt": receipt, "tag": tag}
    key_col, pending = rows.column(Ballot, "id"), rows.table(PendingBallot)
    replaced = _locked_request(
        rnd, CHANGE_LOCK,
        f"WITH gone AS (DELETE FROM {ballot} WHERE {round_is} AND {rows.column(Ballot, 'receipt_hash')} = %s "  # noqa: S608
        f"AND {rows.column(Ballot, 'change_tag')} IS NOT DISTINCT FROM %s AND EXISTS ({_open_and_pool_kept_sql()}) "
        f"RETURNING {key_col}), "
        f"choices AS (DELETE FROM {rows.table(BallotChoice)} WHERE {rows.column(BallotChoice, 'ballot')} IN "
        f"(SELECT {key_col} FROM gone)), "
        f"put AS (INSERT INTO {pending} ({rows.columns(PendingBallot, ('id', 'round', 'sealed'))}) "
        f"SELECT %s, %s, %s WHERE EXISTS (SELECT 1 FROM gone) RETURNING 1) "
        f"SELECT (SELECT COUNT(*) FROM {pending} WHERE {rows.column(PendingBallot, 'round')} = %s) FROM gone",
        [rnd.pk, receipt, tag, rnd.pk, Phase.VOTING.value, content["area_pool"],
         rows.prepared(PendingBallot, "id", uuid.uuid4()), rnd.pk,
         rows.prepared(PendingBallot, "sealed", seal(rnd.pk, new)), rnd.pk])
    if replaced is None:  # nothing was written: the general way decides, in a transaction of its own
        return None
    return replaced[0] + 1  # the count read the box as it was before the new ballot went in


def change_tags_wipe(*, round: Round) -> int:
    """Forget every change tag of a round once its voting has closed (they only serve changes, which are then
    refused): afterwards not even the voter key and a person's identity lead to their ballot."""
    return Ballot.objects.filter(round_id=round.pk, change_tag__isnull=False).update(change_tag=None)


def ballots_mix(*, round: Round, force: bool = False, waiting: int | None = None) -> int:
    """Move pending ballots into the count: all of them in random order in one transaction, which also deletes
    them from the box — only when there are at least ``MIX_BATCH`` (or always with ``force``, at the close).
    ``waiting``: how many ballots the caller just saw in the box (saves counting them again). Returns how many
    were moved."""
    if waiting is None and not force:
        waiting = PendingBallot.objects.filter(round_id=round.pk).count()
    if not force and waiting is not None and waiting < MIX_BATCH:
        return 0  # cheap check first: no lock taken while a batch fills
    if not force and connection.vendor == "postgresql" and not connection.in_atomic_block:
        # one mixer per process at a time: under a peak every change that sees a full box would otherwise read,
        # unseal and queue for the lock, and all but the first would find the box gone; a mixing skipped is
        # never lost (the next vote mixes, the close mixes what is left)
        if not _mixing.acquire(blocking=False):
            return 0
        try:
            moved = _mix_at_once(round)
            return moved if moved is not None else _mix_locked(round, force=False)
        finally:
            _mixing.release()
    return _mix_locked(round, force=force)


def _mix_locked(round: Round, *, force: bool) -> int:
    """The general way of ``ballots_mix``: in one transaction with the round locked throughout."""
    with transaction.atomic():
        # plain statements (issue 12: this ran once per ten vote changes, a seventh of the server's time in the ORM)
        _round_lock(round)
        pending = _pending_sealed(round)
        if not pending or (len(pending) < MIX_BATCH and not force):
            return 0
        ballots, choices = _mixed_rows(round, pending)
        rows.insert_rows(Ballot, BALLOT_FIELDS, ballots)
        rows.insert_rows(BallotChoice, CHOICE_FIELDS, choices)
        _pending_delete([pk for pk, _sealed in pending])
    return len(pending)


CHOICE_FIELDS = ("id", "ballot", "proposal")
_mixing = threading.Lock()


def _mixed_rows(rnd: Round, pending: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """The counted ballots and their choices (rows of values of ``BALLOT_FIELDS`` and ``CHOICE_FIELDS``) of the
    sealed ``pending`` ballots, each list in its own random order and under new random ids."""
    rng = secrets.SystemRandom()
    try:
        contents = [unseal(rnd.pk, sealed) for _pk, sealed in pending]
    except ValueError:
        raise ValidationError(_("The waiting ballots cannot be opened with the configured voter key. Restore "
                                "the voter key that was in use while the voting was open; nothing was "
                                "changed.")) from None
    rng.shuffle(contents)
    ballots, choices = [], []
    for content in contents:  # rows of values, not model instances (the mixer runs once per ten changes)
        ballot_id = uuid.uuid4()
        totals = content["totals"]
        ballots.append((ballot_id, rnd.pk, content["receipt"], content.get("tag"), content["area_pool"],
                        *(totals[name] for name in BALLOT_TOTALS)))
        choices += [(uuid.uuid4(), ballot_id, p) for p in content["proposals"]]
    rng.shuffle(choices)
    return ballots, choices


def _mix_at_once(rnd: Round) -> int | None:
    """PostgreSQL's short way for the mixing between votes (not the close's), outside any transaction: returns how
    many ballots it moved, or ``None`` when it moved none because the box changed after it was read (another
    process mixed first, or a waiting ballot was changed); then the general way runs, with the round locked
    throughout, so that the box never grows faster than it is emptied (measured: without it, a box that had grown
    changed ever more often between the read and the lock, and a run's p95 went from 2.5 to 11.6 s).

    Sampled under 500 voters changing at once, 7 to 8 of 16 database sessions waited for the round's lock, and one
    held it "idle in transaction": the mixer, back in Python between its statements (reading the box, two inserts,
    the delete, the commit) and waiting for its turn at the interpreter. Here the box is read and unsealed, and the
    counted ballots are built, before the lock; then one request — PostgreSQL runs the statements of one simple
    query as one transaction — takes the lock and, with a snapshot taken after it is held, deletes the ballots read
    from the box and inserts their counted rows only if every one of them is still in the box (every writer that
    deletes from the box holds the lock; new ballots may come in meanwhile and wait for the next mix). The request
    does not pair a waiting ballot with its counted row: the box's ids and the counted rows are separate lists."""
    pending = _pending_sealed(rnd)
    if len(pending) < MIX_BATCH:
        return 0
    ballots, choices = _mixed_rows(rnd, pending)
    ids = [pk for pk, _sealed in pending]
    box, key = rows.table(PendingBallot), rows.column(PendingBallot, "id")
    listed = f"{key} = ANY(%s::{PendingBallot._meta.pk.db_type(connection)}[])"
    put_ballots, ballot_values = rows.array_insert(Ballot, BALLOT_FIELDS, ballots)
    put_choices, choice_values = rows.array_insert(BallotChoice, CHOICE_FIELDS, choices)
    (whole,) = _locked_request(
        rnd, BOX_LOCK,
        f"WITH here AS (SELECT COUNT(*) = %s AS whole FROM {box} WHERE {listed}), "  # noqa: S608 (names from _meta)
        f"gone AS (DELETE FROM {box} WHERE {listed} AND (SELECT whole FROM here)), "
        f"counted AS ({put_ballots} WHERE (SELECT whole FROM here)), "
        f"chosen AS ({put_choices} WHERE (SELECT whole FROM here)) "
        f"SELECT whole FROM here",
        [len(ids), ids, ids, *ballot_values, *choice_values])
    return len(ids) if whole else None


def _locked_request(rnd: Round, mode: str, statement: str, params: list) -> tuple | None:
    """PostgreSQL, outside any transaction: the round's lock (``mode``) and then ``statement`` sent as one simple
    query, which PostgreSQL runs as one transaction — the lock is held only while PostgreSQL works, never while a
    Python thread waits for the interpreter — and ``statement``'s snapshot is taken once the lock is held. Returns
    the first row ``statement`` gives, or ``None``."""
    with connection.cursor() as cursor:
        cursor.execute(f"{_round_lock_sql(mode)}; {statement}", [rnd.pk, *params])
        cursor.nextset()
        return cursor.fetchone()


def _mix_quietly(rnd: Round, waiting: int | None = None) -> None:
    """Mix when a batch is full; a busy database only postpones the mixing to the next vote or the close."""
    try:
        ballots_mix(round=rnd, waiting=waiting)
    except (OperationalError, ValidationError) as exc:  # the vote itself is stored; the close mixes again
        logger.warning("participatory budgeting: mixing postponed in round %s: %s", rnd.pk, exc)


def staff_vote_enter(*, actor, round: Round, identifier: str, method: str, area_pool: Pool | None,
                     proposal_ids: Iterable[int]) -> None:
    """A paper or assisted vote typed in by staff into the same roll as the online votes (the person's identity
    code is validated and normalised, never stored)."""
    if method not in (VoterMethod.PAPER, VoterMethod.ASSISTED):
        raise ValidationError({"method": _("Choose paper or assisted.")})
    attestation = StaffEntryProvider().attest(round=round, identifier=identifier, method=method)
    ballot_cast(round=round, attestation=attestation, area_pool=area_pool, proposal_ids=proposal_ids)
    # recorded once the ballot is in the box, so that an entry refused on the way leaves no "vote entered"
    audit_record(actor=actor, action="pb_ballot.staff_entry", object_type="budgeting.round", object_id=round.pk,
                 note=AuditNote(gettext_noop("Vote entered: %(method)s"),
                                {"method": audit_label(VoterMethod(method).label)}))


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
    ballots_mix(round=rnd, force=True)  # a ballot cast just before the close still waits in the box
    for pool in rnd.pools.all():
        proposals = list(rnd.proposals.filter(pool=pool, status__in=[
            ProposalStatus.FEASIBLE, ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED]).order_by("pk"))
        if not proposals:
            continue
        election = _pool_election(pool, proposals)
        outcome = solve(election, "greedy" if rnd.rule == Rule.GREEDY else "equal-shares", completion="add1")
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
    audit_record(actor=actor, action="pb_round.results", instance=rnd, note=audit_label(rnd.get_rule_display()))
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
    """Each funded project arrives in the programme as a proposal waiting for intake, not pre-approved: the steering
    group decides on it like on any other proposal (plan, section 7; issue 14 item 2)."""
    from yhteiso.programme.models import BenefitGoal, ProjectKind, ProposerType
    from yhteiso.programme.models_intake import ProposalSource
    from yhteiso.programme.services_intake import proposal_submit

    if rnd.is_imported:
        return  # an imported election (e.g. a pabulib file from another city) is not an Espoo decision
    goal = rnd.programme_goal or BenefitGoal.objects.filter(programme__is_default=True).order_by("number").first()
    if goal is None:
        return
    for p in rnd.proposals.filter(status=ProposalStatus.FUNDED, programme_project__isnull=True).select_related(
        "pool__area"
    ):
        funded = _("Funded by the participatory-budgeting round %(round)s.") % {"round": rnd.name_fi}
        proposal = proposal_submit(
            actor=actor, source=ProposalSource.PARTICIPATORY_BUDGETING, goals=[goal],
            target_areas=[p.pool.area] if p.pool.area_id else [],
            kind=ProjectKind.ACTION, proposer_type=ProposerType.RESIDENTS,
            proposer_name=(p.proposer or rnd.name_fi)[:300],
            name_fi=p.title_fi[:300], name_sv=p.title_sv[:300], name_en=p.title_en[:300],
            intended_outputs=p.description_fi, description=p.description_fi or p.title_fi,
            planned_cost_min=p.cost, planned_cost_max=p.cost, funding_sought=p.cost, cost_note=funded,
            line_work_difference=_("Chosen by residents' votes in the participatory-budgeting round %(round)s.")
            % {"round": rnd.name_fi},
        )
        project = proposal.project
        p.programme_project = project
        p.save(update_fields=["programme_project"])


# ---------------------------------------------------------------------------------------------- .pb import
IMPORT_LIMIT = 2_000_000_000
"""The largest cost of one project, and of one imported ballot's projects together, that a ballot may hold (the
ballot's limit; the database refuses more)."""


@transaction.atomic
def round_import_pb(*, actor, text: str | bytes, slug: str, name_fi: str) -> Round:
    """Create a round (in the results phase, marked as imported) from a pabulib ``.pb`` file: one citywide pool,
    the projects and the anonymous ballots. A malformed file is refused naming the line; nothing is stored."""
    try:
        inst = parse_pb(text)
    except PBFormatError as exc:
        raise ValidationError({"file": pb_error_message(exc)}) from None
    if inst.meta.get("vote_type", "approval").lower() != "approval":
        raise ValidationError({"file": _("Only approval votes can be imported.")})
    budget = inst.budget
    costs = dict(zip(inst.project_ids, inst.costs, strict=True))  # each cost parsed once
    ballots = inst.ballots
    if budget.denominator != 1 or any(c.denominator != 1 for c in costs.values()):
        raise ValidationError({"file": _("The budget and the costs must be whole numbers.")})
    code_length = Proposal._meta.get_field("code").max_length
    limit = euros(IMPORT_LIMIT)
    for pid, cost in costs.items():
        if len(pid) > code_length:
            raise ValidationError({"file": _("The project id %(id)s… is longer than %(n)d characters.")
                                   % {"id": pid[:20], "n": code_length}})
        if cost > IMPORT_LIMIT:
            raise ValidationError({"file": _("The cost of project %(id)s is more than %(limit)s.")
                                   % {"id": pid, "limit": limit}})
    for number, ballot_ids in enumerate(ballots, start=1):
        if sum(costs[p] for p in ballot_ids) > IMPORT_LIMIT:
            raise ValidationError({"file": _("Vote %(n)d chooses projects costing together more than %(limit)s.")
                                   % {"n": number, "limit": limit}})
    rule = Rule.GREEDY if inst.meta.get("rule", "").startswith("greedy") else Rule.EQUAL_SHARES
    rnd = Round(slug=slug, name_fi=name_fi, phase=Phase.RESULTS, is_imported=True, is_test=True,
                rule=rule,
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
                     status=ProposalStatus.FEASIBLE, cost=int(costs[pid]))
        if p.cost > pool.budget:
            p.status, p.feasibility_reason = ProposalStatus.NOT_FEASIBLE, _("Costs more than the whole budget.")
        p.save()
        proposals[pid] = p
    choices = []
    for ballot_ids in ballots:
        chosen = [proposals[p] for p in ballot_ids]
        b = Ballot(round=rnd, receipt_hash=None, city_cost=sum(p.cost for p in chosen), city_count=len(chosen),
                   city_limit=IMPORT_LIMIT, area_limit=IMPORT_LIMIT, max_count=32_000)
        b.save()
        choices += [BallotChoice(ballot=b, proposal=p) for p in chosen]
    BallotChoice.objects.bulk_create(choices, batch_size=5000)
    audit_record(actor=actor, action="pb_round.import", instance=rnd,
                 note=AuditNote(gettext_noop("Projects: %(projects)s, ballots: %(ballots)s"),
                                {"projects": len(proposals), "ballots": len(inst.ballots)}))
    return rnd
