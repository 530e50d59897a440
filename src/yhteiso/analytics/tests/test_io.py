"""Reading CSV, XLSX, GeoJSON and GeoPackage files into tables."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from yhteiso.analytics.io import read_table

DATA = Path(__file__).parent / "data"


def test_reads_the_espoo_csv_keeping_codes_as_text_and_empty_cells_as_nan():
    t = read_table(DATA / "espoo_pienalue_indicators_2025.csv", id_column="area_code")
    assert len(t) == 88
    assert t.ids[0] == "049111"
    assert t.columns["kokotun"][0] == "0491011111"  # leading zeros kept
    population = t.numeric("population")
    assert population[0] == 6894
    assert np.isnan(population).sum() == 4  # Miessaari, Ulkosaaret, Ämmässuo, Velskola
    assert np.nansum(population) == 319_986
    assert t.centroids_xy is None and t.geometries is None


def test_reads_semicolon_csv_with_decimal_commas_and_a_bom(tmp_path):
    path = tmp_path / "alueet.csv"
    path.write_text("\ufeffalue;vieraskieliset;väestö\nA;12,5;100\nB;3;40\n", encoding="utf-8")
    t = read_table(path)
    assert list(t.columns) == ["alue", "vieraskieliset", "väestö"]
    assert t.numeric("vieraskieliset").tolist() == [12.5, 3.0]
    assert t.ids == ["1", "2"]


def test_reads_latin1_csv(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("nimi,väki\nÄijälä,5\n".encode("latin-1"))
    t = read_table(path, id_column="nimi")
    assert t.ids == ["Äijälä"]
    assert t.numeric("väki").tolist() == [5.0]


def test_reads_xlsx_first_sheet_or_a_named_one(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ohje"
    ws.append(["read the other sheet"])
    data = wb.create_sheet("data")
    data.append(["area", "group", "total"])
    data.append(["A", 3, 10])
    data.append(["B", None, 5])
    path = tmp_path / "areas.xlsx"
    wb.save(path)
    t = read_table(path, layer="data", id_column="area")
    assert t.ids == ["A", "B"]
    assert t.numeric("total").tolist() == [10.0, 5.0]
    assert np.isnan(t.numeric("group")[1])
    with pytest.raises(ValueError, match=r"no worksheet 'nope'.*ohje, data"):
        read_table(path, layer="nope")


def test_reads_geojson_with_projected_centroids():
    t = read_table(DATA / "sacramento1.geojson", id_column="FIPS")
    assert len(t) == 403
    assert t.crs == "EPSG:4326"
    assert t.centroid_crs == "EPSG:32610"  # UTM zone 10N for California
    assert t.centroids_xy.shape == (403, 2)
    assert 5e5 < t.centroids_xy[:, 0].mean() < 8e5  # metres, not degrees
    assert t.numeric("TOT_POP").sum() > 1_000_000
    assert t.ids[0] == t.text("FIPS")[0]


def test_finnish_geographic_data_is_projected_to_etrs_tm35fin(tmp_path):
    features = [
        {"type": "Feature", "properties": {"code": "A", "pop": 10},
         "geometry": {"type": "Point", "coordinates": [24.65, 60.20]}},
        {"type": "Feature", "properties": {"code": "B", "pop": 20},
         "geometry": {"type": "Point", "coordinates": [24.80, 60.18]}},
    ]
    path = tmp_path / "espoo.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    t = read_table(path, id_column="code")
    assert t.centroid_crs == "EPSG:3067"
    assert 360_000 < t.centroids_xy[0, 0] < 380_000 and 6_670_000 < t.centroids_xy[0, 1] < 6_690_000
    assert t.ids == ["A", "B"]


def test_reads_a_geopackage_layer(tmp_path):
    gpd = pytest.importorskip("geopandas")
    frame = gpd.read_file(DATA / "sacramento1.geojson").to_crs(3310).iloc[:20]
    path = tmp_path / "sac.gpkg"
    frame.to_file(path, layer="tracts", driver="GPKG")
    t = read_table(path, layer="tracts")
    assert len(t) == 20
    assert t.centroid_crs is not None and "3310" in t.centroid_crs
    np.testing.assert_allclose(t.centroids_xy[:, 0], frame.geometry.centroid.x, rtol=1e-9)
    with pytest.raises(ValueError, match="cannot read as a geometry file"):
        read_table(path, layer="no_such_layer")


def test_errors_name_the_file_and_the_problem(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        read_table(tmp_path / "missing.csv")
    (tmp_path / "data.parquet").write_bytes(b"PAR1")
    with pytest.raises(ValueError, match=r"unknown file type \.parquet"):
        read_table(tmp_path / "data.parquet")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ValueError, match=r"broken\.xlsx: cannot read as XLSX"):
        read_table(tmp_path / "broken.xlsx")
    (tmp_path / "broken.geojson").write_text("{nope", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.geojson: cannot read as a geometry file"):
        read_table(tmp_path / "broken.geojson")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="empty"):
        read_table(tmp_path / "empty.csv")


def test_a_missing_column_and_a_text_cell_are_named(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("area,group,total\nA,3,10\nB,many,10\n", encoding="utf-8")
    t = read_table(path, id_column="area")
    with pytest.raises(ValueError, match=r"a.csv: missing column 'totl' \(available: 'area', 'group', 'total'\)"):
        t.numeric("totl")
    with pytest.raises(ValueError, match=r"a.csv, row 3, column 'group': 'many' is not a number"):
        t.numeric("group")
    with pytest.raises(ValueError, match="missing column 'id'"):
        read_table(path, id_column="id")


def test_a_row_longer_than_the_header_is_rejected(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 2: the row has 3 cells but the header has 2"):
        read_table(path)
