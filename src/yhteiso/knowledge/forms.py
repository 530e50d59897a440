from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteiso.analytics.classify import METHODS
from yhteiso.areas.models import AreaLevel
from yhteiso.knowledge.models import ImportKind

METHOD_LABELS = {"quantiles": _("quantiles"), "equal_interval": _("equal intervals"),
                 "natural_breaks": _("natural breaks (Jenks)")}
CLASS_CHOICES = [(k, str(k)) for k in range(3, 8)]
LEVEL_CHOICES = [(c, label) for c, label in AreaLevel.choices if c not in ("city_centre",)]


class MapForm(forms.Form):
    level = forms.ChoiceField(label=_("Geography"), choices=())
    indicator = forms.ChoiceField(label=_("Indicator"), choices=())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    method = forms.ChoiceField(label=_("Classification"), choices=[(m, METHOD_LABELS[m]) for m in METHODS],
                               initial="quantiles")
    classes = forms.TypedChoiceField(label=_("Number of classes"), coerce=int, choices=CLASS_CHOICES, initial=5)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("File format"), choices=ImportKind.choices)
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("PX, JSON-stat, Paavo CSV/DBF, CSV/XLSX, GeoJSON or GeoPackage."))
    staged = forms.CharField(widget=forms.HiddenInput, required=False)
    staged_name = forms.CharField(widget=forms.HiddenInput, required=False)
    level = forms.ChoiceField(label=_("Geography"), choices=LEVEL_CHOICES)
    division = forms.CharField(label=_("Earlier area division"), required=False, max_length=40,
                               help_text=_("Only for areas of an earlier division, e.g. 2019; empty for the current."))
    dataset = forms.SlugField(label=_("Dataset code"), required=False,
                              help_text=_("Statistics of one source share a code, e.g. paavo-2024."))
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=300)
    licence = forms.CharField(label=_("Licence"), required=False, max_length=100)
    attribution = forms.CharField(label=_("Attribution"), required=False, max_length=500)
    table_id = forms.CharField(label=_("Table id"), required=False, max_length=200)
    source_url = forms.URLField(label=_("Source address"), required=False)
    retrieved_on = forms.DateField(label=_("Retrieved on"), required=False, help_text=_("YYYY-MM-DD"))
    area_column = forms.CharField(label=_("Area code column"), required=False,
                                  help_text=_("CSV/XLSX tables: the column holding the area codes."))
    year_column = forms.CharField(label=_("Year column"), required=False)
    layout = forms.ChoiceField(label=_("Table layout"), required=False, initial="wide",
                               choices=[("wide", _("wide: one column per variable")),
                                        ("long", _("long: one row per area, year and variable"))])
    variable_column = forms.CharField(label=_("Variable column"), required=False,
                                      help_text=_("Long tables: the column naming the variable."))
    value_column = forms.CharField(label=_("Value column"), required=False,
                                   help_text=_("Long tables: the column holding the value."))
    name_column = forms.CharField(label=_("Area name column"), required=False)
    value_columns = forms.MultipleChoiceField(
        label=_("Variable columns"), required=False, choices=(), widget=forms.CheckboxSelectMultiple,
        help_text=_("Wide tables: the columns to import (none chosen: every other column)."))
    column_names = forms.CharField(
        label=_("Variable codes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wide tables, optional: one VARIABLE=COLUMN per line to give a column another code."))
    group_column = forms.CharField(
        label=_("Population group column"), required=False,
        help_text=_("Figures by group: the column holding each row's group code (e.g. women, men, children); "
                    "an empty cell is the whole population."))
    base_variable = forms.CharField(
        label=_("Number of persons (base variable)"), required=False, max_length=200,
        help_text=_("Figures by group that are shares or averages: the variable holding each group's number of "
                    "persons."))
    count_variables = forms.CharField(
        label=_("Variables that are counts"), required=False, max_length=2000,
        help_text=_("Figures by group: the variables that count persons, separated by commas (known counts such "
                    "as the population are recognised)."))
    decimal_comma = forms.BooleanField(label=_("Numbers use a decimal comma"), required=False)
    sheet = forms.CharField(label=_("Worksheet"), required=False, max_length=100,
                            help_text=_("XLSX: the sheet to read (default: the first)."))
    year = forms.IntegerField(label=_("Year of the whole file"), required=False, min_value=1800, max_value=2100)
    area_dimension = forms.CharField(label=_("Area dimension"), required=False,
                                     help_text=_("PX and JSON-stat: the dimension holding the areas."))
    year_dimension = forms.CharField(label=_("Year dimension"), required=False,
                                     help_text=_("Empty: found from the file."))
    area = forms.CharField(label=_("Area code for the whole file"), required=False)
    release_year = forms.IntegerField(label=_("Paavo release year"), required=False, min_value=2000,
                                      max_value=2100)
    municipality = forms.CharField(label=_("Municipality code"), required=False, max_length=3)
    code_template = forms.CharField(label=_("Area code property"), required=False, initial="{code}",
                                    help_text=_("Boundaries: a template over the properties, e.g. {kokotun}."))
    name_template = forms.CharField(label=_("Area name property"), required=False, initial="{name}")
    crs = forms.CharField(label=_("Coordinate reference system"), required=False,
                          help_text=_("Only when the file does not say: EPSG:4326, EPSG:3067 or EPSG:3879."))
    dry_run = forms.BooleanField(label=_("Dry run: check and preview without saving"), required=False,
                                 initial=True)

    TABLE_COLUMN_FIELDS = ("area_column", "year_column", "variable_column", "value_column", "name_column",
                           "group_column")

    def __init__(self, *args, columns: list[str] | None = None,
                 dimensions: list[tuple[str, list[tuple[str, str]]]] | None = None, **kwargs):
        """``columns``: the header of an uploaded table; ``dimensions``: an uploaded PX file's dimensions with
        their (code, label) values. Given, the mapping fields become select boxes and checkboxes over them."""
        super().__init__(*args, **kwargs)
        self.columns, self.dimensions = columns, dimensions
        self.select_fields: list[str] = []
        missing = _("The file has no column “%(value)s”.")
        if columns is not None:
            choices = [("", _("(none)")), *((c, c) for c in columns)]
            for name in self.TABLE_COLUMN_FIELDS:
                old = self.fields[name]
                self.fields[name] = forms.ChoiceField(label=old.label, help_text=old.help_text, required=False,
                                                      choices=choices, error_messages={"invalid_choice": missing})
            self.fields["value_columns"].choices = [(c, c) for c in columns]
            self.fields["value_columns"].error_messages["invalid_choice"] = missing
        if dimensions is not None:
            choices = [("", _("(none)")), *((d, d) for d in dimensions_names(dimensions))]
            no_dim = _("The file has no dimension “%(value)s”.")
            for name in ("area_dimension", "year_dimension"):
                old = self.fields[name]
                self.fields[name] = forms.ChoiceField(label=old.label, help_text=old.help_text, required=False,
                                                      choices=choices, error_messages={"invalid_choice": no_dim})
            for i, (dim, values) in enumerate(dimensions):
                name = f"select_{i}"
                self.fields[name] = forms.MultipleChoiceField(
                    label=dim, required=False, choices=[(code, f"{label} ({code})" if label != code else code)
                                                        for code, label in values],
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": _("The dimension has no value “%(value)s”.")})
                self.select_fields.append(name)

    def clean_column_names(self):
        pairs = {}
        for n, line in enumerate(self.cleaned_data["column_names"].splitlines(), start=1):
            if not line.strip():
                continue
            if "=" not in line:
                raise forms.ValidationError(_("Line %(n)s: write VARIABLE=COLUMN."), params={"n": n})
            code, column = (part.strip() for part in line.split("=", 1))
            if not code or not column:
                raise forms.ValidationError(_("Line %(n)s: write VARIABLE=COLUMN."), params={"n": n})
            if self.columns is not None and column not in self.columns:
                raise forms.ValidationError(_("Line %(n)s: the file has no column “%(value)s”."),
                                            params={"n": n, "value": column})
            pairs[code] = column
        return pairs

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("staged"):
            self.add_error("file", _("Choose a file."))
        return data

    def mapping_complete(self) -> bool:
        """Whether the submitted data says enough to read the file (else the page asks for the mapping first)."""
        kind = self.data.get("kind")
        if kind == ImportKind.TABLE:
            return bool(self.data.get("area_column"))
        if kind == ImportKind.PX:
            return bool(self.data.get("area_dimension") or self.data.get("area"))
        return True

    def statistics_options(self) -> dict:
        """The reader options, with the same keys as the command line's ``options_from_args``."""
        cd = self.cleaned_data
        renamed = cd.get("column_names") or {}
        columns = {c: c for c in cd.get("value_columns") or [] if c not in renamed.values()}
        columns.update(renamed)
        select = {}
        for name in self.select_fields:
            if cd.get(name):
                select[self.fields[name].label] = list(cd[name])
        options = {k: cd.get(k) or None for k in ("area_dimension", "area", "year_dimension", "release_year",
                                                   "municipality", "area_column", "year_column", "year",
                                                   "variable_column", "value_column", "name_column", "sheet",
                                                   "group_column", "base_variable")}
        options.update(select=select or None, layout=cd.get("layout") or "wide", columns=columns or None,
                       decimal_comma=bool(cd.get("decimal_comma")), division=cd.get("division") or "",
                       count_variables=[v.strip() for v in (cd.get("count_variables") or "").split(",")
                                        if v.strip()] or None)
        return options


def dimensions_names(dimensions) -> list[str]:
    return [dim for dim, _values in dimensions]
