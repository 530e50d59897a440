"""Jobs used by the tests (importable by a worker subprocess)."""

import os
import time
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_noop

from yhteiso.jobs.services import JobFailure, job_task
from yhteiso.knowledge.services import statistics_import


@job_task
def succeed(job, *, url: str) -> int:
    job.progress(50, gettext_noop("Reading the file"))
    job.result(url, gettext_noop("Open the datasets"))
    return 42


@job_task
def fail_with_reason(job) -> None:
    raise JobFailure(gettext_noop("The uploaded file is no longer available; upload it again."))


@job_task
def crash(job) -> None:
    raise RuntimeError("secret internal detail /etc/passwd")


@job_task
def slow(job, *, seconds: float, marker: str) -> str:
    """Sleeps (outside any transaction) so a test can stop the worker while it runs."""
    Path(marker).write_text("started", encoding="utf-8")
    time.sleep(seconds)
    return "slept"


@job_task
def import_then_hang(job, *, data: str, marker: str) -> int:
    """The real statistics import, then a hang inside the same transaction on the first attempt only: a test kills
    the worker (SIGKILL) while the imported rows are written but not committed."""
    with transaction.atomic():
        report = statistics_import(kind="table", data=data.encode(), filename="kill.csv", level="postal_area",
                                   dataset={"code": "kill", "publisher": "P", "licence": "CC BY 4.0",
                                            "attribution": "Lähde: P"},
                                   options={"area_column": "code", "year": "2024"}, recompute=False)
        if not os.path.exists(marker):
            Path(marker).write_text(str(os.getpid()), encoding="utf-8")
            time.sleep(120)
    return report.cells
