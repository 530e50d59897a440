"""The "what we heard, what we did" pages: writes (staff, audited) and reads.

Publishing a page queues the follow-up e-mails of its subject (:func:`yhteiso.respondents.followup.follow_up_send`)
in the same transaction: the worker sees the job only once the publication is committed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.respondents.followup import follow_up_send_job
from yhteiso.respondents.models import Feedback, SubjectKind
from yhteiso.respondents.subjects import Subject, subject, subjects

TEXT_FIELDS = ("heard_fi", "heard_sv", "heard_en", "did_fi", "did_sv", "did_en")
DATE_FIELDS = ("heard_from", "heard_until", "did_on")
OTHER_LANGUAGES = [code for code in RESPONDENT_LANGUAGES if code not in ("fi", "sv", "en")]
MAX_TEXT = 20_000


def _date(value, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({field: _("Check the date (year-month-day).")}) from None


def _subject(kind: str, subject_id: int) -> Subject:
    found = subject(kind, subject_id) if kind in SubjectKind.values else None
    if found is None:
        raise ValidationError(_("No such survey or round."))
    return found


@transaction.atomic
def feedback_save(*, actor, kind: str, subject_id: int, show_results: bool = True,
                  other_texts: dict | None = None, **fields) -> Feedback:
    """Write (or rewrite) the page's texts and dates; a published page stays published with the new text."""
    unknown = set(fields) - set(TEXT_FIELDS) - set(DATE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    _subject(kind, subject_id)
    feedback = Feedback.objects.select_for_update().filter(kind=kind, subject_id=subject_id).first() \
        or Feedback(kind=kind, subject_id=subject_id)
    before = snapshot(feedback) if feedback.pk else None
    for name in TEXT_FIELDS:
        if name in fields:
            value = (fields[name] or "").strip()
            if len(value) > MAX_TEXT:
                raise ValidationError({name: _("The text is too long: at most %(n)d characters.") % {"n": MAX_TEXT}})
            setattr(feedback, name, value)
    for name in DATE_FIELDS:
        if name in fields:
            setattr(feedback, name, _date(fields[name], name))
    cleaned: dict[str, dict[str, str]] = {}
    for code, texts in (other_texts or {}).items():
        if code not in OTHER_LANGUAGES:
            raise ValidationError(_("Unknown language: %(code)s") % {"code": code})
        entry = {k: (texts.get(k) or "").strip()[:MAX_TEXT] for k in ("heard", "did")}
        if any(entry.values()):
            cleaned[code] = entry
    feedback.other_texts = cleaned
    feedback.show_results = bool(show_results)
    feedback.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    feedback.full_clean()
    feedback.save()
    audit_record(actor=actor, action="feedback.save", instance=feedback, before=before, after=snapshot(feedback))
    return feedback


@transaction.atomic
def feedback_publish(*, actor, kind: str, subject_id: int) -> Feedback:
    """Publish the page and queue the follow-up e-mails of its participants (sent once: each address is deleted
    when its mail is sent)."""
    feedback = Feedback.objects.select_for_update().filter(kind=kind, subject_id=subject_id).first()
    if feedback is None:
        raise ValidationError(_("Write the page before publishing it."))
    if feedback.published_at:
        raise ValidationError(_("The page has already been published."))
    feedback.full_clean()
    feedback.published_at = timezone.now()
    feedback.save(update_fields=["published_at"])
    audit_record(actor=actor, action="feedback.publish", instance=feedback)
    follow_up_send_job.enqueue(kind, int(subject_id))
    return feedback


# ---------------------------------------------------------------------------------------------------- reads
def feedback_of(kind: str, subject_id: int) -> Feedback | None:
    return Feedback.objects.filter(kind=kind, subject_id=subject_id).first()


def published_feedback(kind: str, subject_id: int) -> Feedback | None:
    return Feedback.objects.filter(kind=kind, subject_id=subject_id, published_at__isnull=False).first()


def published_pages(limit: int | None = None) -> list[tuple[Feedback, Subject]]:
    """The published pages with their subjects, newest first (a page whose subject is gone is left out)."""
    out = []
    for feedback in Feedback.objects.filter(published_at__isnull=False).order_by("-published_at"):
        found = subject(feedback.kind, feedback.subject_id)
        if found is not None and not found.is_test:
            out.append((feedback, found))
        if limit and len(out) >= limit:
            break
    return out


def staff_overview() -> list[tuple[Subject, Feedback | None]]:
    """Every subject with its page (or None), for the staff list."""
    pages = {(f.kind, f.subject_id): f for f in Feedback.objects.all()}
    return [(s, pages.get((s.kind, s.pk))) for s in subjects()]


def front_page_panel(request) -> dict | None:
    """The front page's list of published "what we heard, what we did" pages (none: no panel)."""
    language = translation.get_language() or "fi"
    pages = [{"url": reverse("respondents:feedback", args=[s.kind, s.pk]), "title": s.title_in(language),
              "kind": SubjectKind(s.kind).label} for _f, s in published_pages(limit=5)]
    if not pages:
        return None
    return {"order": 50, "template": "respondents/_front_panel.html", "context": {"pages": pages}}
