"""The steering group's decision and its conditions on a project's page (issue 14 item 2), as one tag so the
project page needs no change of its view."""

from django import template

from yhteiso.core.permissions import is_programme_staff, is_steering_member
from yhteiso.programme.models import ProjectStatus
from yhteiso.programme.models_intake import ProjectProposal
from yhteiso.programme.selectors_intake import count_in_appraisal, count_to_appraise, decision_state, may_view_proposal

register = template.Library()

_DECIDABLE = (ProjectStatus.PROPOSED, ProjectStatus.IN_PREPARATION, ProjectStatus.APPROVED)


@register.inclusion_tag("programme/intake/_project_decision.html", takes_context=True)
def steering_decision(context, project):
    user = context["request"].user
    proposal = ProjectProposal.objects.filter(project=project).first()
    state = decision_state(project)
    decision = state["decision"]
    is_staff = is_programme_staff(user)
    return {
        "project": project, "proposal": proposal, "state": state, "is_staff": is_staff,
        "decisions": project.steering_decisions.order_by("-decided_on", "-id"),
        "may_record": is_staff and proposal is None and project.status in _DECIDABLE
        and (decision is None or decision.outcome != "approved"),
        "may_see_proposal": proposal is not None and getattr(user, "is_authenticated", False)
        and (is_staff or may_view_proposal(user, proposal)),
    }


@register.inclusion_tag("programme/intake/_to_appraise_box.html", takes_context=True)
def proposals_to_appraise_box(context):
    """A small box for steering-group members and staff: proposals waiting for the user's appraisal, with a link."""
    user = context["request"].user
    if not is_steering_member(user):
        return {"show": False}
    return {"show": True, "waiting": count_to_appraise(user), "in_appraisal": count_in_appraisal(user),
            "is_staff": is_programme_staff(user)}
