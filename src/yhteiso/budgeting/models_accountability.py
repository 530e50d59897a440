"""Accountability: a funded project followed publicly after the vote.

Each funded proposal of a round whose results are published has at most one :class:`Implementation` (its status,
progress, actual cost and dates, written by staff or by the responsible person of the linked programme project)
and any number of dated :class:`ImplementationUpdate` rows (text in fi/sv/en and an optional photo, re-encoded
without its metadata as the proposal pictures are). A funded proposal without a record reads as "planned, 0 %".
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yhteiso.budgeting.models import Proposal
from yhteiso.core.localisation import Localized


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("implementation", "planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("implementation", "in progress")
    FINISHED = "finished", pgettext_lazy("implementation", "finished")
    CANCELLED = "cancelled", pgettext_lazy("implementation", "cancelled")


class Implementation(models.Model):
    """How a funded project is being carried out."""

    proposal = models.OneToOneField(Proposal, verbose_name=_("funded project"), on_delete=models.CASCADE,
                                    related_name="implementation")
    status = models.CharField(_("status"), max_length=20, choices=ImplementationStatus.choices,
                              default=ImplementationStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    finished_on = models.DateField(_("finished date"), null=True, blank=True)
    actual_cost = models.PositiveIntegerField(_("actual cost (€)"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("implementation of a funded project")
        verbose_name_plural = _("implementations of funded projects")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="pb_impl_progress_max_100"),
            models.CheckConstraint(condition=Q(finished_on__isnull=True) | Q(started_on__isnull=True)
                                   | Q(finished_on__gte=models.F("started_on")), name="pb_impl_finished_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.status}"

    def clean(self) -> None:
        errors: dict = {}
        if self.progress is not None and not 0 <= self.progress <= 100:
            errors["progress"] = _("The progress must be between 0 and 100 %.")
        if self.started_on and self.finished_on and self.finished_on < self.started_on:
            errors["finished_on"] = _("The finished date is before the start date.")
        if self.status == ImplementationStatus.FINISHED and not self.finished_on:
            errors["finished_on"] = _("A finished project needs its finished date.")
        if self.status != ImplementationStatus.FINISHED and self.finished_on:
            errors["finished_on"] = _("Only a finished project has a finished date.")
        if self.status == ImplementationStatus.CANCELLED and not self.cancel_reason.strip():
            errors["cancel_reason"] = _("Give the reason why the project was cancelled.")
        if errors:
            raise ValidationError(errors)


class ImplementationUpdate(Localized, models.Model):
    """A dated public update on a funded project, with an optional photo."""

    implementation = models.ForeignKey(Implementation, verbose_name=_("implementation"), on_delete=models.CASCADE,
                                       related_name="updates")
    date = models.DateField(_("date"))
    text_fi = models.TextField(_("text in Finnish"))
    text_sv = models.TextField(_("text in Swedish"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    photo = models.FileField(_("photo"), upload_to="budgeting/implementation/", blank=True)
    photo_alt_fi = models.CharField(_("description of the photo in Finnish"), max_length=250, blank=True)
    photo_alt_sv = models.CharField(_("description of the photo in Swedish"), max_length=250, blank=True)
    photo_alt_en = models.CharField(_("description of the photo in English"), max_length=250, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("implementation update")
        verbose_name_plural = _("implementation updates")

    def __str__(self) -> str:
        return f"{self.implementation_id} {self.date}"

    @property
    def text(self) -> str:
        return self.localized("text")

    @property
    def photo_alt(self) -> str:
        return self.localized("photo_alt")

    @property
    def photo_alt_language(self) -> str:
        return self.localized_language("photo_alt")

    def clean(self) -> None:
        if not (self.text_fi or "").strip():
            raise ValidationError({"text_fi": _("Write the update in Finnish.")})
        if self.photo and not self.photo_alt_fi.strip():
            raise ValidationError({"photo_alt_fi": _("Describe the photo in Finnish for people who cannot see it.")})
