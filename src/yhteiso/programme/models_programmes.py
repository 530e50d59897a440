"""More than one programme in one installation (issue 14 item 9).

Espoo runs four cross-sectoral development programmes in the council term 2025–2029 (the plan's §4 and foreword).
Each :class:`Programme` has its own benefit goals (and through them indicators), budget years (and through them
lines and entries), projects and proposals, steering group and meetings, and published reports. One programme is
the default (Communal Espoo in the demo): rows written without naming a programme belong to it, and every page
without a choice shows it.

A project belongs to one lead programme (``Project.programme``) and may list partner programmes with their
contribution in euros (:class:`ProgrammeShare`); it then appears on each partner's project list marked as shared.
Money is counted where it is booked: a programme's budget summaries read only its own budget years' entries, so a
co-funded project's euros are never counted twice.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yhteiso.core.localisation import Localized

DEFAULT_PROGRAMME_SLUG = "yhteisollinen-espoo"
DEFAULT_PROGRAMME_NAMES = {"fi": "Yhteisöllinen Espoo", "sv": "Gemenskapens Esbo", "en": "Communal Espoo"}


class ProgrammeQuerySet(models.QuerySet):
    def default(self) -> Programme:
        """The default programme, created (Communal Espoo, 2025–2029) if the installation has none yet."""
        found = self.filter(is_default=True).first()
        if found is not None:
            return found
        programme, _created = self.get_or_create(
            slug=DEFAULT_PROGRAMME_SLUG,
            defaults={"name_fi": DEFAULT_PROGRAMME_NAMES["fi"], "name_sv": DEFAULT_PROGRAMME_NAMES["sv"],
                      "name_en": DEFAULT_PROGRAMME_NAMES["en"], "start_year": 2025, "end_year": 2029,
                      "is_default": True})
        return programme


class Programme(Localized, models.Model):
    """One cross-sectoral development programme (kehitysohjelma) of the council term."""

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True,
                            help_text=_("Lower-case letters, digits and hyphens, e.g. yhteisollinen-espoo."))
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"),
                                                  validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    end_year = models.PositiveSmallIntegerField(_("last year"),
                                                validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    is_default = models.BooleanField(_("shown by default"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-is_default", "name_fi"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True),
                                    name="programme_one_default",
                                    violation_error_message=_("Only one programme can be shown by default.")),
        ]

    def __str__(self) -> str:
        return self.localized("name")

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year must not be before the first year.")})


def default_programme_id() -> int:
    """The default programme's id: rows written without naming a programme belong to it."""
    return Programme.objects.default().pk


class ProgrammeRowMixin:
    """For the top-level rows with a ``programme`` foreign key (goals, budget years, projects, steering-group
    members, meetings, published reports): a row validated or saved without a programme gets the default one.

    Filled at validation and save time, not as a field default, so that building an instance touches no database
    and migrations never call it."""

    programme_id: int | None

    def _fill_programme(self) -> None:
        if self.programme_id is None:
            self.programme_id = default_programme_id()

    def full_clean(self, *args, **kwargs):
        self._fill_programme()
        return super().full_clean(*args, **kwargs)  # type: ignore[misc]

    def save(self, *args, **kwargs):
        self._fill_programme()
        return super().save(*args, **kwargs)  # type: ignore[misc]


class ProgrammeShare(models.Model):
    """A partner programme of a project led by another programme, with the partner's contribution (€)."""

    project = models.ForeignKey("programme.Project", verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="programme_shares")
    programme = models.ForeignKey(Programme, verbose_name=_("partner programme"), on_delete=models.PROTECT,
                                  related_name="shared_projects")
    contribution = models.DecimalField(_("contribution (€)"), max_digits=12, decimal_places=2, default=Decimal(0),
                                       validators=[MinValueValidator(Decimal(0))])

    class Meta:
        ordering = ["programme__name_fi", "id"]
        verbose_name = _("partner programme")
        verbose_name_plural = _("partner programmes")
        constraints = [
            models.UniqueConstraint(fields=["project", "programme"], name="programme_share_once",
                                    violation_error_message=_("This programme is already a partner of the "
                                                              "project.")),
        ]

    def __str__(self) -> str:
        return f"{self.project} – {self.programme}"

    def clean(self) -> None:
        if self.project_id and self.programme_id and self.project.programme_id == self.programme_id:
            raise ValidationError({"programme": _("The lead programme cannot also be a partner programme.")})
