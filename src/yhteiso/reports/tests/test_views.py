"""Pages and API of the reports app: who may see what, previews, downloads, publishing, the mid-term form and
the steering group's agenda and minutes documents."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP
from yhteiso.jobs.testing import run_queued_jobs
from yhteiso.reports.tests.conftest import AS_OF

pytestmark = pytest.mark.django_db


def make_user(name: str, group: str | None):
    user = get_user_model().objects.create_user(name, password="x-pass-2026")
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def staff_client(client):
    client.force_login(make_user("staff", PROGRAMME_STAFF))
    return client


@pytest.fixture
def member_client(client):
    client.force_login(make_user("member", STEERING_GROUP))
    return client


def test_the_report_pages_are_public_but_the_preview_is_for_staff(programme, client):
    assert client.get(reverse("reports:index")).status_code == 200
    url = reverse("reports:council-preview") + f"?as_of={AS_OF}&kind=annual&lang=fi"
    assert client.get(url).status_code == 302
    client.force_login(make_user("member2", STEERING_GROUP))
    assert client.get(url).status_code == 403


def test_staff_preview_the_report_and_download_each_format(programme, staff_client):
    response = staff_client.get(reverse("reports:council-preview"), {"as_of": AS_OF, "kind": "annual", "lang": "sv"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'lang="sv"' in html and "Nyttomål och indikatorer" in html and "Delaktighetsindikatorn" in html
    assert staff_client.get(reverse("reports:council-download"),
                            {"as_of": AS_OF, "kind": "annual", "lang": "fi", "fmt": "pdf"}).status_code == 405
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK"), ("html", b"<!DOCTYPE")):
        r = staff_client.post(reverse("reports:council-download"),
                              {"as_of": AS_OF, "kind": "annual", "lang": "fi", "fmt": fmt})
        assert r.status_code == 302 and "/taustatyot/" in r["Location"], fmt  # rendered as a background job
        run_queued_jobs()
        status = staff_client.get(r["Location"]).content.decode()
        assert 'id="job-file"' in status, fmt
        r = staff_client.get(r["Location"] + "tiedosto/")
        assert r.status_code == 200 and b"".join(r.streaming_content).startswith(magic), fmt


def test_the_preview_form_names_a_cut_off_date_before_the_programme(programme, staff_client):
    response = staff_client.get(reverse("reports:council-preview"),
                                {"as_of": "2024-06-30", "kind": "annual", "lang": "fi"})
    assert response.status_code == 400
    assert "Tilannepäivä on ennen ohjelman alkua (1.1.2025)" in response.content.decode()


def test_a_future_cut_off_date_cannot_be_published_from_the_page(programme, staff_client):
    future = dt.date.today() + dt.timedelta(days=30)
    response = staff_client.get(reverse("reports:council-preview"), {"as_of": future, "kind": "annual", "lang": "fi"})
    html = response.content.decode()
    assert "LUONNOS / UTKAST / DRAFT" in html and "Julkaise raportti" not in html
    response = staff_client.post(reverse("reports:council-publish"), {"as_of": future, "kind": "annual", "lang": "fi"})
    assert response.status_code == 302
    from yhteiso.reports.models import PublishedReport

    assert not PublishedReport.objects.exists()


def test_publishing_from_the_page_then_the_public_page_and_the_api(programme, staff_client, client):
    response = staff_client.post(reverse("reports:council-publish"), {"as_of": AS_OF, "kind": "annual", "lang": "fi"})
    from yhteiso.reports.models import PublishedReport

    assert response.status_code == 302 and "/taustatyot/" in response.url  # published by a background job
    assert run_queued_jobs() == 1
    report = PublishedReport.objects.get()
    status = staff_client.get(response.url).content.decode()
    assert f'href="{reverse("reports:published-detail", args=[report.pk])}"' in status
    client.logout()
    page = client.get(reverse("reports:published-detail", args=[report.pk])).content.decode()
    assert report.snapshot_sha256 in page
    assert "Raportin lukuja ei ole korjattu julkaisun jälkeen." in page
    pdf = client.get(reverse("reports:published-file", args=[report.pk, "pdf"]))
    assert pdf.content == bytes(report.files.get(fmt="pdf").content)
    listing = client.get("/api/v1/reports").json()
    assert listing[0]["as_of"] == AS_OF.isoformat() and listing[0]["kind"] == "annual"
    assert listing[0]["language"] == "fi" and listing[0]["snapshot_sha256"] == report.snapshot_sha256
    assert {f["format"] for f in listing[0]["files"]} == {"pdf", "docx", "xlsx", "html"}
    detail = client.get(f"/api/v1/reports/{report.pk}").json()
    from yhteiso.reports.snapshot import snapshot_hash

    assert snapshot_hash(detail["snapshot"]) == detail["sha256"] == report.snapshot_sha256
    assert client.get("/api/v1/reports/99999").status_code == 404
    report.delete()


def test_staff_record_the_midterm_assessment_of_an_action(programme, staff_client):
    project = programme["projects"][0]
    url = reverse("reports:midterm-assessment-edit", args=[project.pk]) + "?review=2027-07-31"
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"evidence_fi": "20 tapahtumaa, 600 kävijää.", "evidence_sv": "",
                                       "recommendation": "keep", "rationale_fi": "", "rationale_sv": ""})
    assert response.status_code == 302
    from yhteiso.reports.models import ActionAssessment

    a = ActionAssessment.objects.get(project=project, review_date=dt.date(2027, 7, 31))
    assert a.recommendation == "keep" and a.evidence_fi.startswith("20 tapahtumaa")
    listing = staff_client.get(reverse("reports:midterm-assessments") + "?review=2027-07-31").content.decode()
    assert "Jatketaan" in listing
    a.delete()


@pytest.fixture
def meeting(programme):
    from yhteiso.governance.models import AgendaItem, Attendance, Meeting, Minutes, SteeringGroupMember

    chair = SteeringGroupMember.objects.create(name="Taru Salovaara", role="chair")
    m = Meeting.objects.create(date=dt.date(2026, 2, 10), start_time=dt.time(14), end_time=dt.time(16),
                               place="Espoon kaupungintalo", status="minutes_drafted")
    item = AgendaItem.objects.create(meeting=m, number=3, title="Nuorten aikuisten kohtaamispaikat",
                                     presenter="Emma Aalto", proposal="Ohjausryhmä hyväksyy projektin.",
                                     project=programme["projects"][0])
    from yhteiso.governance.models import Decision

    Decision.objects.create(item=item, text="Hyväksyttiin esityksen mukaisesti.", outcome="approved")
    Attendance.objects.create(meeting=m, member=chair, present_from=dt.time(14), present_until=dt.time(16))
    Minutes.objects.create(meeting=m, checker=chair, body="Puheenjohtaja avasi kokouksen klo 14.00.")
    return m


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)


def test_draft_minutes_are_only_for_members_and_marked_as_a_draft(meeting, member_client):
    url = reverse("reports:meeting-minutes", args=[meeting.pk, "pdf"])
    assert Client().get(url).status_code == 302
    response = member_client.get(url)
    text = pdf_text(response.content)
    assert "LUONNOS / UTKAST / DRAFT" in text
    assert "§ 3 Nuorten aikuisten kohtaamispaikat" in text and "Hyväksyttiin esityksen mukaisesti." in text
    assert "Pöytäkirjan tarkastaja: Taru Salovaara" in text


def test_published_minutes_are_public_in_pdf_and_word(meeting, client):
    from django.utils import timezone

    from yhteiso.governance.models import Minutes

    Minutes.objects.filter(meeting=meeting).update(approved_at=timezone.now(), published_at=timezone.now())
    meeting.status = "published"
    meeting.save()
    response = client.get(reverse("reports:meeting-minutes", args=[meeting.pk, "docx"]))
    assert response.status_code == 200
    from docx import Document

    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "LUONNOS" not in text and "Hyväksyttiin esityksen mukaisesti." in text
    assert doc.paragraphs[0].style.name == "Heading 1"
    assert "pöytäkirja" in doc.core_properties.title


def test_the_agenda_is_for_members_and_lists_the_items(meeting, member_client):
    url = reverse("reports:meeting-agenda", args=[meeting.pk, "pdf"])
    assert Client().get(url).status_code == 302
    text = pdf_text(member_client.get(url).content)
    assert "esityslista" in text and "Päätösehdotus: Ohjausryhmä hyväksyy projektin." in text
    assert "Esittelijä: Emma Aalto" in text
    from docx import Document

    doc = Document(io.BytesIO(member_client.get(reverse("reports:meeting-agenda", args=[meeting.pk, "docx"])).content))
    assert any(p.text == "§ 3 Nuorten aikuisten kohtaamispaikat" and p.style.name == "Heading 2" for p in doc.paragraphs)
