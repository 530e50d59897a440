"""The one entry point of the participatory-budgeting rules: :func:`solve` dispatches by rule name to the exact
rules of :mod:`.rules` or the vectorised equal-shares engine of :mod:`.fast`. The ``pb-results`` command and the
budgeting app both count through it. Dependencies run one way: ``solver`` → ``fast`` → ``rules``.

>>> from yhteiso.analytics.pb.rules import Election
>>> e = Election(["a", "b", "c"], [60, 50, 50], 100, [(0,), (0,), (0,), (1, 2), (1, 2)])
>>> solve(e, "greedy").selected
['a']
>>> solve(e, "equal-shares", completion="add1").selected == solve(e, "mes", completion="add1", exact=True).selected
True
"""

from __future__ import annotations

from yhteiso.analytics.pb.fast import equal_shares_fast
from yhteiso.analytics.pb.rules import Election, Outcome, equal_shares, greedy

RULES = ("greedy", "equal-shares")
_ALIASES = {"greedy": "greedy", "equal-shares": "equal-shares", "equal_shares": "equal-shares",
            "equalshares": "equal-shares", "mes": "equal-shares"}


def solve(election: Election, rule: str, *, completion: str | None = None, utilities: str = "cost",
          exact: bool = False) -> Outcome:
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
    """
    name = _ALIASES.get(rule)
    if name is None:
        raise ValueError(f"unknown rule {rule!r} (use 'greedy' or 'equal-shares')")
    if name == "greedy":
        return greedy(election)
    if exact:
        return equal_shares(election, completion=completion, utilities=utilities)
    return equal_shares_fast(election, completion=completion, utilities=utilities)
