"""Bounded loopback load test through the shipped server: concurrent respondents submit whole surveys to
`yhteiso serve`; every accepted submission is stored exactly once, retries of a submission id answer 200 and store
nothing, nothing answers 5xx and no connection fails. Short here (YHTEISO_LOAD_SECONDS, default 10 s;
YHTEISO_LOAD_CLIENTS, default 40) on SQLite, or on PostgreSQL when YHTEISO_LOAD_DATABASE_URL names a server; the
full run (200 clients, 60 s) is `python benchmarks/survey_load.py run --write-results`."""

import importlib.util
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.load

HARNESS = Path(__file__).resolve().parents[2] / "benchmarks" / "survey_load.py"


def _harness():
    spec = importlib.util.spec_from_file_location("survey_load_harness", HARNESS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_concurrent_respondents_through_the_production_server_are_stored_exactly_once():
    seconds = float(os.environ.get("YHTEISO_LOAD_SECONDS", "10"))
    clients = int(os.environ.get("YHTEISO_LOAD_CLIENTS", "40"))
    result = _harness().run_load(clients=clients, seconds=seconds)
    assert result["requests"] > 0 and result["server_processes_alive"], result
    assert not any(int(status) >= 500 for status in result["statuses"]), result["statuses"]
    assert set(result["statuses"]) <= {200, 201}, result["statuses"]
    assert result["connection_errors"] == 0, result
    assert result["accepted"] == result["accepted_distinct"] == result["stored"] == result["stored_distinct"], result
    assert result["retries_answered_200"] > 0  # retries with the same submission_id were answered, not stored


@pytest.mark.skipif(not os.environ.get("YHTEISO_LOAD_DATABASE_URL"), reason="needs YHTEISO_LOAD_DATABASE_URL")
def test_two_server_instances_on_one_postgresql_store_each_submission_once():
    result = _harness().run_load(clients=int(os.environ.get("YHTEISO_LOAD_CLIENTS", "40")),
                                 seconds=float(os.environ.get("YHTEISO_LOAD_SECONDS", "10")), instances=2)
    assert not any(int(status) >= 500 for status in result["statuses"]), result["statuses"]
    assert result["connection_errors"] == 0
    assert result["accepted"] == result["stored"] == result["stored_distinct"], result
