"""Bounded loopback load test: concurrent respondents submit whole surveys to a real server process; every
accepted submission is stored exactly once and nothing answers 5xx. In the normal run it is short
(YHTEISO_LOAD_SECONDS, default 5 s; YHTEISO_LOAD_CLIENTS, default 20); the full run (200 clients, 60 s) is
`python benchmarks/survey_load.py run --write-results`."""

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


def test_concurrent_respondents_are_stored_exactly_once_without_server_errors():
    seconds = float(os.environ.get("YHTEISO_LOAD_SECONDS", "5"))
    clients = int(os.environ.get("YHTEISO_LOAD_CLIENTS", "20"))
    result = _harness().run_load(clients=clients, seconds=seconds)
    assert result["requests"] > 0
    assert not any(int(status) >= 500 for status in result["statuses"]), result["statuses"]
    assert set(result["statuses"]) <= {200, 201}, result["statuses"]
    assert result["accepted"] == result["accepted_distinct"] == result["stored"] == result["stored_distinct"]
    assert result["statuses"].get(200, 0) > 0  # retries with the same submission_id were answered, not stored
