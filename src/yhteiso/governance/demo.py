"""Demo content: the steering group exactly as published in the programme plan of 13.4.2026 (section 5,
"Ohjausryhmän kokoonpano"), and one clearly marked example meeting for trying the workflow.

The plan gives no meeting dates, agendas, decisions or minutes, so none are invented: the real 2026 meeting calendar
is left for staff to enter. The example meeting (``is_example=True``, titled "Esimerkki") is on 10.12.2026 and has one
agenda item about one of the plan's Annex 1 projects. Idempotent: rows that exist are left as they are."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_noop

from yhteiso.areas.models import Area
from yhteiso.core.audit import AuditNote, audit_record
from yhteiso.governance import services_impact
from yhteiso.governance.models import (
    AgendaItem,
    ImpactAssessment,
    Meeting,
    MemberGroup,
    OfficeRoleKind,
    PopulationGroup,
    ProgrammeOfficePerson,
    Role,
    SteeringGroupMember,
)
from yhteiso.programme.models import Project, ProjectStatus

E, O, Y, X, P = (MemberGroup.ELECTED, MemberGroup.OFFICIALS, MemberGroup.YOUTH_COUNCIL, MemberGroup.EXPERTS,
                 MemberGroup.PROGRAMME_OFFICE)

# (name, role, group, title, organisation, deputy: (name, title, organisation) | None) in the plan's order.
STEERING_GROUP = [
    ("Taru Salovaara", Role.CHAIR, E, "", "SDP", ("Tero Rantala", "", "SDP")),
    ("Hanna Hukari", Role.VICE_CHAIR, E, "", "Vihr.", ("Harshwardhan Saini", "", "Vihr.")),
    ("Vanessa Kurri", Role.MEMBER, E, "", "Kok.", ("Teija Sääksmäki", "", "Kok.")),
    ("Jenna Leppänen", Role.MEMBER, E, "", "Kesk.", ("Heidi Mannelin", "", "Kesk.")),
    ("Terhi Suokas", Role.MEMBER, E, "", "Vas.", ("Marja Koskenalho", "", "Vas.")),
    ("Olli Tiihonen", Role.YOUTH_COUNCIL, Y, "nuorisovaltuutettu", "",
     ("Iida Karjalainen", "nuorisovaltuutettu", "")),
    ("Merja Narvo-Akkola", Role.PROGRAMME_OWNER, O, "kasvun ja oppimisen toimialajohtaja", "", None),
    ("Petri Häkkinen", Role.MEMBER, O, "turvallisuusjohtaja", "", ("Ari Oja", "poliisikoordinaattori", "")),
    ("Martti Merra", Role.MEMBER, O, "liikuntajohtaja", "", ("Hilla-Maaria Suomi", "työllisyysjohtaja", "")),
    ("Juha Nurmi", Role.MEMBER, O, "perusopetuksen johtaja", "",
     ("Barbro Högström", "ruotsinkielisten sivistyspalvelujen johtaja", "")),
    ("Sakari Jäppinen", Role.MEMBER, O, "suunnittelupäällikkö", "", ("Liisa Ikonen", "suunnittelupäällikkö", "")),
    ("Hanna Bäckström", Role.EXPERT, X, "vammaisneuvoston edustaja", "", None),
    ("Taru Ikäheimonen", Role.EXPERT, X, "hyvinvointipäällikkö", "", None),
    ("Sanna Lindholm", Role.EXPERT, X, "vs. maahanmuuttoasioiden johtaja", "", None),
    ("Maria Tiilikkala", Role.EXPERT, X, "erityissuunnittelija, järjestö- ja yhteisötyö", "", None),
    ("Marianne Sepponen", Role.EXPERT, X, "erityissuunnittelija, osallisuustyö", "", None),
    ("Kaija Viitakoski", Role.EXPERT, X, "vanhusneuvoston edustaja", "", None),
    ("Pilvi Österman", Role.EXPERT, X, "yhdyspintapäällikkö", "Länsi-Uudenmaan hyvinvointialue", None),
    ("Aino Pietarinen", Role.PROGRAMME_MANAGER, P, "", "", None),
]
# "Ohjelmapäällikkönä toimii Aino Pietarinen ja vuoden 2026 alusta hänen sijaisenaan Emma Aalto."
ACTING_MANAGER = ("Emma Aalto", "Aino Pietarinen", dt.date(2026, 1, 1))

EXAMPLE_DATE = dt.date(2026, 12, 10)
EXAMPLE_TITLE = "Esimerkki: ohjausryhmän kokous"
# The demo steering-group account is the chair, so the checker's own approval can be tried.
DEMO_CHAIR_USER = ("ohjausryhma", "Taru Salovaara")


def _load_members() -> int:
    created = 0
    order = 0
    for name, role, group, title, organisation, deputy in STEERING_GROUP:
        order += 10
        member, new = SteeringGroupMember.objects.get_or_create(
            name=name, deputy_of=None,
            defaults={"role": role, "group": group, "title": title, "organisation": organisation, "order": order},
        )
        created += new
        if deputy is not None:
            d_name, d_title, d_org = deputy
            _, new = SteeringGroupMember.objects.get_or_create(
                deputy_of=member,
                defaults={"name": d_name, "role": Role.DEPUTY, "group": group, "title": d_title,
                          "organisation": d_org, "order": order + 1},
            )
            created += new
    name, acting_for, start = ACTING_MANAGER
    manager = SteeringGroupMember.objects.get(name=acting_for, deputy_of=None)
    _, new = SteeringGroupMember.objects.get_or_create(
        name=name, deputy_of=None,
        defaults={"role": Role.PROGRAMME_MANAGER, "group": P, "title": "",
                  "acting_for": manager, "term_start": start, "order": order + 10},
    )
    created += new
    username, member_name = DEMO_CHAIR_USER
    user = get_user_model().objects.filter(username=username).first()
    member = SteeringGroupMember.objects.get(name=member_name, deputy_of=None)
    if user is not None and member.user_id is None and not SteeringGroupMember.objects.filter(user=user).exists():
        member.user = user
        member.save(update_fields=["user"])
    return created


def _example_project():
    """One of the plan's Annex 1 projects (loaded by the programme demo): one still waiting for a decision if there
    is one, otherwise an approved 2026 project (the example then proposes starting it)."""
    waiting = Project.objects.filter(status__in=[ProjectStatus.PROPOSED, ProjectStatus.IN_PREPARATION])
    if waiting.exists():
        return waiting.order_by("pk").first(), ProjectStatus.APPROVED
    approved = Project.objects.filter(status=ProjectStatus.APPROVED, year=2026)
    project = (approved.filter(planned_cost_max__isnull=False).order_by("pk").first()
               or approved.order_by("pk").first())
    return project, ProjectStatus.IN_PROGRESS


def _load_example_meeting() -> bool:
    if Meeting.objects.filter(is_example=True).exists():
        return False
    meeting = Meeting.objects.create(
        title=EXAMPLE_TITLE, date=EXAMPLE_DATE, start_time=dt.time(14, 0), end_time=dt.time(16, 0),
        place="Karaportti 1, Espoo", is_example=True, agenda_lead_days=7,
    )
    project, next_status = _example_project()
    if project is not None:
        verb = "hyväksyy projektin toteutettavaksi" if next_status == "approved" else "päättää käynnistää projektin"
        AgendaItem.objects.create(
            meeting=meeting, number=1, project=project,
            title=f"Esimerkki: {project}",
            presenter="Ohjelmapäällikkö Emma Aalto",
            description="Esimerkkiasia työnkulun kokeilemiseen, ei ohjausryhmän todellinen asia. Projekti on "
                        "ohjelmasuunnitelman (13.4.2026) liitteessä 1 vuodelle 2026 valittujen projektien ja "
                        "toimenpiteiden joukossa.",
            proposal=f"Ohjausryhmä {verb}.",
        )
    else:
        AgendaItem.objects.create(
            meeting=meeting, number=1, title="Esimerkki: ohjelman ajankohtaiset asiat",
            presenter="Ohjelmapäällikkö Emma Aalto",
            description="Esimerkkiasia työnkulun kokeilemiseen, ei ohjausryhmän todellinen asia.",
            proposal="Ohjausryhmä merkitsee asian tiedoksi.",
        )
    audit_record(actor=None, action="meeting.create", instance=meeting,
                 note=AuditNote(gettext_noop("demo: example meeting")))
    return True


# The example assessment is about the plan's Annex 1 project for older people in Matinkylä (its target areas come
# from the programme demo); its content is invented for trying the workflow, its figures are the knowledge base's.
EXAMPLE_ASSESSMENT_PROJECT = "Matinkylä"
EXAMPLE_FOLLOWUP = dt.date(2027, 9, 30)  # the plan's mid-term review, 9/2027


def _load_example_assessment() -> bool:
    if ImpactAssessment.objects.filter(is_example=True).exists():
        return False
    project = (Project.objects.filter(name_fi__contains=EXAMPLE_ASSESSMENT_PROJECT, target_areas__isnull=False)
               .order_by("pk").first())
    areas = list(project.target_areas.all()) if project else []
    if not areas:
        areas = list(Area.objects.filter(level="postal_area", name_fi=EXAMPLE_ASSESSMENT_PROJECT, division="")[:1])
    if not areas:
        return False
    followup = max(EXAMPLE_FOLLOWUP, timezone.localdate() + dt.timedelta(days=365))
    item = None
    meeting = Meeting.objects.filter(is_example=True, status="planned").first()
    if meeting is not None and project is not None:
        item = AgendaItem.objects.create(
            meeting=meeting, number=(meeting.items.aggregate(n=Max("number"))["n"] or 0) + 1, project=project,
            title=f"Esimerkki: {project}", presenter="Ohjelmapäällikkö Emma Aalto",
            description="Esimerkkiasia työnkulun kokeilemiseen, ei ohjausryhmän todellinen asia. Asian "
                        "hyväksyminen edellyttää segregaatiovaikutusten arviointia.",
            proposal="Ohjausryhmä päättää käynnistää projektin.", requires_impact_assessment=True)
    assessment = services_impact.assessment_create(
        actor=None, areas=areas, project=project, agenda_item=item,
        title="Esimerkki: sukupolvet yhdistävä kohtaamistoiminta Matinkylässä",
        description="Esimerkkiarviointi työnkulun kokeilemiseen, ei ohjausryhmän todellinen arviointi. Luvut ovat "
                    "tietopohjan todellisia lukuja; arvioinnin sisältö on keksitty.",
        population_groups=[PopulationGroup.OLDER_PEOPLE, PopulationGroup.CHILDREN, PopulationGroup.FOREIGN_LANGUAGE],
        groups_note="Ikääntyneet ja lapsiperheet kohtaavat kirjaston ja palvelutalon yhteisissä tiloissa.",
        mixing_effect="more", mixing_reasons="Toiminta tuo eri-ikäiset ja eri kieliryhmiin kuuluvat asukkaat "
                                             "samaan tilaan viikoittain.",
        services_effect="strengthens", services_reasons="Toiminta lisää palveluja alueella, jolla ikääntyneiden "
                                                        "palvelut ovat vähäisiä.",
        catchment_effect="none", catchment_reasons="Toiminta ei muuta oppilaaksiottoalueita eikä kouluvalintoja.",
        mitigations="", prepared_by_name="Esimerkki (ohjelmatoimisto)", followup_date=followup)
    ImpactAssessment.objects.filter(pk=assessment.pk).update(is_example=True)
    assessment.refresh_from_db()
    services_impact.assessment_submit(assessment=assessment, actor=None)
    return True


# The programme office as the plan names it (section 5): "Ohjelmapäällikkönä toimii Aino Pietarinen ja vuoden 2026
# alusta hänen sijaisenaan Emma Aalto. Ohjelmapäällikön tukena viestintäasioissa toimii viestintäsuunnittelija Sanni
# Olasvuori." No contact details are invented; the demo staff account (Emma Aalto) and the demo communications
# planner's account (Sanni Olasvuori) are linked to their rows.
PROGRAMME_OFFICE = [
    ("Emma Aalto", OfficeRoleKind.PROGRAMME_MANAGER, ("ohjelmapäällikön sijainen (vuoden 2026 alusta)",
     "programchefens vikarie (från början av 2026)", "acting programme manager (from the start of 2026)"),
     "ohjelmapaallikko"),
    ("Aino Pietarinen", OfficeRoleKind.PROGRAMME_MANAGER, ("ohjelmapäällikkö", "programchef", "programme manager"),
     None),
    ("Sanni Olasvuori", OfficeRoleKind.COMMUNICATIONS, ("viestintäsuunnittelija", "kommunikationsplanerare",
     "communications planner"), "viestinta"),
]


def _load_programme_office() -> int:
    if ProgrammeOfficePerson.objects.exists():
        return 0
    users = get_user_model().objects
    for order, (name, kind, (fi, sv, en), username) in enumerate(PROGRAMME_OFFICE, start=1):
        user = users.filter(username=username).first() if username else None
        if user is not None and ProgrammeOfficePerson.objects.filter(user=user).exists():
            user = None
        ProgrammeOfficePerson.objects.create(name=name, kind=kind, role_fi=fi, role_sv=sv, role_en=en,
                                             user=user, order=order)
    return len(PROGRAMME_OFFICE)


@transaction.atomic
def load(stdout) -> None:
    created = _load_members()
    office = _load_programme_office()
    example = _load_example_meeting()
    assessment = _load_example_assessment()
    stdout.write(
        f"Steering group: {SteeringGroupMember.objects.count()} members and deputies ({created} new) from the plan "
        f"of 13.4.2026; example meeting 10.12.2026 {'created' if example else 'already present'} (the plan gives "
        "no meeting dates, so no other meetings are loaded); example impact assessment "
        f"{'created' if assessment else 'already present or no areas'}; programme office: {office} people added\n"
    )
