"""Every level has statistics: the small areas' figures rolled up to statistical areas, major districts, the city
centres and the city (issue 16, item 3), checked on the real demo data against the raw rows of the shipped file."""

from __future__ import annotations

import csv

import pytest
from django.urls import reverse

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.knowledge.demo import DATA
from yhteiso.knowledge.models import ImportBatch, ImportKind, Observation
from yhteiso.knowledge.services import statistics_rollup

RAW = DATA / "espoo_pienalue_indicators_2025" / "espoo_pienalue_indicators_2025.csv"
KANTA_LEPPAVAARA = "0491011000"  # a statistical area of eight small areas


def _raw_rows() -> list[dict[str, str]]:
    with open(RAW, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _value(level: str, code: str, variable: str) -> Observation:
    return Observation.objects.get(area__level=level, area__code=code, variable__code=variable, year=2025)


@pytest.mark.django_db
def test_a_major_districts_population_is_the_sum_of_its_small_areas(demo_data):
    for district in Area.objects.filter(level=AreaLevel.MAJOR_DISTRICT):
        small = [a for a in district.descendants() if a.level == AreaLevel.SMALL_AREA]
        imported = Observation.objects.filter(area__in=small, variable__code="population", year=2025)
        rolled = _value(AreaLevel.MAJOR_DISTRICT, district.code, "population")
        assert rolled.value == sum(o.value for o in imported)
        assert rolled.computed_from == AreaLevel.SMALL_AREA
        assert (rolled.parts_used, rolled.parts_total) == (imported.count(), len(small))
    # the city: every small area's population in the raw file (the provenance note says 319 986)
    raw_total = sum(int(r["population"]) for r in _raw_rows() if r["population"])
    assert raw_total == 319986
    assert _value(AreaLevel.CITY, "049", "population").value == raw_total


@pytest.mark.django_db
def test_a_share_is_the_summed_numerators_over_the_summed_denominators(demo_data):
    rows = [r for r in _raw_rows() if r["kokotun"].startswith(KANTA_LEPPAVAARA[:7]) and r["population"]]
    assert len(rows) == 8
    # by hand from the raw rows: foreign-language speakers = share × population, summed, over the summed population
    numerator = sum(float(r["foreign_language_share_pct"]) / 100 * int(r["population"]) for r in rows)
    denominator = sum(int(r["population"]) for r in rows)
    expected = 100 * numerator / denominator
    rolled = _value(AreaLevel.STATISTICAL_AREA, KANTA_LEPPAVAARA, "foreign_language_share_pct")
    assert rolled.value == pytest.approx(expected, rel=1e-12)
    # … which is not the plain mean of the four shares
    mean_of_shares = sum(float(r["foreign_language_share_pct"]) for r in rows) / len(rows)
    assert abs(rolled.value - mean_of_shares) > 0.1
    # the same rule for the city, which the city column of every area page shows
    city = _value(AreaLevel.CITY, "049", "foreign_language_share_pct")
    assert city.value == pytest.approx(100 * 81045 / 319986, abs=0.01)  # PROVENANCE: 81 045 of 319 986 (25.3 %)


@pytest.mark.django_db
def test_a_variable_of_unknown_kind_is_not_rolled_up(demo_data):
    # the tertiary-educated share of the 15+ has no denominator in the data; a change in inhabitants is no share
    for code in ("tertiary_educated_15plus_share_pct", "population_growth_pct"):
        assert Observation.objects.filter(variable__code=code, area__level=AreaLevel.SMALL_AREA).count() > 80
        assert not Observation.objects.filter(variable__code=code).exclude(area__level=AreaLevel.SMALL_AREA).exists()
    # a median cannot be rolled up from the parts' medians either
    assert not Observation.objects.filter(variable__code="hr_mtu", area__level=AreaLevel.CITY).exists()
    # postal areas are another geography (one can straddle the city's border): not summed into the city
    assert not Observation.objects.filter(area__level=AreaLevel.CITY, dataset__code__startswith="paavo").exists()


@pytest.mark.django_db
def test_city_centres_are_rolled_up_from_the_small_areas_inside_them(demo_data):
    tapiola = Area.objects.get(level=AreaLevel.CITY_CENTRE, code="tapiola")
    stat = Area.objects.get(level=AreaLevel.STATISTICAL_AREA, code="0492021000")  # the centre's statistical area
    assert _value(AreaLevel.CITY_CENTRE, tapiola.code, "population").value == \
        _value(AreaLevel.STATISTICAL_AREA, stat.code, "population").value


@pytest.mark.django_db
def test_rolling_up_again_changes_nothing_and_suppresses_small_figures(demo_data):
    before = list(ImportBatch.objects.filter(kind=ImportKind.COMPUTED).values_list("pk", "content_hash"))
    assert before and statistics_rollup() == []
    assert list(ImportBatch.objects.filter(kind=ImportKind.COMPUTED).values_list("pk", "content_hash")) == before
    # no rolled-up count of 1–4 persons is shown anywhere
    rolled = Observation.objects.exclude(computed_from="")
    assert not rolled.filter(variable__code="population", value__gt=0, value__lt=5).exists()
    assert not rolled.filter(suppressed=True, value__isnull=False).exists()


@pytest.mark.django_db
def test_the_pages_say_which_figures_are_computed(demo_data, client):
    district = Area.objects.get(level=AreaLevel.MAJOR_DISTRICT, name_fi="Suur-Leppävaara")
    url = reverse("knowledge:area-profile", args=[district.code])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "laskettu pienalueista" in page and "81603" in page.replace("\xa0", "").replace(" ", "")
    assert "beräknat från småområden" in client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    # the city: 84 of its 88 small areas have a published population
    city = client.get(reverse("knowledge:area-profile", args=["049"]), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "laskettu pienalueista (84/88 alueesta)" in city
    query = "?level=suuralue&indicator=var:population&year=2025"
    assert "Laskettu pienalueista:" in client.get(reverse("knowledge:map") + query,
                                                   HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    exported = client.get(reverse("knowledge:export", args=["csv"]) + query, HTTP_ACCEPT_LANGUAGE="fi")
    assert "laskettu pienalueista" in exported.content.decode()
    not_computed = client.get(reverse("knowledge:export", args=["csv"]) + query.replace("suuralue", "pienalue"),
                              HTTP_ACCEPT_LANGUAGE="fi")
    assert "laskettu" not in not_computed.content.decode()
