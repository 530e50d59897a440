"""The programme API: shapes of the reads, 404 for unknown ids, and staff-only writes (401/403/400/422)."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import PROGRAMME_STAFF
from yhteiso.programme.models import BudgetEntry, Measurement

pytestmark = pytest.mark.django_db


def _json(client, method, url, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_goals_nest_indicators_and_cells_with_baseline_latest_target_and_status(client, demo):
    data = client.get("/api/v1/goals").json()
    assert [g["number"] for g in data] == [1, 2, 3]
    participation = next(i for i in data[0]["indicators"] if i["code"] == "1.2")
    cell = next(c for c in participation["cells"] if c["label"] == "Vammaiset")
    assert cell["baseline"] == {"value": 59.1, "year": 2026, "date": None,
                                "source": "Espoon osallisuus- ja hyvinvointikysely 2026"}
    assert cell["latest"] is None
    assert cell["target"]["kind"] == "converge" and cell["target"]["year"] == 2029
    assert cell["status"] == "scheduled" and cell["reason"]
    school = next(i for i in data[2]["indicators"] if i["code"] == "3.3")["cells"][0]
    assert school["baseline"]["value"] == 76.82 and school["target"]["value"] == 78.0


def test_the_reason_follows_the_request_language(client, demo):
    sv = client.get("/api/v1/goals", HTTP_ACCEPT_LANGUAGE="sv").json()
    fi = client.get("/api/v1/goals", HTTP_ACCEPT_LANGUAGE="fi").json()
    assert sv[0]["name"].startswith("Esbobornas")
    assert sv[1]["indicators"][1]["cells"][0]["reason"] != fi[1]["indicators"][1]["cells"][0]["reason"]


def test_projects_list_and_detail(client, demo):
    projects = client.get("/api/v1/projects").json()
    assert len(projects) == 6
    one = client.get(f"/api/v1/projects/{projects[1]['id']}").json()
    assert one["name"].startswith("Espoo ihmisoikeuskaupunkina")
    assert one["goals"] == [1] and one["planned_cost_min"] == "8000.00" and one["planned_cost_max"] == "10000.00"
    assert set(one) >= {"status", "target_groups", "target_areas", "partners", "committed", "spent",
                        "allowed_statuses"}
    assert len(client.get("/api/v1/projects", {"goal": 3}).json()) == 1


def test_unknown_ids_give_404(client, demo):
    assert client.get("/api/v1/projects/99999").status_code == 404
    assert client.get("/api/v1/budget/2031").status_code == 404


def test_the_budget_of_2026(client, demo):
    data = client.get("/api/v1/budget/2026").json()
    assert Decimal(data["total"]) == 200000
    assert [Decimal(line["amount"]) for line in data["lines"]] == [77000, 25000, 10000, 88000]
    assert Decimal(data["available"]) == 200000 and data["entries"] == []


def test_risks_and_calendar(client, demo):
    assert len(client.get("/api/v1/risks").json()) == 4
    calendar = client.get("/api/v1/reporting-calendar").json()
    assert calendar[0]["date"] == "2026-12-31"
    assert any(d["kind"] == "final_report" and d["date"] is None for d in calendar)


def test_the_openapi_document_lists_the_programme_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/goals", "/api/v1/projects", "/api/v1/projects/{project_id}", "/api/v1/budget/{year}",
                 "/api/v1/measurements", "/api/v1/projects/{project_id}/status"):
        assert path in paths


# --- writes -----------------------------------------------------------------------------------------------------

def test_anonymous_writes_get_401(client, cell, project):
    assert _json(client, "post", "/api/v1/measurements", {"cell_id": cell.pk}).status_code == 401
    assert _json(client, "patch", f"/api/v1/projects/{project.pk}/status", {"status": "approved"}).status_code == 401
    assert _json(client, "post", "/api/v1/budget-entries", {"line_id": 1, "amount": 1}).status_code == 401


@pytest.mark.parametrize("who", ["member_user", "plain_user"])
def test_writes_by_other_roles_get_403(client, request, who, cell, project, budget_line):
    client.force_login(request.getfixturevalue(who))
    body = {"cell_id": cell.pk, "value": 1, "measured_on": "2027-01-01", "source": "S"}
    assert _json(client, "post", "/api/v1/measurements", body).status_code == 403
    assert _json(client, "patch", f"/api/v1/projects/{project.pk}/status", {"status": "approved"}).status_code == 403
    assert _json(client, "post", "/api/v1/budget-entries",
                 {"line_id": budget_line.pk, "amount": 1}).status_code == 403
    assert not Measurement.objects.exists() and not BudgetEntry.objects.exists()


def test_staff_record_a_measurement_and_a_second_staff_member_approves_it(staff_client, client, cell):
    body = {"cell_id": cell.pk, "value": "17.5", "measured_on": "2027-10-01", "source": "Kuntapalvelututkimus 2027"}
    response = _json(staff_client, "post", "/api/v1/measurements", body)
    assert response.status_code == 201
    data = response.json()
    # Proposed: it does not count yet, and its author cannot approve it.
    assert data["value"] == 17.5 and data["state"] == "proposed" and data["status"] == "not_enough_data"
    approve = f"/api/v1/measurements/{data['id']}/approve"
    response = _json(staff_client, "post", approve, {})
    assert response.status_code == 400 and "toinen henkilö" in response.json()["detail"][0]["msg"]
    checker = get_user_model().objects.create_user(username="checker2")
    checker.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    client.force_login(checker)
    response = _json(client, "post", approve, {})
    assert response.status_code == 200
    assert response.json()["state"] == "approved" and response.json()["status"] == "on_track"
    assert AuditEvent.objects.filter(action="measurement.create", object_id=str(data["id"])).exists()
    assert AuditEvent.objects.filter(action="measurement.approve", object_id=str(data["id"]),
                                     actor=checker).exists()
    assert _json(client, "post", approve, {}).status_code == 400  # already approved


def test_a_measurement_with_bad_fields_is_refused_naming_them(staff_client, cell):
    response = _json(staff_client, "post", "/api/v1/measurements",
                     {"cell_id": cell.pk, "value": "many", "measured_on": "yesterday"})
    assert response.status_code == 422
    locations = {tuple(e["loc"]) for e in response.json()["detail"]}
    assert ("body", "payload", "value") in locations and ("body", "payload", "measured_on") in locations
    response = _json(staff_client, "post", "/api/v1/measurements",
                     {"cell_id": cell.pk, "value": 1, "measured_on": "2027-01-01", "source": ""})
    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"] == ["body", "source"]
    response = _json(staff_client, "post", "/api/v1/measurements",
                     {"cell_id": 999, "value": 1, "measured_on": "2027-01-01", "source": "S"})
    assert response.status_code == 400 and response.json()["detail"][0]["loc"] == ["body", "cell_id"]
    assert not Measurement.objects.exists()


def test_staff_change_a_project_status_along_the_lifecycle_only(staff_client, project):
    url = f"/api/v1/projects/{project.pk}/status"
    response = _json(staff_client, "patch", url, {"status": "completed"})
    assert response.status_code == 400 and response.json()["detail"][0]["loc"] == ["body", "status"]
    response = _json(staff_client, "patch", url, {"status": "approved", "note": "Kokous 3/2026"})
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["allowed_statuses"] == ["in_progress", "rejected"]
    assert _json(staff_client, "patch", "/api/v1/projects/9999/status", {"status": "approved"}).status_code == 404


def test_a_budget_entry_over_the_line_is_refused_unless_confirmed(staff_client, budget_line):
    body = {"line_id": budget_line.pk, "amount": "10000.01", "kind": "committed"}
    response = _json(staff_client, "post", "/api/v1/budget-entries", body)
    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"] == ["body", "amount"]
    assert not BudgetEntry.objects.exists()
    response = _json(staff_client, "post", "/api/v1/budget-entries", {**body, "allow_overspend": True})
    assert response.status_code == 201 and Decimal(response.json()["amount"]) == Decimal("10000.01")


def test_writes_need_the_csrf_token(staff_user, cell):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    body = {"cell_id": cell.pk, "value": 1, "measured_on": "2027-01-01", "source": "S"}
    response = _json(client, "post", "/api/v1/measurements", body)
    assert response.status_code in (401, 403)
    assert not Measurement.objects.exists()
    client.get("/ohjelma/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.post("/api/v1/measurements", data=json.dumps(body), content_type="application/json",
                           HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201
