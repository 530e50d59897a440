"""The year's meeting plan: staff plan about eight meetings at once; bad rows are refused naming the row and nothing
is saved; the plan shows on the public steering-group page and on a member's own page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from yhteiso.core.models import AuditEvent
from yhteiso.governance import services
from yhteiso.governance.models import Meeting

YEAR = 2027
DATES = ["2027-01-20", "2027-03-03", "2027-04-14", "2027-05-26", "2027-06-09", "2027-09-01", "2027-10-13",
         "2027-12-01"]


def _rows(dates, ideation=()):
    return [{"date": dt.date.fromisoformat(d), "is_ideation": d in ideation, "title": ""} for d in dates]


def _post_data(dates, *, year=YEAR, ideation=(), start="14:00", end="16:00", extra=None):
    data = {"year": str(year), "start_time": start, "end_time": end, "place": "Espoon kaupungintalo",
            "agenda_lead_days": "7", "rows-TOTAL_FORMS": "10", "rows-INITIAL_FORMS": "0",
            "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "10"}
    for i, day in enumerate(dates):
        data[f"rows-{i}-date"] = day
        if day in ideation:
            data[f"rows-{i}-is_ideation"] = "on"
    data.update(extra or {})
    return data


@pytest.mark.django_db
def test_staff_plan_eight_meetings_with_two_ideation_meetings_and_each_is_audited(staff):
    meetings = services.meeting_plan_create(actor=staff, year=YEAR, rows=_rows(DATES, ideation=DATES[2:4]),
                                            start_time=dt.time(14), end_time=dt.time(16), place="Tapiola")
    assert [m.date.isoformat() for m in meetings] == DATES
    assert Meeting.objects.filter(date__year=YEAR, is_ideation=True).count() == 2
    assert all(m.place == "Tapiola" and m.start_time == dt.time(14) for m in meetings)
    assert AuditEvent.objects.filter(action="meeting.create").count() == 8


@pytest.mark.django_db
@pytest.mark.parametrize(("rows", "message"), [
    (_rows(["2027-01-20", "2028-02-01"]), "Row 2: the date 1.2.2028 is not in 2027."),
    (_rows(["2027-01-20", "2027-03-03", "2027-01-20"]), "Row 3: the date 20.1.2027 is already on row 1."),
    (_rows(DATES[:3], ideation=DATES[:3]), "would have 3"),
    ([], "at least one meeting"),
    (_rows([f"2027-01-{d:02d}" for d in range(1, 14)]), "At most 12 meetings"),
])
def test_a_bad_plan_is_refused_naming_the_row_and_nothing_is_saved(staff, rows, message):
    with pytest.raises(ValidationError) as exc:
        services.meeting_plan_create(actor=staff, year=YEAR, rows=rows, start_time=dt.time(14))
    assert any(message in m for m in exc.value.messages), exc.value.messages
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_date_that_already_has_a_meeting_is_refused(staff):
    services.meeting_create(actor=staff, date=dt.date(2027, 3, 3), start_time=dt.time(9))
    services.meeting_create(actor=staff, date=dt.date(2027, 2, 3), start_time=dt.time(9), is_ideation=True)
    with pytest.raises(ValidationError) as exc:
        services.meeting_plan_create(actor=staff, year=YEAR, rows=_rows(DATES[:3], ideation=DATES[:2]),
                                     start_time=dt.time(14))
    assert "Row 2: the steering group already has a meeting on 3.3.2027." in exc.value.messages
    assert any("would have 3" in m for m in exc.value.messages)  # the existing ideation meeting counts
    assert Meeting.objects.count() == 2


@pytest.mark.django_db
def test_a_row_whose_own_start_is_after_the_common_end_is_refused_naming_it(staff):
    rows = _rows(DATES[:2])
    rows[1]["start_time"] = dt.time(17)
    with pytest.raises(ValidationError) as exc:
        services.meeting_plan_create(actor=staff, year=YEAR, rows=rows, start_time=dt.time(14),
                                     end_time=dt.time(16))
    assert exc.value.messages == ["Row 2: The meeting must end after it starts."]
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_only_staff_may_plan_in_the_service(member_user, plain_user):
    for actor in (member_user, plain_user):
        with pytest.raises(PermissionDenied):
            services.meeting_plan_create(actor=actor, year=YEAR, rows=_rows(DATES[:1]), start_time=dt.time(14))
    assert not Meeting.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "status"), [(None, 302), ("plain_user", 403), ("member_user", 403)])
def test_the_plan_form_is_for_staff_only(client, request, who, status):
    if who:
        client.force_login(request.getfixturevalue(who))
    url = reverse("governance:meeting-plan")
    assert client.get(url).status_code == status
    assert client.post(url, _post_data(DATES)).status_code == status
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_staff_plan_a_year_in_one_form_and_it_shows_to_the_public_and_on_the_members_page(client, staff,
                                                                                         member_user):
    client.force_login(staff)
    response = client.post(reverse("governance:meeting-plan"), _post_data(DATES, ideation=[DATES[4]]))
    assert response.status_code == 302
    assert Meeting.objects.filter(date__year=YEAR).count() == 8
    client.logout()
    from django.test import override_settings
    with override_settings(LANGUAGE_CODE="fi"):
        page = client.get(reverse("governance:index"), HTTP_ACCEPT_LANGUAGE="fi")
    html = page.content.decode()
    assert "ke 9.6.2027" in html or "9.6.2027" in html
    assert html.count('class="ideation"') == 1
    client.force_login(member_user)
    home = client.get(reverse("governance:home")).content.decode()
    assert "1.12.2027" in home


@pytest.mark.django_db
def test_a_bad_row_in_the_form_is_shown_with_its_row_and_nothing_is_saved(client, staff):
    client.force_login(staff)
    response = client.post(reverse("governance:meeting-plan"),
                           _post_data(["2027-01-20", "2026-05-05"]), HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    assert "Rivi 2: päivämäärä 5.5.2026 ei ole vuonna 2027." in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_row_with_a_title_but_no_date_names_the_row(client, staff):
    client.force_login(staff)
    response = client.post(reverse("governance:meeting-plan"),
                           _post_data(["2027-01-20"], extra={"rows-3-title": "Ideointi"}))
    assert response.status_code == 400
    assert "Rivi 4" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_more_rows_than_the_form_has_are_refused_not_a_500(client, staff):
    client.force_login(staff)
    data = _post_data(DATES, extra={"rows-TOTAL_FORMS": "5000"})
    response = client.post(reverse("governance:meeting-plan"), data)
    assert response.status_code == 400
    assert not Meeting.objects.exists()
