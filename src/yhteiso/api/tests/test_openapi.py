"""The OpenAPI document at /api/v1/openapi.json is a valid OpenAPI document, its schema names are unique, and what
every GET endpoint returns (on the real demo data) matches the schema the document promises for it."""

import io
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from yhteiso.core.commands.demo import DEMO_MODULES

SCHEMA_PATH = "/api/v1/openapi.json"


@pytest.fixture
def document(client, db):
    response = client.get(SCHEMA_PATH)
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_is_valid(document):
    validate(document)  # raises with the offending path on any error
    assert document["info"]["title"] == "Yhteisö API"


def test_each_schema_name_belongs_to_one_schema_so_clients_get_the_right_one(document):

    components = document["components"]["schemas"]
    # /projects returns the programme's projects, not the budgeting app's ballot projects.
    projects = document["paths"]["/api/v1/projects"]["get"]["responses"]["200"]["content"]["application/json"]
    ref = projects["schema"]["items"]["$ref"].rsplit("/", 1)[1]
    assert {"id", "name", "status"} <= set(components[ref]["properties"])
    assert "fate" not in components[ref]["properties"]
    # Every schema class of every app's API module has its own component name (ninja names components by class).
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import yhteiso

    owners: dict[str, set[str]] = {}
    for info in pkgutil.iter_modules(yhteiso.__path__):
        try:
            module = importlib.import_module(f"yhteiso.{info.name}.api")
        except ModuleNotFoundError:
            continue
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Schema) and obj.__module__ == module.__name__:
                owners.setdefault(name, set()).add(module.__name__)
    assert owners and all(len(modules) == 1 for modules in owners.values()), owners


def _load_demo():
    import importlib

    for name in DEMO_MODULES:
        importlib.import_module(name).load(stdout=io.StringIO())


def _fill(path: str, known: dict[str, str]) -> str | None:
    params = re.findall(r"{(\w+)}", path)
    if any(p not in known for p in params):
        return None
    for p in params:
        path = path.replace("{" + p + "}", str(known[p]))
    return path


@pytest.mark.slow
@pytest.mark.django_db
def test_every_get_endpoint_returns_what_the_document_promises(client, document):
    _load_demo()
    paths = document["paths"]
    get = lambda url: client.get(url)  # noqa: E731
    known = {}
    # Identifiers for the endpoints with path parameters, taken from the list endpoints.
    lists = {"project_id": ("/api/v1/projects", "id"), "meeting_id": ("/api/v1/meetings", "id"),
             "code": ("/api/v1/areas?level=postal_area", "code"), "survey_id": ("/api/v1/surveys", "id"),
             "slug": ("/api/v1/budgeting/rounds", "slug"), "report_id": ("/api/v1/reports", "id"),
             "assessment_id": ("/api/v1/impact-assessments", "id"), "proposal_id": ("/api/v1/proposals", "id")}
    for param, (url, key) in lists.items():
        rows = get(url).json()
        if rows:
            known[param] = rows[0][key]
    from yhteiso.programme.models import BudgetYear

    year = BudgetYear.objects.order_by("year").values_list("year", flat=True).first()
    if year:
        known["year"] = year
    mapsurveys = get("/api/v1/mapsurveys").json()
    checked, skipped, free_form = [], [], []
    for path, operations in paths.items():
        if "get" not in operations or path == SCHEMA_PATH:
            continue
        local = dict(known)
        if path.startswith("/api/v1/mapsurveys/") and mapsurveys:
            local["survey_id"] = mapsurveys[0]["id"]
        url = _fill(path, local)
        if url is None:
            skipped.append(path)
            continue
        response = get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        promised = operations["get"]["responses"]["200"]
        schema = promised.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:  # documented as free-form (GeoJSON documents): the status code is the promise
            free_form.append(path)
            continue
        validator = Draft202012Validator({**schema, "components": document["components"]})
        errors = sorted(validator.iter_errors(response.json()), key=lambda e: list(e.absolute_path))
        assert not errors, (url, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]])
        checked.append(path)
    # the demo's impact assessment is submitted, not accepted: the public sees none; a steering-group member does
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from yhteiso.core.permissions import STEERING_GROUP

    member = get_user_model().objects.create_user(username="api-member", password="pw-test-12345")
    member.groups.add(Group.objects.get(name=STEERING_GROUP))
    client.force_login(member)
    assessment_id = get("/api/v1/impact-assessments").json()[0]["id"]
    for path in ("/api/v1/impact-assessments", "/api/v1/impact-assessments/{assessment_id}"):
        url = _fill(path, {"assessment_id": assessment_id})
        response = get(url)
        assert response.status_code == 200, url
        schema = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        validator = Draft202012Validator({**schema, "components": document["components"]})
        assert not list(validator.iter_errors(response.json())), url
    skipped = [p for p in skipped if p != "/api/v1/impact-assessments/{assessment_id}"]
    assert not skipped or set(skipped) <= {"/api/v1/reports/{report_id}"}, skipped
    assert len(checked) + len(free_form) >= 25, (checked, free_form)
    assert len(checked) >= 18, checked
