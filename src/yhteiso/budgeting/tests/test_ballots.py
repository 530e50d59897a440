"""Ballots: one person, one vote, the rules of approval and knapsack voting, privacy of the roll, concurrency."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from yhteiso.budgeting import services
from yhteiso.budgeting.identity import keyed
from yhteiso.budgeting.models import Ballot, BallotChoice, PendingBallot, Round, Voter, VotingCode
from yhteiso.budgeting.tests.factories import areas, cast, change, hetu, ids, make_round, mix, voter

pytestmark = pytest.mark.django_db


def chosen_codes():
    return sorted(BallotChoice.objects.values_list("proposal__code", flat=True))


def test_a_valid_ballot_is_stored_with_one_roll_entry():
    rnd = make_round()
    area = areas()[0]
    cast(rnd, "alice", "c1", "a1-1", area=area)
    assert Voter.objects.count() == 1 and PendingBallot.objects.count() == 1 and not Ballot.objects.exists()
    mix(rnd)
    assert Ballot.objects.count() == 1 and not PendingBallot.objects.exists()
    assert chosen_codes() == ["a1-1", "c1"]
    ballot = Ballot.objects.get()
    assert (ballot.city_cost, ballot.city_count, ballot.area_cost, ballot.area_count) == (60, 1, 20, 1)


def test_a_vote_can_be_changed_with_the_receipt_and_replaces_the_old_choices():
    rnd = make_round()
    receipt = cast(rnd, "alice", "c1")
    change(rnd, receipt, "c2")  # still pending
    mix(rnd)
    change(rnd, receipt.lower().replace("-", " "), "c2", "c3")  # counted: replaced again
    mix(rnd)
    assert Voter.objects.count() == 1 and Ballot.objects.count() == 1
    assert chosen_codes() == ["c2", "c3"]
    assert Ballot.objects.get().receipt_hash == keyed("receipt", rnd.pk, receipt.replace("-", ""))


def test_a_second_vote_of_the_same_person_is_refused_and_a_wrong_receipt_changes_nothing():
    rnd = make_round()
    cast(rnd, "alice", "c1")
    with pytest.raises(ValidationError, match="already voted"):
        cast(rnd, "alice", "c2")
    with pytest.raises(ValidationError, match="receipt code is not valid"):
        change(rnd, "AAAA-BBBB-CCCC", "c2")
    mix(rnd)
    assert chosen_codes() == ["c1"]


def test_two_people_get_two_ballots():
    rnd = make_round()
    cast(rnd, "alice", "c1")
    cast(rnd, "bob", "c2")
    mix(rnd)
    assert Voter.objects.count() == 2 and Ballot.objects.count() == 2


def test_an_approval_ballot_outside_the_minimum_and_maximum_is_refused_and_nothing_stored():
    rnd = make_round(max_projects=2)
    with pytest.raises(ValidationError, match="choose at most 2 project"):
        cast(rnd, "alice", "c1", "c2", "c3")
    with pytest.raises(ValidationError, match="choose at least 1 project"):
        cast(rnd, "alice")
    assert not Voter.objects.exists() and not PendingBallot.objects.exists() and not BallotChoice.objects.exists()


def test_a_knapsack_ballot_over_the_budget_is_refused_with_the_amount():
    rnd = make_round(ballot_type="knapsack", city_budget=100, costs=(60, 50, 30))
    with pytest.raises(ValidationError) as err:
        cast(rnd, "alice", "c1", "c2")
    assert "110" in str(err.value) and "over the budget of 100" in str(err.value) and "by 10" in str(err.value)
    assert not Ballot.objects.exists() and not Voter.objects.exists()
    cast(rnd, "alice", "c1", "c3")  # 90 fits
    mix(rnd)
    assert Ballot.objects.get().city_cost == 90


def test_a_knapsack_ballot_must_spend_the_minimum_share():
    rnd = make_round(ballot_type="knapsack", city_budget=100, min_spend_percent=50)
    with pytest.raises(ValidationError, match="at least 50"):
        cast(rnd, "alice", "c3")
    cast(rnd, "alice", "c1")


def test_projects_of_another_area_than_the_chosen_one_are_refused():
    rnd = make_round()
    first, _second = areas()
    with pytest.raises(ValidationError, match="area other than"):
        cast(rnd, "alice", "c1", "a2-1", area=first)
    assert not Ballot.objects.exists()


def test_a_vote_after_the_round_closes_is_refused():
    rnd = make_round()
    Round.objects.filter(pk=rnd.pk).update(voting_closes_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="voting is closed"):
        cast(rnd, "alice", "c1")
    assert not Ballot.objects.exists()


def test_a_vote_is_refused_after_the_round_moves_to_results():
    rnd = make_round()
    receipt = cast(rnd, "alice", "c1")
    services.round_set_phase(actor=None, round=rnd, phase="results")
    assert not PendingBallot.objects.exists()  # the close mixed the pending ballot into the count
    with pytest.raises(ValidationError, match="voting is closed"):
        cast(rnd, "bob", "c2")
    with pytest.raises(ValidationError, match="voting is closed"):
        change(rnd, receipt, "c2")
    assert chosen_codes() == ["c1"]


def test_a_voting_code_votes_once_and_a_reused_code_only_identifies_the_voter_to_change():
    rnd = make_round()
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    assert not VotingCode.objects.filter(code_hash__contains=code.replace("-", "")).exists()  # only the hash
    first = services.voter_sign_in(round=rnd, code=code.lower())
    assert services.voter_sign_in(round=rnd, code=code).token == first.token  # signing in does not use it up
    assert not first.used
    services.ballot_cast(round=rnd, attestation=first, area_pool=None, proposal_ids=ids(rnd, "c1"))
    again = services.voter_sign_in(round=rnd, code=code)
    assert again.used and again.token == first.token
    with pytest.raises(ValidationError, match="already voted"):  # a second vote with it is refused
        services.ballot_cast(round=rnd, attestation=again, area_pool=None, proposal_ids=ids(rnd, "c2"))
    assert Ballot.objects.count() + PendingBallot.objects.count() == 1
    with pytest.raises(ValidationError, match="not valid"):
        services.voter_sign_in(round=rnd, code="AAAA-BBBB-CCCC")


def test_paper_votes_go_into_the_same_roll_and_a_second_one_is_refused():
    rnd = make_round()
    services.staff_vote_enter(actor=None, round=rnd, identifier=hetu(1, 1, 1990, 123), method="paper",
                              area_pool=None, proposal_ids=ids(rnd, "c1"))
    assert Voter.objects.get().method == "paper"
    with pytest.raises(ValidationError, match="already on the voter roll"):
        services.staff_vote_enter(actor=None, round=rnd, identifier=hetu(1, 1, 1990, 123).lower(),
                                  method="assisted", area_pool=None, proposal_ids=ids(rnd, "c2"))
    mix(rnd)
    assert chosen_codes() == ["c1"] and Voter.objects.count() == 1


def test_the_roll_and_the_ballots_share_no_link():
    rnd = make_round()
    receipt = cast(rnd, "alice", "c1")
    pending = PendingBallot.objects.get()
    assert b"proposals" not in bytes(pending.sealed) and b"receipt" not in bytes(pending.sealed)  # sealed
    mix(rnd)
    ballot_fields = {f.name: f for f in Ballot._meta.get_fields()}
    assert not any(getattr(f, "related_model", None) is Voter for f in ballot_fields.values())
    for model in (Ballot, BallotChoice, PendingBallot, Voter):
        assert not any(f.get_internal_type() in ("DateTimeField", "DateField") for f in model._meta.concrete_fields)
        assert model._meta.pk.get_internal_type() == "UUIDField"
    roll, ballot = Voter.objects.get(), Ballot.objects.get()
    token = voter(rnd, "alice").token
    assert roll.roll_hash == keyed("roll", rnd.pk, token)
    # the ballot carries only the hash of the random receipt, which is not derived from the person
    assert ballot.receipt_hash == keyed("receipt", rnd.pk, receipt.replace("-", ""))
    assert token not in str(ballot.__dict__) and roll.roll_hash not in str(ballot.__dict__)


def test_the_database_refuses_a_second_roll_entry_and_a_second_ballot_with_one_receipt():
    rnd = make_round()
    cast(rnd, "alice", "c1")
    mix(rnd)
    roll, ballot = Voter.objects.get(), Ballot.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Voter.objects.create(round=rnd, roll_hash=roll.roll_hash)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(round=rnd, receipt_hash=ballot.receipt_hash)


def test_the_database_refuses_an_over_budget_ballot_even_without_the_service():
    rnd = make_round(ballot_type="knapsack")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(round=rnd, receipt_hash="x", city_cost=101, city_limit=100, area_limit=0, max_count=9)


def test_the_rules_freeze_when_voting_opens():
    rnd = make_round()
    with pytest.raises(ValidationError, match="frozen"):
        services.round_update(actor=None, round=rnd, max_projects=5)
    with pytest.raises(ValidationError, match="frozen"):
        services.proposal_assess(actor=None, proposal=rnd.proposals.first(), status="feasible", cost=1)
    with pytest.raises(ValidationError, match="frozen"):
        services.pool_set_budget(actor=None, pool=rnd.pools.first(), budget=1)
    services.round_update(actor=None, round=rnd, name_sv="Omgång")  # other fields may still be edited


def test_voting_cannot_open_without_a_project_on_the_ballot():
    rnd = make_round(open_voting=False, costs=(), area_costs=())
    services.round_set_phase(actor=None, round=rnd, phase="feasibility")
    with pytest.raises(ValidationError, match="No proposal is on the ballot"):
        services.round_set_phase(actor=None, round=rnd, phase="voting")


def test_a_round_only_moves_forward():
    rnd = make_round()
    with pytest.raises(ValidationError, match="only moves forward"):
        services.round_set_phase(actor=None, round=rnd, phase="ideas")


@pytest.mark.django_db(transaction=True)
def test_concurrent_clicks_never_create_a_second_roll_entry_or_ballot():
    rnd = make_round(ballot_type="knapsack", city_budget=100, costs=(60, 50, 30, 40))
    options = [("c1", "c3"), ("c2", "c4"), ("c1", "c2"), ("c3", "c4"), ("c1",)]  # ("c1", "c2") = 110: refused
    errors, barrier, cast_ok = [], threading.Barrier(10), []

    def click(i):
        try:
            barrier.wait()
            for k in range(5):
                try:
                    cast(rnd, "alice" if i % 2 else "bob", *options[(i + k) % len(options)])
                    cast_ok.append(i)
                except ValidationError:
                    pass
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    mix(rnd)
    assert len(cast_ok) == 2
    assert Voter.objects.filter(round=rnd).count() == 2
    assert Ballot.objects.filter(round=rnd).count() == 2
    for ballot in Ballot.objects.filter(round=rnd):
        costs = list(BallotChoice.objects.filter(ballot=ballot).values_list("proposal__cost", flat=True))
        assert sum(costs) == ballot.city_cost <= 100


def test_a_changed_voter_key_refuses_the_close_clearly_and_loses_no_ballot(settings):
    rnd = make_round()
    cast(rnd, "alice", "c1")
    settings.YHTEISO_VOTER_KEY = "another key"
    cast(rnd, "bob", "c2")  # still accepted: its mixing is only postponed
    with pytest.raises(ValidationError, match="cannot be opened with the configured voter key"):
        services.round_set_phase(actor=None, round=rnd, phase="results")
    assert PendingBallot.objects.count() == 2 and Round.objects.get(pk=rnd.pk).phase == "voting"
