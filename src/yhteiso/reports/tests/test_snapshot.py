"""The snapshot format and the number formatting, without a database."""

from __future__ import annotations

import json

import pytest

from yhteiso.reports import formatting as f
from yhteiso.reports.snapshot import (
    SCHEMA,
    VERSION,
    SnapshotError,
    canonical_json,
    envelope,
    load_envelope,
    snapshot_hash,
    validate,
)


def minimal() -> dict:
    return {"schema": SCHEMA, "version": VERSION, "kind": "annual", "as_of": "2026-12-31",
            "data_date": "2026-12-31", "draft": False, "language": "fi",
            "period": {"start": "2026-01-01", "end": "2026-12-31"}, "missing_translations": [], "goals": [],
            "highlights": {"available": False}, "projects": [], "planned_projects": [], "budget": [], "risks": []}


def test_the_hash_does_not_depend_on_key_order_or_whitespace():
    data = minimal()
    shuffled = json.loads(json.dumps(dict(reversed(list(data.items()))), indent=4))
    assert snapshot_hash(shuffled) == snapshot_hash(data)
    assert canonical_json(data).startswith('{"as_of":"2026-12-31"')


def test_an_exported_snapshot_is_read_back_only_with_its_hash():
    data = minimal()
    text = json.dumps(envelope(data))
    assert load_envelope(text) == data
    damaged = envelope(data)
    damaged["snapshot"]["as_of"] = "2026-12-30"
    with pytest.raises(SnapshotError, match="integrity check"):
        load_envelope(json.dumps(damaged))
    with pytest.raises(SnapshotError, match="not valid JSON"):
        load_envelope("{")


def test_a_malformed_snapshot_is_refused_naming_the_problem():
    data = minimal()
    data["version"] = 99
    with pytest.raises(SnapshotError, match="version"):
        validate(data)
    data = minimal()
    del data["goals"]
    with pytest.raises(SnapshotError, match="'goals'"):
        validate(data)


@pytest.mark.parametrize(("value", "text"), [
    ("73.4", "73,4"), ("77000.00", "77\u00a0000,00"), ("-1234567.5", "−1\u00a0234\u00a0567,5"), (None, "–"),
    ("0.137", "0,137"),
])
def test_numbers_are_written_the_finnish_and_swedish_way(value, text):
    assert f.number(value) == text


def test_money_and_dates():
    assert f.euros("200000.00") == "200\u00a0000\u00a0€"
    assert f.euros("70250.5") == "70\u00a0250,50\u00a0€"
    assert f.date("2026-07-31") == "31.7.2026"
