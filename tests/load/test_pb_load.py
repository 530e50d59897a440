"""Bounded loopback load test of participatory-budgeting voting through the shipped server on PostgreSQL: afterwards
no ballot is lost or duplicated, none exceeds the budget, and there is one ballot and one roll entry per voter —
with one `yhteiso serve` and with two on the same database (each request to a random one, so the two halves of a
double click land on different servers). Short here (YHTEISO_PB_LOAD_SECONDS, default 10 s;
YHTEISO_PB_LOAD_VOTERS, default 40); the full run is `python benchmarks/pb_load.py --voters 500 --seconds 60`."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.load

HARNESS = Path(__file__).resolve().parents[2] / "benchmarks" / "pb_load.py"


def _harness():
    spec = importlib.util.spec_from_file_location("pb_load_harness", HARNESS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not os.environ.get("YHTEISO_PB_LOAD_DATABASE_URL") and not shutil.which("bash"),
                    reason="needs PostgreSQL")
@pytest.mark.parametrize("instances", [1, 2])
def test_concurrent_voters_changing_ballots_leave_exactly_one_valid_ballot_each(instances):
    seconds = float(os.environ.get("YHTEISO_PB_LOAD_SECONDS", "10"))
    voters = int(os.environ.get("YHTEISO_PB_LOAD_VOTERS", "40"))
    result = _harness().run_load(voters=voters, seconds=seconds, instances=instances)
    assert result.get("sign_in_failed", 0) == 0, result
    assert result["requests"] > 0 and result["server_processes_alive"]
    assert result["connection_errors"] == 0, result
    assert not any(int(code) >= 500 for code in result["statuses"]), result["statuses"]
    assert result.get("wrongly_accepted", 0) == 0 and result.get("wrongly_refused", 0) == 0, result
    assert result["lost_or_duplicated"] == 0, result
    assert result["over_budget_or_inconsistent"] == 0, result
    assert result["roll_entries"] == result["ballots"] == result["voted"] == voters, result
