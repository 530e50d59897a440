"""Pages of the proposal intake. Signed-in users propose and follow their proposals; programme staff take them in,
return them or pass them to appraisal and record the steering group's decision; members appraise. Views stay thin:
forms validate, services write (and check the role again), selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yhteiso.core.permissions import is_programme_staff, member_required, staff_required
from yhteiso.programme import selectors_intake, selectors_programmes, services_intake
from yhteiso.programme.forms_intake import (
    AppraisalForm,
    ConditionsForm,
    ProposalForm,
    ReturnForm,
    SteeringDecisionForm,
    ToAppraisalForm,
)
from yhteiso.programme.models import Project
from yhteiso.programme.models_intake import CRITERION_NAMES, Appraisal, IntakeStage, ProjectProposal, SteeringDecision

FORM_TEMPLATE = "programme/intake/form.html"


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _form_page(request, *, form, title: str, save, success_url, back_url: str, intro: str = "",
               submit: str = "", proposal: ProjectProposal | None = None, choice: dict | None = None):
    """GET shows the form; POST validates and calls ``save(form)``; a service's ValidationError goes on the
    form, nothing is saved (status 400)."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(success_url(obj) if callable(success_url) else success_url)
    return render(request, FORM_TEMPLATE, {
        "form": form, "title": title, "intro": intro, "back_url": back_url, "submit": submit or _("Save"),
        "proposal": proposal, "programme_choice": choice,
        "page_programme": choice["programme"] if choice else None,
    }, status=400 if request.method == "POST" else 200)


def chosen_programme(request):
    """The programme proposed to: ``?ohjelma=<slug>``, the default programme without it; 404 for an unknown one."""
    programme = selectors_programmes.programme_by_slug(request.GET.get(selectors_programmes.PAGE_PARAMETER, ""))
    if programme is None:
        raise Http404
    return programme


def _proposal(pk: int) -> ProjectProposal:
    return get_object_or_404(ProjectProposal.objects.select_related("project", "proposed_by"), pk=pk)


def _detail_url(proposal) -> str:
    return reverse("programme:proposal-detail", args=[proposal.pk])


@login_required
def proposal_create(request):
    """The proposal form for anyone signed in: city units, staff and partners."""
    programme = chosen_programme(request)
    form = ProposalForm(request.POST or None, programme=programme)
    return _form_page(
        request, form=form, title=_("Propose a project"),
        intro=_("The steering group selects the programme's projects by the plan's criteria: novelty and added "
                "value, feasibility, impact, work that would not happen through line work, and several units "
                "or partners working together. Programme staff first check that the proposal is complete."),
        save=lambda f: services_intake.proposal_submit(actor=request.user, programme=programme,
                                                       **f.service_fields()),
        success_url=_detail_url, back_url=reverse("programme:my-proposals"), submit=_("Submit the proposal"),
        choice=selectors_programmes.form_choice(programme))


@login_required
def my_proposals(request):
    return render(request, "programme/intake/mine.html", {
        "proposals": selectors_intake.proposals_of(request.user)})


@login_required
def proposal_detail(request, pk: int):
    proposal = _proposal(pk)
    user = request.user
    if not selectors_intake.may_view_proposal(user, proposal):
        raise PermissionDenied
    sees_appraisals = selectors_intake.may_see_appraisals(user, proposal)
    is_staff = is_programme_staff(user)
    return render(request, "programme/intake/detail.html", {
        "proposal": proposal, "project": proposal.project,
        "summary": selectors_intake.appraisal_summary(proposal) if sees_appraisals else None,
        "decisions": proposal.project.steering_decisions.order_by("-decided_on", "-id"),
        "state": selectors_intake.decision_state(proposal.project),
        "may_edit": selectors_intake.may_edit_proposal(user, proposal),
        "may_appraise": selectors_intake.may_appraise(user, proposal) and proposal.stage == IntakeStage.APPRAISAL,
        "my_appraisal": Appraisal.objects.filter(proposal=proposal, member=user).first(),
        "is_staff": is_staff,
        "to_appraisal_form": ToAppraisalForm() if is_staff and proposal.stage == IntakeStage.SUBMITTED else None,
    })


@login_required
def proposal_edit(request, pk: int):
    proposal = _proposal(pk)
    if not selectors_intake.may_edit_proposal(request.user, proposal):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, initial=ProposalForm.initial_for(proposal),
                        programme=proposal.project.programme)
    returned = proposal.stage == IntakeStage.RETURNED
    return _form_page(
        request, form=form, title=_("Revise the proposal “%(name)s”") % {"name": proposal.project.name},
        intro=proposal.staff_message if returned else "",
        save=lambda f: services_intake.proposal_revise(proposal=proposal, actor=request.user, **f.service_fields()),
        success_url=_detail_url(proposal), back_url=_detail_url(proposal),
        submit=_("Send the proposal again") if returned else _("Save"))


@staff_required
def intake_queue(request):
    return render(request, "programme/intake/queue.html", {"stages": selectors_intake.intake_queue()})


@staff_required
def proposal_return(request, pk: int):
    proposal = _proposal(pk)
    form = ReturnForm(request.POST or None)
    return _form_page(
        request, form=form, title=_("Return “%(name)s” for more information") % {"name": proposal.project.name},
        save=lambda f: services_intake.proposal_return(proposal=proposal, actor=request.user, **f.cleaned_data),
        success_url=reverse("programme:intake-queue"), back_url=_detail_url(proposal),
        submit=_("Return to the proposer"), proposal=proposal)


@staff_required
@require_POST
def proposal_to_appraisal(request, pk: int):
    proposal = _proposal(pk)
    form = ToAppraisalForm(request.POST)
    if form.is_valid():
        try:
            services_intake.proposal_to_appraisal(proposal=proposal, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The proposal was passed to the steering group's appraisal."))
    return redirect(_detail_url(proposal))


@login_required
def appraise(request, pk: int):
    proposal = _proposal(pk)
    if not selectors_intake.may_appraise(request.user, proposal):
        raise PermissionDenied
    mine = Appraisal.objects.filter(proposal=proposal, member=request.user).first()
    initial = {"reasons": mine.reasons, **{name: getattr(mine, name) for name in CRITERION_NAMES}} if mine else None
    form = AppraisalForm(request.POST or None, initial=initial)
    return _form_page(
        request, form=form, title=_("Appraise “%(name)s”") % {"name": proposal.project.name},
        intro=_("Score the proposal on each of the plan's criteria from 1 (weak) to 5 (strong) and give your "
                "reasons. You may change your appraisal until the decision; the meeting sees the mean scores and "
                "everyone's reasons."),
        save=lambda f: services_intake.appraisal_save(proposal=proposal, actor=request.user,
                                                      reasons=f.cleaned_data["reasons"], **f.scores()),
        success_url=reverse("programme:to-appraise"), back_url=_detail_url(proposal),
        submit=_("Save the appraisal"), proposal=proposal)


@member_required
def to_appraise(request):
    """Proposals in appraisal with the member's own state, and the summary of each for the meeting."""
    proposals = selectors_intake.proposals_to_appraise(request.user)
    return render(request, "programme/intake/to_appraise.html", {
        "rows": [(p, selectors_intake.appraisal_summary(p)) for p in proposals],
        "may_appraise": selectors_intake.may_appraise(request.user),
    })


@staff_required
def decision_record(request, pk: int):
    """Record the steering group's decision on a project (a proposal in appraisal, or any project waiting to
    start) with its conditions."""
    project = get_object_or_404(Project, pk=pk)
    proposal = ProjectProposal.objects.filter(project=project).first()
    back = _detail_url(proposal) if proposal else reverse("programme:project-detail", args=[pk])
    form = SteeringDecisionForm(request.POST or None)
    return _form_page(
        request, form=form, title=_("The steering group's decision on “%(name)s”") % {"name": project.name},
        intro=_("An approved project starts only when the conditions are met: its funding is confirmed and the "
                "responsibilities are agreed. Tick them now if they are, or later on the project's page."),
        save=lambda f: services_intake.steering_decision_record(project=project, actor=request.user,
                                                                **f.cleaned_data),
        success_url=back, back_url=back, submit=_("Record the decision"), proposal=proposal)


@staff_required
def decision_conditions(request, pk: int):
    decision = get_object_or_404(SteeringDecision.objects.select_related("project"), pk=pk)
    form = ConditionsForm(request.POST or None, initial={
        "funding_confirmed": decision.funding_confirmed, "responsibilities_agreed": decision.responsibilities_agreed,
        "conditions_note": decision.conditions_note})
    url = reverse("programme:project-detail", args=[decision.project_id])
    return _form_page(
        request, form=form,
        title=_("Conditions of the decision on “%(name)s”") % {"name": decision.project.name},
        save=lambda f: services_intake.steering_decision_conditions(decision=decision, actor=request.user,
                                                                    **f.cleaned_data),
        success_url=url, back_url=url, submit=_("Save the conditions"))
