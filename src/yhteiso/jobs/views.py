"""The job status page: state, progress and result of one background job, refreshable without JavaScript."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from yhteiso.core.permissions import is_programme_staff
from yhteiso.jobs.models import Job, JobState

REFRESH_SECONDS = 3


def _visible_job(request, pk) -> Job:
    job = get_object_or_404(Job, pk=pk)
    if not (is_programme_staff(request.user) or job.created_by_id == request.user.pk):
        raise PermissionDenied
    return job


def job_status(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _visible_job(request, pk)
    return render(request, "jobs/status.html", {"job": job, "refresh": None if job.is_finished else REFRESH_SECONDS})


def job_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_programme_staff(request.user):
        raise PermissionDenied
    return render(request, "jobs/list.html", {"jobs": Job.objects.select_related("created_by")[:50]})


def job_file(request, pk):
    """The file a finished job made, for staff or whoever started the job."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _visible_job(request, pk)
    if (job.state != JobState.SUCCEEDED or not job.result_file or job.result_removed_at is not None
            or not job.result_path.is_file()):
        raise Http404
    inline = job.result_content_type.startswith("text/html")
    response = FileResponse(job.result_path.open("rb"), as_attachment=not inline, filename=job.result_file,
                            content_type=job.result_content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
