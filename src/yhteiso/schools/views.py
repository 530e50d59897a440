from __future__ import annotations

from functools import lru_cache

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yhteiso.analytics.classify import breaks_for
from yhteiso.core.charts import line_chart
from yhteiso.core.formatting import map_description
from yhteiso.core.permissions import staff_required
from yhteiso.schools import peers as peer_module
from yhteiso.schools import selectors
from yhteiso.schools.forms import SchoolUploadForm, YearForm
from yhteiso.schools.importing import MAX_BYTES, PackageError
from yhteiso.schools.models import School, SchoolImport
from yhteiso.schools.services import school_data_import
from yhteiso.schools.texts import GROUP_LABELS, LANGUAGE_LABELS
from yhteiso.viz import bar_chart, choropleth

BASELINE_LOCAL_SHARE = 76.82  # the plan's baseline of indicator 3.3 (Primus 3/2026, Finnish-language schools)


def _pct(x):
    return None if x is None else 100 * x


def _with_pct(rows: list[dict]) -> list[dict]:
    for r in rows:
        r |= {"foreign_pct": _pct(r["foreign_share"]), "residential_pct": _pct(r["residential_foreign_share"]),
              "gap_pp": _pct(r["gap"]), "own_pct": _pct(r["own_catchment_share"])}
    return rows


def _common() -> dict:
    return {"example_sources": selectors.example_sources(), "sources": SchoolImport.objects.all()}


def _pick(request, years):
    form = YearForm(request.GET or None, years=years)
    year, language = (years[-1] if years else None), "fi"
    if request.GET and form.is_valid():
        year, language = form.cleaned_data["year"], form.cleaned_data["language"] or "fi"
    elif not request.GET:
        form = YearForm(initial={"year": year, "language": language}, years=years)
    return form, year, language


def index(request):
    years = selectors.years()
    form, year, language = _pick(request, years)
    ctx = _common() | {"form": form, "year": year, "language": language, "baseline": BASELINE_LOCAL_SHARE}
    if year is None:
        return render(request, "schools/index.html", ctx)
    series = selectors.goal3_series(years)
    between = selectors.between_series(years_=years)
    overview = selectors.schools_overview(year)
    rows = _with_pct([r for r in overview["rows"] if r["school"].language == language])
    values = {r["school"].code: (100 * r["foreign_share"] if r["foreign_share"] is not None else None) for r in rows}
    finite = [v for v in values.values() if v is not None]
    school_map = school_map_narrow = ""
    if finite:
        features = selectors.catchment_map_features(year, language, values)
        school_map, school_map_narrow = (choropleth(
            features, title=_("Foreign-language pupils by school, %(year)s (catchment areas)") % {"year": year},
            breaks=breaks_for(finite, "quantiles", 5),
            legend_title=_("Foreign-language pupils, %"), missing_label=_("no data"), width=width, height=height,
            desc=map_description(list(values.values())), id_prefix=prefix)
            for width, height, prefix in ((640, 560, "map"), (380, 380, "map-narrow")))
    # each chart twice: wide, and narrow for a phone, where the wide one's text would shrink to a few pixels
    trend, trend_narrow = (line_chart(
        [{"name": _("Finnish-language schools"), "points": [(s["year"], s["local_fi_pct"]) for s in series]},
         {"name": _("Swedish-language schools"), "points": [(s["year"], s["local_sv_pct"]) for s in series]}],
        title=_("Share of pupils in their local school"), x_label=_("Year"), y_label="%",
        reference_lines=[(BASELINE_LOCAL_SHARE, _("Plan's baseline 76.82 %"))], width=width, height=height,
        id_prefix=prefix) for width, height, prefix in ((700, 320, "line"), (380, 300, "line-narrow")))
    dnames = selectors.district_names()
    latest = next((b for b in between if b.year == year), None)
    ctx |= {"series": series, "between": between, "latest": latest, "rows": rows, "school_map": school_map,
            "school_map_narrow": school_map_narrow, "trend": trend, "trend_narrow": trend_narrow,
            "population_year": overview["population_year"], "status_year": overview["status_year"],
            "mixed": [r for r in overview["rows"] if r["mixed"]],
            "districts": sorted(((dnames.get(k, k), latest.within[k], latest.weights[k]) for k in latest.within),
                                key=lambda t: t[0]) if latest else []}
    return render(request, "schools/index.html", ctx)


def school_detail(request, code):
    school = get_object_or_404(School.objects.select_related("small_area").defer(
        "small_area__geometry", "small_area__geometry_wgs84"), code=code)
    composition = selectors.school_composition(school)
    for y in composition:
        for g in y["groups"]:
            g["label"] = GROUP_LABELS.get(g["group"], g["group"])
    years = selectors.years()
    overview = selectors.schools_overview(years[-1]) if years else {"rows": []}
    row = next((r for r in _with_pct(overview["rows"]) if r["school"].pk == school.pk), None)
    points = [(y["year"], 100 * next((g["share"] for g in y["groups"] if g["group"] == "foreign"), None) if any(
        g["group"] == "foreign" and g["share"] is not None for g in y["groups"]) else None) for y in composition]
    refs = []
    if row and row["residential_foreign_share"] is not None:
        refs = [(100 * row["residential_foreign_share"], _("catchment area's residents"))]
    chart, chart_narrow = (line_chart([{"name": _("foreign-language pupils"), "points": points}],
                                      title=_("Foreign-language pupils at %(school)s, %%") % {"school": school.name},
                                      x_label=_("Year"), y_label="%", reference_lines=refs, y_min=0, width=width,
                                      height=height, id_prefix=prefix)
                           for width, height, prefix in ((700, 320, "line"), (380, 300, "line-narrow")))
    inflows = []
    if years:
        for f in selectors.flows_table(years[-1], school.language):
            for t in f["to"]:
                if t["school"].pk == school.pk:
                    inflows.append({"catchment": f["catchment"], "count": t["count"], "local": t["local"]})
    return render(request, "schools/school.html", _common() | {
        "school": school, "composition": composition, "row": row, "chart": chart, "chart_narrow": chart_narrow,
        "inflows": inflows,
        "year": years[-1] if years else None, "groups": GROUP_LABELS})


def flows(request):
    years = selectors.years()
    form, year, language = _pick(request, years)
    ctx = _common() | {"form": form, "year": year, "language": language,
                       "language_label": LANGUAGE_LABELS.get(language, language)}
    if year is not None:
        table = selectors.flows_table(year, language)
        chart, chart_narrow = (bar_chart(
            [(f"{f['catchment'].code} {f['catchment'].school.name}",
              100 * f["local_share"] if f["local_share"] is not None else None) for f in table],
            title=_("Pupils living in each catchment area who attend its local school, %(year)s") % {"year": year},
            value_label="%", width=width, id_prefix=prefix) for width, prefix in ((760, "bar"), (380, "bar-narrow")))
        ctx |= {"table": table, "chart": chart, "chart_narrow": chart_narrow}
    return render(request, "schools/flows.html", ctx)


@lru_cache(maxsize=1)
def _peer_rows():
    return peer_module.compare()


def peers(request):
    rows = _peer_rows()
    name = "name_sv" if get_language() == "sv" else "name_fi"
    charts = {}
    for suffix, width, prefix in (("", 640, "bar"), ("_narrow", 380, "bar-narrow")):
        charts["chart_d" + suffix] = bar_chart(
            [(r[name], r["dissimilarity_low_income"]) for r in rows],
            title=_("Dissimilarity index D of the lowest income class by postal code area"), value_label="D",
            width=width, id_prefix=prefix)
        charts["chart_s" + suffix] = bar_chart(
            [(r[name], r["sum_index_weakest_decile_mean"]) for r in rows],
            title=_("Socioeconomic sum index: mean of the weakest decile (city = 100)"),
            value_label=_("sum index"), reference=(100, _("city = 100")), width=width,
            id_prefix=prefix)
    return render(request, "schools/peers.html", {"rows": rows, **charts})


def peers_json(request):
    """The peer-city comparison as JSON (the same figures as the page and ``yhteiso peer-cities --format json``)."""
    return JsonResponse({"source": "Statistics Finland, Paavo 2019 (CC BY 4.0)", "unit": "postal code area",
                         "cities": list(_peer_rows())}, json_dumps_params={"ensure_ascii": False})


@staff_required
def upload(request):
    form = SchoolUploadForm(request.POST or None, request.FILES or None)
    result = None
    error = None
    if request.method == "POST" and form.is_valid():
        files = {}
        for f in form.cleaned_data["files"]:
            if f.size > MAX_BYTES:
                error = _("%(file)s: the file is larger than %(n)d MB.") % {"file": f.name,
                                                                          "n": MAX_BYTES // (1024 * 1024)}
                break
            files[f.name] = f.read()
        if error is None:
            try:
                result = school_data_import(files=files, actor=request.user, dry_run=form.cleaned_data["dry_run"],
                                            meta={"is_example": True} if form.cleaned_data["is_example"] else None)
            except PackageError as exc:
                error = str(exc)
        if result is not None and not result.dry_run and not result.already_imported:
            messages.success(request, _("The school data were imported."))
            return redirect("schools:upload")
    return render(request, "schools/upload.html", _common() | {"form": form, "result": result, "error": error})
