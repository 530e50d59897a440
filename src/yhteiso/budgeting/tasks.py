"""Counting a participatory-budgeting round as a background job (equal shares over many ballots takes time).

The staff page calls :func:`round_count_enqueue` and redirects to the returned job's status page, which links back
to the round's management page when the count is done. Validation errors (voting still open, results already
published) fail the job with their message."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_noop

from yhteiso.budgeting.models import Round
from yhteiso.budgeting.services import round_compute_results
from yhteiso.jobs.models import Job
from yhteiso.jobs.services import JobFailure, job_enqueue, job_task


@job_task
def round_count_job(job, *, round_id: int) -> dict:
    rnd = Round.objects.filter(pk=round_id).first()
    if rnd is None:
        raise JobFailure(gettext_noop("The round no longer exists."))
    job.progress(10, gettext_noop("Counting the votes"))
    try:
        round_compute_results(actor=job.actor, round=rnd)
    except ValidationError as exc:
        raise JobFailure("%(message)s", message=" ".join(exc.messages)) from exc
    job.result(reverse("budgeting:manage", args=[rnd.slug]), gettext_noop("Open the round"))
    return {"round": rnd.pk}


def round_count_enqueue(*, actor, round: Round) -> Job:
    """Queue the count of ``round``; returns the job (redirect to it)."""
    return job_enqueue(task=round_count_job, kind="pb_count", actor=actor,
                       title=gettext_noop("Count of the votes of %(round)s"), title_params={"round": round.name_fi},
                       kwargs={"round_id": round.pk})
