"""Fixtures for the schools app: the constructed example package as files, users of each role, and the real Espoo
areas + knowledge-base demo data (for the catchment overlay)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "example"


@pytest.fixture
def example_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(EXAMPLE.iterdir()) if p.is_file() and p.suffix != ".md"}


def _user(username, group=None):
    ensure_role_groups()
    user = get_user_model().objects.create_user(username=username, password="pw-test-12345")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff_user(db):
    return _user("staff", PROGRAMME_STAFF)


@pytest.fixture
def plain_user(db):
    return _user("someone")


@pytest.fixture(scope="module")
def _espoo_module(django_db_setup, django_db_blocker):
    """Real areas and knowledge demo data once per module; removed afterwards."""
    from yhteiso.areas import demo as areas_demo
    from yhteiso.areas.models import Area, BoundaryImport
    from yhteiso.core.models import AuditEvent
    from yhteiso.knowledge import demo as knowledge_demo
    from yhteiso.knowledge.models import Computation, Dataset, ImportBatch, Variable

    with django_db_blocker.unblock():
        first_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        areas_demo.load(io.StringIO())
        knowledge_demo.load(io.StringIO())
    yield
    with django_db_blocker.unblock():
        Computation.objects.all().delete()
        ImportBatch.objects.all().delete()
        Dataset.objects.all().delete()
        Variable.objects.all().delete()
        while Area.objects.exists():
            Area.objects.filter(children__isnull=True).delete()
        BoundaryImport.objects.all().delete()
        AuditEvent.objects.filter(pk__gt=first_event).delete()


@pytest.fixture
def espoo(_espoo_module, db):
    return None
