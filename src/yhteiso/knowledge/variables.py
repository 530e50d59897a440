"""Names of the variables the demo data and the computations use (fi / sv / en), with units. Variables imported
from PX or JSON-stat files take their names from the file instead."""

from __future__ import annotations

from dataclasses import dataclass

LABELS: dict[str, dict[str, str]] = {
    "population": {"fi": "Asukkaat", "sv": "Invånare", "en": "Inhabitants", "unit": "persons"},
    "population_growth_pct": {"fi": "Asukasmäärän muutos edellisestä vuodesta", "sv": "Förändring av invånarantalet",
                              "en": "Change in inhabitants from the previous year", "unit": "%"},
    "foreign_language_share_pct": {"fi": "Vieraskielisten osuus", "sv": "Andel främmandespråkiga",
                                   "en": "Share of foreign-language speakers", "unit": "%"},
    "foreign_language_count_est": {"fi": "Vieraskieliset (arvio)", "sv": "Främmandespråkiga (uppskattning)",
                                   "en": "Foreign-language speakers (estimate)", "unit": "persons"},
    "other_language_count_est": {"fi": "Kotimaankieliset (arvio)", "sv": "Inhemskspråkiga (uppskattning)",
                                 "en": "Domestic-language speakers (estimate)", "unit": "persons"},
    "age_19_34_share_pct": {"fi": "19–34-vuotiaiden osuus", "sv": "Andel 19–34-åringar",
                            "en": "Share aged 19–34", "unit": "%"},
    "one_person_household_share_pct": {"fi": "Yhden hengen asuntokuntien osuus",
                                       "sv": "Andel enpersonsbostadshushåll",
                                       "en": "Share of one-person households", "unit": "%"},
    "rented_dwelling_share_pct": {"fi": "Vuokra-asuntojen osuus", "sv": "Andel hyresbostäder",
                                  "en": "Share of rented dwellings", "unit": "%"},
    "block_of_flats_dwelling_share_pct": {"fi": "Kerrostaloasuntojen osuus", "sv": "Andel flervåningshusbostäder",
                                          "en": "Share of dwellings in blocks of flats", "unit": "%"},
    "unoccupied_dwelling_share_pct": {"fi": "Asumattomien asuntojen osuus", "sv": "Andel obebodda bostäder",
                                      "en": "Share of unoccupied dwellings", "unit": "%"},
    "tertiary_educated_15plus_share_pct": {"fi": "Korkea-asteen tutkinnon suorittaneiden osuus (15+)",
                                           "sv": "Andel med examen på högre nivå (15+)",
                                           "en": "Share with a tertiary degree (15+)", "unit": "%"},
    "median_income_eur": {"fi": "Asukkaiden mediaanitulot (aikasarja)", "sv": "Invånarnas medianinkomst (tidsserie)",
                          "en": "Median income of inhabitants (time series)", "unit": "€"},
    "unemployment_rate_pct": {"fi": "Työttömyysaste", "sv": "Arbetslöshetsgrad", "en": "Unemployment rate",
                              "unit": "%"},
    "tertiary_educated_share_pct": {"fi": "Korkea-asteen tutkinnon suorittaneiden osuus (18+)",
                                    "sv": "Andel med examen på högre nivå (18+)",
                                    "en": "Share with a tertiary degree (18+)", "unit": "%"},
    # The programme plan's variables (recipes.py): not in the shipped files; the city imports them.
    "foreign_background_count": {"fi": "Ulkomaalaistaustaiset", "sv": "Personer med utländsk bakgrund",
                                 "en": "Residents of foreign background", "unit": "persons"},
    "finnish_background_count": {"fi": "Suomalaistaustaiset", "sv": "Personer med finländsk bakgrund",
                                 "en": "Residents of Finnish background", "unit": "persons"},
    "lowest_income_quintile_count": {"fi": "Alimpaan tuloviidennekseen kuuluvat",
                                     "sv": "I den lägsta inkomstkvintilen",
                                     "en": "In the lowest income quintile", "unit": "persons"},
    "he_vakiy": {"fi": "Asukkaat yhteensä", "sv": "Invånare totalt", "en": "Inhabitants, total", "unit": "persons"},
    "he_kika": {"fi": "Asukkaiden keski-ikä", "sv": "Invånarnas medelålder", "en": "Mean age of inhabitants",
                "unit": "years"},
    "ko_ika18y": {"fi": "18 vuotta täyttäneet", "sv": "18 år fyllda", "en": "Aged 18 or over", "unit": "persons"},
    "ko_perus": {"fi": "Perusasteen suorittaneet", "sv": "Personer med grundnivå", "en": "Basic level only",
                 "unit": "persons"},
    "ko_yl_kork": {"fi": "Ylemmän korkeakoulututkinnon suorittaneet", "sv": "Högre högskoleexamen",
                   "en": "Higher university degree", "unit": "persons"},
    "hr_mtu": {"fi": "Asukkaiden mediaanitulot", "sv": "Invånarnas medianinkomst", "en": "Median income of inhabitants",
               "unit": "€"},
    "hr_ktu": {"fi": "Asukkaiden keskitulot", "sv": "Invånarnas medelinkomst", "en": "Mean income of inhabitants",
               "unit": "€"},
    "hr_tuy": {"fi": "18 vuotta täyttäneet (tulot)", "sv": "18 år fyllda (inkomst)", "en": "Aged 18+ (income)",
               "unit": "persons"},
    "hr_pi_tul": {"fi": "Alimpaan tuloluokkaan kuuluvat", "sv": "I den lägsta inkomstklassen",
                  "en": "In the lowest income class", "unit": "persons"},
    "hr_hy_tul": {"fi": "Ylimpään tuloluokkaan kuuluvat", "sv": "I den högsta inkomstklassen",
                  "en": "In the highest income class", "unit": "persons"},
    "te_taly": {"fi": "Taloudet", "sv": "Hushåll", "en": "Households", "unit": "households"},
    "te_vuok_as": {"fi": "Vuokra-asunnoissa asuvat taloudet", "sv": "Hushåll i hyresbostäder",
                   "en": "Households in rented dwellings", "unit": "households"},
    "tr_mtu": {"fi": "Talouksien mediaanitulot", "sv": "Hushållens medianinkomst", "en": "Median household income",
               "unit": "€"},
    "pt_tyoll": {"fi": "Työlliset", "sv": "Sysselsatta", "en": "Employed", "unit": "persons"},
    "pt_tyott": {"fi": "Työttömät", "sv": "Arbetslösa", "en": "Unemployed", "unit": "persons"},
    "pt_opisk": {"fi": "Opiskelijat", "sv": "Studerande", "en": "Students", "unit": "persons"},
    "pt_elakel": {"fi": "Eläkeläiset", "sv": "Pensionärer", "en": "Pensioners", "unit": "persons"},
}


def _paavo_labels() -> dict[str, dict[str, str]]:
    """The remaining Paavo variables (postal-area open data) in plain words, so no raw column code such as
    ``he_0_2`` is shown to a reader. Wording follows Statistics Finland's variable descriptions."""
    out: dict[str, dict[str, str]] = {}
    ages = ["0_2", "3_6", "7_12", "13_15", "16_17", "18_19", "20_24", "25_29", "30_34", "35_39", "40_44", "45_49",
            "50_54", "55_59", "60_64", "65_69", "70_74", "75_79", "80_84"]
    for age in ages:
        lo, hi = age.split("_")
        out[f"he_{age}"] = {"fi": f"{lo}–{hi}-vuotiaat", "sv": f"{lo}–{hi}-åringar", "en": f"Aged {lo}–{hi}",
                            "unit": "persons"}
    out["he_85_"] = {"fi": "85 vuotta täyttäneet", "sv": "85 år fyllda", "en": "Aged 85 or over", "unit": "persons"}
    rows = [
        ("he_naiset", "Naiset", "Kvinnor", "Women", "persons"),
        ("he_miehet", "Miehet", "Män", "Men", "persons"),
        ("ko_koul", "Tutkinnon suorittaneet yhteensä", "Personer med examen totalt", "With a qualification, total",
         "persons"),
        ("ko_yliop", "Ylioppilastutkinnon suorittaneet", "Personer med studentexamen", "Matriculation examination",
         "persons"),
        ("ko_ammat", "Ammatillisen tutkinnon suorittaneet", "Personer med yrkesinriktad examen",
         "Vocational qualification", "persons"),
        ("ko_al_kork", "Alemman korkeakoulututkinnon suorittaneet", "Lägre högskoleexamen",
         "Lower university degree", "persons"),
        ("hr_ke_tul", "Keskimmäiseen tuloluokkaan kuuluvat", "I den mellersta inkomstklassen",
         "In the middle income class", "persons"),
        ("hr_ovy", "Asukkaiden ostovoimakertymä", "Invånarnas sammanlagda köpkraft", "Inhabitants' purchasing power",
         "€"),
        ("pinta_ala", "Pinta-ala (m²)", "Areal (m²)", "Surface area (m²)", ""),
        ("pt_vakiy", "Asukkaat yhteensä (pääasiallinen toiminta)", "Invånare totalt (huvudsaklig verksamhet)",
         "Inhabitants, total (main type of activity)", "persons"),
        ("pt_0_14", "0–14-vuotiaat (pääasiallinen toiminta)", "0–14-åringar (huvudsaklig verksamhet)",
         "Aged 0–14 (main type of activity)", "persons"),
        ("pt_muut", "Muut (pääasiallinen toiminta)", "Övriga (huvudsaklig verksamhet)",
         "Others (main type of activity)", "persons"),
        ("ra_ke", "Kesämökit", "Fritidshus", "Summer cottages", ""),
        ("ra_raky", "Rakennukset yhteensä", "Byggnader totalt", "Buildings, total", ""),
        ("ra_muut", "Muut rakennukset", "Övriga byggnader", "Other buildings", ""),
        ("ra_asrak", "Asuinrakennukset", "Bostadsbyggnader", "Residential buildings", ""),
        ("ra_asunn", "Asunnot", "Bostäder", "Dwellings", ""),
        ("ra_as_kpa", "Asuntojen keskipinta-ala (m²)", "Bostädernas medelyta (m²)",
         "Average floor area of dwellings (m²)", ""),
        ("ra_pt_as", "Pientaloasunnot", "Bostäder i småhus", "Dwellings in detached and semi-detached houses", ""),
        ("ra_kt_as", "Kerrostaloasunnot", "Bostäder i flervåningshus", "Dwellings in blocks of flats", ""),
        ("te_takk", "Talouksien keskikoko (henkeä)", "Hushållens medelstorlek (personer)",
         "Average household size (persons)", ""),
        ("te_as_valj", "Asumisväljyys (m² asukasta kohden)", "Bostadsyta per invånare (m²)",
         "Floor area per inhabitant (m²)", ""),
        ("te_nuor", "Nuorten yksinasuvien taloudet", "Unga ensamboendes hushåll", "Young single-person households",
         "households"),
        ("te_eil_np", "Nuorten lapsettomien parien taloudet", "Unga barnlösa pars hushåll",
         "Young childless couples' households", "households"),
        ("te_laps", "Lapsitaloudet", "Barnfamiljshushåll", "Households with children", "households"),
        ("te_plap", "Pienten lasten taloudet", "Hushåll med små barn", "Households with small children",
         "households"),
        ("te_aklap", "Alle kouluikäisten lasten taloudet", "Hushåll med barn under skolåldern",
         "Households with children under school age", "households"),
        ("te_klap", "Kouluikäisten lasten taloudet", "Hushåll med barn i skolåldern",
         "Households with school-age children", "households"),
        ("te_teini", "Teini-ikäisten lasten taloudet", "Hushåll med tonåringar", "Households with teenagers",
         "households"),
        ("te_aik", "Aikuisten taloudet", "Vuxenhushåll", "Adult households", "households"),
        ("te_elak", "Eläkeläisten taloudet", "Pensionärshushåll", "Pensioner households", "households"),
        ("te_omis_as", "Omistusasunnoissa asuvat taloudet", "Hushåll i ägarbostäder",
         "Households in owner-occupied dwellings", "households"),
        ("te_muu_as", "Muissa asunnoissa asuvat taloudet", "Hushåll i övriga bostäder",
         "Households in other dwellings", "households"),
        ("tr_kuty", "Taloudet yhteensä (tulot)", "Hushåll totalt (inkomst)", "Households, total (income)",
         "households"),
        ("tr_ktu", "Talouksien keskitulot", "Hushållens medelinkomst", "Mean household income", "€"),
        ("tr_pi_tul", "Alimpaan tuloluokkaan kuuluvat taloudet", "Hushåll i den lägsta inkomstklassen",
         "Households in the lowest income class", "households"),
        ("tr_ke_tul", "Keskimmäiseen tuloluokkaan kuuluvat taloudet", "Hushåll i den mellersta inkomstklassen",
         "Households in the middle income class", "households"),
        ("tr_hy_tul", "Ylimpään tuloluokkaan kuuluvat taloudet", "Hushåll i den högsta inkomstklassen",
         "Households in the highest income class", "households"),
        ("tr_ovy", "Talouksien ostovoimakertymä", "Hushållens sammanlagda köpkraft", "Households' purchasing power",
         "€"),
        ("tp_tyopy", "Työpaikat yhteensä", "Arbetsplatser totalt", "Workplaces, total", ""),
        ("tp_alku_a", "Työpaikat: alkutuotanto", "Arbetsplatser: primärproduktion", "Workplaces: primary production",
         ""),
        ("tp_jalo_bf", "Työpaikat: jalostus", "Arbetsplatser: förädling", "Workplaces: processing", ""),
        ("tp_palv_gu", "Työpaikat: palvelut", "Arbetsplatser: tjänster", "Workplaces: services", ""),
    ]
    industries = [
        ("a_maat", "maatalous, metsätalous ja kalatalous", "jordbruk, skogsbruk och fiske",
         "agriculture, forestry and fishing"),
        ("b_kaiv", "kaivostoiminta ja louhinta", "utvinning av mineral", "mining and quarrying"),
        ("c_teol", "teollisuus", "tillverkning", "manufacturing"),
        ("d_ener", "sähkö-, kaasu- ja lämpöhuolto", "försörjning av el, gas och värme", "energy supply"),
        ("e_vesi", "vesi- ja jätehuolto", "vattenförsörjning och avfallshantering",
         "water supply and waste management"),
        ("f_rake", "rakentaminen", "byggverksamhet", "construction"),
        ("g_kaup", "tukku- ja vähittäiskauppa", "handel", "wholesale and retail trade"),
        ("h_kulj", "kuljetus ja varastointi", "transport och magasinering", "transportation and storage"),
        ("i_majo", "majoitus- ja ravitsemistoiminta", "hotell- och restaurangverksamhet",
         "accommodation and food services"),
        ("j_info", "informaatio ja viestintä", "information och kommunikation", "information and communication"),
        ("k_raho", "rahoitus- ja vakuutustoiminta", "finans- och försäkringsverksamhet",
         "financial and insurance activities"),
        ("l_kiin", "kiinteistöalan toiminta", "fastighetsverksamhet", "real estate activities"),
        ("m_erik", "ammatillinen, tieteellinen ja tekninen toiminta", "juridik, ekonomi, vetenskap och teknik",
         "professional, scientific and technical activities"),
        ("n_hall", "hallinto- ja tukipalvelut", "uthyrning och stödtjänster", "administrative and support services"),
        ("o_julk", "julkinen hallinto ja maanpuolustus", "offentlig förvaltning och försvar",
         "public administration and defence"),
        ("p_koul", "koulutus", "utbildning", "education"),
        ("q_terv", "terveys- ja sosiaalipalvelut", "vård och omsorg", "human health and social work"),
        ("r_taid", "taiteet, viihde ja virkistys", "kultur, nöje och fritid", "arts, entertainment and recreation"),
        ("s_muup", "muu palvelutoiminta", "annan serviceverksamhet", "other service activities"),
        ("t_koti", "kotitaloudet työnantajina", "hushåll som arbetsgivare", "households as employers"),
        ("u_kans", "kansainväliset organisaatiot", "internationella organisationer",
         "extraterritorial organisations"),
        ("x_tunt", "toimiala tuntematon", "okänd näringsgren", "industry unknown"),
    ]
    for code, fi, sv, en in industries:
        rows.append((f"tp_{code}", f"Työpaikat: {fi}", f"Arbetsplatser: {sv}", f"Workplaces: {en}", ""))
    for code, fi, sv, en, unit in rows:
        out[code] = {"fi": fi, "sv": sv, "en": en, "unit": unit}
    return out


LABELS.update({code: labels for code, labels in _paavo_labels().items() if code not in LABELS})


# -- what kind of figure each variable is, so that it can be rolled up from small areas to larger ones ----------
# ("count": summed; "share": summed numerators over summed denominators, ``of`` naming the denominator's count
# variables and ``scale`` the unit (100 = per cent); "mean": weighted by ``weight``). A variable missing here, or
# marked "median" / "change", is never rolled up: its larger-area figure cannot be computed from the parts'.


@dataclass(frozen=True)
class VariableKind:
    kind: str  # "count" | "share" | "mean" | "median" | "change"
    of: tuple[str, ...] = ()  # the denominator (share) or the weight (mean): count variables, summed
    scale: float = 1.0

    @property
    def rollable(self) -> bool:
        return self.kind == "count" or (self.kind in ("share", "mean") and bool(self.of))


COUNT = VariableKind("count")
MEDIAN = VariableKind("median")


def _share_pct(*of: str) -> VariableKind:
    return VariableKind("share", of, 100.0)


def _mean(*weight: str) -> VariableKind:
    return VariableKind("mean", weight)


KINDS: dict[str, VariableKind] = {
    # Helsingin seudun aluesarjat, small areas
    "population": COUNT,
    "foreign_language_count_est": COUNT,
    "other_language_count_est": COUNT,
    "foreign_language_share_pct": _share_pct("population"),
    "age_19_34_share_pct": _share_pct("population"),
    "one_person_household_share_pct": _share_pct("te_taly"),  # of households: rolls up once they are imported
    "rented_dwelling_share_pct": _share_pct("ra_asunn"),  # of dwellings
    "block_of_flats_dwelling_share_pct": _share_pct("ra_asunn"),
    "unoccupied_dwelling_share_pct": _share_pct("ra_asunn"),
    "population_growth_pct": VariableKind("change"),
    # tertiary_educated_15plus_share_pct: a share of the population aged 15 or over, which no shipped file has,
    # so its kind stays unknown and it is not rolled up.
    # Paavo time series (postal areas)
    "median_income_eur": MEDIAN,
    "unemployment_rate_pct": _share_pct("pt_tyoll", "pt_tyott"),  # of the labour force
    "tertiary_educated_share_pct": _share_pct("ko_ika18y"),
    # Paavo (postal areas): the count columns, and the averages with their weights
    "hr_mtu": MEDIAN,
    "tr_mtu": MEDIAN,
    "he_kika": _mean("he_vakiy"),
    "hr_ktu": _mean("hr_tuy"),
    "tr_ktu": _mean("tr_kuty"),
    "te_takk": _mean("te_taly"),
    "te_as_valj": _mean("he_vakiy"),
    "ra_as_kpa": _mean("ra_asunn"),
    # the plan's variables the city imports (see recipes.py)
    "foreign_background_count": COUNT,
    "finnish_background_count": COUNT,
    "lowest_income_quintile_count": COUNT,
}
_PAAVO_COUNT_PREFIXES = ("he_", "ko_", "pt_", "te_", "ra_", "tp_", "hr_", "tr_")
KINDS.update({code: COUNT for code in LABELS if code.startswith(_PAAVO_COUNT_PREFIXES) and code not in KINDS})
KINDS["pinta_ala"] = COUNT


def kind_of(code: str) -> VariableKind | None:
    """The kind of a variable, or None when it is not known (then it is not rolled up)."""
    return KINDS.get(code)
