"""The real Espoo areas and knowledge-base demo data for the tests of any app (one loader instead of a copy per
app): loaded once for a test module, removed afterwards so the next module starts from an empty database.

    @pytest.fixture(scope="module")
    def _espoo_module(django_db_setup, django_db_blocker):
        with espoo_demo_data(django_db_blocker):
            yield
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

from yhteiso.areas import demo as areas_demo
from yhteiso.areas.models import Area, BoundaryImport
from yhteiso.core.models import AuditEvent
from yhteiso.knowledge import demo as knowledge_demo
from yhteiso.knowledge.models import Computation, Dataset, ImportBatch, Variable


@contextmanager
def espoo_demo_data(django_db_blocker) -> Iterator[None]:
    """Load the areas and knowledge demo data outside the tests' rolled-back transactions (each test still runs
    in its own), and delete them, with the audit rows they wrote, on leaving."""
    with django_db_blocker.unblock():
        first_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        areas_demo.load(io.StringIO())
        knowledge_demo.load(io.StringIO())
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            Computation.objects.all().delete()
            ImportBatch.objects.all().delete()
            Dataset.objects.all().delete()
            Variable.objects.all().delete()
            while Area.objects.exists():  # children before parents (PROTECT)
                Area.objects.filter(children__isnull=True).delete()
            BoundaryImport.objects.all().delete()
            AuditEvent.objects.filter(pk__gt=first_event).delete()
