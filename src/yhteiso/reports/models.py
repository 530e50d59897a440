"""Published (frozen) reports and the mid-term review's assessments of the actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yhteiso.programme.models import Programme, ProgrammeRowMixin


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("report to the city council")
    MIDTERM = "midterm", _("mid-term review")
    FINAL = "final", _("final report")


class ReportLanguage(models.TextChoices):
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")


class PublishedReport(ProgrammeRowMixin, models.Model):
    """A report frozen at publication: its data snapshot (canonical JSON) with a SHA-256 integrity hash.

    The snapshot text is stored exactly as hashed; nothing edits it afterwards. Later corrections to the data are
    shown by comparing the snapshot with the live data (:func:`yhteiso.reports.selectors.revisions`)."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), blank=True,
                                  on_delete=models.PROTECT, related_name="published_reports")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    as_of = models.DateField(_("cut-off date"))
    language = models.CharField(_("language"), max_length=2, choices=ReportLanguage.choices)
    snapshot_json = models.TextField(_("data snapshot (JSON)"))
    snapshot_sha256 = models.CharField(_("SHA-256 of the snapshot"), max_length=64)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-as_of", "kind", "language"]
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "as_of", "language"],
                                    name="reports_one_published_per_cutoff"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_of:%d.%m.%Y} ({self.language})"


class PublishedFile(models.Model):
    """One generated file of a published report, with its hash (the bytes are kept for download)."""

    report = models.ForeignKey(PublishedReport, verbose_name=_("report"), on_delete=models.CASCADE,
                               related_name="files")
    fmt = models.CharField(_("format"), max_length=4)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = models.BinaryField(_("content"))

    class Meta:
        ordering = ["report", "fmt"]
        verbose_name = _("published report file")
        verbose_name_plural = _("published report files")
        constraints = [models.UniqueConstraint(fields=["report", "fmt"], name="reports_one_file_per_format")]

    def __str__(self) -> str:
        return f"{self.report} {self.fmt}"


class Recommendation(models.TextChoices):
    KEEP = "keep", _("Keep")
    ADJUST = "adjust", _("Adjust")
    STOP = "stop", _("Stop")


class ActionAssessment(models.Model):
    """The mid-term review's assessment of one project or action: the evidence so far and a recommendation."""

    project = models.ForeignKey("programme.Project", verbose_name=_("project or action"),
                                on_delete=models.CASCADE, related_name="assessments")
    review_date = models.DateField(_("review cut-off date"))
    evidence_fi = models.TextField(_("evidence in Finnish"), blank=True,
                                   help_text=_("What has been achieved and how we know it: outputs, feedback, "
                                               "measurements."))
    evidence_sv = models.TextField(_("evidence in Swedish"), blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices,
                                      blank=True)
    rationale_fi = models.TextField(_("reasons in Finnish"), blank=True)
    rationale_sv = models.TextField(_("reasons in Swedish"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["review_date", "project_id"]
        verbose_name = _("assessment of an action")
        verbose_name_plural = _("assessments of actions")
        constraints = [
            models.UniqueConstraint(fields=["project", "review_date"], name="reports_one_assessment_per_review"),
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.review_date:%d.%m.%Y})"


class KeyMessages(ProgrammeRowMixin, models.Model):
    """The key messages of one programme's report (kind and cut-off date), written by programme staff for its
    summary page."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="key_messages")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    as_of = models.DateField(_("cut-off date"))
    text_fi = models.TextField(_("key messages in Finnish"), blank=True, max_length=4000,
                               help_text=_("Two to five short messages for the council; an empty line between "
                                           "messages."))
    text_sv = models.TextField(_("key messages in Swedish"), blank=True, max_length=4000)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["as_of", "kind"]
        verbose_name = _("key messages of a report")
        verbose_name_plural = _("key messages of reports")
        constraints = [models.UniqueConstraint(fields=["programme", "kind", "as_of"],
                                               name="reports_one_key_messages_per_programme_report")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_of:%d.%m.%Y}"


# Staff-written report texts approved by the steering group live in their own module; imported here so Django
# registers them.
from yhteiso.reports.models_narrative import (  # noqa: E402, F401
    SECTION_KINDS,
    Narrative,
    NarrativeSection,
    NarrativeState,
)
