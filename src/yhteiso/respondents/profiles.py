"""The optional background profile of a participant (age group, home area, language group; each with "prefer not
to say"), offered after a ballot, an idea or a map-survey answer, and counted for the "who took part" comparison.

Privacy by construction — the same design as the follow-up addresses (:mod:`yhteiso.respondents.followup`):

1. The profile is its own form, posted to its own address in its own request and transaction, after the ballot,
   idea or answer was committed; it carries only a signed token naming the subject, the way of taking part and a
   random nonce (nothing of the ballot, the answer or the account).
2. The profile is sealed (AES-256-GCM) into :class:`ProfilePending` with a random key and no timestamp; no audit
   row and no log line (their time would be a link).
3. :func:`profiles_mix` moves waiting profiles into :class:`ParticipantProfile` only when at least ``MIX_BATCH``
   wait (or all of them when forced; or all of one ended subject's, when its comparison is read): in a random
   order, with random keys, in one transaction; the only date is the day of the batch.
4. One form gives one profile: the nonce's keyed hash is kept (day only) in :class:`ProfileTokenUsed` until the
   form has expired.

The codes are the knowledge base's population groups (``knowledge.groups``) so that participants can be compared
with the population; this layer cannot import the knowledge base, so a test in ``programme`` checks they agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import random
import secrets
from collections import Counter

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.respondents.areas import home_area_options
from yhteiso.respondents.models import (
    ParticipantProfile,
    ProfilePending,
    ProfileRole,
    ProfileTokenUsed,
    SubjectKind,
)
from yhteiso.respondents.texts import text_in
from yhteiso.respondents.texts_profile import pphrase

logger = logging.getLogger(__name__)

MIX_BATCH = 10
TOKEN_MAX_AGE = 2 * 24 * 3600  # seconds: the form expires two days after it was shown
FORM_SALT = "yhteiso.respondents.profile.form"
UNSAID = "unsaid"
"""The answer "prefer not to say" (counted apart from a question left unanswered, which is stored as "")."""
OUTSIDE = "outside"
"""The home area "I live outside Espoo"."""

AGE_GROUPS = ("children", "young_people", "young_adults", "working_age", "older_people")
LANGUAGE_GROUPS = ("finnish_speakers", "swedish_speakers", "sami_speakers", "russian_speakers",
                   "estonian_speakers", "arabic_speakers", "somali_speakers", "english_speakers",
                   "other_foreign_language")
DOMESTIC_LANGUAGES = ("finnish_speakers", "swedish_speakers", "sami_speakers")
FIELDS = ("age_group", "home_area", "language_group")
_shuffle = random.SystemRandom().shuffle


def _key() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), b"yhteiso.respondents.profile.seal", hashlib.sha256).digest()


def _seal(content: dict) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(_key()).encrypt(nonce, json.dumps(content, separators=(",", ":")).encode(), b"profile")


def _unseal(blob) -> dict | None:
    blob = bytes(blob)
    try:
        return json.loads(AESGCM(_key()).decrypt(blob[:12], blob[12:], b"profile"))
    except (InvalidTag, ValueError):
        logger.warning("a waiting background profile cannot be opened with the configured secret key")
        return None


def _nonce_hash(nonce: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"profile-form:{nonce}".encode(), hashlib.sha256).hexdigest()


# ------------------------------------------------------------------------------------------------ the questions
def options(language: str) -> dict[str, list[tuple[str, str]]]:
    """``{field: [(code, label in the language), ...]}`` — every question ends with "prefer not to say"."""
    unsaid = (UNSAID, pphrase("prof_unsaid", language))
    areas = [(o["value"], text_in(o["label"], language)) for o in home_area_options()]
    return {
        "age_group": [(code, pphrase(f"age_{code}", language)) for code in AGE_GROUPS] + [unsaid],
        "home_area": [*areas, (OUTSIDE, pphrase("area_outside", language)), unsaid],
        "language_group": [(code, pphrase(f"lang_{code}", language)) for code in LANGUAGE_GROUPS] + [unsaid],
    }


def field_label(field: str, language: str) -> str:
    return pphrase({"age_group": "prof_age", "home_area": "prof_area", "language_group": "prof_language"}[field],
                   language)


# ------------------------------------------------------------------------------------------------ the form's token
def profile_token(kind: str, pk: int, role: str) -> str:
    """What one profile form carries: the subject, the way of taking part and a random nonce, signed."""
    return signing.dumps({"k": kind, "s": int(pk), "r": role, "n": secrets.token_urlsafe(16)}, salt=FORM_SALT)


def read_profile_token(token: str) -> dict | None:
    try:
        data = signing.loads(token or "", salt=FORM_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if (not isinstance(data, dict) or data.get("k") not in SubjectKind.values or not isinstance(data.get("s"), int)
            or data.get("r") not in ProfileRole.values or not isinstance(data.get("n"), str)):
        return None
    return data


# ------------------------------------------------------------------------------------------------ writes
def profile_leave(*, token: str, answers: dict[str, str], language: str) -> bool:
    """Seal one profile into the waiting box (a transaction of its own), then mix if a batch is full.

    ``answers`` maps the fields to codes ("" or missing: not answered). Returns False when nothing was answered
    (nothing is stored). Raises ``ValidationError`` on ``token`` for a forged, expired or used form and on a field
    for an unknown code (in the respondent's language); nothing is stored then."""
    language = language if language in RESPONDENT_LANGUAGES else "fi"
    data = read_profile_token(token)
    if data is None:
        raise ValidationError({"token": pphrase("prof_invalid", language)})
    allowed = {field: {code for code, _label in choices} for field, choices in options(language).items()}
    clean: dict[str, str] = {}
    errors = {}
    for field in FIELDS:
        value = str(answers.get(field) or "").strip()[:40]
        if value and value not in allowed[field]:
            errors[field] = pphrase("prof_err_choice", language, field=field_label(field, language))
        clean[field] = value
    if errors:
        raise ValidationError(errors)
    if not any(clean.values()):
        return False
    today = timezone.localdate()
    try:
        with transaction.atomic():
            ProfileTokenUsed.objects.create(token_hash=_nonce_hash(data["n"]), used_on=today)
            ProfilePending.objects.create(sealed=_seal({"k": data["k"], "s": data["s"], "r": data["r"], **clean}))
    except IntegrityError:
        raise ValidationError({"token": pphrase("prof_invalid", language)}) from None
    profiles_mix()
    return True


def profiles_mix(*, force: bool = False, subject: tuple[str, int] | None = None) -> int:
    """Move the waiting profiles into the profile table in one shuffled batch (at least ``MIX_BATCH`` unless
    ``force``); returns how many were moved. Used-form markers past the form's lifetime are dropped here too.

    ``subject`` (kind, id) of a subject that has ended: move only that subject's waiting profiles, however few
    (nobody takes part in it any more); the other subjects' profiles keep waiting for a full batch. Anyone may
    open an ended subject's results, so a forced mix of every subject there would let a visitor mix each new
    profile of an open round or survey alone, in the order it came."""
    with transaction.atomic():
        rows = list(ProfilePending.objects.select_for_update(skip_locked=True))
        today = timezone.localdate()
        ProfileTokenUsed.objects.filter(used_on__lt=today - dt.timedelta(days=3)).delete()
        if not rows or (subject is None and len(rows) < MIX_BATCH and not force):
            return 0
        new: list[ParticipantProfile] = []
        moved = []
        for row in rows:
            content = _unseal(row.sealed)
            if subject is not None and (content is None or (content["k"], content["s"]) != tuple(subject)):
                continue
            moved.append(row.pk)
            if content is None:
                continue
            new.append(ParticipantProfile(kind=content["k"], subject_id=content["s"], role=content["r"],
                                          age_group=content.get("age_group", ""),
                                          home_area=content.get("home_area", ""),
                                          language_group=content.get("language_group", ""), mixed_on=today))
        _shuffle(new)
        ParticipantProfile.objects.bulk_create(new)
        ProfilePending.objects.filter(pk__in=moved).delete()
    return len(new)


# ------------------------------------------------------------------------------------------------ reads
def profiles_waiting() -> int:
    """How many profiles (of every subject) wait to be mixed and counted."""
    return ProfilePending.objects.count()


def profile_counts(kind: str, subject_id: int) -> dict:
    """The subject's mixed profiles, counted: ``{"n": profiles, "age_group": Counter, "home_area": Counter,
    "language_group": Counter, "roles": Counter}`` — a Counter's key "" is "not answered", ``UNSAID`` "prefer
    not to say". Raw counts: every output must pass them through the small-cell suppression."""
    rows = list(ParticipantProfile.objects.filter(kind=kind, subject_id=subject_id)
                .values_list("role", *FIELDS))
    result: dict = {"n": len(rows), "roles": Counter(r[0] for r in rows)}
    for i, field in enumerate(FIELDS, start=1):
        result[field] = Counter(r[i] for r in rows)
    return result


def profile_rows(kind: str, subject_id: int) -> list[tuple[str, str, str]]:
    """``(home_area, age_group, language_group)`` of each mixed profile of the subject, for the cross tables of
    the "who took part" comparison (raw: every output must pass through the small-cell suppression)."""
    return list(ParticipantProfile.objects.filter(kind=kind, subject_id=subject_id)
                .values_list("home_area", "age_group", "language_group"))
