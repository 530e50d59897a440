"""The upload page offers the command line's column mapping (tables) and value selection (PX files)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yhteiso.jobs.testing import run_queued_jobs
from yhteiso.knowledge.models import Observation

PX_FILE = Path(__file__).resolve().parents[2] / "analytics/tests/data/statfin_px/statfin_akay_pxt_001.px"
WIDE = (b"alue;nimi;asukkaat;tyottomat;huom\n"
        b"00100;Alue 1;1200;40;a\n"
        b"00200;Alue 2;1500;55;b\n"
        b"00300;Alue 3;900;..;c\n")
PROVENANCE = {"kind": "table", "level": "postal_area", "dataset": "wide-test", "publisher": "P",
              "licence": "CC BY 4.0", "attribution": "Lähde: P", "table_id": "t-1"}


def _staged(page: str) -> str:
    return page.split('name="staged" value="')[1].split('"')[0]


@pytest.mark.django_db
def test_staff_map_the_columns_of_a_wide_table_preview_it_and_import_it(client, staff_user, grid_areas, settings,
                                                                         tmp_path):
    settings.DATA_DIR = tmp_path
    client.force_login(staff_user)
    url = reverse("knowledge:upload")
    first = client.post(url, {**PROVENANCE, "dry_run": "on",
                              "file": SimpleUploadedFile("wide.csv", WIDE)}).content.decode()
    assert '<select name="area_column"' in first and '<option value="asukkaat">' in first
    assert 'name="value_columns" value="tyottomat"' in first and "<legend>" in first
    assert not Observation.objects.exists()
    mapping = {**PROVENANCE, "staged": _staged(first), "staged_name": "wide.csv", "area_column": "alue",
               "name_column": "nimi", "year": "2024", "value_columns": ["asukkaat", "tyottomat"],
               "column_names": "population=asukkaat"}
    preview = client.post(url, {**mapping, "dry_run": "on"}).content.decode()
    assert "Esikatselu" in preview or "Preview" in preview
    assert "<td>00100</td><td>2024</td><td>population</td><td class=\"num\">1200</td>" in preview
    assert "<td>00200</td><td>2024</td><td>tyottomat</td><td class=\"num\">55</td>" in preview
    assert "huom" not in preview.split("report-heading")[1].split("</section>")[0]
    assert not Observation.objects.exists()
    response = client.post(url, {**mapping, "staged": _staged(preview)})
    assert response.status_code == 302
    run_queued_jobs()
    stored = {(o.area.code, o.variable.code): (o.value, o.suppressed)
              for o in Observation.objects.select_related("area", "variable")}
    assert stored == {("00100", "population"): (1200, False), ("00200", "population"): (1500, False),
                      ("00300", "population"): (900, False), ("00100", "tyottomat"): (40, False),
                      ("00200", "tyottomat"): (55, False), ("00300", "tyottomat"): (None, True)}
    assert Observation.objects.first().batch.dataset.table_id == "t-1"


@pytest.mark.django_db
def test_a_mapping_naming_a_missing_column_names_the_field_and_imports_nothing(client, staff_user, grid_areas,
                                                                              settings, tmp_path):
    settings.DATA_DIR = tmp_path
    client.force_login(staff_user)
    page = client.post(reverse("knowledge:upload"), {
        **PROVENANCE, "area_column": "kunta", "year": "2024",
        "file": SimpleUploadedFile("wide.csv", WIDE)}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "error-summary" in page
    assert "Area code column: The file has no column “kunta”." in page
    page = client.post(reverse("knowledge:upload"), {
        **PROVENANCE, "area_column": "alue", "year": "2024", "column_names": "population=asukas",
        "file": SimpleUploadedFile("wide.csv", WIDE)}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Variable codes: Line 1: the file has no column “asukas”." in page
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_a_px_upload_imports_only_the_chosen_dimension_values(client, staff_user, settings, tmp_path):
    from yhteiso.areas.services import area_get_or_create_city

    settings.DATA_DIR = tmp_path
    area_get_or_create_city(code="FI", name_fi="Suomi")
    client.force_login(staff_user)
    url = reverse("knowledge:upload")
    form = {"kind": "px", "level": "city", "dataset": "akay"}
    first = client.post(url, {**form, "dry_run": "on",
                              "file": SimpleUploadedFile("akay.px", PX_FILE.read_bytes())}).content.decode()
    assert "<legend>Sukupuoli</legend>" in first and 'name="select_2" value="S"' in first
    assert not Observation.objects.exists()
    chosen = {**form, "staged": _staged(first), "staged_name": "akay.px", "area": "FI",
              "select_1": ["Kaytaika"], "select_2": ["S"]}
    preview = client.post(url, {**chosen, "dry_run": "on"}).content.decode()
    assert "128" in preview and not Observation.objects.exists()
    assert client.post(url, {**chosen, "staged": _staged(preview)}).status_code == 302
    run_queued_jobs()
    codes = set(Observation.objects.values_list("variable__code", flat=True))
    assert Observation.objects.count() == 32 * 4 and len(codes) == 32
    assert all(code.endswith(":Kaytaika:S") for code in codes)


@pytest.mark.django_db
def test_the_mapping_upload_needs_programme_staff(client, member_user, settings):
    url = reverse("knowledge:upload")
    post = {**PROVENANCE, "file": SimpleUploadedFile("wide.csv", WIDE)}
    response = client.post(url, post)
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
    client.force_login(member_user)
    assert client.post(url, {**PROVENANCE, "file": SimpleUploadedFile("wide.csv", WIDE)}).status_code == 403
    assert not Observation.objects.exists()
