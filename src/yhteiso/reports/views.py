"""Pages of the reports app: published reports (public), report preview, downloads and publishing (staff), the
mid-term review's assessments (staff), and the steering group's agenda and minutes documents."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yhteiso.core.permissions import staff_required
from yhteiso.governance.models import Meeting
from yhteiso.jobs.services import job_enqueue
from yhteiso.programme import selectors_programmes
from yhteiso.programme.models import Programme, Project
from yhteiso.reports import document, formatting, renderers
from yhteiso.reports.forms import AssessmentForm, KeyMessagesForm, ReportForm
from yhteiso.reports.models import PublishedReport
from yhteiso.reports.selectors import (
    MIDTERM_DATE,
    ReportInputError,
    build_snapshot,
    load_snapshot,
    published_reports,
    revisions,
)
from yhteiso.reports.services import assessment_save, key_messages_save
from yhteiso.reports.snapshot import SnapshotError
from yhteiso.reports.tasks import report_publish_job, report_render_job
from yhteiso.reports.validation import check_publishable


def _file_response(content: bytes, fmt: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=renderers.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def index(request):
    form = ReportForm(initial={"lang": "sv" if (get_language() or "").startswith("sv") else "fi"})
    return render(request, "reports/index.html", {"reports": published_reports(), "form": form})


def _programme_param(params: dict) -> dict:
    """``{"ohjelma": slug}`` for another programme than the default one (whose addresses stay as they were)."""
    programme = params.get("ohjelma")
    return {} if programme is None or programme.is_default else {"ohjelma": programme.slug}


def _report_params(request):
    form = ReportForm(request.GET or request.POST)
    if not form.is_valid():
        return form, None
    return form, form.cleaned_data


@staff_required
def council_preview(request):
    form, params = _report_params(request)
    if params is None:
        return render(request, "reports/index.html", {"reports": published_reports(), "form": form}, status=400)
    try:
        data = build_snapshot(as_of=params["as_of"], kind=params["kind"], language=params["lang"],
                              programme=params["ohjelma"])
    except ReportInputError as exc:
        form.add_error("as_of", str(exc))
        return render(request, "reports/index.html", {"reports": published_reports(), "form": form}, status=400)
    body = renderers.body_blocks(data)
    for block in body["blocks"]:
        if block["type"] == "heading":
            block["level"] += 1  # the page has its own h1
    try:
        check_publishable(data)
        publish_problem = ""
    except ReportInputError as exc:
        publish_problem = str(exc)
    downloads = list(renderers.FORMATS)
    already = PublishedReport.objects.filter(kind=params["kind"], as_of=params["as_of"],
                                             language=params["lang"], programme=params["ohjelma"]).first()
    return render(request, "reports/preview.html", {
        "form": form, "data": data, "downloads": downloads, "publish_problem": publish_problem,
        "already": already, "params": params, **body,
        "as_of_display": formatting.date(data["as_of"]), "data_date_display": formatting.date(data["data_date"]),
    })


@staff_required
@require_POST
def council_download(request):
    """Render a report file as a background job; the page goes to the job's status, which links to the file."""
    form, params = _report_params(request)
    fmt = request.POST.get("fmt", "pdf")
    if params is None or fmt not in renderers.FORMATS:
        return render(request, "reports/index.html", {"reports": published_reports(), "form": form}, status=400)
    job = job_enqueue(task=report_render_job, kind="report_render", actor=request.user,
                      title=gettext_noop("Report file (%(fmt)s), situation on %(date)s"),
                      title_params={"fmt": fmt.upper(), "date": formatting.date(params["as_of"])},
                      kwargs={"as_of": params["as_of"].isoformat(), "kind": params["kind"],
                              "language": params["lang"], "fmt": fmt, "programme": params["ohjelma"].slug})
    return redirect(job)


@staff_required
@require_POST
def council_publish(request):
    """Publishing renders every format, so it runs as a background job; the page goes to the job's status, which
    links to the published report."""
    form, params = _report_params(request)
    if params is None:
        return render(request, "reports/index.html", {"reports": published_reports(), "form": form}, status=400)
    try:
        check_publishable(build_snapshot(as_of=params["as_of"], kind=params["kind"], language=params["lang"],
                              programme=params["ohjelma"]))
    except ReportInputError as exc:
        messages.error(request, str(exc))
        query = urlencode({"as_of": params["as_of"].isoformat(), "kind": params["kind"], "lang": params["lang"],
                           **_programme_param(params)})
        return redirect(f"{reverse('reports:council-preview')}?{query}")
    job = job_enqueue(task=report_publish_job, kind="report_publish", actor=request.user,
                      title=gettext_noop("Publishing the report, situation on %(date)s"),
                      title_params={"date": formatting.date(params["as_of"])},
                      kwargs={"as_of": params["as_of"].isoformat(), "kind": params["kind"],
                              "language": params["lang"], "programme": params["ohjelma"].slug})
    return redirect(job)


def published_detail(request, report_id: int):
    report = get_object_or_404(PublishedReport.objects.prefetch_related("files"), pk=report_id)
    integrity_error = ""
    changes = []
    try:
        data = load_snapshot(report)
        changes = revisions(data, programme=report.programme)
    except SnapshotError as exc:
        integrity_error = str(exc)
        data = None
    return render(request, "reports/published_detail.html", {
        "report": report, "data": data, "changes": changes, "integrity_error": integrity_error,
        "title": document.document_title(data) if data else str(report),
    })


def published_file(request, report_id: int, fmt: str):
    report = get_object_or_404(PublishedReport, pk=report_id)
    stored = report.files.filter(fmt=fmt).first()
    if stored is None:
        raise Http404
    stem = f"yhteisollinen-espoo-{report.kind}-{report.as_of.isoformat()}-{report.language}"
    return _file_response(bytes(stored.content), fmt, f"{stem}.{fmt}", inline=fmt == "html")


def _review_date(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("review", ""))
    except ValueError:
        return MIDTERM_DATE


@staff_required
def midterm_assessments(request):
    from yhteiso.reports.models import ActionAssessment

    review = _review_date(request)
    projects = list(Project.objects.exclude(status="rejected").order_by("year", "id"))
    done = {a.project_id: a for a in ActionAssessment.objects.filter(review_date=review)}
    rows = [(p, done.get(p.pk)) for p in projects]
    return render(request, "reports/assessments.html", {"rows": rows, "review": review})


@staff_required
def midterm_assessment_edit(request, project_id: int):
    from yhteiso.reports.models import ActionAssessment

    project = get_object_or_404(Project, pk=project_id)
    review = _review_date(request)
    instance = ActionAssessment.objects.filter(project=project, review_date=review).first()
    form = AssessmentForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        assessment_save(project=project, review_date=review, actor=request.user,
                        **{k: form.cleaned_data[k] for k in AssessmentForm.Meta.fields})
        messages.success(request, _("The assessment has been saved."))
        return redirect(f"{reverse('reports:midterm-assessments')}?review={review.isoformat()}")
    return render(request, "reports/assessment_form.html", {"form": form, "project": project, "review": review})


@staff_required
def key_messages_edit(request):
    """The key messages of one report (kind and cut-off date from the report form), shown on its summary page."""
    from yhteiso.reports.models import KeyMessages

    _form, params = _report_params(request)
    if params is None:
        params = {"kind": "annual", "as_of": dt.date(2026, 12, 31), "lang": "fi"}
    instance = KeyMessages.objects.filter(kind=params["kind"], as_of=params["as_of"],
                                          programme=params.get("ohjelma") or Programme.objects.default()).first()
    form = KeyMessagesForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        key_messages_save(kind=params["kind"], as_of=params["as_of"], actor=request.user,
                          programme=params.get("ohjelma"),
                          text_fi=form.cleaned_data["text_fi"], text_sv=form.cleaned_data["text_sv"])
        messages.success(request, _("The key messages have been saved."))
        query = urlencode({"kind": params["kind"], "as_of": params["as_of"].isoformat(), "lang": params["lang"],
                           **_programme_param(params)})
        return redirect(f"{reverse('reports:key-messages')}?{query}")
    return render(request, "reports/key_messages_form.html", {
        "form": form, "kind_label": document.cover_kind({"kind": params["kind"],
                                                          "as_of": params["as_of"].isoformat()}),
        "as_of": params["as_of"], "params": params})


def _meeting(meeting_id: int):
    return get_object_or_404(Meeting, pk=meeting_id)


def meeting_agenda(request, meeting_id: int, fmt: str):
    """The agenda: for steering-group members and staff (it is sent to the members before the meeting)."""
    meeting = _meeting(meeting_id)
    if not selectors_programmes.sees_programme(request.user, meeting.programme_id) and not meeting.is_published:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    from yhteiso.reports.meeting_documents import file_name, render_meeting_document

    content = render_meeting_document(meeting, which="agenda", fmt=fmt, language=get_language())
    return _file_response(content, fmt, file_name(meeting, "agenda", fmt))


def meeting_minutes(request, meeting_id: int, fmt: str):
    """The minutes: public once published; drafts only for steering-group members and staff."""
    meeting = _meeting(meeting_id)
    if not meeting.is_published and not selectors_programmes.sees_programme(request.user, meeting.programme_id):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    from yhteiso.reports.meeting_documents import file_name, render_meeting_document

    content = render_meeting_document(meeting, which="minutes", fmt=fmt, language=get_language())
    return _file_response(content, fmt, file_name(meeting, "minutes", fmt))
