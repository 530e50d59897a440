"""The one entry point of the participatory-budgeting rules: :func:`solve` dispatches by rule name to the exact
rules of :mod:`.rules` or the vectorised equal-shares engine of :mod:`.fast`. The ``pb-results`` command and the
budgeting app both count through it. Dependencies run one way: ``solver`` → ``fast`` → ``rules``.

>>> from yhteiso.analytics.pb.rules import Election
>>> e = Election(["a", "b", "c"], [60, 50, 50], 100, [(0,), (0,), (0,), (1, 2), (1, 2)])
>>> solve(e, "greedy").selected
['a']
>>> solve(e, "equal-shares", completion="add1").selected == solve(e, "mes", completion="add1", exact=True).selected
True
>>> solve(e, "equal-shares", completion="add1", comparison="greedy").comparison.kept
'equal-shares'
"""

from __future__ import annotations

from yhteiso.analytics.pb.fast import equal_shares_fast
from yhteiso.analytics.pb.rules import COMPARISON_MEASURES, Election, Outcome, apply_comparison, equal_shares, greedy

RULES = ("greedy", "equal-shares")
COMPLETIONS = (None, "add1")
COMPARISONS = (None, "greedy")
_ALIASES = {"greedy": "greedy", "equal-shares": "equal-shares", "equal_shares": "equal-shares",
            "equalshares": "equal-shares", "mes": "equal-shares"}


def solve(election: Election, rule: str, *, completion: str | None = None, utilities: str = "cost",
          exact: bool = False, comparison: str | None = None, comparison_measure: str = "satisfaction",
          exhaustive_stop: bool = True) -> Outcome:
    """Count ``election`` with ``rule``.

    Parameters
    ----------
    election : Election
        Projects, costs, budget and approval ballots.
    rule : str
        ``greedy`` (greedy by votes) or ``equal-shares`` (the method of equal shares; aliases ``equal_shares``,
        ``equalshares``, ``mes``).
    completion : {None, "add1"}
        Completion of equal shares (ignored by greedy).
    utilities : {"cost", "approval"}
        A supporter's utility of a project under equal shares: its cost (default) or 1.
    exact : bool
        Equal shares in exact rational arithmetic only (the vectorised engine gives the same result and falls back
        to exact arithmetic on near-ties by itself).
    comparison : {None, "greedy"}
        Equal shares: the comparison step of equalshares.net (:func:`~yhteiso.analytics.pb.rules.comparison_step`)
        — the greedy outcome replaces the equal-shares one if strictly more voters prefer it.
    comparison_measure : {"satisfaction", "exclusion"}
        How a voter compares the two outcomes: number of funded approved projects, or having at least one.
    exhaustive_stop : bool
        Add-one: stop raising the per-voter budget once the outcome is exhaustive (default, as recommended on
        equalshares.net); ``False`` raises it until the next step would overspend (Wieliczka 2023).
    """
    name = _ALIASES.get(rule)
    if name is None:
        raise ValueError(f"unknown rule {rule!r} (use 'greedy' or 'equal-shares')")
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r} (use 'add1' or none)")
    if comparison not in COMPARISONS:
        raise ValueError(f"unknown comparison {comparison!r} (use 'greedy' or none)")
    if comparison_measure not in COMPARISON_MEASURES:
        raise ValueError(f"unknown comparison measure {comparison_measure!r} (use 'satisfaction' or 'exclusion')")
    if name == "greedy":
        return greedy(election)
    if exact:
        outcome = equal_shares(election, completion=completion, utilities=utilities, exhaustive_stop=exhaustive_stop)
    else:
        outcome = equal_shares_fast(election, completion=completion, utilities=utilities,
                                    exhaustive_stop=exhaustive_stop)
    if comparison == "greedy":
        outcome = apply_comparison(election, outcome, measure=comparison_measure)
    return outcome
