r"""Figures that compare participatory-budgeting outcomes (pure Python, exact): how many voters got something, how
much each voter got, and what a funded project cost per supporter.

For an approval election with voters :math:`i = 1 \dots n`, approval sets :math:`A_i`, project costs
:math:`c_p`, vote counts :math:`v_p` and a funded set :math:`W`:

.. math::

   \mathrm{share\ with\ one} = \frac{|\{i : A_i \cap W \ne \emptyset\}|}{n}, \qquad
   \overline{u}_{\mathrm{card}} = \frac{1}{n} \sum_{p \in W} v_p, \qquad
   \overline{u}_{\mathrm{cost}} = \frac{1}{n} \sum_{p \in W} v_p c_p, \qquad
   \mathrm{cost\ per\ supporter} = \frac{\sum_{p \in W} c_p}{\sum_{p \in W} v_p}.

The first three are pabutools' ``percent_non_empty_handed`` and ``avg_satisfaction`` with ``Cardinality_Sat`` and
``Cost_Sat`` (Faliszewski et al., *Pabutools*, the peer the tests check against); the last one is money spent per
approval that was honoured.

>>> from yhteiso.analytics.pb.rules import Election
>>> e = Election(["a", "b"], [60, 30], 100, [(0,), (0, 1), (1,), ()])
>>> f = outcome_figures(e, ["a"])
>>> f.voters_with_one, f.share_with_one, f.cost_per_supporter
(2, Fraction(1, 2), Fraction(30, 1))
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from yhteiso.analytics.pb.rules import Election

__all__ = ["OutcomeFigures", "outcome_figures"]


@dataclass(frozen=True)
class OutcomeFigures:
    """The figures of one funded set (all exact)."""

    funded: int
    cost: Fraction
    voters: int
    voters_with_one: int
    share_with_one: Fraction
    mean_funded_per_voter: Fraction
    mean_funded_cost_per_voter: Fraction
    cost_per_supporter: Fraction | None  # None when nothing funded has a supporter


def outcome_figures(election: Election, selected: list[str]) -> OutcomeFigures:
    """The figures of funding ``selected`` (project ids) in ``election``; unknown ids raise ``ValueError``."""
    index = {p: j for j, p in enumerate(election.project_ids)}
    unknown = [p for p in selected if p not in index]
    if unknown:
        raise ValueError(f"unknown project(s): {', '.join(map(str, unknown))}")
    funded = {index[p] for p in selected}
    votes = election.vote_counts()
    n = election.n_voters
    with_one = sum(count for ballot, count in Counter(election.ballots).items() if funded.intersection(ballot))
    approvals = sum(votes[j] for j in funded)
    cost = sum((election.costs[j] for j in funded), Fraction(0))
    weighted = sum((votes[j] * election.costs[j] for j in funded), Fraction(0))
    return OutcomeFigures(
        funded=len(funded), cost=cost, voters=n, voters_with_one=with_one,
        share_with_one=Fraction(with_one, n) if n else Fraction(0),
        mean_funded_per_voter=Fraction(approvals, n) if n else Fraction(0),
        mean_funded_cost_per_voter=weighted / n if n else Fraction(0),
        cost_per_supporter=cost / approvals if approvals else None)
