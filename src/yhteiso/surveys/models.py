"""Resident surveys: locked, versioned instruments; surveys composed of instruments and staff's own questions;
anonymous responses (no account, no IP address, no user agent, no time, random ids, no link to an invitation code)
and the frozen result releases that every output reads."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yhteiso.core.localisation import localized_text
from yhteiso.respondents.anonymity import random_id
from yhteiso.respondents.periods import OpenForAPeriod


def definition_hash(definition: dict) -> str:
    """SHA-256 of the definition's canonical JSON (sorted keys, no whitespace)."""
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Instrument(models.Model):
    """One version of a survey instrument. Once stored it is locked: its definition can never be changed (a new
    wording or scoring rule is a new version)."""

    key = models.SlugField(_("key"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["key", "version"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="instrument_unique_key_version")]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("content_hash", flat=True).first()
            if stored is not None and stored != definition_hash(self.definition):
                raise ValidationError(
                    _("Instrument %(name)s is locked: its wording and scoring cannot be edited. Create a new "
                      "version instead.") % {"name": str(self)}
                )
        self.content_hash = definition_hash(self.definition)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.definition.get("key") != self.key or self.definition.get("version") != self.version:
            raise ValidationError(_("The definition's key and version must match the instrument's."))
        keys = [q.get("key") for q in self.definition.get("questions", [])]
        if not keys or len(keys) != len(set(keys)):
            raise ValidationError(_("An instrument needs questions with unique keys."))

    def name(self, language: str = "fi") -> str:
        return localized_text(self.definition.get("name"), language) or self.key


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("closed")


class Survey(OpenForAPeriod, models.Model):
    """A survey composed by staff. ``questions`` is the frozen list of questions, filled when it is published."""

    title = models.JSONField(_("title"), default=dict, help_text=_("Title in each respondent language."))
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    status = models.CharField(_("status"), max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    min_count = models.PositiveSmallIntegerField(
        _("smallest count shown"), default=5, help_text=_("Counts below this are hidden in every result.")
    )
    min_n = models.PositiveSmallIntegerField(
        _("smallest group for means and shares"), default=10,
        help_text=_("Means, shares and NPS are shown only for groups of at least this many respondents."),
    )
    invitation_only = models.BooleanField(_("invitation codes required"), default=False)
    auto_release = models.BooleanField(
        _("release results automatically"), default=False,
        help_text=_("While the survey is open, publish a new result release whenever enough new answers have "
                    "come in. Otherwise results are published only when staff make a release or the survey closes."),
    )
    is_demo = models.BooleanField(_("demonstration survey"), default=False)
    questions = models.JSONField(_("questions"), default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title_in("fi") or f"#{self.pk}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The survey must close after it opens.")})
        if self.min_n < self.min_count:
            raise ValidationError({"min_n": _("The smallest group for means must be at least the smallest count.")})
        if self.min_count < 1:
            raise ValidationError({"min_count": _("The smallest count shown must be at least 1.")})


class SurveyItem(models.Model):
    """One part of a survey: a locked instrument version, or one question of the staff's own."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(pgettext_lazy("question order", "position"), default=0)
    instrument = models.ForeignKey(Instrument, null=True, blank=True, on_delete=models.PROTECT)
    question = models.JSONField(_("own question"), null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(instrument__isnull=False, question__isnull=True)
                | models.Q(instrument__isnull=True, question__isnull=False),
                name="surveyitem_instrument_xor_question",
            )
        ]

    def __str__(self) -> str:
        return str(self.instrument) if self.instrument_id else (self.question or {}).get("key", "")


class Invitation(models.Model):
    """A one-time invitation code, stored only as a keyed hash (HMAC-SHA-256). Using the code deletes the row in a
    transaction of its own, before the response is stored: nothing links a response to a code."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "code_hash"], name="invitation_unique_code")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.code_hash[:8]}"


class Release(models.Model):
    """A frozen result release: the responses of batch ``number`` (``Response.release``) and every earlier batch are
    what pages, the API, exports and charts show. Only the date is kept."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField(_("release"))
    new_responses = models.PositiveIntegerField(_("new responses"))
    total_responses = models.PositiveIntegerField(_("responses"))
    made_on = models.DateField(_("made on"))
    automatic = models.BooleanField(_("automatic"), default=False)
    final = models.BooleanField(_("final"), default=False)

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("result release")
        verbose_name_plural = _("result releases")
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="release_unique_number")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.number}"


class Response(models.Model):
    """One anonymous response. Deliberately no IP address, user agent, account, time or link to an invitation;
    the id is random and each release rewrites its batch in random order, so nothing keeps the order of answering.
    ``release`` is the number of the result release that first included it (empty: not released yet)."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    submission_id = models.UUIDField(_("submission id"), unique=True)
    language = models.CharField(_("language"), max_length=16)
    answers = models.JSONField(_("answers"), default=dict)
    release = models.PositiveIntegerField(_("release"), null=True, blank=True)

    class Meta:
        ordering = ["survey", "submission_id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.submission_id}"


class ResultMeasurement(models.Model):
    """A survey result turned into a measurement of a programme indicator cell (the link back to the survey)."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="measurements")
    metric = models.CharField(_("metric"), max_length=60)
    breakdown = models.CharField(_("breakdown"), max_length=60)
    group = models.CharField(_("group"), max_length=60)
    value = models.FloatField(_("value"))
    n = models.PositiveIntegerField(_("respondents"))
    measurement = models.ForeignKey("programme.Measurement", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.metric}/{self.breakdown}/{self.group}"
