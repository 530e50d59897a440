"""Project owners keep their projects current: the responsible person and deputies (users) file progress reports
with people reached and attachments and record pilots; anyone else gets 403; completed pilots count towards the
pilot indicators; staff see overdue reports and export the portfolio; owners get reminders."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import activate, override
from openpyxl import Workbook, load_workbook

from yhteiso.core.models import AuditEvent
from yhteiso.notices.tasks import send_reminders
from yhteiso.programme import selectors, services, services_progress
from yhteiso.programme.models import (
    IndicatorCell,
    IndicatorUnit,
    Measurement,
    Pilot,
    PilotStatus,
    ProgressReport,
    Project,
    ProjectStatus,
    ReportAttachment,
    ReportingDeadline,
    TargetKind,
    TrafficLight,
)
from yhteiso.programme.tests.conftest import _user

pytestmark = pytest.mark.django_db
PAST = dt.date.today() - dt.timedelta(days=20)


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """The test client leaves the last request's language active in this thread: restore the default so that
    later tests (which read service messages) are not run in Swedish."""
    yield
    activate(settings.LANGUAGE_CODE)


@pytest.fixture
def owner(db):
    user = _user("omistaja")
    user.first_name, user.last_name, user.email = "Olli", "Omistaja", "olli@example.org"
    user.save()
    return user


@pytest.fixture
def deputy(db):
    return _user("varahenkilo")


@pytest.fixture
def deadline(db):
    return ReportingDeadline.objects.create(kind="council_report", year=PAST.year, date=PAST,
                                            title_fi="Valtuustoraportti", title_sv="Fullmäktigerapport")


@pytest.fixture
def owned(project, owner, deputy, staff_user):
    project.responsible_user = owner
    project.status = ProjectStatus.IN_PROGRESS
    project.status_changed_at = timezone.now() - dt.timedelta(days=400)
    project.save()
    project.deputies.set([deputy])
    return project


@pytest.fixture
def other_project(goals):
    p = Project.objects.create(name_fi="Toinen hanke", status=ProjectStatus.IN_PROGRESS)
    p.goals.set([goals[0]])
    return p


def report_post(deadline, **extra):
    data = {"deadline": deadline.pk, "status": TrafficLight.YELLOW, "status_note": "Aikataulu venyi kuukaudella.",
            "milestones_done": "Ensimmäinen tapahtuma", "milestones_next": "Toinen tapahtuma",
            "outputs": "3 tapahtumaa", "costs_incurred": "1200,50", "problems": "Tilat",
            "reach_0_group": "young_adults", "reach_0_people": "40",
            "reach_1_group": "older_people", "reach_1_people": "15"}
    data.update(extra)
    return data


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["osallistujat", 40])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


# --- who may write -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "deputy", "staff_user"])
def test_the_responsible_person_deputies_and_staff_file_a_report(client, owned, deadline, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("programme:report-create", args=[owned.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, report_post(deadline))
    assert response.status_code == 302, response.content.decode()[:2000]
    report = ProgressReport.objects.get(project=owned, deadline=deadline)
    assert report.status == TrafficLight.YELLOW and report.costs_incurred == Decimal("1200.50")
    assert report.people_reached == 55 and report.submitted_by == user
    event = AuditEvent.objects.get(action="progress_report.create")
    assert event.actor_id == user.pk and event.after["reach"] == [["young_adults", None, 40],
                                                                  ["older_people", None, 15]]


@pytest.mark.parametrize("who", ["member_user", "plain_user"])
def test_anyone_else_gets_403_and_nothing_is_stored(client, owned, deadline, who, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("programme:report-create", args=[owned.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, report_post(deadline)).status_code == 403
    assert client.post(reverse("programme:pilot-create", args=[owned.pk]),
                       {"name": "Pilotti", "status": "planned"}).status_code == 403
    assert not ProgressReport.objects.exists() and not Pilot.objects.exists()


def test_an_owner_of_one_project_cannot_report_on_another(client, owned, other_project, deadline, owner):
    client.force_login(owner)
    assert client.post(reverse("programme:report-create", args=[other_project.pk]),
                       report_post(deadline)).status_code == 403
    theirs = services_progress.progress_report_save(
        actor=_user("staff2", "programme_staff"), project=other_project, deadline=deadline,
        status=TrafficLight.GREEN, status_note="OK")
    # the other project's report through this project's address: not found; through its own: forbidden
    assert client.post(reverse("programme:report-edit", args=[owned.pk, theirs.pk]),
                       report_post(deadline)).status_code == 404
    assert client.post(reverse("programme:report-edit", args=[other_project.pk, theirs.pk]),
                       report_post(deadline)).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status_note == "OK"


def test_the_service_itself_refuses_someone_who_is_not_an_owner(owned, deadline, member_user):
    with pytest.raises(PermissionDenied):
        services_progress.progress_report_save(actor=member_user, project=owned, deadline=deadline,
                                               status=TrafficLight.GREEN, status_note="x")
    with pytest.raises(PermissionDenied):
        services_progress.pilot_save(actor=member_user, project=owned, name="x")


def test_an_anonymous_visitor_is_sent_to_sign_in(client, owned, deadline):
    response = client.post(reverse("programme:report-create", args=[owned.pk]), report_post(deadline))
    assert response.status_code == 302 and "/kirjaudu/" in response["Location"]
    assert not ProgressReport.objects.exists()


def test_a_removed_deputy_loses_access(client, owned, deadline, deputy, staff_user):
    services.project_update(project=owned, actor=staff_user, deputies=[])
    client.force_login(deputy)
    assert client.post(reverse("programme:report-create", args=[owned.pk]), report_post(deadline)).status_code == 403


# --- report rules ------------------------------------------------------------------------------------------------


@override("en")
def test_one_report_per_period_and_only_for_approved_projects(owned, deadline, owner, project):
    services_progress.progress_report_save(actor=owner, project=owned, deadline=deadline, status="green",
                                           status_note="Hyvin menee")
    with pytest.raises(ValidationError) as exc:
        services_progress.progress_report_save(actor=owner, project=owned, deadline=deadline, status="green",
                                               status_note="Toinen")
    assert "already has a report" in str(exc.value)
    Project.objects.filter(pk=owned.pk).update(status=ProjectStatus.PROPOSED)
    owned.refresh_from_db()
    other = ReportingDeadline.objects.create(kind="other", year=2028, date=dt.date(2028, 1, 1), title_fi="Muu")
    with pytest.raises(ValidationError) as exc:
        services_progress.progress_report_save(actor=owner, project=owned, deadline=other, status="green",
                                               status_note="x")
    assert "approved" in str(exc.value)


def test_a_reach_row_without_a_number_is_refused_naming_the_row_in_finnish(client, owned, deadline, owner):
    client.force_login(owner)
    response = client.post(reverse("programme:report-create", args=[owned.pk]),
                           report_post(deadline, reach_1_people="", reach_2_people="7"),
                           headers={"accept-language": "fi"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rivi 2: anna henkilöiden määrä." in page and "Rivi 3: valitse ryhmä." in page
    assert not ProgressReport.objects.exists()


def test_editing_replaces_the_people_reached_and_keeps_the_history_in_the_audit_log(client, owned, deadline, owner):
    client.force_login(owner)
    client.post(reverse("programme:report-create", args=[owned.pk]), report_post(deadline))
    report = ProgressReport.objects.get()
    response = client.post(reverse("programme:report-edit", args=[owned.pk, report.pk]),
                           report_post(deadline, status="green", reach_1_group="", reach_1_people=""))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "green" and report.people_reached == 40
    update = AuditEvent.objects.get(action="progress_report.update")
    assert update.before["status"] == "yellow" and update.after["status"] == "green"


# --- attachments -------------------------------------------------------------------------------------------------


def test_a_real_spreadsheet_is_attached_and_only_readers_may_download_it(client, owned, deadline, owner, plain_user,
                                                                         member_user):
    client.force_login(owner)
    content = xlsx_bytes()
    response = client.post(reverse("programme:report-create", args=[owned.pk]),
                           {**report_post(deadline), "file": upload("osallistujat.xlsx", content)})
    assert response.status_code == 302
    attachment = ReportAttachment.objects.get()
    assert attachment.size == len(content) and attachment.content_type.endswith("spreadsheetml.sheet")
    download = client.get(reverse("programme:attachment-download", args=[attachment.pk]))
    assert download.status_code == 200 and download.content == content
    assert load_workbook(io.BytesIO(download.content)).active["A1"].value == "osallistujat"
    client.force_login(member_user)
    assert client.get(reverse("programme:attachment-download", args=[attachment.pk])).status_code == 200
    client.force_login(plain_user)
    assert client.get(reverse("programme:attachment-download", args=[attachment.pk])).status_code == 403
    assert client.post(reverse("programme:attachment-delete", args=[attachment.pk])).status_code == 403
    assert AuditEvent.objects.filter(action="progress_report.attach").count() == 1


@pytest.mark.parametrize(("name", "head", "size", "message"), [
    ("ohjelma.exe", b"MZ\x90\x00", 100, "ei ole hyväksyttyä tyyppiä"),
    ("raportti.pdf", b"\x89PNG\r\n\x1a\n", 100, "ei näytä PDF-tiedostolta"),
    ("iso.pdf", b"%PDF-1.4\n", services_progress.ATTACHMENT_MAX_BYTES + 1, "on liian suuri"),
], ids=["type", "content", "size"])
def test_a_disallowed_or_oversized_attachment_is_refused_and_the_report_is_not_saved(
        client, owned, deadline, owner, name, head, size, message):
    content = head + b"0" * (size - len(head))
    client.force_login(owner)
    response = client.post(reverse("programme:report-create", args=[owned.pk]),
                           {**report_post(deadline), "file": upload(name, content)},
                           headers={"accept-language": "fi"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists() and not ReportAttachment.objects.exists()


def test_an_upload_past_the_site_limit_is_refused_with_a_message(client, owned, deadline, owner, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    client.force_login(owner)
    response = client.post(reverse("programme:report-create", args=[owned.pk]),
                           {**report_post(deadline), "file": upload("iso.csv", b"a;b\n" * 2000)},
                           headers={"accept-language": "sv"})
    assert response.status_code == 400
    assert "Filen är för stor" in response.content.decode()
    assert not ProgressReport.objects.exists()


# --- pilots and the pilot indicators -----------------------------------------------------------------------------


@pytest.fixture
def pilot_indicator(goals):
    from yhteiso.programme.models import Indicator

    indicator = Indicator.objects.create(goal=goals[0], code="1.1", name_fi="Pilotit", unit=IndicatorUnit.COUNT,
                                         scale_min=Decimal(0))
    IndicatorCell.objects.create(indicator=indicator, label_fi="Koko Espoo", baseline_year=2026,
                                 baseline_date=dt.date(2026, 1, 1), target_kind=TargetKind.PILOT_COUNT,
                                 target_value=Decimal(5), target_year=2029)
    return indicator


def test_a_completed_pilot_needs_its_evaluation(owned, owner, pilot_indicator):
    with pytest.raises(ValidationError) as exc:
        services_progress.pilot_save(actor=owner, project=owned, name="Kohtaamisilta", indicator=pilot_indicator,
                                     status=PilotStatus.COMPLETED, end_date=dt.date(2026, 10, 1))
    assert set(exc.value.message_dict) == {"evaluation_method", "findings"}
    assert not Pilot.objects.exists() and not Measurement.objects.exists()


def test_completed_pilots_count_towards_the_indicator_after_approval(owned, owner, pilot_indicator, staff_user):
    evaluation = {"evaluation_method": "Osallistujakysely", "findings": "Uusia kävijöitä",
                  "positive_mechanisms": "Matala kynnys"}
    first = services_progress.pilot_save(actor=owner, project=owned, name="Kohtaamisilta", indicator=pilot_indicator,
                                         status=PilotStatus.COMPLETED, end_date=dt.date(2026, 10, 1), **evaluation)
    services_progress.pilot_save(actor=owner, project=owned, name="Toinen", indicator=pilot_indicator,
                                 status=PilotStatus.COMPLETED, end_date=dt.date(2027, 3, 1), **evaluation)
    services_progress.pilot_save(actor=owner, project=owned, name="Suunniteltu", indicator=pilot_indicator,
                                 status=PilotStatus.PLANNED)
    counts = list(Measurement.objects.filter(from_pilots=True).order_by("measured_on")
                  .values_list("measured_on", "value", "approved_at"))
    assert [(d, v) for d, v, _ in counts] == [(dt.date(2026, 10, 1), 1), (dt.date(2027, 3, 1), 2)]
    assert all(approved is None for *_, approved in counts)  # proposed: four eyes before they count publicly
    for m in Measurement.objects.filter(from_pilots=True):
        services.measurement_approve(measurement=m, actor=staff_user)
    overview = selectors.programme_overview(as_of=dt.date(2027, 6, 1))
    entry = next(i for g in overview for i in g["indicators"] if i["code"] == "1.1")
    assert entry["cells"][0]["latest"]["value"] == 2
    # the first pilot is reopened: the counts follow, and the changed one waits for approval again
    services_progress.pilot_save(actor=owner, project=owned, pilot=first, status=PilotStatus.RUNNING)
    assert list(Measurement.objects.filter(from_pilots=True).values_list("measured_on", "value")) == [
        (dt.date(2027, 3, 1), 1)]
    assert Measurement.objects.get(from_pilots=True).approved_at is None


@override("en")
def test_a_pilot_cannot_count_towards_an_indicator_that_counts_no_pilots(owned, owner, indicator):
    with pytest.raises(ValidationError) as exc:
        services_progress.pilot_save(actor=owner, project=owned, name="X", indicator=indicator)
    assert "does not count pilots" in str(exc.value)


def test_the_pilot_form_works_for_the_owner_and_shows_on_the_project_page(client, owned, owner, pilot_indicator):
    client.force_login(owner)
    response = client.post(reverse("programme:pilot-create", args=[owned.pk]), {
        "name": "Kohtaamisilta", "indicator": pilot_indicator.pk, "status": "completed", "start_date": "2026-09-01",
        "end_date": "2026-10-01", "evaluation_method": "Haastattelut", "findings": "Toimi hyvin",
        "positive_mechanisms": "Vertaisohjaajat"})
    assert response.status_code == 302
    page = client.get(reverse("programme:project-detail", args=[owned.pk]), headers={"accept-language": "fi"})
    text = page.content.decode()
    assert "Kohtaamisilta" in text and "Vertaisohjaajat" in text and "lasketaan mittariin 1.1" in text


# --- staff see what is overdue; owners see their projects -------------------------------------------------------


def test_staff_see_overdue_reports_until_the_report_is_filed(client, owned, deadline, staff_user, owner, member_user):
    client.force_login(staff_user)
    page = client.get(reverse("programme:calendar"), headers={"accept-language": "fi"}).content.decode()
    page = page.replace("\u00ad", "")  # the headings' soft hyphens
    assert "Myöhässä olevat edistymisraportit" in page and owned.name_fi in page and "Olli Omistaja" in page
    client.force_login(member_user)
    assert owned.name_fi not in client.get(reverse("programme:calendar")).content.decode()
    services_progress.progress_report_save(actor=owner, project=owned, deadline=deadline, status="green",
                                           status_note="OK")
    client.force_login(staff_user)
    page = client.get(reverse("programme:calendar"), headers={"accept-language": "fi"}).content.decode()
    assert "Yksikään edistymisraportti ei ole myöhässä." in page


def test_the_reporting_calendar_stacks_into_cards_on_a_phone_each_value_named(client, deadline):
    # in a sideways-scrolling box its description column was squeezed to a letter or two per line at 390 px
    page = client.get(reverse("programme:calendar"), headers={"accept-language": "fi"}).content.decode()
    table = page.split('<table class="data stack">', 1)[1].split("</table>", 1)[0]
    assert 'data-label="Kuvaus"' in table and 'data-label="Tila"' in table and 'data-label="Päivämäärä"' in table


def test_a_project_approved_after_the_deadline_owes_no_report_for_it(owned, deadline):
    Project.objects.filter(pk=owned.pk).update(status_changed_at=timezone.now())
    assert selectors_overdue() == []


def selectors_overdue():
    from yhteiso.programme.selectors_progress import overdue_reports

    return overdue_reports()


def test_an_owner_lands_on_my_projects_after_signing_in(client, owned, owner, deadline):
    owner.set_password("salasana-123-XYZ")
    owner.save()
    response = client.post("/kirjaudu/", {"username": "omistaja", "password": "salasana-123-XYZ"})
    assert response["Location"] == reverse("programme:my-projects")
    page = client.get(response["Location"], headers={"accept-language": "sv"}).content.decode()
    assert "Mina projekt" in page and owned.name_fi in page and "Rapport försenad" in page


def test_my_projects_needs_sign_in_and_lists_only_ones_own(client, owned, other_project, deputy):
    assert client.get(reverse("programme:my-projects")).status_code == 302
    client.force_login(deputy)
    page = client.get(reverse("programme:my-projects")).content.decode()
    assert owned.name_fi in page and other_project.name_fi not in page


# --- portfolio system --------------------------------------------------------------------------------------------


def test_staff_set_the_owner_external_id_and_portfolio_link(client, owned, staff_user, owner, deputy, goals):
    client.force_login(staff_user)
    data = {"kind": "project", "name_fi": owned.name_fi, "goals": [goals[1].pk], "proposer_type": "city_unit",
            "responsible_user": owner.pk, "deputies": [deputy.pk], "responsible_person": "O. Omistaja",
            "external_id": "ESPRO-123", "portfolio_url": "https://espro.example/projects/123"}
    assert client.post(reverse("programme:project-edit", args=[owned.pk]), data).status_code == 302
    owned.refresh_from_db()
    assert owned.external_id == "ESPRO-123" and owned.responsible_user == owner
    other = Project.objects.create(name_fi="Kolmas")
    other.goals.set([goals[0]])
    response = client.post(reverse("programme:project-edit", args=[other.pk]),
                           {**data, "name_fi": "Kolmas", "deputies": []}, headers={"accept-language": "fi"})
    assert response.status_code == 400
    assert "Toisella projektilla on jo tämä tunniste" in response.content.decode()


def test_the_export_is_flat_with_the_latest_report_and_is_for_staff_only(client, owned, deadline, owner, staff_user,
                                                                          plain_user):
    Project.objects.filter(pk=owned.pk).update(external_id="ESPRO-1")
    services_progress.progress_report_save(actor=owner, project=owned, deadline=deadline, status="red",
                                           status_note="=HYPERLINK(\"http://evil\")", costs_incurred=Decimal("10.5"),
                                           reach=[("children", None, 12)])
    client.force_login(plain_user)
    assert client.get(reverse("programme:portfolio-export", args=["csv"])).status_code == 403
    client.force_login(staff_user)
    response = client.get(reverse("programme:portfolio-export", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r["project_id"] == str(owned.pk))
    assert row["external_id"] == "ESPRO-1" and row["report_status"] == "red" and row["people_reached"] == "12"
    assert row["costs_incurred"] == "10.50" and row["report_period"] == deadline.date.isoformat()
    assert row["responsible_email"] == "olli@example.org"
    assert row["report_summary"].startswith("'=")  # never a formula in a spreadsheet
    book = load_workbook(io.BytesIO(client.get(reverse("programme:portfolio-export", args=["xlsx"])).content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    values = {header[i]: c.value for i, c in enumerate(next(r for r in sheet.iter_rows(min_row=2)
                                                            if r[0].value == owned.pk))}
    assert values["report_status"] == "red" and values["people_reached"] == 12
    assert values["report_summary"].startswith("'=")
    assert client.get("/ohjelma/projektit/salkku.exe").status_code == 404


# --- reminders reach the responsible person ----------------------------------------------------------------------


def test_the_reminder_reaches_the_responsible_person_and_not_after_the_report(owned, owner, staff_user, deputy):
    staff_user.email = "staff@example.org"
    staff_user.save()
    today = dt.date(2027, 3, 1)
    upcoming = ReportingDeadline.objects.create(kind="mid_term_review", year=2027, date=dt.date(2027, 3, 10),
                                                title_fi="Väliarvio", title_sv="Halvtidsöversyn")
    assert send_reminders(today=today) == {"reporting_deadline": 2}  # the deputy has no address
    to_owner = next(m for m in mail.outbox if m.to == ["olli@example.org"])
    assert owned.name_fi in to_owner.body and f"?period={upcoming.pk}" in to_owner.body
    assert any(m.to == ["staff@example.org"] for m in mail.outbox)
    mail.outbox.clear()
    other = ReportingDeadline.objects.create(kind="other", year=2027, date=dt.date(2027, 3, 12), title_fi="Muu")
    services_progress.progress_report_save(actor=owner, project=owned, deadline=other, status="green",
                                           status_note="OK")
    assert send_reminders(today=today) == {"reporting_deadline": 1}  # only the staff member, for the other date
    assert [m.to for m in mail.outbox] == [["staff@example.org"]]


# --- the responsible person as a user: migration of the free text ------------------------------------------------


def test_the_migration_links_a_name_that_matches_exactly_one_user(goals):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("yhteiso.programme.migrations.0004_hprog_owners_reports_pilots")
    user_model = get_user_model()
    anna = user_model.objects.create_user("anna", first_name="Anna", last_name="Aalto")
    user_model.objects.create_user("matti1", first_name="Matti", last_name="Meikäläinen")
    user_model.objects.create_user("matti2", first_name="Matti", last_name="Meikäläinen")
    p1 = Project.objects.create(name_fi="A", responsible_person="anna  AALTO")
    p2 = Project.objects.create(name_fi="B", responsible_person="Matti Meikäläinen")
    p3 = Project.objects.create(name_fi="C", responsible_person="Kulttuuripalvelut")
    migration.link_responsible_users(apps, None)
    for p in (p1, p2, p3):
        p.refresh_from_db()
    assert p1.responsible_user == anna and p1.responsible_person == "anna  AALTO"
    assert p2.responsible_user is None and p3.responsible_user is None


# --- demo --------------------------------------------------------------------------------------------------------


def test_the_demo_gives_two_projects_an_owner_and_the_first_a_report(monkeypatch, client):
    from yhteiso.programme import demo as programme_demo

    monkeypatch.setenv("YHTEISO_DEMO_ACCOUNTS", "true")
    programme_demo.load(io.StringIO())
    programme_demo.load(io.StringIO())  # twice: nothing doubles
    owner = get_user_model().objects.get(username="projektivastaava")
    assert Project.objects.filter(responsible_user=owner).count() == 2
    report = ProgressReport.objects.get()
    assert report.project.responsible_user == owner and report.people_reached == 126
    assert Pilot.objects.count() == 1 and not Measurement.objects.filter(from_pilots=True).exists()
    client.force_login(owner)
    page = client.get(reverse("programme:my-projects"), headers={"accept-language": "fi"}).content.decode()
    assert page.count("Olet vastuuhenkilö.") == 2


def test_multi_line_report_text_is_paragraphs_on_a_page_in_another_language(client, owned, deadline, owner):
    services_progress.progress_report_save(actor=owner, project=owned, deadline=deadline, status="green",
                                           status_note="Eka kappale.\n\n<b>Toka</b> kappale.")
    page = client.get(reverse("programme:project-detail", args=[owned.pk]),
                      headers={"accept-language": "sv"}).content.decode()
    assert '<div lang="fi"><p>Eka kappale.</p>\n\n<p>&lt;b&gt;Toka&lt;/b&gt; kappale.</p></div>' in page
    assert "&lt;p&gt;" not in page
