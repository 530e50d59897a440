"""Reads for the staff page that compares counting rules: a round's pools (after the voting has closed) or an
uploaded ``.pb`` file counted with greedy and with equal shares side by side. Nothing is stored.

The figures come from :func:`yhteiso.analytics.pb.analysis.outcome_figures` (share of voters with at least one
funded project, funded projects and funded money per voter, cost per supporter); pabutools' analysis functions
are the peer the tests check them against.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from yhteiso.analytics.pb import solve
from yhteiso.analytics.pb.analysis import OutcomeFigures, outcome_figures
from yhteiso.analytics.pb.pabulib import PBFormatError, PBInstance, parse_pb
from yhteiso.analytics.pb.rules import Election, Outcome, election_from_pb
from yhteiso.budgeting import selectors
from yhteiso.budgeting.models import Round
from yhteiso.budgeting.pb_messages import pb_reason
from yhteiso.core.formatting import euros, money, percent, quantity

MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # about 150 000 Warsaw-sized ballots: bounded work for a page request
MAX_VOTERS = 150_000


@dataclass
class ProjectRow:
    code: str
    name: str
    cost: Fraction
    votes: int
    cost_per_supporter: Fraction | None
    greedy: bool
    equal_shares: bool


@dataclass
class ElectionComparison:
    title: str
    budget: Fraction
    voters: int
    greedy: OutcomeFigures
    equal_shares: OutcomeFigures
    equal_shares_outcome: Outcome
    prefers_equal_shares: int
    prefers_greedy: int
    comparison_keeps: str
    projects: list[ProjectRow]
    official: str  # the rule the file or the round names, for the caption
    currency: str = ""  # the file's currency symbol (uploads)


def compare_election(election: Election, *, title: str, names: dict[str, str], official: str) -> ElectionComparison:
    """Count ``election`` with greedy and with equal shares + add-one (and its comparison step) and put the
    figures side by side."""
    greedy_out = solve(election, "greedy")
    mes = solve(election, "equal-shares", completion="add1", comparison="greedy")
    verdict = mes.comparison
    assert verdict is not None
    # the equal-shares column shows equal shares itself; the comparison step's verdict is shown beside it
    mes_selected = mes.selected if verdict.kept == "equal-shares" else solve(
        election, "equal-shares", completion="add1").selected
    votes = election.vote_counts()
    g_set, m_set = set(greedy_out.selected), set(mes_selected)
    rows = [ProjectRow(pid, names.get(pid, ""), election.costs[j], votes[j],
                       election.costs[j] / votes[j] if votes[j] else None, pid in g_set, pid in m_set)
            for j, pid in enumerate(election.project_ids)]
    rows.sort(key=lambda r: (-r.votes, r.cost, r.code))
    return ElectionComparison(
        title=title, budget=Fraction(election.budget), voters=election.n_voters,
        greedy=outcome_figures(election, greedy_out.selected),
        equal_shares=outcome_figures(election, mes_selected), equal_shares_outcome=mes,
        prefers_equal_shares=verdict.prefers_mes, prefers_greedy=verdict.prefers_greedy,
        comparison_keeps=verdict.kept, projects=rows, official=official)


def _names(instance: PBInstance) -> dict[str, str]:
    return {pid: row.get("name", "") for pid, row in instance.projects.items()}


def round_comparisons(rnd: Round, user) -> list[ElectionComparison]:
    """One comparison per pool of ``rnd`` that has projects and ballots (only after the voting has closed)."""
    out = []
    for pool in rnd.pools.all().select_related("area").order_by("pk"):
        instance = parse_pb(selectors.export_pb(rnd, pool, user))
        election = election_from_pb(instance)
        if not election.project_ids or not election.n_voters:
            continue
        out.append(compare_election(election, title=str(pool), names=_names(instance),
                                    official=rnd.get_rule_display()))
    return out


def upload_comparison(data: bytes, filename: str) -> ElectionComparison:
    """The comparison of an uploaded ``.pb`` file; ``ValueError`` with a message for the page on bad input."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})
    try:
        instance = parse_pb(data)
    except PBFormatError as exc:
        if exc.line:
            raise ValueError(_("Line %(line)d of the file: %(reason)s") % {"line": exc.line,
                                                                          "reason": pb_reason(exc)}) from None
        raise ValueError(_("The file is not a valid .pb file: %(reason)s") % {"reason": pb_reason(exc)}) from None
    if instance.meta.get("vote_type", "approval").lower() != "approval":
        raise ValueError(_("Only approval votes can be compared; this file has %(type)s votes.")
                         % {"type": instance.meta.get("vote_type")})
    if len(instance.votes) > MAX_VOTERS:
        raise ValueError(_("The file has more than %(n)d voters.") % {"n": MAX_VOTERS})
    try:
        election = election_from_pb(instance)
    except ValueError as exc:
        raise ValueError(_("The file is not a valid .pb file: %(reason)s") % {"reason": str(exc)}) from None
    if not election.n_voters or not election.project_ids:
        raise ValueError(_("The file has no votes or no projects."))
    meta = instance.meta
    title = " – ".join(x for x in (meta.get("unit", ""), meta.get("subunit", ""), meta.get("instance", "")) if x)
    rule = meta.get("rule", "")
    if rule == "greedy":
        rule = _("Greedy by votes")
    elif rule.startswith("equalshares"):
        rule = _("Equal shares")
    comp = compare_election(election, title=title or filename, names=_names(instance), official=rule)
    code = meta.get("currency", "")
    comp.currency = selectors.CURRENCY_SYMBOLS.get(code, code)[:5]
    return comp


def _amount(value: Fraction | None, symbol: str) -> str:
    if value is None:
        return "–"
    shown = round(float(value), 2)
    return euros(shown, symbol=symbol) if symbol else money(shown)


def figure_rows(comp: ElectionComparison, symbol: str = "") -> list[tuple[str, str, str]]:
    """(label, greedy, equal shares) rows of the page's figure table, formatted for the active language."""
    rows = []
    for label, get in (
        (_("Funded projects"), lambda f: quantity(f.funded)),
        (_("Total cost"), lambda f: _amount(f.cost, symbol)),
        (_("Share of budget used"), lambda f: percent(round(float(f.cost / comp.budget) * 100, 1), decimals=1)),
        (_("Voters with at least one funded project"),
         lambda f: f"{percent(round(float(f.share_with_one) * 100, 1), decimals=1)} ({quantity(f.voters_with_one)})"),
        (_("Funded projects per voter (mean)"), lambda f: quantity(round(float(f.mean_funded_per_voter), 2))),
        (_("Cost of the funded projects a voter supported (mean)"),
         lambda f: _amount(f.mean_funded_cost_per_voter, symbol)),
        (_("Cost per supporter of the funded projects"), lambda f: _amount(f.cost_per_supporter, symbol)),
    ):
        rows.append((label, get(comp.greedy), get(comp.equal_shares)))
    return rows


def amount(value: Fraction | None, symbol: str = "") -> str:
    """A money amount for the page (two decimals at most)."""
    return _amount(value, symbol)
