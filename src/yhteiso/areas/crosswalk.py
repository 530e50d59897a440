"""Crosswalk weights from polygon intersections (pure functions over GeoJSON geometries in EPSG:3067).

Land-area weights: :math:`w_{st} = |s \\cap t| / |s|`. Population weights use a finer geography *u* with known
populations :math:`p_u`, spread evenly over each fine unit's area:
:math:`w_{st} = \\sum_u p_u |u \\cap s \\cap t|/|u| \\;/\\; \\sum_u p_u |u \\cap s|/|u|`. A source area with no
population falls back to land-area weights. Weights of one source area add up to 1 over the targets it touches
(slivers below ``min_weight`` are dropped and the rest renormalised)."""

from __future__ import annotations

from collections.abc import Mapping

import shapely
from shapely.geometry import shape
from shapely.strtree import STRtree


def _geoms(geometries: Mapping[str, dict]) -> tuple[list[str], list]:
    codes = list(geometries)
    geoms = [shapely.make_valid(shape(geometries[c])) for c in codes]
    return codes, geoms


def _normalise(weights: dict[tuple[str, str], float], min_weight: float) -> dict[tuple[str, str], float]:
    by_source: dict[str, dict[str, float]] = {}
    for (s, t), w in weights.items():
        if w >= min_weight:
            by_source.setdefault(s, {})[t] = w
    out = {}
    for s, targets in by_source.items():
        total = sum(targets.values())
        for t, w in targets.items():
            out[(s, t)] = w / total
    return out


def land_area_weights(sources: Mapping[str, dict], targets: Mapping[str, dict], *,
                      min_weight: float = 0.001) -> dict[tuple[str, str], float]:
    """``{(source, target): weight}`` by shares of the source area's land area."""
    t_codes, t_geoms = _geoms(targets)
    tree = STRtree(t_geoms)
    raw: dict[tuple[str, str], float] = {}
    for s_code, s_geom in zip(*_geoms(sources), strict=True):
        if s_geom.area == 0:
            continue
        for j in tree.query(s_geom, predicate="intersects"):
            inter = s_geom.intersection(t_geoms[j]).area
            if inter > 0:
                raw[(s_code, t_codes[j])] = inter / s_geom.area
    return _normalise(raw, min_weight)


def population_weights(sources: Mapping[str, dict], targets: Mapping[str, dict], fine: Mapping[str, dict],
                       population: Mapping[str, float], *, min_weight: float = 0.001) -> dict[tuple[str, str], float]:
    """``{(source, target): weight}`` by the population of a finer geography (see the module docstring)."""
    t_codes, t_geoms = _geoms(targets)
    f_codes, f_geoms = _geoms({c: g for c, g in fine.items() if population.get(c)})
    t_tree, f_tree = STRtree(t_geoms), STRtree(f_geoms)
    land = land_area_weights(sources, targets, min_weight=0)
    raw: dict[tuple[str, str], float] = {}
    for s_code, s_geom in zip(*_geoms(sources), strict=True):
        parts: dict[str, float] = {}
        for k in f_tree.query(s_geom, predicate="intersects"):
            u = f_geoms[k]
            piece = u.intersection(s_geom)
            if piece.area == 0 or u.area == 0:
                continue
            pop_density = float(population[f_codes[k]]) / u.area
            for j in t_tree.query(piece, predicate="intersects"):
                inter = piece.intersection(t_geoms[j]).area
                if inter > 0:
                    parts[t_codes[j]] = parts.get(t_codes[j], 0.0) + pop_density * inter
        total = sum(parts.values())
        if total > 0:
            for t, p in parts.items():
                raw[(s_code, t)] = p / total
        else:
            for (s, t), w in land.items():
                if s == s_code:
                    raw[(s, t)] = w
    return _normalise(raw, min_weight)


def apply(values: Mapping[str, float | None], weights: Mapping[tuple[str, str], float], *,
          kind: str = "count") -> dict[str, float | None]:
    """Values of the source areas carried to the targets: counts are split by the weights
    (:math:`v_t = \\sum_s w_{st} v_s`); rates and shares are averaged with the weights
    (:math:`v_t = \\sum_s w_{st} v_s / \\sum_s w_{st}`). A target any of whose sources lacks a value gets None."""
    if kind not in ("count", "rate"):
        raise ValueError("kind must be 'count' or 'rate'")
    num: dict[str, float] = {}
    den: dict[str, float] = {}
    missing: set[str] = set()
    for (s, t), w in weights.items():
        v = values.get(s)
        if v is None:
            if s in values:
                missing.add(t)
            continue
        num[t] = num.get(t, 0.0) + w * v
        den[t] = den.get(t, 0.0) + w
    out: dict[str, float | None] = {}
    for t in set(num) | missing:
        if t in missing:
            out[t] = None
        else:
            out[t] = num[t] if kind == "count" else num[t] / den[t]
    return out
