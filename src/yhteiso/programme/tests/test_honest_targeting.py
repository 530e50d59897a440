"""Honest targeting (issue 13, item 6) on the real Espoo demo data: student areas and areas with very few residents
carry a caveat in words, can be left out of the ranking (and are then listed, not dropped), and the headline
dissimilarity index is in the knowledge base's chart."""

import re

import pytest
from django.urls import reverse

from yhteiso.knowledge.tests import conftest as knowledge_fixtures
from yhteiso.programme.targeting import POPULATION_MIN, STUDENT_SHARE_MIN, targeting

_demo_module = knowledge_fixtures._demo_module
demo_data = knowledge_fixtures.demo_data

pytestmark = pytest.mark.django_db


def _flags(result) -> dict[str, list[str]]:
    rows = result["rows"] + result["excluded"]
    return {r["area"].name_fi: [c["kind"] for c in r["caveats"]] for r in rows if r["caveats"]}


def test_the_campus_and_the_hamlet_are_flagged_among_the_postal_areas(demo_data):
    result = targeting(level="postal_area", year=2024, index="sum_index")
    assert _flags(result) == {"Otaniemi": ["students"], "Lakisto": ["few_residents"]}
    rows = {r["area"].name_fi: r for r in result["rows"]}
    campus = rows["Otaniemi"]["caveats"][0]
    assert campus["share"] == pytest.approx(100 * 1445 / 3960, abs=0.5) and campus["share"] >= STUDENT_SHARE_MIN
    assert campus["year"] == 2016 and not campus["estimated"]
    assert rows["Lakisto"]["caveats"][0]["population"] == 318 < POPULATION_MIN
    # the next most student-heavy area (Kilo, 11 %) and the least populous ranked area above the limit are not flagged
    assert not rows["Kilo"]["caveats"] and not rows["Siikajärvi"]["caveats"]


def test_on_the_small_areas_the_student_share_is_estimated_through_the_crosswalk(demo_data):
    result = targeting(level="pienalue", year=2025, index="status_index")
    flags = _flags(result)
    assert flags["Otaniemi"] == ["students"] and flags["Lakisto"] == ["few_residents"]
    assert [name for name, kinds in flags.items() if "students" in kinds] == ["Otaniemi"]
    rows = {r["area"].name_fi: r for r in result["rows"]}
    assert rows["Otaniemi"]["caveats"][0]["estimated"]
    few = {name for name, kinds in flags.items() if "few_residents" in kinds}
    assert few == {"Lakisto", "Luukki", "Röylä", "Puotinen", "Högnäs", "Kunnarla", "Ruukinranta", "Nuuksionpää"}
    assert all(c["population"] < POPULATION_MIN for name in few for c in rows[name]["caveats"])


def test_leaving_the_flagged_areas_out_changes_the_ranking_and_lists_them(demo_data):
    everyone = targeting(level="postal_area", year=2024, index="sum_index")
    assert [r["area"].name_fi for r in everyone["rows"][:5]] == [
        "Espoon Keskus", "Otaniemi", "Henttaa", "Tuomarila-Suvela", "Lakisto"]
    # no projects in this test: every area of the weakest decile is a gap
    assert [r["area"].name_fi for r in everyone["gaps"]] == [
        "Espoon Keskus", "Otaniemi", "Henttaa", "Tuomarila-Suvela"]
    honest = targeting(level="postal_area", year=2024, index="sum_index", exclude_flagged=True)
    assert [r["area"].name_fi for r in honest["rows"][:5]] == [
        "Espoon Keskus", "Henttaa", "Tuomarila-Suvela", "Kilo", "Espoonlahti"]
    assert [r["rank"] for r in honest["rows"]] == list(range(1, 44))
    assert [(r["area"].name_fi, r["full_rank"]) for r in honest["excluded"]] == [("Otaniemi", 2), ("Lakisto", 5)]
    assert [r["area"].name_fi for r in honest["gaps"]] == ["Espoon Keskus", "Henttaa", "Tuomarila-Suvela"]


def test_the_page_shows_the_caveat_in_words_and_excludes_without_javascript(client, demo_data):
    page = client.get(reverse("programme:targeting"), {"level": "postal_area", "index": "sum_index",
                                                        "year": "2024"}).content.decode().replace("\u00ad", "")
    ranking = page[page.index("Alueet suurimmasta tarpeesta pienimpään"):]
    row = ranking[ranking.index(">Otaniemi</a>"):ranking.index("</tr>", ranking.index(">Otaniemi</a>"))]
    assert "Varauma" in row and "opiskelija-alue" in row and "36 %" in row
    assert "hyvin vähän asukkaita (318 vuonna 2017)" in page
    assert 'name="exclude_flagged"' in page and "Järjestyksestä pois jätetyt" not in page
    left_out = client.get(reverse("programme:targeting"), {"level": "postal_area", "index": "sum_index",
                                                            "year": "2024", "exclude_flagged": "on"}).content.decode()
    left_out = left_out.replace("\u00ad", "")  # the headings' soft hyphens
    assert re.search(r'name="exclude_flagged"[^>]*checked|checked[^>]*name="exclude_flagged"', left_out)
    table = left_out[left_out.index("Järjestyksestä pois jätetyt"):]
    assert "Otaniemi" in table and "Lakisto" in table and "Henttaa" not in table
    ranking = left_out[left_out.index("Alueet suurimmasta tarpeesta pienimpään"):left_out.index(
        "Järjestyksestä pois jätetyt")]
    assert "Otaniemi" not in ranking and "Henttaa" in ranking


def test_the_swedish_page_explains_the_caveat_rule(client, demo_data):
    client.cookies["yhteiso_language"] = "sv"
    page = client.get(reverse("programme:targeting"), {"level": "postal_area"}).content.decode()
    assert "Vilka områden får en reservation?" in page and "minst 20 %" in page and "färre än 500" in page
    assert "studentområde" in page


def test_the_api_names_the_caveats_and_lists_the_areas_left_out(client, demo_data):
    data = client.get("/api/v1/targeting?index=sum_index&year=2024").json()
    caveats = {a["code"]: a["caveats"] for a in data["areas"] if a["caveats"]}
    assert caveats == {"02150": ["students"], "02980": ["few_residents"]} and data["excluded"] == []
    honest = client.get("/api/v1/targeting?index=sum_index&year=2024&exclude_flagged=true").json()
    assert [a["code"] for a in honest["excluded"]] == ["02150", "02980"]
    assert [a["rank_among_all"] for a in honest["excluded"]] == [2, 5]
    assert len(honest["areas"]) == len(data["areas"]) - 2 and honest["areas"][1]["code"] == "02250"


def test_the_headline_dissimilarity_index_is_drawn_in_the_chart(client, demo_data):
    page = client.get(reverse("knowledge:index")).content.decode()
    chart = page[page.index("<svg"):page.index("</svg>")]
    # the foreign-language speakers' D by small area (a single year so far) is in the chart, labelled with its value
    assert "vieraskieliset (pienalue)" in chart and ">0,290</text>" in chart
    assert "Uusin: vieraskieliset (pienalue), 2025: D = 0,290" in page
