"""Staff page: counting rules side by side (greedy and equal shares) for a round or an uploaded ``.pb`` file.
Reads only; nothing is stored. Kept apart from :mod:`.views` so the resident pages and this page change apart."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yhteiso.budgeting import rule_comparison, selectors
from yhteiso.budgeting.models import Round
from yhteiso.core.permissions import staff_required


def _blocks(comparisons, symbol: str) -> list[dict]:
    return [{"c": c, "figures": rule_comparison.figure_rows(c, symbol),
             "budget": rule_comparison.amount(c.budget, symbol),
             "projects": [{"row": r, "cost": rule_comparison.amount(r.cost, symbol),
                           "per_supporter": rule_comparison.amount(r.cost_per_supporter, symbol)}
                          for r in c.projects]}
            for c in comparisons]


@staff_required
@require_GET
def round_rules(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    ctx = {"round": rnd, "symbol": selectors.currency(rnd), "comparisons": [], "errors": []}
    if not selectors.voting_closed(rnd):
        ctx["errors"] = [_("The rules can be compared only after the voting has closed.")]
        return render(request, "budgeting/rule_comparison.html", ctx, status=409)
    ctx["comparisons"] = _blocks(rule_comparison.round_comparisons(rnd, request.user), ctx["symbol"])
    return render(request, "budgeting/rule_comparison.html", ctx)


@staff_required
@require_http_methods(["GET", "POST"])
def upload_rules(request):
    ctx = {"round": None, "symbol": "", "comparisons": [], "errors": [], "upload": True}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValueError(_("Choose a .pb file."))
            comparison = rule_comparison.upload_comparison(upload.read(), upload.name)
            ctx["comparisons"] = _blocks([comparison], comparison.currency)
        except ValueError as exc:
            ctx["errors"] = [str(exc)]
            return render(request, "budgeting/rule_comparison.html", ctx, status=400)
    return render(request, "budgeting/rule_comparison.html", ctx)
