"""``yhteiso compute`` — recompute the stored indices (D and M per group, the status index, the sum index and its
weakest decile); unchanged inputs are skipped (input hash).

    yhteiso compute [--level LEVEL] [--year YEAR ...]
    yhteiso compute --crosswalk pienalue:2019 pienalue [--method land_area]
    yhteiso compute --crosswalk postal_area pienalue --method population \
        --population-level pienalue --population-variable population --population-year 2025

``--crosswalk SOURCE TARGET`` (each ``LEVEL`` or ``LEVEL:DIVISION``) computes the weights that carry statistics of
one area division onto another from their polygons.
"""

from __future__ import annotations

import sys


def add_arguments(parser) -> None:
    parser.add_argument("--level", help="only this geography (default: every geography with data)")
    parser.add_argument("--year", type=int, action="append", help="only these years (repeatable)")
    parser.add_argument("--crosswalk", nargs=2, metavar=("SOURCE", "TARGET"),
                        help="compute a crosswalk between two geographies (LEVEL or LEVEL:DIVISION)")
    parser.add_argument("--method", choices=("land_area", "population"), default="land_area")
    parser.add_argument("--population-level", help="finer geography whose population weights the crosswalk")
    parser.add_argument("--population-variable", default="population")
    parser.add_argument("--population-year", type=int)


def _split(text: str) -> tuple[str, str]:
    level, _, division = text.partition(":")
    return level, division


def run(args) -> int:
    from yhteiso.knowledge.services import indices_recompute, statistics_rollup

    if args.crosswalk:
        from yhteiso.areas.services import crosswalk_compute
        from yhteiso.knowledge.models import Observation

        (s_level, s_div), (t_level, t_div) = _split(args.crosswalk[0]), _split(args.crosswalk[1])
        population = None
        if args.method == "population":
            if not args.population_level:
                print("--population-level is required for population weights", file=sys.stderr)
                return 2
            qs = Observation.objects.filter(area__level=args.population_level, area__division="",
                                            variable__code=args.population_variable, value__isnull=False)
            if args.population_year:
                qs = qs.filter(year=args.population_year)
            population = dict(qs.values_list("area__code", "value"))
            if not population:
                print(f"no {args.population_variable} figures for {args.population_level}", file=sys.stderr)
                return 1
        try:
            n = crosswalk_compute(source_level=s_level, target_level=t_level, source_division=s_div,
                                  target_division=t_div, method=args.method, population=population,
                                  population_level=args.population_level)
        except ValueError as err:
            print(str(err), file=sys.stderr)
            return 1
        print(f"Crosswalk {args.crosswalk[0]} → {args.crosswalk[1]} ({args.method}): {n} weights")
        return 0
    rolled = statistics_rollup()
    if rolled:
        print("Rolled up to larger areas: " + ", ".join(rolled))
    changed = indices_recompute(level=args.level, years=args.year)
    if changed:
        print("Recomputed: " + ", ".join(changed))
    else:
        print("Nothing to recompute: the stored indices match their inputs.")
    return 0
