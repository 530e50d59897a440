"""Demo content for project owners: a responsible-person account for two of the plan's projects, a progress report
for the first council-report period and a running pilot. The report texts are invented for the demo (the plan has
no reports yet); they say so. The account has the demo's published password, so it is created only where the core
demo accounts are (never in production or in a database that is not the local demo)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

from django.contrib.auth import get_user_model

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.core.demo import demo_accounts_refusal
from yhteiso.programme import services_progress
from yhteiso.programme.models import (
    Indicator,
    PilotStatus,
    Programme,
    ProgressReport,
    Project,
    ReportingDeadline,
    TrafficLight,
)

OWNER = ("projektivastaava", "Aino", "Lehto", "aino.lehto@example.org")
DEMO_NOTE = "(Esimerkkiraportti demoa varten.)"


def _owner():
    username, first, last, email = OWNER
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": email})
    if created:
        user.set_password(os.environ.get("YHTEISO_DEMO_PASSWORD", "yhteiso-demo-2026"))
        user.save()
    return user


def load(stdout) -> None:
    refusal = demo_accounts_refusal()
    if refusal:
        stdout.write(f"Programme owner account not created: {refusal}.\n")
        return
    programme = Programme.objects.default()
    projects = list(Project.objects.filter(year=2026, programme=programme).order_by("id")[:2])
    period = ReportingDeadline.objects.filter(date=dt.date(2026, 12, 31), programme=programme).first()
    if not projects or period is None:
        return
    owner = _owner()
    for project in projects:
        if project.responsible_user_id is None:
            Project.objects.filter(pk=project.pk).update(responsible_user=owner)
            project.responsible_user = owner
    first = projects[0]
    centre = Area.objects.filter(level=AreaLevel.CITY_CENTRE, name_fi="Leppävaara").first()
    if not ProgressReport.objects.filter(project=first, deadline=period).exists():
        services_progress.progress_report_save(
            actor=owner, project=first, deadline=period, status=TrafficLight.YELLOW,
            status_note=f"Toiminta on käynnistynyt Leppävaarassa; nuorten aikuisten tavoittaminen on ollut "
                        f"odotettua hitaampaa. {DEMO_NOTE}",
            milestones_done="Alueellinen työryhmä koottu; kaksi kohtaamisiltaa järjestetty.",
            milestones_next="Vertaisohjaajien koulutus keväällä 2027; ensimmäisen pilotin arviointi.",
            outputs="2 kohtaamisiltaa, 1 vertaisohjaajien koulutusmalli (luonnos), viestintäkampanja sosiaalisessa "
                    "mediassa.",
            costs_incurred=Decimal("4200.00"),
            problems="Tilojen saatavuus iltaisin.",
            reach=[("young_adults", centre, 86), ("everyone", centre, 40)])
    pilot_indicator = Indicator.objects.filter(code="1.1", programme=first.programme).first()
    if not first.pilots.exists():
        services_progress.pilot_save(
            actor=owner, project=first, name="Vertaisohjaajien kohtaamisillat", indicator=pilot_indicator,
            area=centre, status=PilotStatus.RUNNING, start_date=dt.date(2026, 9, 1),
            evaluation_method="Osallistujakysely ja ohjaajien haastattelut pilotin lopussa.")
    stdout.write(f"Programme owners: {owner.username} is responsible for {len(projects)} projects, with a progress "
                 f"report and a pilot on the first\n")
