from __future__ import annotations

import csv
import io
import itertools
import json
import re
import time

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, gettext_noop, ngettext
from django.utils.translation import gettext as _

from yhteiso.analytics.classify import breaks_for, class_of
from yhteiso.analytics.readers import px, table
from yhteiso.analytics.readers.common import ReaderError, content_hash
from yhteiso.areas.models import Area, AreaLevel, BoundaryImport
from yhteiso.areas.places import place_labels
from yhteiso.areas.services import boundaries_import
from yhteiso.core.charts import line_chart
from yhteiso.core.formatting import map_description
from yhteiso.core.hooks import area_actions
from yhteiso.core.inputs import year as as_year
from yhteiso.core.permissions import staff_required
from yhteiso.core.publishers import localise_source
from yhteiso.core.spreadsheets import safe_append
from yhteiso.core.uploads import upload_limit
from yhteiso.jobs.services import job_enqueue
from yhteiso.knowledge import recipes, selectors, selectors_groups
from yhteiso.knowledge.computations import GROUP_LABELS, INDEX_LABELS
from yhteiso.knowledge.forms import MapForm, UploadForm
from yhteiso.knowledge.models import Computation, Dataset, ImportBatch, ImportKind, Variable
from yhteiso.knowledge.reader_messages import problem, upload_too_large
from yhteiso.knowledge.tasks import boundaries_import_job, statistics_import_job
from yhteiso.viz import choropleth, class_colours, diverging_breaks, legend_items, nice_breaks
from yhteiso.viz.svg import fmt

LEVEL_LABELS = dict(AreaLevel.choices)


def _first(choices, wanted):
    keys = [c[0] for c in choices]
    return wanted if wanted in keys else (keys[0] if keys else None)


def index(request):
    d_series = selectors.dissimilarity_series()
    s_series = selectors.sum_index_series()
    chart1 = chart2 = ""
    # Every series is drawn, the newest first: the headline (the foreign-language speakers' D by small area) has a
    # single year so far and was left out of the chart, which then showed only the older, flatter series. A series
    # of one year is a labelled point.
    trend_series = sorted((s for s in d_series if s["points"]), key=lambda s: (-s["points"][-1][0], -len(s["points"])))
    chart1_narrow = ""
    if trend_series:
        d_lines = [{"name": s["label"], "points": s["points"], "label_last": len(s["points"]) == 1,
                    "label_decimals": 3} for s in trend_series]
        chart1 = line_chart(d_lines, title=_("Chart 1. Dissimilarity index D by group"), x_label=_("Year"),
                            y_label=_("Dissimilarity index D (0–1)"), y_min=0, width=860)
        # drawn again narrow for phones, where the wide one's text shrank to a few pixels
        chart1_narrow = line_chart(d_lines, title=_("Chart 1. Dissimilarity index D by group"), x_label=_("Year"),
                                   y_label=_("Dissimilarity index D (0–1)"), y_min=0, width=380, height=300,
                                   id_prefix="line-narrow")
    chart2_narrow = ""
    if s_series:
        s_lines = [{"name": _("Weakest decile (%(level)s)") % {"level": s["label"]},
                    "points": [(y, v) for y, v, _t in s["points"]]} for s in s_series]
        chart2, chart2_narrow = (line_chart(
            s_lines, title=_("Chart 2. Socioeconomic sum index of the weakest decile"), x_label=_("Year"),
            y_label=_("Sum index (Espoo = 100)"), reference_lines=[(100, _("Espoo = 100"))], y_min=90, width=width,
            height=height, id_prefix=prefix)
            for width, height, prefix in ((860, 320, "line"), (380, 300, "line-narrow")))
    years = sorted({y for s in d_series for y, _v in s["points"]})
    d_table = [{"year": y, "values": [dict(s["points"]).get(y) for s in d_series]} for y in years]
    context = {
        "d_series": d_series, "s_series": s_series, "chart1": chart1, "chart1_narrow": chart1_narrow,
        "chart2": chart2, "chart2_narrow": chart2_narrow, "d_table": d_table,
        "headline": {"label": trend_series[0]["label"], "year": trend_series[0]["points"][-1][0],
                     "value": trend_series[0]["points"][-1][1]} if trend_series else None,
        "has_status_map": Computation.objects.filter(kind="status_index", level=AreaLevel.SMALL_AREA).exists(),
        "trend_levels": sorted({LEVEL_LABELS[s["level"]] for s in trend_series}) if d_series else [],
        "datasets": Dataset.objects.all(), "levels": selectors.levels_with_data(),
        "boundary_attributions": sorted(
            {a for lvl in selectors.MAP_LEVELS for a in selectors.boundary_attributions(lvl)}
            - {d.attribution for d in Dataset.objects.all()}),
    }
    return render(request, "knowledge/index.html", context)


def _map_form(request):
    levels = selectors.levels_with_data()
    level = _first(levels, request.GET.get("level") or AreaLevel.SMALL_AREA)
    indicators = selectors.indicator_choices(level) if level else []
    indicator = _first(indicators, request.GET.get("indicator") or "idx:status_index")
    years = selectors.indicator_years(level, indicator) if indicator else []
    year_text = request.GET.get("year", "")
    asked = as_year(year_text)
    year = asked if asked in years else (years[-1] if years else None)
    data = {"level": level, "indicator": indicator, "year": year,
            "method": request.GET.get("method", "quantiles"), "classes": request.GET.get("classes", "5")}
    form = MapForm(data)
    form.fields["level"].choices = levels
    form.fields["indicator"].choices = indicators
    form.fields["year"].choices = [(y, str(y)) for y in years]
    return form, level, indicator, year


def _table_rows(level, indicator, year, breaks=None, *, simplify=True):
    rows = []
    for f in selectors.map_features(level, indicator, year, simplify=simplify):
        rows.append({"code": f["code"], "name": f["name"], "value": f["value"], "suppressed": f["suppressed"],
                     "computed": f["computed"], "partial": f["partial"],
                     "class": None if f["value"] is None or breaks is None else class_of(f["value"], breaks) + 1,
                     "geometry": f["geometry"]})
    return rows


def map_view(request):
    form, level, indicator, year = _map_form(request)
    context = {"form": form, "tile_url": settings.YHTEISO_TILE_URL,
               "tile_attribution": settings.YHTEISO_TILE_ATTRIBUTION}
    if level and indicator and year and form.is_valid():
        method, k = form.cleaned_data["method"], form.cleaned_data["classes"]
        features = selectors.map_features(level, indicator, year)
        values = [f["value"] for f in features]
        need, center = selectors.map_colour_rule(indicator)
        if center is not None:
            breaks = diverging_breaks(values, center, per_side=max(2, (int(k) + 1) // 2))
        else:
            breaks = nice_breaks(breaks_for(values, method, k), values)
        colours = class_colours(len(breaks) + 1, breaks=breaks, need=need, center=center)
        rows = [{**f, "class": None if f["value"] is None else class_of(f["value"], breaks) + 1} for f in features]
        label = selectors.indicator_label(indicator)
        computed_from = selectors.computed_from_for(level, indicator, year)
        computation = selectors.computation_for(level, indicator, year)
        title = _("%(indicator)s by %(level)s, %(year)s") % {"indicator": label, "level": LEVEL_LABELS[level],
                                                              "year": year}
        if indicator == "idx:status_index" and level == AreaLevel.SMALL_AREA:
            title = _("Figure 1. Status index by small area, %(year)s") % {"year": year}
        comma = _decimal_comma()
        labels = [] if level == AreaLevel.MAJOR_DISTRICT else place_labels(AreaLevel.MAJOR_DISTRICT, comma_lang())
        # no links inside the map: an image must not contain controls (the table below links every area)
        svg = choropleth(features, title=title, breaks=breaks, legend_title=label, missing_label=_("no data"),
                         width=900, need=need, center=center, legend=False, water_label=_("sea"),
                         labels=[(p["name"], p["lon"], p["lat"]) for p in labels], decimal_comma=comma,
                         desc=map_description([f.get("value") for f in features]))
        legend = legend_items(breaks, colours, decimal_comma=comma)
        for item, (lo, hi) in zip(legend, itertools.pairwise([None, *breaks, None]), strict=True):
            item["lo"], item["hi"] = lo, hi
        query = request.GET.urlencode()
        context.update({
            "map_labels": labels,
            "map_places": place_labels(level, comma_lang()) if level != AreaLevel.MAJOR_DISTRICT else [],
            "svg": svg, "title": title, "label": label, "breaks": breaks, "rows": rows, "legend": legend,
            "need_note": {"low": _("Darker and warmer colours: lower values, more need."),
                          "high": _("Darker and warmer colours: higher values, more need.")}[need]
            if indicator in selectors.NEED_DIRECTION else _("Darker colours: higher values."),
            "map_data": {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "geometry": f["geometry"], "properties": {
                    "name": f["name"], "code": f["code"],
                    "value": "–" if f["value"] is None else legend_value(f["value"], comma),
                    "colour": None if f["value"] is None else colours[class_of(f["value"], breaks)]}}
                    for f in features if f["value"] is not None]},
            "computation": computation,
            "recipe_note": selectors.recipe_note(computation),
            "computed_note": selectors.computed_label(computed_from),
            "datasets": selectors.attributions_for(level, indicator),
            "boundary_attributions": selectors.boundary_attributions(level),
            "export_csv": reverse("knowledge:export", args=["csv"]) + "?" + query,
            "export_xlsx": reverse("knowledge:export", args=["xlsx"]) + "?" + query,
            "export_geojson": reverse("knowledge:export", args=["geojson"]) + "?" + query,
        })
    return render(request, "knowledge/map.html", context)


def comma_lang() -> str:
    return "sv" if (get_language() or "fi")[:2] == "sv" else "fi"


def _decimal_comma() -> bool:
    return (get_language() or "fi")[:2] in ("fi", "sv")


def legend_value(value: float, comma: bool) -> str:
    return fmt(value, decimals=1 if abs(value) < 1000 else 0, decimal_comma=comma)


def export(request, fmt):
    _form, level, indicator, year = _map_form(request)
    if not (level and indicator and year):
        raise Http404
    rows = _table_rows(level, indicator, year, simplify=False)
    label = selectors.indicator_label(indicator)
    lang = get_language() or "fi"
    sources = [localise_source(f"{d.attribution} ({d.licence})", lang)
               for d in selectors.attributions_for(level, indicator)]
    sources += [localise_source(a, lang) for a in selectors.boundary_attributions(level)]
    computed = selectors.computed_label(selectors.computed_from_for(level, indicator, year))
    if computed:  # the figures were rolled up from smaller areas: say so wherever they go
        sources.append(computed)
    stand_in = selectors.recipe_note(selectors.computation_for(level, indicator, year))
    if stand_in:  # one of the plan's figures computed from a stand-in
        sources.insert(0, stand_in)
    attribution = "; ".join(sources)
    stem = re.sub(r"[^a-z0-9_]+", "-", f"{indicator}-{level}-{year}".lower())
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["code", "name", "level", "year", "indicator", "value", "suppressed", "source"])
        for r in rows:
            w.writerow([r["code"], r["name"], level, year, indicator.split(":", 1)[1],
                        "" if r["value"] is None else r["value"], "1" if r["suppressed"] else "0", attribution])
        response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "data"
        ws.append(["code", "name", "level", "year", "indicator", "value", "suppressed"])
        for r in rows:
            safe_append(ws, [r["code"], r["name"], level, year, indicator.split(":", 1)[1], r["value"],
                             r["suppressed"]])
        src = book.create_sheet("sources")
        safe_append(src, [label])
        for s in sources:
            safe_append(src, [s])
        buf = io.BytesIO()
        book.save(buf)
        response = HttpResponse(buf.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    elif fmt == "geojson":
        doc = {"type": "FeatureCollection", "name": stem, "attribution": attribution,
               "features": [{"type": "Feature", "geometry": r["geometry"],
                             "properties": {"code": r["code"], "name": r["name"], "year": year,
                                            "indicator": indicator.split(":", 1)[1], "value": r["value"],
                                            "suppressed": r["suppressed"], "computed": r["computed"]}}
                            for r in rows]}
        response = HttpResponse(json.dumps(doc, ensure_ascii=False), content_type="application/geo+json")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def area_profile(request, code):
    area = Area.objects.filter(code=code, division="").select_related("parent").first()
    if area is None:
        raise Http404
    stats = selectors.area_statistics(area)
    indices = selectors.area_indices(area)
    within = selectors.area_segregation_within(area)
    charts = []
    for item in indices:
        if len(item["series"]) > 1:
            charts.append(line_chart([{"name": area.name, "points": item["series"]}],
                                     title=f"{item['label']}: {area.name}", x_label=_("Year"),
                                     y_label=_("Index (Espoo = 100)"), reference_lines=[(100, _("Espoo = 100"))]))
    trend_charts = []
    for s in stats:
        if len([v for _y, v in s["series"] if v is not None]) >= 3 and len(trend_charts) < 4:
            trend_charts.append({"name": s["name"], "svg": line_chart(
                [{"name": area.name, "points": s["series"]}, {"name": _("Espoo"), "points": s["city_series"]}],
                title=f"{s['name']}: {area.name}", x_label=_("Year"), y_label=s["unit"] or "")})
    context = {
        "area": area, "stats": stats, "indices": indices, "within": within,
        "any_computed": any(s["computed"] for s in stats),
        "land_area_km2": area.land_area_m2 / 1e6 if area.land_area_m2 else None,
        "charts": charts, "trend_charts": trend_charts,
        **_crosswalked(area, stats),
        "children": area.children.order_by("code"), "ancestors": list(reversed(area.ancestors())),
        "datasets": sorted({s["dataset"] for s in stats}, key=lambda d: d.title),
        "boundary": area.boundary_source,
        "map_svg": _locator(area),
        "projects": area_actions(area),
        "by_group": selectors_groups.area_groups(area),
    }
    return render(request, "knowledge/area_profile.html", context)


def _crosswalked(area: Area, stats: list[dict]) -> dict:
    """The estimates carried to the area from another division, for the area page: rounded as estimates (whole
    persons, one decimal for a rate) and, where the area has figures of its own that are newer, behind a disclosure
    with a sentence saying so (an estimate from 2017 next to a measured 2025 figure invited distrust)."""
    rows = selectors.crosswalked_statistics(area)
    for r in rows:
        r["rounded"] = None if r["value"] is None else round(r["value"]) if r["count"] else round(r["value"], 1)
    own_year = max((s["year"] for s in stats if s.get("value") is not None), default=None)
    newest = max((r["year"] for r in rows), default=None)
    return {"crosswalked": rows, "crosswalk_level": rows[0]["source_level"] if rows else "",
            "crosswalk_years": sorted({r["year"] for r in rows}),
            "crosswalk_older": own_year is not None and newest is not None and newest < own_year,
            "own_year": own_year}


def _locator(area: Area) -> str:
    """The area among the other areas of its level (all of Espoo's areas of that level)."""
    from yhteiso.knowledge.minimap import locator_map

    if not area.geometry_wgs84:
        return ""
    others = [selectors.display_geometry(a.geometry_wgs84, 0.0005)
              for a in Area.objects.filter(level=area.level, division=area.division).exclude(pk=area.pk)
              .exclude(geometry_wgs84=None)]
    return locator_map(selectors.display_geometry(area.geometry_wgs84, 0.0002), others,
                       title=_("Location of %(area)s") % {"area": area.name},
                       desc=_("%(area)s highlighted among the other areas of the same level.") % {"area": area.name})


def _method_sentences(c: Computation) -> list[str]:
    """The computation's parameters as sentences in the page's language (the parameters themselves stay behind
    the "technical details" disclosure): which variables of which year went in, how they were scaled and weighted,
    and how the weakest decile was chosen."""
    params = c.parameters or {}
    variables = {v.code: v.name for v in Variable.objects.filter(
        code__in=[code for comp in (params.get("components") or {}).values() if isinstance(comp, dict)
                  for code in comp.get("variables", [])] + [(params.get("population") or {}).get("variable", "")])}
    out = []
    if c.kind == "segregation":
        groups = [str(GROUP_LABELS.get(g, g)) for g in params.get("groups", [])]
        if groups:
            out.append(_("The segregation indices were computed for these population groups: %(groups)s; each group "
                         "is compared with the rest of the population of the areas.") % {"groups": ", ".join(groups)})
        if params.get("atkinson_b") is not None:
            out.append(_("Atkinson's index uses the shape parameter b = %(b)s.") % {
                "b": formats.number_format(params["atkinson_b"], use_l10n=True)})
        return out
    recipe = recipes.RECIPES.get(c.kind)
    components = params.get("components") or {}
    if components:
        out.append(ngettext("The index combines %(n)s component:", "The index combines %(n)s components:",
                            len(components)) % {"n": len(components)})
        for code, comp in components.items():
            part = recipe.component(code) if recipe else None
            label = str(part.label) if part else str(INDEX_LABELS.get(code, _("component")))
            comp = comp if isinstance(comp, dict) else {}
            used = ", ".join(variables.get(v, v) for v in comp.get("variables", [])) or "–"
            if comp.get("complement"):
                used = _("%(variables)s, taken as its complement (1 − share)") % {"variables": used}
            elif comp.get("reciprocal"):
                used = _("%(variables)s, taken as its reciprocal (1 / value)") % {"variables": used}
            direction = (_("a higher value means a better situation") if comp.get("higher_is_better")
                         else _("a higher value means more need"))
            sentence = _("%(component)s: %(variables)s (%(year)s); %(direction)s.") % {
                "component": capfirst(label), "variables": used, "year": comp.get("year", "–"),
                "direction": direction}
            if comp.get("stand_in"):
                sentence += " " + _("A stand-in for the plan's definition.")
            out.append(sentence)
    if params.get("scaling"):
        out.append(_("Each component is turned into a standard score weighted by the areas' population; the index "
                     "has a mean of 100 and a standard deviation of 10 over the city's population."))
    if params.get("weights") == "equal":
        out.append(_("The components have equal weights."))
    population = params.get("population") or {}
    if population.get("variable"):
        out.append(_("Population weights: %(variable)s, %(year)s.") % {
            "variable": variables.get(population["variable"], population["variable"]),
            "year": population.get("year", "–")})
    if params.get("weakest_decile"):
        out.append(_("The weakest decile: the areas with the weakest index values that together hold a tenth of "
                     "the city's population."))
    return out


def computation_detail(request, pk):
    c = get_object_or_404(Computation, pk=pk)
    city = c.values.filter(area=None).order_by("index", "group")
    return render(request, "knowledge/computation.html", {
        "c": c, "city_values": [{"index": INDEX_LABELS.get(v.index, v.index), "name": v.index,
                                 "group": (_("Whole population") if v.group == "city"
                                           else GROUP_LABELS.get(v.group, v.group)),
                                 "value": v.value} for v in city],
        "parameters": json.dumps(c.parameters, indent=2, ensure_ascii=False, default=str),
        "method": _method_sentences(c), "kind_label": capfirst(INDEX_LABELS.get(c.kind, "")) or (
            _("segregation indices") if c.kind == "segregation" else c.kind),
        "recipe_note": selectors.recipe_note(c, recipes.DISSIMILARITY_GROUP),
        "area_count": c.values.exclude(area=None).values("area").distinct().count(),
        "level_label": LEVEL_LABELS.get(c.level, c.level)})


def datasets_view(request):
    datasets = list(Dataset.objects.prefetch_related("batches"))
    for d in datasets:
        d.imports = list(d.batches.all())
        for b in d.imports:
            # a batch the platform rolled up has a stored name for developers ("computed from pienalue: …"); the
            # reader gets the level and how it was made in their language
            b.label = (f"{b.get_level_display()}: {selectors.computed_label(b.options.get('computed_from', ''))}"
                       if b.kind == ImportKind.COMPUTED else b.filename)
    return render(request, "knowledge/datasets.html", {
        "datasets": datasets,
        "boundaries": BoundaryImport.objects.all(),
    })


UPLOAD_GROUPS = [
    (gettext_lazy("File"), ["kind", "file", "level", "division"]),
    (gettext_lazy("Provenance"), ["dataset", "title", "publisher", "licence", "attribution", "table_id",
                                  "source_url", "retrieved_on"]),
    (gettext_lazy("CSV or XLSX table"), ["area_column", "year_column", "year", "name_column", "layout",
                                         "value_columns", "column_names", "variable_column", "value_column",
                                         "group_column", "base_variable", "count_variables", "decimal_comma",
                                         "sheet"]),
    (gettext_lazy("PX and JSON-stat"), ["area_dimension", "year_dimension", "area"]),
    (gettext_lazy("Paavo"), ["release_year", "municipality"]),
    (gettext_lazy("Boundaries"), ["code_template", "name_template", "crs"]),
    (gettext_lazy("Check"), ["dry_run"]),
]
STAGED_RE = re.compile(r"[0-9a-f]{64}")


def _staging_dir():
    path = settings.DATA_DIR / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stage(data: bytes) -> str:
    digest = content_hash(data)
    (_staging_dir() / f"{digest}.bin").write_bytes(data)
    return digest


def _unstage(key: str) -> None:
    if STAGED_RE.fullmatch(key or ""):
        (_staging_dir() / f"{key}.bin").unlink(missing_ok=True)


def _purge_staged() -> None:
    """Delete staged uploads older than ``YHTEISO_STAGED_UPLOAD_SECONDS`` (previews never confirmed)."""
    cutoff = time.time() - settings.YHTEISO_STAGED_UPLOAD_SECONDS
    for path in _staging_dir().glob("*.bin"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def _uploaded_data(request) -> tuple[bytes, str, str] | None:
    """The bytes, name and staging key of the file of this request: a new upload or the staged one."""
    upload_file = request.FILES.get("file")
    if upload_file is not None:
        data = upload_file.read()
        return data, upload_file.name, ""
    staged = request.POST.get("staged", "")
    path = _staging_dir() / f"{staged}.bin"
    if STAGED_RE.fullmatch(staged) and path.exists():
        return path.read_bytes(), request.POST.get("staged_name") or "upload", staged
    return None


def _file_structure(kind: str, data: bytes, filename: str, sheet: str) -> dict:
    """A table's columns or a PX file's dimensions and values, for the mapping fields (read by the same pure
    readers the import uses)."""
    if kind == ImportKind.TABLE:
        return {"columns": table.read_header(data, filename=filename, sheet=sheet or None)}
    if kind == ImportKind.PX:
        parsed = px.parse(data, filename=filename)
        return {"dimensions": [(dim, list(zip(parsed.codes(dim), parsed.values(dim), strict=False)))
                               for dim in parsed.dimensions()]}
    return {}


def _upload_page(request, form, **context):
    groups = [(legend, [form[name] for name in names]) for legend, names in UPLOAD_GROUPS]
    if form.select_fields:
        groups.insert(-1, (gettext_lazy("Values to import (none chosen: all)"),
                           [form[name] for name in form.select_fields]))
    return render(request, "knowledge/upload.html", {
        "form": form, "groups": groups, "batches": ImportBatch.objects.select_related("dataset")[:10],
        **context})


@staff_required
def upload(request):
    from yhteiso.knowledge.services import statistics_import

    _purge_staged()
    if request.method != "POST":
        return _upload_page(request, UploadForm())
    request.POST  # noqa: B018 - parse the body now: the upload handler says whether a file was too large
    if getattr(request, "upload_too_large", False):
        return _upload_page(request, UploadForm(), error=upload_too_large(upload_limit()))
    if "cancel" in request.POST:
        _unstage(request.POST.get("staged", ""))
        messages.info(request, _("The previewed file was removed; nothing was imported."))
        return redirect("knowledge:upload")
    found = _uploaded_data(request)
    structure = {}
    if found is not None:
        data, filename, staged = found
        try:
            structure = _file_structure(request.POST.get("kind", ""), data, filename, request.POST.get("sheet", ""))
        except ReaderError as err:
            return _upload_page(request, UploadForm(request.POST), error=problem(err))
        if not staged and structure:
            staged = _stage(data)
        if staged:
            post = request.POST.copy()
            post["staged"], post["staged_name"] = staged, filename
            form = UploadForm(post, **structure)
        else:
            form = UploadForm(request.POST, request.FILES)
    else:
        form = UploadForm(request.POST, request.FILES)
        if request.POST.get("staged"):
            form.add_error("file", _("The previewed file is no longer available; choose it again."))
            return _upload_page(request, form)
    if not form.is_valid():
        return _upload_page(request, form)
    if not form.mapping_complete():
        return _upload_page(request, UploadForm(form.data, **structure), mapping_step=True)
    cd = form.cleaned_data
    if not cd["dry_run"]:
        return _enqueue_import(request, form, cd, data, filename)
    try:
        if cd["kind"] == ImportKind.BOUNDARIES:
            report = boundaries_import(
                data=data, filename=filename, level=cd["level"], code=cd["code_template"] or "{code}",
                name=cd["name_template"] or "{name}", crs=cd["crs"] or None,
                publisher=cd["publisher"], licence=cd["licence"], attribution=cd["attribution"],
                retrieved_on=cd["retrieved_on"], actor=request.user, dry_run=True,
                division=cd["division"])
        else:
            dataset = {k: cd[k] for k in ("title", "publisher", "licence", "attribution", "table_id",
                                          "source_url", "retrieved_on")}
            dataset["code"] = cd["dataset"]
            report = statistics_import(kind=cd["kind"], data=data, filename=filename, level=cd["level"],
                                       dataset=dataset, options=form.statistics_options(), actor=request.user,
                                       dry_run=True)
    except ReaderError as err:
        return _upload_page(request, form, error=problem(err))
    if not report.already_imported:
        confirm = form.data.copy()
        confirm["staged"], confirm["staged_name"] = _stage(data), filename
        confirm["dry_run"] = ""
        form = UploadForm(confirm, **structure)
    return _upload_page(request, form, report=report)


def _enqueue_import(request, form, cd, data: bytes, filename: str):
    """The import itself runs as a background job (one transaction in the worker); the page goes to its status."""
    staged = _stage(data)
    retrieved = cd["retrieved_on"].isoformat() if cd["retrieved_on"] else None
    if cd["kind"] == ImportKind.BOUNDARIES:
        params = {"level": cd["level"], "code": cd["code_template"] or "{code}",
                  "name": cd["name_template"] or "{name}", "crs": cd["crs"] or None, "publisher": cd["publisher"],
                  "licence": cd["licence"],
                  "attribution": cd["attribution"], "retrieved_on": retrieved, "division": cd["division"]}
        job = job_enqueue(task=boundaries_import_job, kind="boundaries_import", actor=request.user,
                          title=gettext_noop("Import of the boundaries in %(file)s"), title_params={"file": filename},
                          kwargs={"staged": staged, "filename": filename, "params": params})
    else:
        dataset = {k: cd[k] for k in ("title", "publisher", "licence", "attribution", "table_id", "source_url")}
        dataset["code"], dataset["retrieved_on"] = cd["dataset"], retrieved
        job = job_enqueue(task=statistics_import_job, kind="statistics_import", actor=request.user,
                          title=gettext_noop("Import of the statistics in %(file)s"), title_params={"file": filename},
                          kwargs={"staged": staged, "filename": filename, "kind": cd["kind"], "level": cd["level"],
                                  "dataset": dataset, "options": form.statistics_options()})
    return redirect(job)
