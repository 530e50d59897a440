"""What residents are told after they took part, and how they asked to be told.

* :class:`Feedback` — the "what we heard, what we did" page of one survey, map survey or participatory-budgeting
  round (the *subject*, named by kind and id: this layer knows no resident-facing app; each app registers its
  subjects in :mod:`yhteiso.respondents.subjects`).
* :class:`FollowUpPending` and :class:`FollowUpAddress` — e-mail addresses of participants who asked to hear what
  happened. Designed so that an address cannot be linked to an answer or a ballot (docs/methods/follow-up-addresses.md):
  no foreign key to anything, no timestamp finer than the day, random keys; an address is first sealed into the
  pending box in a transaction of its own and moved into the address table only in shuffled batches.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yhteiso.core.localisation import Localized


class SubjectKind(models.TextChoices):
    SURVEY = "survey", _("survey")
    MAP_SURVEY = "mapsurvey", _("map survey")
    ROUND = "round", _("participatory-budgeting round")


class Feedback(Localized, models.Model):
    """The "what we heard, what we did" page of one subject, written by staff; public once published."""

    kind = models.CharField(_("kind"), max_length=20, choices=SubjectKind.choices)
    subject_id = models.PositiveIntegerField(_("survey or round number"))
    heard_fi = models.TextField(_("what we heard, in Finnish"))
    heard_sv = models.TextField(_("what we heard, in Swedish"), blank=True)
    heard_en = models.TextField(_("what we heard, in English"), blank=True)
    did_fi = models.TextField(_("what we did, in Finnish"))
    did_sv = models.TextField(_("what we did, in Swedish"), blank=True)
    did_en = models.TextField(_("what we did, in English"), blank=True)
    # other respondent languages: {"ar": {"heard": "...", "did": "..."}, ...}
    other_texts = models.JSONField(_("texts in other languages"), default=dict, blank=True)
    heard_from = models.DateField(_("listened from"), null=True, blank=True)
    heard_until = models.DateField(_("listened until"), null=True, blank=True)
    did_on = models.DateField(_("decided or done on"), null=True, blank=True)
    show_results = models.BooleanField(_("link to the published results"), default=True,
                                       help_text=_("The results as published: small groups hidden."))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("what we heard, what we did")
        verbose_name_plural = _("what we heard, what we did pages")
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_id"], name="respondents_feedback_one_per_subject"),
            models.CheckConstraint(condition=Q(heard_until__isnull=True) | Q(heard_from__isnull=True)
                                   | Q(heard_until__gte=F("heard_from")), name="respondents_feedback_period"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id}"

    def text(self, field: str, language: str) -> tuple[str, str]:
        """(language, text) of ``heard`` or ``did`` in ``language``: an extra language's own text, else the
        fi/sv/en fields by the one fallback rule."""
        own = (self.other_texts or {}).get(language, {}).get(field, "")
        if own.strip():
            return language, own
        return self.localized_language(field, language), self.localized(field, language)

    def clean(self) -> None:
        errors = {}
        if not (self.heard_fi or "").strip():
            errors["heard_fi"] = _("Write in Finnish what we heard.")
        if not (self.did_fi or "").strip():
            errors["did_fi"] = _("Write in Finnish what we did.")
        if self.heard_from and self.heard_until and self.heard_until < self.heard_from:
            errors["heard_until"] = _("The end of the listening is before its start.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class FollowUpPending(models.Model):
    """An address waiting to be mixed into :class:`FollowUpAddress`: sealed (AES-GCM) content only, a random key,
    no timestamps, no subject in the clear. Deleted when mixed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("waiting follow-up address")
        verbose_name_plural = _("waiting follow-up addresses")

    def __str__(self) -> str:
        return str(self.pk)


class FollowUpAddress(models.Model):
    """An address to tell what happened to one subject: written only by the mixer, in shuffled batches. The day is
    the day of the batch (not when the address was left); ``keep_until`` is when it is deleted unsent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    subject_id = models.PositiveIntegerField()
    email = models.EmailField(max_length=254)
    email_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=12)
    mixed_on = models.DateField()
    keep_until = models.DateField()

    class Meta:
        verbose_name = _("follow-up address")
        verbose_name_plural = _("follow-up addresses")
        constraints = [models.UniqueConstraint(fields=["kind", "subject_id", "email_hash"],
                                               name="respondents_follow_up_once")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id}"


class ProfileRole(models.TextChoices):
    """In which way the participant who left a background profile took part."""

    VOTER = "voter", _("voter")
    IDEA_AUTHOR = "idea_author", _("idea author")
    MAP_RESPONDENT = "map_respondent", _("map-survey respondent")


class ProfilePending(models.Model):
    """A background profile waiting to be mixed into :class:`ParticipantProfile`: sealed (AES-GCM) content only, a
    random key, no timestamps, no subject in the clear. Deleted when mixed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("waiting background profile")
        verbose_name_plural = _("waiting background profiles")

    def __str__(self) -> str:
        return str(self.pk)


class ParticipantProfile(models.Model):
    """The optional background of one participant of a subject (age group, home area, language group), written only
    by the mixer in shuffled batches: no link to a ballot, an answer or an account (no foreign key, a random key,
    no time finer than the day of the batch). An empty field is a question left unanswered; ``unsaid`` is
    "prefer not to say"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    subject_id = models.PositiveIntegerField()
    role = models.CharField(max_length=20, choices=ProfileRole.choices)
    age_group = models.CharField(max_length=20, blank=True)
    home_area = models.CharField(max_length=40, blank=True)
    language_group = models.CharField(max_length=40, blank=True)
    mixed_on = models.DateField()

    class Meta:
        verbose_name = _("background profile")
        verbose_name_plural = _("background profiles")
        indexes = [models.Index(fields=["kind", "subject_id"], name="respondents_profile_subject")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id}"


class ProfileTokenUsed(models.Model):
    """A used background-profile form (keyed hash of the form's random nonce), so that one form gives one profile;
    the day only, deleted after the form's lifetime."""

    token_hash = models.CharField(max_length=64, primary_key=True)
    used_on = models.DateField()

    class Meta:
        verbose_name = _("used background-profile form")
        verbose_name_plural = _("used background-profile forms")

    def __str__(self) -> str:
        return self.token_hash[:8]
