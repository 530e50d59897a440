"""Writes to areas: boundary import (one transaction; a second import of the same file changes nothing) and
crosswalk computation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_noop

from yhteiso.analytics.readers.common import ReaderError, content_hash
from yhteiso.analytics.readers.geo import area_m2, read_boundaries, to_display, to_wgs84, transform
from yhteiso.areas import crosswalk as cw
from yhteiso.areas.models import HIERARCHY, Area, AreaLevel, BoundaryImport, Crosswalk, CrosswalkMethod
from yhteiso.core.audit import AuditNote, audit_record, snapshot


@dataclass
class BoundaryReport:
    filename: str
    level: str
    crs: str = ""
    created: int = 0
    updated: int = 0
    already_imported: bool = False
    dry_run: bool = False
    repaired: int = 0
    simplified: int = 0
    preview: list[dict] = field(default_factory=list)
    batch: BoundaryImport | None = None


def _parent_level(level: str) -> str | None:
    levels = [str(v) for v in HIERARCHY]
    if level in levels and levels.index(level) > 0:
        return levels[levels.index(level) - 1]
    return None


class DryRunRollback(Exception):  # noqa: N818 - control flow, not an error
    pass


def boundaries_import(
    *,
    data: bytes,
    filename: str,
    level: str,
    code: str = "{code}",
    name: str = "{name}",
    name_sv: str = "",
    parent: str = "",
    parent_level: str | None = None,
    crs: str | None = None,
    layer: str | None = None,
    publisher: str = "",
    licence: str = "",
    attribution: str = "",
    retrieved_on: dt.date | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    division: str = "",
    actor=None,
    dry_run: bool = False,
) -> BoundaryReport:
    """Create or update the areas of one level from a boundary file. ``division`` tags the areas of an earlier area
    division (e.g. ``"2019"``) so that they live beside the current one and can be crosswalked onto it. Raises
    ReaderError (file, row, column, reason) on bad input; nothing is saved then."""
    if level not in AreaLevel.values:
        raise ReaderError(f"unknown level {level!r}", file=filename, column="level")
    digest = content_hash(data)
    report = BoundaryReport(filename=filename, level=level, dry_run=dry_run)
    existing = BoundaryImport.objects.filter(content_hash=digest, level=level, division=division).first()
    if existing:
        report.already_imported, report.batch, report.crs = True, existing, existing.crs
        return report
    boundaries = read_boundaries(data, code=code, name=name, name_sv=name_sv, parent=parent, crs=crs,
                                 layer=layer, filename=filename)
    report.crs, report.repaired, report.simplified = boundaries.crs, boundaries.repaired, boundaries.simplified
    parent_level = parent_level or _parent_level(level)
    try:
        with transaction.atomic():
            batch = BoundaryImport.objects.create(
                filename=filename[:300], content_hash=digest, level=level, division=division, crs=boundaries.crs,
                publisher=publisher, licence=licence, attribution=attribution, retrieved_on=retrieved_on,
                feature_count=len(boundaries.features), imported_by=actor if getattr(actor, "pk", None) else None)
            for feat in boundaries.features:
                parent_area = None
                if feat.parent_code:
                    parent_area = Area.objects.filter(level=parent_level, code=feat.parent_code, division="").first()
                    if parent_area is None:
                        raise ReaderError.of("parent_missing", file=filename, row=feat.row, column=parent,
                                             value=feat.parent_code, level=parent_level)
                area = Area.objects.filter(level=level, code=feat.code, division=division).first()
                before = snapshot(area, ["name_fi", "name_sv", "parent", "geometry_crs"]) if area else None
                if area is None:
                    area = Area(level=level, code=feat.code, division=division, valid_from=valid_from,
                                valid_to=valid_to)
                    report.created += 1
                else:
                    report.updated += 1
                area.name_fi = feat.name_fi or area.name_fi or feat.code
                area.name_sv = feat.name_sv or area.name_sv
                if parent_area is not None:
                    area.parent = parent_area
                area.geometry = feat.geometry
                area.geometry_crs = boundaries.crs
                area.geometry_wgs84 = to_display(feat.geometry, boundaries.crs)
                area.land_area_m2 = area_m2(feat.geometry, boundaries.crs)
                area.boundary_source = batch
                try:
                    area.full_clean(validate_unique=False, validate_constraints=False)  # looked up by code above
                except ValidationError as err:  # e.g. a name longer than 200 characters
                    raise ReaderError("; ".join(err.messages), file=filename, row=feat.row, column=name) from None
                area.save()
                if len(report.preview) < 10:
                    report.preview.append({"code": area.code, "name": area.name_fi,
                                           "parent": parent_area.code if parent_area else "",
                                           "land_area_km2": round((area.land_area_m2 or 0) / 1e6, 2)})
                if before is None:
                    audit_record(actor=actor, action="area.create", instance=area,
                                 after=snapshot(area, ["level", "code", "name_fi", "parent"]), note=filename)
            audit_record(actor=actor, action="boundaries.import", instance=batch,
                         after={"created": report.created, "updated": report.updated, "crs": boundaries.crs})
            report.batch = batch
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        report.batch = None
    return report


def area_set_names(*, names: dict[str, dict[str, str]], level: str, actor=None) -> int:
    """Set Finnish/Swedish names of existing areas of a level (``{code: {"fi": .., "sv": ..}}``)."""
    changed = 0
    with transaction.atomic():
        for area in Area.objects.filter(level=level, code__in=list(names), division=""):
            new = names[area.code]
            fi, sv = new.get("fi") or area.name_fi, new.get("sv") or area.name_sv
            if (fi, sv) != (area.name_fi, area.name_sv):
                before = snapshot(area, ["name_fi", "name_sv"])
                area.name_fi, area.name_sv = fi, sv
                area.full_clean()
                area.save(update_fields=["name_fi", "name_sv"])
                audit_record(actor=actor, action="area.rename", instance=area, before=before,
                             after=snapshot(area, ["name_fi", "name_sv"]))
                changed += 1
    return changed


def area_get_or_create_city(*, code: str, name_fi: str, name_sv: str = "", actor=None) -> Area:
    with transaction.atomic():
        area = Area.objects.filter(level=AreaLevel.CITY, code=code, division="").first()
        if area is None:
            area = Area(level=AreaLevel.CITY, code=code, name_fi=name_fi, name_sv=name_sv)
            area.full_clean()
            area.save()
            audit_record(actor=actor, action="area.create", instance=area, after=snapshot(area))
        return area


def area_union_create(*, level: str, code: str, name_fi: str, name_sv: str = "", parts: list[Area],
                      parent: Area | None = None, actor=None) -> Area:
    """An area whose boundary is the union of other areas' boundaries (e.g. a city centre made of statistical
    areas). Returns the existing area unchanged if one with this level and code exists."""
    import shapely
    from shapely.geometry import mapping, shape

    with transaction.atomic():
        area = Area.objects.filter(level=level, code=code, division="").first()
        if area is not None:
            return area
        union = shapely.union_all([shape(p.geometry_wgs84) for p in parts if p.geometry_wgs84])
        geometry = to_wgs84(mapping(union), "EPSG:4326")
        area = Area(level=level, code=code, name_fi=name_fi, name_sv=name_sv, parent=parent, geometry=geometry,
                    geometry_crs="EPSG:4326", geometry_wgs84=geometry, land_area_m2=area_m2(geometry, "EPSG:4326"))
        area.full_clean()
        area.save()
        audit_record(actor=actor, action="area.create", instance=area,
                     after=snapshot(area, ["level", "code", "name_fi", "parent"]),
                     note=AuditNote(gettext_noop("Union of %(codes)s"), {"codes": ", ".join(p.code for p in parts)}))
        return area


def _metric(areas) -> dict[str, dict]:
    return {a.code: transform(a.geometry, a.geometry_crs, "EPSG:3067") for a in areas if a.geometry}


def crosswalk_compute(
    *,
    source_level: str,
    target_level: str,
    method: str = CrosswalkMethod.LAND_AREA,
    source_division: str = "",
    target_division: str = "",
    population: dict[str, float] | None = None,
    population_level: str | None = None,
    actor=None,
) -> int:
    """(Re)compute the crosswalk between two geographies from their polygons; returns the number of weights.
    For population weights give ``population`` ``{code: inhabitants}`` of the areas of ``population_level``."""
    sources = list(Area.objects.filter(level=source_level, division=source_division).exclude(geometry=None))
    targets = list(Area.objects.filter(level=target_level, division=target_division).exclude(geometry=None))
    if not sources or not targets:
        raise ValueError("both geographies need boundaries before a crosswalk can be computed")
    s_geo, t_geo = _metric(sources), _metric(targets)
    if method == CrosswalkMethod.POPULATION:
        if not population or not population_level:
            raise ValueError("population weights need the population of a finer geography")
        fine = _metric(Area.objects.filter(level=population_level, division="", code__in=list(population))
                       .exclude(geometry=None))
        weights = cw.population_weights(s_geo, t_geo, fine, population)
        basis = f"population of {population_level} areas ({len(fine)})"
    else:
        weights = cw.land_area_weights(s_geo, t_geo)
        basis = "polygon intersections in EPSG:3067"
    by_code_s = {a.code: a for a in sources}
    by_code_t = {a.code: a for a in targets}
    with transaction.atomic():
        Crosswalk.objects.filter(source__in=sources, target__in=targets, method=method).delete()
        Crosswalk.objects.bulk_create([
            Crosswalk(source=by_code_s[s], target=by_code_t[t], method=method, weight=min(w, 1.0), basis=basis)
            for (s, t), w in sorted(weights.items())
        ])
        audit_record(actor=actor, action="crosswalk.compute", object_type="areas.crosswalk",
                     object_id=f"{source_level}->{target_level}",
                     after={"method": method, "weights": len(weights), "basis": basis})
    return len(weights)
