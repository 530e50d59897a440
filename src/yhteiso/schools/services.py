"""Writes of the schools app: importing a package (one transaction: a bad row anywhere means nothing is saved;
the same package twice changes nothing), the Goal 3 figures proposed to the programme's indicators, and marking a
proposal decided (called by the programme app, which owns measurements)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.core.audit import audit_record, snapshot
from yhteiso.schools.importing import Package, PackageError, read_package
from yhteiso.schools.models import (
    Application,
    CatchmentArea,
    CatchmentFlow,
    Cohort,
    IndicatorProposal,
    IndicatorProposalStatus,
    PupilCount,
    School,
    SchoolImport,
)

# The programme's indicator cells these figures are offered to (indicator code, Finnish cell label).
CELL_LOCAL_FI = ("3.3", "Suomenkieliset peruskoulut")
CELL_LOCAL_SV = ("3.3", "Ruotsinkieliset peruskoulut")
CELL_APPLICATIONS = ("3.2", "1. ja 7. luokka")


@dataclass
class ImportResult:
    counts: dict[str, int]
    already_imported: bool = False
    dry_run: bool = False
    source: SchoolImport | None = None
    proposals: list[IndicatorProposal] = field(default_factory=list)


class _Rollback(Exception):  # noqa: N818 - control flow for dry runs
    pass


def _catchment_for(code: str, year: int, versions: dict[str, list[CatchmentArea]]) -> CatchmentArea | None:
    """The version of a catchment area valid on 1 August of the school year (else the latest one)."""
    cands = versions.get(code) or []
    day = dt.date(year, 8, 1)
    for c in cands:
        if c.valid_from <= day and (c.valid_to is None or c.valid_to >= day):
            return c
    return cands[-1] if cands else None


def _small_area_of(lat: float, lon: float, areas: list[tuple[str, object]]) -> str | None:
    from shapely.geometry import Point

    p = Point(lon, lat)
    for code, geom in areas:
        if geom.contains(p):  # type: ignore[attr-defined]
            return code
    return None


def _write(pkg: Package, source: SchoolImport) -> None:
    from shapely.geometry import shape

    small = [(a.code, shape(a.geometry_wgs84)) for a in
             Area.objects.filter(level=AreaLevel.SMALL_AREA, division="", geometry_wgs84__isnull=False)]
    area_by_code = {a.code: a for a in Area.objects.filter(level=AreaLevel.SMALL_AREA, division="")}
    for s in pkg.schools:
        sa = _small_area_of(s["latitude"], s["longitude"], small)
        School.objects.update_or_create(code=s["code"], defaults={
            "name_fi": s["name_fi"], "name_sv": s["name_sv"], "language": s["language"],
            "grade_min": s["grade_min"], "grade_max": s["grade_max"], "latitude": s["latitude"],
            "longitude": s["longitude"], "valid_from": s["valid_from"], "valid_to": s["valid_to"],
            "small_area": area_by_code.get(sa) if sa else None, "source": source})
    schools = {s.code: s for s in School.objects.all()}
    for c in pkg.catchments:
        school = schools.get(c["school_code"])
        if school is None:
            raise PackageError(_("%(file)s, row %(row)d, column “%(column)s”: no school with the code “%(code)s”.")
                               % {"file": "catchments", "row": c["row"], "column": "school_code",
                                  "code": c["school_code"]})
        if school.language != c["language"]:
            raise PackageError(_("%(file)s, row %(row)d, column “%(column)s”: the school's language of instruction "
                                 "differs from the catchment area's.")
                               % {"file": "catchments", "row": c["row"], "column": "language"})
        CatchmentArea.objects.update_or_create(code=c["code"], valid_from=c["valid_from"], defaults={
            "school": school, "language": c["language"], "geometry_wgs84": c["geometry"],
            "valid_to": c["valid_to"], "source": source})
    if pkg.catchments and small:
        from yhteiso.schools.analysis import area_weights

        sa_geoms = {a.code: a.geometry_wgs84 for a in area_by_code.values() if a.geometry_wgs84}
        codes = {(c["code"], c["valid_from"]) for c in pkg.catchments}
        fresh = [c for c in CatchmentArea.objects.all() if (c.code, c.valid_from) in codes]
        weights = area_weights({c.pk: c.geometry_wgs84 for c in fresh}, sa_geoms)
        for c in fresh:
            c.small_area_weights = weights[c.pk]
        CatchmentArea.objects.bulk_update(fresh, ["small_area_weights"])
    versions: dict[str, list[CatchmentArea]] = {}
    for c in CatchmentArea.objects.select_related("school").order_by("code", "valid_from"):
        versions.setdefault(c.code, []).append(c)

    def err(rec, column, message):
        return PackageError(_("%(file)s, row %(row)d, column “%(column)s”: %(message)s")
                            % {"file": rec["file"], "row": rec["row"], "column": column, "message": message})

    def school_of(rec):
        s = schools.get(rec["school_code"])
        if s is None:
            raise err(rec, "school_code", _("no school with the code “%(code)s”.") % {"code": rec["school_code"]})
        return s

    def catchment_of(rec):
        c = _catchment_for(rec["catchment_code"], rec["year"], versions)
        if c is None:
            raise err(rec, "catchment_code", _("no catchment area with the code “%(code)s”.")
                      % {"code": rec["catchment_code"]})
        return c

    pupils, flows, apps, cohorts = [], [], [], []
    for r in pkg.pupils:
        s = school_of(r)
        if not s.grade_min <= r["grade"] <= s.grade_max:
            raise err(r, "grade", _("the school teaches grades %(lo)d–%(hi)d.") % {"lo": s.grade_min,
                                                                                  "hi": s.grade_max})
        pupils.append(PupilCount(school=s, year=r["year"], grade=r["grade"], dimension=r["dimension"],
                                 group=r["group"], count=r["count"], source=source))
    for r in pkg.flows:
        s, c = school_of(r), catchment_of(r)
        if s.language != c.language:
            raise err(r, "school_code", _("the school's language of instruction differs from the catchment "
                                          "area's."))
        flows.append(CatchmentFlow(catchment=c, school=s, year=r["year"], grade=r["grade"], count=r["count"],
                                   source=source))
    for r in pkg.applications:
        s, c = school_of(r), catchment_of(r)
        if c.school_id == s.pk:
            raise err(r, "school_code", _("this is the catchment area's own local school, not a non-local one."))
        apps.append(Application(catchment=c, school=s, year=r["year"], grade=r["grade"], count=r["count"],
                                source=source))
    for r in pkg.cohorts:
        cohorts.append(Cohort(catchment=catchment_of(r), year=r["year"], grade=r["grade"], count=r["count"],
                              source=source))
    # Replace what the package covers: (school, year) for pupils, (catchment, year) for the others.
    for model, objs, key in ((PupilCount, pupils, "school"), (CatchmentFlow, flows, "catchment"),
                             (Application, apps, "catchment"), (Cohort, cohorts, "catchment")):
        pairs = {(getattr(o, f"{key}_id"), o.year) for o in objs}
        for obj_id, year in pairs:
            model.objects.filter(**{f"{key}_id": obj_id, "year": year}).delete()
        model.objects.bulk_create(objs, batch_size=2000)


def school_data_import(*, files: dict[str, bytes], actor=None, dry_run: bool = False,
                       meta: dict | None = None) -> ImportResult:
    """Import a package of school data (file name → bytes). Raises :class:`PackageError` naming the file, row and
    column of the first problem; then nothing is saved."""
    pkg = read_package(files)
    info = {"title": _("School data"), "publisher": "", "licence": "", "attribution": "", "is_example": False,
            "notes": ""} | pkg.meta | (meta or {})
    existing = SchoolImport.objects.filter(content_hash=pkg.content_hash).first()
    if existing is not None:
        return ImportResult(counts=pkg.counts(), already_imported=True, dry_run=dry_run, source=existing)
    result = ImportResult(counts=pkg.counts(), dry_run=dry_run)
    try:
        with transaction.atomic():
            source = SchoolImport.objects.create(
                title=info["title"] or _("School data"), publisher=info["publisher"], licence=info["licence"],
                attribution=info["attribution"], is_example=info["is_example"], notes=info["notes"],
                files=pkg.files, content_hash=pkg.content_hash, counts=pkg.counts(),
                imported_by=actor if getattr(actor, "is_authenticated", False) else None)
            _write(pkg, source)
            years = sorted({r["year"] for r in (*pkg.flows, *pkg.applications, *pkg.cohorts)})
            result.proposals = proposals_compute(source=source, years=years)
            audit_record(actor=actor, action="schools.import", instance=source, after=snapshot(source))
            result.source = source
            if dry_run:
                raise _Rollback
    except _Rollback:
        result.source = None
    return result


def proposals_compute(*, source: SchoolImport, years) -> list[IndicatorProposal]:
    """Compute indicators 3.3 (per language of instruction) and 3.2 for ``years`` from all stored tables and store
    them as proposals of ``source``; earlier undecided proposals for the same cell and year are superseded."""
    from yhteiso.schools import selectors

    out = []
    for year in years:
        figures = []
        for lang, cell in (("fi", CELL_LOCAL_FI), ("sv", CELL_LOCAL_SV)):
            num, den = selectors.local_share(year, lang)
            if den:
                figures.append((cell, Decimal(100 * num / den).quantize(Decimal("0.01")), num, den))
        num, den = selectors.application_rate(year)
        if den:
            figures.append((CELL_APPLICATIONS, Decimal(num / den).quantize(Decimal("0.0001")), num, den))
        for (code, label), value, num, den in figures:
            IndicatorProposal.objects.filter(indicator_code=code, cell_label_fi=label, year=year,
                                             status=IndicatorProposalStatus.PROPOSED).delete()
            out.append(IndicatorProposal.objects.create(indicator_code=code, cell_label_fi=label, year=year,
                                                        value=value, numerator=num, denominator=den,
                                                        source=source))
    return out


@transaction.atomic
def proposal_decide(*, proposal: IndicatorProposal, approve: bool, actor,
                    measurement_id: int | None = None) -> IndicatorProposal:
    """Record the decision on a proposed measurement (the programme app creates the measurement itself)."""
    proposal = IndicatorProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != IndicatorProposalStatus.PROPOSED:
        raise ValueError(_("This proposal has already been decided."))
    before = snapshot(proposal)
    proposal.status = IndicatorProposalStatus.APPROVED if approve else IndicatorProposalStatus.REJECTED
    proposal.decided_at = timezone.now()
    proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    proposal.measurement_id = measurement_id
    proposal.save()
    audit_record(actor=actor, action="schools.proposal." + ("approve" if approve else "reject"), instance=proposal,
                 before=before, after=snapshot(proposal))
    return proposal
