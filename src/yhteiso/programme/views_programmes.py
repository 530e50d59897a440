"""Programmes in one installation (issue 14 item 9): staff list the programmes and create a new one. Staff of the
installation manage every programme; per-programme roles are a later step."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yhteiso.core.permissions import staff_required
from yhteiso.programme import selectors_programmes, services_programmes
from yhteiso.programme.forms_programmes import ProgrammeCreateForm, ProgrammeSharesForm
from yhteiso.programme.models import Project


@staff_required
def programme_manage(request):
    return render(request, "programme/programmes.html", {
        "programmes": [(p, selectors_programmes.page_query(p)) for p in selectors_programmes.programmes()],
        "is_staff": True,
    })


@staff_required
def programme_create(request):
    form = ProgrammeCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                programme = services_programmes.programme_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The programme “%(name)s” was created.") % {"name": programme.name})
                return redirect("programme:programmes")
        status = 400
    return render(request, "programme/form.html", {
        "form": form, "title": _("New programme"), "back_url": reverse("programme:programmes"),
        "intro": _("Staff of the installation manage every programme. The new programme starts empty: add its "
                   "goals, budget and projects after creating it."),
    }, status=status)


@staff_required
def project_shares(request, pk: int):
    """A project's partner programmes and their contributions (staff): add, change and remove in one form; all or
    nothing; every change audited."""
    project = get_object_or_404(Project.objects.select_related("programme"), pk=pk)
    form = ProgrammeSharesForm(request.POST if request.method == "POST" else None, project=project)
    back = reverse("programme:project-detail", args=[project.pk])
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services_programmes.programme_shares_replace(project=project, shares=form.shares(),
                                                             actor=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The partner programmes were saved."))
                return redirect(back)
        status = 400
    return render(request, "programme/form.html", {
        "form": form, "title": _("Partner programmes of “%(name)s”") % {"name": project.name}, "back_url": back,
        "intro": _("The lead programme is %(name)s. A partner programme co-funds the project with the contribution "
                   "given here; the project then appears on its project list as shared.") % {
            "name": project.programme.name},
        "page_programme": project.programme,
    }, status=status)
