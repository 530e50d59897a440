"""Pages: public pages for everyone, staff forms only for programme staff, comments for steering-group members;
forms explain errors naming the field in the user's language; one transaction per action."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from yhteiso.core.models import AuditEvent
from yhteiso.programme.models import BudgetEntry, Measurement, Project, ProjectComment, Risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(cell, project, budget_line, staff_user):
    from yhteiso.programme import services

    m = services.measurement_create(cell=cell, value=Decimal(18), measured_on=dt.date(2027, 5, 1), source="S",
                                    actor=staff_user)
    entry = services.budget_commit(line=budget_line, amount=Decimal(100), actor=staff_user)
    risk = Risk.objects.create(title_fi="Riski", category="other")
    from yhteiso.programme.models import ReportingDeadline

    deadline = ReportingDeadline.objects.create(kind="council_report", year=2026, date=dt.date(2026, 12, 31),
                                                title_fi="Raportti")
    return {"cell": cell, "project": project, "line": budget_line, "measurement": m, "entry": entry, "risk": risk,
            "deadline": deadline, "indicator": cell.indicator, "goal": cell.indicator.goal}


def public_urls(o):
    return [
        reverse("programme:dashboard"),
        reverse("programme:dashboard") + "?as_of=2027-01-01",
        reverse("programme:indicator-detail", args=[o["indicator"].code]),
        reverse("programme:project-list"),
        reverse("programme:project-list") + "?goal=2&status=proposed&target_group=children&area=1",
        reverse("programme:project-detail", args=[o["project"].pk]),
        reverse("programme:budget"),
        reverse("programme:budget-year", args=[2026]),
        reverse("programme:risk-list"),
        reverse("programme:calendar"),
    ]


def staff_urls(o):
    return [
        reverse("programme:manage"),
        reverse("programme:goal-create"),
        reverse("programme:goal-edit", args=[o["goal"].pk]),
        reverse("programme:indicator-create"),
        reverse("programme:indicator-edit", args=[o["indicator"].pk]),
        reverse("programme:cell-create", args=[o["indicator"].pk]),
        reverse("programme:cell-edit", args=[o["cell"].pk]),
        reverse("programme:measurement-create", args=[o["cell"].pk]),
        reverse("programme:measurement-edit", args=[o["measurement"].pk]),
        reverse("programme:measurement-delete", args=[o["measurement"].pk]),
        reverse("programme:project-create"),
        reverse("programme:project-edit", args=[o["project"].pk]),
        reverse("programme:project-status", args=[o["project"].pk]),
        reverse("programme:budget-year-create"),
        reverse("programme:budget-year-edit", args=[2026]),
        reverse("programme:budget-line-create", args=[2026]),
        reverse("programme:budget-line-edit", args=[o["line"].pk]),
        reverse("programme:budget-entry-create", args=[o["line"].pk]),
        reverse("programme:risk-create"),
        reverse("programme:risk-edit", args=[o["risk"].pk]),
        reverse("programme:deadline-create"),
        reverse("programme:deadline-edit", args=[o["deadline"].pk]),
    ]


def test_public_pages_need_no_login(client, objects):
    for url in public_urls(objects):
        assert client.get(url).status_code == 200, url


def test_unknown_ids_give_404(client, objects):
    assert client.get(reverse("programme:project-detail", args=[9999])).status_code == 404
    assert client.get(reverse("programme:indicator-detail", args=["9.9"])).status_code == 404
    assert client.get(reverse("programme:budget-year", args=[2031])).status_code == 404


def test_staff_pages_send_anonymous_users_to_the_login_page(client, objects):
    for url in staff_urls(objects):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


@pytest.mark.parametrize("who", ["member_user", "plain_user"])
def test_staff_pages_are_forbidden_to_other_roles(client, objects, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in staff_urls(objects):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert client.post(reverse("programme:budget-entry-spent", args=[objects["entry"].pk])).status_code == 403


@pytest.mark.parametrize("who", ["staff_user", "admin_user"])
def test_staff_pages_open_for_programme_staff_and_administrators(client, objects, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in staff_urls(objects):
        assert client.get(url).status_code == 200, url


def test_creating_a_project_through_the_form(staff_client, goals):
    response = staff_client.post(reverse("programme:project-create"), {
        "name_fi": "Uusi kokeilu", "goals": [goals[0].pk, goals[2].pk], "target_groups": ["older_people"],
        "proposer_type": "stakeholder", "proposer_name": "Järjestö ry", "kind": "action",
    })
    project = Project.objects.get(name_fi="Uusi kokeilu")
    assert response.status_code == 302 and response["Location"] == reverse("programme:project-detail",
                                                                           args=[project.pk])
    assert sorted(project.goals.values_list("number", flat=True)) == [1, 3]
    assert project.status == "proposed"
    assert AuditEvent.objects.filter(action="project.create", object_id=str(project.pk)).exists()


def test_a_project_form_without_a_goal_names_the_field_in_finnish_and_saves_nothing(staff_client, goals):
    response = staff_client.post(reverse("programme:project-create"), {"name_fi": "X", "proposer_type": "staff"},
                                 HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hyötytavoitteet: Liitä projekti vähintään yhteen hyötytavoitteeseen." in html
    assert 'aria-invalid="true"' in html
    assert not Project.objects.exists()


def test_the_same_error_in_swedish(staff_client, goals):
    staff_client.cookies["yhteiso_language"] = "sv"
    response = staff_client.post(reverse("programme:project-create"), {"name_fi": "X", "proposer_type": "staff"})
    assert "Nyttomål: Koppla projektet till minst ett nyttomål." in response.content.decode()


def test_status_changes_follow_the_lifecycle(staff_client, project):
    url = reverse("programme:project-status", args=[project.pk])
    response = staff_client.post(url, {"status": "completed"})
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.status == "proposed"
    assert staff_client.post(url, {"status": "in_preparation", "note": "Ohjausryhmä 5.5."}).status_code == 302
    project.refresh_from_db()
    assert project.status == "in_preparation"
    assert AuditEvent.objects.get(action="project.status").note == "Ohjausryhmä 5.5."


def test_an_overspending_entry_is_shown_a_warning_first_and_saved_only_when_confirmed(staff_client, budget_line):
    url = reverse("programme:budget-entry-create", args=[budget_line.pk])
    data = {"kind": "committed", "amount": "12000", "entry_date": "2026-05-01", "note": "Tilat"}
    response = staff_client.post(url, data, HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="warning-box" role="alert"' in html
    assert "Kokouskulut" in html and "2\xa0000" in html
    assert not BudgetEntry.objects.exists()
    response = staff_client.post(url, {**data, "confirm_overspend": "on"})
    assert response.status_code == 302
    assert BudgetEntry.objects.get().amount == 12000


def test_an_entry_that_fits_is_saved_without_a_warning(staff_client, budget_line):
    url = reverse("programme:budget-entry-create", args=[budget_line.pk])
    response = staff_client.post(url, {"kind": "spent", "amount": "500", "entry_date": "2026-05-01"})
    assert response.status_code == 302
    assert budget_line.totals()["spent"] == 500


def test_a_measurement_form_names_the_missing_fields(staff_client, cell):
    response = staff_client.post(reverse("programme:measurement-create", args=[cell.pk]), {"value": "abc"},
                                 HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Arvo: " in html and "Mittauspäivä: " in html and "Lähde: " in html
    assert not Measurement.objects.exists()


def test_a_measurement_through_the_form_updates_the_dashboard_once_approved(staff_client, cell):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from yhteiso.core.permissions import PROGRAMME_STAFF
    from yhteiso.programme.models import Measurement

    response = staff_client.post(reverse("programme:measurement-create", args=[cell.pk]), {
        "value": "16", "measured_on": "2027-10-01", "source": "Kuntapalvelututkimus 2027"})
    assert response.status_code == 302
    html = staff_client.get(reverse("programme:dashboard"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    row_status = '<ul class="plain statuses"><li><span class="status status-on_track">'
    assert row_status not in html  # proposed: not counted yet
    checker = get_user_model().objects.create_user(username="checker")
    checker.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    staff_client.force_login(checker)
    staff_client.post(reverse("programme:measurement-approve", args=[Measurement.objects.get().pk]))
    html = staff_client.get(reverse("programme:dashboard"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert row_status in html
    page = staff_client.get(reverse("programme:indicator-detail", args=[cell.indicator.code])).content.decode()
    assert "<svg" in page  # the chart is behind the link


def test_editing_a_cell_target_through_the_form_is_audited(staff_client, cell):
    response = staff_client.post(reverse("programme:cell-edit", args=[cell.pk]), {
        "order": 0, "label_fi": cell.label_fi, "disaggregation": "city", "baseline_value": "19",
        "baseline_year": "2025", "target_kind": "number", "target_value": "15", "target_year": "2029"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="cell.target")
    assert event.before["target_kind"] == "direction" and event.after["target_kind"] == "number"


def test_steering_group_members_can_comment_and_the_public_cannot_see_comments(client, member_user, project):
    url = reverse("programme:project-comment", args=[project.pk])
    assert client.post(url, {"body": "Hei"}).status_code == 302  # to the login page
    assert not ProjectComment.objects.exists()
    client.force_login(member_user)
    assert client.post(url, {"body": "Kannatan ehdotusta."}).status_code == 302
    page = client.get(reverse("programme:project-detail", args=[project.pk])).content.decode()
    assert "Kannatan ehdotusta." in page
    client.logout()
    page = client.get(reverse("programme:project-detail", args=[project.pk])).content.decode()
    assert "Kannatan ehdotusta." not in page


def test_plain_users_cannot_comment(client, plain_user, project):
    client.force_login(plain_user)
    assert client.post(reverse("programme:project-comment", args=[project.pk]), {"body": "x"}).status_code == 403


def test_the_dashboard_shows_every_indicator_in_one_table(client, demo):
    html = client.get(reverse("programme:dashboard"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    for code in ("1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4"):
        assert f'<span class="code">{code}</span>' in html
    assert html.count('<th scope="row" class="indicator-name">') == 11
    assert "73,4" in html and "76,82\xa0%" in html
    assert html.count("<h1") == 1


def test_the_swedish_dashboard_marks_finnish_only_text_with_lang(client, demo):
    from yhteiso.programme.models import Project

    client.cookies["yhteiso_language"] = "sv"
    html = client.get(reverse("programme:project-list")).content.decode()
    assert "Utveckling av stadens gemensamma kunskapsbas om segregation" in html
    Project.objects.filter(name_fi="Kaupungin yhteisen segregaatiotietopohjan kehittäminen").update(name_sv="")
    html = client.get(reverse("programme:project-list")).content.decode()
    # the Finnish name keeps Finnish hyphenation on the Swedish page (soft hyphens, invisible)
    assert ('<span lang="fi">Kaupungin yhteisen seg\u00adre\u00adgaa\u00adti\u00ado\u00adtie\u00adto\u00adpoh\u00adjan '
            'ke\u00adhit\u00adtä\u00admi\u00adnen</span>') in html


def test_filters_narrow_the_project_list(client, demo):
    url = reverse("programme:project-list")
    assert client.get(url, {"goal": 3}).context["projects"].count() == 1
    assert client.get(url, {"target_group": "older_people"}).context["projects"].count() == 1
    assert client.get(url, {"status": "completed"}).context["projects"].count() == 0
    assert client.get(url, {"goal": "x", "status": "bogus"}).context["projects"].count() == 6


def test_measurements_entered_by_the_system_are_listed_for_approval(staff_client, client, cell):
    from yhteiso.programme import services

    services.measurement_create(cell=cell, value=Decimal(18), measured_on=dt.date(2027, 5, 1), source="Tuonti",
                                actor=None)
    url = reverse("programme:indicator-detail", args=[cell.indicator.code])
    public = Client().get(url).content.decode()
    assert "Kaikki vastaajat" in public and "Tuonti" not in public  # the public page: not approved yet
    response = staff_client.get(reverse("programme:indicator-detail", args=[cell.indicator.code]))
    assert response.status_code == 200
    assert "Tuonti" in response.content.decode()


def test_staff_mark_a_commitment_as_paid(staff_client, budget_line, staff_user):
    from yhteiso.programme import services

    entry = services.budget_commit(line=budget_line, amount=Decimal(300), actor=staff_user)
    response = staff_client.post(reverse("programme:budget-entry-spent", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.kind == "spent"
    assert staff_client.get(reverse("programme:budget-entry-spent", args=[entry.pk])).status_code == 405


def test_the_overspend_confirmation_is_offered_only_with_a_warning(staff_client, budget_line):
    url = reverse("programme:budget-entry-create", args=[budget_line.pk])
    assert "confirm_overspend" not in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"kind": "committed", "amount": "99999", "entry_date": "2026-05-01"})
    assert 'name="confirm_overspend"' in response.content.decode()
