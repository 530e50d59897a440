"""Statistics by population group (issue 16 item 4): the whole population as the default group, importing CSV and
XLSX files with a group column (all or nothing, errors naming the row and column in the user's language), the
small-cell rule per group × area × year and across outputs (the total minus the other groups), the pages in
Finnish and Swedish and the API."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from yhteiso.analytics.readers.common import ReaderError
from yhteiso.areas.models import Area, AreaLevel
from yhteiso.knowledge import groups
from yhteiso.knowledge.models import ImportBatch, ImportKind, Observation
from yhteiso.knowledge.reader_messages import reason
from yhteiso.knowledge.services import import_remove, statistics_import
from yhteiso.knowledge.tests.conftest import GRID_CODES, TABLE_DATASET, grid_table

WELLBEING = {"code": "wellbeing-test", "title": "Harrastukset ryhmittäin (rakennettu testiaineisto)",
             "publisher": "Test publisher", "licence": "CC BY 4.0", "attribution": "Lähde: testi"}


def _csv(rows: list[list[object]]) -> bytes:
    return "\n".join(",".join(str(v) for v in row) for row in rows).encode() + b"\n"


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _import(data: bytes, *, filename="groups.csv", dataset=None, **options):
    return statistics_import(
        kind=ImportKind.TABLE, data=data, filename=filename, level=AreaLevel.POSTAL_AREA,
        dataset=dataset or WELLBEING,
        options={"area_column": "area", "year": 2024, "group_column": "group", **options})


def _stored(variable: str) -> dict[tuple[str, str], float | None]:
    return {(o.area.code, o.group): o.value
            for o in Observation.by_group.filter(variable__code=variable).select_related("area")}


# --- the model and the migration ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_every_existing_statistic_a_figure_of_the_whole_population(grid_areas):
    """Statistics stored before the group existed (migrated back to 0002, where the column does not exist) become
    figures of the whole population when 0003 adds it: no row lost, none changed."""
    statistics_import(kind=ImportKind.TABLE, data=grid_table(2024), filename="grid.csv", level=AreaLevel.POSTAL_AREA,
                      dataset=TABLE_DATASET, options={"area_column": "code", "year": 2024})
    before = sorted(Observation.objects.values_list("area__code", "variable__code", "year", "value"))
    executor = MigrationExecutor(connection)
    executor.migrate([("knowledge", "0002_hlevels_observation_computed_from")])
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, "knowledge_observation")]
    assert "group" not in columns
    executor = MigrationExecutor(connection)
    executor.migrate([("knowledge", "0003_hgroup_population_group")])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    after = sorted(Observation.by_group.values_list("area__code", "variable__code", "year", "value"))
    assert after == before and len(before) > 100
    assert set(Observation.by_group.values_list("group", flat=True)) == {"all"}


@pytest.mark.django_db
def test_an_import_without_groups_stores_whole_population_figures_and_queries_read_only_those(grid_areas):
    statistics_import(kind=ImportKind.TABLE, data=grid_table(2024), filename="grid.csv", level=AreaLevel.POSTAL_AREA,
                      dataset=TABLE_DATASET, options={"area_column": "code", "year": 2024})
    assert set(Observation.by_group.values_list("group", flat=True)) == {"all"}
    before = sorted(Observation.objects.filter(variable__code="population").values_list("area__code", "value"))
    rows = [["area", "group", "population"]]
    for code in GRID_CODES:
        rows += [[code, "women", 400], [code, "men", 500]]
    _import(_csv(rows), dataset={**WELLBEING, "code": "by-gender"})
    # the figures by group are stored, but every existing query (sums, indices, maps) still reads the same rows
    assert Observation.by_group.filter(group="women").count() == len(GRID_CODES)
    after = sorted(Observation.objects.filter(variable__code="population").values_list("area__code", "value"))
    assert after == before and len(after) == len(GRID_CODES)


# --- importing good files ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_csv_of_counts_by_language_group_is_imported_with_the_group_of_each_figure(grid_areas):
    rows = [["area", "group", "population"]]
    for i, code in enumerate(GRID_CODES):
        fi, sv, foreign = 600 + i, 80 + i, 120 + 10 * i
        rows += [[code, "", fi + sv + foreign], [code, "finnish_speakers", fi], [code, "swedish_speakers", sv],
                 [code, "foreign_language", foreign]]
    report = _import(_csv(rows))
    assert report.cells == 4 * len(GRID_CODES) and report.suppressed == 0
    assert report.groups == ["finnish_speakers", "foreign_language", "swedish_speakers"]
    stored = _stored("population")
    assert stored[("00100", "all")] == 800 and stored[("00100", "foreign_language")] == 120
    assert stored[("01200", "finnish_speakers")] == 611


@pytest.mark.django_db
def test_an_xlsx_of_shares_by_gender_with_its_base_is_imported(grid_areas):
    rows = [["area", "group", "respondents", "hobby_share_pct"]]
    for code in GRID_CODES:
        rows += [[code, "all", 200, 61.5], [code, "women", 110, 66.0], [code, "men", 90, 56.0]]
    report = _import(_xlsx(rows), filename="harrastukset.xlsx", base_variable="respondents")
    assert report.cells == 6 * len(GRID_CODES) and report.suppressed == 0
    assert _stored("hobby_share_pct")[("00500", "women")] == 66.0


# --- bad files: nothing saved, the row and column named in the user's language ------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_unknown_group_is_refused_naming_its_row_and_column_and_nothing_is_saved(grid_areas, fmt):
    rows = [["area", "group", "population"], ["00100", "all", 900], ["00100", "women", 450],
            ["00200", "martians", 12]]
    data = _csv(rows) if fmt == "csv" else _xlsx(rows)
    with pytest.raises(ReaderError) as err:
        _import(data, filename=f"bad.{fmt}")
    assert err.value.row == 4 and err.value.column == "group" and err.value.code == "unknown_group"
    with translation.override("fi"):
        assert "“martians” ei ole väestöryhmä" in reason(err.value)
    with translation.override("sv"):
        assert "“martians” är inte en befolkningsgrupp" in reason(err.value)
    assert not Observation.by_group.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_priority_group_is_not_a_statistics_group(grid_areas):
    with pytest.raises(ReaderError) as err:
        _import(_csv([["area", "group", "population"], ["00100", "unemployed", 40]]))
    assert err.value.code == "not_a_statistics_group" and err.value.row == 2
    assert not Observation.by_group.exists()


@pytest.mark.django_db
def test_groups_adding_up_to_more_than_the_whole_are_refused(grid_areas):
    rows = [["area", "group", "population"], ["00100", "all", 900], ["00100", "women", 450], ["00100", "men", 460]]
    with pytest.raises(ReaderError) as err:
        _import(_csv(rows))
    assert err.value.code == "groups_exceed_whole" and err.value.row == 2
    with translation.override("fi"):
        assert "910" in reason(err.value) and "koko väestö" in reason(err.value)
    assert not Observation.by_group.exists()


@pytest.mark.django_db
def test_shares_by_group_without_a_base_are_refused(grid_areas):
    rows = [["area", "group", "hobby_share_pct"], ["00100", "women", 60.0]]
    with pytest.raises(ReaderError) as err:
        _import(_csv(rows))
    assert err.value.code == "group_base_missing" and "hobby_share_pct" in str(err.value)
    rows = [["area", "group", "respondents", "hobby_share_pct"], ["00100", "men", 90, 50.0],
            ["00100", "women", "", 60.0]]
    with pytest.raises(ReaderError) as err:
        _import(_csv(rows), base_variable="respondents")
    assert err.value.code == "group_without_base" and err.value.row == 3
    assert not Observation.by_group.exists()


@pytest.mark.django_db
def test_the_same_group_twice_is_refused(grid_areas):
    rows = [["area", "group", "population"], ["00100", "women", 450], ["00100", "women", 451]]
    with pytest.raises(ReaderError) as err:
        _import(_csv(rows))
    assert err.value.code == "duplicate_group_value" and err.value.row == 3


# --- suppression per group × area × year and across outputs -------------------------------------------------------


def _can_be_worked_out(stored: dict, area: str, group: str, partitions=groups.PARTITIONS) -> bool:
    """An attacker's view: can the hidden figure of ``group`` in ``area`` be worked out exactly from the published
    ones — the whole minus the other groups of a partition, repeatedly (solved as a linear system with numpy: a
    hidden cell is determined when its unit vector lies in the row space of the relations restricted to the
    hidden cells)."""
    cells = [(a, g) for (a, g) in stored if a == area]
    hidden = [k for k in cells if stored[k] is None]
    if (area, group) not in hidden:
        return True
    rows = []
    for whole, parts in partitions:
        keys = [(area, whole), *[(area, p) for p in parts]]
        if not all(k in stored for k in keys):
            continue
        rows.append([(1.0 if k == (area, whole) else -1.0) if k in keys else 0.0 for k in hidden])
    if not rows:
        return False
    matrix = np.array(rows)
    target = np.array([1.0 if k == (area, group) else 0.0 for k in hidden])
    # determined iff the target is a combination of the relation rows
    solution, *_ = np.linalg.lstsq(matrix.T, target, rcond=None)
    return bool(np.allclose(matrix.T @ solution, target))


def test_the_attackers_solver_finds_a_figure_hidden_by_the_small_count_rule_alone():
    """Without complementary suppression the attack succeeds — the tests below could fail."""
    published = {("A", "all"): 503.0, ("A", "women"): None, ("A", "men"): 500.0}
    assert _can_be_worked_out(published, "A", "women")
    published[("A", "men")] = None
    assert not _can_be_worked_out(published, "A", "women")
    nested = {("A", "all"): 900.0, ("A", "finnish_speakers"): 700.0, ("A", "swedish_speakers"): 60.0,
              ("A", "sami_speakers"): 0.0, ("A", "foreign_language"): None, ("A", "russian_speakers"): 40.0,
              ("A", "estonian_speakers"): 30.0, ("A", "arabic_speakers"): None, ("A", "somali_speakers"): 20.0,
              ("A", "english_speakers"): 15.0, ("A", "other_foreign_language"): 35.0}
    assert _can_be_worked_out(nested, "A", "arabic_speakers")  # foreign from the whole, then Arabic from foreign


@pytest.mark.django_db
def test_a_small_group_is_hidden_and_cannot_be_worked_out_from_the_whole_minus_the_other_groups(grid_areas):
    rows = [["area", "group", "population"]]
    for i, code in enumerate(GRID_CODES):
        women = 3 if i == 0 else 400 + i
        rows += [[code, "all", women + 500], [code, "women", women], [code, "men", 500]]
    report = _import(_csv(rows))
    stored = _stored("population")
    assert stored[("00100", "women")] is None  # 3 persons
    # the attack: whole − men = women; so one more figure of the partition is hidden too
    assert stored[("00100", "men")] is None or stored[("00100", "all")] is None
    assert not _can_be_worked_out(stored, "00100", "women")
    assert report.suppressed == 2
    assert Observation.by_group.get(area__code="00100", group="women").suppressed is True
    # other areas untouched
    assert stored[("00200", "women")] == 401 and stored[("00200", "men")] == 500


@pytest.mark.django_db
def test_the_whole_population_published_elsewhere_cannot_be_used_to_recover_a_group(grid_areas):
    """The attack across outputs: the whole population's count comes from another source (already stored and
    public), the file by gender gives women (3) and men; hiding women alone would leave women = total − men."""
    statistics_import(kind=ImportKind.TABLE, data=grid_table(2024), filename="grid.csv", level=AreaLevel.POSTAL_AREA,
                      dataset=TABLE_DATASET, options={"area_column": "code", "year": 2024})
    population = dict(Observation.objects.filter(variable__code="population").values_list("area__code", "value"))
    rows = [["area", "group", "population"]]
    for i, code in enumerate(GRID_CODES):
        women = 3 if i == 2 else int(population[code] // 2)
        rows += [[code, "women", women], [code, "men", int(population[code]) - women]]
    _import(_csv(rows), dataset={**WELLBEING, "code": "by-gender"})
    stored = _stored("population")
    assert stored[("00300", "all")] == population["00300"]  # public: it stays shown
    assert stored[("00300", "women")] is None and stored[("00300", "men")] is None
    assert not _can_be_worked_out(stored, "00300", "women")
    assert sum(v is None for v in stored.values()) == 2


@pytest.mark.django_db
def test_nested_language_groups_protect_a_small_language_group_through_every_sum(grid_areas):
    rows = [["area", "group", "population"]]
    for code in GRID_CODES:
        parts = {"finnish_speakers": 700, "swedish_speakers": 60, "sami_speakers": 0, "russian_speakers": 40,
                 "estonian_speakers": 30, "arabic_speakers": 2 if code == "00100" else 25, "somali_speakers": 20,
                 "english_speakers": 15, "other_foreign_language": 50}
        foreign = sum(v for k, v in parts.items() if groups.BY_CODE[k].code not in
                      ("finnish_speakers", "swedish_speakers", "sami_speakers"))
        rows.append([code, "all", sum(parts.values())])
        rows.append([code, "foreign_language", foreign])
        rows += [[code, k, v] for k, v in parts.items()]
    _import(_csv(rows))
    stored = _stored("population")
    assert stored[("00100", "arabic_speakers")] is None
    assert stored[("00100", "sami_speakers")] == 0  # a zero identifies nobody
    for group in [g for (a, g), v in stored.items() if a == "00100" and v is None]:
        assert not _can_be_worked_out(stored, "00100", group), group
    # exhaustive check against brute force: every hidden cell has at least two integer solutions
    hidden = [g for (a, g), v in stored.items() if a == "00100" and v is None]
    assert 2 <= len(hidden) <= 4


@pytest.mark.django_db
def test_a_share_of_a_small_group_is_hidden_and_the_weighted_whole_does_not_give_it_away(grid_areas):
    rows = [["area", "group", "respondents", "hobby_share_pct"]]
    for code in GRID_CODES:
        women_n = 12 if code == "00400" else 110
        women_share, men_share = 70.0, 50.0
        whole = (women_n * women_share + 90 * men_share) / (women_n + 90)
        rows += [[code, "all", women_n + 90, round(whole, 6)], [code, "women", women_n, women_share],
                 [code, "men", 90, men_share]]
    _import(_csv(rows), base_variable="respondents")
    share = _stored("hobby_share_pct")
    assert share[("00400", "women")] is None  # 12 respondents < 30
    # whole share × all − men share × men = women share × women: so men's (or the whole's) share is hidden too
    assert share[("00400", "men")] is None or share[("00400", "all")] is None
    # respondents themselves are counts ≥ 5: shown
    assert _stored("respondents")[("00400", "women")] == 12
    assert share[("00500", "women")] == 70.0


@pytest.mark.django_db
def test_a_small_language_group_costs_one_more_hidden_share_not_every_group(grid_areas):
    rows = [["area", "group", "respondents", "hobby_share_pct"]]
    for code in GRID_CODES:
        parts = {"finnish_speakers": (120, 64.0), "swedish_speakers": (40, 70.0),
                 "foreign_language": (12 if code == "00400" else 45, 48.0)}
        n = sum(a for a, _b in parts.values())
        rows.append([code, "all", n, round(sum(a * b for a, b in parts.values()) / n, 6)])
        rows += [[code, g, a, b] for g, (a, b) in parts.items()]
    _import(_csv(rows), base_variable="respondents")
    share = _stored("hobby_share_pct")
    hidden = sorted(g for (a, g), v in share.items() if a == "00400" and v is None)
    assert hidden == ["foreign_language", "swedish_speakers"]  # the small group and the smallest other
    assert share[("00400", "finnish_speakers")] == 64.0 and share[("00400", "all")] is not None


@pytest.mark.django_db
def test_a_publisher_suppressed_group_is_protected_too(grid_areas):
    rows = [["area", "group", "population"], ["00100", "all", 900], ["00100", "women", ".."], ["00100", "men", 450]]
    report = _import(_csv(rows))
    stored = _stored("population")
    assert stored[("00100", "women")] is None
    assert stored[("00100", "men")] is None or stored[("00100", "all")] is None
    assert report.suppressed == 2


@pytest.mark.django_db
def test_removing_a_group_import_removes_its_figures(grid_areas):
    rows = [["area", "group", "population"], ["00100", "women", 450], ["00100", "men", 450]]
    report = _import(_csv(rows))
    import_remove(batch=report.batch)
    assert not Observation.by_group.exists()


def test_the_vocabulary_has_one_code_per_group_and_partitions_name_known_groups():
    codes = [g.code for g in groups.GROUPS]
    assert len(codes) == len(set(codes))
    for whole, parts in groups.PARTITIONS:
        assert whole in groups.BY_CODE and all(p in groups.STATISTICAL_CODES for p in parts)
    # the age bands do not overlap and cover every age
    bands = sorted(groups.AGE_BANDS.values())
    assert bands[0][0] == 0 and bands[-1][1] is None
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(bands))
    with translation.override("fi"):
        assert groups.label("young_adults") == "nuoret aikuiset (20–29)"
    with translation.override("sv"):
        assert groups.label("foreign_language") == "främmandespråkiga"


# --- pages and API -----------------------------------------------------------------------------------------------


@pytest.fixture
def grouped(grid_areas):
    rows = [["area", "group", "population"]]
    for i, code in enumerate(GRID_CODES):
        women = 3 if i == 0 else 400 + i
        rows += [[code, "all", women + 500], [code, "women", women], [code, "men", 500]]
    _import(_csv(rows))
    rows = [["area", "group", "population"]]
    for code in GRID_CODES:
        rows += [[code, "finnish_speakers", 300], [code, "swedish_speakers", 60], [code, "foreign_language", 100]]
    _import(_csv(rows), dataset={**WELLBEING, "code": "by-language"})


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "heading", "women", "hidden"), [
    ("fi", "Väestöryhmittäin", "Naiset", "salattu"),
    ("sv", "Efter befolkningsgrupp", "Kvinnor", "sekretessbelagd"),
])
def test_the_area_profile_shows_a_variable_by_group_with_hidden_cells_marked(client, grouped, lang, heading, women,
                                                                             hidden):
    page = client.get(reverse("knowledge:area-profile", args=["00100"]),
                      headers={"accept-language": lang}).content.decode().replace("\u00ad", "")  # soft hyphens
    assert heading in page and women in page
    assert hidden in page
    page = client.get(reverse("knowledge:area-profile", args=["00200"]),
                      headers={"accept-language": lang}).content.decode()
    assert "401" in page


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_groups_page_compares_areas_by_group(client, grouped, lang):
    url = reverse("knowledge:groups")
    page = client.get(url, {"variable": "population", "dimension": "gender", "year": 2024},
                      headers={"accept-language": lang}).content.decode()
    assert ("Naiset" if lang == "fi" else "Kvinnor") in page
    assert "00200" in page and "401" in page
    assert page.count('class="suppressed"') >= 2
    assert "women" not in page.split("<main", 1)[1]  # no code names on a Finnish/Swedish page
    # a bad choice is not an error page
    assert client.get(url, {"variable": "nope", "dimension": "x", "year": "y"}).status_code == 200


@pytest.mark.django_db
def test_the_api_gives_the_group_of_each_observation(client, grouped):
    data = client.get("/api/v1/areas/00100/groups").json()
    rows = {(r["variable"], r["group"]): r for r in data}
    assert rows[("population", "women")]["value"] is None and rows[("population", "women")]["suppressed"] is True
    assert rows[("population", "foreign_language")]["value"] == 100
    assert rows[("population", "foreign_language")]["dimension"] == "language"
    detail = client.get("/api/v1/areas/00100").json()  # unchanged: the whole population's figures only
    assert [(s["variable"], s["value"]) for s in detail["statistics"]] == [("population", 503.0)]


@override_settings(LANGUAGE_CODE="fi")
def test_group_labels_are_translated_in_finnish_and_swedish():
    for code, _label in groups.choices():
        with translation.override("fi"):
            fi = groups.label(code)
        with translation.override("sv"):
            sv = groups.label(code)
        with translation.override("en"):
            en = groups.label(code)
        assert fi != en and sv != en, code


@pytest.mark.django_db
def test_an_area_code_of_the_wrong_level_is_still_refused_with_groups(grid_areas):
    Area.objects.filter(code="00100").update(level=AreaLevel.SMALL_AREA)
    with pytest.raises(ReaderError) as err:
        _import(_csv([["area", "group", "population"], ["00100", "women", 450]]))
    assert err.value.code == "unknown_area"
