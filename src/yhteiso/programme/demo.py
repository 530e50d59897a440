"""Demo content: the programme plan of 13.4.2026 (Yhteisöllinen Espoo -kehitysohjelman ohjelmasuunnitelma),
faithfully. Sections 3 (benefit goals, Table 1), 6 (budget 2026), 7 (reporting), 9 (risks) and Annex 1 (projects
of 2026). Where the plan gives no number, none is stored. The plan's Finnish texts are the content; Swedish and
English names are our translations of the goals, indicators, cells, budget lines, risks and deadlines.

Idempotent: objects are looked up by their natural keys and created only when missing, so running the demo twice
changes nothing (and never overwrites what staff have edited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.programme import demo_comms, demo_funding, demo_intake, demo_progress, demo_workplan
from yhteiso.programme.models import (
    UNIT_SCALES,
    BenefitGoal,
    BudgetLine,
    BudgetYear,
    DeadlineKind,
    Direction,
    Disaggregation,
    Indicator,
    IndicatorCell,
    IndicatorUnit,
    Programme,
    Project,
    ProjectStatus,
    ProjectTargetGroup,
    ProposerType,
    ReportingDeadline,
    Risk,
    RiskCategory,
    TargetGroup,
    TargetKind,
)

PLAN = "Yhteisöllinen Espoo -kehitysohjelman ohjelmasuunnitelma 13.4.2026"

CITY_CENTRES = [
    # code, Finnish, Swedish
    ("espoon-keskus", "Espoon keskus", "Esbo centrum"),
    ("espoonlahti", "Espoonlahti", "Esboviken"),
    ("leppavaara", "Leppävaara", "Alberga"),
    ("matinkyla-olari", "Matinkylä-Olari", "Mattby-Olars"),
    ("tapiola", "Tapiola", "Hagalund"),
]

GOALS = [
    {
        "number": 1,
        "name_fi": "Espoolaisten osallisuuden kokemus vahvistuu ja vaikuttamismahdollisuudet monipuolistuvat",
        "name_sv": "Esbobornas upplevelse av delaktighet stärks och möjligheterna att påverka blir mångsidigare",
        "name_en": "Espoo residents’ experience of inclusion grows stronger and their opportunities to have a say "
                   "become more diverse",
        "description_sv": (
            'I Esbo har alla möjlighet att efter egen förmåga delta i vardagens verksamhet, i '
            'tjänsterna och i gemenskapen. Genom programarbetet skapar vi allt fler möjligheter att '
            'delta och påverka och stärker därigenom upplevelsen av delaktighet. Målet är att esboborna'
            ' upplever att de kan delta i utvecklingen av Esbo och sitt eget bostadsområde oberoende av'
            ' bakgrund, språkkunskaper eller livssituation. Vi prövar och stärker delaktighetsfrämjande'
            ' arbetssätt, såsom deltagande budgetering, metoder för demokrati- och samhällsfostran samt'
            ' dialogiska metoder.'
        ),
        "description_en": (
            'In Espoo, everyone can take part in everyday activities, services and the community '
            'according to their own abilities. Through the programme we create more and more '
            'opportunities to take part and have a say, and so strengthen the experience of inclusion. '
            'The aim is that Espoo residents feel they can take part in developing Espoo and their own '
            'residential area regardless of background, language skills or life situation. We try out '
            'and strengthen participatory ways of working such as participatory budgeting, democracy '
            'and civic education and dialogue methods.'
        ),
        "description_fi": (
            "Espoossa jokaisella on mahdollisuus osallistua omien kykyjensä mukaan arjen toimintaan, palveluihin ja "
            "yhteisöön. Ohjelmatyöllä luomme yhä enemmän mahdollisuuksia osallistua ja vaikuttaa ja sitä kautta "
            "vahvistamme osallisuuden kokemusta. Tavoitteena on, että espoolaiset kokevat voivansa osallistua Espoon "
            "ja oman asuinalueensa kehittämiseen taustasta, kielitaidosta tai elämäntilanteesta riippumatta. "
            "Kokeilemme ja vahvistamme osallistavia toimintatapoja, kuten osallistuva budjetointi, demokratia- ja "
            "yhteiskuntakasvatuksen keinot sekä dialogiset menetelmät."),
    },
    {
        "number": 2,
        "name_fi": "Asuinalueilla kohtaamiset lisääntyvät, yhteisöllisyys vahvistuu ja segregaatio vähenee",
        "name_sv": "Mötena i bostadsområdena ökar, gemenskapen stärks och segregationen minskar",
        "name_en": "Encounters in residential areas increase, community grows stronger and segregation decreases",
        "description_sv": (
            'Vi minskar områdenas differentiering genom att stärka gemenskaperna. Esbos bostadsområden '
            'utvecklas till trivsamma och levande miljöer där människor känner sig trygga och som de är'
            ' stolta över. Vi söker och utvecklar verksamhetsmodeller som ökar mötena och minskar '
            'ensamheten. När människor och familjer i olika åldrar och med olika bakgrund och kulturer '
            'möts stärks känslan av samhörighet och tilliten.\n\nVi söker lågtröskelsätt att inspirera '
            'människor att agera och att aktivera gemenskapen i den egna närmiljön. Vi vill stödja att '
            'de regionala identiteterna stärks och att invånarna knyts till sitt eget bostadsområde. '
            'Samtidigt stärks de positiva bilderna av områdena och deras dragningskraft. Att knytas '
            'till lokala gemenskaper främjar också integrationen i Esbo och i samhället. Vi gör detta '
            'arbete tillsammans med invånare, organisationer, föreningar och regionala aktörer.'
        ),
        "description_en": (
            "We reduce the differentiation of areas by strengthening communities. Espoo's residential "
            'areas develop into pleasant and lively environments where people feel safe and of which '
            'they are proud. We look for and develop ways of working that increase encounters and '
            'reduce loneliness. When people and families of different ages, backgrounds and cultures '
            'meet, the sense of belonging and trust grows stronger.\n\nWe look for low-threshold ways '
            'to inspire people to act and to activate community in their own neighbourhood. We want to '
            "support local identities and residents' attachment to their own area; at the same time, "
            'positive images and the attractiveness of the areas grow stronger. Attachment to local '
            'communities also promotes integration into Espoo and into society. We do this work '
            'together with residents, organisations, clubs and local actors.'
        ),
        "description_fi": (
            "Vähennämme alueiden eriytymistä vahvistamalla yhteisöjä. Espoon asuinalueet kehittyvät viihtyisinä ja "
            "elävinä ympäristöinä, joissa ihmiset kokevat olonsa turvallisiksi ja joista he ovat ylpeitä. Etsimme "
            "ja kehitämme toimintamalleja, jotka lisäävät kohtaamisia ja vähentävät yksinäisyyttä. Kun eri "
            "taustoista ja kulttuureista tulevat eri-ikäiset ihmiset ja perheet kohtaavat, yhteisöön kuulumisen "
            "tunne ja luottamus vahvistuvat.\n\n"
            "Etsimme matalankynnyksen keinoja innostaa ihmisiä toimimaan ja aktivoida yhteisöllisyyttä omassa "
            "lähiympäristössä. Haluamme tukea alueellisten identiteettien vahvistumista ja asukkaiden kiinnittymistä "
            "omalle asuinalueelle. Samalla myönteiset mielikuvat ja alueiden vetovoima vahvistuvat. Paikallisiin "
            "yhteisöihin kiinnittyminen edistää myös kotoutumista Espooseen ja yhteiskuntaan. Teemme tätä työtä "
            "yhdessä asukkaiden, järjestöjen, seurojen ja alueellisten toimijoiden kanssa."),
    },
    {
        "number": 3,
        "name_fi": "Lähikoulujen vetovoima kasvaa ja koulusegregaatio vähenee",
        "name_sv": "Närskolornas dragningskraft ökar och skolsegregationen minskar",
        "name_en": "Local schools become more attractive and school segregation decreases",
        "description_sv": (
            'Vi stärker välbefinnandet hos barn och unga i Esbo och förebygger utslagning och '
            'skolavhopp genom att stödja att de knyts till skolan och till en trygg gemenskap. Genom '
            'programarbetet stöder vi närskolornas dragningskraft genom att hitta verkningsfulla '
            'metoder och genom att rikta kommunikationen. Målet är att främja utvecklingen av '
            'kunskapsbasen om segregation så att verksamheten kan riktas enligt behov. Vi vill också '
            'hitta möjligheter att utveckla skolorna till mötesplatser för närgemenskaperna.'
        ),
        "description_en": (
            'We strengthen the wellbeing of children and young people in Espoo and prevent exclusion '
            'and dropping out of school by supporting their attachment to school and to a safe '
            'community. Through the programme we support the attractiveness of local schools by finding'
            ' effective means and by targeting communication. The aim is to promote the development of '
            'the segregation knowledge base so that activities can be directed according to need. We '
            'also want to find ways to develop schools into meeting places for local communities.'
        ),
        "description_fi": (
            "Vahvistamme espoolaisten lasten ja nuorten hyvinvointia sekä ehkäisemme syrjäytymistä ja "
            "koulupudokkuutta tukemalla kiinnittymistä kouluun ja turvalliseen yhteisöön. Tuemme ohjelmatyöllä "
            "lähikoulujen vetovoiman vahvistamista löytämällä vaikuttavia keinoja ja kohdentamalla viestintää. "
            "Tavoitteena on edistää segregaatiotietopohjan kehittämistä, jotta toimintaa voidaan suunnata "
            "tarveperustaisesti. Haluamme myös löytää mahdollisuuksia kehittää kouluista lähiyhteisöjen "
            "kohtaamispaikkoja."),
    },
]

OSKY = "Espoon osallisuus- ja hyvinvointikysely 2026"
KPT = "Kuntapalvelututkimus 2025"
NEXT_MEASUREMENT_YEAR = 2027
START = dt.date(2026, 1, 1)  # the plan: active period from the beginning of 2026 to the end of 2028


# The plan's indicator cells by group in the knowledge base's group vocabulary (knowledge.groups); a cell the
# vocabulary has no group for (people over 70: the age band is 65+; people outside minorities) keeps none.
CELL_GROUPS = {
    "20–29-vuotiaat": "young_adults",
    "Kaikki vähemmistöön kuuluvat": "minorities",
    "Vammaiset": "disabilities",
    "Kohdannut rasismia omalla asuinalueella: vieraskieliset": "foreign_language",
    "Rasismi kohdistunut itseen: vieraskieliset": "foreign_language",
}


def _cell(label_fi, label_sv, label_en, disaggregation=Disaggregation.CITY, **fields):
    return {"label_fi": label_fi, "label_sv": label_sv, "label_en": label_en, "disaggregation": disaggregation,
            **fields}


def _pilot_cell(count, count_max=None):
    return _cell("Koko Espoo", "Hela Esbo", "All of Espoo", baseline_year=2026, baseline_date=START,
                 target_kind=TargetKind.PILOT_COUNT, target_value=Decimal(count),
                 target_value_max=Decimal(count_max) if count_max else None, target_year=2029)


def _campaign_cell(count):
    return _cell("Koko Espoo", "Hela Esbo", "All of Espoo", baseline_year=2026, baseline_date=START,
                 target_kind=TargetKind.CAMPAIGN_COUNT, target_value=Decimal(count), target_year=2029)


def _converge(label_fi, label_sv, label_en, disaggregation, value, area=None):
    return _cell(label_fi, label_sv, label_en, disaggregation, baseline_value=Decimal(value), baseline_year=2026,
                 baseline_source=OSKY, target_kind=TargetKind.CONVERGE, target_year=2029, reference="Koko Espoo",
                 area=area)


def _safety(area_fi, area_sv, area_en, part_fi, part_sv, part_en, value):
    return _cell(f"{area_fi}: {part_fi}", f"{area_sv}: {part_sv}", f"{area_en}: {part_en}", Disaggregation.AREA,
                 baseline_value=Decimal(value), baseline_year=2025, baseline_source=KPT,
                 target_kind=TargetKind.DIRECTION, target_direction=Direction.INCREASING, area=area_fi)


def _nps(area_fi, area_sv, area_en, value, *, city=False):
    if city:
        return _cell(area_fi, area_sv, area_en, Disaggregation.CITY, baseline_value=Decimal(value),
                     baseline_year=2025, baseline_source=KPT)
    return _cell(area_fi, area_sv, area_en, Disaggregation.AREA, baseline_value=Decimal(value), baseline_year=2025,
                 baseline_source=KPT, target_kind=TargetKind.DIRECTION, target_direction=Direction.INCREASING,
                 area=area_fi)


def _racism(label_fi, label_sv, label_en, disaggregation, value):
    return _cell(label_fi, label_sv, label_en, disaggregation, baseline_value=Decimal(value), baseline_year=2025,
                 baseline_source=KPT, target_kind=TargetKind.DIRECTION, target_direction=Direction.DECREASING)


INDICATORS = [
    {
        "goal": 1, "code": "1.1", "order": 1, "unit": IndicatorUnit.COUNT,
        "name_fi": "Osallistumis- ja vaikuttamismahdollisuuksia vahvistavien pilotointien (menetelmät, mallit ja "
                   "yhteistyörakenteet) määrä sekä niiden laatua ja vaikutuksia koskeva arviointi",
        "name_sv": "Antal pilotförsök som stärker möjligheterna att delta och påverka (metoder, modeller och "
                   "samarbetsstrukturer) samt en bedömning av deras kvalitet och effekter",
        "name_en": "Number of pilots strengthening opportunities to participate and have a say (methods, models and "
                   "structures of cooperation), and an assessment of their quality and effects",
        "baseline_text_fi": "n/a",
        "target_text_fi": "5 pilotointia, joista tunnistettu positiivisia vaikutusmekanismeja ja heikommin "
                          "osallistuvien osallistumisen lisäämiseen sekä skaalattavissa olevia käytäntöjä.",
        "target_text_sv": "5 pilotförsök där man har identifierat positiva verkningsmekanismer för att öka "
                          "deltagandet bland dem som deltar mindre, samt skalbara metoder.",
        "target_text_en": "5 pilots that have identified positive mechanisms for increasing the participation of "
                          "those who take part less, and practices that can be scaled up.",
        "cells": [_pilot_cell(5)],
    },
    {
        "goal": 1, "code": "1.2", "order": 2, "unit": IndicatorUnit.SCORE_100,
        "name_fi": "Osallisuuden kokemus, osallisuusindikaattori (THL)",
        "name_sv": "Upplevelse av delaktighet, delaktighetsindikatorn (THL)",
        "name_en": "Experience of inclusion, participation indicator (THL)",
        "definition_fi": "Osallisuusindikaattori (THL): ikäryhmä 20–29-vuotiaat, ikäryhmä yli 70-vuotiaat. "
                         "Alueellinen tarkastelu: Leppävaara. Vähemmistöön kuuluvat ja vammaiset.",
        "definition_sv": "Delaktighetsindikatorn (THL): åldersgruppen 20–29 år, åldersgruppen över 70 år. "
                         "Regional granskning: Alberga. Personer som hör till minoriteter och personer med "
                         "funktionsnedsättning.",
        "definition_en": "Participation indicator (THL): age group 20–29, age group over 70. By area: Leppävaara. "
                         "People belonging to minorities and people with disabilities.",
        "data_source_fi": OSKY,
        "data_source_sv": "Esbo stads enkät om delaktighet och välfärd 2026",
        "data_source_en": "City of Espoo participation and well-being survey 2026",
        "baseline_text_fi": "Espoon osallisuus- ja hyvinvointikysely 2026: 20–29 –vuotiaiden keskiarvo 73,4, yli "
                            "70-vuotiaiden keskiarvo 74,4 Koko Espoo 75,9; Leppävaara 73,1. Ei vähemmistöön "
                            "kuuluvat 78,2; kaikki vähemmistöön kuuluvat 71,2; vammaiset 59,1",
        "target_text_fi": "Kohderyhmien ja kohdealueen arvot lähenevät Espoon keskiarvoja.",
        "target_text_sv": "Målgruppernas och målområdets värden närmar sig Esbos medelvärden.",
        "target_text_en": "The values of the target groups and the target area converge towards the Espoo averages.",
        "cells": [
            _cell("Koko Espoo", "Hela Esbo", "All of Espoo", Disaggregation.CITY, baseline_value=Decimal("75.9"),
                  baseline_year=2026, baseline_source=OSKY),
            _converge("20–29-vuotiaat", "20–29-åringar", "Aged 20–29", Disaggregation.AGE_GROUP, "73.4"),
            _converge("Yli 70-vuotiaat", "Över 70-åringar", "Aged over 70", Disaggregation.AGE_GROUP, "74.4"),
            _converge("Leppävaara", "Alberga", "Leppävaara", Disaggregation.AREA, "73.1", area="Leppävaara"),
            _cell("Ei vähemmistöön kuuluvat", "Hör inte till en minoritet", "Not in a minority",
                  Disaggregation.POPULATION_GROUP, baseline_value=Decimal("78.2"), baseline_year=2026,
                  baseline_source=OSKY),
            _converge("Kaikki vähemmistöön kuuluvat", "Alla som hör till en minoritet", "All minorities",
                      Disaggregation.POPULATION_GROUP, "71.2"),
            _converge("Vammaiset", "Personer med funktionsnedsättning", "People with disabilities",
                      Disaggregation.POPULATION_GROUP, "59.1"),
        ],
    },
    {
        "goal": 2, "code": "2.1", "order": 1, "unit": IndicatorUnit.COUNT,
        "name_fi": "Ohjelman tuella pilotoitujen kohtaamiskonseptien tai tilojen määrä sekä arvio pilottien "
                   "vaikutuksesta kohtaamisten määrään ja laatuun asuinalueilla",
        "name_sv": "Antal mötes­koncept eller mötesplatser som prövats med programmets stöd samt en bedömning av "
                   "pilotförsökens effekt på mötenas antal och kvalitet i bostadsområdena",
        "name_en": "Number of encounter concepts or spaces piloted with the programme’s support, and an assessment "
                   "of the pilots’ effect on the number and quality of encounters in residential areas",
        "baseline_text_fi": "n/a",
        "target_text_fi": "4 pilotointia, jotka ovat lisänneet yhteisöllistä toimintaa asuinalueilla",
        "target_text_sv": "4 pilotförsök som har ökat den gemenskapliga verksamheten i bostadsområdena",
        "target_text_en": "4 pilots that have increased community activity in residential areas",
        "cells": [_pilot_cell(4)],
    },
    {
        "goal": 2, "code": "2.2", "order": 2, "unit": IndicatorUnit.SCORE_5,
        "name_fi": "Kokemus asuinalueen turvallisuudesta ja oman alueen keskuksen turvallisuudesta alueilla, "
                   "joille kohdistetaan toimenpiteitä",
        "name_sv": "Upplevd trygghet i bostadsområdet och i det egna områdets centrum i de områden som åtgärderna "
                   "riktas till",
        "name_en": "Perceived safety of one’s residential area and of the area’s centre, in the areas targeted "
                   "by actions",
        "definition_fi": "Kuntapalvelututkimus: asuinalueen turvallisuus; suluissa oman alueen keskuksen "
                         "turvallisuus.",
        "definition_sv": "Kommunala servicestudien: tryggheten i bostadsområdet; inom parentes tryggheten i det "
                         "egna områdets centrum.",
        "definition_en": "Municipal services survey: safety of the residential area; in brackets, safety of the "
                         "area’s centre.",
        "data_source_fi": KPT,
        "data_source_sv": "Kommunala servicestudien 2025",
        "data_source_en": "Municipal services survey 2025",
        "baseline_text_fi": "Kuntapalvelututkimus 2025: Espoon keskus 4,05 (3,55); Leppävaara 4,13 (3,72); "
                            "Matinkylä-Olari 4,15 (4,01).",
        "target_text_fi": "Turvallisuuden kokemus parantuu alueilla, joihin kohdistetaan toimenpiteitä.",
        "target_text_sv": "Den upplevda tryggheten förbättras i de områden som åtgärderna riktas till.",
        "target_text_en": "Perceived safety improves in the areas targeted by actions.",
        "cells": [
            _safety("Espoon keskus", "Esbo centrum", "Espoon keskus", "asuinalue", "bostadsområdet",
                    "residential area", "4.05"),
            _safety("Espoon keskus", "Esbo centrum", "Espoon keskus", "alueen keskus", "områdets centrum",
                    "area centre", "3.55"),
            _safety("Leppävaara", "Alberga", "Leppävaara", "asuinalue", "bostadsområdet", "residential area",
                    "4.13"),
            _safety("Leppävaara", "Alberga", "Leppävaara", "alueen keskus", "områdets centrum", "area centre",
                    "3.72"),
            _safety("Matinkylä-Olari", "Mattby-Olars", "Matinkylä-Olari", "asuinalue", "bostadsområdet",
                    "residential area", "4.15"),
            _safety("Matinkylä-Olari", "Mattby-Olars", "Matinkylä-Olari", "alueen keskus", "områdets centrum",
                    "area centre", "4.01"),
        ],
    },
    {
        "goal": 2, "code": "2.3", "order": 3, "unit": IndicatorUnit.PERCENT,
        "name_fi": "On kohdannut rasismia omalla asuinalueella. Rasismi kohdistunut itseen.",
        "name_sv": "Har mött rasism i det egna bostadsområdet. Rasismen riktades mot en själv.",
        "name_en": "Has encountered racism in one’s own residential area. The racism was aimed at oneself.",
        "data_source_fi": KPT,
        "data_source_sv": "Kommunala servicestudien 2025",
        "data_source_en": "Municipal services survey 2025",
        "baseline_text_fi": "Kuntapalvelututkimus 2025. Rasismia kohdannut kaikista vastaajista 19%, "
                            "vieraskielisistä 29%. Rasismi kohdistunut itseen kaikista rasismia kohdanneista 30%, "
                            "vieraskielistä 58%.",
        "target_text_fi": "Kokemus rasismista omalla asuinalueella on ohjelmakauden aikana vähentynyt",
        "target_text_sv": "Upplevelsen av rasism i det egna bostadsområdet har minskat under programperioden",
        "target_text_en": "Experience of racism in one’s own residential area has decreased during the programme "
                          "period",
        "cells": [
            _racism("Kohdannut rasismia omalla asuinalueella: kaikki vastaajat",
                    "Har mött rasism i det egna bostadsområdet: alla som svarat",
                    "Encountered racism in own area: all respondents", Disaggregation.CITY, "19"),
            _racism("Kohdannut rasismia omalla asuinalueella: vieraskieliset",
                    "Har mött rasism i det egna bostadsområdet: personer med främmande modersmål",
                    "Encountered racism in own area: foreign-language speakers", Disaggregation.POPULATION_GROUP,
                    "29"),
            _racism("Rasismi kohdistunut itseen: kaikki rasismia kohdanneet",
                    "Rasismen riktades mot en själv: alla som mött rasism",
                    "Racism aimed at oneself: all who encountered racism", Disaggregation.CITY, "30"),
            _racism("Rasismi kohdistunut itseen: vieraskieliset",
                    "Rasismen riktades mot en själv: personer med främmande modersmål",
                    "Racism aimed at oneself: foreign-language speakers", Disaggregation.POPULATION_GROUP, "58"),
        ],
    },
    {
        "goal": 2, "code": "2.4", "order": 4, "unit": IndicatorUnit.NPS,
        "name_fi": "Suositteluhaluus Espoosta asuinpaikkana, NPS suositteluindeksi asuinalueittain",
        "name_sv": "Villighet att rekommendera Esbo som boningsort, rekommendationsindex NPS per bostadsområde",
        "name_en": "Willingness to recommend Espoo as a place to live, recommendation index (NPS) by area",
        "data_source_fi": KPT,
        "data_source_sv": "Kommunala servicestudien 2025",
        "data_source_en": "Municipal services survey 2025",
        "baseline_text_fi": "Kuntapalvelututkimus 2025: Koko Espoo 21; Espoon keskus 9; Espoonlahti 21; "
                            "Leppävaara 15; Matinkylä-Olari 29; Tapiola 39",
        "target_text_fi": "Suositteluhalukkuuden myönteinen kehitys alueilla, joille kohdistetaan toimenpiteitä",
        "target_text_sv": "Positiv utveckling av villigheten att rekommendera i de områden som åtgärderna riktas "
                          "till",
        "target_text_en": "Positive development of the willingness to recommend in the areas targeted by actions",
        "cells": [
            _nps("Koko Espoo", "Hela Esbo", "All of Espoo", "21", city=True),
            _nps("Espoon keskus", "Esbo centrum", "Espoon keskus", "9"),
            _nps("Espoonlahti", "Esboviken", "Espoonlahti", "21"),
            _nps("Leppävaara", "Alberga", "Leppävaara", "15"),
            _nps("Matinkylä-Olari", "Mattby-Olars", "Matinkylä-Olari", "29"),
            _nps("Tapiola", "Hagalund", "Tapiola", "39"),
        ],
    },
    {
        "goal": 2, "code": "2.5", "order": 5, "unit": IndicatorUnit.QUALITATIVE,
        "name_fi": "Poikkitoimialaisen mallin kehittäminen alueiden segregaatioon liittyvän kehityksen seurantaan",
        "name_sv": "Utveckling av en sektorsövergripande modell för att följa områdenas segregationsrelaterade "
                   "utveckling",
        "name_en": "Developing a cross-sectoral model for monitoring segregation-related development of areas",
        "baseline_text_fi": "n/a",
        "target_text_fi": "Malli kehitetty ja hyödynnettävissä toimenpiteiden kohdentamisessa ja päätöksenteossa",
        "target_text_sv": "Modellen har utvecklats och kan användas för att rikta åtgärder och i beslutsfattandet",
        "target_text_en": "The model has been developed and can be used in targeting actions and in decision-making",
        "cells": [_cell("Koko Espoo", "Hela Esbo", "All of Espoo", target_kind=TargetKind.QUALITATIVE)],
    },
    {
        "goal": 3, "code": "3.1", "order": 1, "unit": IndicatorUnit.COUNT,
        "name_fi": "Pilotit huoltajien tuen ja yhteistyön vahvistamiseksi: Kokeilujen määrä ja laadullinen "
                   "arviointi huoltajien kokemuksista",
        "name_sv": "Pilotförsök för att stärka stödet till vårdnadshavare och samarbetet med dem: antal försök och "
                   "en kvalitativ bedömning av vårdnadshavarnas erfarenheter",
        "name_en": "Pilots to strengthen support for and cooperation with parents and guardians: number of trials "
                   "and a qualitative assessment of the guardians’ experiences",
        "baseline_text_fi": "n/a",
        "target_text_fi": "1-2 toteutettua kokeilua. Uutta tietoa toimivista käytänteistä, uudenlaista toimijoiden "
                          "välistä yhteistyötä.",
        "target_text_sv": "1–2 genomförda försök. Ny kunskap om fungerande metoder, ett nytt slags samarbete mellan "
                          "aktörerna.",
        "target_text_en": "1–2 trials carried out. New knowledge of practices that work, new kinds of cooperation "
                          "between actors.",
        "cells": [_pilot_cell(1, 2)],
    },
    {
        "goal": 3, "code": "3.2", "order": 2, "unit": IndicatorUnit.RATIO,
        "name_fi": "Haut toissijaiseen kouluun 1. ja 7. luokalle suhteessa ikäluokan kokoon",
        "name_sv": "Ansökningar till en annan skola än närskolan till årskurs 1 och 7 i förhållande till "
                   "årskullens storlek",
        "name_en": "Applications to a non-local school for grades 1 and 7 relative to the size of the age cohort",
        "data_source_fi": "Hakemukset muuhun kuin lähikouluun syyslukukaudelle 2025",
        "data_source_sv": "Ansökningar till en annan skola än närskolan för höstterminen 2025",
        "data_source_en": "Applications to a school other than the local school for the autumn term 2025",
        "baseline_text_fi": "Hakemukset muuhun kuin lähikouluun syyslukukaudelle 2025",
        "target_text_fi": "Tarkennetaan, kun lähtöarvo tiedossa. Tavoitteena pienenevä suunta.",
        "target_text_sv": "Preciseras när utgångsvärdet är känt. Målet är en minskande trend.",
        "target_text_en": "To be specified once the baseline is known. The aim is a decreasing trend.",
        "cells": [
            _cell("1. ja 7. luokka", "Årskurs 1 och 7", "Grades 1 and 7", baseline_year=2025,
                  baseline_source="Hakemukset muuhun kuin lähikouluun syyslukukaudelle 2025",
                  target_kind=TargetKind.DIRECTION, target_direction=Direction.DECREASING),
        ],
    },
    {
        "goal": 3, "code": "3.3", "order": 3, "unit": IndicatorUnit.PERCENT,
        "name_fi": "Lähikoulua käyvien osuus perusopetuksen oppilaista",
        "name_sv": "Andelen elever i den grundläggande utbildningen som går i närskolan",
        "name_en": "Share of basic-education pupils attending their local school",
        "data_source_fi": "Primus",
        "data_source_sv": "Primus",
        "data_source_en": "Primus (student register)",
        "baseline_text_fi": "Primus: 76,82 % Espoon suomenkielisten peruskoulujen oppilaista käy lähikoulua "
                            "(3/2026)",
        "target_text_fi": "78 %. Tarkennetaan, kun ruotsinkielisten koulujen lähtöarvo saatu.",
        "target_text_sv": "78 %. Preciseras när utgångsvärdet för de svenskspråkiga skolorna har erhållits.",
        "target_text_en": "78 %. To be specified once the baseline of the Swedish-language schools is available.",
        "cells": [
            _cell("Suomenkieliset peruskoulut", "Finskspråkiga grundskolor", "Finnish-language basic education "
                  "schools", baseline_value=Decimal("76.82"), baseline_year=2026,
                  baseline_date=dt.date(2026, 3, 31), baseline_source="Primus (3/2026)",
                  target_kind=TargetKind.NUMBER, target_value=Decimal(78), target_year=2029),
            _cell("Ruotsinkieliset peruskoulut", "Svenskspråkiga grundskolor", "Swedish-language basic education "
                  "schools"),
        ],
    },
    {
        # counted from the campaigns and actions carried out (their evaluation is the qualitative part), like the
        # pilots of 1.1, 2.1 and 3.1; the target "a communication campaign carried out" is one by the final report
        "goal": 3, "code": "3.4", "order": 4, "unit": IndicatorUnit.COUNT,
        "name_fi": "Toteutuneet viestinnän toimenpiteet tai kampanjat ja niiden vaikutuksen laadullinen arviointi",
        "name_sv": "Genomförda kommunikationsåtgärder eller kampanjer och en kvalitativ bedömning av deras effekt",
        "name_en": "Communication actions or campaigns carried out, and a qualitative assessment of their effect",
        "data_source_fi": "Havainnot ja palautteet",
        "data_source_sv": "Observationer och respons",
        "data_source_en": "Observations and feedback",
        "baseline_text_fi": "Havainnot ja palautteet",
        "target_text_fi": "Viestintäkampanja toteutettu, myönteinen vaikutus asenteisiin.",
        "target_text_sv": "En kommunikationskampanj har genomförts, positiv effekt på attityderna.",
        "target_text_en": "A communication campaign carried out, a positive effect on attitudes.",
        "cells": [_campaign_cell(1)],
    },
]

PROJECTS = [
    {
        "name_fi": "20–29-vuotiaiden osallisuuden vahvistaminen alueellisilla toimenpiteillä, pilottialueena "
                   "Leppävaara",
        "name_sv": (
            'Stärkande av delaktigheten bland 20–29-åringar genom regionala åtgärder, med Alberga som '
            'pilotområde'
        ),
        "name_en": (
            'Strengthening the inclusion of 20–29-year-olds through local actions, with Leppävaara as '
            'the pilot area'
        ),
        "goals": [1],
        "intended_outputs": "Toimenpiteitä ja kokeiluja, joilla lisätään kohderyhmän osallistumis- ja "
                            "vaikuttamismahdollisuuksia ja vahvistetaan osallisuuden kokemusta. Mallinnus, joka "
                            "skaalattavissa laajempaan toteutukseen.",
        "partners": "Nuorisopalvelut, kaupunkisuunnittelukeskus, Hyteo-tiimi, alueen toimijat ja järjestöt, "
                    "oppilaitokset ym.",
        "cost_note": "Tarkentuu suunnittelun edetessä. Projektin laajuus määritellään käytössä olevien resurssien "
                     "mukaan.",
        "target_groups": [TargetGroup.YOUNG_ADULTS],
        "areas": ["Leppävaara"],
    },
    {
        "name_fi": "Espoo ihmisoikeuskaupunkina – ihmisoikeuksien nykytilakartoituksen toteuttaminen.",
        "name_sv": 'Esbo som människorättsstad – en kartläggning av nuläget för de mänskliga rättigheterna.',
        "name_en": 'Espoo as a human rights city – a survey of the current state of human rights.',
        "goals": [1],
        "intended_outputs": "Vahvistetaan ja tehdään näkyväksi ihmisoikeusperustaista lähestymistapaa toimintaan, "
                            "palveluihin ja päätöksentekoon. Kartoituksen myötä mahdollisuus liittyä eurooppalaiseen "
                            "Human Rights Cities -verkostoon.",
        "partners": "Kestävän kehityksen osaamiskeskus, KOHA moninaisuus- ja osallisuusasiat",
        "cost_note": "8000–10000 kartoituksen teettäminen opinnäytetyönä tai korkeakouluharjoitteluna",
        "planned_cost_min": Decimal(8000), "planned_cost_max": Decimal(10000),
        "target_groups": [],
        "areas": [],
    },
    {
        "name_fi": "Kaikille avoimen toiminnallisen kohtaamisalustan pilotointi Leppävaaran Kameleontenissa",
        "name_sv": 'Pilotförsök med en aktiverande mötesplattform öppen för alla i Kameleonten i Alberga',
        "name_en": 'Piloting an activity-based meeting platform open to everyone at Kameleontti in Leppävaara',
        "goals": [2],
        "intended_outputs": "Alueellisen kohtaamisalustan malli lapsille, nuorille ja perheille",
        "partners": "Liikuntapalvelut, Hello Espoo, nuorisopalvelut, Hyteo-tiimi, järjestöt ym.",
        "cost_note": "Vakiovuoro + tuotanto. Tarkentuu suunnittelun edetessä.",
        "target_groups": [TargetGroup.CHILDREN, TargetGroup.YOUNG_PEOPLE],
        "areas": ["Leppävaara"],
    },
    {
        "name_fi": "Kaupunkitilan elävöittäminen liikunnallisin keinoin: elävä kaupunkiaukio Entressen "
                   "ylätasanteelle",
        "name_sv": 'Att ge liv åt stadsrummet med hjälp av motion: ett levande stadstorg på Entresses övre plan',
        "name_en": (
            "Bringing urban space to life through physical activity: a lively city square on Entresse's"
            ' upper level'
        ),
        "goals": [2],
        "intended_outputs": "Uusi elävä kaupunkitila ja alueellisen kohtaamisalustan malli kaikenikäisille",
        "partners": "Liikuntapalvelut, kulttuuripalvelut/kirjasto, Entressen kauppakeskus, nuorisopalvelut, muut "
                    "paikalliset toimijat",
        "cost_note": "Suunnittelu 10000-20000 + investointi rakenteisiin",
        # The planning costs 10 000–20 000 €; the investment has no figure, so there is no upper estimate.
        "planned_cost_min": Decimal(10000),
        "target_groups": [],
        "areas": ["Espoon keskus"],
    },
    {
        "name_fi": "Ikääntyneiden ja sukupolvet yhdistävän kohtaamistoimintamallin kehittäminen, pilottialueena "
                   "Matinkylä",
        "name_sv": 'Utveckling av en modell för möten för äldre och mellan generationer, med Mattby som pilotområde',
        "name_en": (
            'Developing a model of encounters for older people and across generations, with Matinkylä '
            'as the pilot area'
        ),
        "goals": [2],
        "intended_outputs": "Kohtaamistoimintamalli ikääntyneille, sisältäen ylisukupolviset kohtaamiset",
        "partners": "Kartoitetaan toimijoita 2026 aikana",
        "cost_note": "Ei kustannuksia ensimmäisenä vuonna, taustaselvityksiä ja valmistelua",
        "planned_cost_min": Decimal(0), "planned_cost_max": Decimal(0),
        "target_groups": [TargetGroup.OLDER_PEOPLE],
        "areas": ["Matinkylä", "Matinkylä-Olari"],
    },
    {
        "name_fi": "Kaupungin yhteisen segregaatiotietopohjan kehittäminen",
        "name_sv": 'Utveckling av stadens gemensamma kunskapsbas om segregation',
        "name_en": "Developing the city's shared knowledge base on segregation",
        "goals": [2, 3],
        "intended_outputs": "Poikkitoimialainen malli alueiden kehityksen seurantaan ja segregatiovaikutusten "
                            "arviointiin",
        "partners": "KOTO, KYT, strateginen kehittäminen ja tietojohdaminen",
        "cost_note": "Tarkentuu suunnittelun edetessä",
        "target_groups": [],
        "areas": [],
    },
]

BUDGET_2026 = [
    ("Henkilöstökulut", "Personalkostnader", "Staff costs", 77000),
    ("Kokouspalkkiot", "Mötesarvoden", "Meeting fees", 25000),
    ("Muut kokouskulut: tilat ja tarjoilut", "Övriga möteskostnader: lokaler och servering",
     "Other meeting costs: premises and catering", 10000),
    ("Projektien ja toimenpiteiden toteutus: asiantuntijapalvelut, selvitykset, viestintä",
     "Genomförande av projekt och åtgärder: experttjänster, utredningar, kommunikation",
     "Carrying out projects and actions: expert services, studies, communication", 88000),
]

RISKS = [
    {
        "category": RiskCategory.EXPECTATIONS,
        "title_fi": "Asukkaiden ja sidosryhmien odotuksiin sekä tarpeiden tunnistamiseen liittyvät riskit",
        "title_sv": "Risker som gäller invånarnas och intressentgruppernas förväntningar och identifieringen av "
                    "behov",
        "title_en": "Risks related to the expectations of residents and stakeholders and to identifying needs",
        "description": "Asukkaille tai sidosryhmille syntyy virheellinen tai ylimitoitettu kuva "
                       "vaikuttamismahdollisuuksista, mikä voi johtaa pettymyksiin tai osallistumisen hiipumiseen. "
                       "Lisäksi riskinä on, että kehitetyt ideat eivät vastaa kohderyhmien todellisia tarpeita tai "
                       "että asukkaat eivät innostu osallistumaan.",
        "mitigation": "Riskejä hallitaan viestimällä avoimesti ja realistisesti tavoitteista, rajoista ja "
                      "mahdollisuuksista sekä valitsemalla tarkoituksenmukaiset menetelmät osallistumiseen ja "
                      "yhteiskehittämiseen.",
    },
    {
        "category": RiskCategory.COMMUNICATION,
        "title_fi": "Viestintään ja tavoitavuuteen liittyvät riskit",
        "title_sv": "Risker som gäller kommunikation och räckvidd",
        "title_en": "Risks related to communication and reach",
        "description": "Viestintä ei ole riittävää, selkeää tai kiinnostavaa tai viestitään kanavissa, jotka "
                       "eivät tavoita oikeita kohderyhmiä.",
        "mitigation": "Riskiä hallitaan viestimällä suunnitelmallisesti ja monikanavaisesti, hyödyntämällä "
                      "kumppaneita viestien välittämisessä sekä arvioimalla viestintää säännöllisesti palautteen "
                      "pohjalta.",
    },
    {
        "category": RiskCategory.SEGREGATION,
        "title_fi": "Segregaation kehitykseen liittyvät riskit",
        "title_sv": "Risker som gäller segregationens utveckling",
        "title_en": "Risks related to the development of segregation",
        "description": "Eriarvoisuus ja esimerkiksi kielitaidon ja oppimisen eriytyminen voivat vahvistua, mikä "
                       "heikentää ohjelman tavoitteita. Lisäksi riskinä on, että päättäjät eivät ole valmiita "
                       "tekemään segregaatiota vähentäviä päätöksiä.",
        "mitigation": "Riskejä vähennetään tuottamalla ja viestimällä päätöksentekijöille tietoa segregaation "
                      "vaikutuksista sekä vaikuttavista keinoista sen torjumiseen. Rakennetaan tiivistä "
                      "vuoropuhelua poliittisten päättäjien, viranhaltijoiden ja sidosryhmien kanssa sekä "
                      "linkitetään ohjelman tavoitteet ja tekeminen kaupungin strategiaan ja muihin ohjelmiin.",
    },
    {
        "category": RiskCategory.RESOURCES,
        "title_fi": "Resursseihin ja toteuttamiskykyyn liittyvät riskit",
        "title_sv": "Risker som gäller resurser och genomförandeförmåga",
        "title_en": "Risks related to resources and the capacity to deliver",
        "description": "Käytettävissä olevat resurssit eivät riitä suunniteltujen toimenpiteiden toteuttamiseen "
                       "riittävässä laajuudessa, mikä voi heikentää ohjelman vaikuttavuutta.",
        "mitigation": "Riskiä hallitaan priorisoimalla ja kohdentamalla toimenpiteitä, etsimällä ulkoista "
                      "rahoitusta ja kumppanuuksia sekä vaiheistamalla toimenpiteitä.",
    },
]

COUNCIL_REPORT_FI = (
    "Poikkihallinnollisten kehitysohjelmien etenemisestä raportoidaan valtuustolle säännöllisesti; 31.12. "
    "tilanteesta raportoidaan samanaikaisesti tilinpäätöksen kanssa. Raportoinnin painopiste on projektien ja "
    "toimenpiteiden tuotoksissa ja hyötytavoitteiden toteutumisessa. Vuodenvaihteen raportointien yhteydessä "
    "kuvataan myös suunnitellut projektit ja toimenpiteet seuraavalle toteutusvuodelle.")
COUNCIL_REPORT_SV = (
    "Fullmäktige får regelbundet rapporter om hur de sektorsövergripande utvecklingsprogrammen framskrider; läget "
    "den 31 december rapporteras samtidigt med bokslutet. Rapporteringen fokuserar på projektens och åtgärdernas "
    "resultat och på hur nyttomålen uppnås. I samband med rapporteringen vid årsskiftet beskrivs också de projekt "
    "och åtgärder som planeras för följande genomförandeår.")
COUNCIL_REPORT_EN = (
    "The council receives regular reports on the progress of the cross-administrative development programmes; the "
    "situation at 31 December is reported together with the financial statements. The reports focus on the "
    "outputs of the projects and actions and on the achievement of the benefit goals. The year-end reports also "
    "describe the projects and actions planned for the next year.")

DEADLINES = [
    *[{
        "kind": DeadlineKind.COUNCIL_REPORT, "year": year, "date": dt.date(year, 12, 31),
        "title_fi": f"Raportti valtuustolle tilanteesta 31.12.{year}",
        "title_sv": f"Rapport till fullmäktige om läget 31.12.{year}",
        "title_en": f"Report to the council on the situation at 31 December {year}",
        "description_fi": COUNCIL_REPORT_FI + (" Ensimmäisen kerran raportoidaan 31.12.2026 tilanteesta."
                                               if year == 2026 else ""),
        "description_sv": COUNCIL_REPORT_SV + (" Den första rapporten gäller läget 31.12.2026."
                                               if year == 2026 else ""),
        "description_en": COUNCIL_REPORT_EN + (" The first report covers the situation at 31 December 2026."
                                               if year == 2026 else ""),
    } for year in (2026, 2027, 2028)],
    {
        "kind": DeadlineKind.MID_TERM_REVIEW, "year": 2027, "date": dt.date(2027, 7, 31),
        "title_fi": "Puolivälitarkastelu", "title_sv": "Halvtidsöversyn", "title_en": "Mid-term review",
        "description_fi": "31.7.2027 tehdään laajempi puolivälitarkastelu, jossa arvioidaan tilannetta, tuloksia, "
                          "hyötytavoitteiden toteutumisnäkymiä ja toimintaympäristön muutoksia. (Suunnitelman "
                          "taulukossa 2 puolivälitarkastelun ajankohdaksi on merkitty 9/27.)",
        "description_sv": "Den 31 juli 2027 görs en mer omfattande halvtidsöversyn där man bedömer läget, "
                          "resultaten, utsikterna att nå nyttomålen och förändringarna i omvärlden. (I planens "
                          "tabell 2 anges tidpunkten för halvtidsöversynen som 9/27.)",
        "description_en": "On 31 July 2027 a broader mid-term review assesses the situation, the results, the "
                          "outlook for the benefit goals and changes in the operating environment. (Table 2 of the "
                          "plan gives 9/27 as the time of the mid-term review.)",
    },
    {
        "kind": DeadlineKind.FINAL_REPORT, "year": 2029, "date": None,
        "when_fi": "alkuvuosi 2029", "when_sv": "början av 2029", "when_en": "early 2029",
        "title_fi": "Ohjelman loppuraportti", "title_sv": "Programmets slutrapport",
        "title_en": "Final report of the programme",
        "description_fi": "Ohjelman loppuraportti valmistuu alkuvuodesta 2029. Ohjelmakauden vaikuttavuuden "
                          "arviointi, suositukset jatkoon ja suunnitelma ohjelman oppien hyödyntämiseksi.",
        "description_sv": "Programmets slutrapport blir klar i början av 2029. Bedömning av programperiodens "
                          "effekter, rekommendationer för fortsättningen och en plan för hur lärdomarna tas "
                          "tillvara.",
        "description_en": "The final report of the programme is completed early in 2029: an assessment of the "
                          "programme period’s impact, recommendations for the future and a plan for using what the "
                          "programme has learnt.",
    },
]


def _city_centres() -> dict[str, Area]:
    centres = {}
    for code, name_fi, name_sv in CITY_CENTRES:
        area = Area.objects.filter(level=AreaLevel.CITY_CENTRE, name_fi=name_fi).first()
        if area is None:
            area, _created = Area.objects.get_or_create(
                level=AreaLevel.CITY_CENTRE, code=code, defaults={"name_fi": name_fi, "name_sv": name_sv})
        centres[name_fi] = area
    return centres


def _areas_named(names: list[str], centres: dict[str, Area]) -> list[Area]:
    """Every area whose Finnish name matches (any level), plus the city centre of that name."""
    found = {a.pk: a for a in Area.objects.filter(name_fi__in=names)}
    for name in names:
        if name in centres:
            found[centres[name].pk] = centres[name]
    return list(found.values())


# The other three cross-sectoral development programmes of the council term 2025–2029, as the plan names them
# (§ "Yhteydet muuhun työhön"). Empty shells with their Finnish names only: the plan gives no Swedish or English
# names, goals or figures for them, so none are invented here.
OTHER_PROGRAMMES = [
    ("kestava-ja-luonnonlaheinen-espoo", "Kestävä ja luonnonläheinen Espoo"),
    ("tapahtumien-espoo", "Tapahtumien Espoo"),
    ("yritysten-ja-yrittajyyden-espoo", "Yritysten ja yrittäjyyden Espoo"),
]


@transaction.atomic
def load(stdout) -> None:
    programme = Programme.objects.default()  # Communal Espoo, created by the migration; shown by default
    for slug, name_fi in OTHER_PROGRAMMES:
        Programme.objects.get_or_create(slug=slug, defaults={"name_fi": name_fi, "start_year": 2025,
                                                             "end_year": 2029, "is_default": False})
    centres = _city_centres()
    goals = {}
    for data in GOALS:
        goal, _created = BenefitGoal.objects.get_or_create(number=data["number"], programme=programme,
                                                           defaults=data)
        goals[goal.number] = goal

    cell_count = 0
    for data in INDICATORS:
        data = dict(data)
        cells = data.pop("cells")
        goal = goals[data.pop("goal")]
        low, high = UNIT_SCALES[data["unit"]]
        indicator, _created = Indicator.objects.get_or_create(
            code=data["code"], programme=programme,
            defaults={**data, "goal": goal, "scale_min": low, "scale_max": high})
        if indicator.scale_min is None and indicator.scale_max is None and (low, high) != (None, None):
            Indicator.objects.filter(pk=indicator.pk).update(scale_min=low, scale_max=high)
        by_label = {}
        for order, cell_data in enumerate(cells, start=1):
            cell_data = dict(cell_data)
            reference = cell_data.pop("reference", None)
            area_name = cell_data.pop("area", None)
            cell_data["area"] = centres.get(area_name) if area_name else None
            if reference:
                cell_data["reference_cell"] = by_label[reference]
            if cell_data["disaggregation"] in (Disaggregation.AGE_GROUP, Disaggregation.POPULATION_GROUP):
                cell_data.setdefault("population_group", cell_data["label_fi"])
                cell_data.setdefault("group", CELL_GROUPS.get(cell_data["label_fi"], ""))
            if cell_data.get("baseline_year"):
                # The plan: the mid-term review of 31.7.2027 assesses the benefit goals; surveys are repeated then.
                cell_data.setdefault("next_measurement_year", NEXT_MEASUREMENT_YEAR)
            cell = IndicatorCell.objects.filter(indicator=indicator, label_fi=cell_data["label_fi"]).first()
            if cell is not None and cell.next_measurement_year is None and cell_data.get("next_measurement_year"):
                IndicatorCell.objects.filter(pk=cell.pk).update(next_measurement_year=NEXT_MEASUREMENT_YEAR)
            if cell is None:
                cell = IndicatorCell(indicator=indicator, order=order, **cell_data)
                cell.full_clean()
                cell.save()
            by_label[cell.label_fi] = cell
            cell_count += 1

    for data in PROJECTS:
        data = dict(data)
        goal_numbers = data.pop("goals")
        groups = data.pop("target_groups")
        area_names = data.pop("areas")
        if not Project.objects.filter(name_fi=data["name_fi"]).exists():
            project = Project(**data, year=2026, status=ProjectStatus.APPROVED,
                              proposer_type=ProposerType.CITY_UNIT)
            project.full_clean()
            project.save()
            project.goals.set([goals[n] for n in goal_numbers])
            project.target_areas.set(_areas_named(area_names, centres))
            ProjectTargetGroup.objects.bulk_create([ProjectTargetGroup(project=project, group=g) for g in groups])

    budget_year, _created = BudgetYear.objects.get_or_create(
        year=2026, programme=programme, defaults={"total": Decimal(200000),
                             "source_note": f"{PLAN}, luku 6: Vuoden 2026 käyttösuunnitelma. Talousarvion "
                                            "yhteydessä ohjelmatyölle on varattu 200 000 € vuodelle 2026."})
    for order, (name_fi, name_sv, name_en, amount) in enumerate(BUDGET_2026, start=1):
        BudgetLine.objects.get_or_create(
            budget_year=budget_year, name_fi=name_fi,
            defaults={"name_sv": name_sv, "name_en": name_en, "amount": Decimal(amount), "order": order})

    for data in RISKS:
        Risk.objects.get_or_create(title_fi=data["title_fi"], programme=programme, defaults=data)

    for data in DEADLINES:
        ReportingDeadline.objects.get_or_create(kind=data["kind"], year=data["year"], programme=programme,
                                                defaults=data)
    demo_progress.load(stdout)
    demo_intake.load(stdout)
    demo_workplan.load()
    demo_funding.load(stdout)
    demo_comms.load(stdout)

    stdout.write(
        f"Programme: {BenefitGoal.objects.count()} benefit goals, {Indicator.objects.count()} indicators, "
        f"{IndicatorCell.objects.count()} indicator cells, {Project.objects.count()} projects, budget 2026 "
        f"{budget_year.total:.0f} € in {budget_year.lines.count()} lines, {Risk.objects.count()} risks, "
        f"{ReportingDeadline.objects.count()} reporting deadlines (from the plan of 13.4.2026)\n")
