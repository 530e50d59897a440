"""The report data snapshot: one plain, JSON-serialisable structure that holds every figure and text of a report.

Renderers read only the snapshot (never the database), so a report regenerated from a stored snapshot has the same
numbers and the same files. Schema version 1::

    {
      "schema": "yhteiso.report", "version": 1,
      "kind": "annual" | "midterm" | "final",
      "as_of": "2026-12-31",            # the cut-off date of the report
      "data_date": "2026-12-31",        # the date the data describe (today for a draft of a future cut-off)
      "draft": false,                   # true when the cut-off is still in the future
      "language": "fi" | "sv",
      "period": {"start": "2025-01-01", "end": "2026-12-31"},
      "missing_translations": [{"object": "...", "field": "..."}],   # Finnish used instead of Swedish
      "goals": [{"id", "name", "description", "fallback": [field, ...],
                 "indicators": [{"id", "name", "definition", "unit", "source", "fallback",
                                 "cells": [{"id", "label", "unit",
                                            "baseline": {"value", "year", "source"},
                                            "latest": {"value", "date", "source"} | null,
                                            "target": {"text", "value"},
                                            "status", "reason",
                                            "series": [["2026-06-30", "74.1"], ...]}]}]}],
      "highlights": {"available": bool, "dissimilarity": [...], "weakest_decile": [...],
                     "status_map": {...} | null, "notes": [...]},
      "projects": [{"id", "name", "status", "status_label", "responsible", "outputs", "goals", "target_groups",
                    "target_areas", "planned_cost", "actual_cost", "start", "end", "fallback",
                    "assessment": {"evidence", "recommendation"} | null}],
      "planned_projects": [... same shape ...],
      "budget": [{"year", "total", "lines": [{"id", "name", "allocated", "committed", "spent", "remaining"}]}],
      "risks": [{"id", "title", "category", "likelihood", "impact", "mitigation", "owner", "next_review"}]
    }

Numbers are stored as decimal strings (``"73.4"``) so that nothing is lost to binary floating point. The
integrity hash is the SHA-256 of the canonical JSON form (sorted keys, no insignificant whitespace, UTF-8).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

SCHEMA = "yhteiso.report"
VERSION = 1
KINDS = ("annual", "midterm", "final")
LANGUAGES = ("fi", "sv")


class SnapshotError(ValueError):
    """The snapshot is malformed or fails its integrity check."""


def canonical_json(snapshot: dict[str, Any]) -> str:
    """The one serialisation that is hashed and stored."""
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def validate(snapshot: Any) -> dict[str, Any]:
    """Check the snapshot's shape; raise :class:`SnapshotError` naming the first problem."""
    if not isinstance(snapshot, dict):
        raise SnapshotError("The snapshot is not a JSON object.")
    if snapshot.get("schema") != SCHEMA:
        raise SnapshotError(f"The snapshot's schema is {snapshot.get('schema')!r}, expected {SCHEMA!r}.")
    if snapshot.get("version") != VERSION:
        raise SnapshotError(f"The snapshot's version is {snapshot.get('version')!r}, expected {VERSION}.")
    if snapshot.get("kind") not in KINDS:
        raise SnapshotError(f"The snapshot's kind {snapshot.get('kind')!r} is not one of {', '.join(KINDS)}.")
    if snapshot.get("language") not in LANGUAGES:
        raise SnapshotError(f"The snapshot's language {snapshot.get('language')!r} is not fi or sv.")
    for key in ("as_of", "data_date", "goals", "projects", "planned_projects", "budget", "risks", "highlights"):
        if key not in snapshot:
            raise SnapshotError(f"The snapshot has no {key!r}.")
    return snapshot


def load_envelope(text: str) -> dict[str, Any]:
    """Read an exported snapshot (``{"sha256": ..., "snapshot": {...}}``) and verify its integrity hash."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"The snapshot file is not valid JSON (line {exc.lineno}: {exc.msg}).") from exc
    if not isinstance(data, dict) or "snapshot" not in data or "sha256" not in data:
        raise SnapshotError("The snapshot file must hold the keys 'sha256' and 'snapshot'.")
    verify(data["snapshot"], data["sha256"])
    return validate(data["snapshot"])


def verify(snapshot: dict[str, Any], expected_sha256: str) -> None:
    actual = snapshot_hash(snapshot)
    if actual != expected_sha256:
        raise SnapshotError(
            f"The snapshot fails its integrity check: its SHA-256 is {actual}, but {expected_sha256} was "
            "recorded when it was published. It has been changed or damaged; nothing was written."
        )


def envelope(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {"sha256": snapshot_hash(snapshot), "snapshot": snapshot}
