"""Rules shared by the programme's forms, API and services: whether a measurement can belong to its cell."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yhteiso.core import formatting
from yhteiso.programme.models import PROGRAMME_END, PROGRAMME_START, IndicatorUnit, Measurement
from yhteiso.programme.selectors import indicator_value


def _scale_text(low, high, unit: str) -> str:
    fmt = lambda v: indicator_value(v, unit)  # noqa: E731
    if low is not None and high is not None:
        return f"{fmt(low)}–{fmt(high)}"
    if low is not None:
        return _("at least %(low)s") % {"low": fmt(low)}
    return _("at most %(high)s") % {"high": fmt(high)}


AREA_NOT_GIVEN = object()
"""Default for ``area``: the caller does not say which area the value describes (``None`` means all of Espoo)."""


def measurement_check(measurement: Measurement, *, unit: str = "", area=AREA_NOT_GIVEN) -> None:
    """Refuse a measurement that cannot belong to its cell: a value outside the indicator's scale, a unit other
    than the indicator's (when the caller states one), an area other than the cell's (when stated), or a date
    outside the programme period. Raises ``ValidationError`` keyed by field, in the active language."""
    measurement.full_clean()
    cell = measurement.cell
    indicator = cell.indicator
    errors: dict[str, list] = {}
    if unit and unit != indicator.unit:
        given = dict(IndicatorUnit.choices).get(unit, unit)
        errors.setdefault("unit", []).append(
            _("Unit: the value is given as “%(given)s” but indicator %(code)s is measured as “%(unit)s”.") % {
                "given": given, "code": indicator.code, "unit": indicator.get_unit_display()})
    value = Decimal(measurement.value)
    if indicator.unit == IndicatorUnit.QUALITATIVE:
        errors.setdefault("value", []).append(
            _("Value: indicator %(code)s is qualitative; it takes no numeric measurements.") % {
                "code": indicator.code})
    low, high = indicator.scale_min, indicator.scale_max
    if (low is not None and value < low) or (high is not None and value > high):
        errors.setdefault("value", []).append(
            _("Value: %(value)s is outside the scale of indicator %(code)s (%(scale)s, %(unit)s).") % {
                "value": indicator_value(value, indicator.unit), "code": indicator.code,
                "scale": _scale_text(low, high, indicator.unit), "unit": indicator.get_unit_display()})
    if area is not AREA_NOT_GIVEN and getattr(area, "pk", None) != cell.area_id:
        errors.setdefault("area", []).append(
            _("Area: the value describes %(given)s but this cell measures %(cell_area)s.") % {
                "given": area.name if area is not None else _("all of Espoo"),
                "cell_area": cell.area.name if cell.area is not None else _("all of Espoo")})
    if not PROGRAMME_START <= measurement.measured_on <= PROGRAMME_END:
        errors.setdefault("measured_on", []).append(
            _("Date of measurement: %(date)s is outside the programme period %(start)s–%(end)s.") % {
                "date": formatting.date(measurement.measured_on), "start": formatting.date(PROGRAMME_START),
                "end": formatting.date(PROGRAMME_END)})
    if errors:
        raise ValidationError(errors)


