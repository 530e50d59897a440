"""Goal 3 figures computed by the schools app, offered to the indicators: programme staff approve a figure (it then
becomes a measurement through :func:`measurement_create`) or reject it. The programme reads the schools app, never
the other way round; texts come from the schools app's catalogue."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yhteiso.core.permissions import staff_required
from yhteiso.programme.models import IndicatorCell
from yhteiso.programme.selectors_programmes import default_programme
from yhteiso.programme.services import measurement_create
from yhteiso.schools import selectors as school_selectors
from yhteiso.schools import texts
from yhteiso.schools.models import IndicatorProposal, IndicatorProposalStatus
from yhteiso.schools.services import proposal_decide

MEASURED_DAY = (9, 20)  # the reference day of the autumn-term education statistics (20 September)


def _cell(proposal: IndicatorProposal) -> IndicatorCell | None:
    # the school statistics feed Communal Espoo's indicators (the default programme): codes repeat across programmes
    return IndicatorCell.objects.filter(indicator__code=proposal.indicator_code,
                                        indicator__programme=default_programme(),
                                        label_fi=proposal.cell_label_fi).first()


@staff_required
def school_proposals(request):
    rows = [{"proposal": p, "cell": _cell(p)} for p in school_selectors.proposals(status=None)]
    return render(request, "schools/proposals.html", {"rows": rows,
                                                      "example_sources": school_selectors.example_sources()})


@staff_required
@require_POST
def school_proposal_decide(request, pk: int):
    proposal = get_object_or_404(IndicatorProposal, pk=pk)
    if proposal.status != IndicatorProposalStatus.PROPOSED:
        messages.error(request, texts.PROPOSAL_DECIDED)
        return redirect("programme:school-proposals")
    approve = request.POST.get("decision") == "approve"
    if not approve:
        proposal_decide(proposal=proposal, approve=False, actor=request.user)
        messages.success(request, texts.PROPOSAL_REJECTED)
        return redirect("programme:school-proposals")
    cell = _cell(proposal)
    if cell is None:
        messages.error(request, texts.PROPOSAL_NO_CELL % {"cell": proposal.cell_label_fi,
                                                         "code": proposal.indicator_code})
        return redirect("programme:school-proposals")
    source = proposal.source
    try:
        with transaction.atomic():
            m = measurement_create(
                cell=cell, value=proposal.value, measured_on=dt.date(proposal.year, *MEASURED_DAY),
                source=(f"{source.title} ({source.imported_at:%d.%m.%Y})")[:300], actor=request.user,
                note=f"{proposal.numerator} / {proposal.denominator}"
                + (" — EXAMPLE DATA" if source.is_example else ""))
            proposal_decide(proposal=proposal, approve=True, actor=request.user, measurement_id=m.pk)
    except ValidationError as exc:  # outside the scale or the programme period: say why, store nothing
        for message in exc.messages:
            messages.error(request, message)
        return redirect("programme:school-proposals")
    messages.success(request, texts.PROPOSAL_APPROVED)
    return redirect("programme:school-proposals")
