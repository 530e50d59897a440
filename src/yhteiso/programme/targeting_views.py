"""Pages of targeting and effect follow-up (moved from ``knowledge/views.py``, issue 11): areas in need joined with
the programme's projects that reach them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render

from yhteiso.analytics.did import did
from yhteiso.areas.models import AreaLevel
from yhteiso.core.inputs import year as as_year
from yhteiso.knowledge import selectors as knowledge_selectors
from yhteiso.knowledge.models import Computation
from yhteiso.knowledge.selectors import INDEX_KEYS, LEVEL_LABELS
from yhteiso.programme import followup, targeting
from yhteiso.programme.forms import FollowupForm, TargetingForm


def _first(choices, wanted):
    keys = [c[0] for c in choices]
    return wanted if wanted in keys else (keys[0] if keys else None)


def targeting_view(request):
    levels = [(lvl, label) for lvl, label in knowledge_selectors.levels_with_data()
              # a level whose indices are computed from the small areas (no weakest decile of its own) is no
              # ranking of its own
              if Computation.objects.filter(level=lvl, kind__in=INDEX_KEYS).exclude(
                  parameters__has_key="computed_from").exists()]
    level = _first(levels, request.GET.get("level") or AreaLevel.POSTAL_AREA)
    form = TargetingForm(request.GET or None)
    form.fields["level"].choices = levels
    index_key = request.GET.get("index", "sum_index")
    if index_key not in dict(TargetingForm.INDEX_CHOICES):
        index_key = "sum_index"
    year_text = request.GET.get("year", "")
    exclude = request.GET.get("exclude_flagged", "") in ("on", "1", "true")
    result = targeting.targeting(level=level, year=as_year(year_text),
                                 index=index_key, exclude_flagged=exclude) if level else None
    if result:
        form.fields["year"].choices = [(y, str(y)) for y in result["years"]]
        form = TargetingForm({"level": level, "index": result["index"], "year": result["year"],
                              "exclude_flagged": exclude})
        form.fields["level"].choices = levels
        form.fields["year"].choices = [(y, str(y)) for y in result["years"]]
        form.is_valid()
    # the plan's indices computed from a stand-in say so here too (knowledge.recipes)
    stand_ins = [knowledge_selectors.recipe_note(c) for c in Computation.objects.filter(
        level=level, year=result["year"], kind__in=INDEX_KEYS).order_by("kind")] if result else []
    return render(request, "programme/targeting.html", {
        "form": form, "result": result, "level_label": LEVEL_LABELS.get(level, ""),
        "stand_ins": [n for n in stand_ins if n],
        "student_share_min": targeting.STUDENT_SHARE_MIN, "population_min": targeting.POPULATION_MIN})


def _followup_data(request, projects, levels) -> tuple[dict, dict | None]:
    """The form's data: what the request gives, the rest from the project's defaults (:func:`followup.defaults`).
    The earlier text fields ``before`` / ``after`` (``2015–2016``) of old links are read into the year pairs."""
    data = {k: v for k, v in request.GET.items() if v != "" or k.startswith("after_")}
    project_id = data.get("project", "")
    project = next((p for p in projects if str(p.pk) == project_id), None) if project_id else None
    if project is None and not project_id and projects:
        project = projects[0]
    start = followup.defaults(project, levels) if project else None
    for name in ("before", "after"):
        text = data.pop(name, None)
        if text and f"{name}_from" not in data:
            try:
                years = FollowupForm.parse_years(text)
            except ValidationError:
                data[f"{name}_from"] = data[f"{name}_to"] = text  # not a year: the form names the field
            else:
                data[f"{name}_from"], data[f"{name}_to"] = str(min(years)), str(max(years))
    if project is not None:
        data.setdefault("project", str(project.pk))
    if start:
        data.setdefault("level", start["level"])
        if data["level"] != start["level"] and project is not None:
            # another geography chosen: the best series there, if the project reaches areas with one
            start = followup.defaults(project, [(lvl, label) for lvl, label in levels if lvl == data["level"]])
        if start:
            data.setdefault("indicator", start["indicator"])
    return data, start


def followup_view(request):
    projects = targeting.projects_with_targets()
    levels = knowledge_selectors.levels_with_data()
    data, start = _followup_data(request, projects, levels)
    level = _first(levels, data.get("level") or AreaLevel.POSTAL_AREA)
    indicators = knowledge_selectors.indicator_choices(level) if level else []
    indicator = _first(indicators, data.get("indicator"))
    if level:  # an unknown value stays in the data, so the form names it; a missing one gets the first choice
        data.setdefault("level", level)
    if indicator:
        data.setdefault("indicator", indicator)
    years = knowledge_selectors.indicator_years(level, indicator) if indicator else []
    project = next((p for p in projects if str(p.pk) == data.get("project")), None)
    if indicator:
        project_start = followup.start_year(project) if project is not None else None
        same = start and start["level"] == level and start["indicator"] == indicator
        before, after = (start["before"], start["after"]) if same else followup.periods(years, project_start)
        if before:
            data.setdefault("before_from", str(before[0]))
            data.setdefault("before_to", str(before[-1]))
        if "after_from" not in data and "after_to" not in data:
            data["after_from"], data["after_to"] = (str(after[0]), str(after[-1])) if after else ("", "")
    form = FollowupForm(data if projects else None)
    form.fields["project"].choices = [(p.pk, p.localized("name")) for p in projects]
    form.fields["level"].choices = levels
    form.fields["indicator"].choices = indicators
    form.set_years(years)
    context: dict = {"form": form, "projects": projects, "years": years}
    if projects and form.is_valid():
        project = next(p for p in projects if p.pk == form.cleaned_data["project"])
        key = form.cleaned_data["indicator"]
        before, after = form.cleaned_data["before"], form.cleaned_data["after"]
        treated = followup.treated_areas(project, level)
        treated_codes = {a.code for a in treated}
        t_series, c_series = followup.yearly_means(level, key, years, treated_codes)
        result = did(t_series, c_series, before=before, after=after) if before and after else None
        label = knowledge_selectors.indicator_label(key)
        unit = knowledge_selectors.indicator_unit(key)
        project_start = followup.start_year(project)
        context.update({
            "result": result, "project": project, "treated": treated, "label": label,
            "level_label": LEVEL_LABELS[level], "start": project_start, "before": before, "after": after,
            "chart": followup.chart(treated=t_series, control=c_series, years=years, start=project_start,
                                    label=label, unit=unit),
            "chart_narrow": followup.chart(treated=t_series, control=c_series, years=years, start=project_start,
                                           label=label, unit=unit, narrow=True),
            "verdict": followup.verdict_sentences(result, unit=unit, before=before, after=after,
                                                  start=project_start, latest_year=years[-1] if years else None,
                                                  baseline=followup.baseline_changes(t_series, c_series, before)),
            "means": [(y, t, c) for (y, t), (_y, c) in zip(followup.mean_by_year(t_series, years),
                                                            followup.mean_by_year(c_series, years), strict=True)],
        })
    return render(request, "programme/followup.html", context)

