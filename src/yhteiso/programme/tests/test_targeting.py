"""Targeting and effect follow-up (moved from the knowledge base's tests with the code, issue 11): areas in need
joined with the programme's projects that reach them, on pages, in the API and on the area profile."""

import pytest
from django.urls import reverse

from yhteiso.areas.models import Area
from yhteiso.knowledge.tests import conftest as knowledge_fixtures
from yhteiso.programme.models import Project
from yhteiso.programme.targeting import areas_in_need, areas_reached, targeting

# The real Espoo demo data of the knowledge base.
_demo_module = knowledge_fixtures._demo_module
demo_data = knowledge_fixtures.demo_data


@pytest.mark.django_db
def test_areas_in_need_are_the_weakest_decile_without_actions(demo_data):
    gaps = areas_in_need(level="postal_area", year=2024)
    assert gaps and all(a.level == "postal_area" for a in gaps)


@pytest.mark.django_db
def test_a_project_targeting_a_city_centre_reaches_the_areas_inside_it(demo_data):
    centre = Area.objects.get(level="city_centre", code="leppavaara")
    small = set(Area.objects.filter(pk__in=areas_reached([centre], "pienalue")).values_list("name_fi", flat=True))
    assert {"Pohjois-Leppävaara", "Etelä-Leppävaara", "Perkkaa"} <= small and "Tapiolan Keskus" not in small
    postal = set(Area.objects.filter(pk__in=areas_reached([centre], "postal_area")).values_list("code", flat=True))
    assert "02650" in postal
    project = Project.objects.create(name_fi="Kohtaamisalusta", status="approved")
    project.target_areas.set([centre])
    rows = {r["area"].name_fi: r for r in targeting(level="pienalue", year=2025, index="status_index")["rows"]}
    assert [p.name_fi for p in rows["Perkkaa"]["projects"]] == ["Kohtaamisalusta"]
    assert rows["Perkkaa"]["active_projects"] and not rows["Suvela"]["projects"]


@pytest.mark.django_db
def test_targeting_ranks_areas_flags_the_weakest_decile_and_lists_gaps(client, demo_data):
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
    page = client.get("/tietopohja/kohdentaminen/?level=pienalue&index=sum_index", follow=True).content.decode()
    assert "warning-box" in page


@pytest.mark.django_db
def test_swedish_pages_are_in_swedish(client, demo_data):
    client.cookies["yhteiso_language"] = "sv"
    page = client.get(reverse("programme:targeting")).content.decode()
    assert ('lang="sv"' in page and "Hagalund" in page) or "Stor-" in page


@pytest.mark.django_db
def test_follow_up_compares_targeted_and_comparison_areas_with_a_caveat(client, demo_data):
    project = Project.objects.create(name_fi="Lähiöhanke", status="in_progress")
    project.target_areas.set(Area.objects.filter(code__in=["02320", "02230"], level="postal_area"))
    page = client.get(reverse("programme:followup"), {
        "project": project.pk, "level": "postal_area", "indicator": "var:unemployment_rate_pct",
        "before": "2015-2016", "after": "2022-2023"}).content.decode()
    assert "Liian vähän alueita" in page or "Too few areas" in page
    assert "02320" in page
    bad = client.get(reverse("programme:followup"), {
        "project": project.pk, "level": "postal_area", "indicator": "var:unemployment_rate_pct",
        "before": "2022", "after": "2016"}).content.decode()
    assert "error-summary" in bad


@pytest.mark.django_db
def test_the_old_knowledge_base_addresses_redirect_with_their_query(client, demo_data):
    old = client.get("/tietopohja/kohdentaminen/?level=postal_area&index=combined")
    assert old.status_code == 301 and old["Location"] == "/ohjelma/kohdentaminen/?level=postal_area&index=combined"
    assert client.get("/tietopohja/vaikutukset/")["Location"] == reverse("programme:followup")


@pytest.mark.django_db
def test_the_area_profile_lists_the_actions_reaching_the_area_through_the_core_hook(client, demo_data):
    project = Project.objects.create(name_fi="Kohtaamispaikka Tapiolassa", status="approved")
    project.target_areas.set(Area.objects.filter(code="02100", level="postal_area"))
    page = client.get(reverse("knowledge:area-profile", args=["02100"])).content.decode()
    assert "Kohtaamispaikka Tapiolassa" in page
    other = client.get(reverse("knowledge:area-profile", args=["02320"])).content.decode()
    assert "Kohtaamispaikka Tapiolassa" not in other


@pytest.mark.django_db
def test_matching_projects_to_a_level_reads_the_level_once_however_many_projects(demo_data):
    """projects_by_area read and parsed every area of the level again for each project (N+1 on the targeting page
    and in the API); the queries now do not grow with the number of projects, and the result is the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yhteiso.programme.targeting import projects_by_area

    centre = Area.objects.get(level="city_centre", code="leppavaara")
    district = Area.objects.filter(level="suuralue").order_by("code").first()

    def queries(n: int) -> tuple[int, dict]:
        for i in range(n):
            Project.objects.create(name_fi=f"Hanke {i}", status="approved").target_areas.set([centre, district])
        with CaptureQueriesContext(connection) as captured:
            result = projects_by_area("pienalue")
        return len(captured), result

    one, result = queries(1)
    assert set(result) == areas_reached([centre, district], "pienalue")
    five, result = queries(4)
    assert five == one and all(len(projects) == 5 for projects in result.values())
