"""One person, one vote: personal identity codes validated and normalised before keying; one roll for the paper
and the online channel. The codes here have the real format and a valid check character (test data)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from yhteiso.budgeting import services
from yhteiso.budgeting.identity import HETU_CHECK, hetu_birth_date, hetu_normalise
from yhteiso.budgeting.models import Voter, VotingCode
from yhteiso.budgeting.tests.factories import hetu, ids, make_round, mix

pytestmark = pytest.mark.django_db


def paper(rnd, identifier, *codes, method="paper"):
    services.staff_vote_enter(actor=None, round=rnd, identifier=identifier, method=method, area_pool=None,
                              proposal_ids=ids(rnd, *codes))


def test_the_check_character_of_real_format_codes():
    assert hetu(13, 10, 1952, 308) == "131052-308T"  # the example of the Digital and Population Data Agency
    assert hetu(1, 1, 1990, 123) == "010190-123M"
    assert hetu_normalise("131052-308T") == "131052-308T"


@pytest.mark.parametrize("written", ["010190-123M", "010190 -123M", "010190\u2013123M", "010190 \u2014 123m",
                                     " 010190\u2212123M ", "010190\u2011123M"])
def test_spaces_dashes_and_case_are_one_person(written):
    assert hetu_normalise(written) == "010190-123M"


@pytest.mark.parametrize(("written", "born"), [
    ("010190Y123M", dt.date(1990, 1, 1)), ("010190U123M", dt.date(1990, 1, 1)),
    ("010105A123M", None), ("010105B123M", None), ("010105F123M", None), ("010180+123M", None),
])
def test_every_century_sign_including_the_2023_ones_is_accepted(written, born):
    digits = written[:6] + written[7:10]
    code = written[:10] + HETU_CHECK[int(digits) % 31]
    assert hetu_normalise(code) == code
    if born:
        assert hetu_birth_date(code) == born
    assert hetu_birth_date(code).year == {"+": 1800, "A": 2000, "B": 2000, "F": 2000}.get(code[6], 1900) + int(
        code[4:6])


@pytest.mark.parametrize(("written", "message"), [
    ("010190-123A", "check character"),  # the issue's example has a wrong check character
    ("310290-123M", "valid date of birth"),
    ("010190G123M", "in the form"),
    ("010190-12M", "in the form"),
    ("Matti Meikäläinen", "in the form"),
    ("", "in the form"),
    ("010190-001M", "individual number"),
])
def test_an_invalid_code_is_refused_with_a_clear_message(written, message):
    with pytest.raises(ValidationError, match=message):
        hetu_normalise(written)


def test_three_spellings_of_one_code_are_one_person_on_paper():
    rnd = make_round()
    paper(rnd, "010190-123M", "c1")
    for spelling in ("010190 -123M", "010190\u2013123M"):
        with pytest.raises(ValidationError, match="already on the voter roll"):
            paper(rnd, spelling, "c2", method="assisted")
    assert Voter.objects.count() == 1


def test_an_online_vote_blocks_a_later_paper_vote_of_the_same_person():
    rnd = make_round()
    (code,) = services.voting_codes_issue(actor=None, round=rnd, identity_codes=["131052-308T"])
    assert not VotingCode.objects.filter(person_token__contains="131052").exists()
    att = services.voter_sign_in(round=rnd, code=code)
    services.ballot_cast(round=rnd, attestation=att, area_pool=None, proposal_ids=ids(rnd, "c1"))
    with pytest.raises(ValidationError, match="already on the voter roll"):
        paper(rnd, "131052 \u2013 308t", "c2")
    mix(rnd)
    assert Voter.objects.count() == 1 and rnd.ballots.count() == 1


def test_a_paper_vote_blocks_a_later_online_vote_of_the_same_person():
    rnd = make_round()
    paper(rnd, "131052-308T", "c1")
    (code,) = services.voting_codes_issue(actor=None, round=rnd, identity_codes=["131052–308T"])
    with pytest.raises(ValidationError, match="entered by staff on paper"):
        services.voter_sign_in(round=rnd, code=code)
    assert Voter.objects.count() == 1


def test_codes_for_named_persons_refuse_a_bad_row_and_a_repeated_person_naming_the_row():
    rnd = make_round()
    with pytest.raises(ValidationError, match="Row 2: The check character"):
        services.voting_codes_issue(actor=None, round=rnd, identity_codes=["131052-308T", "010190-123A"])
    with pytest.raises(ValidationError, match="Row 2: the same person as on row 1"):
        services.voting_codes_issue(actor=None, round=rnd, identity_codes=["131052-308T", "131052 -308T"])
    assert not VotingCode.objects.exists()


def test_a_paper_voter_under_the_minimum_age_is_refused():
    rnd = make_round()
    today = dt.date.today()
    young = hetu(today.day if today.day <= 28 else 28, today.month, today.year - 10, 200, sign="A")
    with pytest.raises(ValidationError, match="younger than the minimum age"):
        paper(rnd, young, "c1")
    assert not Voter.objects.exists()


def test_a_paper_ballot_looks_like_an_online_one():
    rnd = make_round()
    paper(rnd, "131052-308T", "c1")
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    att = services.voter_sign_in(round=rnd, code=code)
    services.ballot_cast(round=rnd, attestation=att, area_pool=None, proposal_ids=ids(rnd, "c1"))
    mix(rnd)
    rows = list(rnd.ballots.values_list("receipt_hash", "area_pool_id", "city_cost", "city_count", "max_count"))
    assert len(rows) == 2 and all(len(r[0]) == 64 for r in rows)
    assert {r[1:] for r in rows} == {rows[0][1:]}
