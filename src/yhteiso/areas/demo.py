"""Demo areas: Espoo, its 7 suuralue, 26 tilastoalue and 88 pienalue (HSY boundaries, CC BY 4.0) and its 46
postal code areas (Statistics Finland, Paavo 2019, CC BY 4.0), plus the postal area → pienalue crosswalk.
Idempotent: the boundary files are recognised by their content hash."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.db import transaction

from yhteiso.areas.models import AreaLevel, Crosswalk, CrosswalkMethod
from yhteiso.areas.services import (
    area_get_or_create_city,
    area_set_names,
    area_union_create,
    boundaries_import,
    crosswalk_compute,
)

DATA = Path(__file__).resolve().parent.parent / "knowledge" / "data"
HSY = {"publisher": "Helsingin seudun ympäristöpalvelut HSY", "licence": "CC BY 4.0",
       "attribution": "Aluejakorajat: HSY, CC BY 4.0", "retrieved_on": dt.date(2019, 2, 7)}
PAAVO = {"publisher": "Tilastokeskus, Paavo", "licence": "CC BY 4.0",
         "attribution": "Lähde: Tilastokeskus, Paavo 2019", "retrieved_on": dt.date(2020, 6, 1)}
SUURALUE_SV = {"Suur-Leppävaara": "Stor-Alberga", "Suur-Tapiola": "Stor-Hagalund", "Suur-Matinkylä": "Stor-Mattby",
               "Suur-Espoonlahti": "Stor-Esboviken", "Suur-Kauklahti": "Stor-Köklax", "Vanha-Espoo": "Gamla Esbo",
               "Pohjois-Espoo": "Norra Esbo"}
CITY_CODE = "049"
# The five city centres (kaupunkikeskukset) of the plan, approximated by the statistical areas named after them: the
# city's own centre boundaries are not in the shipped data. Codes as the programme's demo uses them.
CITY_CENTRES = [
    ("espoon-keskus", "Espoon keskus", "Esbo centrum", ["0496061000"]),
    ("espoonlahti", "Espoonlahti", "Esboviken", ["0494041000"]),
    ("leppavaara", "Leppävaara", "Alberga", ["0491011000"]),
    ("matinkyla-olari", "Matinkylä-Olari", "Mattby-Olars", ["0493031000", "0493032000"]),
    ("tapiola", "Tapiola", "Hagalund", ["0492021000"]),
]


def _load(path: Path, **kwargs):
    return boundaries_import(data=path.read_bytes(), filename=path.name, **kwargs)


@transaction.atomic
def load(stdout) -> None:
    area_get_or_create_city(code=CITY_CODE, name_fi="Espoo", name_sv="Esbo")
    b = DATA / "espoo_small_area_boundaries"
    reports = [
        _load(b / "espoo_suuralue.geojson", level=AreaLevel.MAJOR_DISTRICT, code="{kokotun}", name="{nimi}",
              parent=CITY_CODE, parent_level=AreaLevel.CITY, **HSY),
        _load(b / "espoo_tilastoalue_dissolved_from_pienalue.geojson", level=AreaLevel.STATISTICAL_AREA,
              code="{kunta}{suuralue_nro}{tilastoalue_nro}000", name="{tilastoalue_nro}",
              parent="{kunta}{suuralue_nro}000000", **HSY),
        _load(b / "espoo_pienalue.geojson", level=AreaLevel.SMALL_AREA, code="{kokotun}", name="{nimi}",
              parent="{kunta}{suuralue_nro}{tilastoalue_nro}000", **HSY),
        _load(DATA / "paavo_2019_espoo" / "paavo_2019_espoo_postal_areas.geojson", level=AreaLevel.POSTAL_AREA,
              code="{posti_alue}", name="{nimi}", name_sv="{namn}", parent=CITY_CODE, parent_level=AreaLevel.CITY,
              **PAAVO),
    ]
    # Names of the tilastoalue come from the Aluesarjat indicator table (the boundary file has none).
    names = {}
    with open(DATA / "espoo_pienalue_indicators_2025" / "espoo_pienalue_indicators_2025.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names[row["kokotun"][:7] + "000"] = {"fi": row["tilastoalue_name"]}
    area_set_names(names=names, level=AreaLevel.STATISTICAL_AREA)
    from yhteiso.areas.models import Area

    area_set_names(names={a.code: {"sv": SUURALUE_SV.get(a.name_fi, "")}
                          for a in Area.objects.filter(level=AreaLevel.MAJOR_DISTRICT)},
                   level=AreaLevel.MAJOR_DISTRICT)
    city = Area.objects.get(level=AreaLevel.CITY, code=CITY_CODE)
    for code, name_fi, name_sv, parts in CITY_CENTRES:
        area_union_create(level=AreaLevel.CITY_CENTRE, code=code, name_fi=name_fi, name_sv=name_sv, parent=city,
                          parts=list(Area.objects.filter(level=AreaLevel.STATISTICAL_AREA, code__in=parts)))
    if not Crosswalk.objects.filter(source__level=AreaLevel.POSTAL_AREA, target__level=AreaLevel.SMALL_AREA).exists():
        crosswalk_compute(source_level=AreaLevel.POSTAL_AREA, target_level=AreaLevel.SMALL_AREA,
                          method=CrosswalkMethod.LAND_AREA)
    created = sum(r.created for r in reports)
    stdout.write(f"Areas: {created} boundaries created "
                 f"({', '.join(f'{r.level} {r.created + r.updated}' for r in reports if not r.already_imported)})"
                 if created else "Areas: boundaries already loaded\n")
    if created:
        stdout.write("\n")
