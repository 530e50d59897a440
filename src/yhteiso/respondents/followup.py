"""Follow-up addresses: a participant may leave an e-mail address at the end of a survey, a map survey or a ballot
to hear what happened; when the subject's "what we heard, what we did" page is published, the worker sends one
e-mail per address and deletes it. The address can never be linked to the answer or the ballot — the design and
the attacks it resists are in docs/methods/follow-up-addresses.md:

1. Leaving an address is its own request and its own transaction, after the answer was committed; it writes one
   row to :class:`FollowUpPending` with a random key and nothing readable: the kind, subject, address, language and
   day are sealed with AES-256-GCM under a key derived from the secret key. No audit row (its time would be a
   link), no log line with the address.
2. :func:`follow_ups_mix` moves pending addresses into :class:`FollowUpAddress` only when at least
   ``MIX_BATCH`` wait (or all of them when a page is published, or by the daily run), in a random order, in one
   transaction that also deletes them from the box: the whole batch has one transaction id, random keys and a
   shuffled physical order, and its only date is the day of the batch.
3. After sending, an address is deleted; unsent addresses are deleted ``RETENTION_DAYS`` after they were left.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import random

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from yhteiso.core.languages import RESPONDENT_LANGUAGES, direction
from yhteiso.respondents.models import FollowUpAddress, FollowUpPending, SubjectKind
from yhteiso.respondents.subjects import subject as find_subject
from yhteiso.respondents.texts_feedback import fphrase

logger = logging.getLogger(__name__)

MIX_BATCH = 10
RETENTION_DAYS = 365
SUBJECT_SALT = "yhteiso.respondents.follow-up.subject"
UNSUBSCRIBE_SALT = "yhteiso.respondents.follow-up.unsubscribe"
_shuffle = random.SystemRandom().shuffle


def _key() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), b"yhteiso.respondents.follow-up.seal", hashlib.sha256).digest()


def email_hash(email: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"follow-up:{email.strip().lower()}".encode(),
                    hashlib.sha256).hexdigest()


def seal(content: dict) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(_key()).encrypt(nonce, json.dumps(content, separators=(",", ":")).encode(), b"follow-up")


def unseal(blob) -> dict | None:
    blob = bytes(blob)
    try:
        return json.loads(AESGCM(_key()).decrypt(blob[:12], blob[12:], b"follow-up"))
    except (InvalidTag, ValueError):
        logger.warning("a waiting follow-up address cannot be opened with the configured secret key")
        return None


# ------------------------------------------------------------------------------------------- the form's token
def subject_token(kind: str, pk: int) -> str:
    """What the follow-up form carries: the subject, signed (the same for every participant of the subject)."""
    return signing.dumps({"k": kind, "s": int(pk)}, salt=SUBJECT_SALT)


def read_subject_token(token: str) -> tuple[str, int] | None:
    try:
        data = signing.loads(token or "", salt=SUBJECT_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in SubjectKind.values or not isinstance(data.get("s"), int):
        return None
    return data["k"], data["s"]


# ------------------------------------------------------------------------------------------------- writes
def follow_up_leave(*, kind: str, subject_id: int, email: str, language: str) -> None:
    """Seal the address into the pending box (a transaction of its own), then mix if a batch is full.

    Raises ``ValidationError`` on ``email`` (in the respondent's language) for a malformed address."""
    email = (email or "").strip()
    if not email or len(email) > 254:
        raise ValidationError({"email": fphrase("err_email", language)})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": fphrase("err_email", language)}) from None
    if kind not in SubjectKind.values:
        raise ValidationError({"email": fphrase("err_email", language)})
    language = language if language in RESPONDENT_LANGUAGES else "fi"
    with transaction.atomic():
        FollowUpPending.objects.create(sealed=seal({"k": kind, "s": int(subject_id), "e": email, "l": language,
                                                    "d": timezone.localdate().isoformat()}))
    follow_ups_mix()


def follow_ups_mix(*, force: bool = False) -> int:
    """Move the waiting addresses into the address table in one shuffled batch (at least ``MIX_BATCH`` unless
    ``force``); returns how many were moved. Addresses older than the retention period are dropped here too."""
    with transaction.atomic():
        rows = list(FollowUpPending.objects.select_for_update(skip_locked=True))
        if not rows or (len(rows) < MIX_BATCH and not force):
            return 0
        today = timezone.localdate()
        new = []
        for row in rows:
            content = unseal(row.sealed)
            if content is None:
                continue
            if dt.date.fromisoformat(content["d"]) + dt.timedelta(days=RETENTION_DAYS) < today:
                continue  # waited past the retention period
            new.append(FollowUpAddress(kind=content["k"], subject_id=content["s"], email=content["e"],
                                       email_hash=email_hash(content["e"]), language=content["l"], mixed_on=today,
                                       keep_until=today + dt.timedelta(days=RETENTION_DAYS)))
        _shuffle(new)
        FollowUpAddress.objects.bulk_create(new, ignore_conflicts=True)  # the same address twice: told once
        FollowUpPending.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return len(new)


def follow_ups_prune(*, today: dt.date | None = None) -> int:
    """Delete the addresses kept past their retention day (the waiting ones are checked when mixed)."""
    today = today or timezone.localdate()
    follow_ups_mix(force=True)
    deleted, _ = FollowUpAddress.objects.filter(keep_until__lt=today).delete()
    return deleted


def follow_up_forget(*, hashed: str) -> int:
    """Delete every address (waiting or mixed) with this keyed hash: the unsubscribe link."""
    with transaction.atomic():
        deleted, _ = FollowUpAddress.objects.filter(email_hash=hashed).delete()
        for row in FollowUpPending.objects.select_for_update():
            content = unseal(row.sealed)
            if content is not None and hmac.compare_digest(email_hash(content["e"]), hashed):
                row.delete()
                deleted += 1
    return deleted


def unsubscribe_token(email: str) -> str:
    return signing.dumps({"h": email_hash(email)}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> str | None:
    try:
        data = signing.loads(token or "", salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data.get("h") if isinstance(data, dict) and isinstance(data.get("h"), str) else None


# ------------------------------------------------------------------------------------------------- sending
def _site(path: str) -> str:
    return settings.YHTEISO_SITE_URL + path


def follow_up_send(*, kind: str, subject_id: int) -> int:
    """Send the subject's follow-up e-mails: one per address, each in the language it was left in, with the page's
    address and an unsubscribe link; each address is deleted once its mail was accepted. Returns how many."""
    found = find_subject(kind, subject_id)
    if found is None:
        return 0
    follow_ups_mix(force=True)
    page = reverse("respondents:feedback", args=[kind, subject_id])
    sent = 0
    for address in FollowUpAddress.objects.filter(kind=kind, subject_id=subject_id).order_by("email_hash"):
        lang = address.language
        context = {
            "lang": lang, "dir": direction(lang), "title": found.title_in(lang),
            "page_url": _site(f"{page}?kieli={lang}"),
            "unsubscribe_url": _site(reverse("respondents:follow-up-off", args=[unsubscribe_token(address.email)])),
            "t": {key: fphrase(key, lang) for key in ("mail_hello", "mail_body", "mail_link", "mail_deleted",
                                                       "mail_off")},
        }
        message = EmailMultiAlternatives(
            subject=" ".join(fphrase("mail_subject", lang, title=found.title_in(lang)).split()),
            body=render_to_string("respondents/email/follow_up.txt", context), to=[address.email],
            headers={"List-Unsubscribe": f"<{context['unsubscribe_url']}>", "Content-Language": lang,
                     "Auto-Submitted": "auto-generated"})
        message.attach_alternative(render_to_string("respondents/email/follow_up.html", context), "text/html")
        message.send()
        FollowUpAddress.objects.filter(pk=address.pk).delete()
        sent += 1
    return sent


@task()
def follow_up_send_job(kind: str, subject_id: int) -> int:
    """Run by the worker when a "what we heard, what we did" page is published."""
    return follow_up_send(kind=kind, subject_id=subject_id)


@task()
def follow_ups_prune_job() -> int:
    """The daily run: mix what waits and delete the addresses past their retention day."""
    return follow_ups_prune()
