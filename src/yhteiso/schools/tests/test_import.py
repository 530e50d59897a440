"""Importing a package of school data: all-or-nothing, provenance, re-import is a no-op, errors name the file, row
and column in the user's language, and the Goal 3 figures agree with an independent count of the files."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from yhteiso.core.models import AuditEvent
from yhteiso.schools import selectors
from yhteiso.schools.cli import add_arguments, run
from yhteiso.schools.importing import PackageError
from yhteiso.schools.models import (
    Application,
    CatchmentArea,
    CatchmentFlow,
    Cohort,
    IndicatorProposal,
    PupilCount,
    School,
    SchoolImport,
)
from yhteiso.schools.services import school_data_import

pytestmark = pytest.mark.django_db


def _csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _nothing_saved():
    assert not SchoolImport.objects.exists()
    assert not School.objects.exists()
    assert not PupilCount.objects.exists()
    assert not CatchmentFlow.objects.exists()


def test_the_example_package_imports_with_provenance_and_computes_goal_3(example_files):
    result = school_data_import(files=example_files)
    src = result.source
    assert src.is_example and "ei Espoon lukuja" in src.title
    assert School.objects.count() == 42 and CatchmentArea.objects.count() == 42
    assert PupilCount.objects.count() == len(_csv(example_files["pupils.csv"]))
    assert CatchmentFlow.objects.count() == len(_csv(example_files["flows.csv"]))
    assert Application.objects.count() == len(_csv(example_files["applications.csv"]))
    assert Cohort.objects.count() == len(_csv(example_files["cohorts.csv"]))
    assert set(src.files) == set(example_files)
    assert AuditEvent.objects.filter(action="schools.import").count() == 1

    # An independent count from the files: 3.3 for the Finnish-language schools in 2025.
    local = {f["properties"]["catchment_code"]: f["properties"]["school_code"]
             for f in json.loads(example_files["catchments.geojson"])["features"]}
    lang = {r["school_code"]: r["language"] for r in _csv(example_files["schools.csv"])}
    num = den = 0
    for r in _csv(example_files["flows.csv"]):
        if r["year"] == "2025" and lang[r["school_code"]] == "fi":
            den += int(r["pupils"])
            num += int(r["pupils"]) if local[r["catchment_code"]] == r["school_code"] else 0
    assert selectors.local_share(2025, "fi") == (num, den)
    p = IndicatorProposal.objects.get(indicator_code="3.3", cell_label_fi="Suomenkieliset peruskoulut", year=2025)
    assert p.value == Decimal(100 * num / den).quantize(Decimal("0.01"))
    assert p.status == "proposed"

    # 3.2: applications for grades 1 and 7 over the cohorts of grades 1 and 7.
    apps = sum(int(r["applications"]) for r in _csv(example_files["applications.csv"])
               if r["year"] == "2025" and r["grade"] in ("1", "7"))
    cohort = sum(int(r["cohort"]) for r in _csv(example_files["cohorts.csv"])
                 if r["year"] == "2025" and r["grade"] in ("1", "7"))
    p32 = IndicatorProposal.objects.get(indicator_code="3.2", year=2025)
    assert (p32.numerator, p32.denominator) == (apps, cohort)


def test_importing_the_same_package_twice_changes_nothing(example_files):
    school_data_import(files=example_files)
    before = (PupilCount.objects.count(), IndicatorProposal.objects.count(), AuditEvent.objects.count())
    again = school_data_import(files=example_files)
    assert again.already_imported
    assert (PupilCount.objects.count(), IndicatorProposal.objects.count(), AuditEvent.objects.count()) == before


def test_a_dry_run_checks_everything_and_saves_nothing(example_files):
    result = school_data_import(files=example_files, dry_run=True)
    assert result.dry_run and result.counts["pupils"] > 0
    _nothing_saved()


def _broken(example_files, name, row_index, column, value):
    rows = _csv(example_files[name])
    rows[row_index][column] = value
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return example_files | {name: out.getvalue().encode()}


def test_a_bad_number_deep_in_a_file_names_file_row_and_column_and_saves_nothing(example_files):
    files = _broken(example_files, "pupils.csv", 1500, "pupils", "kolme")
    with translation.override("fi"), pytest.raises(PackageError) as exc:
        school_data_import(files=files)
    assert str(exc.value) == "pupils.csv, rivi 1502, sarake ”pupils”: ”kolme” ei ole kokonaisluku."
    _nothing_saved()


def test_the_error_is_in_swedish_for_a_swedish_user(example_files):
    files = _broken(example_files, "pupils.csv", 0, "grade", "12")
    with translation.override("sv"), pytest.raises(PackageError) as exc:
        school_data_import(files=files)
    assert "pupils.csv, rad 2, kolumn" in str(exc.value) and "grade" in str(exc.value)
    _nothing_saved()


def test_a_flow_to_an_unknown_school_is_refused_after_everything_before_it_was_checked(example_files):
    files = _broken(example_files, "flows.csv", 3999, "school_code", "EI-OLE")
    with translation.override("en"), pytest.raises(PackageError) as exc:
        school_data_import(files=files)
    assert "flows.csv, row 4001, column “school_code”: no school with the code “EI-OLE”." in str(exc.value)
    _nothing_saved()


def test_an_application_to_the_own_local_school_is_not_a_non_local_application(example_files):
    files = _broken(example_files, "applications.csv", 0, "school_code", "EX-FI-01")
    rows = _csv(files["applications.csv"])
    assert rows[0]["catchment_code"] == "OA-FI-01"
    with translation.override("en"), pytest.raises(PackageError, match="own local school"):
        school_data_import(files=files)
    _nothing_saved()


def test_catchments_in_projected_coordinates_are_refused(example_files):
    doc = json.loads(example_files["catchments.geojson"])
    doc["features"][5]["geometry"] = {"type": "Polygon", "coordinates": [[[380000, 6670000], [381000, 6670000],
                                                                          [381000, 6671000], [380000, 6670000]]]}
    with translation.override("en"), pytest.raises(PackageError) as exc:
        school_data_import(files=example_files | {"catchments.geojson": json.dumps(doc).encode()})
    assert "catchments.geojson, row 6, column “geometry”: coordinates must be longitude and latitude" in str(exc.value)
    _nothing_saved()


def test_a_duplicate_row_key_is_refused(example_files):
    rows = example_files["cohorts.csv"].decode().splitlines()
    files = example_files | {"cohorts.csv": ("\n".join([*rows, rows[1]]) + "\n").encode()}
    with translation.override("en"), pytest.raises(PackageError, match=r"cohorts.csv, row \d+: the same row key as row 2"):
        school_data_import(files=files)
    _nothing_saved()


def test_an_xlsx_table_is_read_like_the_csv(example_files):
    wb = Workbook()
    ws = wb.active
    for r in csv.reader(io.StringIO(example_files["schools.csv"].decode())):
        ws.append([int(c) if c.isdigit() else c for c in r])
    buf = io.BytesIO()
    wb.save(buf)
    files = {k: v for k, v in example_files.items() if k != "schools.csv"} | {"schools.xlsx": buf.getvalue()}
    school_data_import(files=files)
    assert School.objects.get(code="EX-FI-01").grade_max == 9


def test_a_later_package_replaces_the_years_it_covers(example_files):
    school_data_import(files=example_files)
    rows = [r for r in _csv(example_files["pupils.csv"]) if r["year"] == "2025" and r["school_code"] == "EX-FI-01"]
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r | {"pupils": "7"})
    school_data_import(files={"pupils.csv": out.getvalue().encode()})
    assert set(PupilCount.objects.filter(school__code="EX-FI-01", year=2025).values_list("count", flat=True)) == {7}
    assert PupilCount.objects.filter(school__code="EX-FI-01", year=2024).exclude(count=7).exists()


def test_the_command_line_reports_a_problem_without_a_traceback(example_files, tmp_path):
    import argparse

    for name, data in _broken(example_files, "schools.csv", 2, "latitude", "north").items():
        (tmp_path / name).write_bytes(data)
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    assert run(parser.parse_args([str(tmp_path)]), stdout=out, stderr=err) == 2
    assert "schools.csv, rivi 4, sarake ”latitude”" in err.getvalue() and "Traceback" not in err.getvalue()
    _nothing_saved()
    assert run(parser.parse_args([str(tmp_path / "cohorts.csv"), "--dry-run"]), stdout=out, stderr=err) == 2
    assert "no catchment area" in err.getvalue() or "oppilaaksiottoaluetta" in err.getvalue()
