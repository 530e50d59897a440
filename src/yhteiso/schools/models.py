"""Local schools (Goal 3): schools, their catchment areas (oppilaaksiottoalueet) and aggregated pupil tables.

Only aggregates are stored — counts per school × year × grade × group, per catchment × school × year × grade,
applications and cohort sizes — never a record about one pupil. Small counts are stored as imported and hidden on
every output (see ``selectors``). Every row knows the import it came from (:class:`SchoolImport`), which says
whether the data are a constructed example."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yhteiso.areas.models import Area


class SchoolImport(models.Model):
    """One imported package of school data with its provenance; the content hash makes a re-import a no-op."""

    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=300)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    attribution = models.CharField(_("attribution"), max_length=500, blank=True)
    is_example = models.BooleanField(
        _("constructed example"), default=False,
        help_text=_("Constructed example data, not the city's figures; every page says so."))
    files = models.JSONField(_("files"), default=dict, help_text=_("File name → content hash."))
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    counts = models.JSONField(_("rows"), default=dict)
    notes = models.TextField(_("notes"), blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("school data import")
        verbose_name_plural = _("school data imports")

    def __str__(self) -> str:
        return self.title


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")


class School(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    language = models.CharField(_("language of instruction"), max_length=2, choices=Language.choices)
    grade_min = models.PositiveSmallIntegerField(_("lowest grade"),
                                                 validators=[MinValueValidator(1), MaxValueValidator(9)])
    grade_max = models.PositiveSmallIntegerField(_("highest grade"),
                                                 validators=[MinValueValidator(1), MaxValueValidator(9)])
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])
    small_area = models.ForeignKey(Area, verbose_name=_("small area"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="schools")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    source = models.ForeignKey(SchoolImport, verbose_name=_("import"), on_delete=models.PROTECT,
                               related_name="schools")

    class Meta:
        ordering = ["language", "name_fi"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.CheckConstraint(condition=models.Q(grade_max__gte=models.F("grade_min")),
                                   name="school_grades_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "fi").startswith("sv") and self.name_sv:
            return self.name_sv
        return self.name_fi


class CatchmentArea(models.Model):
    """An oppilaaksiottoalue: the area whose pupils the school takes as their local school."""

    code = models.CharField(_("code"), max_length=40)
    school = models.ForeignKey(School, verbose_name=_("local school"), on_delete=models.CASCADE,
                               related_name="catchments")
    language = models.CharField(_("language of instruction"), max_length=2, choices=Language.choices)
    geometry_wgs84 = models.JSONField(_("boundary in EPSG:4326"))
    small_area_weights = models.JSONField(
        _("small-area overlay"), default=dict, blank=True,
        help_text=_("Small-area code → share of its land inside this catchment area (computed at import)."))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    source = models.ForeignKey(SchoolImport, verbose_name=_("import"), on_delete=models.PROTECT,
                               related_name="catchments")

    class Meta:
        ordering = ["language", "code", "valid_from"]
        verbose_name = _("catchment area")
        verbose_name_plural = _("catchment areas")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="catchment_unique_code_period"),
            models.CheckConstraint(condition=models.Q(valid_to__isnull=True)
                                   | models.Q(valid_to__gte=models.F("valid_from")), name="catchment_valid_period"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.school})"


class GroupDimension(models.TextChoices):
    LANGUAGE = "language", _("language group")
    BACKGROUND = "background", _("background")


class PupilCount(models.Model):
    """Pupils of one school in one grade and year, by one group (e.g. language group 'foreign')."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="pupils")
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.PositiveSmallIntegerField(_("grade"))
    dimension = models.CharField(_("dimension"), max_length=20, choices=GroupDimension.choices)
    group = models.CharField(_("group"), max_length=40)
    count = models.PositiveIntegerField(_("pupils"))
    source = models.ForeignKey(SchoolImport, verbose_name=_("import"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["school", "year", "grade", "dimension", "group"]
        verbose_name = _("pupil count")
        verbose_name_plural = _("pupil counts")
        constraints = [models.UniqueConstraint(fields=["school", "year", "grade", "dimension", "group"],
                                               name="pupilcount_unique")]
        indexes = [models.Index(fields=["year", "dimension"])]

    def __str__(self) -> str:
        return f"{self.school_id} {self.year} {self.grade} {self.group}: {self.count}"


class CatchmentFlow(models.Model):
    """Pupils living in a catchment area who attend a given school (their local school or another one)."""

    catchment = models.ForeignKey(CatchmentArea, verbose_name=_("catchment area"), on_delete=models.CASCADE,
                                  related_name="flows")
    school = models.ForeignKey(School, verbose_name=_("school attended"), on_delete=models.CASCADE,
                               related_name="inflows")
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.PositiveSmallIntegerField(_("grade"))
    count = models.PositiveIntegerField(_("pupils"))
    source = models.ForeignKey(SchoolImport, verbose_name=_("import"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["catchment", "school", "year", "grade"]
        verbose_name = _("catchment flow")
        verbose_name_plural = _("catchment flows")
        constraints = [models.UniqueConstraint(fields=["catchment", "school", "year", "grade"],
                                               name="catchmentflow_unique")]

    def __str__(self) -> str:
        return f"{self.catchment_id} → {self.school_id} {self.year} {self.grade}: {self.count}"


class Application(models.Model):
    """Applications from residents of a catchment area to a school that is not their local school
    (toissijainen hakija), for one grade and school year."""

    catchment = models.ForeignKey(CatchmentArea, verbose_name=_("catchment area"), on_delete=models.CASCADE,
                                  related_name="applications")
    school = models.ForeignKey(School, verbose_name=_("school applied to"), on_delete=models.CASCADE,
                               related_name="applications")
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.PositiveSmallIntegerField(_("grade"))
    count = models.PositiveIntegerField(_("applications"))
    source = models.ForeignKey(SchoolImport, verbose_name=_("import"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["catchment", "school", "year", "grade"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [models.UniqueConstraint(fields=["catchment", "school", "year", "grade"],
                                               name="application_unique")]

    def __str__(self) -> str:
        return f"{self.catchment_id} → {self.school_id} {self.year} {self.grade}: {self.count}"


class Cohort(models.Model):
    """The size of the age cohort starting a grade, living in a catchment area, in one year."""

    catchment = models.ForeignKey(CatchmentArea, verbose_name=_("catchment area"), on_delete=models.CASCADE,
                                  related_name="cohorts")
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.PositiveSmallIntegerField(_("grade"))
    count = models.PositiveIntegerField(_("children"))
    source = models.ForeignKey(SchoolImport, verbose_name=_("import"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["catchment", "year", "grade"]
        verbose_name = _("age cohort")
        verbose_name_plural = _("age cohorts")
        constraints = [models.UniqueConstraint(fields=["catchment", "year", "grade"], name="cohort_unique")]

    def __str__(self) -> str:
        return f"{self.catchment_id} {self.year} {self.grade}: {self.count}"


class IndicatorProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class IndicatorProposal(models.Model):
    """A Goal 3 figure computed from the school tables and offered to the programme's indicator (by code and cell
    label). It becomes a measurement only when programme staff approve it (in the programme app)."""

    indicator_code = models.CharField(_("indicator"), max_length=10)
    cell_label_fi = models.CharField(_("indicator cell"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    numerator = models.PositiveIntegerField(_("numerator"))
    denominator = models.PositiveIntegerField(_("denominator"))
    source = models.ForeignKey(SchoolImport, verbose_name=_("import"), on_delete=models.CASCADE,
                               related_name="proposals")
    status = models.CharField(_("status"), max_length=10, choices=IndicatorProposalStatus.choices,
                              default=IndicatorProposalStatus.PROPOSED)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    measurement_id = models.PositiveBigIntegerField(_("measurement"), null=True, blank=True)

    class Meta:
        ordering = ["indicator_code", "cell_label_fi", "year"]
        verbose_name = _("proposed measurement")
        verbose_name_plural = _("proposed measurements")
        constraints = [models.UniqueConstraint(fields=["indicator_code", "cell_label_fi", "year", "source"],
                                               name="indicatorproposal_unique")]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.cell_label_fi} {self.year}: {self.value}"
