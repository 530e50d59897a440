"""Pages of segregation impact assessments. Steering-group members and staff read them; staff prepare and submit;
the steering group's review is recorded by a member (or by staff on the group's behalf), never by the person who
prepared the assessment. Thin views: forms validate, services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yhteiso.core.inputs import whole_number
from yhteiso.core.permissions import member_required, staff_required
from yhteiso.governance import selectors_impact as selectors
from yhteiso.governance import services_impact as services
from yhteiso.governance.forms_impact import ImpactAssessmentForm, ReviewForm
from yhteiso.governance.models import AgendaItem, AssessmentStatus, ImpactAssessment
from yhteiso.governance.views import _apply_errors


def _get(pk: int) -> ImpactAssessment:
    try:
        return selectors.assessment_detail(pk)
    except ImpactAssessment.DoesNotExist as exc:
        raise Http404 from exc


@member_required
def assessment_list(request):
    items = list(selectors.assessments())
    return render(request, "governance/assessment_list.html", {
        "assessments": items, "can_prepare": selectors.can_prepare(request.user),
        "due": [a for a in items if a.status == AssessmentStatus.ACCEPTED and a.followup_date <= timezone.localdate()],
        "S": AssessmentStatus,
    })


def _detail_context(request, assessment: ImpactAssessment, review_form: ReviewForm | None = None) -> dict:
    figures, frozen = selectors.shown_figures(assessment)
    user = request.user
    can_review = selectors.can_review(user, assessment)
    return {
        "assessment": assessment, "figures": selectors.localized_figures(figures), "frozen": frozen,
        "followup_link": selectors.followup_link(assessment, figures),
        "reviews": list(assessment.reviews.all()),
        "can_prepare": selectors.can_prepare(user) and assessment.is_editable,
        "can_review": can_review,
        "is_preparer": assessment.prepared_by_id == user.pk and assessment.status == AssessmentStatus.SUBMITTED,
        "review_form": review_form or (ReviewForm() if can_review else None),
        "S": AssessmentStatus,
    }


@member_required
def assessment_detail(request, pk: int):
    assessment = _get(pk)
    return render(request, "governance/assessment_detail.html", _detail_context(request, assessment))


def _form_page(request, form: ImpactAssessmentForm, *, title: str, back: str):
    return render(request, "governance/assessment_form.html", {
        "form": form, "title": title, "back": back, "area_groups": selectors.area_choices(),
        "selected_areas": form.selected_areas(),
    })


@staff_required
def assessment_create(request):
    initial = {}
    item_id = whole_number(request.GET.get("item", ""))
    item = None
    if item_id is not None:
        item = AgendaItem.objects.filter(pk=item_id, decision__isnull=True).select_related("project").first()
    if item is not None:
        initial = {"agenda_item": item.pk, "project": item.project_id, "title": item.title}
    form = ImpactAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                actor=request.user, areas=list(form.cleaned_data["areas"]),
                catchments=list(form.cleaned_data["catchments"]), **form.service_fields())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The impact assessment was saved as a draft. Check the figures and submit it "
                                        "to the steering group."))
            return redirect("governance:assessment-detail", assessment.pk)
    back = (reverse("governance:meeting-detail", args=[item.meeting_id]) if item is not None
            else reverse("governance:assessments"))
    return _form_page(request, form, title=_("New segregation impact assessment"), back=back)


@staff_required
def assessment_edit(request, pk: int):
    assessment = get_object_or_404(ImpactAssessment, pk=pk)
    if not assessment.is_editable:
        messages.error(request, _("The assessment can no longer be edited (it is now: %(status)s).")
                       % {"status": assessment.get_status_display()})
        return redirect("governance:assessment-detail", assessment.pk)
    form = ImpactAssessmentForm(request.POST or None, instance=ImpactAssessment.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_update(
                assessment=assessment, actor=request.user, areas=list(form.cleaned_data["areas"]),
                catchments=list(form.cleaned_data["catchments"]), **form.service_fields())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The impact assessment was saved as a draft."))
            return redirect("governance:assessment-detail", assessment.pk)
    return _form_page(request, form, title=_("Edit the impact assessment"),
                      back=reverse("governance:assessment-detail", args=[pk]))


@require_POST
@staff_required
def assessment_submit(request, pk: int):
    assessment = get_object_or_404(ImpactAssessment, pk=pk)
    try:
        services.assessment_submit(assessment=assessment, actor=request.user)
    except ValidationError as exc:
        for field, errors in (exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]):
            label = str(getattr(ImpactAssessment._meta.get_field(field), "verbose_name", field)) \
                if field and field != "__all__" else ""
            for error in errors:
                messages.error(request, f"{label[:1].upper()}{label[1:]}: {error}" if label else error)
    else:
        messages.success(request, _("The assessment was submitted to the steering group; its figures are now "
                                    "frozen as they are today."))
    return redirect("governance:assessment-detail", assessment.pk)


@require_POST
@member_required
def assessment_review(request, pk: int):
    assessment = _get(pk)
    if assessment.status != AssessmentStatus.SUBMITTED:
        messages.error(request, _("Only a submitted assessment can be reviewed (the assessment is now: %(status)s).")
                       % {"status": assessment.get_status_display()})
        return redirect("governance:assessment-detail", assessment.pk)
    if not selectors.can_review(request.user, assessment):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_review(assessment=assessment, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The steering group's review was recorded."))
            return redirect("governance:assessment-detail", assessment.pk)
    return render(request, "governance/assessment_detail.html",
                  _detail_context(request, assessment, review_form=form), status=400)
