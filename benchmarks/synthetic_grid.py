"""Synthetic 100 000-unit, 4-group grid for the analytics benchmarks (aspatial and spatial).

The grid is ``nx × ny`` square cells of ``cell_size`` metres (default 250 m, like Statistics Finland's
population grid) in a projected CRS (coordinates are EPSG:3067-like metres, origin at 360 000 / 6 670 000).
Each cell has a population drawn from a negative binomial (many small cells, a few large, some empty), split into
``n_groups`` groups whose shares vary smoothly across space (a few Gaussian "neighbourhood" bumps per group) plus
cell-level noise, so the data is segregated but not trivially so.

Usage from Python::

    from benchmarks.synthetic_grid import synthetic_grid
    grid = synthetic_grid()            # 100 000 units, 4 groups, seed 0
    grid.counts.shape                  # (100000, 4)
    grid.x, grid.y                     # cell centroids in metres
    grid.total                         # counts.sum(axis=1)

Or from the shell, to write a CSV usable by ``yhteiso indices``::

    python benchmarks/synthetic_grid.py --out /tmp/grid.csv [--units 100000] [--groups 4] [--seed 0]

The result is deterministic for a given (units, groups, seed, cell_size).
"""

from __future__ import annotations

import argparse
import csv
import math
from dataclasses import dataclass

import numpy as np

ORIGIN_X = 360_000.0
ORIGIN_Y = 6_670_000.0


@dataclass(frozen=True)
class SyntheticGrid:
    """A synthetic grid: ids, centroids (metres), counts (units × groups) and group names."""

    ids: np.ndarray
    x: np.ndarray
    y: np.ndarray
    counts: np.ndarray
    group_names: list[str]
    cell_size: float

    @property
    def total(self) -> np.ndarray:
        return self.counts.sum(axis=1)

    @property
    def xy(self) -> np.ndarray:
        return np.column_stack([self.x, self.y])


def grid_shape(n_units: int) -> tuple[int, int]:
    """Columns and rows of a near-square grid with exactly ``n_units`` cells when possible."""
    nx = int(math.sqrt(n_units))
    while n_units % nx:
        nx -= 1
    if nx < math.sqrt(n_units) / 4:  # prime-ish: fall back to a near-square grid, last row partial
        nx = math.ceil(math.sqrt(n_units))
    return nx, math.ceil(n_units / nx)


def synthetic_grid(
    n_units: int = 100_000, n_groups: int = 4, *, seed: int = 0, cell_size: float = 250.0
) -> SyntheticGrid:
    """Generate the synthetic grid (deterministic for the same arguments)."""
    if n_units < 1 or n_groups < 2:
        raise ValueError("need at least one unit and two groups")
    rng = np.random.default_rng(seed)
    nx, _ny = grid_shape(n_units)
    idx = np.arange(n_units)
    col = idx % nx
    row = idx // nx
    x = ORIGIN_X + (col + 0.5) * cell_size
    y = ORIGIN_Y + (row + 0.5) * cell_size
    width = nx * cell_size
    height = (row.max() + 1) * cell_size

    # Population: negative binomial with mean ~40, about 10 % of cells empty.
    population = rng.negative_binomial(1.2, 1.2 / (1.2 + 40.0), size=n_units)
    population[rng.random(n_units) < 0.10] = 0

    # Log-intensity per group: a baseline plus Gaussian bumps ("neighbourhoods"), plus noise.
    logits = np.empty((n_units, n_groups))
    base = np.linspace(1.5, -0.5, n_groups)
    scale = max(width, height)
    for g in range(n_groups):
        field = np.full(n_units, base[g])
        for _ in range(6):
            cx, cy = rng.uniform(0, width), rng.uniform(0, height)
            radius = rng.uniform(0.03, 0.12) * scale
            strength = rng.uniform(0.8, 2.5)
            d2 = (x - ORIGIN_X - cx) ** 2 + (y - ORIGIN_Y - cy) ** 2
            field += strength * np.exp(-d2 / (2 * radius**2))
        logits[:, g] = field + rng.normal(0, 0.4, n_units)
    shares = np.exp(logits - logits.max(axis=1, keepdims=True))
    shares /= shares.sum(axis=1, keepdims=True)
    counts = rng.multinomial(population, shares).astype(np.float64)
    ids = np.array([f"g{i:06d}" for i in range(n_units)])
    names = [f"group_{chr(ord('a') + g)}" for g in range(n_groups)]
    return SyntheticGrid(ids=ids, x=x, y=y, counts=counts, group_names=names, cell_size=cell_size)


def write_csv(grid: SyntheticGrid, path: str) -> None:
    """Write the grid as CSV: id, x, y, one column per group, total."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "x", "y", *grid.group_names, "total"])
        total = grid.total
        for i in range(grid.ids.shape[0]):
            w.writerow(
                [grid.ids[i], f"{grid.x[i]:.1f}", f"{grid.y[i]:.1f}", *(int(v) for v in grid.counts[i]),
                 int(total[i])]
            )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="CSV file to write")
    p.add_argument("--units", type=int, default=100_000)
    p.add_argument("--groups", type=int, default=4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--cell-size", type=float, default=250.0)
    a = p.parse_args()
    grid = synthetic_grid(a.units, a.groups, seed=a.seed, cell_size=a.cell_size)
    write_csv(grid, a.out)
    print(f"wrote {a.units} units × {a.groups} groups to {a.out}")


if __name__ == "__main__":
    main()
