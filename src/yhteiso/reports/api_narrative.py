"""Read API of the steering group's approved report texts (drafts are never returned)."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from yhteiso.programme.selectors_programmes import API_HELP, programme_or_404
from yhteiso.reports.models_narrative import Narrative, NarrativeState
from yhteiso.reports.selectors_sections import decision_reference

router = Router(tags=["reports"])


class NarrativeOut(Schema):
    id: int
    section: str = Field(description="goal_assessment | outlook | operating_environment | impact_evaluation | "
                                     "recommendations | lessons_plan")
    goal: int | None = Field(description="benefit-goal number (assessments of a goal)")
    year: int
    text_fi: str
    text_sv: str
    text_en: str
    decision: str = Field(description="the steering group's approving decision (meeting date and item)")


@router.get("/report-texts", response=list[NarrativeOut],
            summary="The steering group's approved texts of the reports (assessments per goal, review sections)")
def list_report_texts(request, year: int | None = None,
                      programme: str | None = Query(None, description=API_HELP)):
    """A programme's approved texts (``?programme=``; the default programme without it)."""
    rows = (Narrative.objects.filter(state=NarrativeState.APPROVED, decision__isnull=False,
                                     programme=programme_or_404(programme))
            .select_related("goal", "decision__item__meeting").order_by("year", "section", "goal__number"))
    if year is not None:
        rows = rows.filter(year=year)
    return [{"id": n.pk, "section": n.section, "goal": n.goal.number if n.goal is not None else None, "year": n.year,
             "text_fi": n.text_fi, "text_sv": n.text_sv, "text_en": n.text_en,
             "decision": decision_reference(n.decision)} for n in rows]
