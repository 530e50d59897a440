"""Crosswalks between area divisions from polygon intersections."""

import json
import re

import pytest
from shapely.geometry import box, mapping

from yhteiso.areas import crosswalk as cw
from yhteiso.areas.models import Area, AreaLevel, Crosswalk, CrosswalkMethod
from yhteiso.areas.services import boundaries_import, crosswalk_compute

OLD = {"old": mapping(box(0, 0, 2000, 1000))}                       # one old area, 2 km²
NEW = {"west": mapping(box(0, 0, 500, 1000)), "east": mapping(box(500, 0, 2000, 1000))}
FINE = {"u1": mapping(box(0, 0, 1000, 1000)), "u2": mapping(box(1000, 0, 2000, 1000))}


def test_land_area_weights_are_the_shares_of_the_old_area():
    w = cw.land_area_weights(OLD, NEW)
    assert w == {("old", "west"): pytest.approx(0.25), ("old", "east"): pytest.approx(0.75)}


def test_population_weights_follow_where_people_live():
    # 900 people in the western km², 100 in the eastern: west gets half of u1's people
    w = cw.population_weights(OLD, NEW, FINE, {"u1": 900, "u2": 100})
    assert w[("old", "west")] == pytest.approx(450 / 1000)
    assert w[("old", "east")] == pytest.approx(550 / 1000)


def test_an_empty_old_area_falls_back_to_land_area():
    w = cw.population_weights(OLD, NEW, FINE, {})
    assert w[("old", "west")] == pytest.approx(0.25)


def test_counts_are_split_and_rates_averaged():
    weights = {("a", "t"): 0.5, ("b", "t"): 1.0, ("a", "u"): 0.5}
    assert cw.apply({"a": 100, "b": 10}, weights) == {"t": 60.0, "u": 50.0}
    assert cw.apply({"a": 10.0, "b": 40.0}, weights, kind="rate")["t"] == pytest.approx((5 + 40) / 1.5)
    assert cw.apply({"a": None, "b": 10}, weights)["t"] is None


def _fc(polys, crs="EPSG:3067"):
    return json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs}},
                       "features": [{"type": "Feature", "properties": {"code": c, "name": c},
                                     "geometry": mapping(box(*b))} for c, b in polys.items()]}).encode()


@pytest.mark.django_db
def test_the_crosswalk_is_computed_from_stored_boundaries_in_different_crs():
    from yhteiso.analytics.readers.geo import transform

    x0, y0 = 380000, 6670000
    boundaries_import(data=_fc({"P1": (x0, y0, x0 + 2000, y0 + 1000)}), filename="p.geojson",
                      level=AreaLevel.POSTAL_AREA)
    # the small areas come in EPSG:3879
    west = transform(mapping(box(x0, y0, x0 + 500, y0 + 1000)), "EPSG:3067", "EPSG:3879")
    east = transform(mapping(box(x0 + 500, y0, x0 + 2000, y0 + 1000)), "EPSG:3067", "EPSG:3879")
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3879"}},
           "features": [{"type": "Feature", "properties": {"code": "W", "name": "W"}, "geometry": west},
                        {"type": "Feature", "properties": {"code": "E", "name": "E"}, "geometry": east}]}
    boundaries_import(data=json.dumps(doc).encode(), filename="s.geojson", level=AreaLevel.SMALL_AREA)
    assert Area.objects.get(code="W").geometry_crs == "EPSG:3879"
    assert crosswalk_compute(source_level=AreaLevel.POSTAL_AREA, target_level=AreaLevel.SMALL_AREA) == 2
    weights = {c.target.code: c.weight for c in Crosswalk.objects.filter(method=CrosswalkMethod.LAND_AREA)}
    assert weights["W"] == pytest.approx(0.25, abs=1e-3) and weights["E"] == pytest.approx(0.75, abs=1e-3)


@pytest.mark.django_db
def test_the_area_profile_shows_figures_of_another_division_through_the_crosswalk(client):
    from yhteiso.knowledge.models import ImportKind
    from yhteiso.knowledge.services import statistics_import
    from yhteiso.knowledge.variables import LABELS

    x0, y0 = 380000, 6670000
    boundaries_import(data=_fc({"P1": (x0, y0, x0 + 1000, y0 + 1000), "P2": (x0 + 1000, y0, x0 + 2000, y0 + 1000)}),
                      filename="p.geojson", level=AreaLevel.POSTAL_AREA)
    boundaries_import(data=_fc({"S1": (x0 + 500, y0, x0 + 1500, y0 + 1000)}), filename="s.geojson",
                      level=AreaLevel.SMALL_AREA)
    crosswalk_compute(source_level=AreaLevel.POSTAL_AREA, target_level=AreaLevel.SMALL_AREA)
    statistics_import(kind=ImportKind.TABLE, data=b"code,unemployment_rate_pct\nP1,10\nP2,20\n", filename="u.csv",
                      level=AreaLevel.POSTAL_AREA, dataset={"code": "u", "publisher": "P", "licence": "CC BY 4.0",
                                                            "attribution": "Lähde: P"},
                      options={"area_column": "code", "year": 2024}, variable_names=LABELS)
    from yhteiso.knowledge.selectors import crosswalked_statistics

    rows = crosswalked_statistics(Area.objects.get(code="S1"))
    assert rows[0]["value"] == pytest.approx(15.0) and rows[0]["sources"] == 2
    response = client.get("/tietopohja/alue/S1/")
    assert response.status_code == 200 and "15" in response.content.decode()


@pytest.mark.django_db
def test_estimates_on_the_area_page_are_rounded_badged_and_set_aside_when_the_area_has_newer_figures(client):
    from yhteiso.knowledge.models import ImportKind
    from yhteiso.knowledge.services import statistics_import
    from yhteiso.knowledge.variables import LABELS

    x0, y0 = 380000, 6670000
    boundaries_import(data=_fc({"P1": (x0, y0, x0 + 1000, y0 + 1000), "P2": (x0 + 1000, y0, x0 + 2000, y0 + 1000)}),
                      filename="p.geojson", level=AreaLevel.POSTAL_AREA)
    boundaries_import(data=_fc({"S1": (x0 + 500, y0, x0 + 1700, y0 + 1000)}), filename="s.geojson",
                      level=AreaLevel.SMALL_AREA)
    crosswalk_compute(source_level=AreaLevel.POSTAL_AREA, target_level=AreaLevel.SMALL_AREA)
    dataset = {"code": "u", "publisher": "P", "licence": "CC BY 4.0", "attribution": "Lähde: P"}
    statistics_import(kind=ImportKind.TABLE, data=b"code,population\nP1,10001\nP2,20003\n", filename="u.csv",
                      level=AreaLevel.POSTAL_AREA, dataset=dataset, options={"area_column": "code", "year": 2017},
                      variable_names=LABELS)
    client.cookies["yhteiso_language"] = "fi"
    page = client.get("/tietopohja/alue/S1/").content.decode()
    section = page.split('id="crosswalk-heading"', 1)[1].split("</section>", 1)[0]
    # persons: a whole number with a thousands separator, said to be an estimate in words
    cell = re.search(r'data-label="Arvio">(.*?)</td>', section).group(1)
    assert re.fullmatch(r'≈&nbsp;\d{1,3}(\xa0\d{3})+ <span class="estimate-badge">arvio</span>', cell), cell
    assert "<details" not in section  # the area has no figures of its own: nothing to set the estimates aside for
    statistics_import(kind=ImportKind.TABLE, data=b"code,population\nS1,15000\n", filename="s.csv",
                      level=AreaLevel.SMALL_AREA, dataset=dataset, options={"area_column": "code", "year": 2025},
                      variable_names=LABELS)
    page = client.get("/tietopohja/alue/S1/").content.decode()
    section = page.split('id="crosswalk-heading"', 1)[1].split("</section>", 1)[0]
    assert "<details" in section and "2017" in section and "2025" in section


@pytest.mark.django_db
def test_statistics_of_an_old_division_are_shown_on_the_new_one(tmp_path, capsys):
    from yhteiso.cli import main
    from yhteiso.knowledge.models import Observation
    from yhteiso.knowledge.selectors import crosswalked_statistics

    x0, y0 = 380000, 6670000
    old = tmp_path / "old.geojson"
    old.write_bytes(_fc({"A": (x0, y0, x0 + 2000, y0 + 1000)}))
    new = tmp_path / "new.geojson"
    new.write_bytes(_fc({"A1": (x0, y0, x0 + 1000, y0 + 1000), "A2": (x0 + 1000, y0, x0 + 2000, y0 + 1000)}))
    assert main(["import", "boundaries", str(old), "--level", "pienalue", "--division", "2019",
                 "--valid-to", "2020-12-31"]) == 0
    assert main(["import", "boundaries", str(new), "--level", "pienalue", "--valid-from", "2021-01-01"]) == 0
    stats = tmp_path / "old.csv"
    stats.write_text("code,population,unemployment_rate_pct\nA,1000,8.0\n", encoding="utf-8")
    assert main(["import", "table", str(stats), "--level", "pienalue", "--division", "2019", "--area-column", "code",
                 "--year", "2019", "--dataset", "old", "--publisher", "P", "--licence", "CC BY 4.0",
                 "--attribution", "Lähde: P"]) == 0
    assert Observation.objects.get(variable__code="population").area.division == "2019"
    assert main(["compute", "--crosswalk", "pienalue:2019", "pienalue"]) == 0
    assert "2 weights" in capsys.readouterr().out
    from yhteiso.knowledge.models import Variable

    Variable.objects.filter(code="population").update(name_fi="Asukkaat", unit="persons")
    Variable.objects.filter(code="unemployment_rate_pct").update(name_fi="Työttömyysaste", unit="%")
    rows = {r["code"]: r for r in crosswalked_statistics(Area.objects.get(code="A1", division=""))}
    assert rows["population"]["value"] == pytest.approx(500)       # a count is split
    assert rows["unemployment_rate_pct"]["value"] == pytest.approx(8.0)  # a rate carries over
    assert Area.objects.get(code="A", division="2019").valid_to.year == 2020
