"""Map surveys: residents mark places (important, safe, unsafe, development idea) with a comment. Every map question
has a non-map way to answer (a district from a list, or an address typed as text). Comments are published only after
moderation. Answers are anonymous: no account, IP address, user agent or time of day."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yhteiso.mapsurveys.texts import CATEGORIES
from yhteiso.respondents.anonymity import random_id
from yhteiso.respondents.periods import OpenForAPeriod
from yhteiso.respondents.texts import text_in


class MapSurveyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("closed")


class Category(models.TextChoices):
    IMPORTANT = "important", _("important place")
    SAFE = "safe", _("safe place")
    UNSAFE = "unsafe", _("unsafe place")
    IDEA = "idea", _("development idea")


class MapSurvey(OpenForAPeriod, models.Model):
    title = models.JSONField(_("title"), default=dict)
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    status = models.CharField(_("status"), max_length=20, choices=MapSurveyStatus.choices,
                              default=MapSurveyStatus.DRAFT)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    min_count = models.PositiveSmallIntegerField(_("smallest count shown"), default=5)
    auto_release = models.BooleanField(_("release results automatically"), default=False)
    is_demo = models.BooleanField(_("demonstration survey"), default=False)
    # The place categories a respondent chooses from per pin: [{"value", "label": {language: text}}]; a built-in
    # category (``Category``) has no label of its own (its texts are in ``texts.CATEGORIES``). Empty: the four
    # built-in categories.
    categories = models.JSONField(_("place categories"), default=list, blank=True)
    # The major districts (home-area codes) the survey covers; empty: the whole city.
    areas = models.JSONField(_("areas covered"), default=list, blank=True)
    # The background questions asked once per visit after a place (``respondents.profiles.FIELDS``).
    background_fields = models.JSONField(_("background questions"), default=list, blank=True)
    # Extra questions asked with each place: [{"key", "type": "text"|"choice", "required": bool,
    # "text": {language: text}, "options": [{"value", "label": {language: text}}]}] (``services.pin_questions_clean``).
    pin_questions = models.JSONField(_("questions asked with each place"), default=list, blank=True)
    # Whether a respondent may attach their coarse age band to each place (``AgeBand``; "prefer not to say" is the
    # default). See docs/decisions/0004-age-band-on-map-pins.md.
    ask_age_band = models.BooleanField(_("ask the age band with each place"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("map survey")
        verbose_name_plural = _("map surveys")

    def __str__(self) -> str:
        return self.title_in("fi") or f"#{self.pk}"

    def clean(self) -> None:
        if not self.title.get("fi"):
            raise ValidationError({"title": _("The map survey needs a Finnish title.")})
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The survey must close after it opens.")})

    def category_list(self) -> list[dict]:
        """``[{"value", "label": {language: text}, "builtin": bool}]`` in the order the respondent sees them."""
        chosen = self.categories or [{"value": c} for c in Category.values]
        return [{"value": c["value"], "builtin": c["value"] in Category.values,
                 "label": CATEGORIES[c["value"]] if c["value"] in Category.values else c.get("label", {})}
                for c in chosen]

    def category_values(self) -> list[str]:
        return [c["value"] for c in self.category_list()]

    def category_labels(self, language: str) -> dict[str, str]:
        """``{value: label in the language}`` (the one fallback rule of respondent content)."""
        return {c["value"]: text_in(c["label"], language) for c in self.category_list()}


class AgeBand(models.TextChoices):
    """The coarse age band a respondent may attach to a place ("" = prefer not to say, the default)."""

    UNDER_20 = "under_20", _("under 20")
    FROM_20_TO_29 = "20_29", _("20–29")
    FROM_30_TO_64 = "30_64", _("30–64")
    OVER_64 = "65_plus", _("65 or over")


class Moderation(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", pgettext_lazy("moderation", "rejected")


class MapRelease(models.Model):
    """A frozen result release of a map survey (see ``yhteiso.respondents.releases``)."""

    survey = models.ForeignKey(MapSurvey, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField(_("release"))
    new_responses = models.PositiveIntegerField(_("new responses"))
    total_responses = models.PositiveIntegerField(_("responses"))
    made_on = models.DateField(_("made on"))
    automatic = models.BooleanField(_("automatic"), default=False)
    final = models.BooleanField(_("final"), default=False)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="maprelease_unique_number")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.number}"


class MapAnswer(models.Model):
    """One marked place (or district, or address) with its category and comment. Random id, no time; ``release``
    is the result release that first included it."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    survey = models.ForeignKey(MapSurvey, on_delete=models.PROTECT, related_name="answers")
    submission_id = models.UUIDField(_("submission id"), unique=True)
    language = models.CharField(_("language"), max_length=16)
    release = models.PositiveIntegerField(_("release"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=20)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    geometry = models.JSONField(_("drawn area or route"), null=True, blank=True)
    area_code = models.CharField(_("district"), max_length=40, blank=True)
    address = models.CharField(_("address or place"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # Answers to the survey's questions asked with each place: {question key: text or option value}.
    extra = models.JSONField(_("answers to the place questions"), default=dict, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, blank=True)
    moderation = models.CharField(_("moderation"), max_length=20, choices=Moderation.choices,
                                  default=Moderation.PENDING)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "submission_id"]
        verbose_name = _("map answer")
        verbose_name_plural = _("map answers")
        constraints = [
            models.CheckConstraint(condition=(models.Q(lon__isnull=True) & models.Q(lat__isnull=True))
                                   | (models.Q(lon__isnull=False) & models.Q(lat__isnull=False)),
                                   name="mapanswer_point_complete"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.category}"
