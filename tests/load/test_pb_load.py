"""Bounded loopback load test of participatory-budgeting voting on PostgreSQL (a real server process): afterwards
no ballot is lost or duplicated, none exceeds the budget, and there is one ballot and one roll entry per voter.
Short in the normal run (YHTEISO_PB_LOAD_SECONDS, default 4 s; YHTEISO_PB_LOAD_VOTERS, default 30); the full run
(500 voters, 60 s) is `python benchmarks/pb_load.py` (numbers in benchmarks/results/pb.md)."""

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
def test_concurrent_voters_changing_ballots_leave_exactly_one_valid_ballot_each():
    seconds = float(os.environ.get("YHTEISO_PB_LOAD_SECONDS", "4"))
    voters = int(os.environ.get("YHTEISO_PB_LOAD_VOTERS", "30"))
    result = _harness().run_load(voters=voters, seconds=seconds)
    assert result.get("sign_in_failed", 0) == 0, result
    assert result["requests"] > 0
    assert not any(int(code) >= 500 for code in result["statuses"]), result["statuses"]
    assert result.get("wrongly_accepted", 0) == 0 and result.get("wrongly_refused", 0) == 0, result
    assert result["lost_or_duplicated"] == 0, result
    assert result["over_budget_or_inconsistent"] == 0, result
    assert result["roll_entries"] == result["ballots"] == result["voted"] == voters, result
