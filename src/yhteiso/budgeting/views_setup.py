"""Staff pages of setting a round up without code: create a round and edit its settings, add and edit proposals,
hide them with a reason and merge duplicates. Thin views over ``forms_setup`` and ``services_setup``; every page is
for programme staff only (``staff_required``) and every write is a POST with the CSRF token."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yhteiso.budgeting import services_setup
from yhteiso.budgeting.forms_setup import HideForm, MergeForm, RoundProposalForm, RoundSetupForm
from yhteiso.budgeting.models import Proposal, Round
from yhteiso.core.permissions import staff_required


def _refused(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names when the form has it, otherwise on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _form_page(request, template: str, context: dict, form) -> object:
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    form = RoundSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services_setup.round_setup_create(actor=request.user, pools=form.pools(), **form.round_fields())
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The round was created. Add its proposals next."))
            return redirect("budgeting:manage", slug=rnd.slug)
    return _form_page(request, "budgeting/setup/round_form.html", {"title": _("New participatory-budgeting round")},
                      form)


@staff_required
@require_http_methods(["GET", "POST"])
def round_settings(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    form = RoundSetupForm(request.POST or None, instance=rnd)
    if request.method == "POST" and form.is_valid():
        try:
            services_setup.round_settings_update(actor=request.user, round=rnd, pools=form.pools(),
                                                 **form.round_fields())
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("budgeting:manage", slug=rnd.slug)
    rnd = Round.objects.get(pk=rnd.pk)  # the stored settings, not the form's refused values
    return _form_page(request, "budgeting/setup/round_form.html", {
        "title": _("Settings of the round"), "round": rnd, "frozen": bool(rnd.rules_frozen_at)}, form)


@staff_required
@require_http_methods(["GET", "POST"])
def proposal_new(request, slug):
    rnd = get_object_or_404(Round, slug=slug)
    form = RoundProposalForm(request.POST or None, round=rnd)
    if request.method == "POST" and form.is_valid():
        fields = form.proposal_fields()
        try:
            p = services_setup.proposal_add(actor=request.user, round=rnd, pool=fields.pop("pool"), **fields)
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The proposal “%(title)s” was added.") % {"title": p.title})
            return redirect("budgeting:manage", slug=rnd.slug)
    return _form_page(request, "budgeting/setup/proposal_form.html",
                      {"title": _("New proposal"), "round": rnd}, form)


def _proposal(rnd: Round, pk: int) -> Proposal:
    p = rnd.proposals.select_related("merged_into", "pool__area").filter(pk=pk).first()
    if p is None:
        raise Http404
    return p


def _proposal_page(request, rnd: Round, p: Proposal, *, form=None, hide_form=None, merge_form=None, errors=()):
    form = form or RoundProposalForm(instance=p, round=rnd)
    errors = [*errors, *(e for f in (hide_form, merge_form) if f is not None for e in _messages(f))]
    return render(request, "budgeting/setup/proposal_edit.html", {
        "round": rnd, "p": p, "title": _("Edit the proposal"), "form": form,
        "hide_form": hide_form or HideForm(), "merge_form": merge_form or MergeForm(proposal=p),
        "action_errors": errors}, status=400 if form.errors or errors else 200)


def _messages(form) -> list[str]:
    return [f"{form.fields[name].label}: {e}" if name in form.fields else str(e)
            for name, errs in form.errors.items() for e in errs]


@staff_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, slug, pk):
    rnd = get_object_or_404(Round, slug=slug)
    p = _proposal(rnd, pk)
    if request.method == "GET":
        return _proposal_page(request, rnd, p)
    form = RoundProposalForm(request.POST, instance=Proposal.objects.get(pk=p.pk), round=rnd)
    if form.is_valid():
        try:
            services_setup.proposal_edit(actor=request.user, proposal=p, **form.proposal_fields())
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The proposal “%(title)s” was saved.") % {"title": p.title})
            return redirect("budgeting:manage", slug=rnd.slug)
    return _proposal_page(request, rnd, p, form=form)


@staff_required
@require_POST
def proposal_hide(request, slug, pk):
    rnd = get_object_or_404(Round, slug=slug)
    p = _proposal(rnd, pk)
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            services_setup.proposal_hide(actor=request.user, proposal=p, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The proposal “%(title)s” was hidden from residents.") % {"title": p.title})
            return redirect("budgeting:manage", slug=rnd.slug)
    return _proposal_page(request, rnd, p, hide_form=form)


@staff_required
@require_POST
def proposal_unhide(request, slug, pk):
    rnd = get_object_or_404(Round, slug=slug)
    p = _proposal(rnd, pk)
    try:
        services_setup.proposal_unhide(actor=request.user, proposal=p)
    except ValidationError as exc:
        return _proposal_page(request, rnd, p, errors=exc.messages)
    messages.success(request, _("The proposal “%(title)s” is shown to residents again.") % {"title": p.title})
    return redirect("budgeting:manage", slug=rnd.slug)


@staff_required
@require_POST
def proposal_merge(request, slug, pk):
    rnd = get_object_or_404(Round, slug=slug)
    p = _proposal(rnd, pk)
    form = MergeForm(request.POST, proposal=p)
    if form.is_valid():
        try:
            services_setup.proposal_merge(actor=request.user, duplicate=p, kept=form.cleaned_data["kept"],
                                          reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _refused(form, exc)
        else:
            kept = form.cleaned_data["kept"]
            messages.success(request, _("“%(duplicate)s” was merged into “%(kept)s”.") % {
                "duplicate": p.title, "kept": kept.title})
            return redirect(reverse("budgeting:manage", args=[rnd.slug]))
    return _proposal_page(request, rnd, p, merge_form=form)
