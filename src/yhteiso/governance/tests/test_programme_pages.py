"""One programme's steering group per page (issue 14 item 9, hprog3): the public steering-group page and its API
list only the chosen programme's members (the default programme without a choice), and the year's meeting-plan
form creates the meetings in the chosen programme."""

import datetime as dt

import pytest
from django.urls import reverse

from yhteiso.governance import services
from yhteiso.governance.models import Meeting, SteeringGroupMember
from yhteiso.governance.tests.test_meeting_plan import DATES, YEAR, _post_data, _rows
from yhteiso.programme.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(db):
    return Programme.objects.create(slug="kestava-espoo", name_fi="Kestävä Espoo", name_en="Sustainable Espoo",
                                    start_year=2025, end_year=2029)


@pytest.fixture
def members(other):
    a = SteeringGroupMember.objects.create(programme=Programme.objects.default(), name="Aino Oletusjäsen")
    SteeringGroupMember.objects.create(programme=a.programme, name="Ari Oletusvarajäsen", deputy_of=a)
    b = SteeringGroupMember.objects.create(programme=other, name="Bertta Toisenjäsen")
    return a, b


def test_the_steering_group_page_shows_one_programme_and_names_it(client, members, other):
    html = client.get(reverse("governance:index"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Aino Oletusjäsen" in html and "Ari Oletusvarajäsen" in html
    assert "Bertta Toisenjäsen" not in html
    assert "Yhteisöllinen Espoo -ohjelman ohjausryhmä" in html  # the default programme named in the heading
    html = client.get(reverse("governance:index") + "?ohjelma=kestava-espoo", HTTP_ACCEPT_LANGUAGE="fi")
    html = html.content.decode()
    assert "Bertta Toisenjäsen" in html
    assert "Aino Oletusjäsen" not in html and "Ari Oletusvarajäsen" not in html
    assert "Kestävä Espoo" in html and "Yhteisöllinen Espoo -ohjelman ohjausryhmä" not in html
    assert 'name="ohjelma"' in html  # the chooser, without JavaScript


def test_an_unknown_programme_is_not_found(client, members):
    assert client.get(reverse("governance:index") + "?ohjelma=ei-ole").status_code == 404
    assert client.get("/api/v1/steering-group?programme=ei-ole").status_code == 404


def test_the_steering_group_api_lists_one_programme(client, members):
    default = [m["name"] for m in client.get("/api/v1/steering-group").json()]
    assert default == ["Aino Oletusjäsen"]
    other = client.get("/api/v1/steering-group?programme=kestava-espoo").json()
    assert [m["name"] for m in other] == ["Bertta Toisenjäsen"]


def test_the_page_shows_only_the_programmes_meeting_plan(client, staff, other):
    services.meeting_plan_create(actor=staff, year=YEAR, rows=_rows(DATES[:1]), start_time=dt.time(14))
    services.meeting_plan_create(actor=staff, year=YEAR, rows=_rows(DATES[1:2]), start_time=dt.time(14),
                                 programme=other)
    with _year(YEAR):
        a = client.get(reverse("governance:index")).content.decode()
        b = client.get(reverse("governance:index") + "?ohjelma=kestava-espoo").content.decode()
    assert "20.1.2027" in a and "3.3.2027" not in a
    assert "3.3.2027" in b and "20.1.2027" not in b


def _year(year):
    from unittest import mock
    return mock.patch("django.utils.timezone.localdate", return_value=dt.date(year, 1, 5))


def test_the_meeting_plan_form_creates_the_meetings_in_the_chosen_programme(client, staff, other):
    client.force_login(staff)
    page = client.get(reverse("governance:meeting-plan") + "?ohjelma=kestava-espoo").content.decode()
    assert f'<option value="{other.pk}" selected>' in page  # shown on the form, chosen beforehand
    response = client.post(reverse("governance:meeting-plan"), _post_data(DATES[:3], extra={"programme": other.pk}))
    assert response.status_code == 302 and "?ohjelma=kestava-espoo" in response["Location"]
    assert set(Meeting.objects.values_list("programme", flat=True)) == {other.pk}
    assert other.meetings.count() == 3


def test_the_plan_checks_dates_against_its_own_programme_only(client, staff, other):
    """B's steering group may meet on a day A's does; A's meetings do not count against B's plan, and the other
    way round."""
    services.meeting_create(actor=staff, date=dt.date.fromisoformat(DATES[0]), start_time=dt.time(9),
                            is_ideation=True)
    services.meeting_create(actor=staff, date=dt.date(2027, 2, 1), start_time=dt.time(9), is_ideation=True)
    client.force_login(staff)
    response = client.post(reverse("governance:meeting-plan"),
                           _post_data(DATES[:2], ideation=DATES[:2], extra={"programme": other.pk}))
    assert response.status_code == 302
    assert other.meetings.filter(is_ideation=True).count() == 2
    response = client.post(reverse("governance:meeting-plan"), _post_data(DATES[:1]))  # A already meets then
    assert response.status_code == 400
    assert Meeting.objects.filter(programme=Programme.objects.default()).count() == 2


def test_an_unknown_programme_in_the_plan_form_is_a_clear_message(client, staff):
    client.force_login(staff)
    response = client.post(reverse("governance:meeting-plan"), _post_data(DATES[:1], extra={"programme": "999999"}),
                           HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    assert "ohjelma: Valitse oikea vaihtoehto" in response.content.decode() and not Meeting.objects.exists()


def test_the_front_page_s_next_meeting_is_the_default_programme_s(client, staff, other):
    """The front page is the default programme's: another programme's sooner meeting does not show there."""
    today = dt.date.today()
    services.meeting_create(actor=staff, date=today + dt.timedelta(days=2), start_time=dt.time(9), programme=other)
    services.meeting_create(actor=staff, date=today + dt.timedelta(days=6), start_time=dt.time(9))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Ohjausryhmän seuraava kokous" in page and "6 päivää jäljellä" in page
    assert "2 päivää jäljellä" not in page


def test_the_published_minutes_list_is_per_programme(client, staff, other, make_meeting):
    mine = make_meeting()
    theirs = make_meeting(date=mine.date - dt.timedelta(days=7))
    theirs.programme = other
    theirs.save()
    Meeting.objects.filter(pk__in=[mine.pk, theirs.pk]).update(status="published")
    url = reverse("governance:minutes-list")
    a = client.get(url).content.decode()
    b = client.get(url + "?ohjelma=kestava-espoo").content.decode()
    assert reverse("governance:minutes-detail", args=[mine.pk]) in a
    assert reverse("governance:minutes-detail", args=[theirs.pk]) not in a
    assert reverse("governance:minutes-detail", args=[theirs.pk]) in b
    assert reverse("governance:minutes-detail", args=[mine.pk]) not in b
    assert client.get(url + "?ohjelma=ei-ole").status_code == 404
    index = client.get(reverse("governance:index") + "?ohjelma=kestava-espoo").content.decode()
    assert f'href="{url}?ohjelma=kestava-espoo"' in index
