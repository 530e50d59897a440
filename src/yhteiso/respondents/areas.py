"""The list of home areas offered to respondents: Espoo's seven major districts (suuralue).

The codes and names come from the ``areas.Area`` rows of level ``suuralue`` when the knowledge base has loaded them;
otherwise from the list below (HSY's district division, CC BY 4.0; see ``respondents/data/PROVENANCE.md``).
"""

from __future__ import annotations

from django.db import connection

from yhteiso.areas.models import Area
from yhteiso.core import rows

# suuralue number -> (Finnish name, Swedish name)
MAJOR_DISTRICTS: dict[str, tuple[str, str]] = {
    "1": ("Suur-Leppävaara", "Stor-Alberga"),
    "2": ("Suur-Tapiola", "Stor-Hagalund"),
    "3": ("Suur-Matinkylä", "Stor-Mattby"),
    "4": ("Suur-Espoonlahti", "Stor-Esboviken"),
    "5": ("Suur-Kauklahti", "Stor-Köklax"),
    "6": ("Vanha-Espoo", "Gamla Esbo"),
    "7": ("Pohjois-Espoo", "Norra Esbo"),
}


def home_area_options() -> list[dict]:
    """``[{"value": code, "label": {"fi": ..., "sv": ...}, "number": suuralue number}]`` for the home-area question.

    Uses ``areas.Area`` (level suuralue) codes where a row's Finnish name matches a district, so answers join with
    the knowledge base; falls back to the district number as the code.
    """
    # one plain statement: every confirmation page and survey page with the profile form asks (issue 12's peaks)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {rows.columns(Area, ('code', 'name_fi', 'name_sv'))} FROM {rows.table(Area)} "  # noqa: S608
                       f"WHERE {rows.column(Area, 'level')} = %s", ["suuralue"])
        by_name = {name_fi: (code, name_sv) for code, name_fi, name_sv in cursor.fetchall()}
    options = []
    for number, (fi, sv) in MAJOR_DISTRICTS.items():
        code, name_sv = by_name.get(fi, (number, ""))
        options.append({"value": code, "label": {"fi": fi, "fi-x-selko": fi, "sv": name_sv or sv}, "number": number})
    return options
