"""Fixtures for the schools app: the constructed example package as files, users of each role, and the real Espoo
areas + knowledge-base demo data (for the catchment overlay)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups
from yhteiso.knowledge.tests.espoo_data import espoo_demo_data

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
    with espoo_demo_data(django_db_blocker):
        yield


@pytest.fixture
def espoo(_espoo_module, db):
    return None
