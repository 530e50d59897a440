"""Pages of targeting and effect follow-up (moved from ``knowledge/views.py``, issue 11): areas in need joined with
the programme's projects that reach them."""

from __future__ import annotations

from django.shortcuts import render

from yhteiso.analytics.did import did
from yhteiso.areas.models import Area, AreaLevel
from yhteiso.knowledge import selectors as knowledge_selectors
from yhteiso.knowledge.models import Computation
from yhteiso.knowledge.selectors import INDEX_KEYS, LEVEL_LABELS
from yhteiso.programme import targeting
from yhteiso.programme.forms import FollowupForm, TargetingForm


def _first(choices, wanted):
    keys = [c[0] for c in choices]
    return wanted if wanted in keys else (keys[0] if keys else None)


def targeting_view(request):
    levels = [(lvl, label) for lvl, label in knowledge_selectors.levels_with_data()
              if Computation.objects.filter(level=lvl, kind__in=INDEX_KEYS).exists()]
    level = _first(levels, request.GET.get("level") or AreaLevel.POSTAL_AREA)
    form = TargetingForm(request.GET or None)
    form.fields["level"].choices = levels
    index_key = request.GET.get("index", "sum_index")
    if index_key not in dict(TargetingForm.INDEX_CHOICES):
        index_key = "sum_index"
    year_text = request.GET.get("year", "")
    result = targeting.targeting(level=level, year=int(year_text) if year_text.isdigit() else None,
                                 index=index_key) if level else None
    if result:
        form.fields["year"].choices = [(y, str(y)) for y in result["years"]]
        form = TargetingForm({"level": level, "index": result["index"], "year": result["year"]})
        form.fields["level"].choices = levels
        form.fields["year"].choices = [(y, str(y)) for y in result["years"]]
        form.is_valid()
    # the plan's indices computed from a stand-in say so here too (knowledge.recipes)
    stand_ins = [knowledge_selectors.recipe_note(c) for c in Computation.objects.filter(
        level=level, year=result["year"], kind__in=INDEX_KEYS).order_by("kind")] if result else []
    return render(request, "programme/targeting.html", {"form": form, "result": result,
                                                        "level_label": LEVEL_LABELS.get(level, ""),
                                                        "stand_ins": [n for n in stand_ins if n]})


def _treated_areas(project, level: str) -> list[Area]:
    """The project's target areas on ``level``: themselves, their descendants, or areas of this geography lying
    inside them (see :func:`targeting.areas_reached`)."""
    reached = targeting.areas_reached(list(project.target_areas.all()), level)
    return list(Area.objects.filter(pk__in=reached).order_by("code"))


def followup(request):
    projects = targeting.projects_with_targets()
    levels = knowledge_selectors.levels_with_data()
    level = _first(levels, request.GET.get("level") or AreaLevel.POSTAL_AREA)
    indicators = knowledge_selectors.indicator_choices(level) if level else []
    form = FollowupForm(request.GET or None)
    form.fields["project"].choices = [(p.pk, p.localized("name")) for p in projects]
    form.fields["level"].choices = levels
    form.fields["indicator"].choices = indicators
    context = {"form": form, "projects": projects}
    if request.GET and form.is_valid():
        project = next(p for p in projects if p.pk == form.cleaned_data["project"])
        indicator = form.cleaned_data["indicator"]
        before, after = form.cleaned_data["before"], form.cleaned_data["after"]
        treated = _treated_areas(project, level)
        treated_codes = {a.code for a in treated}
        series: dict[str, dict[int, float | None]] = {}
        for y in sorted(set(before) | set(after)):
            for code, v in knowledge_selectors.indicator_values(level, indicator, y).items():
                series.setdefault(code, {})[y] = v["value"]
        t_series = {c: s for c, s in series.items() if c in treated_codes}
        c_series = {c: s for c, s in series.items() if c not in treated_codes}
        result = did(t_series, c_series, before=before, after=after)
        context.update({"result": result, "project": project, "treated": treated,
                        "label": knowledge_selectors.indicator_label(indicator), "level_label": LEVEL_LABELS[level]})
    return render(request, "programme/followup.html", context)
