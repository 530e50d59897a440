"""Submission checks shared by every resident-facing app: a refused submission with error codes per key, the
checks every anonymous submission shares (a valid ``submission_id``, the survey open, the language offered) with
idempotency by ``submission_id``. Concurrent writers on SQLite are serialised by SQLite itself (WAL, busy
timeout and IMMEDIATE transactions in the settings), across threads and processes alike."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from yhteiso.core import rows


@dataclass
class SubmissionError(Exception):
    """A refused submission: ``errors`` maps question key (or ``"_survey"``, ``"language"``, ``"invitation"``,
    ``"answers"``) to an error code with parameters, for messages in the respondent's language."""

    errors: dict[str, tuple[str, dict]] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{k}: {code}" for k, (code, _params) in self.errors.items())


def check_submission(model, *, survey, submission_id, language: str):
    """The checks every anonymous submission shares (surveys and map surveys): a valid UUID, the survey open and
    the language offered. Returns ``(uuid, existing)``: ``existing`` is the row already stored under the same
    ``submission_id`` (a retry), which the caller returns instead of storing anything twice."""
    try:
        submission = uuid.UUID(str(submission_id))
    except (TypeError, ValueError, AttributeError):
        raise SubmissionError({"submission_id": ("submission_id", {})}) from None
    existing = stored_submission(model, submission)
    if existing is not None:
        if existing.survey_id != survey.pk:
            raise SubmissionError({"submission_id": ("submission_id", {})})
        return submission, existing
    if not survey.is_open():
        raise SubmissionError({"_survey": ("closed", {})})
    if language not in survey.languages:
        raise SubmissionError({"language": ("language", {})})
    return submission, None


SUBMISSION_FIELDS = ("id", "survey", "submission_id")


def stored_submission(model, submission: uuid.UUID):
    """The row stored under ``submission`` (``submission_id`` is unique) with its id and survey, or ``None``: one
    plain statement (:mod:`yhteiso.core.rows`), as every answer asks it (issue 12's peaks)."""
    found = rows.instances(
        model, SUBMISSION_FIELDS,
        f"SELECT {rows.columns(model, SUBMISSION_FIELDS)} FROM {rows.table(model)} "  # noqa: S608 (names from _meta)
        f"WHERE {rows.column(model, 'submission_id')} = %s", [rows.prepared(model, "submission_id", submission)])
    return found[0] if found else None
