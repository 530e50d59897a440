"""Reads for several programmes in one installation (issue 14 item 9): which programme a page or API call is
about, the switcher's list, the projects a programme leads or shares, and each programme's own money.

Every programme-scoped selector takes the programme explicitly; ``None`` means the default programme (there is no
hidden "current programme" anywhere). Pages choose another programme with ``?ohjelma=<slug>``, the API with
``?programme=<slug>``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from yhteiso.core.permissions import has_steering_role, is_programme_staff, is_steering_member
from yhteiso.programme.models import BudgetEntry, Programme, ProgrammeShare, Project

PAGE_PARAMETER = "ohjelma"
"""The query parameter with which a page shows another programme than the default (addresses stay as they were)."""


def programmes():
    """All programmes, the default first."""
    return Programme.objects.all()


def default_programme() -> Programme:
    return Programme.objects.default()


def resolve(programme: Programme | None) -> Programme:
    """``programme`` itself, or the default programme for ``None``."""
    return programme if programme is not None else default_programme()


def programme_by_slug(slug: str | None) -> Programme | None:
    """The programme with this slug; the default one for an empty choice; ``None`` for an unknown slug (the caller
    answers 404 or a clear message)."""
    if not slug:
        return default_programme()
    return Programme.objects.filter(slug=slug[:60]).first()


API_HELP = "a programme's slug (GET /programmes); the default programme if not given"


def programme_or_404(slug: str | None) -> Programme:
    """The programme an API list or page is about (``?programme=`` / ``?ohjelma=``): the default one without a
    choice; 404 for an unknown slug."""
    programme = programme_by_slug(slug)
    if programme is None:
        raise Http404(_("No such programme."))
    return programme


def page_query(programme: Programme | None) -> str:
    """What a link appends to keep the programme: empty for the default one (its addresses are unchanged) and
    for ``None`` (which means the default one)."""
    return "" if programme is None or programme.is_default else f"?{PAGE_PARAMETER}={programme.slug}"


def form_choice(programme: Programme) -> dict:
    """What a creating form shows of its programme (issue 14 item 9): the programme a new row goes into, and the
    programmes to choose from instead (empty when the installation holds only one)."""
    others = list(programmes())
    return {"programme": programme, "programmes": others if len(others) > 1 else [], "parameter": PAGE_PARAMETER}


def member_programme_ids(user) -> set[int]:
    """The programmes whose steering group ``user`` sits on (issue 14 item 9): one person may sit on several,
    through one member row per programme linked to their account (``governance.SteeringGroupMember.user``, read
    here through the reverse relation so that this layer imports nothing of governance). A holder of the
    steering-group role with no linked member row belongs to the default programme's group, as everyone did
    before there were several programmes. Empty for anyone without the role. Kept on the user object for the
    request."""
    if not has_steering_role(user):
        return set()
    cached = getattr(user, "_yhteiso_member_programmes", None)
    if cached is None:
        cached = set(Programme.objects.filter(steering_members__user=user).values_list("pk", flat=True))
        if not cached:
            cached = {default_programme().pk}
        user._yhteiso_member_programmes = cached
    return cached


def sees_programme(user, programme_id: int | None) -> bool:
    """Whether ``user`` may read the non-public material of the programme ``programme_id`` (agendas, drafts,
    proposals in the intake, appraisals): programme staff and administrators of the installation every
    programme's (per-programme staff roles are not there yet), a steering-group member only their own
    programmes'."""
    if is_programme_staff(user):
        return True
    if not is_steering_member(user):
        return False
    return (programme_id if programme_id is not None else default_programme().pk) in member_programme_ids(user)


def programme_projects(programme: Programme | None = None):
    """The projects ``programme`` leads and those it shares (is a partner programme of)."""
    programme = resolve(programme)
    return Project.objects.filter(Q(programme=programme) | Q(programme_shares__programme=programme)).distinct()


def project_shares(project: Project) -> list[ProgrammeShare]:
    return list(project.programme_shares.select_related("programme"))


def programme_contribution(*, project: Project, programme: Programme) -> Decimal:
    """What ``programme`` contributes to ``project``: a partner's agreed contribution, or for the lead programme
    the money booked on its own budget lines for the project (committed or spent)."""
    if project.programme_id == programme.pk:
        total = (BudgetEntry.objects.filter(project=project, line__budget_year__programme=programme)
                 .aggregate(total=Sum("amount"))["total"])
        return total or Decimal(0)
    share = ProgrammeShare.objects.filter(project=project, programme=programme).first()
    return share.contribution if share else Decimal(0)


def programme_project_money(programme: Programme | None = None) -> dict:
    """The money ``programme`` puts into projects: for the projects it leads, what is booked on its own budget
    lines (committed or spent); for the projects it shares, its agreed contribution. Each programme counts only its
    own part of a co-funded project, so the programmes' totals add up without counting any euro twice."""
    programme = resolve(programme)
    led = (BudgetEntry.objects.filter(line__budget_year__programme=programme, project__programme=programme)
           .aggregate(total=Sum("amount"))["total"]) or Decimal(0)
    shared = (ProgrammeShare.objects.filter(programme=programme)
              .aggregate(total=Sum("contribution"))["total"]) or Decimal(0)
    return {"programme": programme, "led": led, "shared": shared, "total": led + shared}
