"""Writes to the knowledge base: importing statistics (one transaction per file; a bad row means nothing is
imported; the same file twice changes nothing) and (re)computing the stored indices."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from yhteiso.analytics.readers import jsonstat, paavo, px, table
from yhteiso.analytics.readers.common import Cell, ReaderError, Statistics, content_hash
from yhteiso.analytics.rollup import roll_up
from yhteiso.areas.models import Area, AreaLevel
from yhteiso.core.audit import audit_record, snapshot
from yhteiso.knowledge import computations as comp
from yhteiso.knowledge import grouping, groups, selectors
from yhteiso.knowledge.models import Computation, Dataset, ImportBatch, ImportKind, IndexValue, Observation, Variable
from yhteiso.knowledge.variables import kind_of

log = logging.getLogger(__name__)

DEFAULT_PROVENANCE = {
    ImportKind.PX: {"publisher": "Tilastokeskus", "licence": "CC BY 4.0",
                    "attribution": "Lähde: Tilastokeskus"},
    ImportKind.JSONSTAT: {"publisher": "Tilastokeskus", "licence": "CC BY 4.0",
                          "attribution": "Lähde: Tilastokeskus"},
    ImportKind.PAAVO: {"publisher": "Tilastokeskus, Paavo", "licence": "CC BY 4.0",
                       "attribution": "Lähde: Tilastokeskus, Paavo"},
    ImportKind.TABLE: {"publisher": "", "licence": "", "attribution": ""},
}


@dataclass
class ImportReport:
    filename: str
    kind: str
    level: str
    dry_run: bool = False
    already_imported: bool = False
    cells: int = 0
    suppressed: int = 0
    years: list[int] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)
    areas: int = 0
    preview: list[dict] = field(default_factory=list)
    recomputed: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    batch: ImportBatch | None = None
    dataset: str = ""


class _Rollback(Exception):  # noqa: N818 - control flow for dry runs
    pass


def read_statistics(kind: str, data: bytes, filename: str, options: dict) -> Statistics:
    """Dispatch to the pure readers with the options that concern them."""
    o = {k: v for k, v in options.items() if v not in (None, "", [], {})}
    if kind == ImportKind.PX:
        return px.read_px(data, area_dimension=o.get("area_dimension"), area=o.get("area"),
                          year_dimension=o.get("year_dimension"), select=o.get("select"),
                          variable_prefix=o.get("variable_prefix"), filename=filename)
    if kind == ImportKind.JSONSTAT:
        return jsonstat.read_jsonstat(data, area_dimension=o.get("area_dimension"), area=o.get("area"),
                                      year_dimension=o.get("year_dimension"),
                                      variable_prefix=o.get("variable_prefix"), filename=filename)
    if kind == ImportKind.PAAVO:
        return paavo.read_paavo(data, release_year=o.get("release_year"), year=o.get("year"),
                                municipality=o.get("municipality"), variables=o.get("variables"),
                                filename=filename)
    if kind == ImportKind.TABLE:
        return table.read_statistics_table(
            data, filename=filename, area_column=o.get("area_column", ""), year_column=o.get("year_column"),
            year=o.get("year"), layout=o.get("layout", "wide"), columns=o.get("columns"),
            variable_column=o.get("variable_column"), value_column=o.get("value_column"),
            name_column=o.get("name_column"), group_column=o.get("group_column"),
            ignore_columns=o.get("ignore_columns"),
            decimal_comma=bool(o.get("decimal_comma")), sheet=o.get("sheet"))
    raise ReaderError(f"unknown import kind {kind!r}", file=filename)


def _first_cell(cells: list[Cell], pred) -> Cell | None:
    return next((c for c in cells if pred(c)), None)


def statistics_import(
    *,
    kind: str,
    data: bytes,
    filename: str,
    level: str,
    dataset: dict,
    options: dict | None = None,
    actor=None,
    dry_run: bool = False,
    recompute: bool = True,
    variable_names: dict[str, dict[str, str]] | None = None,
) -> ImportReport:
    """Import one statistics file. ``dataset``: ``{"code", "title", "publisher", "licence", "attribution",
    "table_id", "source_url", "retrieved_on"}`` (missing provenance comes from the file or the kind's defaults).
    Raises :class:`ReaderError` naming the file, row, column and reason; nothing is saved then."""
    options = dict(options or {})
    if level not in AreaLevel.values:
        raise ReaderError(f"unknown level {level!r}", file=filename, column="level")
    report = ImportReport(filename=filename, kind=kind, level=level, dry_run=dry_run)
    digest = content_hash(data)
    existing = ImportBatch.objects.filter(content_hash=digest).first()
    if existing:
        report.already_imported, report.batch, report.dataset = True, existing, existing.dataset.code
        return report
    table = read_statistics(kind, data, filename, options)
    if not table.cells:
        raise ReaderError.of("no_values", file=filename)
    code_prefix = options.get("area_code_prefix") or ""
    division = options.get("division") or ""
    areas = {a.code: a for a in Area.objects.filter(level=level, division=division)}
    missing = sorted({code_prefix + c.area_code for c in table.cells} - set(areas))
    if missing:
        cell = _first_cell(table.cells, lambda c: code_prefix + c.area_code == missing[0])
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        which = f"{level} area" + (f" of the {division} division" if division else "")
        raise ReaderError.of("unknown_area", file=filename, row=cell.row if cell else None,
                             column=cell.column if cell else None, value=missing[0], which=which, more=more)
    if any(c.group for c in table.cells):  # figures by population group: the small-cell rule across groups
        table.cells = grouping.suppress_groups(table.cells, level=level, division=division, code_prefix=code_prefix,
                                               options=options, filename=filename)
    provenance = {**DEFAULT_PROVENANCE.get(kind, {}), **{k: v for k, v in dataset.items() if v}}
    ds_code = provenance.get("code") or (table.meta.get("table_id") or filename).lower().replace(".", "-")[:80]
    ds = Dataset.objects.filter(code=ds_code).first()
    if ds is not None:
        keys = {(c.variable, c.year, c.group or groups.ALL) for c in table.cells}
        candidates = (Observation.by_group.filter(dataset=ds, computed_from="",
                                                  variable__code__in={v for v, _, _ in keys},
                                                  year__in={y for _, y, _ in keys})
                      .select_related("variable", "batch"))
        clash = next((o for o in candidates.iterator() if (o.variable.code, o.year, o.group) in keys), None)
        if clash is not None:
            cell = _first_cell(table.cells, lambda c: (c.variable, c.year, c.group or groups.ALL)
                               == (clash.variable.code, clash.year, clash.group))
            raise ReaderError.of(
                "overlapping_import", file=filename, row=cell.row if cell else None,
                column=cell.column if cell else None, variable=clash.variable.code, year=clash.year, dataset=ds.code,
                previous=clash.batch.filename, batch=clash.batch.pk)
    report.cells = len(table.cells)
    report.suppressed = sum(c.suppressed for c in table.cells)
    report.years = table.years
    report.variables = sorted(table.variables)
    report.areas = len(table.area_codes)
    report.dataset = ds_code
    report.preview = [{"area": code_prefix + c.area_code, "year": c.year, "variable": c.variable,
                       "value": c.value, "suppressed": c.suppressed, "group": c.group or groups.ALL}
                      for c in table.cells[:20]]
    report.groups = sorted({c.group for c in table.cells if c.group and c.group != groups.ALL})
    try:
        with transaction.atomic():
            if ds is None:
                ds = Dataset(code=ds_code, title=provenance.get("title") or table.meta.get("title") or filename,
                             publisher=provenance.get("publisher", ""), licence=provenance.get("licence", ""),
                             attribution=provenance.get("attribution", ""),
                             table_id=provenance.get("table_id") or table.meta.get("table_id", ""),
                             source_url=provenance.get("source_url", ""),
                             retrieved_on=provenance.get("retrieved_on"), notes=provenance.get("notes", ""))
                if not ds.publisher or not ds.licence or not ds.attribution:
                    raise ReaderError.of("provenance_missing", file=filename, column="dataset")
                ds.full_clean()
                ds.save()
                audit_record(actor=actor, action="dataset.create", instance=ds, after=snapshot(ds))
            names = {**table.variables, **(variable_names or {})}
            known = {v.code: v for v in Variable.objects.filter(code__in=list(table.variables))}
            for code in table.variables:
                if code not in known:
                    labels = names.get(code) or {}
                    var = Variable(code=code, name_fi=labels.get("fi", "")[:400], name_sv=labels.get("sv", "")[:400],
                                   name_en=labels.get("en", "")[:400], unit=labels.get("unit", ""))
                    var.full_clean()
                    var.save()
                    known[code] = var
            batch = ImportBatch(dataset=ds, kind=kind, filename=filename[:300], content_hash=digest, level=level,
                                options={k: v for k, v in options.items() if isinstance(v, str | int | float | list
                                                                                      | dict | bool)},
                                cell_count=report.cells, suppressed_count=report.suppressed, years=report.years,
                                imported_by=actor if getattr(actor, "pk", None) else None)
            batch.full_clean()
            batch.save()
            Observation.objects.bulk_create([
                Observation(area=areas[code_prefix + c.area_code], variable=known[c.variable], year=c.year,
                            value=c.value, suppressed=c.suppressed, dataset=ds, batch=batch,
                            group=c.group or groups.ALL)
                for c in table.cells
            ], batch_size=2000)
            audit_record(actor=actor, action="statistics.import", instance=batch,
                         after={"dataset": ds.code, "values": report.cells, "suppressed": report.suppressed,
                                "years": report.years}, note=filename)
            report.batch = batch
            if recompute and not division:
                statistics_rollup(actor=actor)
                report.recomputed = indices_recompute(level=level, years=report.years, actor=actor)
            if dry_run:
                raise _Rollback
    except _Rollback:
        report.batch = None
    except ValidationError as err:  # e.g. a title or variable name longer than the database allows
        raise ReaderError("; ".join(err.messages), file=filename) from None
    return report


def import_remove(*, batch: ImportBatch, actor=None) -> None:
    """Remove an import and everything it brought; recompute what depended on it."""
    with transaction.atomic():
        level, years = batch.level, list(batch.years)
        audit_record(actor=actor, action="statistics.remove", instance=batch, before=snapshot(batch))
        computed = batch.kind == ImportKind.COMPUTED
        batch.delete()
        statistics_rollup(actor=actor)
        if not computed:
            indices_recompute(level=level, years=years, actor=actor)


def _store(kind: str, level: str, year: int, result, areas: dict[str, Area]) -> str | None:
    """Store one computation unless its inputs and engine are unchanged; returns a label if it changed."""
    params, inputs, values = result
    digest = comp.input_hash({"kind": kind, "params": params, "inputs": inputs})
    version = comp.engine_version()
    existing = Computation.objects.filter(kind=kind, level=level, year=year).first()
    if existing and existing.input_hash == digest and existing.engine_version == version:
        return None
    if existing is None:
        existing = Computation(kind=kind, level=level, year=year)
    existing.parameters, existing.engine_version, existing.input_hash = params, version, digest
    existing.full_clean()
    existing.save()
    existing.values.all().delete()
    IndexValue.objects.bulk_create([
        IndexValue(computation=existing, index=index, group=group, area=areas.get(code) if code else None,
                   value=value) for index, group, code, value in values
    ], batch_size=2000)
    return f"{kind} {level} {year}"


def indices_recompute(*, level: str | None = None, years: list[int] | None = None, actor=None) -> list[str]:
    """Compute and store D/M per group, the status index and the sum index (with its weakest decile) for every
    year of the level's data (or the given years, plus the next year for the decile turnover). Unchanged inputs
    are not recomputed; computations whose data have gone are deleted."""
    # Indices are computed on the levels with imported statistics (figures rolled up to larger areas are not fed
    # back into them: a city or a handful of city centres is no partition to measure segregation over).
    levels = [level] if level else sorted(set(Observation.objects.filter(computed_from="").order_by()
                                              .values_list("area__level", flat=True)))
    imported_levels = set(Observation.objects.filter(computed_from="", area__division="").order_by()
                          .values_list("area__level", flat=True).distinct())
    changed: list[str] = []
    with transaction.atomic():
        for lvl in levels:
            data = selectors.load_data(lvl)
            areas = {a.code: a for a in Area.objects.filter(level=lvl, division="")}
            all_years = comp.candidate_years(data)
            wanted = all_years if years is None else sorted(set(years) | {y + 1 for y in years})
            previous_members: list[str] | None = None
            for year in all_years:
                results = {
                    "segregation": comp.compute_segregation(data, year),
                    "status_index": comp.compute_status_index(data, year),
                    "sum_index": comp.compute_sum_index(data, year, previous_members),
                }
                if results["sum_index"]:
                    _, _inputs, values = results["sum_index"]
                    previous_members = [c for i, _g, c, v in values if i == "weakest_decile" and v == 1.0]
                else:
                    previous_members = None
                if year not in wanted:
                    continue
                for kind, result in results.items():
                    if result is None:
                        Computation.objects.filter(kind=kind, level=lvl, year=year).delete()
                        continue
                    label = _store(kind, lvl, year, result, areas)
                    if label:
                        changed.append(label)
                if lvl == AreaLevel.SMALL_AREA:
                    changed += _rolled_up_indices(results, year, imported_levels, data)
            Computation.objects.filter(level=lvl).exclude(year__in=all_years).delete()
            if lvl == AreaLevel.SMALL_AREA:
                Computation.objects.filter(level__in=ROLLED_INDEX_LEVELS, parameters__computed_from=lvl).exclude(
                    year__in=all_years).delete()
                Computation.objects.filter(kind=comp.ROLLED_SEGREGATION).exclude(year__in=all_years).delete()
        if changed:
            audit_record(actor=actor, action="indices.recompute", object_type="knowledge.computation",
                         after={"changed": changed})
    return changed


ROLLED_INDEX_LEVELS = (AreaLevel.STATISTICAL_AREA, AreaLevel.MAJOR_DISTRICT, AreaLevel.CITY_CENTRE, AreaLevel.CITY)
"""The larger areas whose indices are computed from the small areas' figures."""


def _rolled_up_indices(results: dict, year: int, imported_levels: set[str], small_data: comp.Data) -> list[str]:
    """Store the indices of the larger areas for one year from the small-area computations ``results``: D over each
    area's own small areas, and the status and sum index recomputed from the area's rolled-up counts on the small
    areas' scale (``computations.compute_*_rolled``; a component whose small-area variable does not roll up from the
    recipe's stand-in that does, computed from ``small_data``). A level with statistics imported for itself keeps
    the indices computed from those (``indices_recompute``); a rolled-up index that can no longer be computed is
    deleted."""
    changed: list[str] = []
    members = selectors.rollup_members(AreaLevel.SMALL_AREA)
    segregation = results.get("segregation")
    for level in ROLLED_INDEX_LEVELS:
        areas = {a.code: a for a in Area.objects.filter(level=level, division="")}
        rolled = (comp.compute_segregation_within(segregation[1], segregation[0], members.get(level, {}))
                  if segregation else None)
        if rolled is None:
            Computation.objects.filter(kind=comp.ROLLED_SEGREGATION, level=level, year=year).delete()
            continue
        label = _store(comp.ROLLED_SEGREGATION, level, year, rolled, areas)
        if label:
            changed.append(label)
    for level in ROLLED_INDEX_LEVELS:
        if level in imported_levels:
            continue
        target_data = selectors.load_data(level)
        areas = {a.code: a for a in Area.objects.filter(level=level, division="")}
        for kind, compute in (("status_index", comp.compute_status_index_rolled),
                              ("sum_index", comp.compute_sum_index_rolled)):
            source = results.get(kind)
            result = (compute(source, target_data, sorted(areas), small_data=small_data,
                              members=members.get(level, {})) if source else None)
            if result is None:
                Computation.objects.filter(kind=kind, level=level, year=year).delete()
                continue
            label = _store(kind, level, year, result, areas)
            if label:
                changed.append(label)
    return changed


# -- rolling statistics up to larger areas --------------------------------------------------------------------------

# The area hierarchy, finest first: a larger area's figure comes from the finest level that has it. Postal code
# areas and grid cells are another geography: a postal area can straddle the city's border (Paavo assigns it to
# one municipality), so their sum is not the city's figure and they are not rolled up.
ROLLUP_SOURCES = (AreaLevel.SMALL_AREA, AreaLevel.STATISTICAL_AREA, AreaLevel.MAJOR_DISTRICT)


def statistics_rollup(*, actor=None) -> list[str]:
    """Compute every larger area's figures from the imported figures of the areas it is made of, by each
    variable's kind (``variables.KINDS``: counts summed, shares as summed numerators over summed denominators, means
    weighted), with the small-cell rule applied (``analytics.rollup``). Stored as observations of the source's
    dataset in one "computed" import per dataset and level, marked ``computed_from`` the source level; a variable
    of unknown kind is not rolled up. Unchanged inputs change nothing; figures whose inputs have gone are removed.
    Returns "dataset level" labels of what changed."""
    changed: list[str] = []
    with transaction.atomic():
        produced: dict[tuple[int, str], dict] = {}
        # dataset, level, area, year, variable — a figure imported for the larger area itself is never overwritten
        done: set[tuple[int, str, str, int, str, str]] = set(
            Observation.by_group.filter(computed_from="", area__division="").exclude(
                area__level__in=[AreaLevel.SMALL_AREA, AreaLevel.POSTAL_AREA, AreaLevel.GRID_CELL])
            .values_list("dataset_id", "area__level", "area__code", "year", "variable__code", "group"))
        for source_level in ROLLUP_SOURCES:
            # every group's figures: a group's count is the sum of the group's counts in the parts (its share over
            # the group's own denominator), from the published figures only
            imported = list(Observation.by_group.filter(area__level=source_level, area__division="",
                                                        computed_from="")
                            .values_list("dataset_id", "variable__code", "year", "area__code", "value", "batch_id",
                                         "group"))
            if not imported:
                continue
            members = selectors.rollup_members(source_level)
            if not members:
                continue
            every: dict[tuple[str, int, str], dict[str, float | None]] = defaultdict(dict)
            by_dataset: dict[tuple[int, str, int, str], dict[str, float | None]] = defaultdict(dict)
            batches: dict[int, set[int]] = defaultdict(set)
            for ds, var, year, area, value, batch, group in imported:
                by_dataset[(ds, var, year, group)][area] = value
                if value is not None or area not in every[(var, year, group)]:
                    every[(var, year, group)][area] = value
                batches[ds].add(batch)
            for (ds, var, year, group), values in sorted(by_dataset.items()):
                kind = kind_of(var)
                if kind is None or not kind.rollable:
                    continue
                weights = None
                if kind.kind != "count":
                    parts = [every.get((v, year, group), {}) for v in kind.of]
                    weights = {a: (None if any(p.get(a) is None for p in parts) else sum(p[a] for p in parts))
                               for a in values}  # type: ignore[misc]
                for target_level, target_members in members.items():
                    for area, r in roll_up(kind.kind, target_members, values, weights=weights,
                                           scale=kind.scale).items():
                        key = (ds, target_level, str(area), year, var, group)
                        if key in done:
                            continue
                        done.add(key)
                        slot = produced.setdefault((ds, target_level), {"source": source_level, "rows": [],
                                                                        "batches": sorted(batches[ds])})
                        slot["rows"].append((str(area), var, year, r.value, r.suppressed, r.parts_used,
                                             r.parts_total, group))
        existing = {(b.dataset_id, b.level): b for b in ImportBatch.objects.filter(kind=ImportKind.COMPUTED)}
        for key, batch in existing.items():
            if key not in produced:
                changed.append(f"{batch.dataset.code} {batch.level}")
                batch.delete()
        variables = {v.code: v for v in Variable.objects.all()}
        for (ds_id, level), slot in sorted(produced.items()):
            rows = sorted(slot["rows"], key=lambda r: (r[0], r[1], r[2], r[7]))
            # whole-population rows hash as before groups were rolled up (an unchanged roll-up stays unchanged)
            hashed = [r[:7] if r[7] == groups.ALL else r for r in rows]
            digest = hashlib.sha256(json.dumps(["computed", ds_id, level, slot["source"], hashed]).encode()).hexdigest()
            old = existing.get((ds_id, level))
            if old is not None and old.content_hash == digest:
                continue
            if old is not None:
                old.delete()
            dataset = Dataset.objects.get(pk=ds_id)
            areas = {a.code: a for a in Area.objects.filter(level=level, division="").only("pk", "code")}
            batch = ImportBatch(dataset=dataset, kind=ImportKind.COMPUTED, content_hash=digest, level=level,
                                filename=f"computed from {slot['source']}: {dataset.code}"[:300],
                                options={"computed_from": slot["source"], "source_batches": slot["batches"]},
                                cell_count=len(rows), suppressed_count=sum(1 for r in rows if r[4]),
                                years=sorted({r[2] for r in rows}))
            batch.full_clean()
            batch.save()
            Observation.objects.bulk_create([
                Observation(area=areas[code], variable=variables[var], year=year, value=value, suppressed=hidden,
                            dataset=dataset, batch=batch, computed_from=slot["source"], parts_used=used,
                            parts_total=total, group=group)
                for code, var, year, value, hidden, used, total, group in rows if code in areas
            ], batch_size=2000)
            changed.append(f"{dataset.code} {level}")
        if changed:
            audit_record(actor=actor, action="statistics.rollup", object_type="knowledge.observation",
                         after={"changed": changed})
    return changed
