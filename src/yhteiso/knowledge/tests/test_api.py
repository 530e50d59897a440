"""The open API: areas, one area with statistics, its geometry, stored indices and the targeting ranking."""

import pytest

from yhteiso.areas.models import Area


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


@pytest.mark.django_db
def test_targeting_ranks_areas_flags_the_weakest_decile_and_lists_gaps(client, demo_data):
    from yhteiso.programme.models import Project

    weakest = client.get("/api/v1/targeting?index=sum_index&year=2024").json()
    assert weakest["year"] == 2024 and weakest["level"] == "postal_area"
    top = weakest["areas"][0]
    assert top["rank"] == 1 and top["weakest_decile"]
    assert top["sum_index"] == max(a["sum_index"] for a in weakest["areas"])
    assert top["code"] in weakest["gaps"]
    project = Project.objects.create(name_fi="Olohuone", status="in_progress")
    project.target_areas.set([Area.objects.get(code=top["code"], level="postal_area")])
    again = client.get("/api/v1/targeting?index=sum_index&year=2024").json()
    assert again["areas"][0]["projects"][0]["name"] == "Olohuone"
    assert top["code"] not in again["gaps"]
    by_status = client.get("/api/v1/targeting?index=status_index&year=2024").json()["areas"]
    assert by_status[0]["status_index"] == min(a["status_index"] for a in by_status)
    assert client.get("/api/v1/targeting?index=combined").status_code == 200
    assert client.get("/api/v1/targeting?index=nonsense").status_code == 422


@pytest.mark.django_db
def test_a_geography_without_the_chosen_index_is_ranked_by_the_one_it_has(client, demo_data):
    data = client.get("/api/v1/targeting?index=sum_index&level=pienalue").json()
    assert data["year"] == 2025 and data["index"] == "status_index" and len(data["areas"]) == 84
    assert data["areas"][0]["status_index"] == min(a["status_index"] for a in data["areas"])
    assert sum(a["weakest_decile"] for a in data["areas"]) >= 1
    page = client.get("/tietopohja/kohdentaminen/?level=pienalue&index=sum_index").content.decode()
    assert "warning-box" in page
