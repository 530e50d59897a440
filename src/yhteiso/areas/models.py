"""Areas: city → suuralue (major district) → tilastoalue (statistical area) → pienalue (small area), and the
alternative geographies postal code area and grid cell. Boundaries are kept in the CRS they came in (EPSG:4326,
3067 or 3879) and, transformed with pyproj, in EPSG:4326 for display. Area divisions change: a crosswalk maps the
areas of one division onto another by population or land-area weights."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from shapely.geometry import shape

from yhteiso.core.localisation import Localized


class AreaLevel(models.TextChoices):
    CITY = "city", _("city")
    MAJOR_DISTRICT = "suuralue", _("major district")
    STATISTICAL_AREA = "tilastoalue", _("statistical area")
    SMALL_AREA = "pienalue", _("small area")
    POSTAL_AREA = "postal_area", _("postal code area")
    GRID_CELL = "grid", _("grid cell")
    CITY_CENTRE = "city_centre", _("city centre")


HIERARCHY = [AreaLevel.CITY, AreaLevel.MAJOR_DISTRICT, AreaLevel.STATISTICAL_AREA, AreaLevel.SMALL_AREA]
GEOGRAPHIES = [AreaLevel.MAJOR_DISTRICT, AreaLevel.STATISTICAL_AREA, AreaLevel.SMALL_AREA, AreaLevel.POSTAL_AREA,
               AreaLevel.GRID_CELL]
CRS_CHOICES = [("EPSG:4326", "EPSG:4326 (WGS84)"), ("EPSG:3067", "EPSG:3067 (ETRS-TM35FIN)"),
               ("EPSG:3879", "EPSG:3879 (ETRS-GK25)")]


def label_point(geometry: dict | None) -> tuple[float, float] | None:
    """(lon, lat) of a point inside a WGS84 boundary (where its name is written on a map), or None."""
    if not geometry:
        return None
    geom = shape(geometry)
    if geom.is_empty:
        return None
    point = geom.representative_point()
    return round(point.x, 6), round(point.y, 6)


class Area(Localized, models.Model):
    """One area of one geography. ``code`` is unique within its level and division vintage (e.g. pienalue
    '0491011111', postal area '02100'); the current division has an empty ``division``."""

    level = models.CharField(_("level"), max_length=20, choices=AreaLevel.choices, db_index=True)
    code = models.CharField(_("code"), max_length=40, db_index=True)
    division = models.CharField(_("division"), max_length=40, blank=True, default="",
                                help_text=_("Vintage of an earlier area division, e.g. '2019'; empty for the "
                                            "current division."))
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent area"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    geometry = models.JSONField(_("boundary"), null=True, blank=True,
                                help_text=_("GeoJSON geometry in the CRS it was imported in."))
    geometry_crs = models.CharField(_("boundary CRS"), max_length=20, blank=True, choices=CRS_CHOICES)
    geometry_wgs84 = models.JSONField(_("boundary in EPSG:4326"), null=True, blank=True)
    land_area_m2 = models.FloatField(_("area (m²)"), null=True, blank=True)
    # Where the area's name goes on a map: a point inside the boundary, kept by save() whenever it is saved.
    label_lon = models.FloatField(_("label longitude"), null=True, blank=True, editable=False)
    label_lat = models.FloatField(_("label latitude"), null=True, blank=True, editable=False)
    boundary_source = models.ForeignKey("areas.BoundaryImport", verbose_name=_("boundary source"), null=True,
                                        blank=True, on_delete=models.SET_NULL, related_name="areas")

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "division"], name="area_unique_level_code"),
            models.CheckConstraint(condition=models.Q(valid_to__isnull=True) | models.Q(valid_from__isnull=True)
                                   | models.Q(valid_to__gte=models.F("valid_from")), name="area_valid_period"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.label_lon, self.label_lat = label_point(self.geometry_wgs84) or (None, None)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        """The area's name in the current language (Swedish where it has one, Finnish otherwise)."""
        return self.localized("name")

    def clean(self) -> None:
        if self.geometry is not None and not self.geometry_crs:
            raise ValidationError({"geometry_crs": _("Say which coordinate reference system the boundary is in.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An area cannot be its own parent.")})

    def descendants(self) -> list[Area]:
        """All areas below this one in the hierarchy (children, their children, ...)."""
        out: list[Area] = []
        frontier = [self.pk]
        while frontier:
            children = list(Area.objects.filter(parent_id__in=frontier))
            out.extend(children)
            frontier = [c.pk for c in children]
        return out

    def ancestors(self) -> list[Area]:
        out = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


class BoundaryImport(models.Model):
    """One imported boundary file (provenance; the content hash makes a second import of the same file a no-op)."""

    filename = models.CharField(_("file"), max_length=300)
    content_hash = models.CharField(_("content hash"), max_length=64)
    level = models.CharField(_("level"), max_length=20, choices=AreaLevel.choices)
    division = models.CharField(_("division"), max_length=40, blank=True, default="")
    crs = models.CharField(_("CRS"), max_length=20, choices=CRS_CHOICES)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    attribution = models.CharField(_("attribution"), max_length=500, blank=True)
    retrieved_on = models.DateField(_("retrieved on"), null=True, blank=True)
    feature_count = models.PositiveIntegerField(_("features"), default=0)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("boundary import")
        verbose_name_plural = _("boundary imports")
        constraints = [models.UniqueConstraint(fields=["content_hash", "level", "division"],
                                               name="boundary_import_unique_hash")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.level})"


class CrosswalkMethod(models.TextChoices):
    LAND_AREA = "land_area", _("land-area weights")
    POPULATION = "population", _("population weights")


class Crosswalk(models.Model):
    """A mapping of the areas of one geography (``source``) onto another (``target``): ``weight`` is the share of
    the source area's count that falls in the target area (weights of one source area add up to 1)."""

    source = models.ForeignKey(Area, verbose_name=_("source area"), on_delete=models.CASCADE,
                               related_name="crosswalk_out")
    target = models.ForeignKey(Area, verbose_name=_("target area"), on_delete=models.CASCADE,
                               related_name="crosswalk_in")
    method = models.CharField(_("method"), max_length=20, choices=CrosswalkMethod.choices)
    weight = models.FloatField(_("weight"))
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True,
                             help_text=_("What the weights were computed from."))

    class Meta:
        ordering = ["source__code", "target__code"]
        verbose_name = _("crosswalk weight")
        verbose_name_plural = _("crosswalk weights")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "method"], name="crosswalk_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=0) & models.Q(weight__lte=1.000001),
                                   name="crosswalk_weight_range"),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code}: {self.weight:.3f}"
