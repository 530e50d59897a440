"""Demo content: the whole-period work plan, Table 2 of the programme plan of 13.4.2026 ("Taulukko 2 Koko
ohjelmakauden suunnitelma", section 4 "Kehitysohjelman toteutus").

PROVENANCE: the periods and the Finnish milestone texts are copied word for word from Table 2 of
"Yhteisöllinen Espoo -kehitysohjelman ohjelmasuunnitelma 13.4.2026" (13 milestones in four periods). The Swedish
and English texts are our translations. The plan names no responsible unit per milestone and no status: the
responsible units below follow the plan's section 7 (the steering group steers and prioritises, the programme
office runs the work), and the statuses are those of the demo's date (December 2026): the preparation year 2025
done, 2026 in progress, later periods planned. Staff change both on the work-plan page.

Idempotent: milestones are looked up by period and Finnish text and created only when missing."""

from __future__ import annotations

from yhteiso.programme.models_workplan import MilestoneStatus, WorkPlanMilestone

SOURCE = "Yhteisöllinen Espoo -kehitysohjelman ohjelmasuunnitelma 13.4.2026, taulukko 2"
OFFICE = "Ohjelmatoimisto"
STEERING = "Ohjausryhmä"

#: (first year, last year, Finnish, Swedish, English, responsible unit, status in the demo)
TABLE_2 = [
    (2025, 2025, "Valmisteluvaihe", "Förberedelsefas", "Preparation phase", OFFICE, MilestoneStatus.DONE),
    (2025, 2025, "Perehtyminen toimintaympäristön tilaan ja kehittämistarpeisiin",
     "Bekantgörande med verksamhetsmiljöns läge och utvecklingsbehov",
     "Getting to know the state of the operating environment and the development needs", OFFICE,
     MilestoneStatus.DONE),
    (2025, 2025, "Ohjausryhmän ryhmäytyminen ja yhteinen ideointi",
     "Styrgruppens gruppbildning och gemensamt idéarbete", "Team building and joint ideation of the steering group",
     STEERING, MilestoneStatus.DONE),
    (2026, 2026, "Syventävä perehtyminen toimintaympäristöön ohjelmatyölle valituista rajauksista ja "
     "kohdennuksista käsin",
     "Fördjupat bekantgörande med verksamhetsmiljön utifrån de avgränsningar och inriktningar som valts för "
     "programarbetet",
     "In-depth study of the operating environment from the scope and focus chosen for the programme", OFFICE,
     MilestoneStatus.IN_PROGRESS),
    (2026, 2026, "Toimenpiteiden ja painopisteiden priorisointi", "Prioritering av åtgärder och tyngdpunkter",
     "Prioritising the actions and focus areas", STEERING, MilestoneStatus.IN_PROGRESS),
    (2026, 2026, "Verkoston kokoaminen ja kumppanuuksien luominen", "Att samla ett nätverk och skapa partnerskap",
     "Building the network and creating partnerships", OFFICE, MilestoneStatus.IN_PROGRESS),
    (2026, 2026, "Ensimmäisten projektien suunnittelu ja käynnistäminen",
     "Planering och start av de första projekten", "Planning and starting the first projects", OFFICE,
     MilestoneStatus.IN_PROGRESS),
    (2026, 2026, "Ulkoisten rahoituslähteiden kartoittaminen ja rahoituksen hakeminen",
     "Kartläggning av externa finansieringskällor och ansökan om finansiering",
     "Mapping external funding sources and applying for funding", OFFICE, MilestoneStatus.IN_PROGRESS),
    (2027, 2028, "Projektien ja toimenpiteiden toteutus ja arviointi",
     "Genomförande och utvärdering av projekt och åtgärder", "Carrying out and evaluating the projects and actions",
     OFFICE, MilestoneStatus.PLANNED),
    (2027, 2028, "Puolivälitarkastelu 9/27", "Halvtidsöversyn 9/27", "Mid-term review 9/27", STEERING,
     MilestoneStatus.PLANNED),
    (2027, 2028, "Ohjelmatyön painopisteiden tarkentaminen ja tarvittaessa uudelleen suuntaaminen opitun "
     "pohjalta",
     "Precisering av programarbetets tyngdpunkter och vid behov omorientering utifrån lärdomarna",
     "Refining the focus of the programme and, where needed, redirecting it on the basis of what has been learnt",
     STEERING, MilestoneStatus.PLANNED),
    (2029, 2029, "Ohjelmakauden vaikuttavuuden arviointi ja loppuraportti",
     "Utvärdering av programperiodens genomslag och slutrapport",
     "Evaluating the impact of the programme period and the final report", OFFICE, MilestoneStatus.PLANNED),
    (2029, 2029, "Suositukset jatkoon ja suunnitelma ohjelman oppien hyödyntämiseksi",
     "Rekommendationer för fortsättningen och en plan för att ta tillvara programmets lärdomar",
     "Recommendations for the future and a plan for using the programme's lessons", STEERING,
     MilestoneStatus.PLANNED),
]


def load() -> int:
    """Create the milestones that are missing; the number created."""
    created = 0
    for order, (first, last, fi, sv, en, unit, status) in enumerate(TABLE_2, start=1):
        if WorkPlanMilestone.objects.filter(start_year=first, end_year=last, title_fi=fi).exists():
            continue
        m = WorkPlanMilestone(start_year=first, end_year=last, order=order, title_fi=fi, title_sv=sv, title_en=en,
                              responsible_unit=unit, status=status, source=SOURCE)
        m.full_clean()
        m.save()
        created += 1
    return created
