"""Pages of the steering group's report texts: the texts of a reporting year with their state (members and staff
see drafts as drafts), writing a text, sending it to a meeting, recording the approval and reopening (staff; the
approval also by the chair)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yhteiso.core.inputs import whole_number
from yhteiso.core.permissions import is_programme_staff, member_required, staff_required
from yhteiso.programme.models import BenefitGoal, Programme
from yhteiso.programme.selectors_programmes import PAGE_PARAMETER, form_choice, page_query, programme_or_404
from yhteiso.reports.forms_narrative import NarrativeForm, NarrativeSubmitForm
from yhteiso.reports.models_narrative import SECTION_YEARS, Narrative, NarrativeSection, NarrativeState
from yhteiso.reports.selectors_sections import decision_reference
from yhteiso.reports.services_narrative import (
    may_record_approval,
    narrative_approve,
    narrative_reopen,
    narrative_save,
    narrative_submit,
)

YEARS = (2025, 2026, 2027, 2028, 2029)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError as exc:
        raise Http404 from exc
    if year not in YEARS:
        raise Http404
    return year


def _programme(request) -> Programme:
    """The programme whose texts a page is about: ``?ohjelma=<slug>``, the default one without it (404 for an
    unknown slug)."""
    return programme_or_404(request.GET.get(PAGE_PARAMETER) or request.POST.get(PAGE_PARAMETER) or "")


def _slots(year: int, programme: Programme) -> list[dict[str, Any]]:
    """Every text ``programme``'s reports of ``year`` can hold, with the one written (if any)."""
    existing = {(n.section, n.goal_id): n for n in Narrative.objects.filter(year=year, programme=programme)
                .select_related("goal", "decision__item__meeting", "agenda_item__meeting")}
    slots: list[dict[str, Any]] = []
    for goal in BenefitGoal.objects.filter(programme=programme).order_by("number"):
        slots.append({"section": NarrativeSection.GOAL_ASSESSMENT, "goal": goal,
                      "label": _("Assessment of benefit goal %(n)s: %(name)s") % {"n": goal.number,
                                                                                  "name": goal.name},
                      "narrative": existing.get((NarrativeSection.GOAL_ASSESSMENT, goal.pk))})
    for section in NarrativeSection:
        if section == NarrativeSection.GOAL_ASSESSMENT or year not in SECTION_YEARS[section]:
            continue
        slots.append({"section": section, "goal": None, "label": str(section.label).capitalize(),
                      "narrative": existing.get((section.value, None))})
    for slot in slots:
        n = slot["narrative"]
        slot["decision"] = decision_reference(n.decision) if n and n.decision_id else ""
        slot["query"] = urlencode({"section": slot["section"], "year": year,
                                   **({"goal": slot["goal"].number} if slot["goal"] else {}),
                                   **({} if programme.is_default else {PAGE_PARAMETER: programme.slug})})
    return slots


@member_required
def narrative_list(request):
    year = _year(request)
    programme = _programme(request)
    return render(request, "reports/narratives.html", {
        "year": year, "years": YEARS, "slots": _slots(year, programme), "may_edit": is_programme_staff(request.user),
        "programme": programme, "programme_query": page_query(programme),
        "programme_choice": form_choice(programme)})


def _slot_from_query(request) -> tuple[str, BenefitGoal | None, int]:
    section = request.GET.get("section", "")
    if section not in NarrativeSection.values:
        raise Http404
    year = _year(request)
    if year not in SECTION_YEARS[section]:
        raise Http404
    goal = None
    if section == NarrativeSection.GOAL_ASSESSMENT:
        number = whole_number(request.GET.get("goal", ""), max_digits=5)  # "abc", "²" or a huge number: 404
        if number is None:
            raise Http404
        goal = get_object_or_404(BenefitGoal, programme=_programme(request), number=number)
    return section, goal, year


def _list_url(year: int, programme: Programme | None = None) -> str:
    query: dict[str, str | int] = {"year": year}
    if programme is not None and not programme.is_default:
        query[PAGE_PARAMETER] = programme.slug
    return f"{reverse('reports:narratives')}?{urlencode(query)}"


@staff_required
def narrative_edit(request, narrative_id: int | None = None):
    if narrative_id is None:
        section, goal, year = _slot_from_query(request)
        programme = _programme(request)
        narrative = Narrative.objects.filter(section=section, goal=goal, year=year, programme=programme).first()
        if narrative is not None:
            return redirect("reports:narrative-edit", narrative_id=narrative.pk)
    else:
        narrative = get_object_or_404(Narrative.objects.select_related("goal", "programme"), pk=narrative_id)
        section, goal, year = narrative.section, narrative.goal, narrative.year
        programme = narrative.programme or Programme.objects.default()
    editable = narrative is None or narrative.state == NarrativeState.DRAFT
    form = NarrativeForm(request.POST or None, instance=narrative)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                narrative = narrative_save(actor=request.user, section=section, year=year, goal=goal,
                                           narrative=narrative, programme=programme, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The draft has been saved. It is not in any report until the "
                                            "steering group has approved it."))
                return redirect("reports:narrative-edit", narrative_id=narrative.pk)
    label = (_("Assessment of benefit goal %(n)s: %(name)s") % {"n": goal.number, "name": goal.name} if goal
             else str(NarrativeSection(section).label).capitalize())
    return render(request, "reports/narrative_form.html", {
        "form": form, "narrative": narrative, "label": label, "year": year, "editable": editable,
        "submit_form": NarrativeSubmitForm(programme=programme) if narrative and editable else None,
        "decision": decision_reference(narrative.decision) if narrative and narrative.decision_id else "",
        "may_approve": may_record_approval(request.user), "list_url": _list_url(year, programme)})


def _narrative(narrative_id: int) -> Narrative:
    return get_object_or_404(Narrative, pk=narrative_id)


@staff_required
@require_POST
def narrative_submit_view(request, narrative_id: int):
    narrative = _narrative(narrative_id)
    form = NarrativeSubmitForm(request.POST, programme=narrative.programme)
    if not form.is_valid():
        messages.error(request, _("Choose a coming meeting of the steering group."))
        return redirect("reports:narrative-edit", narrative_id=narrative.pk)
    try:
        narrative_submit(narrative=narrative, meeting=form.cleaned_data["meeting"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The text has been added to the meeting's agenda."))
    return redirect("reports:narrative-edit", narrative_id=narrative.pk)


@require_POST
def narrative_approve_view(request, narrative_id: int):
    if not request.user.is_authenticated or not may_record_approval(request.user):
        raise PermissionDenied
    narrative = _narrative(narrative_id)
    try:
        narrative_approve(narrative=narrative, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The approval has been recorded. The text now appears in the report."))
    if not is_programme_staff(request.user):
        return redirect(_list_url(narrative.year, narrative.programme))
    return redirect("reports:narrative-edit", narrative_id=narrative.pk)


@staff_required
@require_POST
def narrative_reopen_view(request, narrative_id: int):
    narrative = narrative_reopen(narrative=_narrative(narrative_id), actor=request.user)
    messages.success(request, _("The text is a draft again and has left the reports until it is approved."))
    return redirect("reports:narrative-edit", narrative_id=narrative.pk)
