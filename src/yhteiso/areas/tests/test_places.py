"""Place labels and place search read the label point kept on each area (no boundary is parsed per request)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from shapely.geometry import Point, shape

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.areas.places import place_labels, place_search

pytestmark = pytest.mark.django_db

# A U-shaped district: its centroid lies outside it, so a label there would sit on the neighbour.
U_SHAPE = {"type": "Polygon", "coordinates": [[[24.60, 60.15], [24.70, 60.15], [24.70, 60.25], [24.68, 60.25],
                                               [24.68, 60.17], [24.62, 60.17], [24.62, 60.25], [24.60, 60.25],
                                               [24.60, 60.15]]]}
SQUARE = {"type": "Polygon", "coordinates": [[[24.80, 60.20], [24.82, 60.20], [24.82, 60.22], [24.80, 60.22],
                                              [24.80, 60.20]]]}


def _area(code, name_fi, name_sv, geometry, level=AreaLevel.MAJOR_DISTRICT):
    return Area.objects.create(level=level, code=code, name_fi=name_fi, name_sv=name_sv, geometry=geometry,
                               geometry_crs="EPSG:4326", geometry_wgs84=geometry)


def test_an_area_keeps_a_label_point_inside_its_boundary_and_moves_it_with_the_boundary():
    area = _area("1", "Leppävaara", "Alberga", U_SHAPE)
    area.refresh_from_db()
    assert shape(U_SHAPE).contains(Point(area.label_lon, area.label_lat))
    assert not shape(U_SHAPE).contains(shape(U_SHAPE).centroid)
    area.geometry = area.geometry_wgs84 = SQUARE
    area.save()
    area.refresh_from_db()
    assert shape(SQUARE).contains(Point(area.label_lon, area.label_lat))
    area.geometry = area.geometry_wgs84 = None
    area.geometry_crs = ""
    area.save()
    area.refresh_from_db()
    assert (area.label_lon, area.label_lat) == (None, None)


def test_labels_and_search_give_names_in_the_language_asked_with_one_query_and_no_boundaries():
    _area("1", "Leppävaara", "Alberga", U_SHAPE)
    _area("2", "Tapiola", "Hagalund", SQUARE)
    Area.objects.create(level=AreaLevel.MAJOR_DISTRICT, code="3", name_fi="Ei rajaa")
    with CaptureQueriesContext(connection) as queries:
        labels = place_labels(AreaLevel.MAJOR_DISTRICT, "sv")
        hits = place_search("lepp", "sv")
    assert [x["name"] for x in labels] == ["Alberga", "Hagalund"]  # the area without a boundary has no label
    assert [h["name"] for h in hits] == ["Alberga"] and hits[0]["level"]
    assert shape(U_SHAPE).contains(Point(hits[0]["lon"], hits[0]["lat"]))
    assert len(queries) == 2
    assert all("geometry" not in q["sql"] for q in queries.captured_queries)
