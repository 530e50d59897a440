"""Fixtures for the knowledge base: a small synthetic geography (1 km squares in EPSG:3067), the real Espoo demo
data, and users of each role."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from shapely.geometry import box, mapping

from yhteiso.areas.models import AreaLevel
from yhteiso.areas.services import area_get_or_create_city, boundaries_import
from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP, ensure_role_groups
from yhteiso.knowledge.tests.espoo_data import espoo_demo_data

GRID_CODES = [f"0{i:02d}00" for i in range(1, 13)]  # 00100 … 01200


def grid_geojson(codes=GRID_CODES, *, crs="urn:ogc:def:crs:EPSG::3067", x0=380000, y0=6670000) -> bytes:
    features = []
    for i, code in enumerate(codes):
        x, y = x0 + (i % 4) * 1000, y0 + (i // 4) * 1000
        features.append({"type": "Feature", "properties": {"code": code, "name": f"Alue {code}"},
                         "geometry": mapping(box(x, y, x + 1000, y + 1000))})
    return json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs}},
                       "features": features}).encode()


def grid_table(year: int, *, seed: int = 0, extra: str = "") -> bytes:
    """Counts for the 12 grid areas: population, a group (for D) and the Paavo-style status/sum variables."""
    out = io.StringIO()
    out.write("code,population,foreign_language_count_est,ko_ika18y,ko_perus,pt_tyoll,pt_tyott,hr_tuy,hr_pi_tul,"
              "hr_mtu\n")
    for i, code in enumerate(GRID_CODES):
        pop = 1000 + 100 * i
        group = (50 + 37 * ((i * 7 + seed) % 12))
        adults = int(pop * 0.8)
        basic = int(adults * (0.05 + 0.02 * ((i + seed) % 6)))
        employed = int(adults * 0.6)
        unemployed = int(employed * (0.04 + 0.01 * ((i * 5 + seed) % 7)))
        low = int(adults * (0.1 + 0.015 * ((i * 3 + seed) % 8)))
        income = 22000 + 900 * ((i * 11 + seed) % 12)
        out.write(f"{code},{pop},{group},{adults},{basic},{employed},{unemployed},{adults},{low},{income}\n")
    return (out.getvalue() + extra).encode()


TABLE_DATASET = {"code": "test-grid", "title": "Test grid", "publisher": "Test publisher", "licence": "CC BY 4.0",
                 "attribution": "Lähde: testi"}


@pytest.fixture
def grid_areas(db):
    area_get_or_create_city(code="049", name_fi="Espoo", name_sv="Esbo")
    boundaries_import(data=grid_geojson(), filename="grid.geojson", level=AreaLevel.POSTAL_AREA, parent="049",
                      parent_level=AreaLevel.CITY, attribution="Rajat: testi", licence="CC BY 4.0")


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker):
    """The real Espoo demo data, loaded once per test module (each test still runs in its own rolled-back
    transaction) and removed afterwards so other modules start from an empty database."""
    with espoo_demo_data(django_db_blocker):
        yield


@pytest.fixture
def demo_data(_demo_module, db):
    return None


def _user(username, group=None, superuser=False):
    ensure_role_groups()
    user = get_user_model().objects.create_user(username=username, password="pw-test-12345",
                                                is_superuser=superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff_user(db):
    return _user("staff", PROGRAMME_STAFF)


@pytest.fixture
def member_user(db):
    return _user("member", STEERING_GROUP)
