"""Rolling area statistics up a hierarchy of areas (small areas → statistical areas → major districts → city).

A figure of a larger area is computed from the figures of the areas it is made of, by its *kind*:

* **count** — the sum of the parts, :math:`X_P = \\sum_{i \\in P} x_i`;
* **share** — summed numerators over summed denominators, never the mean of the parts' shares. With the parts'
  shares :math:`s_i` (in units of ``scale``, e.g. 100 for a percentage) and denominators :math:`d_i` the numerators
  are :math:`n_i = s_i d_i / \\mathrm{scale}`, and

  .. math:: S_P = \\mathrm{scale} \\cdot \\frac{\\sum_{i \\in P} n_i}{\\sum_{i \\in P} d_i};

* **mean** — the total over the summed weights (e.g. mean age weighted by inhabitants),
  :math:`M_P = \\sum_i w_i m_i / \\sum_i w_i`.

Medians, indices and changes have no such rule and are not rolled up.

Only published figures enter a sum: a part whose value (or denominator, or weight) is missing or suppressed is
left out and counted in ``parts_total − parts_used``, so a rolled-up figure never contains a hidden value and
cannot be used to recover one by subtraction. The small-cell rule of :mod:`yhteiso.analytics.suppression` is then
applied to the rolled-up figure itself: a count between 1 and ``min_count − 1`` is hidden, and a share or mean is
shown only where its denominator (weight) is at least ``min_n`` (a share also hides a numerator between 1 and
``min_count − 1``).

Pure Python; no Django.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from yhteiso.analytics.suppression import Policy

__all__ = ["AREA_POLICY", "KINDS", "RolledUp", "roll_up"]

KINDS = ("count", "share", "mean")

AREA_POLICY = Policy(min_count=5, min_n=30)
"""Counts of 1–4 hidden; shares and means only over at least 30 persons (Statistics Finland's Paavo threshold for
area figures)."""


@dataclass(frozen=True)
class RolledUp:
    """One rolled-up figure: ``value`` None when ``suppressed``; how many of the parts it was computed from."""

    value: float | None
    suppressed: bool
    parts_used: int
    parts_total: int


def _present(v: float | None) -> bool:
    return v is not None and v == v  # NaN is not a value


def roll_up(
    kind: str,
    members: Mapping[Hashable, Sequence[Hashable]],
    values: Mapping[Hashable, float | None],
    *,
    weights: Mapping[Hashable, float | None] | None = None,
    scale: float = 1.0,
    policy: Policy = AREA_POLICY,
) -> dict[Hashable, RolledUp]:
    """Roll the parts' ``values`` up to each larger area of ``members`` (``{area: [part, ...]}``).

    Parameters
    ----------
    kind : {"count", "share", "mean"}
        How the figure is combined (see the module docstring).
    members : mapping
        The parts of each larger area.
    values : mapping
        The parts' figures; None (or absent) for a missing or suppressed figure.
    weights : mapping, optional
        The denominator of a share or the weight of a mean, per part (required for those kinds).
    scale : float
        The unit of a share (100 for a percentage).
    policy : Policy
        The small-cell thresholds.

    Returns
    -------
    dict
        ``{area: RolledUp}`` for each area with at least one usable part.

    Examples
    --------
    >>> r = roll_up("share", {"A": ["a1", "a2"]}, {"a1": 50.0, "a2": 10.0}, weights={"a1": 100, "a2": 300},
    ...             scale=100)
    >>> r["A"].value  # (50 + 30) / 400, not the mean of 50 % and 10 %
    20.0
    >>> roll_up("count", {"A": ["a1", "a2", "a3"]}, {"a1": 3.0, "a2": None})["A"]
    RolledUp(value=None, suppressed=True, parts_used=1, parts_total=3)
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    if kind != "count" and weights is None:
        raise ValueError(f"a {kind} needs weights (its denominator or weight per part)")
    if scale <= 0:
        raise ValueError(f"scale must be positive (got {scale})")
    out: dict[Hashable, RolledUp] = {}
    for area, parts in members.items():
        total = len(parts)
        if kind == "count":
            used = [float(values[p]) for p in parts if _present(values.get(p))]  # type: ignore[arg-type]
            if not used:
                continue
            value = sum(used)
            hidden = 0 < round(value) < policy.min_count
            out[area] = RolledUp(None if hidden else value, hidden, len(used), total)
            continue
        assert weights is not None
        pairs = [(float(values[p]), float(weights[p]))  # type: ignore[arg-type]
                 for p in parts if _present(values.get(p)) and _present(weights.get(p)) and weights[p] > 0]  # type: ignore[operator]
        if not pairs:
            continue
        denominator = sum(w for _, w in pairs)
        numerator = sum(v * w for v, w in pairs) / scale
        hidden = denominator < policy.min_n or (kind == "share" and 0 < round(numerator) < policy.min_count)
        value = scale * numerator / denominator
        out[area] = RolledUp(None if hidden else value, hidden, len(pairs), total)
    return out
