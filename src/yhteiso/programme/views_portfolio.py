"""Pages of the whole-period work plan (public; staff update a milestone) and of the portfolio balance for the
steering group."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteiso.core.permissions import is_programme_staff, member_required, staff_required
from yhteiso.programme.forms_workplan import MilestoneForm
from yhteiso.programme.models_workplan import MilestoneStatus, WorkPlanMilestone
from yhteiso.programme.selectors_portfolio import portfolio_balance, work_plan_counts, work_plan_periods
from yhteiso.programme.selectors_programmes import page_query
from yhteiso.programme.services_workplan import milestone_update
from yhteiso.programme.views import chosen_programme


def work_plan_view(request):
    today = timezone.localdate()
    programme = chosen_programme(request)
    counts = work_plan_counts(on=today, programme=programme)
    return render(request, "programme/work_plan.html", {
        "periods": work_plan_periods(on=today, programme=programme), "today": today,
        "programme": programme, "programme_query": page_query(programme),
        "counts": [(str(s.label), counts.get(s.value, 0), s.value) for s in MilestoneStatus],
        "may_edit": is_programme_staff(request.user), "is_staff": is_programme_staff(request.user)})


@staff_required
def milestone_edit(request, pk: int):
    milestone = get_object_or_404(WorkPlanMilestone, pk=pk)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        milestone_update(milestone=milestone, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The milestone has been updated."))
        return redirect(reverse("programme:work-plan") + page_query(milestone.programme))
    return render(request, "programme/form.html", {
        "form": form, "title": _("Milestone %(period)s: %(title)s") % {"period": milestone.period_label,
                                                                       "title": milestone.title},
        "intro": _("A milestone whose period has ended without being done is shown as late."),
        "back_url": reverse("programme:work-plan") + page_query(milestone.programme)})


@member_required
def portfolio_balance_view(request):
    programme = chosen_programme(request)
    balance = portfolio_balance(as_of=timezone.localdate(), programme=programme)
    sections = [
        (_("Balance by benefit goal"), _("Benefit goal"), balance["goals"]),
        (_("Balance by priority group"), _("Priority group"), balance["groups"]),
        (_("Balance by area"), _("Area"), balance["areas"]),
    ]
    return render(request, "programme/portfolio_balance.html", {
        "total": balance["total"], "sections": sections, "programme": programme,
        "is_staff": is_programme_staff(request.user)})
