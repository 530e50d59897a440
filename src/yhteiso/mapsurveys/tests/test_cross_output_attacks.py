"""Attacks across the map survey's published outputs (the results table, the heat map, the GeoJSON and the API):
a count the table hides must not come back from another output. Each test failed on the code before its fix."""

from __future__ import annotations

import uuid

import pytest

from yhteiso.mapsurveys import geo, results, services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]  # staff: conftest

LEPPAVAARA = [24.813, 60.219]  # Suur-Leppävaara, area "1"
TAPIOLA = [24.805, 60.176]  # Suur-Tapiola, area "2"
TAPIOLA_NORTH = [24.805, 60.186]  # Suur-Tapiola too, one 1 km grid cell further north
ESPOON_KESKUS = [24.656, 60.205]  # Vanha-Espoo, area "6"


@pytest.fixture
def survey(staff):
    return services.mapsurvey_create_published(actor=staff, title={"fi": "Kartta"}, languages=["fi"])


def _answer(survey, **answers):
    _answer_obj, created = services.answer_submit(survey=survey, submission_id=uuid.uuid4(), language="fi",
                                                  answers=answers)
    assert created


def test_the_places_points_are_in_the_districts_the_attacks_assume():
    assert geo.area_of(*LEPPAVAARA) == "1"
    assert geo.area_of(*TAPIOLA) == geo.area_of(*TAPIOLA_NORTH) == "2"
    assert geo.area_of(*ESPOON_KESKUS) not in (None, "1", "2")
    (one,) = geo.heat_map_svg([tuple(TAPIOLA)] * 5, title="")[1]
    (other,) = geo.heat_map_svg([tuple(TAPIOLA_NORTH)] * 5, title="")[1]
    assert (one["i"], one["j"]) != (other["i"], other["j"])


def test_the_heat_map_gives_back_no_count_the_table_hides(client, survey, staff):
    """Two places in Vanha-Espoo: the table hides that district, and Leppävaara's six as its complement. Before
    the fix the heat map drew every released place, so Leppävaara's grid cell showed 6: the places drawn inside
    Leppävaara are Leppävaara's, so Vanha-Espoo held at most n − Tapiola − 6 = 2 (hidden means 1–4)."""
    for _i in range(2):
        _answer(survey, category="important", point=ESPOON_KESKUS)
    for _i in range(6):
        _answer(survey, category="important", point=LEPPAVAARA)
    for _i in range(25):
        _answer(survey, category="important", point=TAPIOLA)
    for _i in range(5):
        _answer(survey, category="important", point=TAPIOLA_NORTH)
    services.mapsurvey_close(survey=survey, actor=staff)
    table = client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()
    totals = {row["area"]: row["total"] for row in table["areas"]}
    hidden_area = geo.area_of(*ESPOON_KESKUS)
    assert totals[hidden_area] is None and totals["1"] is None  # the table hides both ...
    assert totals["2"] == 30 and table["n"] == 38  # ... and shows Tapiola and the whole
    _svg, cells = results.heat_map(survey)
    (where,) = geo.heat_map_svg([tuple(LEPPAVAARA)] * 6, title="")[1]
    seen_in_leppavaara = sum(c["count"] for c in cells if (c["i"], c["j"]) == (where["i"], where["j"]))
    assert table["n"] - totals["2"] - seen_in_leppavaara >= survey.min_count  # the bound tells nothing
    # In general: the heat map draws no place of a cell the table hides, so it counts at most the places of the
    # cells the table shows.
    shown = sum(n for row in table["areas"] for n in row["counts"].values() if n is not None)
    assert sum(c["count"] for c in cells) <= shown


def test_the_api_gives_back_no_hidden_number_of_places(client, survey, staff):
    """Three places in all, released at the close: the page says "fewer than 5", and the API's n is hidden, but
    the release's total said 3."""
    for _i in range(3):
        _answer(survey, category="unsafe", point=LEPPAVAARA)
    services.mapsurvey_close(survey=survey, actor=staff)
    data = client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()
    assert data["n"] is None
    assert data["release"]["final"] and data["release"]["total"] is None
    assert results.map_results(survey)["release"]["total"] is None


def test_the_published_comments_give_back_no_count_the_table_hides(client, survey, staff):
    """Two commented places in Vanha-Espoo, a cell the table hides: before the fix their comments were listed
    under their category on the results page, which told that the hidden cell held at least 2."""
    from yhteiso.mapsurveys.models import MapAnswer, Moderation

    for i in range(2):
        _answer(survey, category="important", point=ESPOON_KESKUS, comment=f"Piilossa {i}")
    for _i in range(6):
        _answer(survey, category="important", point=LEPPAVAARA)
    for i in range(30):
        _answer(survey, category="important", point=TAPIOLA, comment=f"Näkyvissä {i}")
    for a in MapAnswer.objects.filter(survey=survey):
        services.answer_moderate(answer=a, decision=Moderation.APPROVED, actor=staff)
    services.mapsurvey_close(survey=survey, actor=staff)
    totals = {row["area"]: row["total"]
              for row in client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()["areas"]}
    assert totals[geo.area_of(*ESPOON_KESKUS)] is None and totals["2"] == 30
    listed = [a.comment for a in results.released_comments(survey)]
    assert len(listed) == 30 and not any(c.startswith("Piilossa") for c in listed)
    page = client.get(f"/karttakyselyt/{survey.pk}/tulokset/")
    assert page.status_code == 200 and "Näkyvissä 0" in page.content.decode()
    assert "Piilossa" not in page.content.decode()
