"""``yhteiso pb-results FILE.pb --rule greedy|equal-shares [--completion add1] [--comparison greedy]
[--format json|table]``.

Prints ``{"selected": [project ids as strings, sorted], "cost": total}`` in JSON (with ``"comparison"``: the
comparison step's counts, when asked for), or a table with a reason for every project. Errors (unreadable or
malformed file, unknown rule or option) go to stderr as one line with exit code 2, never a traceback.
"""

from __future__ import annotations

import json
import sys
from fractions import Fraction

from yhteiso.analytics.pb import solve
from yhteiso.analytics.pb.pabulib import PBFormatError, read_pb
from yhteiso.analytics.pb.rules import election_from_pb


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE.pb", help="a pabulib .pb file (approval votes)")
    parser.add_argument("--rule", required=True, choices=["greedy", "equal-shares"], help="the voting rule")
    parser.add_argument("--completion", choices=["add1", "none"], default="none",
                        help="completion of equal shares (add1: raise the per-voter budget by one unit at a time)")
    parser.add_argument("--utilities", choices=["cost", "approval"], default="cost",
                        help="equal shares: a supporter's utility is the project's cost (default) or 1")
    parser.add_argument("--comparison", choices=["none", "greedy"], default="none",
                        help="equal shares: the comparison step of equalshares.net (keep the greedy outcome if "
                             "more voters prefer it)")
    parser.add_argument("--comparison-measure", choices=["satisfaction", "exclusion"], default="satisfaction",
                        help="how voters compare outcomes: funded approved projects (default) or at least one")
    parser.add_argument("--no-exhaustive-stop", action="store_true",
                        help="add1: keep raising the per-voter budget after the outcome is exhaustive "
                             "(as in Wieliczka 2023)")
    parser.add_argument("--format", choices=["json", "table"], default="json")


def _num(value) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}"


def explain(result) -> str:
    d = result.details
    if result.reason == "funded_greedy":
        return f"rank {d['rank']} by votes; cost fit the {_num(d['remaining'])} left"
    if result.reason == "not_funded_does_not_fit":
        return f"rank {d['rank']} by votes; cost exceeded the {_num(d['remaining'])} left"
    if result.reason == "funded_equal_shares":
        return (f"round {d['round']}: {d['supporters']} supporters paid at most {_num(d['max_payment'])} each "
                f"(per-voter budget {_num(d['per_voter_budget'])})")
    if result.reason == "not_funded_supporters_short":
        return f"its {d['supporters']} supporters had only {_num(d['supporters_money'])} left of the cost"
    if result.reason == "not_funded_no_votes":
        return "no votes"
    if result.reason in ("funded_comparison_greedy", "not_funded_comparison_greedy"):
        verdict = "in" if result.funded else "not in"
        return (f"{verdict} the greedy outcome, kept by the comparison step ({d['prefers_greedy']} voters "
                f"preferred it, {d['prefers_mes']} equal shares; {d['measure']})")
    return result.reason


def run(args) -> int:
    try:
        instance = read_pb(args.file)
        if instance.meta.get("vote_type", "approval").lower() != "approval":
            raise PBFormatError(0, "only approval votes are supported by these rules")
        election = election_from_pb(instance)
        completion = None if args.completion == "none" else args.completion
        comparison = None if args.comparison == "none" else args.comparison
        if args.rule == "greedy" and (completion or comparison):
            raise ValueError("--completion and --comparison apply to --rule equal-shares only")
        outcome = solve(election, args.rule, completion=completion, utilities=args.utilities,
                        comparison=comparison, comparison_measure=args.comparison_measure,
                        exhaustive_stop=not args.no_exhaustive_stop)
    except IsADirectoryError:
        print(f"pb-results: {args.file} is a folder, not a .pb file", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"pb-results: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"pb-results: {args.file}: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        data = outcome.as_json()
        if outcome.comparison is not None:
            c = outcome.comparison
            data["comparison"] = {"with": "greedy", "measure": c.measure, "prefers_equal_shares": c.prefers_mes,
                                  "prefers_greedy": c.prefers_greedy, "kept": c.kept}
        print(json.dumps(data, ensure_ascii=False))
        return 0
    width = max((len(p) for p in election.project_ids), default=7)
    print(f"{'project':<{width}}  {'cost':>12}  {'votes':>7}  funded  reason")
    for pid, res in outcome.projects.items():
        print(f"{pid:<{width}}  {_num(res.cost):>12}  {res.votes:>7}  {'yes' if res.funded else 'no':<6}  "
              f"{explain(res)}")
    print(f"total cost {_num(outcome.cost)} of budget {_num(outcome.budget)}")
    if outcome.comparison is not None:
        c = outcome.comparison
        print(f"comparison with greedy ({c.measure}): {c.prefers_mes} voters prefer equal shares, "
              f"{c.prefers_greedy} greedy; kept: {c.kept}")
    return 0
