"""Validation of count data shared by every index of :mod:`yhteiso.analytics`.

All index functions accept plain sequences or NumPy arrays of counts (people per unit, or per unit and
group). Before anything is computed the counts pass through :func:`as_counts` (and :func:`check_group_total`
for two-group indices), which turns bad input into a :class:`ValueError` that names the offending unit and
column. Nothing is ever silently turned into ``NaN``.

Rules
-----
* Counts must be finite (no ``NaN``, no ``inf``) and non-negative.
* Fractional counts are allowed (estimates, weighted counts); they are not rounded.
* Empty units (all counts zero) are allowed; they contribute nothing to any index.
* A group can never exceed the total of its unit.

Examples
--------
>>> as_counts([[1, 2], [3, 4]]).shape
(2, 2)
>>> as_counts([1, -2], names=["foreign"], unit_ids=["A", "B"])
Traceback (most recent call last):
...
ValueError: unit B, column 'foreign': negative count -2.0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["as_counts", "check_group_total", "describe_unit", "require_columns"]


def describe_unit(index: int, unit_ids: Sequence[Any] | np.ndarray | None) -> str:
    """Human-readable name of unit ``index`` (its id when known, else its 1-based row number)."""
    if unit_ids is not None and 0 <= index < len(unit_ids):
        return f"unit {unit_ids[index]}"
    return f"unit at row {index + 1}"


def _column_name(j: int, names: Sequence[str] | None) -> str:
    if names is not None and 0 <= j < len(names):
        return f"column {names[j]!r}"
    return f"column {j + 1}"


def as_counts(
    counts: Any,
    *,
    names: Sequence[str] | None = None,
    unit_ids: Sequence[Any] | np.ndarray | None = None,
) -> np.ndarray:
    """Validate counts and return them as a float64 array (1-D or 2-D, units along axis 0).

    Parameters
    ----------
    counts : array_like
        1-D (one value per unit) or 2-D (units × groups) counts.
    names : sequence of str, optional
        Column names used in error messages (``names[j]`` names column ``j``; a 1-D input uses ``names[0]``).
    unit_ids : sequence, optional
        Unit identifiers used in error messages (``unit_ids[i]`` names row ``i``).

    Returns
    -------
    numpy.ndarray
        A float64 copy-free view when possible, with the same shape as the input.

    Raises
    ------
    ValueError
        When the input is not 1-D or 2-D, is not numeric, contains ``NaN``/``inf`` or a negative value, or
        when ``names``/``unit_ids`` do not match its shape. The message names the first offending unit and
        column.

    Examples
    --------
    >>> as_counts([0, 0, 5]).tolist()
    [0.0, 0.0, 5.0]
    >>> as_counts([[1.0, float("nan")]], names=["a", "b"], unit_ids=["091-001"])
    Traceback (most recent call last):
    ...
    ValueError: unit 091-001, column 'b': missing or non-numeric value (NaN)
    """
    try:
        arr = np.asarray(counts, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        # Find the first non-numeric cell so the message can name it.
        raw = np.asarray(counts, dtype=object)
        if raw.ndim in (1, 2):
            rows = raw if raw.ndim == 2 else raw.reshape(-1, 1)
            for i in range(rows.shape[0]):
                for j in range(rows.shape[1]):
                    try:
                        float(rows[i, j])
                    except (TypeError, ValueError):
                        raise ValueError(
                            f"{describe_unit(i, unit_ids)}, {_column_name(j, names)}: "
                            f"not a number ({rows[i, j]!r})"
                        ) from exc
        raise ValueError(f"counts are not numeric: {exc}") from exc
    if arr.ndim not in (1, 2):
        raise ValueError(f"counts must be 1-D or 2-D (units × groups), got {arr.ndim}-D")
    if unit_ids is not None and len(unit_ids) != arr.shape[0]:
        raise ValueError(f"{len(unit_ids)} unit ids given for {arr.shape[0]} units")
    if arr.ndim == 2 and names is not None and len(names) != arr.shape[1]:
        raise ValueError(f"{len(names)} column names given for {arr.shape[1]} columns")
    if arr.size == 0:
        return arr
    # Fast path: two reductions, no temporary arrays (min/max propagate NaN, so NaN fails the test too).
    lo, hi = arr.min(), arr.max()
    if lo >= 0 and hi < np.inf:
        return arr
    finite = np.isfinite(arr)
    if not finite.all():
        flat = int(np.argmin(finite.ravel()))
        i, j = divmod(flat, arr.shape[1]) if arr.ndim == 2 else (flat, 0)
        value = arr.ravel()[flat]
        what = "missing or non-numeric value (NaN)" if np.isnan(value) else f"infinite value ({value})"
        raise ValueError(f"{describe_unit(i, unit_ids)}, {_column_name(j, names)}: {what}")
    negative = arr < 0
    if negative.any():
        flat = int(np.argmax(negative.ravel()))
        i, j = divmod(flat, arr.shape[1]) if arr.ndim == 2 else (flat, 0)
        raise ValueError(
            f"{describe_unit(i, unit_ids)}, {_column_name(j, names)}: negative count {arr.ravel()[flat]}"
        )
    return arr


def check_group_total(
    group: Any,
    total: Any,
    *,
    unit_ids: Sequence[Any] | np.ndarray | None = None,
    group_name: str = "group",
    total_name: str = "total",
    rtol: float = 1e-9,
) -> tuple[np.ndarray, np.ndarray]:
    """Validate a group column against its total column and return both as float64 arrays.

    Parameters
    ----------
    group, total : array_like
        Counts of the group and of the whole population per unit (same length).
    unit_ids : sequence, optional
        Unit identifiers for error messages.
    group_name, total_name : str
        Column names for error messages.
    rtol : float
        Relative tolerance allowed when the group exceeds the total (rounding in published data).

    Raises
    ------
    ValueError
        On any problem :func:`as_counts` finds, on different lengths, or when a group exceeds its total.

    Examples
    --------
    >>> g, t = check_group_total([1, 2], [3, 4])
    >>> check_group_total([5], [3], unit_ids=["Tapiola"], group_name="foreign", total_name="pop")
    Traceback (most recent call last):
    ...
    ValueError: unit Tapiola, column 'foreign': group count 5.0 exceeds total 'pop' 3.0
    """
    g = as_counts(group, names=[group_name], unit_ids=unit_ids)
    t = as_counts(total, names=[total_name], unit_ids=unit_ids)
    if g.ndim != 1 or t.ndim != 1:
        raise ValueError("group and total must be 1-D (one value per unit)")
    if g.shape != t.shape:
        raise ValueError(f"group has {g.shape[0]} units but total has {t.shape[0]}")
    over = g > t * (1.0 + rtol) + 1e-12
    if over.any():
        i = int(np.argmax(over))
        raise ValueError(
            f"{describe_unit(i, unit_ids)}, column {group_name!r}: group count {g[i]} exceeds total "
            f"{total_name!r} {t[i]}"
        )
    return g, t


def require_columns(
    columns: dict[str, Any] | Sequence[str], wanted: Sequence[str], *, source: str = ""
) -> None:
    """Raise ValueError naming every column of ``wanted`` that is not among ``columns``.

    >>> require_columns({"a": [1]}, ["a", "b"], source="data.csv")
    Traceback (most recent call last):
    ...
    ValueError: data.csv: missing column 'b' (available: 'a')
    """
    have = list(columns)
    missing = [c for c in wanted if c not in have]
    if missing:
        where = f"{source}: " if source else ""
        listing = ", ".join(repr(c) for c in have)
        word = "column" if len(missing) == 1 else "columns"
        raise ValueError(
            f"{where}missing {word} {', '.join(repr(c) for c in missing)} (available: {listing})"
        )
