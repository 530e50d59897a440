"""Importing statistics: every importer, bad files (nothing imported, file/row/column named), idempotence,
overlaps, dry runs and recomputation on new data."""

from pathlib import Path

import pytest

from yhteiso.analytics.readers.common import ReaderError
from yhteiso.areas.models import Area, AreaLevel
from yhteiso.knowledge.models import Computation, Dataset, ImportBatch, ImportKind, IndexValue, Observation
from yhteiso.knowledge.services import import_remove, indices_recompute, statistics_import
from yhteiso.knowledge.tests.conftest import GRID_CODES, TABLE_DATASET, grid_table

PX_DIR = Path(__file__).resolve().parents[2] / "analytics" / "tests" / "data" / "statfin_px"
JSONSTAT = Path(__file__).resolve().parents[2] / "analytics" / "tests" / "data" / "jsonstat" / "espoo_small.json"
DATA = Path(__file__).resolve().parents[1] / "data"


def _table(data, *, year=2024, **kw):
    return statistics_import(kind=ImportKind.TABLE, data=data, filename=f"grid_{year}.csv",
                             level=AreaLevel.POSTAL_AREA, dataset=TABLE_DATASET,
                             options={"area_column": "code", "year": year}, **kw)


def _nothing_imported():
    return not Observation.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_real_px_file_is_imported_with_provenance_and_suppressed_cells_kept_empty():
    from yhteiso.areas.services import area_get_or_create_city

    area_get_or_create_city(code="FI", name_fi="Suomi")
    path = PX_DIR / "statfin_akay_pxt_001.px"
    report = statistics_import(kind=ImportKind.PX, data=path.read_bytes(), filename=path.name,
                               level=AreaLevel.CITY, dataset={"retrieved_on": None}, options={"area": "FI"})
    assert report.cells == 768 and report.suppressed == 3
    batch = ImportBatch.objects.get()
    assert batch.dataset.attribution == "Lähde: Tilastokeskus" and batch.dataset.licence == "CC BY 4.0"
    assert batch.dataset.table_id == "akay_001_200900"
    suppressed = Observation.objects.filter(suppressed=True)
    assert suppressed.count() == 3 and not suppressed.exclude(value=None).exists()
    var = Observation.objects.filter(variable__code="akay_001_200900:01-26:Kaytaika:S").first().variable
    assert "Ajankäyttö" in var.name_fi and "Time Use" in var.name_en


@pytest.mark.django_db
def test_a_px_file_in_an_unexpected_encoding_imports_nothing():
    from yhteiso.areas.services import area_get_or_create_city

    area_get_or_create_city(code="FI", name_fi="Suomi")
    raw = (PX_DIR / "statfin_akay_pxt_001.px").read_bytes().decode("iso-8859-15").encode("utf-8")
    with pytest.raises(ReaderError, match="UTF-8") as err:
        statistics_import(kind=ImportKind.PX, data=raw, filename="akay.px", level=AreaLevel.CITY, dataset={},
                          options={"area": "FI"})
    assert err.value.file == "akay.px" and err.value.row
    assert _nothing_imported() and not Dataset.objects.exists()


@pytest.mark.django_db
def test_a_json_stat_file_is_imported_and_its_null_kept_suppressed():
    for code in ("A1", "A2", "A3"):
        Area.objects.create(level=AreaLevel.SMALL_AREA, code=code, name_fi=code)
    report = statistics_import(kind=ImportKind.JSONSTAT, data=JSONSTAT.read_bytes(), filename=JSONSTAT.name,
                               level=AreaLevel.SMALL_AREA, dataset={"code": "test-js"}, options={})
    assert report.cells == 12 and report.suppressed == 1
    obs = Observation.objects.get(area__code="A3", year=2023, variable__code="test_vaesto:vieraskieliset")
    assert obs.suppressed and obs.value is None


@pytest.mark.django_db
def test_a_csv_whose_area_code_matches_no_area_imports_nothing_and_names_the_row(grid_areas):
    with pytest.raises(ReaderError) as err:
        _table(grid_table(2024, extra="99999,10,1,8,1,5,1,8,1,20000\n"))
    e = err.value
    assert (e.file, e.row, e.column) == ("grid_2024.csv", 14, "population")
    assert "area code '99999' matches no postal_area area" in e.reason
    assert _nothing_imported()


@pytest.mark.django_db
def test_one_bad_row_means_nothing_is_imported(grid_areas):
    data = grid_table(2024).replace(b"\n00900,", b"\n00900,")
    lines = data.decode().splitlines()
    lines[9] = lines[9].replace(",", ",x", 1)
    with pytest.raises(ReaderError) as err:
        _table("\n".join(lines).encode())
    assert (err.value.row, err.value.column) == (10, "population")
    assert _nothing_imported() and not Computation.objects.exists()


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(grid_areas):
    first = _table(grid_table(2024))
    count = Observation.objects.count()
    computed = list(Computation.objects.values_list("pk", "input_hash", "computed_at"))
    second = _table(grid_table(2024))
    assert first.cells == count and second.already_imported
    assert Observation.objects.count() == count and ImportBatch.objects.count() == 1
    assert list(Computation.objects.values_list("pk", "input_hash", "computed_at")) == computed


@pytest.mark.django_db
def test_overlapping_imports_of_the_same_year_variable_and_source_are_refused(grid_areas):
    _table(grid_table(2024))
    with pytest.raises(ReaderError, match=r"overlapping import: .* for 2024 from test-grid") as err:
        _table(grid_table(2024, seed=3))
    assert err.value.file == "grid_2024.csv" and err.value.row == 2
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db
def test_a_dry_run_reports_and_saves_nothing(grid_areas):
    report = _table(grid_table(2024), dry_run=True)
    assert report.dry_run and report.cells == 12 * 9 and len(report.preview) == 20
    assert any(r.startswith("segregation postal_area 2024") for r in report.recomputed)
    assert _nothing_imported() and not Computation.objects.exists() and not Dataset.objects.exists()


@pytest.mark.django_db
def test_missing_provenance_is_refused(grid_areas):
    with pytest.raises(ReaderError, match="publisher, licence, attribution"):
        statistics_import(kind=ImportKind.TABLE, data=grid_table(2024), filename="g.csv", level="postal_area",
                          dataset={"code": "anon"}, options={"area_column": "code", "year": 2024})
    assert _nothing_imported()


@pytest.mark.django_db
def test_new_data_triggers_recomputation_with_parameters_engine_version_and_input_hash(grid_areas):
    _table(grid_table(2024))
    seg = Computation.objects.get(kind="segregation", year=2024)
    d = IndexValue.objects.get(computation=seg, index="dissimilarity", group="foreign_language", area=None)
    assert 0 < d.value < 1
    assert seg.engine_version.startswith("yhteiso ") and len(seg.input_hash) == 64
    assert seg.parameters["groups"]["foreign_language"]["areas"] == 12
    assert {c.kind for c in Computation.objects.filter(year=2024)} == {"segregation", "status_index", "sum_index"}
    status = IndexValue.objects.filter(computation__kind="status_index", index="status_index", group="")
    assert status.count() == 12
    assert sorted(Computation.objects.get(kind="status_index").parameters["components"]) == [
        "education", "income", "unemployment"]

    report = _table(grid_table(2025, seed=5), year=2025)
    assert "segregation postal_area 2025" in report.recomputed
    d25 = IndexValue.objects.get(computation__year=2025, index="dissimilarity", group="foreign_language")
    assert d25.value != d.value
    turnover = IndexValue.objects.get(computation__year=2025, index="decile_turnover")
    assert 0 <= turnover.value <= 1
    assert indices_recompute() == []  # unchanged inputs are not recomputed


@pytest.mark.django_db
def test_removing_an_import_removes_its_numbers_and_computations(grid_areas):
    _table(grid_table(2024))
    import_remove(batch=ImportBatch.objects.get())
    assert _nothing_imported() and not Computation.objects.exists()


@pytest.mark.django_db
def test_the_command_line_imports_and_reports_bad_files(grid_areas, tmp_path, capsys):
    from yhteiso.cli import main

    good = tmp_path / "grid.csv"
    good.write_bytes(grid_table(2024))
    common = ["--level", "postal_area", "--area-column", "code", "--year", "2024", "--dataset", "cli-grid",
              "--publisher", "P", "--licence", "CC BY 4.0", "--attribution", "Lähde: P"]
    assert main(["import", "table", str(good), *common, "--dry-run"]) == 0
    assert "DRY RUN" in capsys.readouterr().out and not Observation.objects.exists()
    assert main(["import", "table", str(good), *common]) == 0
    assert Observation.objects.count() == 12 * 9
    assert main(["import", "table", str(good), *common]) == 0
    assert "already imported" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(grid_table(2023, extra="00100,1,2,3,4,5,6,7,8,nine\n"))
    assert main(["import", "table", str(bad), *common[:4], "--year", "2023", *common[6:]]) == 2
    err = capsys.readouterr().err
    assert "Nothing was imported. bad.csv, row 14, column 'population'" in err and "appears twice" in err
    assert main(["compute"]) == 0
    assert "Nothing to recompute" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_line_imports_boundaries_and_refuses_an_unknown_crs(db, tmp_path, capsys):
    from yhteiso.cli import main
    from yhteiso.knowledge.tests.conftest import grid_geojson

    path = tmp_path / "grid.geojson"
    path.write_bytes(grid_geojson(crs="EPSG:2393"))
    assert main(["import", "boundaries", str(path), "--level", "postal_area"]) == 2
    assert "unknown coordinate reference system 'EPSG:2393'" in capsys.readouterr().err
    assert not Area.objects.exists()
    path.write_bytes(grid_geojson())
    assert main(["import", "boundaries", str(path), "--level", "postal_area"]) == 0
    area = Area.objects.get(code=GRID_CODES[0])
    assert area.geometry_crs == "EPSG:3067" and area.land_area_m2 == pytest.approx(1e6)
    assert 24 < area.geometry_wgs84["coordinates"][0][0][0] < 25
