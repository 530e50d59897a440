"""Publishers of data, named in the reader's language.

A dataset's publisher and attribution are stored as written (Finnish by default: "Tilastokeskus, Paavo",
"Lähde: Tilastokeskus"); pages, exports and documents show them through :func:`localise_source`, which names every
known publisher the reader's way — Finnish "Tilastokeskus", Swedish "Statistikcentralen", English "Statistics
Finland" — and translates the "Lähde:" prefix. Text it does not know (a publisher the city typed in) is left as
it is. The demo data and the importers' defaults were stored in English ("Statistics Finland (Tilastokeskus)"),
which showed English on Finnish pages; a data migration rewrote those to the Finnish names.

>>> localise_source("Statistics Finland (Tilastokeskus), Paavo", "fi")
'Tilastokeskus, Paavo'
>>> localise_source("Lähde: Tilastokeskus, Paavo 2019", "sv")
'Källa: Statistikcentralen, Paavo 2019'
>>> localise_source("Aluejakorajat: HSY, CC BY 4.0", "en")
'Area boundaries: HSY, CC BY 4.0'
>>> localise_source("Lähde: Helsingin seudun aluesarjat -tilastokanta ja Tilastokeskus", "sv")
'Källa: Helsingforsregionens statistikdatabas (Aluesarjat) och Statistikcentralen'
>>> localise_source("Kaupungin oma kysely", "sv")
'Kaupungin oma kysely'
"""

from __future__ import annotations

import functools
import re

# Each known name in fi, sv, en, then other spellings that mean the same (earlier stored forms).
PUBLISHERS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("Tilastokeskus", "Statistikcentralen", "Statistics Finland",
     ("Statistics Finland (Tilastokeskus)", "Statistics Finland (Statistikcentralen)")),
    ("Espoon kaupunki", "Esbo stad", "City of Espoo", ()),
    ("Helsingin kaupunki", "Helsingfors stad", "City of Helsinki", ()),
    ("Helsingin seudun ympäristöpalvelut HSY", "Helsingforsregionens miljötjänster HRM",
     "Helsinki Region Environmental Services HSY", ()),
    ("Helsingin seudun aluesarjat -tilastokanta", "Helsingforsregionens statistikdatabas (Aluesarjat)",
     "Helsinki Region statistical database (Aluesarjat)", ()),
    # the demo's two-publisher wordings as wholes (the Finnish "ja" would stay behind otherwise)
    ("Helsingin seudun aluesarjat -tilastokanta ja Tilastokeskus",
     "Helsingforsregionens statistikdatabas (Aluesarjat) och Statistikcentralen",
     "Helsinki Region statistical database (Aluesarjat) and Statistics Finland", ()),
    ("Helsingin seudun aluesarjat -tilastokanta (Helsingin kaupunki) ja Tilastokeskus",
     "Helsingforsregionens statistikdatabas Aluesarjat (Helsingfors stad) och Statistikcentralen",
     "Helsinki Region statistical database Aluesarjat (City of Helsinki) and Statistics Finland", ()),
    ("Terveyden ja hyvinvoinnin laitos (THL)", "Institutet för hälsa och välfärd (THL)",
     "Finnish Institute for Health and Welfare (THL)", ()),
    ("Opetushallitus", "Utbildningsstyrelsen", "Finnish National Agency for Education", ()),
    # the prefixes and wordings of attribution lines and licences
    ("Lähde:", "Källa:", "Source:", ()),
    ("Aluejakorajat:", "Områdesgränser:", "Area boundaries:", ()),
    ("avoin data, lähde mainittava", "öppna data, källan ska anges", "open data, cite the source", ()),
]
LANGUAGES = ("fi", "sv", "en")


@functools.lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, int]]:
    spelling: dict[str, int] = {}
    for i, (fi, sv, en, others) in enumerate(PUBLISHERS):
        for name in (fi, sv, en, *others):
            spelling[name] = i
    names = sorted(spelling, key=len, reverse=True)  # the longest first: "Statistics Finland (Tilastokeskus)"
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)"), spelling


def localise_source(text: str, language: str) -> str:
    """``text`` with every known publisher and attribution wording in ``language`` (fi, sv or en; others: the
    Finnish names, as the city publishes them)."""
    if not text:
        return text
    lang = (language or "fi").split("-")[0].lower()
    column = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    pattern, spelling = _pattern()
    names = [(fi, sv, en) for fi, sv, en, _others in PUBLISHERS]
    return pattern.sub(lambda m: names[spelling[m.group(1)]][column], text)
