"""Writes of the steering group's report texts: staff write a draft, send it to a steering-group meeting (a new
agenda item) and, once the steering group has decided to approve it and the minutes have been checked, the
approval is recorded with the decision's reference (by staff or the chair). Every write checks the role, runs in
one transaction and leaves an audit row."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.permissions import is_programme_staff
from yhteiso.governance import services as governance_services
from yhteiso.governance.models import DecisionOutcome, Meeting, MeetingStatus, Role, SteeringGroupMember
from yhteiso.programme.models_programmes import default_programme_id
from yhteiso.reports.models_narrative import Narrative, NarrativeState

FIELDS = ("section", "goal", "year", "text_fi", "text_sv", "text_en", "state", "agenda_item", "decision")
APPROVING_OUTCOMES = (DecisionOutcome.APPROVED, DecisionOutcome.AMENDED)
CHECKED_MINUTES: tuple[str, ...] = (MeetingStatus.MINUTES_CHECKED, MeetingStatus.PUBLISHED)


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _require_staff(actor) -> None:
    if not is_programme_staff(actor):
        raise PermissionDenied(_("Only programme staff may write the report texts."))


def is_chair(user) -> bool:
    """The steering group's chair (through the user account linked to the member)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return SteeringGroupMember.objects.filter(user=user, role=Role.CHAIR).exists()


def may_record_approval(user) -> bool:
    return is_programme_staff(user) or is_chair(user)


def narrative_save(*, actor, section: str, year: int, goal=None, text_fi: str, text_sv: str = "",
                   text_en: str = "", narrative: Narrative | None = None, programme=None) -> Narrative:
    """Create or update the draft of one text (section, goal, year) of ``programme``'s reports (the goal's
    programme for a goal's assessment; the default programme for ``None``). A text sent to the steering group or
    approved is not edited: reopen it first."""
    _require_staff(actor)
    programme_id = goal.programme_id if goal is not None else (programme.pk if programme is not None
                                                               else default_programme_id())
    with transaction.atomic():
        if narrative is None:
            narrative = (Narrative.objects.select_for_update().order_by("pk")
                         .filter(section=section, year=year, goal=goal, programme_id=programme_id).first())
        else:
            narrative = Narrative.objects.select_for_update().order_by().get(pk=narrative.pk)
        before = snapshot(narrative, FIELDS) if narrative else None
        if narrative is None:
            narrative = Narrative(section=section, year=year, goal=goal, programme_id=programme_id)
        elif narrative.state != NarrativeState.DRAFT:
            raise ValidationError(_("This text has been sent to the steering group or approved, so it cannot be "
                                    "edited. Reopen it as a draft first."))
        narrative.text_fi, narrative.text_sv, narrative.text_en = (text_fi or "").strip(), \
            (text_sv or "").strip(), (text_en or "").strip()
        narrative.updated_by = _user_or_none(actor)
        narrative.full_clean()
        narrative.save()
        audit_record(actor=actor, action="report.narrative.save", instance=narrative, before=before,
                     after=snapshot(narrative, FIELDS))
    return narrative


def _agenda_title(narrative: Narrative) -> str:
    with translation.override("fi"):
        if narrative.goal is not None:
            return _("Assessment of benefit goal %(n)s for %(year)s") % {"n": narrative.goal.number,
                                                                          "year": narrative.year}
        return _("Report text for %(year)s: %(section)s") % {"year": narrative.year,
                                                              "section": narrative.get_section_display()}


def narrative_submit(*, narrative: Narrative, meeting: Meeting, actor) -> Narrative:
    """Send a draft to a steering-group meeting: a new agenda item proposes approving the text. The Swedish text
    is required (the council report is published in Finnish and Swedish)."""
    _require_staff(actor)
    with transaction.atomic():
        narrative = (Narrative.objects.select_for_update(of=("self",)).select_related("goal").order_by()
                     .get(pk=narrative.pk))
        before = snapshot(narrative, FIELDS)
        if narrative.state != NarrativeState.DRAFT:
            raise ValidationError(_("Only a draft can be sent to the steering group."))
        if meeting.programme_id is not None and meeting.programme_id != narrative.programme_id:
            raise ValidationError({"meeting": _("This meeting is another programme's steering group's: choose a "
                                                "meeting of the text's own programme.")})
        if not narrative.text_sv.strip():
            raise ValidationError({"text_sv": _("Write the text in Swedish too before sending it to the steering "
                                                "group: the report is published in Finnish and Swedish.")})
        with translation.override("fi"):
            proposal = _("The steering group approves the text for the report.")
        item = governance_services.agenda_item_add(
            meeting=meeting, actor=actor, title=_agenda_title(narrative), description=narrative.text_fi,
            proposal=proposal)
        narrative.agenda_item = item
        narrative.state = NarrativeState.SUBMITTED
        narrative.updated_by = _user_or_none(actor)
        narrative.full_clean()
        narrative.save()
        audit_record(actor=actor, action="report.narrative.submit", instance=narrative, before=before,
                     after=snapshot(narrative, FIELDS), note=f"{meeting}, § {item.number}")
    return narrative


def narrative_approve(*, narrative: Narrative, actor) -> Narrative:
    """Record the steering group's approval: its decision on the text's agenda item approves it (as proposed or
    amended) and the minutes of the meeting have been checked. Staff or the chair record it."""
    if not may_record_approval(actor):
        raise PermissionDenied(_("Only programme staff or the chair of the steering group may record the "
                                 "approval."))
    with transaction.atomic():
        narrative = Narrative.objects.select_for_update().order_by().get(pk=narrative.pk)
        before = snapshot(narrative, FIELDS)
        item = narrative.agenda_item
        if narrative.state != NarrativeState.SUBMITTED or item is None:
            raise ValidationError(_("Only a text sent to the steering group can be approved."))
        decision = getattr(item, "decision", None)
        if decision is None:
            raise ValidationError(_("The steering group has not decided on this text yet (no decision on § "
                                    "%(n)s).") % {"n": item.number})
        if decision.outcome not in APPROVING_OUTCOMES:
            raise ValidationError(_("The steering group did not approve the text: %(outcome)s.")
                                  % {"outcome": decision.get_outcome_display()})
        if item.meeting.status not in CHECKED_MINUTES:
            raise ValidationError(_("The minutes of the meeting have not been checked yet; the approval is "
                                    "recorded once they have been."))
        _approve(narrative, decision=decision, actor=actor, before=before)
    return narrative


def _approve(narrative: Narrative, *, decision, actor, before: dict, note: str = "") -> None:
    item = decision.item
    narrative.decision = decision
    narrative.state = NarrativeState.APPROVED
    narrative.approved_at = timezone.now()
    narrative.approved_by = _user_or_none(actor)
    narrative.full_clean()
    narrative.save()
    audit_record(actor=actor, action="report.narrative.approve", instance=narrative, before=before,
                 after=snapshot(narrative, FIELDS), note=note or f"{item.meeting}, § {item.number}")


def narratives_approve_from_minutes(*, meeting: Meeting, actor) -> int:
    """The texts sent to ``meeting`` whose agenda item the steering group approved (as proposed or amended) become
    approved when the meeting's minutes are checked — the group's decision itself approves them, nobody records
    it by hand afterwards. Called through ``core.hooks`` in the transaction that checks the minutes; a text the
    group did not approve stays sent, for staff to correct and send again. Returns how many were approved."""
    approved = 0
    rows = (Narrative.objects.select_for_update(of=("self",)).order_by()
            .filter(state=NarrativeState.SUBMITTED, agenda_item__meeting=meeting)
            .select_related("agenda_item__decision", "agenda_item__meeting"))
    for narrative in rows:
        item = narrative.agenda_item
        decision = getattr(item, "decision", None)
        if item is None or decision is None or decision.outcome not in APPROVING_OUTCOMES:
            continue
        _approve(narrative, decision=decision, actor=actor, before=snapshot(narrative, FIELDS),
                 note=f"{meeting}, § {item.number}: approved by the decision (minutes checked)")
        approved += 1
    return approved


def narrative_reopen(*, narrative: Narrative, actor) -> Narrative:
    """Make a sent or approved text a draft again (to correct it); it leaves the reports until approved again."""
    _require_staff(actor)
    with transaction.atomic():
        narrative = Narrative.objects.select_for_update().order_by().get(pk=narrative.pk)
        before = snapshot(narrative, FIELDS)
        if narrative.state == NarrativeState.DRAFT:
            return narrative
        narrative.state = NarrativeState.DRAFT
        narrative.agenda_item = None
        narrative.decision = None
        narrative.approved_at = None
        narrative.approved_by = None
        narrative.updated_by = _user_or_none(actor)
        narrative.full_clean()
        narrative.save()
        audit_record(actor=actor, action="report.narrative.reopen", instance=narrative, before=before,
                     after=snapshot(narrative, FIELDS))
    return narrative
