"""Who waits for whom on the round's row (PostgreSQL; issue 12). The short ways of a vote — a counted ballot
replaced, a first ballot put into the box — lock the round ``FOR KEY SHARE``: they wait for the round's own changes
(the close locks it ``FOR UPDATE``) and then write nothing into a closed round, but they do not wait for the mixer
or for each other. Each test fails if the lock is weakened (a ballot left in the box after the close) or made
stronger (a change waiting for the mixer)."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation

from yhteiso.budgeting import services
from yhteiso.budgeting.models import Ballot, PendingBallot, Phase, Round, Voter
from yhteiso.budgeting.tests.factories import cast, ids, make_round, voter

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row lock modes are PostgreSQL's; SQLite writes "
                       "one at a time"),
]


def _counted(rnd: Round, who: str) -> tuple[str, tuple[str | None]]:
    """A voter's ballot cast and mixed into the count: its receipt's hash and its change tag (as the receipt check
    passes them on)."""
    receipt = cast(rnd, who, "c1")
    assert receipt is not None
    services.ballots_mix(round=rnd, force=True)
    receipt_hash, tag = services.receipt_chain(round=rnd, receipt=receipt)
    assert tag is not None
    return receipt_hash, tag


def _waiting_for_a_lock() -> int:
    """How many sessions wait for a row lock now (pg_locks is read live, not from a snapshot of the transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND locktype IN ('transactionid', 'tuple')")
        return cursor.fetchone()[0]


class _Worker(threading.Thread):
    """Runs ``work`` on its own database connection; keeps what it raised."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work, self.error = work, None

    def run(self):
        try:
            with translation.override("en"):
                self.work()
        except Exception as exc:  # kept for the test to look at
            self.error = exc
        finally:
            connection.close()


def _until(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("vote", ["counted change", "first vote"])
def test_a_vote_held_up_by_the_close_writes_nothing_into_the_closed_round(vote):
    """The close holds the round's row; a change or a first vote that read the round open comes meanwhile. It waits
    for the close and then is refused: nothing stays in the box the close emptied, nobody is left on the roll
    without a ballot."""
    rnd = make_round()
    receipt_hash, tag = _counted(rnd, "alice")
    page_round = Round.objects.get(pk=rnd.pk)  # as the ballot page read it: open
    if vote == "counted change":
        worker = _Worker(lambda: services.ballot_change(
            round=page_round, receipt_hash=receipt_hash, area_pool=None, proposal_ids=ids(rnd, "c2"),
            change_tag=tag))
    else:
        worker = _Worker(lambda: services.ballot_cast(
            round=page_round, attestation=voter(rnd, "bob"), area_pool=None, proposal_ids=ids(rnd, "c2")))
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=rnd.pk)  # the close has begun
        worker.start()
        assert _until(lambda: _waiting_for_a_lock() == 1), "the vote did not wait for the close"
        services.round_set_phase(actor=None, round=rnd, phase=Phase.RESULTS)
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert isinstance(worker.error, ValidationError) and "The voting is closed" in str(worker.error)
    assert not PendingBallot.objects.filter(round=rnd).exists()
    assert Voter.objects.filter(round=rnd).count() == Ballot.objects.filter(round=rnd).count() == 1
    assert list(Ballot.objects.get(round=rnd).choices.values_list("code", flat=True)) == ["c1"]


def test_a_counted_change_and_a_first_vote_do_not_wait_for_the_mixer():
    """The mixer (and the general way of a change) holds the round ``FOR NO KEY UPDATE`` while it empties the box;
    a counted ballot's change and a first vote go through meanwhile (they only add to the box)."""
    rnd = make_round()
    receipt_hash, tag = _counted(rnd, "alice")
    change = _Worker(lambda: services.ballot_change(
        round=rnd, receipt_hash=receipt_hash, area_pool=None, proposal_ids=ids(rnd, "c2"), change_tag=tag))
    first = _Worker(lambda: services.ballot_cast(
        round=rnd, attestation=voter(rnd, "bob"), area_pool=None, proposal_ids=ids(rnd, "c3")))
    with transaction.atomic():
        services._round_lock(rnd)  # the mixer's lock, held
        change.start()
        first.start()
        change.join(timeout=10)
        first.join(timeout=10)
        done = not change.is_alive() and not first.is_alive()
    change.join(timeout=30)
    first.join(timeout=30)
    assert done, "a vote waited for the mixer"
    assert change.error is None and first.error is None
    assert PendingBallot.objects.filter(round=rnd).count() == 2 and not Ballot.objects.filter(round=rnd).exists()


def test_the_close_amid_many_votes_leaves_the_box_empty_and_every_voter_with_one_ballot():
    """Votes and changes from many connections while the round closes: afterwards no ballot waits in the box,
    every voter on the roll has exactly one ballot, each receipt is counted once and no change tag survives."""
    rnd = make_round()
    chains = [_counted(rnd, f"early{i}") for i in range(12)]
    stop = threading.Event()

    def votes(worker: int) -> None:
        for n in range(60):
            if stop.is_set() and n % 5 == 0:
                return
            try:
                if n % 3 == 0:
                    services.ballot_cast(round=rnd, attestation=voter(rnd, f"w{worker}-{n}"), area_pool=None,
                                         proposal_ids=ids(rnd, "c3"))
                else:
                    receipt_hash, tag = chains[(worker * 7 + n) % len(chains)]
                    services.ballot_change(round=rnd, receipt_hash=receipt_hash, area_pool=None,
                                           proposal_ids=ids(rnd, ("c1", "c2")[n % 2]),
                                           change_tag=tag if n % 4 else None)
            except ValidationError:  # closed, or a chain whose ballot moved meanwhile (the hint no longer right)
                pass

    workers = [_Worker(lambda w=w: votes(w)) for w in range(6)]
    for worker in workers:
        worker.start()
    time.sleep(0.3)
    services.round_set_phase(actor=None, round=rnd, phase=Phase.RESULTS)
    stop.set()
    for worker in workers:
        worker.join(timeout=120)
        assert not worker.is_alive() and worker.error is None
    assert not PendingBallot.objects.filter(round=rnd).exists()
    voters = Voter.objects.filter(round=rnd).count()
    assert voters > len(chains) and Ballot.objects.filter(round=rnd).count() == voters
    assert Ballot.objects.filter(round=rnd).values("receipt_hash").distinct().count() == voters
    assert not Ballot.objects.filter(round=rnd, change_tag__isnull=False).exists()
