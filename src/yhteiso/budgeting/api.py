"""Open data of participatory budgeting: rounds, projects and results (read-only, public).

The same selectors as the pages decide what is shown (``selectors.results_visible``): vote counts, funded / not
funded and the status derived from them stay hidden until the round's results are published."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from yhteiso.budgeting import selectors
from yhteiso.budgeting.models import Round

router = Router(tags=["budgeting"])


class PoolOut(Schema):
    id: int
    name: str
    area_code: str | None = Field(description="major district (suuralue) code; null for the citywide pool")
    budget: int = Field(description="euros")


class RoundOut(Schema):
    slug: str
    name: str
    phase: str = Field(description="ideas | co_development | feasibility | voting | results | implementation")
    ballot_type: str = Field(description="approval | knapsack")
    min_projects: int
    max_projects: int
    rule: str = Field(description="greedy | equal_shares (method of equal shares with add-one completion)")
    is_demo: bool
    is_imported: bool
    is_test: bool = Field(description="a test or example round (not an Espoo vote); left out of the list")
    voting_closes_at: dt.datetime | None
    ideas_open_on: dt.date | None = Field(None, description="the planned timetable set by staff")
    ideas_close_on: dt.date | None = None
    voting_opens_on: dt.date | None = None
    results_on: dt.date | None = None
    min_age: int = Field(12, description="voters' minimum age")
    eligibility: str = Field("lives_works_studies",
                             description="who may vote: lives | lives_works_studies (in Espoo) | anyone")
    home_area_only: bool = Field(False, description="the area vote only in the voter's home area")
    results_published: bool
    pools: list[PoolOut]


class BallotProjectOut(Schema):
    code: str
    title: str
    pool_id: int
    status: str = Field(description="funded / not_funded only once the results are published; until then a "
                                    "project on the ballot reads feasible")
    cost: int | None
    fate: str = Field(description="what happened to the idea and why (in the request's language)")
    votes: int | None = Field(description="null until the results are published")
    funded: bool | None = Field(description="null until the results are published")
    programme_project_id: int | None


class PoolResultOut(Schema):
    pool: PoolOut
    spent: int | None
    ballots: int | None
    projects: list[BallotProjectOut]


class ResultsOut(Schema):
    round: str
    published: bool
    pools: list[PoolResultOut]


def _pool(p) -> dict:
    return {"id": p.pk, "name": p.name, "area_code": p.area.code if p.area_id else None, "budget": p.budget}


def _round(r: Round) -> dict:
    return {"slug": r.slug, "name": r.name, "phase": r.phase, "ballot_type": r.ballot_type,
            "min_projects": r.min_projects, "max_projects": r.max_projects, "rule": r.rule, "is_demo": r.is_demo,
            "is_imported": r.is_imported, "is_test": r.is_test,
            "voting_closes_at": r.voting_closes_at,
            "ideas_open_on": r.ideas_open_on, "ideas_close_on": r.ideas_close_on,
            "voting_opens_on": r.voting_opens_on, "results_on": r.results_on, "min_age": r.min_age,
            "eligibility": r.eligibility, "home_area_only": r.home_area_only,
            "results_published": r.results_published_at is not None,
            "pools": [_pool(p) for p in r.pools.select_related("area").order_by(*selectors.POOL_ORDER)]}


def _projects(overview) -> list[tuple[dict, list[dict]]]:
    out = []
    show = overview["show_results"]
    for block in overview["pools"]:
        rows = []
        for row in block["rows"]:
            p = row["proposal"]
            rows.append({"code": p.code, "title": p.title, "pool_id": p.pool_id, "status": row["status"],
                         "cost": p.cost, "fate": row["fate"], "votes": row["votes"],
                         "funded": row["funded"] if show and p.votes is not None else None,
                         "programme_project_id": p.programme_project_id})
        out.append((block, rows))
    return out


@router.get("/budgeting/rounds", response=list[RoundOut], summary="Participatory-budgeting rounds")
def rounds(request):
    return [_round(r) for r in selectors.api_rounds()]


@router.get("/budgeting/rounds/{slug}", response=RoundOut, summary="One round")
def round_detail(request, slug: str):
    return _round(get_object_or_404(Round, slug=slug))


@router.get("/budgeting/rounds/{slug}/projects", response=list[BallotProjectOut],
            summary="A round's proposals and projects with their fate")
def projects(request, slug: str):
    rnd = get_object_or_404(Round, slug=slug)
    return [row for _block, rows in _projects(selectors.round_overview(rnd, request.user)) for row in rows]


@router.get("/budgeting/rounds/{slug}/results", response=ResultsOut,
            summary="Results per pool (empty until published)")
def results(request, slug: str):
    rnd = get_object_or_404(Round, slug=slug)
    overview = selectors.round_overview(rnd, request.user)
    pools = []
    if overview["show_results"]:
        for block, rows in _projects(overview):
            pools.append({"pool": _pool(block["pool"]), "spent": block["spent"], "ballots": block["voters"],
                          "projects": [r for r in rows if r["votes"] is not None]})
    return {"round": rnd.slug, "published": rnd.results_published_at is not None, "pools": pools}
