"""Fixtures for the knowledge base: a small synthetic geography (1 km squares in EPSG:3067), the real Espoo demo
data, and users of each role."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from shapely.geometry import Polygon, box, mapping

from yhteiso.areas.models import Area, AreaLevel
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


# -- a constructed hierarchy: city → 2 major districts → 4 statistical areas → 12 small areas, and a city centre --

# an L-shaped small area with thin arms: its centroid lies outside it, in the corner the arms enclose
L_SHAPE = Polygon([(0, 0), (1, 0), (1, 0.1), (0.1, 0.1), (0.1, 1), (0, 1)])
IN_THE_CORNER = box(0.2, 0.2, 0.5, 0.5)  # a small area inside the L's corner
CENTRE = box(0.15, 0.15, 0.6, 0.6)  # a city centre drawn over the corner (it holds the L's centroid)
SMALL = [f"p{i:02d}" for i in range(12)]  # 12 small areas: 2 major districts × 2 statistical areas × 3


def _geo(geom, dx=0.0, dy=0.0):
    """WGS84 geometry near Espoo from unit coordinates (0.01° a unit)."""
    coords = [(24.6 + dx + 0.01 * x, 60.2 + dy + 0.01 * y) for x, y in geom.exterior.coords]
    return mapping(Polygon(coords))


def _area(level, code, parent=None, geom=None):
    geometry = _geo(geom) if geom is not None else None
    return Area.objects.create(level=level, code=code, name_fi=f"Alue {code}", name_sv=f"Område {code}",
                               parent=parent, geometry=geometry, geometry_crs="EPSG:4326" if geometry else "",
                               geometry_wgs84=geometry)


@pytest.fixture
def hierarchy(db):
    city = _area(AreaLevel.CITY, "049")
    majors = [_area(AreaLevel.MAJOR_DISTRICT, f"04910{m}0000", city) for m in range(2)]
    stats = [_area(AreaLevel.STATISTICAL_AREA, f"04910{s // 2}{s % 2 + 1}000", majors[s // 2]) for s in range(4)]
    shapes = [L_SHAPE, IN_THE_CORNER] + [box(2 + i, 0, 2.9 + i, 0.9) for i in range(10)]
    for i, code in enumerate(SMALL):
        _area(AreaLevel.SMALL_AREA, code, stats[i // 3], shapes[i])
    _area(AreaLevel.CITY_CENTRE, "keskus", None, CENTRE)
    return {"city": city, "majors": majors, "stats": stats}
