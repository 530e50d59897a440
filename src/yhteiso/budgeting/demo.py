"""Demo: one participatory-budgeting round for Espoo, clearly marked as a demonstration, in the voting phase with
a few printed development voting codes so anyone can try voting; and, as a worked example of the counting, the
real Świecie 2023 election (pabulib, cited) imported and counted with equal shares. No invented votes are shown
as results. Idempotent."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.budgeting import services
from yhteiso.budgeting.identity import CODE_ALPHABET, format_code
from yhteiso.budgeting.models import BallotType, Phase, Pool, ProposalStatus, Round, Rule

SLUG = "espoo-2026-demo"
SWIECIE = Path(__file__).resolve().parent.parent / "analytics" / "tests" / "data" / "pabulib" / "Poland_Swiecie_2023.pb"

# (pool: None = citywide or the suuralue's Finnish name, title fi, title sv, cost, status, reason)
IDEAS = [
    (None, "Kirjastojen lainattavat retkeilyvarusteet", "Lånebar friluftsutrustning på biblioteken", 45_000,
     "feasible", ""),
    (None, "Maksuttomat kesätapahtumat nuorille kaikilla alueilla", "Avgiftsfria sommarevenemang för unga i alla "
     "områden", 120_000, "feasible", ""),
    (None, "Selkokieliset opasteet kaupungin palvelupisteisiin", "Lättlästa skyltar vid stadens servicepunkter",
     30_000, "feasible", ""),
    (None, "Esteettömät kulkureitit rannoille", "Tillgängliga stigar till stränderna", 160_000, "feasible", ""),
    (None, "Ilmainen joukkoliikenne kaikille espoolaisille", "Gratis kollektivtrafik för alla esbobor", None,
     "not_feasible", "Kustannus on moninkertainen koko budjettiin nähden, ja joukkoliikenteen hinnoittelusta päättää "
     "HSL."),
    ("Suur-Leppävaara", "Kohtaamispaikka Leppävaaran asemalle", "Mötesplats vid Alberga station", 60_000,
     "feasible", ""),
    ("Suur-Leppävaara", "Ulkokuntosali Perkkaalle", "Utegym i Perkala", 55_000, "feasible", ""),
    ("Suur-Tapiola", "Yhteisöpuutarha Otaniemeen", "Gemenskapsträdgård i Otnäs", 25_000, "feasible", ""),
    ("Suur-Tapiola", "Uimahallin aukioloaikojen pidennys", "Längre öppettider i simhallen", None, "not_feasible",
     "Aukioloajat ovat käyttötalouden pysyvä meno; osallistuva budjetointi rahoittaa kertaluonteisia hankkeita."),
    ("Suur-Matinkylä", "Skeittipaikan valaistus Matinkylään", "Belysning för skateplatsen i Mattby", 40_000,
     "feasible", ""),
    ("Suur-Matinkylä", "Monikielinen läksykerho", "Flerspråkig läxklubb", 20_000, "feasible", ""),
    ("Suur-Espoonlahti", "Rantapenkit ja grillipaikka Kivenlahteen", "Strandbänkar och grillplats i Stensvik",
     35_000, "feasible", ""),
    ("Suur-Espoonlahti", "Uusi silta Espoonlahden yli", "Ny bro över Esboviken", None, "not_feasible",
     "Silta vaatisi asemakaavan muutoksen ja maksaisi useita miljoonia euroja."),
    ("Suur-Kauklahti", "Kyläjuhlat ja talkoopäivä Kauklahteen", "Byfest och talkodag i Köklax", 15_000,
     "feasible", ""),
    ("Vanha-Espoo", "Lasten liikennepuisto Espoon keskukseen", "Trafikpark för barn i Esbo centrum", 70_000,
     "feasible", ""),
    ("Pohjois-Espoo", "Kylätalon esteetön sisäänkäynti Kalajärvelle", "Tillgänglig ingång till byhuset i "
     "Kalajärvi", 50_000, "feasible", ""),
]


# The example ideas' cards: (place in Finnish, place in Swedish, proposer as shown publicly). The proposers are
# examples too, not people.
CARDS = {
    "Kirjastojen lainattavat retkeilyvarusteet": ("Kaikki Espoon kirjastot", "Alla bibliotek i Esbo",
                                                  "Esimerkkiehdottaja, Tapiola"),
    "Maksuttomat kesätapahtumat nuorille kaikilla alueilla": ("Koko Espoo", "Hela Esbo",
                                                              "Nuorten ideaverstas (esimerkki)"),
    "Selkokieliset opasteet kaupungin palvelupisteisiin": ("Kaupungin palvelupisteet", "Stadens servicepunkter",
                                                           "Esimerkkiehdottaja, Matinkylä"),
    "Esteettömät kulkureitit rannoille": ("Espoon rannat", "Esbos stränder", "Vammaisneuvosto (esimerkki)"),
    "Ilmainen joukkoliikenne kaikille espoolaisille": ("Koko Espoo", "Hela Esbo", "Esimerkkiehdottaja"),
    "Kohtaamispaikka Leppävaaran asemalle": ("Leppävaaran asema", "Alberga station",
                                             "Asukasyhdistys (esimerkki)"),
    "Ulkokuntosali Perkkaalle": ("Perkkaa", "Perkala", "Esimerkkiehdottaja, Perkkaa"),
    "Yhteisöpuutarha Otaniemeen": ("Otaniemi", "Otnäs", "Opiskelijaryhmä (esimerkki)"),
    "Uimahallin aukioloaikojen pidennys": ("Tapiolan uimahalli", "Hagalunds simhall", "Esimerkkiehdottaja"),
    "Skeittipaikan valaistus Matinkylään": ("Matinkylän skeittipaikka", "Skateplatsen i Mattby",
                                            "Nuorten ideaverstas (esimerkki)"),
    "Monikielinen läksykerho": ("Matinkylän kirjasto", "Mattby bibliotek", "Vanhempainyhdistys (esimerkki)"),
    "Rantapenkit ja grillipaikka Kivenlahteen": ("Kivenlahden ranta", "Stensviks strand",
                                                 "Esimerkkiehdottaja, Kivenlahti"),
    "Uusi silta Espoonlahden yli": ("Espoonlahti", "Esboviken", "Esimerkkiehdottaja"),
    "Kyläjuhlat ja talkoopäivä Kauklahteen": ("Kauklahden kylä", "Köklax by", "Kyläyhdistys (esimerkki)"),
    "Lasten liikennepuisto Espoon keskukseen": ("Espoon keskus", "Esbo centrum", "Esimerkkiehdottaja, Espoo"),
    "Kylätalon esteetön sisäänkäynti Kalajärvelle": ("Kalajärven kylätalo", "Byhuset i Kalajärvi",
                                                     "Kyläyhdistys (esimerkki)"),
}


def _cards(rnd: Round) -> None:
    """Fill the example cards' place and proposer where they are still empty (an older demo database)."""
    for p in rnd.proposals.filter(place_fi=""):
        card = CARDS.get(p.title_fi)
        if card:
            services.proposal_card_update(actor=None, proposal=p, place_fi=card[0], place_sv=card[1],
                                          proposer=card[2])


def demo_codes(n: int = 5) -> list[str]:
    """Deterministic development codes (derived from the voter key), so the demo prints the same codes again."""
    out = []
    for i in range(n):
        digest = hmac.new(settings.YHTEISO_VOTER_KEY.encode(), f"pb-demo-code-{i}".encode(), hashlib.sha256).digest()
        out.append("".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:12]))
    return out


@transaction.atomic
def _espoo_round(stdout) -> Round:
    rnd = Round.objects.filter(slug=SLUG).first()
    if rnd is not None:
        return rnd
    districts = {a.name_fi: a for a in Area.objects.filter(level=AreaLevel.MAJOR_DISTRICT)}
    pools = [{"area": None, "budget": 400_000, "label": ""}]
    pools += [{"area": a, "budget": 100_000, "label": ""} for a in districts.values()]
    rnd = services.round_create(
        actor=None, pools=pools, slug=SLUG, is_demo=True,
        name_fi="Osallistuva budjetointi 2026 (esittely)", name_sv="Deltagande budgetering 2026 (demonstration)",
        name_en="Participatory budgeting 2026 (demonstration)",
        description_fi="Esittelykierros: ideat, kustannusarviot ja toteutettavuusperusteet ovat esimerkkejä. "
                       "Voit kokeilla äänestämistä tulostetuilla kehityskäytön äänestyskoodeilla.",
        description_sv="Demonstrationsomgång: idéerna, kostnadsberäkningarna och motiveringarna är exempel. Du kan "
                       "prova att rösta med de utskrivna röstkoderna för utvecklingsbruk.",
        description_en="Demonstration round: the ideas, cost estimates and feasibility reasons are examples. You can "
                       "try voting with the printed development voting codes.",
        ballot_type=BallotType.APPROVAL, min_projects=1, max_projects=3, rule=Rule.EQUAL_SHARES,
        voting_closes_at=timezone.now() + dt.timedelta(days=60),
    )
    pool_for = {None: rnd.pools.get(area__isnull=True)}
    for name, area in districts.items():
        pool_for[name] = rnd.pools.get(area=area)
    for i, (pool_name, fi, sv, cost, status, reason) in enumerate(IDEAS, start=1):
        pool = pool_for.get(pool_name)
        if pool is None:
            continue  # the areas were not loaded
        p = services.proposal_create(actor=None, round=rnd, pool=pool, title_fi=fi, title_sv=sv, code=str(i),
                                     description_fi=f"Esimerkki-idea: {fi}.", description_sv=f"Exempelidé: {sv}.")
        services.proposal_assess(actor=None, proposal=p, status=status, cost=cost, reason=reason)
    rnd.refresh_from_db()
    for phase in (Phase.CO_DEVELOPMENT, Phase.FEASIBILITY, Phase.VOTING):
        rnd = services.round_set_phase(actor=None, round=rnd, phase=phase)
    return rnd


def _swiecie(stdout) -> None:
    slug = "pabulib-swiecie-2023"
    if Round.objects.filter(slug=slug).exists() or not SWIECIE.exists():
        return
    with transaction.atomic():
        rnd = services.round_import_pb(actor=None, text=SWIECIE.read_bytes(), slug=slug,
                                       name_fi="Świecie 2023 (Puola) – esimerkki pabulibista")
        Round.objects.filter(pk=rnd.pk).update(
            name_sv="Świecie 2023 (Polen) – exempel från pabulib",
            name_en="Świecie 2023 (Poland) – example from pabulib",
            description_fi="Todellinen äänestys Puolan Świeciessä (Pabulib: Stolicki, Szufa & Talmon 2020, "
                           "arXiv:2012.06539), laskettu tasaosuusmenetelmällä. Ei Espoon äänestys.",
            description_sv="En verklig omröstning i Świecie i Polen (Pabulib: Stolicki, Szufa & Talmon 2020, "
                           "arXiv:2012.06539), räknad med metoden med lika andelar. Inte en omröstning i Esbo.",
            description_en="A real vote in Świecie, Poland (Pabulib: Stolicki, Szufa & Talmon 2020, "
                           "arXiv:2012.06539), counted with the method of equal shares. Not an Espoo vote.")
        services.round_compute_results(actor=None, round=rnd)
        services.round_publish_results(actor=None, round=rnd)


def load(stdout) -> None:
    rnd = _espoo_round(stdout)
    _cards(rnd)
    codes = demo_codes()
    if rnd.phase == Phase.VOTING:
        services.voting_codes_issue(actor=None, round=rnd, count=len(codes), codes=codes)
    _swiecie(stdout)
    feasible = rnd.proposals.filter(status=ProposalStatus.FEASIBLE).count()
    stdout.write(f"budgeting: demo round '{rnd.name_fi}' ({feasible} projects on the ballot, "
                 f"{Pool.objects.filter(round=rnd).count()} pools); development voting codes "
                 f"(one-time): {', '.join(format_code(c) for c in codes)} — /osallistuva-budjetointi/{SLUG}/aanesta/\n")
