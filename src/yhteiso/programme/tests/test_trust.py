"""Indicator values that can be trusted (issue 14): every path refuses a value outside the scale, in another unit,
for another area or outside the programme period, storing nothing; new values count only after a second person
approves them; a cell whose next measurement is not yet due reads neutrally."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from yhteiso.areas.models import Area
from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import PROGRAMME_STAFF
from yhteiso.programme import selectors, services
from yhteiso.programme.models import Indicator, IndicatorCell, IndicatorUnit, Measurement, TargetKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def leppavaara(db):
    return Area.objects.create(level="suuralue", code="LEP", name_fi="Leppävaara", name_sv="Alberga")


@pytest.fixture
def mean_cell(goals, leppavaara):
    """Indicator 2.2 as the plan has it: a mean on 1–5, measured for one area, baseline 4.05."""
    indicator = Indicator.objects.create(goal=goals[1], code="2.2", name_fi="Turvallisuus", name_sv="Trygghet",
                                         unit=IndicatorUnit.SCORE_5, scale_min=Decimal(1), scale_max=Decimal(5))
    return IndicatorCell.objects.create(
        indicator=indicator, label_fi="Leppävaara: ilta", label_sv="Alberga: kväll", area=leppavaara,
        disaggregation="area", baseline_value=Decimal("4.05"), baseline_year=2025,
        target_kind=TargetKind.DIRECTION, target_direction="increasing", next_measurement_year=2027)


def _create(cell, actor, **kwargs):
    fields = {"value": Decimal("4.2"), "measured_on": dt.date(2027, 5, 1), "source": "KPT 2027"} | kwargs
    return services.measurement_create(cell=cell, actor=actor, **fields)


def _staff(name):
    user = get_user_model().objects.create_user(username=name)
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    return user


# --- the service: every path comes here --------------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "field", "words"), [
    ({"value": Decimal("43.6")}, "value", "asteikon"),
    ({"value": Decimal("0.5")}, "value", "asteikon"),
    ({"unit": IndicatorUnit.PERCENT}, "unit", "Yksikkö"),
    ({"area": None}, "area", "Alue"),
    ({"measured_on": dt.date(2025, 12, 31)}, "measured_on", "ohjelmakauden"),
    ({"measured_on": dt.date(2030, 1, 1)}, "measured_on", "ohjelmakauden"),
])
def test_the_service_refuses_a_value_that_cannot_belong_to_the_cell(mean_cell, staff_user, kwargs, field, words):
    with translation.override("fi"), pytest.raises(ValidationError) as exc:
        _create(mean_cell, staff_user, **kwargs)
    assert list(exc.value.message_dict) == [field]
    assert words in exc.value.message_dict[field][0]
    assert not Measurement.objects.exists()
    assert not AuditEvent.objects.filter(action="measurement.create").exists()


def test_the_wrong_area_is_named_in_the_message(mean_cell, staff_user):
    other = Area.objects.create(level="suuralue", code="ESC", name_fi="Espoon keskus", name_sv="Esbo centrum")
    with translation.override("sv"), pytest.raises(ValidationError) as exc:
        _create(mean_cell, staff_user, area=other)
    assert "Esbo centrum" in exc.value.message_dict["area"][0] and "Alberga" in exc.value.message_dict["area"][0]


def test_a_value_on_the_scale_for_the_right_area_is_stored_as_proposed(mean_cell, staff_user, leppavaara):
    m = _create(mean_cell, staff_user, unit=IndicatorUnit.SCORE_5, area=leppavaara, value=Decimal(5))
    assert m.state == "proposed" and m.entered_by == staff_user


# --- the staff form and the API ------------------------------------------------------------------------------------

def test_the_staff_form_refuses_a_share_recorded_into_a_mean(staff_client, mean_cell):
    url = reverse("programme:measurement-create", args=[mean_cell.pk])
    response = staff_client.post(url, {"value": "43.6", "measured_on": "2027-05-01", "source": "Kysely"},
                                 HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    page = response.content.decode()
    assert "43,6" in page and "1–5" in page and "asteikon" in page
    assert not Measurement.objects.exists()


def _post(client, body):
    return client.post("/api/v1/measurements", data=json.dumps(body), content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE="fi")


@pytest.mark.parametrize(("extra", "field"), [
    ({"value": "43.6"}, "value"),
    ({"unit": "percent"}, "unit"),
    ({"measured_on": "2031-01-01"}, "measured_on"),
])
def test_the_api_refuses_naming_the_field(staff_client, mean_cell, extra, field):
    body = {"cell_id": mean_cell.pk, "value": "4.2", "measured_on": "2027-05-01", "source": "KPT"} | extra
    response = _post(staff_client, body)
    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"] == ["body", field]
    assert not Measurement.objects.exists()


def test_the_api_refuses_another_area(staff_client, mean_cell):
    other = Area.objects.create(level="suuralue", code="ESC", name_fi="Espoon keskus")
    body = {"cell_id": mean_cell.pk, "value": "4.2", "measured_on": "2027-05-01", "source": "KPT",
            "area_id": other.pk}
    response = _post(staff_client, body)
    assert response.status_code == 400 and response.json()["detail"][0]["loc"] == ["body", "area"]
    assert "Espoon keskus" in response.json()["detail"][0]["msg"]
    body["area_id"] = 987654
    assert _post(staff_client, body).json()["detail"][0]["loc"] == ["body", "area_id"]
    assert not Measurement.objects.exists()


# --- approval (four eyes) ----------------------------------------------------------------------------------------

def test_a_proposed_value_does_not_change_the_public_status(client, mean_cell, staff_user):
    before = selectors.cell_status(mean_cell, as_of=dt.date(2027, 6, 1))
    m = _create(mean_cell, staff_user, value=Decimal("1.5"))
    assert selectors.cell_status(mean_cell, as_of=dt.date(2027, 6, 1)) == before
    public = client.get("/api/v1/goals").json()
    cell = next(c for g in public for i in g["indicators"] for c in i["cells"] if c["id"] == mean_cell.pk)
    assert cell["latest"] is None
    services.measurement_approve(measurement=m, actor=_staff("second"))
    after = selectors.cell_status(mean_cell, as_of=dt.date(2027, 6, 1))
    assert after.status == "off_track" and after.latest == 1.5


def test_the_author_cannot_approve_but_the_data_owner_may(mean_cell, staff_user):
    m = _create(mean_cell, staff_user)
    with pytest.raises(ValidationError):
        services.measurement_approve(measurement=m, actor=staff_user)
    Indicator.objects.filter(pk=mean_cell.indicator_id).update(data_owner=staff_user)
    m.refresh_from_db()
    services.measurement_approve(measurement=m, actor=staff_user)
    assert Measurement.objects.get().state == "approved"
    actions = list(AuditEvent.objects.filter(object_id=str(m.pk)).values_list("action", flat=True))
    assert "measurement.create" in actions and "measurement.approve" in actions


def test_a_changed_value_needs_approval_again(mean_cell, staff_user):
    m = services.measurement_approve(measurement=_create(mean_cell, staff_user), actor=_staff("second"))
    services.measurement_update(measurement=m, actor=staff_user, value=Decimal("4.4"))
    assert Measurement.objects.get().state == "proposed"


def test_the_state_is_the_approval_itself(mean_cell, staff_user):
    """No stored state that could disagree with the approval: approved exactly when an approval time is set."""
    m = _create(mean_cell, staff_user)
    assert (m.state, m.approved_at, m.approved_by) == ("proposed", None, None)
    m = services.measurement_approve(measurement=m, actor=_staff("second"))
    assert m.state == "approved" and m.approved_at is not None and m.approved_by.username == "second"
    assert list(selectors.proposed_measurements()) == []
    services.measurement_update(measurement=m, actor=staff_user, note="corrected source")
    m.refresh_from_db()
    assert (m.state, m.approved_at, m.approved_by) == ("proposed", None, None)
    assert list(selectors.proposed_measurements()) == [m]


def test_staff_approve_on_the_indicator_page(client, mean_cell, staff_user):
    m = _create(mean_cell, staff_user)
    client.force_login(staff_user)
    page = client.get(reverse("programme:indicator-detail", args=["2.2"])).content.decode()
    assert reverse("programme:measurement-approve", args=[m.pk]) in page
    client.post(reverse("programme:measurement-approve", args=[m.pk]))
    assert Measurement.objects.get().state == "proposed"  # the author: refused
    client.force_login(_staff("second"))
    assert client.get(reverse("programme:measurement-approve", args=[m.pk])).status_code == 405
    client.post(reverse("programme:measurement-approve", args=[m.pk]))
    assert Measurement.objects.get().state == "approved"


# --- the neutral state -------------------------------------------------------------------------------------------

def test_a_cell_whose_next_measurement_is_not_due_reads_neutrally(mean_cell):
    with translation.override("fi"):
        overview = selectors.programme_overview(as_of=dt.date(2026, 12, 1))
        entry = next(c for g in overview for i in g["indicators"] for c in i["cells"] if c["id"] == mean_cell.pk)
        assert entry["status"] == "scheduled"
        assert entry["status_label"] == "Lähtötaso mitattu 2025 · seuraava mittaus 2027"
        late = selectors.programme_overview(as_of=dt.date(2028, 2, 1))
        entry = next(c for g in late for i in g["indicators"] for c in i["cells"] if c["id"] == mean_cell.pk)
        assert entry["status"] == "not_enough_data" and entry["reason_code"] == "measurement_overdue"
