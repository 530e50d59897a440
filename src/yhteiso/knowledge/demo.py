"""Demo statistics: Espoo pienalue 2025 (Helsingin seudun aluesarjat), Paavo 2019 for the 46 postal areas and
the Paavo postal-area series 2010–2024 (Statistics Finland, CC BY 4.0); then every index is computed.
Idempotent: the files are recognised by their content hash, and unchanged inputs are not recomputed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction

from yhteiso.areas.models import AreaLevel
from yhteiso.knowledge.models import ImportKind
from yhteiso.knowledge.services import indices_recompute, statistics_import, statistics_rollup
from yhteiso.knowledge.variables import LABELS

DATA = Path(__file__).resolve().parent / "data"

IMPORTS = [
    {
        "kind": ImportKind.TABLE, "level": AreaLevel.SMALL_AREA,
        "path": DATA / "espoo_pienalue_indicators_2025" / "espoo_pienalue_indicators_2025.csv",
        "dataset": {"code": "aluesarjat-pienalue-2025", "title": "Espoon pienalueet 2025 (Helsingin seudun aluesarjat)",
                    "publisher": "Helsingin seudun aluesarjat -tilastokanta (Helsingin kaupunki) ja Tilastokeskus",
                    "licence": "avoin data, lähde mainittava",
                    "attribution": "Lähde: Helsingin seudun aluesarjat -tilastokanta ja Tilastokeskus",
                    "table_id": "alu_vaerak_004r, alu_vaerak_004p, alu_asas_005d, alu_askan_005q, alu_kou_005n",
                    "source_url": "https://stat.hel.fi/", "retrieved_on": dt.date(2026, 9, 24)},
        "options": {"area_column": "kokotun", "year": 2025,
                    "ignore_columns": ["kunta", "area_code", "pienalue_name", "tilastoalue_name", "tilastoalue_code",
                                       "population_year"]},
    },
    {
        "kind": ImportKind.PAAVO, "level": AreaLevel.POSTAL_AREA,
        "path": DATA / "paavo_2019_espoo" / "paavo_2019_espoo_postal_areas.csv",
        "dataset": {"code": "paavo-2019", "title": "Paavo 2019 – postinumeroalueittainen avoin tieto",
                    "publisher": "Tilastokeskus, Paavo", "licence": "CC BY 4.0",
                    "attribution": "Lähde: Tilastokeskus, Paavo 2019", "table_id": "postialue:pno_tilasto_2019",
                    "source_url": "https://www.stat.fi/org/avoindata/paikkatietoaineistot/paavo.html",
                    "retrieved_on": dt.date(2020, 6, 1)},
        "options": {"release_year": 2019, "municipality": "049"},
    },
    {
        "kind": ImportKind.TABLE, "level": AreaLevel.POSTAL_AREA,
        "path": DATA / "paavo_espoo_timeseries_2010_2024" / "espoo_postal_areas_timeseries_2010_2024.csv",
        "dataset": {"code": "paavo-series-2010-2024", "title": "Paavo-aikasarja 2010–2024 (Espoon postinumeroalueet)",
                    "publisher": "Tilastokeskus, Paavo", "licence": "CC BY 4.0",
                    "attribution": "Lähde: Tilastokeskus, Paavo", "table_id": "paavo (PxWeb time series)",
                    "source_url": "https://pxdata.stat.fi/PxWeb/pxweb/fi/Postinumeroalueittainen_avoin_tieto/",
                    "retrieved_on": dt.date(2026, 9, 24)},
        "options": {"area_column": "postal_code", "year_column": "year", "name_column": "name"},
    },
]


@transaction.atomic
def load(stdout) -> None:
    lines = []
    for spec in IMPORTS:
        path: Path = spec["path"]
        report = statistics_import(kind=spec["kind"], data=path.read_bytes(), filename=path.name,
                                   level=spec["level"], dataset=spec["dataset"], options=spec["options"],
                                   variable_names=LABELS, recompute=False)
        lines.append(f"{path.name}: " + ("already loaded" if report.already_imported else
                                         f"{report.cells} values ({report.suppressed} suppressed)"))
    rolled = statistics_rollup()
    changed = indices_recompute()
    stdout.write("Knowledge base: " + "; ".join(lines) + f"; {len(rolled)} roll-ups to larger areas and "
                 f"{len(changed)} computations updated\n")
