"""The segregation knowledge base: statistics by area × year × variable with their provenance, and the indices
computed from them with their parameters, engine version and input hash (so a figure quoted in a council report
can be reproduced)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.core.localisation import Localized
from yhteiso.knowledge import groups


class Dataset(models.Model):
    """A source of statistics: who published it, under which licence, which table, when it was retrieved."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=300)
    licence = models.CharField(_("licence"), max_length=100)
    attribution = models.CharField(_("attribution"), max_length=500,
                                   help_text=_("The text the publisher asks to be shown with the figures."))
    table_id = models.CharField(_("table id"), max_length=200, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    retrieved_on = models.DateField(_("retrieved on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.title


class ImportKind(models.TextChoices):
    PX = "px", _("PX file (Statistics Finland)")
    JSONSTAT = "jsonstat", _("JSON-stat 2 (PxWeb)")
    PAAVO = "paavo", _("Paavo CSV or DBF")
    TABLE = "table", _("CSV or XLSX table")
    BOUNDARIES = "boundaries", _("boundaries (GeoJSON or GeoPackage)")
    COMPUTED = "computed", _("computed from another area level")


class ImportBatch(models.Model):
    """One imported statistics file. The content hash makes a second import of the same file a no-op."""

    dataset = models.ForeignKey(Dataset, verbose_name=_("dataset"), on_delete=models.PROTECT,
                                related_name="batches")
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    filename = models.CharField(_("file"), max_length=300)
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=AreaLevel.choices)
    options = models.JSONField(_("options"), default=dict, blank=True)
    cell_count = models.PositiveIntegerField(_("values"), default=0)
    suppressed_count = models.PositiveIntegerField(_("suppressed values"), default=0)
    years = models.JSONField(_("years"), default=list, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename


class Variable(Localized, models.Model):
    code = models.CharField(_("code"), max_length=200, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=400, blank=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=400, blank=True)
    name_en = models.CharField(_("name in English"), max_length=400, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("variable")
        verbose_name_plural = _("variables")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.localized("name") or self.code


class WholePopulationManager(models.Manager):
    """Statistics of the whole population only: what every query meant before statistics had a group, so a
    figure by group never slips into a sum, an index or a map that does not ask for groups."""

    def get_queryset(self):
        return super().get_queryset().filter(group=groups.ALL)


class Observation(models.Model):
    """One statistic. A suppressed value has ``value`` None and ``suppressed`` True — never zero.

    ``group`` is the population group the figure is about (``knowledge.groups``); the whole population by default.
    ``Observation.objects`` reads the whole population only; ``Observation.by_group`` reads every group."""

    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="observations")
    variable = models.ForeignKey(Variable, verbose_name=_("variable"), on_delete=models.PROTECT,
                                 related_name="observations")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"), null=True, blank=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)
    dataset = models.ForeignKey(Dataset, verbose_name=_("dataset"), on_delete=models.PROTECT,
                                related_name="observations")
    batch = models.ForeignKey(ImportBatch, verbose_name=_("import"), on_delete=models.CASCADE,
                              related_name="observations")
    # A figure rolled up from the areas of a finer level (e.g. a major district's population summed from its
    # small areas) names that level and how many of its parts had a published figure; imported figures leave
    # these empty.
    computed_from = models.CharField(_("computed from"), max_length=20, choices=AreaLevel.choices, blank=True,
                                     default="")
    parts_used = models.PositiveIntegerField(_("parts with a figure"), null=True, blank=True)
    parts_total = models.PositiveIntegerField(_("parts"), null=True, blank=True)
    group = models.CharField(_("population group"), max_length=40, choices=groups.observation_choices,
                             default=groups.ALL, db_index=True)

    objects = WholePopulationManager()
    by_group = models.Manager()  # noqa: DJ012 - a manager (ruff takes it for a field)

    class Meta:
        ordering = ["variable__code", "year", "area__code"]
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")
        base_manager_name = "by_group"
        constraints = [
            models.UniqueConstraint(fields=["area", "variable", "year", "dataset", "group"],
                                    name="observation_unique_group"),
            models.CheckConstraint(condition=models.Q(suppressed=False) | models.Q(value__isnull=True),
                                   name="observation_suppressed_has_no_value"),
        ]
        indexes = [models.Index(fields=["variable", "year"])]

    def __str__(self) -> str:
        suffix = "" if self.group == groups.ALL else f" {self.group}"
        return f"{self.area.code} {self.year} {self.variable.code}{suffix}"

    @property
    def is_computed(self) -> bool:
        return bool(self.computed_from)


class Computation(models.Model):
    """One computed set of indices for one geography and year, with what is needed to reproduce it."""

    kind = models.CharField(_("kind"), max_length=40)
    level = models.CharField(_("level"), max_length=20, choices=AreaLevel.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    parameters = models.JSONField(_("parameters"), default=dict)
    engine_version = models.CharField(_("engine version"), max_length=40)
    input_hash = models.CharField(_("input hash"), max_length=64)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        ordering = ["kind", "level", "year"]
        verbose_name = _("computation")
        verbose_name_plural = _("computations")
        constraints = [models.UniqueConstraint(fields=["kind", "level", "year"], name="computation_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.level} {self.year}"


class IndexValue(models.Model):
    """A computed number: a city-wide index (``area`` None), e.g. the dissimilarity of one group, or an area's
    value, e.g. its status index."""

    computation = models.ForeignKey(Computation, verbose_name=_("computation"), on_delete=models.CASCADE,
                                    related_name="values")
    index = models.CharField(_("index"), max_length=60, db_index=True)
    group = models.CharField(_("group"), max_length=60, blank=True)
    area = models.ForeignKey(Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="index_values")
    value = models.FloatField(_("value"), null=True)

    class Meta:
        ordering = ["index", "group"]
        verbose_name = _("index value")
        verbose_name_plural = _("index values")

    def __str__(self) -> str:
        return f"{self.index} {self.group} {self.value}"
