import json

import pyogrio
import pytest
import shapely
from shapely.geometry import box, mapping

from yhteiso.analytics.readers.common import ReaderError
from yhteiso.analytics.readers.geo import area_m2, parse_crs, read_boundaries, to_wgs84, transform

SQUARE_3067 = box(380000, 6670000, 381000, 6671000)  # 1 km² near Tapiola


def _fc(geom, crs=None, **props):
    doc = {"type": "FeatureCollection",
           "features": [{"type": "Feature", "properties": {"code": "A1", "name": "Yksi", **props},
                         "geometry": mapping(geom)}]}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc).encode()


@pytest.mark.parametrize("text,expected", [("urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326"),
                                           ("urn:ogc:def:crs:EPSG::3067", "EPSG:3067"),
                                           ("EPSG:3879", "EPSG:3879"), ("3067", "EPSG:3067")])
def test_the_accepted_crs_names_are_understood(text, expected):
    assert parse_crs(text) == expected


def test_boundaries_in_3067_keep_their_crs_and_measure_right():
    b = read_boundaries(_fc(SQUARE_3067, "urn:ogc:def:crs:EPSG::3067"), filename="a.geojson")
    assert b.crs == "EPSG:3067"
    feat = b.features[0]
    assert (feat.code, feat.name_fi) == ("A1", "Yksi")
    assert area_m2(feat.geometry, b.crs) == pytest.approx(1e6)
    lon, lat = shapely.geometry.shape(to_wgs84(feat.geometry, b.crs)).centroid.coords[0]
    assert 24.7 < lon < 24.9 and 60.1 < lat < 60.2


def test_boundaries_in_3879_are_transformed_too():
    g3879 = transform(mapping(SQUARE_3067), "EPSG:3067", "EPSG:3879")
    b = read_boundaries(_fc(shapely.geometry.shape(g3879), "EPSG:3879"), filename="a.geojson")
    assert b.crs == "EPSG:3879"
    assert area_m2(b.features[0].geometry, b.crs) == pytest.approx(1e6, rel=1e-3)


def test_an_unknown_crs_is_refused():
    with pytest.raises(ReaderError, match="unknown coordinate reference system 'EPSG:2393'"):
        read_boundaries(_fc(SQUARE_3067, "EPSG:2393"), filename="a.geojson")


def test_metre_coordinates_without_a_crs_are_refused():
    with pytest.raises(ReaderError, match="no CRS declared"):
        read_boundaries(_fc(SQUARE_3067), filename="a.geojson")


def test_templates_build_codes_and_missing_properties_are_named():
    b = read_boundaries(_fc(box(24.8, 60.2, 24.81, 60.21), kunta="049", nro="111"), code="{kunta}{nro}",
                        filename="a.geojson")
    assert b.features[0].code == "049111" and b.crs == "EPSG:4326"
    with pytest.raises(ReaderError, match="property 'kokotun'") as err:
        read_boundaries(_fc(box(24.8, 60.2, 24.81, 60.21)), code="{kokotun}", filename="a.geojson")
    assert err.value.row == 1


def test_geopackages_are_read_with_their_crs(tmp_path):
    import geopandas

    path = tmp_path / "areas.gpkg"
    frame = geopandas.GeoDataFrame({"code": ["A1"], "name": ["Yksi"]}, geometry=[SQUARE_3067], crs="EPSG:3067")
    pyogrio.write_dataframe(frame, path)
    b = read_boundaries(path)
    assert b.crs == "EPSG:3067" and b.features[0].code == "A1"
    assert area_m2(b.features[0].geometry, b.crs) == pytest.approx(1e6)
