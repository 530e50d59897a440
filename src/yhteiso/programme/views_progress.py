"""Pages of project owners (the responsible person and deputies) and staff: my projects, progress reports with
attachments, pilots, and the export for the city's project portfolio system. Writes are allowed to the
project's owners and programme staff only (others get 403); reads through selectors, writes through
services."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from yhteiso.core.inputs import whole_number
from yhteiso.core.permissions import is_programme_staff, staff_required
from yhteiso.core.uploads import upload_limit
from yhteiso.programme import forms_progress, selectors_progress, services_progress
from yhteiso.programme.models import Pilot, ProgressReport, Project, ReportAttachment
from yhteiso.programme.views import _apply_validation_error, _fresh


def _reporter_project(request, pk: int, may=selectors_progress.may_report) -> Project:
    """The project, if the signed-in user ``may`` write to it (by default: its reports); otherwise 403 (after
    sign-in)."""
    project = get_object_or_404(Project, pk=pk)
    if not may(request.user, project):
        raise PermissionDenied
    return project


def _signed_in(view):
    """Anonymous users go to the sign-in page first; the view itself decides 403."""
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)
    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@login_required
def my_projects(request):
    """The projects the signed-in user is responsible for or a deputy of, each with its reports' state."""
    today = dt.date.today()
    overdue = {(row["project"].pk, row["deadline"].pk): row for row in selectors_progress.overdue_reports(today=today)}
    rows = []
    for project in selectors_progress.owned_projects(request.user):
        rows.append({
            "project": project,
            "latest": selectors_progress.latest_report(project),
            "next_period": selectors_progress.period_for_new_report(project, today=today),
            "overdue": [row for key, row in overdue.items() if key[0] == project.pk],
            "is_responsible": project.responsible_user_id == request.user.pk,
        })
    return render(request, "programme/my_projects.html", {
        "rows": rows, "is_staff": is_programme_staff(request.user), "today": today,
    })


def _read_upload(request, form) -> tuple[str, bytes] | None:
    """The uploaded file as (name, bytes), or None. An upload past the site-wide limit was dropped while it
    streamed in; say so on the file field."""
    if getattr(request, "upload_too_large", False):
        form.add_error("file", _("The file is too large; the largest accepted is %(limit)s MB.") % {
            "limit": services_progress.ATTACHMENT_MAX_BYTES // (1024 * 1024)})
        return None
    upload = form.cleaned_data.get("file")
    if not upload:
        return None
    if upload.size > services_progress.ATTACHMENT_MAX_BYTES or upload.size > upload_limit():
        form.add_error("file", _("The file “%(name)s” is too large; the largest accepted is %(limit)s MB.") % {
            "name": upload.name, "limit": services_progress.ATTACHMENT_MAX_BYTES // (1024 * 1024)})
        return None
    return upload.name, upload.read()


def _report_form_page(request, project: Project, report: ProgressReport | None):
    creating = report is None
    initial = {}
    if creating:
        period = selectors_progress.period_for_new_report(project)
        if (asked := whole_number(request.GET.get("period", ""))) is not None:
            initial["deadline"] = asked
        elif period:
            initial["deadline"] = period.pk
    form = forms_progress.ProgressReportForm(request.POST or None, request.FILES or None, instance=_fresh(report),
                                             creating=creating, initial=initial, programme=project.programme)
    back_url = reverse("programme:project-detail", args=[project.pk])
    if request.method == "POST" and form.is_valid():
        attachment = _read_upload(request, form)
        if not form.errors:
            try:
                saved = services_progress.progress_report_save(
                    actor=request.user, project=project, report=report,
                    deadline=form.cleaned_data.get("deadline"), reach=form.reach(), attachment=attachment,
                    **form.service_fields())
            except ValidationError as exc:
                _apply_validation_error(form, exc)
            else:
                messages.success(request, _("The progress report was saved."))
                return redirect("programme:report-detail", pk=project.pk, report_pk=saved.pk)
    elif request.method == "POST" and getattr(request, "upload_too_large", False):
        _read_upload(request, form)
    title = (_("Edit the progress report of “%(project)s”") if report else
             _("New progress report of “%(project)s”")) % {"project": project.name}
    return render(request, "programme/report_form.html", {
        "form": form, "project": project, "report": report, "title": title, "back_url": back_url,
    }, status=400 if request.method == "POST" else 200)


@_signed_in
def report_create(request, pk: int):
    return _report_form_page(request, _reporter_project(request, pk), None)


@_signed_in
def report_edit(request, pk: int, report_pk: int):
    project = _reporter_project(request, pk)
    report = get_object_or_404(ProgressReport, pk=report_pk, project=project)
    return _report_form_page(request, project, report)


@_signed_in
def report_detail(request, pk: int, report_pk: int):
    project = get_object_or_404(Project, pk=pk)
    if not selectors_progress.may_read_reports(request.user, project):
        raise PermissionDenied
    report = get_object_or_404(selectors_progress.project_reports(project), pk=report_pk)
    return render(request, "programme/report_detail.html", {
        "project": project, "report": report, "reach_totals": selectors_progress.report_reach_totals(report),
        "may_edit": selectors_progress.may_report(request.user, project),
    })


@_signed_in
def attachment_download(request, pk: int):
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report__project"), pk=pk)
    if not selectors_progress.may_read_reports(request.user, attachment.report.project):
        raise PermissionDenied
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    safe_name = attachment.name.replace('"', "").replace("\r", "").replace("\n", "")
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@_signed_in
@require_POST
def attachment_delete(request, pk: int):
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report__project"), pk=pk)
    report = attachment.report
    if not selectors_progress.may_report(request.user, report.project):
        raise PermissionDenied
    services_progress.report_attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("The attachment was removed."))
    return redirect("programme:report-detail", pk=report.project_id, report_pk=report.pk)


def _pilot_page(request, project: Project, pilot: Pilot | None):
    form = forms_progress.PilotForm(request.POST or None, instance=_fresh(pilot), project=project)
    url = reverse("programme:project-detail", args=[project.pk]) + "#pilots"
    if request.method == "POST" and form.is_valid():
        try:
            services_progress.pilot_save(actor=request.user, project=project, pilot=pilot, **form.service_fields())
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, _("The pilot was saved."))
            return redirect(url)
    title = (_("Edit pilot – %(project)s") if pilot else _("New pilot – %(project)s")) % {"project": project.name}
    return render(request, "programme/form.html", {
        "form": form, "title": title, "back_url": url,
        "intro": _("A completed pilot needs its evaluation: how it was evaluated and what was found. It then "
                   "counts towards the indicator you choose; the new count appears publicly once programme staff "
                   "have approved it."),
    }, status=400 if request.method == "POST" else 200)


@_signed_in
def pilot_create(request, pk: int):
    return _pilot_page(request, _reporter_project(request, pk), None)


@_signed_in
def pilot_edit(request, pk: int, pilot_pk: int):
    project = _reporter_project(request, pk)
    return _pilot_page(request, project, get_object_or_404(Pilot, pk=pilot_pk, project=project))


# --- Export for the project portfolio system ---------------------------------------------------------------------

EXPORT_COLUMNS = (
    "project_id", "external_id", "portfolio_url", "name_fi", "name_sv", "name_en", "kind", "status", "year", "goals",
    "responsible_unit", "responsible_person", "responsible_email", "deputies", "target_areas", "start_date",
    "end_date", "planned_cost_min", "planned_cost_max", "pilots", "pilots_completed", "report_period",
    "report_status", "report_status_text", "report_summary", "milestones_done", "milestones_next", "outputs",
    "people_reached", "costs_incurred", "costs_incurred_total", "problems", "report_updated",
)
"""Column names are stable identifiers (English, snake_case) for the receiving system, not page text."""


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date | Decimal):
        return value.isoformat() if isinstance(value, dt.date) else f"{value:f}"
    return value


def _cell_safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@staff_required
def portfolio_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = selectors_progress.portfolio_rows()
    stamp = dt.date.today().isoformat()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow([_cell_safe(_plain(row[c])) for c in EXPORT_COLUMNS])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook()
        sheet = book.active
        sheet.title = "projects"
        sheet.append(list(EXPORT_COLUMNS))
        for row in rows:
            values = []
            for c in EXPORT_COLUMNS:
                value = row[c]
                if isinstance(value, dt.datetime):
                    value = timezone.localtime(value).replace(tzinfo=None, microsecond=0)
                values.append(_cell_safe(value))
            sheet.append(values)
        buffer_b = io.BytesIO()
        book.save(buffer_b)
        response = HttpResponse(buffer_b.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="yhteiso-projects-{stamp}.{fmt}"'
    return response
