"""The statistics by population group: areas compared group by group for one variable, dimension and year."""

from __future__ import annotations

from typing import cast

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from yhteiso.areas.models import AreaLevel
from yhteiso.knowledge import groups, selectors_groups

LEVEL_LABELS = dict(AreaLevel.choices)


class GroupsForm(forms.Form):
    variable = forms.ChoiceField(label=_("Indicator"), choices=())
    dimension = forms.ChoiceField(label=_("Breakdown"), choices=())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    level = forms.ChoiceField(label=_("Geography"), choices=())

    def __init__(self, data, *, available: dict):
        super().__init__(data)
        chosen = available.get(data.get("variable")) or next(iter(available.values()), None)
        fields = {name: cast(forms.ChoiceField, field) for name, field in self.fields.items()}
        fields["variable"].choices = sorted(((code, item["variable"].name) for code, item in available.items()),
                                                 key=lambda c: str(c[1]))
        if chosen is not None:
            fields["dimension"].choices = [(d, str(groups.DIMENSIONS[d]).capitalize())
                                                for d in chosen["dimensions"]]
            fields["year"].choices = [(y, str(y)) for y in chosen["years"]]
            fields["level"].choices = [(lvl, str(LEVEL_LABELS[lvl]).capitalize()) for lvl in chosen["levels"]]


def groups_view(request):
    available = selectors_groups.group_choices()
    data = request.GET.copy()
    if available:
        first_code = sorted(available, key=lambda c: str(available[c]["variable"].name))[0]
        if data.get("variable") not in available:
            data["variable"] = first_code
        item = available[data["variable"]]
        if data.get("dimension") not in item["dimensions"]:
            data["dimension"] = item["dimensions"][0]
        if data.get("year") not in {str(y) for y in item["years"]}:
            data["year"] = str(item["years"][0])
        if data.get("level") not in item["levels"]:
            data["level"] = item["levels"][0]
    form = GroupsForm(data, available=available)
    context: dict = {"form": form, "available": bool(available)}
    if available and form.is_valid():
        item = available[form.cleaned_data["variable"]]
        table = selectors_groups.group_table(variable=item["variable"], dimension=form.cleaned_data["dimension"],
                                             year=form.cleaned_data["year"], level=form.cleaned_data["level"])
        context.update({"table": table, "variable": item["variable"], "year": form.cleaned_data["year"],
                        "dimension_label": groups.DIMENSIONS[form.cleaned_data["dimension"]],
                        "level_label": LEVEL_LABELS[form.cleaned_data["level"]]})
    return render(request, "knowledge/groups.html", context)
