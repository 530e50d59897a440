"""Demo content for communication: one news item on the first 2026 project; the communication plan drawn from the
programme plan's section 8 (Viestintä; the separate communication plan it mentions is not public, so the key
messages and audiences are our summary of that section); a programme campaign carried out and evaluated and a
running campaign of the first project, invented for the demo and saying so. A database loaded before indicator 3.4
counted campaigns gets its 3.4 cell turned into a count of campaigns. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from yhteiso.programme import services_comms
from yhteiso.programme.models import (
    PROGRAMME_START,
    UNIT_SCALES,
    CommsPlan,
    CommsStatus,
    Indicator,
    IndicatorUnit,
    Programme,
    Project,
    ProjectNews,
    TargetKind,
)

TITLE = "Kohtaamisillat alkoivat Leppävaarassa"
BODY = ("Ensimmäiset kohtaamisillat 20–29-vuotiaille pidettiin syyskuussa Leppävaarassa. Seuraava ilta on "
        "lokakuussa; kaikki alueen nuoret aikuiset ovat tervetulleita.\n\n(Esimerkkiuutinen demoa varten.)")
DEMO_NOTE = "(Esimerkki demoa varten.)"

PLAN = {
    "goals_fi": "Alkuvaiheessa ohjelman sisäinen näkyvyys ja tunnettuus kaikilla toimialoilla, jotta kaupungin "
                "työntekijät ja yksiköt tunnistavat ohjelman tarjoamat mahdollisuudet kehittämisessä.\n\n"
                "Yhteistyökumppaneiden tavoittaminen ja aktivointi; kumppaneiden ja asukkaiden tarpeiden, "
                "kokemusten ja yhteistyömahdollisuuksien tunnistaminen.\n\n"
                "Toimenpiteiden edetessä viestitään niiden tuotoksista ja vaikutuksista.",
    "goals_sv": "I början programmets interna synlighet och kännedom inom alla sektorer, så att stadens anställda "
                "och enheter ser vilka möjligheter programmet erbjuder för utveckling.\n\n"
                "Att nå och aktivera samarbetspartner; att identifiera partners och invånares behov, erfarenheter "
                "och möjligheter till samarbete.\n\n"
                "När åtgärderna framskrider berättar vi om deras resultat och effekter.",
    "goals_en": "At first, the programme's visibility and recognition inside every sector of the city, so that "
                "the city's staff and units see what the programme offers for development.\n\n"
                "Reaching and activating partners; identifying the needs, experiences and opportunities for "
                "cooperation of partners and residents.\n\n"
                "As the actions progress, communicating their outputs and effects.",
    "key_messages_fi": "Ohjelmatyö tuo lisäarvoa kaupungin, yhteisöjen ja asukkaiden yhteisiin ratkaisuihin.\n\n"
                       "Segregaation vaikutukset koskevat meitä kaikkia – jokainen voi edistää osallisuutta, "
                       "yhteisöllisyyttä ja turvallisuutta.",
    "key_messages_sv": "Programarbetet ger mervärde åt lösningar som staden, gemenskaperna och invånarna tar fram "
                       "tillsammans.\n\nSegregationens effekter berör oss alla – var och en kan främja delaktighet, "
                       "gemenskap och trygghet.",
    "key_messages_en": "The programme adds value to solutions the city, communities and residents create "
                       "together.\n\nThe effects of segregation concern us all – everyone can promote inclusion, "
                       "community and safety.",
    "audiences_fi": "Kaupungin työntekijät ja yksiköt kaikilla toimialoilla; yhteistyökumppanit ja järjestöt; "
                    "asukkaat, erityisesti ohjelman painopisteryhmät.",
    "audiences_sv": "Stadens anställda och enheter inom alla sektorer; samarbetspartner och organisationer; "
                    "invånarna, särskilt programmets prioriterade grupper.",
    "audiences_en": "The city's staff and units in every sector; partners and organisations; residents, above all "
                    "the programme's priority groups.",
}


def _upgrade_indicator_3_4() -> None:
    """A database loaded before 3.4 counted campaigns: its qualitative cell becomes a count of campaigns (only if
    nobody has measured it)."""
    indicator = Indicator.objects.filter(code="3.4", unit=IndicatorUnit.QUALITATIVE,
                                         programme=Programme.objects.default()).first()
    if indicator is None or indicator.cells.filter(measurements__isnull=False).exists():
        return
    low, high = UNIT_SCALES[IndicatorUnit.COUNT]
    Indicator.objects.filter(pk=indicator.pk).update(unit=IndicatorUnit.COUNT, scale_min=low, scale_max=high)
    indicator.cells.filter(target_kind=TargetKind.QUALITATIVE).update(
        target_kind=TargetKind.CAMPAIGN_COUNT, target_value=Decimal(1), target_year=2029, baseline_year=2026,
        baseline_date=PROGRAMME_START)


def load(stdout) -> None:
    _upgrade_indicator_3_4()
    project = Project.objects.filter(name_fi__startswith="20–29-vuotiaiden").order_by("id").first()
    if project is not None and not ProjectNews.objects.filter(project=project, title=TITLE).exists():
        item = ProjectNews(project=project, title=TITLE, body=BODY, published_on=dt.date(2026, 9, 20))
        item.full_clean()
        item.save()
        stdout.write("Communication: an example news item on the first project\n")
    staff = get_user_model().objects.filter(username="ohjelmapaallikko").first()
    if staff is None or CommsPlan.objects.exists():
        return
    services_comms.comms_plan_save(actor=staff, programme=None, **PLAN)
    services_comms.comms_campaign_save(
        actor=staff, project=None, kind="campaign", title_fi="Yhteisöllinen Espoo tutuksi kaupungin työntekijöille",
        title_sv="Gemenskapliga Esbo blir bekant för stadens anställda",
        title_en="Getting to know Communal Espoo: a campaign for the city's staff",
        status=CommsStatus.COMPLETED, start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 4, 30),
        channels=["web", "newsletter", "event"], audiences="Kaupungin työntekijät kaikilla toimialoilla",
        reach_people=1850, reach_source="Intranetin lukijatilasto ja tilaisuuksien osallistujamäärät",
        evaluation="Intranet-juttu ja toimialojen infot tavoittivat hyvin; projekti-ideoita tuli 14. Uutiskirje "
                   f"jäi vähälle lukemiselle. {DEMO_NOTE}", rating=4)
    owner = project.responsible_user if project is not None else None
    if project is not None and owner is not None:
        services_comms.comms_campaign_save(
            actor=owner, project=project, kind="campaign", title_fi="Kohtaamisillat somessa",
            status=CommsStatus.RUNNING, start_date=dt.date(2026, 9, 1), channels=["social_media", "printed"],
            audiences="20–29-vuotiaat Leppävaarassa", reach_people=2400,
            reach_source="Somepalvelun tavoittavuustilasto", evaluation="")
    stdout.write("Communication: the communication plan and two example campaigns\n")
