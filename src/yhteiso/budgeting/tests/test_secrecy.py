"""Ballot secrecy, tried as an attacker with read access to the database would: 40 residents vote through the
real pages (each with a different set of projects, so the test knows which ballot is whose), the round closes,
and every linking attack of issue 10 is run against the roll and the ballots. Each may link no more roll entries
to their ballots than chance does (at most a binomial bound for 1 in 10, the mixing batch size).

Runs on SQLite and, when ``DATABASE_URL`` names PostgreSQL, on PostgreSQL (transaction ids, ctid).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from scipy.stats import binom

from yhteiso.budgeting import services
from yhteiso.budgeting.identity import _key
from yhteiso.budgeting.tests.factories import make_round

pytestmark = pytest.mark.django_db(transaction=True)
BASE = "/osallistuva-budjetointi/"
N_VOTERS = 40
CHANCE = 1 / 10  # ballots are mixed in batches of at least ten


def chance_bound(n: int, p: float = CHANCE, alpha: float = 1e-4) -> int:
    """The largest number of correct links that chance exceeds with probability below ``alpha``."""
    return int(binom.isf(alpha, n, p))


def _vote_all(rnd) -> dict[str, frozenset[str]]:
    """Every voter signs in with a one-time code on their own device and votes for a unique set of projects.
    Returns the true link: roll entry id → the set of project codes on that person's ballot."""
    codes = services.voting_codes_issue(actor=None, round=rnd, count=N_VOTERS)
    projects = {p.code: p.pk for p in rnd.proposals.filter(pool__area__isnull=True)}
    subsets = [frozenset(s) for k in (1, 2, 3) for s in itertools.combinations(sorted(projects), k)]
    truth: dict[str, frozenset[str]] = {}
    for code, chosen in zip(codes, subsets, strict=False):
        before = set(_roll_ids(rnd))
        device = Client()
        response = device.post(f"{BASE}{rnd.slug}/aanesta/", {"code": code})
        assert response.status_code == 302, response.content.decode()[:500]
        response = device.post(f"{BASE}{rnd.slug}/aanesta/lippu/",
                               {"area_pool": "", "project": [str(projects[c]) for c in sorted(chosen)]})
        assert response.status_code == 302, response.content.decode()[:500]
        (new,) = set(_roll_ids(rnd)) - before
        truth[new] = chosen
    assert len(truth) == N_VOTERS
    return truth


def _roll_ids(rnd) -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM budgeting_voter WHERE round_id = %s", [rnd.pk])
        return [str(r[0]) for r in cur.fetchall()]


def _physical(table: str, where: str, params) -> list[tuple]:
    """Rows as stored: (id, physical position, xmin, xmax) — ctid/xmin/xmax on PostgreSQL, rowid on SQLite."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"SELECT id::text AS i, ctid::text AS pos, xmin::text::bigint AS xn, xmax::text::bigint AS xx "
                        f"FROM {table} "
                        f"WHERE {where} ORDER BY ctid", params)
        else:
            cur.execute(f"SELECT id, rowid, 0, 0 FROM {table} WHERE {where} ORDER BY rowid", params)
        return [(str(r[0]), r[1], r[2], r[3]) for r in cur.fetchall()]


def _ballot_contents(rnd) -> dict[str, frozenset[str]]:
    with connection.cursor() as cur:
        cur.execute("SELECT c.ballot_id, p.code FROM budgeting_ballotchoice c "
                    "JOIN budgeting_proposal p ON p.id = c.proposal_id WHERE p.round_id = %s", [rnd.pk])
        out: dict[str, set[str]] = {}
        for ballot_id, code in cur.fetchall():
            out.setdefault(str(ballot_id), set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


def _norm(value: str) -> str:
    return value.replace("-", "").lower()


@pytest.fixture
def closed_round():
    rnd = make_round(slug="secret", max_projects=6, city_budget=10_000, costs=(10, 20, 30, 40, 50, 60),
                     area_costs=())
    truth = _vote_all(rnd)
    services.round_set_phase(actor=None, round=rnd, phase="results")
    contents = {_norm(k): v for k, v in _ballot_contents(rnd).items()}
    assert sorted(contents.values(), key=sorted) == sorted(truth.values(), key=sorted)  # every vote counted
    return rnd, truth, contents


def _score(pairs, truth, contents) -> int:
    """How many guessed (roll entry, ballot) pairs are true links."""
    return sum(1 for voter_id, ballot_id in pairs if contents.get(_norm(ballot_id)) == truth[voter_id])


def test_the_physical_order_of_roll_and_ballots_does_not_link_them(closed_round):
    rnd, truth, contents = closed_round
    voters = _physical("budgeting_voter", "round_id = %s", [rnd.pk])
    ballots = _physical("budgeting_ballot", "round_id = %s", [rnd.pk])
    links = _score([(v[0], b[0]) for v, b in zip(voters, ballots, strict=False)], truth, contents)
    assert links <= chance_bound(N_VOTERS), f"row order links {links} of {N_VOTERS} roll entries to ballots"


def test_the_ids_of_ballots_and_choices_do_not_link_them(closed_round):
    rnd, truth, contents = closed_round
    voters = [v[0] for v in _physical("budgeting_voter", "round_id = %s", [rnd.pk])]
    by_id = sorted(contents, key=str)
    links = _score(zip(sorted(voters), by_id, strict=False), truth, contents)
    assert links <= chance_bound(N_VOTERS), f"ballot id order links {links}"
    with connection.cursor() as cur:
        cur.execute("SELECT c.ballot_id, c.id FROM budgeting_ballotchoice c JOIN budgeting_ballot b "
                    "ON b.id = c.ballot_id WHERE b.round_id = %s", [rnd.pk])
        first_choice: dict[str, object] = {}
        for ballot_id, choice_id in cur.fetchall():  # ids compared natively: integers as numbers
            key = str(ballot_id)
            first_choice[key] = min(first_choice.get(key, choice_id), choice_id)
        by_choice_id = sorted(first_choice, key=first_choice.__getitem__)
    links = _score(zip(voters, by_choice_id, strict=False), truth, contents)
    assert links <= chance_bound(N_VOTERS), f"choice id order links {links} of {N_VOTERS}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="transaction ids exist on PostgreSQL")
def test_transaction_ids_do_not_link_the_roll_to_the_ballots(closed_round):
    rnd, truth, contents = closed_round
    voters = _physical("budgeting_voter", "round_id = %s", [rnd.pk])
    for table, key in (("budgeting_ballot", "id"), ("budgeting_ballotchoice", "ballot_id")):
        with connection.cursor() as cur:
            where = "round_id = %s" if table == "budgeting_ballot" else \
                "ballot_id IN (SELECT id FROM budgeting_ballot WHERE round_id = %s)"
            cur.execute(f"SELECT {key}::text AS k, xmin::text::bigint AS xn FROM {table} WHERE {where} ORDER BY ctid",
                        [rnd.pk])
            rows = [(str(r[0]), r[1]) for r in cur.fetchall()]
        for offset in range(-3, 4):
            pairs = []
            for voter_id, _pos, xmin, xmax in voters:
                targets = {xmin + offset} | ({xmax + offset} if xmax else set())
                hit = next((bid for bid, bx in rows if bx in targets), None)
                if hit is not None:
                    pairs.append((voter_id, hit))
            links = _score(pairs, truth, contents)
            assert links <= chance_bound(N_VOTERS), f"{table}.xmin = voter.xmin/xmax{offset:+d} links {links}"


def test_no_ballot_table_has_a_time_column(closed_round):
    tables = [t for t in connection.introspection.table_names() if t.startswith("budgeting_") and
              any(w in t for w in ("ballot", "pending", "voter"))]
    assert "budgeting_ballot" in tables
    with connection.cursor() as cur:
        for table in tables:
            for col in connection.introspection.get_table_description(cur, table):
                assert not any(w in col.name for w in ("created", "updated", "time", "date", "_at")), \
                    f"{table}.{col.name}"


def test_the_session_table_keeps_nothing_of_the_voters(closed_round):
    _rnd, truth, _contents = closed_round
    sessions = list(Session.objects.all())
    assert sessions == [], f"{len(sessions)} sessions kept after {len(truth)} votes"


def test_no_pending_ballot_is_left_after_the_close_and_deleted_ones_leave_no_remnant(closed_round):
    tables = connection.introspection.table_names()
    pending = [t for t in tables if t.startswith("budgeting_pending")]
    assert pending, "ballots are not mixed through a pending ballot box"
    with connection.cursor() as cur:
        for table in pending:
            cur.execute(f"SELECT COUNT(*) FROM {table}")
            assert cur.fetchone()[0] == 0
        if connection.vendor == "sqlite":
            cur.execute("PRAGMA secure_delete")
            assert cur.fetchone()[0] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="dead tuples are read with PostgreSQL's pageinspect")
def test_dead_pending_rows_read_as_a_superuser_give_nothing_that_leads_to_a_ballot(closed_round):
    rnd, _truth, contents = closed_round
    with connection.cursor() as cur:
        try:
            cur.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        except Exception:  # pragma: no cover - a server without the contrib modules
            pytest.skip("pageinspect is not installed")
        cur.execute("SELECT pg_relation_size('budgeting_pendingballot') / current_setting('block_size')::int")
        pages = cur.fetchone()[0]
        remnants = []
        for page in range(pages):
            cur.execute("SELECT t_data FROM heap_page_items(get_raw_page('budgeting_pendingballot', %s)) "
                        "WHERE t_data IS NOT NULL", [page])
            remnants += [bytes(r[0]) for r in cur.fetchall()]
        cur.execute("SELECT receipt_hash FROM budgeting_ballot WHERE round_id = %s", [rnd.pk])
        receipts = [r[0].encode() for r in cur.fetchall() if r[0]]
    assert len(receipts) == len(contents)
    assert remnants, "no dead pending rows to inspect (vacuumed already?)"
    for data in remnants:
        assert b"proposals" not in data and b"receipt" not in data
        assert not any(receipt in data for receipt in receipts)
        assert not any(bytes.fromhex(b.replace("-", "")) in data for b in contents)


# ------------------------------------------------------------------ changes by identifying again (issue 15)
N_CHANGES = 10


@pytest.fixture
def open_round_with_changes():
    """40 residents vote through the pages; 10 of them come back later on another device, identify again with
    the provider and change their vote. Everything is mixed into the count but the voting is still open, so every
    ballot still carries its change tag: the database is dumped at its most revealing moment."""
    rnd = make_round(slug="tagged", max_projects=6, city_budget=10_000, costs=(10, 20, 30, 40, 50, 60),
                     area_costs=())
    codes = services.voting_codes_issue(actor=None, round=rnd, count=N_VOTERS)
    projects = {p.code: p.pk for p in rnd.proposals.filter(pool__area__isnull=True)}
    subsets = [frozenset(s) for k in (1, 2, 3) for s in itertools.combinations(sorted(projects), k)]
    later = [frozenset(s) for s in itertools.combinations(sorted(projects), 4)]
    truth: dict[str, frozenset[str]] = {}
    by_code: dict[str, str] = {}

    def vote(code, chosen):
        device = Client()
        assert device.post(f"{BASE}{rnd.slug}/aanesta/", {"code": code}).status_code == 302
        response = device.post(f"{BASE}{rnd.slug}/aanesta/lippu/",
                               {"area_pool": "", "project": [str(projects[c]) for c in sorted(chosen)]})
        assert response.status_code == 302, response.content.decode()[:500]

    for code, chosen in zip(codes, subsets, strict=False):
        before = set(_roll_ids(rnd))
        vote(code, chosen)
        (new,) = set(_roll_ids(rnd)) - before
        truth[new], by_code[code] = chosen, new
    for code, chosen in zip(codes[::4], later, strict=False):  # every fourth voter changes, in a new session
        roll = set(_roll_ids(rnd))
        vote(code, chosen)
        assert set(_roll_ids(rnd)) == roll  # the change never touches the roll
        truth[by_code[code]] = chosen
    services.ballots_mix(round=rnd, force=True)
    contents = {_norm(k): v for k, v in _ballot_contents(rnd).items()}
    assert sorted(contents.values(), key=sorted) == sorted(truth.values(), key=sorted)  # old ballots gone
    return rnd, truth, contents


def _tags_and_rolls(rnd):
    with connection.cursor() as cur:
        cur.execute("SELECT id, roll_hash FROM budgeting_voter WHERE round_id = %s", [rnd.pk])
        rolls = [(str(i), h) for i, h in cur.fetchall()]
        cur.execute("SELECT id, change_tag, receipt_hash FROM budgeting_ballot WHERE round_id = %s", [rnd.pk])
        ballots = [(str(i), t, r) for i, t, r in cur.fetchall()]
    return rolls, ballots


def test_a_database_dump_cannot_tie_a_change_tag_to_a_roll_entry(open_round_with_changes):
    """The attacker has every row but not the voter key (kept outside the database): no tag or receipt hash is
    the roll hash or any keyless function of it, and ordering both by their values links no more than chance."""
    rnd, truth, contents = open_round_with_changes
    rolls, ballots = _tags_and_rolls(rnd)
    tags = [t for _i, t, _r in ballots]
    assert all(t and len(t) == 64 for t in tags) and len(set(tags)) == len(tags) == N_VOTERS  # present, distinct
    for _voter_id, roll_hash in rolls:
        guesses = {roll_hash, hashlib.sha256(roll_hash.encode()).hexdigest(),
                   hashlib.sha256(f"{rnd.pk}\x1f{roll_hash}".encode()).hexdigest(),
                   hmac.new(roll_hash.encode(), str(rnd.pk).encode(), hashlib.sha256).hexdigest(),
                   hmac.new(str(rnd.pk).encode(), roll_hash.encode(), hashlib.sha256).hexdigest()}
        for _ballot_id, tag, receipt in ballots:
            assert tag not in guesses and receipt not in guesses
    for key in ("tag", "receipt"):
        column = 1 if key == "tag" else 2
        by_value = [b[0] for b in sorted(ballots, key=lambda b: b[column])]
        links = _score(zip([v for v, _h in sorted(rolls, key=lambda r: r[1])], by_value, strict=False), truth,
                       contents)
        assert links <= chance_bound(N_VOTERS), f"ordering by {key} links {links} of {N_VOTERS}"


def test_with_the_keys_a_change_tag_needs_the_persons_identity_and_after_the_close_nothing_remains(
        open_round_with_changes):
    """The documented limit, checked: the tag is HMAC(K_change, round, token), so the key alone (without a
    person's identity) does not open the tags; and the close wipes them, after which even key + identity do not
    lead to a ballot."""
    rnd, _truth, _contents = open_round_with_changes
    rolls, ballots = _tags_and_rolls(rnd)
    tags = {t for _i, t, _r in ballots}
    k_change = _key("change")
    for _voter_id, roll_hash in rolls:  # keying what the database holds does not give a tag
        assert hmac.new(k_change, f"{rnd.pk}\x1f{roll_hash}".encode(), hashlib.sha256).hexdigest() not in tags
    services.round_set_phase(actor=None, round=rnd, phase="results")
    _rolls, after = _tags_and_rolls(rnd)
    assert len(after) == N_VOTERS and all(t is None for _i, t, _r in after)
