"""Effect follow-up that starts from something that works (issue 13, item 8): a project opens with its areas, a
measure with a series for them and the years around its start; only years with figures are offered; a
before/after chart with a verdict in plain language, compared with the rest of the city."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from yhteiso.analytics.did import did
from yhteiso.areas.models import Area
from yhteiso.knowledge import selectors as knowledge_selectors
from yhteiso.knowledge.tests import conftest as knowledge_fixtures
from yhteiso.programme import followup
from yhteiso.programme.models import Project

_demo_module = knowledge_fixtures._demo_module
demo_data = knowledge_fixtures.demo_data


def _selected(page: str, name: str) -> str | None:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return chosen.group(1) if chosen else None


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)"', select.group(1))


@pytest.mark.django_db
def test_a_demo_project_opens_with_its_areas_a_series_and_the_years_before_its_start(client, demo_data, demo):
    project = Project.objects.get(name_fi__startswith="Ikääntyneiden ja sukupolvet yhdistävän")
    assert project.year == 2026 and project.start_date is None
    page = client.get(reverse("programme:followup"), {"project": project.pk}).content.decode()
    assert _selected(page, "project") == str(project.pk)
    assert _selected(page, "level") == "postal_area"
    assert _selected(page, "indicator") == "var:unemployment_rate_pct"
    # the three years with figures before the start (2026); none after it yet, and the page says so
    assert (_selected(page, "before_from"), _selected(page, "before_to")) == ("2022", "2024")
    assert (_selected(page, "after_from"), _selected(page, "after_to")) == ("", "")
    assert "Alun jälkeisiä lukuja ei ole vielä: projekti alkaa vuonna 2026" in page
    assert "Ennen alkua, vuodesta 2022 vuoteen 2024, luku muuttui kohdealueilla" in page
    assert "Matinkylä" in page and "(02230)" in page and "error-summary" not in page
    chart = page[page.index("<svg"):page.index("</svg>")]
    assert "Alku 2026" in chart and "Kohdealueet (keskiarvo)" in chart


@pytest.mark.django_db
def test_the_page_opens_on_the_first_project_with_a_result_rather_than_an_empty_form(client, demo_data, demo):
    page = client.get(reverse("programme:followup")).content.decode()
    assert _selected(page, "project") is not None and "<svg" in page and 'class="verdict"' in page


@pytest.mark.django_db
def test_only_years_with_figures_are_offered(client, demo_data):
    project = Project.objects.create(name_fi="Lähiöhanke", status="in_progress", year=2026)
    project.target_areas.set(Area.objects.filter(code__in=["02320", "02230"], level="postal_area"))
    page = client.get(reverse("programme:followup"), {"project": project.pk}).content.decode()
    years = [str(y) for y in range(2010, 2025)]
    assert _options(page, "before_from") == years and _options(page, "before_to") == years
    assert _options(page, "after_from") == ["", *years]
    for year in years:  # no year is offered that has no figure
        assert knowledge_selectors.indicator_values("postal_area", "var:unemployment_rate_pct", int(year))
    small = client.get(reverse("programme:followup"), {
        "project": project.pk, "level": "pienalue", "indicator": "var:foreign_language_share_pct"}).content.decode()
    assert _options(small, "before_from") == ["2025"] and "2024" not in _options(small, "after_from")
    # a year that is not offered is refused with the field named, not a crash
    bad = client.get(reverse("programme:followup"), {
        "project": project.pk, "level": "postal_area", "indicator": "var:unemployment_rate_pct",
        "before_from": "2008", "before_to": "2009", "after_from": "2026", "after_to": "2026"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "error-summary" in text and "Ennen alkua, ensimmäinen vuosi" in text and "<svg" not in text


@pytest.mark.django_db
def test_a_project_that_started_inside_the_series_is_compared_across_its_start(client, demo_data):
    project = Project.objects.create(name_fi="Aiempi hanke", status="in_progress", year=2026,
                                     start_date=dt.date(2019, 3, 1))
    project.target_areas.set([Area.objects.get(level="city_centre", code="matinkyla-olari")])
    page = client.get(reverse("programme:followup"), {"project": project.pk}).content.decode()
    assert (_selected(page, "before_from"), _selected(page, "before_to")) == ("2016", "2018")
    assert (_selected(page, "after_from"), _selected(page, "after_to")) == ("2019", "2021")
    verdict = page[page.index('class="verdict"'):page.index("</div>", page.index('class="verdict"'))]
    assert "Kohdealueilla luku" in verdict and "jaksosta 2016–2018 jaksoon 2019–2021" in verdict
    assert "Muussa kaupungissa muutos oli +0,4 prosenttiyksikköä. Kun kohdealueita on vain 3," in verdict


def _series(changes: dict[str, float], *, before=2019, after=2022, base=10.0):
    return {area: {before: base, after: base + change} for area, change in changes.items()}


def _sentences(result, lang, **kwargs):
    with translation.override(lang):
        return " ".join(followup.verdict_sentences(result, unit="%", before=[2019], after=[2022], start=2020,
                                                   latest_year=2022, **kwargs))


def test_the_verdict_of_a_rise_about_as_much_as_the_rest_of_the_city():
    treated = _series({"a": 2.0, "b": 2.3, "c": 1.9, "d": 2.4, "e": 1.9})
    control = _series({"f": 1.8, "g": 2.4, "h": 1.7, "i": 2.3, "j": 2.0})
    result = did(treated, control, before=[2019], after=[2022])
    assert _sentences(result, "en") == (
        "In the targeted areas the figure rose by 2.1 percentage points from 2019 to 2022. That is about as much as "
        "in the rest of the city (+2.0 percentage points): the difference cannot be told apart from chance.")
    fi = _sentences(result, "fi")
    assert "Kohdealueilla luku nousi 2,1 prosenttiyksikköä" in fi and "suunnilleen yhtä paljon" in fi
    sv = _sentences(result, "sv")
    assert "I målområdena steg siffran med 2,1 procentenheter" in sv and "ungefär lika mycket" in sv


def test_the_verdict_of_a_fall_larger_than_chance_says_it_is_not_proof():
    treated = _series({"a": -3.0, "b": -3.2, "c": -2.8, "d": -3.1, "e": -2.9})
    control = _series({"f": 0.1, "g": -0.1, "h": 0.0, "i": 0.2, "j": -0.2})
    result = did(treated, control, before=[2019], after=[2022])
    en = _sentences(result, "en")
    assert en.startswith("In the targeted areas the figure fell by 3.0 percentage points from 2019 to 2022.")
    assert "The difference, −3.0 percentage points, is larger than chance alone would explain" in en
    assert "does not prove that the project caused it" in en
    assert "laski 3,0 prosenttiyksikköä" in _sentences(result, "fi")
    assert "sjönk siffran med 3,0 procentenheter" in _sentences(result, "sv")


def test_the_verdict_of_no_change():
    treated = _series({"a": 0.02, "b": -0.01, "c": 0.0, "d": 0.01, "e": -0.02})
    control = _series({"f": 0.5, "g": 0.4, "h": 0.6, "i": 0.5, "j": 0.5})
    result = did(treated, control, before=[2019], after=[2022])
    assert "stayed about the same from 2019 to 2022 (a change of less than 0.05 percentage points)" in _sentences(
        result, "en")
    assert "pysyi suunnilleen ennallaan" in _sentences(result, "fi")
    assert "förblev siffran ungefär oförändrad" in _sentences(result, "sv")


def test_the_verdict_with_too_few_points_says_so():
    treated = {"a": {2019: 10.0}, "b": {2019: 11.0}}  # no figure after the start
    control = _series({"f": 0.5, "g": 0.4})
    result = did(treated, control, before=[2019], after=[2022])
    assert _sentences(result, "en") == ("Too few figures to say anything: no targeted area has figures both in 2019 "
                                        "and in 2022.")
    assert "Lukuja on liian vähän" in _sentences(result, "fi")
    assert "För få siffror" in _sentences(result, "sv")
    one = did(_series({"a": 1.5}), _series({"f": 0.5, "g": 0.4, "h": 0.2}), before=[2019], after=[2022])
    en = _sentences(one, "en")
    assert "rose by 1.5 percentage points" in en and "With only 1 targeted area, the difference cannot be told" in en
    assert "Kun kohdealueita on vain 1" in _sentences(one, "fi")


def test_the_verdict_without_years_after_the_start_describes_the_years_before():
    with translation.override("en"):
        text = followup.verdict_sentences(None, unit="%", before=[2022, 2023, 2024], after=[], start=2026,
                                          latest_year=2024, baseline=(0.42, -0.1))
    assert text == [
        "There are no figures from after the start yet: the project starts in 2026 and the newest figures are from "
        "2024. The comparison can be made when figures from 2026 on are published.",
        "Before the start, from 2022 to 2024, the figure changed by +0.4 percentage points in the targeted areas and "
        "by −0.1 percentage points in the rest of the city."]


def test_the_periods_around_a_start():
    years = list(range(2010, 2025))
    assert followup.periods(years, 2019) == ([2016, 2017, 2018], [2019, 2020, 2021])
    assert followup.periods(years, 2026) == ([2022, 2023, 2024], [])
    assert followup.periods(years, 2010) == ([], [2010, 2011, 2012])
    assert followup.periods(years, None) == ([2019, 2020, 2021], [2022, 2023, 2024])
    assert followup.periods([2025], None) == ([2025], [])


@pytest.mark.django_db
def test_the_project_page_opens_the_follow_up_of_its_areas(client, demo_data):
    project = Project.objects.create(name_fi="Alueellinen hanke", status="approved", year=2026)
    page = client.get(reverse("programme:project-detail", args=[project.pk])).content.decode()
    assert "Vaikutusten seuranta näillä alueilla" not in page  # no areas, nothing to follow up
    project.target_areas.set(Area.objects.filter(code="02230", level="postal_area"))
    page = client.get(reverse("programme:project-detail", args=[project.pk])).content.decode()
    assert f'href="{reverse("programme:followup")}?project={project.pk}"' in page


@pytest.mark.django_db
def test_changing_the_geography_keeps_a_working_combination_and_bad_values_are_named(client, demo_data):
    project = Project.objects.create(name_fi="Lähiöhanke", status="in_progress", year=2026)
    project.target_areas.set([Area.objects.get(level="city_centre", code="leppavaara")])
    small = client.get(reverse("programme:followup"), {"project": project.pk, "level": "pienalue"}).content.decode()
    assert "error-summary" not in small and _selected(small, "level") == "pienalue"
    assert _selected(small, "indicator") is not None and _selected(small, "before_from") == "2025"
    bad = client.get(reverse("programme:followup"), {"project": "abc"})
    assert bad.status_code == 200
    errors = re.findall(r'<li><a href="#id_(\w+)">', bad.content.decode())
    assert errors == ["project"]  # only the bad field, not the ones it left empty
