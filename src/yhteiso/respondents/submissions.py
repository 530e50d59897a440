"""Submission checks shared by every resident-facing app: a refused submission with error codes per key, the
checks every anonymous submission shares (a valid ``submission_id``, the survey open, the language offered) with
idempotency by ``submission_id``. Concurrent writers on SQLite are serialised by SQLite itself (WAL, busy
timeout and IMMEDIATE transactions in the settings), across threads and processes alike."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field


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
    # submission_id is unique: ordered by pk, not by the models' ordering (by survey, which joins the survey table).
    existing = model.objects.filter(submission_id=submission).order_by("pk").first()
    if existing is not None:
        if existing.survey_id != survey.pk:
            raise SubmissionError({"submission_id": ("submission_id", {})})
        return submission, existing
    if not survey.is_open():
        raise SubmissionError({"_survey": ("closed", {})})
    if language not in survey.languages:
        raise SubmissionError({"language": ("language", {})})
    return submission, None
