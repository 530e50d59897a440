"""The open API: areas, one area with statistics, its geometry, stored indices and the targeting ranking."""

import pytest


@pytest.mark.django_db
def test_areas_are_listed_by_level_with_code_name_level_and_parent(client, demo_data):
    response = client.get("/api/v1/areas?level=tilastoalue")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 26
    first = rows[0]
    assert set(first) >= {"code", "name", "level", "parent"}
    assert first["level"] == "tilastoalue" and first["parent"].endswith("000000")
    assert len(client.get("/api/v1/areas?level=pienalue").json()) == 88
    assert len(client.get("/api/v1/areas?level=postal_area").json()) == 46
    assert client.get("/api/v1/areas?level=county").status_code == 422


@pytest.mark.django_db
def test_one_area_comes_with_its_statistics_and_indices(client, demo_data):
    data = client.get("/api/v1/areas/02100").json()
    assert data["name"] == "Tapiola" and data["name_sv"] == "Hagalund"
    stat = next(s for s in data["statistics"] if s["variable"] == "hr_mtu")
    assert stat == {"variable": "hr_mtu", "name": "Asukkaiden mediaanitulot", "unit": "€", "year": 2016,
                    "value": 27093.0, "suppressed": False, "source": "Lähde: Tilastokeskus, Paavo 2019",
                    "licence": "CC BY 4.0"}
    assert {i["index"] for i in data["indices"]} >= {"status_index", "sum_index"}
    suppressed = client.get("/api/v1/areas/02290").json()["statistics"]
    assert any(s["suppressed"] and s["value"] is None for s in suppressed)
    assert client.get("/api/v1/areas/nope").status_code == 404


@pytest.mark.django_db
def test_the_geometry_is_geojson_in_wgs84(client, demo_data):
    feature = client.get("/api/v1/areas/0491011111/geometry").json()
    assert feature["type"] == "Feature" and feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert feature["properties"]["attribution"].startswith("Aluejakorajat: HSY")
    lon, lat = feature["geometry"]["coordinates"][0][0][0]
    assert 24 < lon < 25 and 60 < lat < 61


@pytest.mark.django_db
def test_indices_use_the_engine_snake_case_names(client, demo_data):
    rows = client.get("/api/v1/indices?level=pienalue&year=2025").json()
    d = next(r for r in rows if r["index"] == "dissimilarity")
    assert d["group"] == "foreign_language" and d["year"] == 2025 and d["value"] == pytest.approx(0.29, abs=0.01)
    assert {"mutual_information", "gini", "theil_entropy"} <= {r["index"] for r in rows}
    assert len(d["input_hash"]) == 64
    per_area = client.get("/api/v1/indices?level=postal_area&year=2020&index=sum_index&areas=true").json()
    assert len([r for r in per_area if r["group"] == ""]) >= 40
