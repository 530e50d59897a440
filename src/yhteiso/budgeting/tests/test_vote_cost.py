"""The work of one vote change is bounded (issue 12: 500 voters changing their ballots at once): the change page
and the ballot each read the round and its pools once, the old ballot is deleted without reading it, and the
mixer's count is not asked again when the change has just counted the box. And the checks done outside the lock are
repeated on the locked round: a change racing the close is refused."""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from yhteiso.budgeting import selectors, services
from yhteiso.budgeting.identity import Attestation
from yhteiso.budgeting.models import Ballot, PendingBallot, Phase, Round
from yhteiso.budgeting.tests.factories import areas, change, ids, make_round, voter

pytestmark = pytest.mark.django_db(transaction=True)
BASE = "/osallistuva-budjetointi/"


def _vote(rnd, code: str) -> str:
    client = Client()
    (voting_code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    assert client.post(f"{BASE}{rnd.slug}/aanesta/", {"code": voting_code}).status_code == 302
    ids = [str(rnd.proposals.get(code=code).pk)]
    assert client.post(f"{BASE}{rnd.slug}/aanesta/lippu/", {"area_pool": "", "project": ids}).status_code == 302
    done = client.get(f"{BASE}{rnd.slug}/aanesta/valmis/").content.decode()
    found = re.search(r'<p class="pb-receipt"><code>([A-Z0-9-]+)</code>', done)
    assert found is not None
    return found.group(1)


def _queries(fn) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return result, [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("BEGIN", "COMMIT"))]


@pytest.mark.parametrize("mixed", [False, True], ids=["pending", "counted"])
def test_a_vote_change_reads_the_round_once_and_never_reads_the_old_ballot(mixed):
    rnd = make_round()
    receipt = _vote(rnd, "c1")
    if mixed:
        services.ballots_mix(round=rnd, force=True)
        assert Ballot.objects.count() == 1 and not PendingBallot.objects.exists()
    client = Client()
    response, change_queries = _queries(
        lambda: client.post(f"{BASE}{rnd.slug}/aanesta/muuta/", {"receipt": receipt}))
    assert response.status_code == 302
    # the round (by its address), the counted ballot's receipt (and the box, when it was not yet counted)
    assert len(change_queries) == (2 if mixed else 3), change_queries
    new = [str(rnd.proposals.get(code="c2").pk)]
    response, ballot_queries = _queries(
        lambda: client.post(f"{BASE}{rnd.slug}/aanesta/lippu/", {"area_pool": "", "project": new}))
    assert response.status_code == 302
    rounds = [q for q in ballot_queries if 'FROM "budgeting_round"' in q]
    assert len(rounds) == 2  # the page's read, and the lock (only the fields the checks need)
    assert 'FOR UPDATE' in rounds[1] or connection.vendor == "sqlite"
    assert sum('FROM "budgeting_pool"' in q for q in ballot_queries) == 1
    # the old ballot is never read; on PostgreSQL only its receipt and change tag, before the lock (they never
    # change along a chain of changes), so that the locked part is one request (``services._counted_replace``)
    ballot_reads = [q for q in ballot_queries
                    if q.startswith("SELECT") and 'FROM "budgeting_ballot" ' in q and "DELETE" not in q]
    assert [q.split(" FROM ")[0] for q in ballot_reads] == (
        ['SELECT "receipt_hash", "change_tag"'] if connection.vendor == "postgresql" else []), ballot_reads
    # the box is counted once, in the lock, as the new ballot goes in; one ballot waits, so the mixer is not asked
    assert sum("COUNT(" in q for q in ballot_queries) == 1
    # a counted ballot is never also waiting in the box: the box is read only when no counted ballot was found
    box_reads = [q for q in ballot_queries if q.startswith("SELECT") and 'FROM "budgeting_pendingballot"' in q
                 and "COUNT(" not in q]
    assert len(box_reads) == (0 if mixed else 1), box_reads
    # the page's round, its pools, the proposals chosen; on PostgreSQL a counted ballot's receipt and tag, then
    # the lock together with deleting the counted ballot and its choices, putting the new one in the box and
    # counting the box (one request of two statements). Otherwise the lock, deleting the counted ballot with its
    # choices (one statement on PostgreSQL, two on SQLite), (the box,) deleting the stale pending ballot, putting
    # the new one in and counting the box (one statement on PostgreSQL; on SQLite the delete only when one waited)
    expected = {("postgresql", True): 5, ("postgresql", False): 8, ("sqlite", True): 8, ("sqlite", False): 10}
    assert len(ballot_queries) == expected[connection.vendor, mixed], "\n".join(q[:120] for q in ballot_queries)
    services.ballots_mix(round=rnd, force=True)
    assert list(Ballot.objects.get().choices.values_list("code", flat=True)) == ["c2"]


@pytest.mark.parametrize("mixed", [False, True], ids=["pending", "counted"])
def test_a_change_checked_before_the_close_is_refused_when_the_round_closed_meanwhile(mixed):
    rnd = make_round()
    receipt = _vote(rnd, "c1")
    if mixed:  # on PostgreSQL a counted ballot's change is one request with the checks in SQL (_counted_replace)
        services.ballots_mix(round=rnd, force=True)
    receipt_hash = services.receipt_check(round=rnd, receipt=receipt)
    page_round = Round.objects.get(pk=rnd.pk)  # what the ballot page read: voting open
    services.round_set_phase(actor=None, round=rnd, phase=Phase.RESULTS)  # the close, between read and write
    with translation.override("en"), pytest.raises(ValidationError, match="The voting is closed"):
        services.ballot_change(round=page_round, receipt_hash=receipt_hash, area_pool=None,
                               proposal_ids=[rnd.proposals.get(code="c2").pk])
    assert list(Ballot.objects.get().choices.values_list("code", flat=True)) == ["c1"]


@pytest.mark.parametrize("mixed", [False, True], ids=["pending", "counted"])
def test_a_change_by_receipt_keeps_the_home_area_pool_whether_the_ballot_waits_or_is_counted(mixed):
    rnd = make_round(home_area_only=True)
    home, other = areas(2)
    resident = Attestation(token=voter(rnd, "eve").token, home_area_id=home.pk)
    receipt = services.ballot_cast(round=rnd, attestation=resident, area_pool=rnd.pools.get(area=home),
                                   proposal_ids=ids(rnd, "c1", "a1-1"))
    if mixed:
        services.ballots_mix(round=rnd, force=True)
    with translation.override("en"), pytest.raises(ValidationError, match="keeps the area of your first vote"):
        change(rnd, receipt, "c1", "a2-1", area=other)
    assert PendingBallot.objects.count() == (0 if mixed else 1)  # nothing was written: the old ballot stands
    services.ballots_mix(round=rnd, force=True)
    assert sorted(Ballot.objects.get().choices.values_list("code", flat=True)) == ["a1-1", "c1"]
    change(rnd, receipt, "c2", "a1-2", area=home)  # within the home pool the change goes through
    services.ballots_mix(round=rnd, force=True)
    assert sorted(Ballot.objects.get().choices.values_list("code", flat=True)) == ["a1-2", "c2"]


def test_the_hot_path_reads_the_round_and_pools_as_the_orm_does():
    """The plain statements of the voting hot path (``rows``) give the values the ORM gives, each under its own
    field whatever the order of the columns, and a field they did not read still loads when used."""
    rnd = make_round(home_area_only=True, eligibility="lives_works_studies", max_projects=3)
    orm = Round.objects.get(pk=rnd.pk)
    fast = selectors.vote_round(rnd.slug)
    for name in selectors.VOTE_ROUND_FIELDS:
        assert getattr(fast, name) == getattr(orm, name), name
    assert fast.voting_closes_at.tzinfo is not None
    assert fast.get_deferred_fields() and fast.name_fi == "Kierros r"
    assert selectors.vote_round("no-such-round") is None
    pools = selectors.vote_pools(rnd)
    expected = selectors.round_pools(rnd)
    assert sorted(pools) == sorted(expected)
    for pk, pool in pools.items():
        assert (pool.area_id, pool.budget, pool.label, pool.round_id) == (
            expected[pk].area_id, expected[pk].budget, expected[pk].label, expected[pk].round_id)
        assert pool.name == expected[pk].name  # the area loads when its name is needed


@pytest.mark.parametrize("project", ["99999999999999999999", "9223372036854775808", "0"])
def test_a_ballot_naming_a_project_number_out_of_range_is_refused_with_a_message(project):
    rnd = make_round()
    receipt = _vote(rnd, "c1")
    client = Client()
    assert client.post(f"{BASE}{rnd.slug}/aanesta/muuta/", {"receipt": receipt}).status_code == 302
    response = client.post(f"{BASE}{rnd.slug}/aanesta/lippu/", {"area_pool": "", "project": [project]},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "not on this round" in response.content.decode()
    services.ballots_mix(round=rnd, force=True)
    assert list(Ballot.objects.get().choices.values_list("code", flat=True)) == ["c1"]


@pytest.mark.parametrize(("lang", "title", "message", "back", "kept"), [
    ("fi", "Ääntäsi ei kirjattu", "mikä ylittää", "Palaa äänestyslippuun korjaamaan valintasi",
     "Aiempi äänesi pysyy voimassa"),
    ("sv", "Din röst registrerades inte", "överskrider budgeten", "Tillbaka till röstsedeln för att rätta dina val",
     "Din tidigare röst gäller"),
])
def test_a_refused_change_answers_a_small_page_in_the_voters_language_and_leads_back_with_the_choices(
        lang, title, message, back, kept):
    """An over-budget ballot is refused with a short page (not the whole ballot again: issue 12's voting load):
    what is wrong in the voter's language, that the earlier vote stands, and a link (no script needed) back to
    the ballot with the same choices ticked and the pool's counter saying it is over the budget."""
    rnd = make_round(ballot_type="knapsack", costs=(60, 50, 30))
    receipt = _vote(rnd, "c1")
    client = Client()
    assert client.post(f"{BASE}{rnd.slug}/aanesta/muuta/", {"receipt": receipt}).status_code == 302
    over = [str(rnd.proposals.get(code=c).pk) for c in ("c1", "c2")]  # 110 of 100
    response, queries = _queries(lambda: client.post(f"{BASE}{rnd.slug}/aanesta/lippu/?kieli={lang}",
                                                     {"area_pool": "", "project": over}))
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert title in page and message in page and kept in page and "Kierros r" in page
    assert "over the budget" not in page  # no English on the page
    assert "Kaupunki 3" not in page  # the ballot's projects are not listed again
    assert not any('FROM "budgeting_proposal"' in q and "c3" in q for q in queries)
    link = re.search(r'<a class="button" href="([^"]+)" id="back-to-ballot">([^<]+)</a>', page)
    assert link is not None and link.group(2) == back
    assert link.group(1).startswith(f"{BASE}{rnd.slug}/aanesta/lippu/?")
    ballot = client.get(link.group(1))
    assert ballot.status_code == 200 and f'<html lang="{lang}"' in ballot.content.decode()  # the language stays
    ticked = re.findall(r'name="project" value="(\d+)"[^>]*checked', ballot.content.decode())
    assert sorted(ticked) == sorted(over)
    assert 'class="pb-status pb-over"' in ballot.content.decode()
    services.ballots_mix(round=rnd, force=True)
    assert list(Ballot.objects.get().choices.values_list("code", flat=True)) == ["c1"]  # the old vote stands


def test_the_way_back_keeps_the_area_and_the_declaration_and_ignores_nonsense():
    rnd = make_round(eligibility="lives_works_studies")
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    client = Client()
    assert client.post(f"{BASE}{rnd.slug}/aanesta/", {"code": code}).status_code == 302
    area_pool = rnd.pools.filter(area__isnull=False).order_by("pk").last()
    chosen = [str(rnd.proposals.get(code="c1").pk), str(rnd.proposals.filter(pool=area_pool).first().pk)]
    refused = client.post(f"{BASE}{rnd.slug}/aanesta/lippu/",  # the declaration's area is missing
                          {"area_pool": str(area_pool.pk), "project": chosen, "basis": "works"},
                          HTTP_ACCEPT_LANGUAGE="fi")
    assert refused.status_code == 400
    page = html.unescape(refused.content.decode())
    assert "Aiempi äänesi" not in page  # a first vote: there is no earlier one
    back = re.search(r'id="back-to-ballot"', page) and re.search(r'href="([^"]+)" id="back-to-ballot"', page)
    assert back is not None
    ballot = client.get(back.group(1)).content.decode()
    assert f'<option value="{area_pool.pk}" selected>' in ballot
    assert 'id="basis-works" name="basis" value="works" checked' in ballot
    assert sorted(re.findall(r'name="project" value="(\d+)"[^>]*checked', ballot)) == sorted(chosen)
    nonsense = client.get(f"{BASE}{rnd.slug}/aanesta/lippu/?project=x&project=99999999999999999999999"
                          "&basis_area=abc&basis=<b>")
    assert nonsense.status_code == 200 and "checked" not in nonsense.content.decode().split('name="basis"')[0]


def _change(rnd, receipt_hash: str, code: str) -> None:
    services.ballot_change(round=Round.objects.get(pk=rnd.pk), receipt_hash=receipt_hash, area_pool=None,
                           proposal_ids=[rnd.proposals.get(code=code).pk])


def _only_ballot(rnd) -> list[str]:
    services.ballots_mix(round=rnd, force=True)
    assert not PendingBallot.objects.exists()
    return list(Ballot.objects.get(round=rnd).choices.values_list("code", flat=True))


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the short way is PostgreSQL's; SQLite writes "
                    "one at a time")
def test_a_ballot_changed_between_the_read_of_its_chain_and_the_lock_is_replaced_once(monkeypatch):
    """PostgreSQL's short way reads the chain's receipt and tag, seals the new ballot and only then locks the
    round. Another change of the same ballot in that moment (it moves the counted ballot into the box) leaves the
    short way nothing to delete: it then writes nothing and the general way replaces the waiting ballot, so there
    is still exactly one ballot — the later one."""
    import threading

    rnd = make_round()
    receipt_hash = services.receipt_check(round=rnd, receipt=_vote(rnd, "c1"))
    services.ballots_mix(round=rnd, force=True)
    seal, raced = services.seal, []

    def seal_then_race(round_pk, content):
        if not raced:  # the other change runs (and commits) on its own connection, between the read and the lock
            raced.append(True)
            worker = threading.Thread(target=lambda: (_change(rnd, receipt_hash, "c2"), connection.close()))
            worker.start()
            worker.join()
        return seal(round_pk, content)

    monkeypatch.setattr(services, "seal", seal_then_race)
    _change(rnd, receipt_hash, "c3")
    assert raced
    assert _only_ballot(rnd) == ["c3"]


def test_many_simultaneous_changes_of_one_ballot_leave_exactly_one_ballot():
    """Double and triple clicks of one voter on several servers, with the mixer running in between: whatever the
    order, one ballot remains, with the choices of one of the changes."""
    from concurrent.futures import ThreadPoolExecutor

    rnd = make_round()
    receipt_hash = services.receipt_check(round=rnd, receipt=_vote(rnd, "c1"))
    services.ballots_mix(round=rnd, force=True)

    def one(i: int) -> None:
        try:
            if i % 4 == 3:
                services.ballots_mix(round=rnd, force=True)
            else:
                _change(rnd, receipt_hash, ("c2", "c3")[i % 2])
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(one, range(24)))
    assert _only_ballot(rnd) in (["c2"], ["c3"])
    assert Ballot.objects.filter(round=rnd, receipt_hash=receipt_hash).count() == 1
