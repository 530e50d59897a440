"""Frozen result releases for anonymous answers: results of an open survey are never computed live.

An app's answer model has a nullable integer field ``release`` (the release that first included the answer) and a
``survey`` foreign key; its release model has ``survey``, ``number``, ``new_responses``, ``total_responses``,
``made_on``, ``automatic`` and ``final``. A release

* needs at least ``minimum`` new answers since the previous one (so two releases never differ by one person);
* takes every answer not yet released, deletes the rows and writes them again in random order, all in one
  transaction (so on PostgreSQL they share one ``xmin`` and their physical order, and on SQLite their row ids, no
  longer follow the order of answering);
* is stored and never changes: every page, API, export and chart reads only the released answers.

A release staff ask for that cannot be made is refused with a :class:`~django.core.exceptions.ValidationError`
worded in this layer's catalogue (``respondents/locale``), the same for every app.

When the survey ends, a final release takes the rest — if they are at least ``minimum`` or nothing was released
before; otherwise they stay unpublished (publishing them would reveal them by differencing)."""

from __future__ import annotations

import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record
from yhteiso.respondents.periods import PUBLISHED

_SHUFFLE = random.SystemRandom()


def unreleased(answer_model, survey):
    return answer_model.objects.filter(survey=survey, release__isnull=True)


def latest_release(release_model, survey):
    return release_model.objects.filter(survey=survey).order_by("-number").first()


def release_make(*, survey, answer_model, release_model, minimum: int, actor=None, automatic: bool = False,
                 final: bool = False, action: str):
    """Make the next release of ``survey``; returns it, or None when a final or automatic release has nothing
    (or too little) to release. A release by staff that cannot be made raises ``ValidationError``."""
    with transaction.atomic():
        survey = type(survey).objects.select_for_update().get(pk=survey.pk)
        previous = latest_release(release_model, survey)
        if previous is not None and previous.final:
            if final or automatic:
                return None
            raise ValidationError(_("The final results have already been released."), code="final")
        rows = list(unreleased(answer_model, survey))
        enough = len(rows) >= minimum or (final and previous is None)
        if not enough:
            if final:
                release = release_model.objects.create(
                    survey=survey, number=(previous.number if previous else 0) + 1, new_responses=0,
                    total_responses=previous.total_responses if previous else 0, made_on=timezone.localdate(),
                    automatic=actor is None, final=True)
                audit_record(actor=actor, action=action, instance=release,
                             after={"number": release.number, "new": 0, "withheld": len(rows), "final": True})
                return release
            if automatic:
                return None
            raise ValidationError(_("A new release needs at least %(min)s new answers since the previous one (now "
                                    "%(n)s).") % {"min": minimum, "n": len(rows)}, code="too_few")
        number = (previous.number if previous else 0) + 1
        answer_model.objects.filter(pk__in=[r.pk for r in rows]).delete()
        _SHUFFLE.shuffle(rows)
        for row in rows:
            row.release = number
        answer_model.objects.bulk_create(rows)
        release = release_model.objects.create(
            survey=survey, number=number, new_responses=len(rows),
            total_responses=(previous.total_responses if previous else 0) + len(rows),
            made_on=timezone.localdate(), automatic=automatic, final=final)
        audit_record(actor=actor, action=action, instance=release,
                     after={"number": number, "new": len(rows), "final": final, "automatic": automatic})
        return release


def release_interim(*, survey, answer_model, release_model, minimum: int, actor=None, automatic: bool = False,
                    action: str):
    """An interim release of a survey open for answers (by staff, or ``automatic`` after an answer): see
    :func:`release_make`. A survey that is not published (a draft, or closed with its final release) is refused."""
    if survey.status != PUBLISHED:
        raise ValidationError(_("Only an open survey gets interim releases; a closed one has its final release."),
                              code="not_open")
    return release_make(survey=survey, answer_model=answer_model, release_model=release_model, minimum=minimum,
                        actor=actor, automatic=automatic, action=action)


def released_answers(answer_model, survey):
    """The answers every output may use: those of the latest release and the ones before it."""
    return answer_model.objects.filter(survey=survey, release__isnull=False)
