"""The staff upload page: permissions, preview and dry run, confirm without re-choosing, errors."""

import pytest
from django.urls import reverse

from yhteiso.jobs.testing import run_queued_jobs
from yhteiso.knowledge.models import ImportBatch, Observation
from yhteiso.knowledge.tests.conftest import grid_table


@pytest.mark.django_db
def test_the_upload_page_is_for_programme_staff_only(client, staff_user, member_user):
    url = reverse("knowledge:upload")
    assert client.get(url).status_code == 302
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_staff_preview_a_file_then_import_it_without_choosing_it_again(client, staff_user, grid_areas, settings,
                                                                        tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_DIR = tmp_path
    client.force_login(staff_user)
    form = {"kind": "table", "level": "postal_area", "dataset": "grid", "publisher": "P", "licence": "CC BY 4.0",
            "attribution": "Lähde: P", "area_column": "code", "year": "2024", "dry_run": "on"}
    page = client.post(reverse("knowledge:upload"),
                       {**form, "file": SimpleUploadedFile("grid.csv", grid_table(2024))}).content.decode()
    assert "Esikatselu" in page or "Preview" in page
    assert not Observation.objects.exists()
    staged = page.split('name="staged" value="')[1].split('"')[0]
    confirm = {**form, "staged": staged, "staged_name": "grid.csv"}
    del confirm["dry_run"]
    response = client.post(reverse("knowledge:upload"), confirm)
    assert response.status_code == 302 and "/taustatyot/" in response["Location"]  # the import job's status page
    assert not Observation.objects.exists()  # queued, not yet run
    assert run_queued_jobs() == 1
    assert Observation.objects.count() == 12 * 9
    assert ImportBatch.objects.get().imported_by == staff_user


@pytest.mark.django_db
def test_a_bad_upload_names_file_row_and_column_and_imports_nothing(client, staff_user, grid_areas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff_user)
    response = client.post(reverse("knowledge:upload"), {
        "kind": "table", "level": "postal_area", "dataset": "grid", "publisher": "P", "licence": "CC BY 4.0",
        "attribution": "Lähde: P", "area_column": "code", "year": "2024",
        "file": SimpleUploadedFile("bad.csv", grid_table(2024, extra="77777,1,1,1,1,1,1,1,1,1\n"))})
    run_queued_jobs()  # the import runs as a job; its status page names the file, row and column
    page = client.get(response["Location"]).content.decode()
    assert "Epäonnistui" in page and "Tiedostoa ei voitu lukea" in page
    assert "error-summary" in page and "bad.csv" in page and "77777" in page and "<dd>14</dd>" in page
    assert not Observation.objects.exists()

