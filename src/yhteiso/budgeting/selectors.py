"""Reads of the participatory-budgeting app. Pages, the API and the exports use the same functions, so they show
the same numbers under one visibility rule, :func:`results_visible`: votes, funded / not funded and everything
derived from them stay hidden until the round's results are published (programme staff see them as soon as they
are computed). Raw ballots are downloadable only after the voting has closed (:func:`ballots_downloadable`)."""

from __future__ import annotations

import functools
import json

from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from shapely.geometry import mapping, shape

from yhteiso.analytics.pb.pabulib import PBInstance, write_pb
from yhteiso.areas.models import Area, AreaLevel
from yhteiso.budgeting import frozen
from yhteiso.budgeting.models import (
    PHASE_ORDER,
    BallotChoice,
    Eligibility,
    Phase,
    Pool,
    Proposal,
    ProposalStatus,
    Round,
    Voter,
    VoterBasis,
)
from yhteiso.core import rows
from yhteiso.core.formatting import DASH, NBSP, date, euros, in_reading_order, thousands_separator
from yhteiso.core.inputs import whole_number
from yhteiso.core.localisation import active_language
from yhteiso.core.permissions import is_programme_staff
from yhteiso.viz import bar_chart, choropleth

CURRENCY_SYMBOLS = {"EUR": "€", "PLN": "zł"}
# the citywide pool (no area) first, then the areas by code, on every database (PostgreSQL sorts NULL last)
POOL_ORDER = (F("area__code").asc(nulls_first=True), "id")
LOCATOR_COLOURS = ["#e4e8ec", "#00407a"]  # other districts / the pool's district (contrast 10:1 on white)


def currency(rnd: Round) -> str:
    code = (rnd.pb_meta or {}).get("currency", "EUR")
    return CURRENCY_SYMBOLS.get(code, code)


def rounds_list(user=None):
    """The rounds of the public list: test and example rounds (``is_test``) only for programme staff, who see
    them marked."""
    rounds = Round.objects.annotate(n_proposals=Count("proposals", filter=Q(proposals__is_hidden=False))).order_by(
        "-id")
    if user is None or not is_programme_staff(user):
        rounds = rounds.filter(is_test=False)
    return rounds


def date_time(value) -> str:
    """A moment in local time the page language's way: ``31.12.2026 klo 23.10`` (Finnish), ``31.12.2026 kl. 23.10``
    (Swedish), ``31 Dec 2026 at 23:10`` (English); the date through the platform's date format."""
    if value is None:
        return DASH
    local = timezone.localtime(value)
    clock = pgettext("time of day", "%(h)s:%(m)s") % {"h": local.hour, "m": f"{local.minute:02d}"}
    return _("%(date)s at %(time)s") % {"date": date(local.date()), "time": clock}


def results_visible(rnd: Round, user=None) -> bool:
    """The one rule: may ``user`` see the round's results (votes, funded or not, and why)?"""
    if rnd.results_published_at:
        return True
    return bool(rnd.results_computed_at and user is not None and is_programme_staff(user))


def voting_closed(rnd: Round) -> bool:
    return rnd.reached(Phase.RESULTS)


def ballots_downloadable(rnd: Round, user=None) -> bool:
    """Raw ballots (the .pb file): never while the voting is open; for staff after the close, for everyone once
    the results are published."""
    if not voting_closed(rnd):
        return False
    return bool(rnd.results_published_at or (user is not None and is_programme_staff(user)))


RESULT_STATUSES = (ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED)


def public_status(p: Proposal, *, show_results: bool) -> str:
    """The status a reader may see: a computed but unpublished result still reads "on the ballot"."""
    if not show_results and p.status in RESULT_STATUSES:
        return ProposalStatus.FEASIBLE
    return p.status


def public_status_label(p: Proposal, *, show_results: bool) -> str:
    return str(ProposalStatus(public_status(p, show_results=show_results)).label)


def proposal_fate(p: Proposal, *, show_results: bool, symbol: str = "€") -> str:
    """What happened to the idea and why, in one or two sentences."""
    if p.status == ProposalStatus.SUBMITTED:
        return _("Submitted; waiting for co-development and the city's cost estimate.")
    if p.status == ProposalStatus.IN_CO_DEVELOPMENT:
        return _("Being developed further together with residents and the city.")
    if p.status == ProposalStatus.MERGED:
        target = p.merged_into.title if p.merged_into_id else ""
        return _("Merged into the proposal “%(target)s”.") % {"target": target} + (
            " " + p.feasibility_reason if p.feasibility_reason else "")
    if p.status == ProposalStatus.NOT_FEASIBLE:
        return _("Not feasible: %(reason)s") % {"reason": p.feasibility_reason}
    if p.status == ProposalStatus.FEASIBLE or not show_results:
        return _("On the ballot with a cost estimate of %(cost)s.") % {"cost": euros(p.cost, symbol=symbol)}
    return result_explanation(p, symbol)


def result_explanation(p: Proposal, symbol: str = "€") -> str:
    d = p.result_details or {}

    amount = functools.partial(euros, symbol=symbol)

    reason = p.result_reason
    if reason == "funded_greedy":
        return _("Funded: %(rank)s. most votes (%(votes)s); its cost %(cost)s fitted the %(left)s still left.") % {
            "rank": d.get("rank"), "votes": p.votes, "cost": amount(p.cost), "left": amount(d.get("remaining"))}
    if reason == "not_funded_does_not_fit":
        return _("Not funded: %(rank)s. most votes (%(votes)s), but when its turn came only %(left)s was left, "
                 "less than its cost %(cost)s.") % {"rank": d.get("rank"), "votes": p.votes,
                                                    "left": amount(d.get("remaining")), "cost": amount(p.cost)}
    if reason == "funded_equal_shares":
        return _("Funded in round %(round)s of equal shares: its %(n)s supporters shared the cost %(cost)s, "
                 "each paying at most %(pay)s of their equal share of %(share)s.") % {
            "round": d.get("round"), "n": d.get("supporters"), "cost": amount(p.cost),
            "pay": amount(d.get("max_payment")), "share": amount(d.get("per_voter_budget"))}
    if reason == "not_funded_supporters_short":
        return _("Not funded: after the funded projects were paid for, its %(n)s supporters had %(money)s of "
                 "their equal shares left, less than its cost %(cost)s.") % {
            "n": d.get("supporters"), "money": amount(d.get("supporters_money")), "cost": amount(p.cost)}
    if reason == "not_funded_no_votes":
        return _("Not funded: it received no votes.")
    return ""


def visible_proposals(rnd: Round):
    """The proposals residents see in the lists: not hidden (by moderation, or as a merged duplicate)."""
    return rnd.proposals.filter(is_hidden=False)


def proposal_visible(p: Proposal, user=None) -> bool:
    """A hidden proposal's page is for staff only; a merged duplicate's page stays public (it links to the kept
    proposal)."""
    return not p.is_hidden or p.status == ProposalStatus.MERGED or (user is not None and is_programme_staff(user))


def round_overview(rnd: Round, user=None) -> dict:
    """Pools with their proposals, fates, and (when visible) votes and results."""
    show = results_visible(rnd, user)
    proposals = rnd.proposals if user is not None and is_programme_staff(user) else visible_proposals(rnd)
    pools = []
    for pool in rnd.pools.select_related("area").order_by(*POOL_ORDER):
        rows = []
        spent = 0
        for p in proposals.filter(pool=pool).select_related("merged_into", "programme_project").order_by(
            "-votes" if show else "code", "code"
        ):
            funded = p.status == ProposalStatus.FUNDED and show
            if funded:
                spent += p.cost or 0
            status = public_status(p, show_results=show)
            rows.append({"proposal": p, "fate": proposal_fate(p, show_results=show, symbol=currency(rnd)),
                         "status": status, "status_label": str(ProposalStatus(status).label),
                         "votes": p.votes if show else None, "funded": funded})
        voters = None
        if show:
            voters = next((r["proposal"].result_details.get("voters") for r in rows
                           if r["proposal"].result_details), 0)
        pools.append({"pool": pool, "rows": rows, "spent": spent if show else None, "voters": voters})
    return {"round": rnd, "pools": pools, "show_results": show, "currency": currency(rnd),
            "turnout": Voter.objects.filter(round=rnd).count() if rnd.reached(Phase.VOTING) else None}


def _district_features() -> list[dict]:
    """The major districts' boundaries (EPSG:4326), simplified for a small locator map."""
    out = []
    for a in Area.objects.filter(level=AreaLevel.MAJOR_DISTRICT, geometry_wgs84__isnull=False).order_by("code"):
        geom = shape(a.geometry_wgs84).simplify(0.002, preserve_topology=True)
        out.append({"code": a.code, "name": a.name, "area_id": a.pk, "geometry": mapping(geom)})
    return out


def _locator(features: list[dict], area) -> str:
    if not any(f["area_id"] == area.pk for f in features):
        return ""
    feats = [{**f, "value": 1.0 if f["area_id"] == area.pk else 0.0} for f in features]
    return choropleth(feats, title=_("Where: %(area)s") % {"area": area.name}, breaks=[0.5],
                      palette=LOCATOR_COLOURS, legend=False, width=220, height=170,
                      desc=_("A small map of Espoo with %(area)s highlighted.") % {"area": area.name})


def pool_locators(pools) -> dict[int, str]:
    """A small map of Espoo's major districts for each area pool, its area highlighted (the boundaries are read
    once for all pools)."""
    area_pools = [p for p in pools if p.area_id]
    if not area_pools:
        return {}
    features = _district_features()
    return {p.pk: _locator(features, p.area) for p in area_pools}


FUNDED_COLOUR, NOT_FUNDED_COLOUR = "#1e6b2e", "#6b6b6b"  # both ≥ 5:1 on white; funded bars are also marked ✓


def results_chart(block: dict) -> str:
    """The votes of a pool's projects as a bar chart (most votes first), funded projects green and marked with ✓
    in the label (not by colour alone); the page shows the same numbers in the table beside it."""
    rows = [r for r in block["rows"] if r["votes"] is not None]
    if not rows:
        return ""
    bars = [(("✓ " if r["funded"] else "") + r["proposal"].title, float(r["votes"])) for r in rows]
    colours = [FUNDED_COLOUR if r["funded"] else NOT_FUNDED_COLOUR for r in rows]
    return bar_chart(bars, title=_("Votes per project: %(pool)s") % {"pool": block["pool"].name},
                     value_label=_("votes (✓ = funded)"), colours=colours, width=680,
                     decimal_comma=active_language() != "en")


def rules_summary(rnd: Round) -> str:
    if rnd.ballot_type == "approval":
        if rnd.min_projects == rnd.max_projects:
            return ngettext("Choose %(n)d project in each budget pool.", "Choose %(n)d projects in each budget pool.",
                            rnd.max_projects) % {"n": rnd.max_projects}
        return _("Choose from %(min)d to %(max)d projects in each budget pool.") % {
            "min": rnd.min_projects, "max": rnd.max_projects}
    text = _("Choose projects whose total cost fits each pool's budget.")
    if rnd.min_spend_percent:
        text += " " + _("Use at least %(pct)d %% of the budget.") % {"pct": rnd.min_spend_percent}
    return text


def export_pb(rnd: Round, pool: Pool, user=None) -> str:
    """The pool's anonymised ballots as a pabulib ``.pb`` file (voter ids are sequence numbers in a random order;
    ballots carry no time, no roll link and no personal data). Callers check :func:`ballots_downloadable`; the
    votes and selected columns follow :func:`results_visible`."""
    if not voting_closed(rnd):
        raise ValueError("ballots are exported only after the voting has closed")
    proposals = list(rnd.proposals.filter(pool=pool, status__in=[
        ProposalStatus.FEASIBLE, ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED]).order_by("pk"))
    by_id = {p.pk: p.code for p in proposals}
    rows: dict = {}
    for ballot_id, proposal_id in BallotChoice.objects.filter(proposal__pool=pool).values_list(
        "ballot_id", "proposal_id"
    ):
        if proposal_id in by_id:
            rows.setdefault(ballot_id, []).append(by_id[proposal_id])
    votes = [",".join(sorted(v, key=lambda c: (len(c), c))) for _, v in sorted(rows.items(), key=lambda kv: str(kv[0]))]
    meta = {
        "description": f"{rnd.name_fi} – {pool.name}",
        "country": "Finland", "unit": "Espoo", "subunit": pool.area.name_fi if pool.area_id else "",
        "instance": rnd.slug, "budget": str(pool.budget),
        "vote_type": "approval",
        "rule": "greedy" if rnd.rule == "greedy" else "equalshares/add1",
        "currency": "EUR", "language": "fi",
    }
    if rnd.ballot_type == "approval":
        meta["min_length"], meta["max_length"] = str(rnd.min_projects), str(rnd.max_projects)
    else:
        meta["comment"] = "knapsack ballots stored as approval sets"
    if rnd.is_demo:
        meta["comment"] = "DEMONSTRATION ROUND - not a real vote"
    show_selected = results_visible(rnd, user)
    projects = {}
    for p in proposals:
        row = {"project_id": p.code, "cost": str(p.cost), "name": p.title_fi}
        if show_selected:
            row["votes"] = str(p.votes or 0)
            row["selected"] = "1" if p.status == ProposalStatus.FUNDED else "0"
        projects[p.code] = row
    columns = ["project_id", "cost", "name"] + (["votes", "selected"] if show_selected else [])
    inst = PBInstance(meta=meta, projects=projects,
                      votes=[{"voter_id": str(i), "vote": v} for i, v in enumerate(votes, start=1)],
                      project_columns=columns, vote_columns=["voter_id", "vote"])
    return write_pb(inst)


def area_pools(rnd: Round) -> dict[int, Pool]:
    return {p.pk: p for p in rnd.pools.filter(area__isnull=False).select_related("area")}


def round_pools(rnd: Round) -> dict[int, Pool]:
    """Every pool of the round (citywide and areas) by id, with their areas, read once per ballot page."""
    return {p.pk: p for p in rnd.pools.select_related("area")}


VOTE_ROUND_FIELDS = frozen.VOTE_ROUND_FIELDS


def vote_round(slug: str) -> Round | None:
    """The round a voter posts to (``VOTE_ROUND_FIELDS`` only), or ``None``: one plain statement, or none for a
    second after that while the round's rules are frozen (``frozen.round_row`` says why that is safe)."""
    row = frozen.round_row(slug)
    return None if row is None else rows.built(Round, VOTE_ROUND_FIELDS, row)


def vote_pools(rnd: Round) -> dict[int, Pool]:
    """The round's pools by id for checking a posted ballot: read once per process while the round's rules are
    frozen (``frozen``), else one plain statement."""
    return frozen.pools(rnd)


def chosen_text(n: int, most: int) -> str:
    """The approval ballot's counter: how many projects are chosen in a pool (a plural form for ``n``)."""
    return ngettext("You have chosen %(n)d project (at most %(max)d).",
                    "You have chosen %(n)d projects (at most %(max)d).", n) % {"n": n, "max": most}


def left_texts(symbol: str) -> dict[str, str]:
    """The knapsack ballot's counter with a ``{}`` where the amount goes (the script fills it in as it changes)."""
    return {"left": _("%(left)s left") % {"left": in_reading_order("{}" + NBSP + symbol)},
            "over": _("%(over)s over the budget") % {"over": in_reading_order("{}" + NBSP + symbol)}}


def ballot_page(rnd: Round, *, area_pool: Pool | None, chosen: set[int], errors=None, basis: str = "",
                basis_area: int | None = None) -> dict:
    """The ballot: one section per pool (citywide, the chosen area) with its counter, written here in the page's
    language and, for the script that updates it live, as raw numbers and ready texts (the budget in a data
    attribute is never localised: "45 000" was read as 45)."""
    pools = list(rnd.pools.select_related("area").order_by(*POOL_ORDER))
    city = next((p for p in pools if p.is_citywide), None)
    areas = [p for p in pools if not p.is_citywide]
    symbol = currency(rnd)
    knapsack = rnd.ballot_type == "knapsack"
    texts = left_texts(symbol)
    sections = []
    for pool in [city, area_pool]:
        if pool is None:
            continue
        props = list(rnd.proposals.filter(pool=pool, status=ProposalStatus.FEASIBLE).order_by("code"))
        chosen_here = [p for p in props if p.pk in chosen]
        left = pool.budget - sum(p.cost for p in chosen_here)
        if knapsack:
            amount = euros(abs(left), symbol=symbol)  # in reading order on a right-to-left page
            status = (_("%(left)s left") % {"left": amount} if left >= 0
                      else _("%(over)s over the budget") % {"over": amount})
        else:
            status = chosen_text(len(chosen_here), rnd.max_projects)
        sections.append({"pool": pool, "proposals": props, "chosen_count": len(chosen_here), "left": left,
                         "status": status, "over": left < 0 if knapsack else len(chosen_here) > rnd.max_projects,
                         "counts_json": json.dumps([chosen_text(n, rnd.max_projects)
                                                    for n in range(len(props) + 1)], ensure_ascii=False)})
    declare = rnd.eligibility == Eligibility.LIVES_WORKS_STUDIES  # the voter says which applies, and where
    return {"declare": declare, "basis_choices": VoterBasis.choices, "basis": basis, "basis_area": basis_area,
            "round": rnd, "sections": sections, "areas": areas, "area_pool": area_pool, "chosen": chosen,
            "errors": errors or [], "rules": rules_summary(rnd), "knapsack": knapsack, "currency": symbol,
            "left_text": texts["left"], "over_text": texts["over"], "thousands": thousands_separator()}


def _translations(model, field: str, path: str) -> list[str]:
    """``path`` + each of ``model``'s columns of ``field`` in one language (``title_fi``, ``title_sv``, ...)."""
    return [path + f.name for f in model._meta.concrete_fields if f.name.startswith(f"{field}_")]


#: what the confirmation page shows of its round (a field left out would load when used, one query each)
DONE_ROUND_FIELDS = ("id", "slug", *_translations(Round, "name", ""), "is_demo", "is_test", "is_imported", "pb_meta")


def done_round(slug: str) -> Round | None:
    """The round of the confirmation page (``DONE_ROUND_FIELDS``, one plain statement), or ``None``: all 500 voters
    of issue 12's voting load ask for that page in the same few seconds, and building the ORM's queries was a third
    of its time."""
    found = rows.instances(Round, DONE_ROUND_FIELDS,
                           f"SELECT {rows.columns(Round, DONE_ROUND_FIELDS)} FROM {rows.table(Round)} "  # noqa: S608
                           f"WHERE {rows.column(Round, 'slug')} = %s", [slug])
    return found[0] if found else None


def chosen_proposals(rnd: Round, ids) -> list[Proposal]:
    """The proposals a voter chose, for the confirmation page, in the order of their pools: only what it shows
    (title, cost, pool's name), in one plain statement (see ``done_round``)."""
    ids = [i for i in ids if isinstance(i, int) and 0 < i <= rows.LARGEST_ID]
    if not ids:
        return []
    shown = ("id", "round", "pool", "code", "cost", *_translations(Proposal, "title", ""))
    pool_fields = frozen.POOL_FIELDS
    area_fields = ("id", "code", *_translations(Area, "name", ""))

    def of(alias: str, model, names) -> str:
        return ", ".join(f"{alias}.{rows.column(model, name)}" for name in names)

    area_key = rows.column(Area, "id")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {of('p', Proposal, shown)}, {of('o', Pool, pool_fields)}, {of('a', Area, area_fields)} "  # noqa: S608
            f"FROM {rows.table(Proposal)} p JOIN {rows.table(Pool)} o ON o.{rows.column(Pool, 'id')} = "
            f"p.{rows.column(Proposal, 'pool')} LEFT JOIN {rows.table(Area)} a ON a.{area_key} = "
            f"o.{rows.column(Pool, 'area')} WHERE p.{rows.column(Proposal, 'round')} = %s "
            f"AND p.{rows.column(Proposal, 'id')} IN ({rows.placeholders(len(ids))}) "
            # the pools as the ORM orders them (``Pool.Meta.ordering``), then the proposals' codes
            f"ORDER BY o.{rows.column(Pool, 'round')}, a.{rows.column(Area, 'code')}, o.{rows.column(Pool, 'id')}, "
            f"p.{rows.column(Proposal, 'code')}", [rnd.pk, *ids])
        found = cursor.fetchall()
    chosen = []
    split, end = len(shown), len(shown) + len(pool_fields)
    for row in found:
        proposal = rows.built(Proposal, shown, row[:split])
        pool = rows.built(Pool, pool_fields, row[split:end])
        if pool.area_id is not None:
            pool.area = rows.built(Area, area_fields, row[end:])
        proposal.pool = pool
        chosen.append(proposal)
    return chosen


def proposal_by_code(rnd: Round, code: str) -> Proposal | None:
    return Proposal.objects.select_related("pool__area", "merged_into", "programme_project").filter(
        round=rnd, code=code).first()


def round_proposal(rnd: Round, pk: str) -> Proposal | None:
    number = whole_number(pk)
    return rnd.proposals.filter(pk=number).first() if number is not None else None


def manage_page(rnd: Round, user) -> dict:
    """Everything the staff page of a round shows."""
    later = [(v, label) for v, label in Phase.choices if PHASE_ORDER.index(v) > rnd.phase_index]
    ctx = round_overview(rnd, user)
    ctx.update({"later_phases": later,
                "statuses": [(v, label) for v, label in ProposalStatus.choices
                             if v not in (ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED, ProposalStatus.MERGED)],
                "areas": rnd.pools.filter(area__isnull=False).select_related("area"),
                "ballots_downloadable": ballots_downloadable(rnd, user),
                "all_proposals": rnd.proposals.select_related("pool__area").order_by("pk"),
                "ballot_proposals": rnd.proposals.filter(status=ProposalStatus.FEASIBLE).select_related("pool__area")
                .order_by("pool", "code")})
    return ctx




def api_rounds():
    """The open-data list of rounds: the public list (no test or example rounds; their own addresses work)."""
    return Round.objects.filter(is_test=False).order_by("-id")
