"""Small builders for the participatory-budgeting tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.budgeting import services
from yhteiso.budgeting.identity import HETU_CHECK, Attestation, keyed
from yhteiso.budgeting.models import Phase, Round


def areas(n=2):
    city, _ = Area.objects.get_or_create(level=AreaLevel.CITY, code="049", defaults={"name_fi": "Espoo"})
    out = []
    for i, name in enumerate(["Suur-Leppävaara", "Suur-Tapiola", "Suur-Matinkylä"][:n], start=1):
        area, _ = Area.objects.get_or_create(level=AreaLevel.MAJOR_DISTRICT, code=f"04900{i}",
                                             defaults={"name_fi": name, "name_sv": name.replace("Suur-", "Stor-"),
                                                       "parent": city})
        out.append(area)
    return out


def make_round(*, slug="r", ballot_type="approval", min_projects=1, max_projects=2, min_spend_percent=0,
               rule="equal_shares", city_budget=100, area_budget=50, costs=(60, 50, 30), area_costs=(20, 40),
               open_voting=True, n_areas=2, eligibility="anyone", home_area_only=False) -> Round:
    """A round with a citywide pool (projects c1..) and area pools (projects a<area>-<n>), voting open. Anyone
    may vote unless ``eligibility`` says otherwise (then online voters declare lives / works / studies)."""
    ars = areas(n_areas)
    pools = [{"area": None, "budget": city_budget, "label": ""}] + [
        {"area": a, "budget": area_budget, "label": ""} for a in ars]
    rnd = services.round_create(actor=None, pools=pools, slug=slug, name_fi=f"Kierros {slug}",
                                ballot_type=ballot_type, min_projects=min_projects, max_projects=max_projects,
                                min_spend_percent=min_spend_percent, rule=rule, eligibility=eligibility,
                                home_area_only=home_area_only,
                                voting_closes_at=timezone.now() + dt.timedelta(days=7))
    city = rnd.pools.get(area__isnull=True)
    for i, cost in enumerate(costs, start=1):
        p = services.proposal_create(actor=None, round=rnd, pool=city, title_fi=f"Kaupunki {i}", code=f"c{i}")
        services.proposal_assess(actor=None, proposal=p, status="feasible", cost=cost)
    for k, area in enumerate(ars, start=1):
        pool = rnd.pools.get(area=area)
        for i, cost in enumerate(area_costs, start=1):
            p = services.proposal_create(actor=None, round=rnd, pool=pool, title_fi=f"Alue {k} {i}", code=f"a{k}-{i}")
            services.proposal_assess(actor=None, proposal=p, status="feasible", cost=cost)
    if open_voting:
        for phase in (Phase.CO_DEVELOPMENT, Phase.FEASIBILITY, Phase.VOTING):
            rnd = services.round_set_phase(actor=None, round=rnd, phase=phase)
    return rnd


def voter(rnd, name="alice") -> Attestation:
    return Attestation(token=keyed("token", rnd.pk, "test", name), home_area_id=None)


def ids(rnd, *codes):
    return [rnd.proposals.get(code=c).pk for c in codes]


def cast(rnd, who, *codes, area=None) -> str | None:
    """Cast a ballot; returns the receipt code."""
    pool = rnd.pools.get(area=area) if area is not None else None
    return services.ballot_cast(round=rnd, attestation=voter(rnd, who), area_pool=pool, proposal_ids=ids(rnd, *codes))


def change(rnd, receipt, *codes, area=None) -> None:
    pool = rnd.pools.get(area=area) if area is not None else None
    receipt_hash = services.receipt_check(round=rnd, receipt=receipt)
    services.ballot_change(round=rnd, receipt_hash=receipt_hash, area_pool=pool, proposal_ids=ids(rnd, *codes))


def mix(rnd) -> int:
    """Move every pending ballot into the count (as the close does)."""
    return services.ballots_mix(round=rnd, force=True)


def hetu(day: int, month: int, year: int, individual: int, sign: str = "-") -> str:
    """A personal identity code in the real format with a valid check character (test data, not a person)."""
    digits = f"{day:02d}{month:02d}{year % 100:02d}"
    return f"{digits}{sign}{individual:03d}{HETU_CHECK[int(digits + f'{individual:03d}') % 31]}"
