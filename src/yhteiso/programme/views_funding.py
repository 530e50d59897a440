"""Pages of money and partners: the external funding pipeline (steering group and staff read, staff edit), the
partner register (public read, staff edit), partners' roles in projects (staff) and the units' in-kind work per
project (the project's responsible person, deputies and staff). Reads through selectors, writes through
services."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yhteiso.core.permissions import is_programme_staff, member_required, staff_required
from yhteiso.programme import forms_funding, selectors_funding, selectors_programmes, services_funding, views_rows
from yhteiso.programme.models import FundingApplication, InKindWork, Partner, Project, ProjectPartner
from yhteiso.programme.views import _fresh, _staff_form, chosen_programme
from yhteiso.programme.views_progress import _reporter_project, _signed_in


@member_required
def funding_list(request):
    """The pipeline: upcoming deadlines, totals by year and status, every application."""
    today = dt.date.today()
    year = today.year
    programme = chosen_programme(request)
    return render(request, "programme/funding/list.html", {
        "upcoming": selectors_funding.upcoming_deadlines(today=today, user=request.user, programme=programme),
        "totals": selectors_funding.funding_totals(programme),
        "applications": selectors_funding.funding_applications(request.user, programme=programme),
        "in_kind_units": selectors_funding.in_kind_by_unit(),
        "in_kind_totals": selectors_funding.in_kind_totals(),
        "summary": selectors_funding.funding_council_summary(year=year, programme=programme),
        "programme": programme, "programme_query": selectors_programmes.page_query(programme),
        "is_staff": is_programme_staff(request.user),
        "today": today,
    })


@staff_required
def funding_edit(request, pk: int | None = None):
    application = get_object_or_404(FundingApplication, pk=pk) if pk else None
    # a new application goes into the chosen programme (?ohjelma=); an existing one stays in its own
    programme = application.programme if application else chosen_programme(request)
    form = forms_funding.FundingApplicationForm(request.POST or None, instance=_fresh(application))
    back = reverse("programme:funding-list") + selectors_programmes.page_query(programme)

    def save(f):
        return services_funding.funding_application_save(
            actor=request.user, application=application, projects=f.cleaned_data["projects"], programme=programme,
            **{k: v for k, v in f.service_fields().items() if k != "projects"})

    title = _("Edit the funding application") if application else _("New funding application")
    return _staff_form(request, form=form, title=title, save=save, success_url=back, back_url=back,
                       intro=_("Amounts are in euros. The amount granted may not exceed the amount applied; the city's "
                               "own work is recorded on the projects as in-kind work, not here."))


def partner_list(request):
    """The partner register, public: the plan's partner and stakeholder groups with their roles, and the
    organisations in each with their projects."""
    is_staff = is_programme_staff(request.user)
    return render(request, "programme/funding/partners.html", {
        "register": selectors_funding.partner_register(include_inactive=is_staff, user=request.user),
        "is_staff": is_staff,
    })


@staff_required
def partner_edit(request, pk: int | None = None):
    partner = get_object_or_404(Partner, pk=pk) if pk else None
    form = forms_funding.PartnerForm(request.POST or None, instance=_fresh(partner))
    back = reverse("programme:partner-list")
    return _staff_form(
        request, form=form, title=_("Edit the partner") if partner else _("New partner"), back_url=back,
        success_url=back, save=lambda f: services_funding.partner_save(actor=request.user, partner=partner,
                                                                       **f.service_fields()),
        intro=_("Record organisations only: a contact role and a public contact, never a person's name or "
                "private details."))


@staff_required
def project_partner_edit(request, pk: int, link_pk: int | None = None):
    project = get_object_or_404(Project, pk=pk)
    return views_rows.project_row_edit(
        request, project=project, model=ProjectPartner, row_pk=link_pk, form_class=forms_funding.ProjectPartnerForm,
        form_kwargs={"project": project}, anchor="#partners",
        titles=(_("Partner's role – %(project)s"), _("Add a partner – %(project)s")),
        save=lambda f, link: services_funding.project_partner_save(actor=request.user, project=project, link=link,
                                                                   **f.service_fields()))


@staff_required
@require_POST
def project_partner_delete(request, pk: int, link_pk: int):
    return views_rows.project_row_remove(
        request, project=get_object_or_404(Project, pk=pk), model=ProjectPartner, row_pk=link_pk,
        anchor="#partners", done=_("The partner was removed from the project."),
        remove=lambda link: services_funding.project_partner_delete(actor=request.user, link=link))


@_signed_in
def in_kind_edit(request, pk: int, work_pk: int | None = None):
    project = _reporter_project(request, pk)
    return views_rows.project_row_edit(
        request, project=project, model=InKindWork, row_pk=work_pk, form_class=forms_funding.InKindWorkForm,
        anchor="#in-kind", titles=(_("Edit in-kind work – %(project)s"), _("Record in-kind work – %(project)s")),
        save=lambda f, work: services_funding.in_kind_work_save(actor=request.user, project=project, work=work,
                                                                **f.service_fields()),
        intro=_("The city units' own work on the project, in hours or person-years. It is reported separately "
                "from the programme's money and is not part of the project's costs."))


@_signed_in
@require_POST
def in_kind_delete(request, pk: int, work_pk: int):
    return views_rows.project_row_remove(
        request, project=_reporter_project(request, pk), model=InKindWork, row_pk=work_pk, anchor="#in-kind",
        done=_("The row of in-kind work was removed."),
        remove=lambda work: services_funding.in_kind_work_delete(actor=request.user, work=work))
