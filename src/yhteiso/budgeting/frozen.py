"""What a ballot is checked against — the round's pools and its feasible proposals with their costs — read once per
process while the round's rules are frozen, and the round a voter posts to, kept for a second (issue 12: 500 voters
changing their ballots at once).

When the voting opens (``Round.rules_frozen_at`` is set) the services refuse every change to these: a pool's budget
(``services.pool_set_budget``, ``services_setup.round_settings``), a proposal's status and cost
(``services.proposal_assess``), new proposals (``services.proposal_create``), hiding and merging
(``services_setup``). The freeze is never lifted. So a process may keep them, keyed by the round and the moment of
its freeze, and a posted ballot is then checked without reading them again (two statements of the five a vote
change ran). What can still change while the voting is open — the phase, the closing time — is decided only on the
locked, current round when a ballot is written.

A round whose rules are not frozen is read afresh each time (its ballot is refused anyway: the voting is not open).
The kept values are shared by the process's threads and must not be changed; ``pools`` gives a copy of its dict.

The round's own row (``selectors.vote_round``: a receipt check or a posted ballot reads it first) is kept for
``ROUND_FOR_S`` seconds once its rules are frozen. Of its fields only the phase and the closing time can still
change, and neither is decided on the kept row: a ballot is written only if the locked, current round is open (the
conditions of ``services._counted_replace``, the checks of ``services._ballot_replace``), and a first vote reads the
round again. So for at most that second after a close, another process may still accept a receipt code and show
the ballot, whose posting is then refused. A round saved or deleted by this process (its phase, closing time or
settings; a new round, which may take a slug) makes it forget everything kept here (``apps.py`` connects
``forget_on_change``)."""

from __future__ import annotations

import threading
import time

from django.db import connection

from yhteiso.budgeting.models import Pool, Proposal, ProposalStatus, Round
from yhteiso.core import rows

#: the fields of a round that casting, changing and checking a vote read (``validation``, ``services``); on the
#: voting hot path only these are read (the others load when used, e.g. to show the page again with an error);
#: ``rules_frozen_at`` says whether the round's pools and proposals may be kept
VOTE_ROUND_FIELDS = ("id", "slug", "phase", "voting_closes_at", "ballot_type", "min_projects", "max_projects",
                     "min_spend_percent", "min_age", "identity_provider", "eligibility", "home_area_only",
                     "rules_frozen_at")
_FROZEN_AT = VOTE_ROUND_FIELDS.index("rules_frozen_at")
POOL_FIELDS = ("id", "round", "area", "label", "budget")
PROPOSAL_FIELDS = ("id", "round", "pool", "cost")
KEPT_ROUNDS = 16  # rounds open at the same time; beyond this the oldest is forgotten
ROUND_FOR_S = 1.0  # how long a frozen round's row is kept (its phase and closing time may change meanwhile)

_kept: dict[tuple, tuple[dict[int, Pool], dict[int, Proposal]]] = {}
_rounds: dict[str, tuple[float, tuple]] = {}
_lock = threading.Lock()


def read_round_row(field: str, value) -> tuple | None:
    """The row of ``VOTE_ROUND_FIELDS`` of the round whose ``field`` (``id`` or ``slug``) is ``value`` (one plain
    statement, never kept), or ``None``."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {rows.columns(Round, VOTE_ROUND_FIELDS)} FROM {rows.table(Round)} "  # noqa: S608
                       f"WHERE {rows.column(Round, field)} = %s", [value])
        return cursor.fetchone()


def fresh_round(pk: int) -> Round:
    """The round ``pk`` as it is now (``VOTE_ROUND_FIELDS``; the others load when used); ``Round.DoesNotExist``
    when it is gone."""
    row = read_round_row("id", pk)
    if row is None:
        raise Round.DoesNotExist
    return rows.built(Round, VOTE_ROUND_FIELDS, row)


def read_pools(rnd: Round) -> dict[int, Pool]:
    """The round's pools by id (one plain statement; a pool's area, needed only for its name in a message, loads
    when used)."""
    return {p.pk: p for p in rows.instances(
        Pool, POOL_FIELDS, f"SELECT {rows.columns(Pool, POOL_FIELDS)} FROM {rows.table(Pool)} "  # noqa: S608
        f"WHERE {rows.column(Pool, 'round')} = %s ORDER BY {rows.column(Pool, 'id')}", [rnd.pk])}


def read_feasible(rnd: Round, ids: list[int] | None = None) -> dict[int, Proposal]:
    """The round's feasible proposals by id, only those among ``ids`` when given (one plain statement)."""
    among = f" AND {rows.column(Proposal, 'id')} IN ({rows.placeholders(len(ids))})" if ids else ""
    return {p.pk: p for p in rows.instances(
        Proposal, PROPOSAL_FIELDS,
        f"SELECT {rows.columns(Proposal, PROPOSAL_FIELDS)} FROM {rows.table(Proposal)} "  # noqa: S608
        f"WHERE {rows.column(Proposal, 'round')} = %s AND {rows.column(Proposal, 'status')} = %s{among}",
        [rnd.pk, ProposalStatus.FEASIBLE.value, *(ids or ())])}


def _kept_ballot(rnd: Round) -> tuple[dict[int, Pool], dict[int, Proposal]] | None:
    """The frozen round's pools and feasible proposals (read on first use in this process), or ``None`` when the
    round's rules are not frozen. ``rnd`` must have ``rules_frozen_at`` loaded (``selectors.VOTE_ROUND_FIELDS``)."""
    frozen = rnd.rules_frozen_at
    if frozen is None:
        return None
    key = (rnd.pk, frozen)
    found = _kept.get(key)
    if found is None:
        found = (read_pools(rnd), read_feasible(rnd))
        _keep(_kept, key, found)
    return found


def _keep(store: dict, key, value) -> None:
    """``store[key] = value``, forgetting the oldest entry first when ``store`` holds ``KEPT_ROUNDS``."""
    with _lock:
        if key not in store and len(store) >= KEPT_ROUNDS:
            store.pop(next(iter(store)), None)
        store[key] = value


def pools(rnd: Round) -> dict[int, Pool]:
    """The round's pools by id: kept while its rules are frozen, else read."""
    kept = _kept_ballot(rnd)
    return dict(kept[0]) if kept is not None else read_pools(rnd)


def feasible(rnd: Round, ids: list[int]) -> list[Proposal]:
    """The round's feasible proposals among ``ids`` (numbers a database could hold): kept while its rules are
    frozen, else read."""
    if not ids:
        return []
    kept = _kept_ballot(rnd)
    if kept is None:
        return list(read_feasible(rnd, ids).values())
    return [kept[1][i] for i in dict.fromkeys(ids) if i in kept[1]]


def round_row(slug: str) -> tuple | None:
    """The row of ``VOTE_ROUND_FIELDS`` of the round ``slug``, or ``None``: as read less than ``ROUND_FOR_S`` ago
    when its rules are frozen, else read now (and kept when they are)."""
    found = _rounds.get(slug)
    if found is not None and time.monotonic() - found[0] < ROUND_FOR_S:
        return found[1]
    row = read_round_row("slug", slug)
    if row is not None and row[_FROZEN_AT] is not None:
        _keep(_rounds, slug, (time.monotonic(), row))
    return row


def forget_on_change(sender, **kwargs) -> None:
    forget()


def forget() -> None:
    """Forget everything kept (a round was changed; tests that change a frozen round behind the services' back)."""
    with _lock:
        _kept.clear()
        _rounds.clear()
