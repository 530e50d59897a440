"""Demo content of the reports app. Reports themselves are generated from the programme's data on demand, and the
first real report (31.12.2026) can be published only after its cut-off date.

The demo adds the steering group's texts for the 2026 report so the approval flow can be tried: an assessment of
benefit goal 1 approved at an example meeting of the steering group (its minutes checked), and a draft assessment
of goal 2 that is not in the report. The texts are invented for the demo and say so; the example meeting is marked
as an example like the governance demo's."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from yhteiso.core.audit import AuditNote, audit_record
from yhteiso.governance.models import AgendaItem, Decision, DecisionOutcome, Meeting, MeetingStatus
from yhteiso.programme.models import BenefitGoal
from yhteiso.reports.models_narrative import Narrative, NarrativeSection, NarrativeState

DEMO_NOTE_FI = "(Esimerkkiteksti demoa varten.)"
DEMO_NOTE_SV = "(Exempeltext för demon.)"
MEETING_TITLE = "Esimerkki: vuosiraportin arviot"
MEETING_DATE = dt.date(2026, 11, 25)

APPROVED_FI = (
    "Ensimmäinen toteutusvuosi on käynnistänyt osallisuutta vahvistavat kokeilut kaupunkikeskuksissa. Osallisuuden "
    "lähtötaso on mitattu, ja seuraava mittaus tehdään puolivälitarkastelua varten 2027.\n\n"
    "Ohjausryhmä pitää suuntaa oikeana ja korostaa, että kokeilujen arvioinnista opitaan ennen niiden "
    "laajentamista. " + DEMO_NOTE_FI)
APPROVED_SV = (
    "Det första genomförandeåret har satt i gång försök som stärker delaktigheten i stadscentrumen. Utgångsnivån "
    "för delaktigheten har mätts, och nästa mätning görs inför halvtidsöversynen 2027.\n\n"
    "Styrgruppen anser att riktningen är rätt och betonar att man lär sig av utvärderingen av försöken innan de "
    "utvidgas. " + DEMO_NOTE_SV)
DRAFT_FI = "Luonnos: kohtaamisia lisäävät toimenpiteet ovat vasta alkaneet. " + DEMO_NOTE_FI
DRAFT_SV = "Utkast: åtgärderna som ökar mötena har just börjat. " + DEMO_NOTE_SV


@transaction.atomic
def _load_narratives() -> int:
    goals = {g.number: g for g in BenefitGoal.objects.filter(number__in=(1, 2))}
    if len(goals) < 2 or Narrative.objects.filter(year=2026, section=NarrativeSection.GOAL_ASSESSMENT).exists():
        return 0
    meeting = Meeting.objects.create(title=MEETING_TITLE, date=MEETING_DATE, start_time=dt.time(14, 0),
                                     end_time=dt.time(16, 0), place="Karaportti 1, Espoo", is_example=True,
                                     status=MeetingStatus.MINUTES_CHECKED)
    item = AgendaItem.objects.create(
        meeting=meeting, number=1, title="Esimerkki: hyötytavoitteen 1 arvio vuodelta 2026",
        presenter="Ohjelmapäällikkö Emma Aalto", description=APPROVED_FI,
        proposal="Ohjausryhmä hyväksyy tekstin raporttiin.")
    decision = Decision.objects.create(item=item, text="Ohjausryhmä hyväksyi tekstin raporttiin.",
                                       outcome=DecisionOutcome.APPROVED)
    approved = Narrative(section=NarrativeSection.GOAL_ASSESSMENT, goal=goals[1], year=2026, text_fi=APPROVED_FI,
                         text_sv=APPROVED_SV, state=NarrativeState.APPROVED, agenda_item=item, decision=decision,
                         approved_at=timezone.now())
    approved.full_clean()
    approved.save()
    draft = Narrative(section=NarrativeSection.GOAL_ASSESSMENT, goal=goals[2], year=2026, text_fi=DRAFT_FI,
                      text_sv=DRAFT_SV)
    draft.full_clean()
    draft.save()
    for n in (approved, draft):
        audit_record(actor=None, action="report.narrative.save", instance=n,
                     note=AuditNote(gettext_noop("demo: example text")))
    return 2


def load(stdout) -> None:
    created = _load_narratives()
    stdout.write(
        f"Reports: {created} example texts of the steering group for 2026 (one approved at an example meeting, one "
        "draft); generate the council report with "
        "`yhteiso report council --as-of 2026-12-31 --format pdf --lang fi --output raportti.pdf` "
        "or on the staff page /raportit/ (a cut-off date still in the future gives a draft).\n"
    )
