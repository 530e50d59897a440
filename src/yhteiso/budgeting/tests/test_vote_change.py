"""Changing a vote later by identifying again through the identity provider (issue 15 item 4), the home-area rule
on a change, and the lives / works / studies declaration."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from yhteiso.budgeting import services
from yhteiso.budgeting.identity import Attestation, change_tag, person_token
from yhteiso.budgeting.models import Ballot, PendingBallot, Round, Voter
from yhteiso.budgeting.tests.factories import areas, cast, change, hetu, ids, make_round, mix, voter

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"


def counted(rnd) -> list[list[str]]:
    """Every ballot of the round after mixing, as sorted project codes."""
    mix(rnd)
    return sorted(sorted(b.choices.values_list("code", flat=True)) for b in Ballot.objects.filter(round=rnd))


def page_vote(device: Client, rnd, code: str, *projects: str, extra=None, lang="en"):
    """Identify with the code on a device and post a ballot; returns the ballot post's response."""
    response = device.post(f"{BASE}{rnd.slug}/aanesta/", {"code": code}, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 302, response.content.decode()[:400]
    data = {"area_pool": "", "project": [str(i) for i in ids(rnd, *projects)], **(extra or {})}
    return device.post(f"{BASE}{rnd.slug}/aanesta/lippu/", data, HTTP_ACCEPT_LANGUAGE=lang)


def test_a_voter_who_identifies_again_in_a_new_session_replaces_their_ballot():
    rnd = make_round()
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    others = [cast(rnd, f"other{i}", "c3") for i in range(3)]
    first = page_vote(Client(), rnd, code, "c1")
    assert first.status_code == 302
    later = Client()  # another device, another visit: no cookie, no receipt code
    response = page_vote(later, rnd, code, "c2")
    assert response.status_code == 302 and response["Location"].endswith("/aanesta/valmis/")
    done = later.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your earlier vote was replaced" in done
    assert Voter.objects.filter(round=rnd).count() == 4  # the roll is not touched by the change
    assert counted(rnd) == [["c2"], ["c3"], ["c3"], ["c3"]]  # the old ballot is gone, exactly one counts
    assert len(others) == 3


def test_a_counted_ballot_is_replaced_too_and_the_receipt_and_the_identity_keep_working_together():
    rnd = make_round()
    receipt = cast(rnd, "alice", "c1")
    mix(rnd)  # the first ballot is already in the count
    services.ballot_recast(round=rnd, attestation=voter(rnd, "alice"), area_pool=None, proposal_ids=ids(rnd, "c2"))
    assert Ballot.objects.filter(round=rnd).count() == 0 and PendingBallot.objects.count() == 1
    assert counted(rnd) == [["c2"]]
    change(rnd, receipt, "c3")  # the receipt still finds the replaced ballot
    services.ballot_recast(round=rnd, attestation=voter(rnd, "alice"), area_pool=None,
                           proposal_ids=ids(rnd, "c1", "c3"))  # and the identity finds the receipt's change
    assert counted(rnd) == [["c1", "c3"]]


def test_a_person_identified_by_another_code_of_the_same_provider_changes_the_same_ballot():
    rnd = make_round()
    person = hetu(13, 10, 1952, 308)
    (code1,) = services.voting_codes_issue(actor=None, round=rnd, identity_codes=[person])
    assert page_vote(Client(), rnd, code1, "c1").status_code == 302
    (code2,) = services.voting_codes_issue(actor=None, round=rnd, identity_codes=[person.replace("-", "\u2013")])
    assert services.voter_sign_in(round=rnd, code=code2).used  # the same person, recognised by the provider
    assert page_vote(Client(), rnd, code2, "c2").status_code == 302
    assert counted(rnd) == [["c2"]] and Voter.objects.filter(round=rnd).count() == 1


def test_identifying_again_never_casts_a_second_ballot():
    rnd = make_round()
    with pytest.raises(ValidationError, match="not voted in this round yet"):
        services.ballot_recast(round=rnd, attestation=voter(rnd, "bob"), area_pool=None, proposal_ids=ids(rnd, "c1"))
    cast(rnd, "bob", "c1")
    with pytest.raises(ValidationError, match="already voted"):
        cast(rnd, "bob", "c2")
    assert counted(rnd) == [["c1"]]


def test_a_paper_vote_cannot_be_changed_online():
    rnd = make_round()
    person = hetu(1, 1, 1990, 123)
    services.staff_vote_enter(actor=None, round=rnd, identifier=person, method="paper", area_pool=None,
                              proposal_ids=ids(rnd, "c1"))
    (code,) = services.voting_codes_issue(actor=None, round=rnd, identity_codes=[person])
    with pytest.raises(ValidationError, match="cannot be changed online"):
        services.voter_sign_in(round=rnd, code=code)
    with pytest.raises(ValidationError, match="cannot be changed online"):
        services.ballot_recast(round=rnd, attestation=Attestation(token=person_token(rnd.pk, person),
                                                                  home_area_id=None),
                               area_pool=None, proposal_ids=ids(rnd, "c2"))
    assert counted(rnd) == [["c1"]]


def test_a_change_after_the_round_closed_is_refused_on_the_page_and_in_the_service():
    rnd = make_round()
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    assert page_vote(Client(), rnd, code, "c1").status_code == 302
    signed_in = Client()
    assert signed_in.post(f"{BASE}{rnd.slug}/aanesta/", {"code": code}).status_code == 302
    Round.objects.filter(pk=rnd.pk).update(voting_closes_at=timezone.now() - dt.timedelta(minutes=1))
    late = signed_in.post(f"{BASE}{rnd.slug}/aanesta/lippu/", {"area_pool": "", "project": ids(rnd, "c2")},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert late.status_code == 400 and "The voting is closed" in late.content.decode()
    with pytest.raises(ValidationError, match="The voting is closed"):
        services.voter_sign_in(round=rnd, code=code)
    Round.objects.filter(pk=rnd.pk).update(voting_closes_at=timezone.now() + dt.timedelta(days=1))
    rnd = services.round_set_phase(actor=None, round=Round.objects.get(pk=rnd.pk), phase="results")
    with pytest.raises(ValidationError, match="The voting is closed"):
        services.ballot_recast(round=rnd, attestation=voter(rnd, "x"), area_pool=None, proposal_ids=ids(rnd, "c2"))
    assert counted(rnd) == [["c1"]]


def test_the_change_tags_are_wiped_at_the_close_so_even_the_key_and_the_token_find_no_ballot():
    rnd = make_round()
    for name in ("a", "b", "c"):
        cast(rnd, name, "c1")
    mix(rnd)
    tags = {change_tag(rnd.pk, voter(rnd, name).token) for name in ("a", "b", "c")}
    assert set(Ballot.objects.filter(round=rnd).values_list("change_tag", flat=True)) == tags  # before the close
    services.round_set_phase(actor=None, round=rnd, phase="results")
    assert not Ballot.objects.filter(round=rnd, change_tag__isnull=False).exists()


# ---------------------------------------------------------------------------------- home area on a change
def test_a_change_keeps_the_home_area_rule_and_cannot_move_to_another_pool():
    rnd = make_round(home_area_only=True)
    home, other = areas(2)
    home_pool, other_pool = rnd.pools.get(area=home), rnd.pools.get(area=other)
    resident = Attestation(token=voter(rnd, "eve").token, home_area_id=home.pk)
    receipt = services.ballot_cast(round=rnd, attestation=resident, area_pool=home_pool,
                                   proposal_ids=ids(rnd, "c1", "a1-1"))
    with pytest.raises(ValidationError, match="your own home area"):  # as on the first vote
        services.ballot_recast(round=rnd, attestation=resident, area_pool=other_pool,
                               proposal_ids=ids(rnd, "c1", "a2-1"))
    with pytest.raises(ValidationError, match="keeps the area of your first vote"):  # the receipt has no identity
        change(rnd, receipt, "c1", "a2-1", area=other)
    services.ballot_recast(round=rnd, attestation=resident, area_pool=home_pool, proposal_ids=ids(rnd, "c2", "a1-2"))
    assert counted(rnd) == [["a1-2", "c2"]]


def test_a_declared_area_holds_on_a_change_as_on_the_first_vote():
    rnd = make_round(home_area_only=True, eligibility="lives_works_studies")
    work, other = areas(2)
    worker = voter(rnd, "wendy")  # the provider does not know where she works
    services.ballot_cast(round=rnd, attestation=worker, area_pool=rnd.pools.get(area=work),
                         proposal_ids=ids(rnd, "c1", "a1-1"), basis="works", basis_area_id=work.pk)
    with pytest.raises(ValidationError, match="keeps the area of your first vote"):  # declaring another area
        services.ballot_recast(round=rnd, attestation=worker, area_pool=rnd.pools.get(area=other),
                               proposal_ids=ids(rnd, "c1", "a2-1"), basis="studies", basis_area_id=other.pk)
    assert counted(rnd) == [["a1-1", "c1"]]


# ------------------------------------------------------------------------------ lives / works / studies
def test_the_declaration_is_checked_against_the_rounds_rule_with_a_clear_message():
    rnd = make_round(eligibility="lives_works_studies", home_area_only=True)
    home, other = areas(2)
    pool = rnd.pools.get(area=home)
    with pytest.raises(ValidationError, match="live, work or study in Espoo"):
        services.ballot_cast(round=rnd, attestation=voter(rnd, "a"), area_pool=None, proposal_ids=ids(rnd, "c1"))
    with pytest.raises(ValidationError, match="Choose the area where you live, work or study"):
        services.ballot_cast(round=rnd, attestation=voter(rnd, "a"), area_pool=None, proposal_ids=ids(rnd, "c1"),
                             basis="studies")
    with pytest.raises(ValidationError, match="your own home area"):  # studies in one area, votes in another
        services.ballot_cast(round=rnd, attestation=voter(rnd, "a"), area_pool=rnd.pools.get(area=other),
                             proposal_ids=ids(rnd, "c1", "a2-1"), basis="studies", basis_area_id=home.pk)
    resident = Attestation(token=voter(rnd, "b").token, home_area_id=home.pk)
    with pytest.raises(ValidationError, match="another home area"):  # lives: the attested home area decides
        services.ballot_cast(round=rnd, attestation=resident, area_pool=None, proposal_ids=ids(rnd, "c1"),
                             basis="lives", basis_area_id=other.pk)
    assert Voter.objects.count() == 0 and PendingBallot.objects.count() == 0  # nothing stored when refused
    services.ballot_cast(round=rnd, attestation=voter(rnd, "a"), area_pool=pool, proposal_ids=ids(rnd, "c1", "a1-1"),
                         basis="studies", basis_area_id=home.pk)
    assert counted(rnd) == [["a1-1", "c1"]]


def test_a_round_for_residents_only_refuses_a_worker():
    rnd = make_round(eligibility="lives")
    with pytest.raises(ValidationError, match="only people who live in Espoo"):
        services.ballot_cast(round=rnd, attestation=voter(rnd, "w"), area_pool=None, proposal_ids=ids(rnd, "c1"),
                             basis="works")
    cast(rnd, "r", "c1")  # the provider attests living in Espoo: nothing to declare
    assert counted(rnd) == [["c1"]]


@pytest.mark.parametrize("lang", ["fi", "sv", "ar"])
def test_the_ballot_page_asks_the_declaration_in_the_voters_language_and_explains_a_refusal(lang):
    rnd = make_round(eligibility="lives_works_studies")
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    device = Client()
    device.post(f"{BASE}{rnd.slug}/aanesta/?kieli={lang}", {"code": code})
    page = device.get(f"{BASE}{rnd.slug}/aanesta/lippu/?kieli={lang}").content.decode()
    assert 'name="basis" value="works"' in page and 'name="basis_area"' in page
    assert "I work in Espoo" not in page and "Why you may vote" not in page  # translated, not English
    refused = device.post(f"{BASE}{rnd.slug}/aanesta/lippu/?kieli={lang}",
                          {"area_pool": "", "project": ids(rnd, "c1")})
    assert refused.status_code == 400
    assert "live, work or study" not in refused.content.decode()  # the message is in the page's language
    assert Voter.objects.count() == 0
    home = areas(1)[0]
    ok = device.post(f"{BASE}{rnd.slug}/aanesta/lippu/?kieli={lang}",
                     {"area_pool": "", "project": ids(rnd, "c1"), "basis": "works", "basis_area": str(home.pk)})
    assert ok.status_code == 302 and counted(rnd) == [["c1"]]
