"""Reads of residents' ideas: where a point is (the major districts' boundaries stored in ``areas.Area``), the
public idea lists, the idea's path from idea to implementation, and the staff moderation queue."""

from __future__ import annotations

import math

from django.db.models import Case, Count, Q, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from shapely.geometry import Point, shape

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.budgeting.models import Phase, Proposal, ProposalStatus, Round
from yhteiso.budgeting.models_ideas import Idea, IdeaComment, ModerationState
from yhteiso.budgeting.selectors import _district_features, _locator, proposal_fate, results_visible
from yhteiso.core.inputs import whole_number
from yhteiso.viz import choropleth

IDEA_PATH = [
    ("idea", gettext_lazy("idea")),
    ("co_development", gettext_lazy("co-development")),
    ("estimate", gettext_lazy("cost estimate")),
    ("ballot", gettext_lazy("on the ballot")),
    ("result", gettext_lazy("result")),
    ("implementation", gettext_lazy("implementation")),
]
PATH_KEYS = [key for key, _label in IDEA_PATH]
SUPPORT_PHASES = (Phase.IDEAS, Phase.CO_DEVELOPMENT)


# -------------------------------------------------------------------------------------------------- places
def district_areas():
    """The major districts (current division) a resident may choose from, by code."""
    return Area.objects.filter(level=AreaLevel.MAJOR_DISTRICT, division="").order_by("code")


def district_by_id(value) -> Area | None:
    number = whole_number(value)
    return district_areas().filter(pk=number).first() if number is not None else None


def area_at(lon: float, lat: float) -> Area | None:
    """The major district whose stored boundary (EPSG:4326) contains the point; None outside Espoo (or when no
    boundary is stored: then no point can be checked)."""
    if not (math.isfinite(lon) and math.isfinite(lat)) or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    point = Point(lon, lat)
    for area in district_areas().filter(geometry_wgs84__isnull=False):
        try:
            if shape(area.geometry_wgs84).covers(point):
                return area
        except (ValueError, TypeError, AttributeError, KeyError):
            continue
    return None


def map_available() -> bool:
    return district_areas().filter(geometry_wgs84__isnull=False).exists()


def districts_geojson() -> dict:
    """The districts' boundaries (simplified) with their names, for the interactive point map."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": f["geometry"], "properties": {"name": f["name"]}}
        for f in _district_features()]}


def districts_svg() -> str:
    """The districts as a plain SVG map (the picture behind the point map; without JavaScript the list of areas is
    the way to give the place)."""
    features = [{**f, "value": 0.0} for f in _district_features()]
    if not features:
        return ""
    return choropleth(features, title=_("Espoo's major districts"), breaks=[0.5], palette=["#f7f4ea", "#f7f4ea"],
                      legend=False, width=600, height=460,
                      desc=_("A map of Espoo's major districts with their names."),
                      labels=[(f["name"], *shape(f["geometry"]).representative_point().coords[0]) for f in features])


def idea_locator(idea: Idea) -> str:
    return _locator(_district_features(), idea.area)


# ------------------------------------------------------------------------------------------------- listing
def ideas_public(rnd: Round):
    """The round's published ideas with their number of supports, newest first."""
    return (Idea.objects.filter(round=rnd, state=ModerationState.PUBLISHED).select_related("area", "proposal")
            .annotate(n_supports=Count("supports")).order_by("-id"))


def idea_public(rnd: Round, pk) -> Idea | None:
    number = whole_number(pk)
    return ideas_public(rnd).filter(pk=number).first() if number is not None else None


def comments_public(idea: Idea):
    return idea.comments.filter(state=ModerationState.PUBLISHED).order_by("id")


def can_support(rnd: Round) -> bool:
    return rnd.phase in SUPPORT_PHASES


def moderation_queue(rnd: Round) -> dict:
    """Ideas and comments for staff: waiting first, then published and hidden."""
    # waiting first, then published, then hidden; newest first within each
    order = (Case(When(state=ModerationState.PENDING, then=0), When(state=ModerationState.PUBLISHED, then=1),
                  default=2), "-id")
    ideas = (Idea.objects.filter(round=rnd).select_related("area", "proposal").annotate(
        n_supports=Count("supports"), n_pending=Count("comments", filter=Q(comments__state=ModerationState.PENDING)))
        .order_by(*order))
    comments = IdeaComment.objects.filter(idea__round=rnd).select_related("idea").order_by(*order)
    pending = {"ideas": ideas.filter(state=ModerationState.PENDING).count(),
               "comments": comments.filter(state=ModerationState.PENDING).count()}
    return {"ideas": ideas, "comments": comments, "pending": pending,
            "pools": list(rnd.pools.select_related("area"))}


# ----------------------------------------------------------------------------------------------- the path
def _step(idea: Idea, *, show_results: bool) -> tuple[str, str]:
    """(step key, state) of the idea on its path; the state tells a stop or a turn (not feasible, merged, …)."""
    rnd = idea.round
    if idea.state != ModerationState.PUBLISHED:
        return "idea", str(idea.state)
    p: Proposal | None = idea.proposal
    if p is None:
        return ("idea", "waiting") if rnd.phase in SUPPORT_PHASES else ("idea", "not_taken_forward")
    status = p.status
    if status in (ProposalStatus.SUBMITTED, ProposalStatus.IN_CO_DEVELOPMENT):
        return "co_development", status
    if status == ProposalStatus.MERGED:
        return "co_development", status
    if status == ProposalStatus.NOT_FEASIBLE:
        return "estimate", status
    if status == ProposalStatus.FEASIBLE and not rnd.reached(Phase.VOTING):
        return "estimate", status
    if not show_results or status == ProposalStatus.FEASIBLE:
        return "ballot", ProposalStatus.FEASIBLE
    if status == ProposalStatus.FUNDED and (rnd.reached(Phase.IMPLEMENTATION) or p.programme_project_id):
        return "implementation", status
    return "result", status


def idea_status_key(idea: Idea) -> str:
    """What a follower is told about: the step and its state as the public sees them (a change of it is news)."""
    step, state = _step(idea, show_results=results_visible(idea.round))
    return f"{step}:{state}"


def idea_status_text(idea: Idea, *, show_results: bool) -> str:
    """One sentence: where the idea is now."""
    _step_key, state = _step(idea, show_results=show_results)
    if state == "pending":
        return _("The idea is waiting to be checked by the city's staff before it is published.")
    if state == "hidden":
        return _("The idea was removed from view: %(reason)s") % {"reason": idea.moderation_reason}
    if state == "waiting":
        return _("The idea is published and waits for the city to take it forward as a proposal.")
    if state == "not_taken_forward":
        return _("The idea was not taken forward as a proposal of its own.")
    return proposal_fate(idea.proposal, show_results=show_results) if idea.proposal is not None else ""


def idea_path(idea: Idea, *, show_results: bool) -> list[dict]:
    """The steps idea → co-development → cost estimate → on the ballot → result → implementation, each ``done``,
    ``current`` or ``ahead``; ``stopped`` marks a current step where the path ends (not feasible, not funded,
    merged, hidden)."""
    step, state = _step(idea, show_results=show_results)
    index = PATH_KEYS.index(step)
    stopped = state in ("hidden", "not_taken_forward", ProposalStatus.NOT_FEASIBLE, ProposalStatus.MERGED,
                        ProposalStatus.NOT_FUNDED)
    return [{"key": key, "label": label, "state": "done" if i < index else "current" if i == index else "ahead",
             "stopped": stopped and i == index} for i, (key, label) in enumerate(IDEA_PATH)]
