"""Areas: city → suuralue (major district) → tilastoalue (statistical area) → pienalue (small area), and the
alternative geographies postal code area and grid cell. The knowledge base extends these (boundaries, crosswalks)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    CITY = "city", _("city")
    MAJOR_DISTRICT = "suuralue", _("major district")
    STATISTICAL_AREA = "tilastoalue", _("statistical area")
    SMALL_AREA = "pienalue", _("small area")
    POSTAL_AREA = "postal_area", _("postal code area")
    GRID_CELL = "grid", _("grid cell")
    CITY_CENTRE = "city_centre", _("city centre")


class Area(models.Model):
    """One area of one geography. ``code`` is unique within its level (e.g. pienalue '111', postal area '02100')."""

    level = models.CharField(_("level"), max_length=20, choices=AreaLevel.choices, db_index=True)
    code = models.CharField(_("code"), max_length=40)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent area"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="area_unique_level_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The area's name in the current language (Swedish where it has one, Finnish otherwise)."""
        if (get_language() or "fi").startswith("sv") and self.name_sv:
            return self.name_sv
        return self.name_fi
