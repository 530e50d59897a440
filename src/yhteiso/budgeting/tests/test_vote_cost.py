"""The work of one vote change is bounded (issue 12: 500 voters changing their ballots at once): the change page
and the ballot each read the round and its pools once, the old ballot is deleted without reading it, and the
mixer's count is not asked again when the change has just counted the box. And the checks done outside the lock are
repeated on the locked round: a change racing the close is refused."""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from yhteiso.budgeting import frozen, selectors, services
from yhteiso.budgeting.identity import Attestation, keyed, normalise_code
from yhteiso.budgeting.models import Ballot, BallotChoice, PendingBallot, Phase, Proposal, Round, Voter, VotingCode
from yhteiso.budgeting.tests.factories import areas, cast, change, hetu, ids, make_round, voter
from yhteiso.budgeting.validation import ballot_content
from yhteiso.core.models import AuditEvent

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
def test_a_vote_change_reads_the_round_once_and_never_reads_the_old_ballot(mixed, monkeypatch):
    monkeypatch.setattr(frozen, "ROUND_FOR_S", 3600.0)  # the round's row read by the first vote stays kept
    rnd = make_round()
    receipt = _vote(rnd, "c1")
    if mixed:
        services.ballots_mix(round=rnd, force=True)
        assert Ballot.objects.count() == 1 and not PendingBallot.objects.exists()
    client = Client()
    response, change_queries = _queries(
        lambda: client.post(f"{BASE}{rnd.slug}/aanesta/muuta/", {"receipt": receipt}))
    assert response.status_code == 302
    # the counted ballot's receipt (and the box, when it was not yet counted); the round's row was kept
    assert len(change_queries) == (1 if mixed else 2), change_queries
    new = [str(rnd.proposals.get(code="c2").pk)]
    response, ballot_queries = _queries(
        lambda: client.post(f"{BASE}{rnd.slug}/aanesta/lippu/", {"area_pool": "", "project": new}))
    assert response.status_code == 302
    rounds = [q for q in ballot_queries if 'FROM "budgeting_round"' in q]
    assert len(rounds) == 1  # only the lock (the fields the checks need): the page's row was kept (``frozen``)
    # the short way's lock keeps only the close away, the general way's also the mixer (test_vote_locks)
    assert (f"FOR {'KEY SHARE' if mixed else 'NO KEY UPDATE'}" in rounds[0]) or connection.vendor == "sqlite"
    # the pools and the proposals were kept by this process when the first ballot was cast (``frozen``)
    assert not any('FROM "budgeting_pool"' in q or 'FROM "budgeting_proposal"' in q for q in ballot_queries)
    # the old ballot is never read: a counted ballot's change tag came with the receipt check
    # (``services.receipt_chain``), so on PostgreSQL the locked part is one request (``services._counted_replace``);
    # when the ballot waited in the box at the check, the short way looks for it counted first (a mix may have come)
    ballot_reads = [q for q in ballot_queries
                    if q.startswith("SELECT") and 'FROM "budgeting_ballot" ' in q and "DELETE" not in q]
    assert [q.split(" FROM ")[0] for q in ballot_reads] == (
        ['SELECT "receipt_hash", "change_tag"'] if connection.vendor == "postgresql" and not mixed else [])
    # the box is counted once, in the lock, as the new ballot goes in; one ballot waits, so the mixer is not asked
    assert sum("COUNT(" in q for q in ballot_queries) == 1
    # a counted ballot is never also waiting in the box: the box is read only when no counted ballot was found
    box_reads = [q for q in ballot_queries if q.startswith("SELECT") and 'FROM "budgeting_pendingballot"' in q
                 and "COUNT(" not in q]
    assert len(box_reads) == (0 if mixed else 1), box_reads
    # on PostgreSQL the lock together with deleting the counted ballot and its choices, putting the new one in the
    # box and counting the box (one request of two statements). Otherwise the lock, deleting the counted ballot
    # with its choices (one statement on PostgreSQL, two on SQLite), (the box,) deleting the stale pending ballot,
    # putting the new one in and counting the box (one statement on PostgreSQL; on SQLite the delete only when one
    # waited)
    expected = {("postgresql", True): 1, ("postgresql", False): 5, ("sqlite", True): 5, ("sqlite", False): 7}
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


@pytest.mark.parametrize("staff_entry", [False, True], ids=["online", "paper"])
def test_a_first_vote_read_open_and_closed_before_its_ballot_goes_in_is_refused_and_leaves_nothing(
        staff_entry, monkeypatch):
    """The round is read open, then closed before the ballot goes into the box: the box the close emptied stays
    empty and nobody stays on the roll (on SQLite and for paper votes too, which go in inside a transaction)."""
    rnd = make_round()
    page_round = Round.objects.get(pk=rnd.pk)
    checked = services.home_area_check

    def check_then_close(*args):  # after the round was read open, before the roll and the box
        checked(*args)
        services.round_set_phase(actor=None, round=rnd, phase=Phase.RESULTS)

    monkeypatch.setattr(services, "home_area_check", check_then_close)
    with translation.override("en"), pytest.raises(ValidationError, match="The voting is closed"):
        if staff_entry:  # through the staff's own service, which writes the audit record
            services.staff_vote_enter(actor=None, round=page_round, identifier=hetu(1, 1, 1990, 123), method="paper",
                                      area_pool=None, proposal_ids=ids(rnd, "c1"))
        else:
            services.ballot_cast(round=page_round, attestation=voter(rnd, "late"), area_pool=None,
                                 proposal_ids=ids(rnd, "c1"))
    assert not PendingBallot.objects.exists() and not Voter.objects.exists() and not Ballot.objects.exists()
    assert not AuditEvent.objects.filter(action="pb_ballot.staff_entry").exists()  # no "vote entered" left behind


def test_a_paper_vote_entered_is_audited_once():
    rnd = make_round()
    assert services.staff_vote_enter(actor=None, round=rnd, identifier=hetu(1, 1, 1990, 123), method="paper",
                                     area_pool=None, proposal_ids=ids(rnd, "c1")) is None
    events = AuditEvent.objects.filter(action="pb_ballot.staff_entry")
    assert [(e.object_type, e.object_id) for e in events] == [("budgeting.round", str(rnd.pk))]
    assert Voter.objects.count() == 1 and PendingBallot.objects.count() + Ballot.objects.count() == 1


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


def test_a_frozen_rounds_pools_and_proposals_are_read_once_and_still_check_every_ballot():
    """While the rules are frozen (the voting is open) a process keeps the round's pools and feasible proposals
    (``frozen``): a second ballot reads neither, and the kept ones check it as the database would — a project over
    the budget, one of another round or one never on the ballot is refused. A round not frozen is read each time."""
    rnd = make_round(ballot_type="knapsack", costs=(60, 50, 30))
    other = make_round(slug="s", open_voting=False)  # same pools and codes, rules not frozen
    frozen.forget()
    page = selectors.vote_round(rnd.slug)
    assert page.rules_frozen_at is not None

    def content(round_, *codes):
        chosen = ids(Round.objects.get(pk=round_.pk), *codes)
        return _queries(lambda: ballot_content(round_, None, chosen, selectors.vote_pools(round_)))

    reads = 'FROM "budgeting_pool"', 'FROM "budgeting_proposal"'
    first, queries = content(page, "c1", "c3")
    assert first["totals"]["city_cost"] == 90 and all(any(r in q for q in queries) for r in reads)
    second, queries = content(page, "c2")
    assert second["proposals"] == ids(rnd, "c2") and queries == []
    with translation.override("en"):
        with pytest.raises(ValidationError, match="over the budget"):
            content(page, "c1", "c2")
        with pytest.raises(ValidationError, match="not on this round's ballot"):
            ballot_content(page, None, ids(other, "c1"), selectors.vote_pools(page))
        never = Proposal.objects.filter(round=rnd, code="c3")
        never.update(status="not_feasible")  # behind the services' back: only a new process would see it
        frozen.forget()
        with pytest.raises(ValidationError, match="not on this round's ballot"):
            content(page, "c3")
    not_frozen = Round.objects.get(pk=other.pk)
    for _ in range(2):
        _result, queries = content(not_frozen, "c1")
        assert all(any(r in q for q in queries) for r in reads)


def test_a_frozen_round_is_kept_a_second_a_change_of_it_forgets_it_and_a_close_is_never_missed(monkeypatch):
    """The round a voter posts to is read once and kept for ``frozen.ROUND_FOR_S`` while its rules are frozen; a
    change of the round in this process forgets it at once; one that is not frozen is never kept. A ballot posted
    on a kept row that still says "open" after another process closed the voting is refused and writes nothing."""
    rnd = make_round()
    not_frozen = make_round(slug="s", open_voting=False)
    frozen.forget()
    monkeypatch.setattr(frozen, "ROUND_FOR_S", 3600.0)
    reads = 'FROM "budgeting_round"'
    _first, queries = _queries(lambda: selectors.vote_round(rnd.slug))
    assert sum(reads in q for q in queries) == 1
    kept, queries = _queries(lambda: selectors.vote_round(rnd.slug))
    assert queries == [] and kept.phase == Phase.VOTING and kept.pk == rnd.pk
    for _ in range(2):
        _page, queries = _queries(lambda: selectors.vote_round(not_frozen.slug))
        assert sum(reads in q for q in queries) == 1
    receipt = _vote(rnd, "c1")
    Round.objects.filter(pk=rnd.pk).update(phase=Phase.RESULTS)  # another process closes (this one is not told)
    stale = selectors.vote_round(rnd.slug)
    assert stale.phase == Phase.VOTING  # the kept row
    client = Client()
    assert client.post(f"{BASE}{rnd.slug}/aanesta/muuta/", {"receipt": receipt}).status_code == 302
    refused = client.post(f"{BASE}{rnd.slug}/aanesta/lippu/", {"area_pool": "", "project": ids(rnd, "c2")},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "The voting is closed" in refused.content.decode()
    services.ballots_mix(round=rnd, force=True)
    assert list(Ballot.objects.get().choices.values_list("code", flat=True)) == ["c1"]
    Round.objects.filter(pk=rnd.pk).update(phase=Phase.VOTING)
    services.round_update(actor=None, round=rnd, voting_closes_at=timezone.now() - dt.timedelta(seconds=1))
    assert not _open_now(selectors.vote_round(rnd.slug))  # this process's own change: read again at once
    monkeypatch.setattr(frozen, "ROUND_FOR_S", 0.0)
    _again, queries = _queries(lambda: selectors.vote_round(rnd.slug))
    assert sum(reads in q for q in queries) == 1  # the second is over: read again


def _open_now(rnd: Round) -> bool:
    return rnd.phase == Phase.VOTING and (rnd.voting_closes_at is None or rnd.voting_closes_at > timezone.now())


@pytest.mark.parametrize("hint", ["right", "wrong", "none"])
def test_the_change_tag_passed_on_from_the_receipt_check_is_only_a_hint(hint):
    """The receipt check passes a counted ballot's change tag on to the change (``receipt_chain``); a tag that no
    longer matches (or none) changes nothing of the result: the ballot is replaced once, keeping its own tag."""
    rnd = make_round()
    receipt = _vote(rnd, "c1")
    services.ballots_mix(round=rnd, force=True)
    tag = Ballot.objects.get().change_tag
    receipt_hash, counted = services.receipt_chain(round=rnd, receipt=receipt)
    assert counted == (tag,)
    given = {"right": counted, "wrong": ("not-the-tag",), "none": None}[hint]
    services.ballot_change(round=selectors.vote_round(rnd.slug), receipt_hash=receipt_hash, area_pool=None,
                           proposal_ids=ids(rnd, "c2"), change_tag=given)
    services.ballots_mix(round=rnd, force=True)
    ballot = Ballot.objects.get()
    assert list(ballot.choices.values_list("code", flat=True)) == ["c2"]
    assert (ballot.receipt_hash, ballot.change_tag) == (receipt_hash, tag)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the short way is PostgreSQL's; elsewhere the box is "
                    "read under the lock")
def test_the_mixer_moves_what_it_read_only_if_the_box_still_holds_all_of_it(monkeypatch):
    """The mixer between votes reads and unseals the box before taking the round's lock (on PostgreSQL, one
    request in autocommit: ``services._mix_at_once``). A box that changed after it was read — here a ballot read
    that is gone — moves nothing that way; the general way then moves what is there, once."""
    rnd = make_round()
    for i in range(services.MIX_BATCH):
        cast(rnd, f"v{i}", "c1" if i % 2 else "c2")
    assert PendingBallot.objects.count() == 0 and Ballot.objects.count() == services.MIX_BATCH  # mixed once
    for i in range(services.MIX_BATCH - 1):
        services.ballot_cast(round=rnd, attestation=voter(rnd, f"w{i}"), area_pool=None,
                             proposal_ids=ids(rnd, "c3"))
    real = services._pending_sealed
    stale = real(rnd)[0]  # a ballot read as waiting that is no longer there when the lock is held
    calls = []

    def read_with_a_ghost(r):
        calls.append(1)
        box = real(r)
        return [*box, (uuid.uuid4(), stale[1])] if len(calls) == 1 else box

    monkeypatch.setattr(services, "_pending_sealed", read_with_a_ghost)
    services.ballot_cast(round=rnd, attestation=voter(rnd, "last"), area_pool=None, proposal_ids=ids(rnd, "c3"))
    assert PendingBallot.objects.count() == 0 and len(calls) == 2  # the short way's read, then the general way's
    assert Ballot.objects.count() == 2 * services.MIX_BATCH  # each once: nothing of the ghost, nothing lost
    assert Ballot.objects.values("receipt_hash").distinct().count() == 2 * services.MIX_BATCH
    assert BallotChoice.objects.filter(proposal__code="c3").count() == services.MIX_BATCH


def test_a_first_vote_enters_the_roll_and_the_box_in_separate_transactions_and_once():
    """The first vote: the roll entry with the code's redemption, then the sealed ballot into the box with the
    box's count — on PostgreSQL two statements, each its own transaction (nothing ties the two rows: not even the
    transaction that wrote them), no BEGIN, no savepoint. A second vote of the same person writes nothing."""
    rnd = make_round()
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    client = Client()
    assert client.post(f"{BASE}{rnd.slug}/aanesta/", {"code": code}).status_code == 302
    chosen = {"area_pool": "", "project": [str(rnd.proposals.get(code="c1").pk)]}
    with CaptureQueriesContext(connection) as captured:
        assert client.post(f"{BASE}{rnd.slug}/aanesta/lippu/", chosen).status_code == 302
    sql = [q["sql"] for q in captured.captured_queries]
    writes = [q for q in sql if "INSERT" in q or q.startswith(("UPDATE", "DELETE"))]
    if connection.vendor == "postgresql":
        assert not any(q.startswith(("BEGIN", "SAVEPOINT", "COMMIT")) for q in sql), sql
        assert len(writes) == 2 and 'INTO "budgeting_voter"' in writes[0] and "budgeting_votingcode" in writes[0]
        assert 'INTO "budgeting_pendingballot"' in writes[1] and "COUNT(*)" in writes[1]
        assert "FOR KEY SHARE;" in writes[1]  # the round locked only against its close (test_vote_locks)
        with connection.cursor() as cursor:
            cursor.execute('SELECT xmin::text FROM "budgeting_voter" UNION ALL '
                           'SELECT xmin::text FROM "budgeting_pendingballot"')
            entry, ballot = (row[0] for row in cursor.fetchall())
        assert entry != ballot
    assert VotingCode.objects.get(round=rnd).redeemed
    raw = normalise_code(code)
    again = Attestation(token=keyed("token", rnd.pk, "dev-code", raw), home_area_id=None,
                        code_hash=keyed("code", rnd.pk, raw))
    with translation.override("en"), pytest.raises(ValidationError, match="already voted"):
        services.ballot_cast(round=rnd, attestation=again, area_pool=None, proposal_ids=ids(rnd, "c2"))
    assert Voter.objects.filter(round=rnd).count() == 1 and PendingBallot.objects.count() == 1


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
