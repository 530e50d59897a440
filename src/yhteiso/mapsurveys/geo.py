"""Map geometry of the map surveys: the district map, projection and point-in-district lookup are the city map of
the respondent layer (:mod:`yhteiso.respondents.citymap`, shared with the surveys' place questions); the
server-side heat map grid is the map surveys' own."""

from __future__ import annotations

import math
from html import escape

from yhteiso.respondents.citymap import (  # noqa: F401 - the map surveys' names for the shared city map
    ATTRIBUTION,
    DATA,
    WIDTH,
    area_of,
    bounds,
    district_labels,
    district_paths,
    districts_geojson,
    projection,
    to_svg,
    view_box,
    within_espoo,
)


def heat_map_svg(points: list[tuple[float, float]], *, title: str, cell_km: float = 1.0, min_count: int = 5,
                 legend: str = "", hidden_label: str = "", covered=None) -> tuple[str, list[dict]]:
    """A grid heat map of the points over the district outlines; cells with fewer than ``min_count`` points are
    not drawn (small-cell suppression). Returns (svg, cells) with cells = [{x, y, count}] of the shown cells.
    ``covered`` (home-area codes): the view fits those districts and the others are drawn faint."""
    from yhteiso.analytics.suppression import Policy, suppress_counts

    p = projection()
    step_lat = cell_km / 111.32
    lon0, lat0, _lon1, lat1 = bounds()
    step_lon = step_lat / math.cos(math.radians((lat0 + lat1) / 2))
    grid: dict[tuple[int, int], int] = {}
    for lon, lat in points:
        key = (int((lon - lon0) // step_lon), int((lat1 - lat) // step_lat))
        grid[key] = grid.get(key, 0) + 1
    keys = sorted(grid)
    # The number of places is shown on the page, so one hidden cell could be recovered: secondary suppression.
    shown = suppress_counts([grid[k] for k in keys], policy=Policy(min_count=min_count, min_n=max(min_count, 10)))
    cells = [{"i": k[0], "j": k[1], "count": c} for k, c in zip(keys, shown, strict=True) if c is not None]
    top = max((c["count"] for c in cells), default=1)
    w, h = p["width"], p["height"]
    rects = []
    for c in cells:
        x = c["i"] * step_lon * p["kx"]
        y = c["j"] * step_lat * p["ky"]
        opacity = 0.25 + 0.75 * c["count"] / top
        cw, ch = step_lon * p["kx"], step_lat * p["ky"]
        rects.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cw:.1f}" height="{ch:.1f}" '
                     f'fill="#a4161a" fill-opacity="{opacity:.2f}"><title>{c["count"]}</title></rect>')
    outlines = "".join(f'<path d="{d["d"]}" fill="#ffffff" stroke="#4a4a4a" stroke-width="1"/>' if d["covered"]
                       else f'<path d="{d["d"]}" fill="#ececec" stroke="#b5b5b5" stroke-width="1"/>'
                       for d in district_paths(covered=covered))
    desc = escape(f"{legend} {len(cells)} / {sum(c['count'] for c in cells)}. {hidden_label}")
    box = view_box(covered) if covered else f"0 0 {w} {h}"
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" role="img" '
           f'aria-labelledby="heat-title heat-desc"><title id="heat-title">{escape(title)}</title>'
           f'<desc id="heat-desc">{desc}</desc>{outlines}{"".join(rects)}</svg>')
    return svg, cells
