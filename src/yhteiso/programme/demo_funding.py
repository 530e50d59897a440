"""Demo content for money and partners.

PROVENANCE: the partner and stakeholder groups and their roles are Table 3 of the programme plan of 13.4.2026
(Yhteisöllinen Espoo -kehitysohjelman ohjelmasuunnitelma, section 8), copied word for word in Finnish; the Swedish and
English texts are our translations. The organisations linked to projects are the "key actors and partners" the plan's
Annex 1 names for the 2026 projects (and the groups Table 3 names).

EXAMPLES: the funding applications, the organisations' project roles in detail and the in-kind hours are invented
for the demo (the plan says external funding sources are mapped and applied for during 2026, Table 2, and gives no
figures). Every such row says so in its note ("Esimerkki demoa varten"). No person is named: partners have a contact
role only.

Idempotent: rows are looked up by their natural keys and created only when missing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from yhteiso.programme.models import (
    FundingApplication,
    InKindWork,
    Partner,
    Project,
    ProjectPartner,
    StakeholderGroup,
)
from yhteiso.programme.models_funding import FundingSourceKind, FundingStatus, PartnerKind, PartnerRole, WorkMeasure

EXAMPLE = "Esimerkki demoa varten."

#: Table 3: (name fi, sv, en; role fi, sv, en).
GROUPS = [
    ("Asukkaat, yhdistykset, alueelliset yhteisöt", "Invånare, föreningar, regionala gemenskaper",
     "Residents, associations, local communities",
     "Alueellisten tarpeiden tunnistaminen, arjen yhteisöllisyyden rakentaminen, ohjelmatyön juurtumisen "
     "vahvistaminen",
     "Identifiera regionala behov, bygga gemenskap i vardagen, stärka att programarbetet slår rot",
     "Identifying local needs, building everyday community, helping the programme's work take root"),
    ("Järjestöt", "Organisationer", "Non-governmental organisations",
     "Kohderyhmien tavoittaminen, toimenpiteiden toteuttaminen, tavoitteiden jalkauttaminen",
     "Nå målgrupperna, genomföra åtgärder, omsätta målen i praktiken",
     "Reaching the target groups, carrying out actions, putting the goals into practice"),
    ("Oppilaitokset", "Läroanstalter", "Educational institutions",
     "Yhteiskehittäminen", "Samutveckling", "Co-development"),
    ("Espoon asunnot", "Esbo bostäder", "Espoon Asunnot (city housing company)",
     "Tiedon tuottaminen, uusien ratkaisujen kehittäminen, tilojen käytön mahdollistaja",
     "Producera kunskap, utveckla nya lösningar, möjliggöra användning av lokaler",
     "Producing knowledge, developing new solutions, making spaces available"),
    ("Seurakunnat, uskonnolliset yhteisöt", "Församlingar, religiösa samfund", "Parishes, religious communities",
     "Kohderyhmien tavoittaminen, toimenpiteiden toteuttaminen, tavoitteiden jalkauttaminen",
     "Nå målgrupperna, genomföra åtgärder, omsätta målen i praktiken",
     "Reaching the target groups, carrying out actions, putting the goals into practice"),
    ("Länsi-Uudenmaan hyvinvointialue", "Västra Nylands välfärdsområde", "Western Uusimaa Wellbeing Services County",
     "Tiedon tuottaminen, yhteistyökumppani toimenpiteiden toteuttamisessa",
     "Producera kunskap, samarbetspartner i genomförandet av åtgärder",
     "Producing knowledge, a partner in carrying out actions"),
    ("Kaupungin sisäiset ja kaupungin koordinoimat monialaiset verkostot",
     "Stadens interna och av staden koordinerade sektorsövergripande nätverk",
     "The city's internal and city-coordinated cross-sectoral networks",
     "Tiedon jakaminen, yhteinen ideointi, kohderyhmien tavoittaminen",
     "Dela kunskap, gemensamt idéarbete, nå målgrupperna",
     "Sharing knowledge, joint ideation, reaching the target groups"),
    ("Muut kunnat ja kaupungit, kansalliset verkostot", "Andra kommuner och städer, nationella nätverk",
     "Other municipalities and cities, national networks",
     "Vertaisoppiminen, osaamisen jakaminen, hyvät käytännöt",
     "Kamratlärande, dela kunnande, goda praxis",
     "Peer learning, sharing expertise, good practice"),
    ("Kansainväliset verkostot ja kumppanit", "Internationella nätverk och partner",
     "International networks and partners",
     "Vertaisoppiminen, hyvien käytäntöjen jakaminen, mahdolliset kumppanuudet rahoitushauissa",
     "Kamratlärande, dela goda praxis, möjliga partnerskap i finansieringsansökningar",
     "Peer learning, sharing good practice, possible partnerships in funding calls"),
    ("Kotimaiset ja kansainväliset rahoittajakumppanit", "Inhemska och internationella finansiärer",
     "Domestic and international funding partners",
     "Projektien rahoittaminen ja ohjaus, tuki kumppanuuksien rakentamiseen",
     "Finansiera och styra projekt, stöd för att bygga partnerskap",
     "Funding and steering projects, support for building partnerships"),
    ("Yritykset", "Företag", "Companies",
     "Osaamisen tuominen, kumppanuudet kokeiluissa ja yhteiskehittämisessä",
     "Tillföra kunnande, partnerskap i försök och samutveckling",
     "Bringing expertise, partnerships in trials and co-development"),
]

# Projects of Annex 1, by the start of their Finnish name.
YOUNG_ADULTS = "20–29-vuotiaiden osallisuuden vahvistaminen"
HUMAN_RIGHTS = "Espoo ihmisoikeuskaupunkina"
KAMELEONTEN = "Kaikille avoimen toiminnallisen kohtaamisalustan"
ENTRESSE = "Kaupunkitilan elävöittäminen liikunnallisin keinoin"
KNOWLEDGE_BASE = "Kaupungin yhteisen segregaatiotietopohjan"

#: (name, kind, group index in GROUPS or None, contact role, [(project, role, note)]). Names from Annex 1/Table 3.
PARTNERS = [
    ("Nuorisopalvelut", PartnerKind.CITY_UNIT, 6, "aluekoordinaattori",
     [(YOUNG_ADULTS, PartnerRole.IMPLEMENTATION, "alueellisten toimenpiteiden toteutus"),
      (KAMELEONTEN, PartnerRole.REACHING, "nuorten tavoittaminen")]),
    ("Liikuntapalvelut", PartnerKind.CITY_UNIT, 6, "liikuntapaikkasuunnittelija",
     [(KAMELEONTEN, PartnerRole.IMPLEMENTATION, "vakiovuoro ja tuotanto"),
      (ENTRESSE, PartnerRole.IMPLEMENTATION, "kaupunkiaukion suunnittelu")]),
    ("Kestävän kehityksen osaamiskeskus", PartnerKind.CITY_UNIT, 6, "asiantuntija",
     [(HUMAN_RIGHTS, PartnerRole.IMPLEMENTATION, "nykytilakartoituksen teettäminen")]),
    ("Hello Espoo", PartnerKind.ASSOCIATION, 1, "tuottaja",
     [(KAMELEONTEN, PartnerRole.CO_DEVELOPMENT, "kohtaamisalustan sisällöt")]),
    ("Entressen kauppakeskus", PartnerKind.COMPANY, 10, "kauppakeskuksen johto",
     [(ENTRESSE, PartnerRole.SPACES, "ylätasanne kaupunkiaukioksi")]),
    ("Länsi-Uudenmaan hyvinvointialue", PartnerKind.PUBLIC_BODY, 5, "yhteistyökoordinaattori",
     [(KNOWLEDGE_BASE, PartnerRole.KNOWLEDGE, "hyvinvointitiedon tuottaminen")]),
    ("Espoon Asunnot Oy", PartnerKind.COMPANY, 3, "asukastoiminnan koordinaattori",
     [(KNOWLEDGE_BASE, PartnerRole.KNOWLEDGE, "asukasrakennetieto")]),
    ("Espoon seurakuntayhtymä", PartnerKind.PARISH, 4, "diakoniatyön yhteyshenkilö", []),
    ("Omnia", PartnerKind.SCHOOL, 2, "opiskelijahyvinvoinnin yhteyshenkilö",
     [(YOUNG_ADULTS, PartnerRole.CO_DEVELOPMENT, "opiskelijat mukaan yhteiskehittämiseen")]),
]

#: (source kind, funder, call, deadline, applied, granted, status, decision date, projects).
FUNDING = [
    (FundingSourceKind.STATE, "Opetus- ja kulttuuriministeriö", "Nuorisotyön kehittämisavustus (esimerkkihaku)",
     dt.date(2026, 3, 31), "40000", "25000", FundingStatus.GRANTED, dt.date(2026, 6, 12), [YOUNG_ADULTS]),
    (FundingSourceKind.FOUNDATION, "Yksityinen säätiö (esimerkki)", "Yhteisöllisyyttä edistävät kokeilut",
     dt.date(2026, 4, 30), "15000", None, FundingStatus.REJECTED, dt.date(2026, 6, 20), [ENTRESSE]),
    (FundingSourceKind.EU, "Euroopan sosiaalirahasto plus (ESR+)",
     "Sosiaalista osallisuutta edistävät hankkeet (esimerkkihaku)", dt.date(2026, 10, 31), "180000", None,
     FundingStatus.APPLIED, None, [KAMELEONTEN, YOUNG_ADULTS]),
    (FundingSourceKind.STATE, "Ympäristöministeriö", "Segregaation ehkäisyn kehittämishankkeet (esimerkkihaku)",
     dt.date(2027, 1, 29), "60000", None, FundingStatus.PREPARING, None, [KNOWLEDGE_BASE]),
    (FundingSourceKind.EU, "Kansainvälinen kaupunkiverkosto (esimerkki)", "Verkostohaku: osallisuus ja ihmisoikeudet",
     dt.date(2027, 3, 31), None, None, FundingStatus.IDEA, None, [HUMAN_RIGHTS]),
]

#: (project, unit, measure, amount, start, end, note).
IN_KIND = [
    (YOUNG_ADULTS, "Nuorisopalvelut", WorkMeasure.HOURS, "320", dt.date(2026, 8, 1), dt.date(2026, 12, 31),
     "kohtaamisiltojen ohjaus"),
    (YOUNG_ADULTS, "Kaupunkisuunnittelukeskus", WorkMeasure.HOURS, "40", dt.date(2026, 9, 1), dt.date(2026, 12, 31),
     "osallistamisen menetelmätuki"),
    (HUMAN_RIGHTS, "KOHA moninaisuus- ja osallisuusasiat", WorkMeasure.PERSON_YEARS, "0.1", dt.date(2026, 1, 1),
     dt.date(2026, 12, 31), "kartoituksen ohjaus"),
]


def _project(prefix: str) -> Project | None:
    return Project.objects.filter(name_fi__startswith=prefix).order_by("id").first()


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def load(stdout) -> None:
    groups = []
    for order, (name_fi, name_sv, name_en, role_fi, role_sv, role_en) in enumerate(GROUPS, start=1):
        group, _created = StakeholderGroup.objects.get_or_create(name_fi=name_fi, defaults={
            "order": order, "name_sv": name_sv, "name_en": name_en, "role_fi": role_fi, "role_sv": role_sv,
            "role_en": role_en})
        groups.append(group)
    for name, kind, group_index, contact_role, links in PARTNERS:
        partner = Partner.objects.filter(name__iexact=name).first() or _save(Partner(
            name=name, kind=kind, group=groups[group_index] if group_index is not None else None,
            contact_role=contact_role, role_note=EXAMPLE))
        for prefix, role, note in links:
            project = _project(prefix)
            if project is not None and not ProjectPartner.objects.filter(project=project, partner=partner).exists():
                _save(ProjectPartner(project=project, partner=partner, role=role, note=note))
    for source_kind, funder, call, deadline, applied, granted, status, decided, prefixes in FUNDING:
        if FundingApplication.objects.filter(funder=funder, call=call).exists():
            continue
        application = _save(FundingApplication(
            source_kind=source_kind, funder=funder, call=call, deadline=deadline, status=status, decision_date=decided,
            amount_applied=Decimal(applied) if applied else None, amount_granted=Decimal(granted) if granted else None,
            note=EXAMPLE))
        application.projects.set([p for p in map(_project, prefixes) if p is not None])
    for prefix, unit, measure, amount, start, end, note in IN_KIND:
        project = _project(prefix)
        if project is None or InKindWork.objects.filter(project=project, unit=unit, period_start=start).exists():
            continue
        _save(InKindWork(project=project, unit=unit, measure=measure, amount=Decimal(amount), period_start=start,
                         period_end=end, note=f"{note} ({EXAMPLE.rstrip('.').lower()})"))
    stdout.write(f"Money and partners: {StakeholderGroup.objects.count()} partner groups (Table 3), "
                 f"{Partner.objects.count()} partners, {FundingApplication.objects.count()} funding applications "
                 f"and {InKindWork.objects.count()} rows of in-kind work (examples marked)\n")
