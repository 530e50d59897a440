"""The job status page: state, progress and result of one background job, refreshable without JavaScript."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from yhteiso.core.permissions import is_programme_staff
from yhteiso.jobs.models import Job

REFRESH_SECONDS = 3


def job_status(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = get_object_or_404(Job, pk=pk)
    if not (is_programme_staff(request.user) or job.created_by_id == request.user.pk):
        raise PermissionDenied
    return render(request, "jobs/status.html", {"job": job, "refresh": None if job.is_finished else REFRESH_SECONDS})


def job_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_programme_staff(request.user):
        raise PermissionDenied
    return render(request, "jobs/list.html", {"jobs": Job.objects.select_related("created_by")[:50]})
