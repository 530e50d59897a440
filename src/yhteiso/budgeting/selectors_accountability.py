"""Reads of the accountability pages: which rounds and projects are followed, and each project's record."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F

from yhteiso.budgeting.models import Proposal, ProposalStatus, Round
from yhteiso.budgeting.models_accountability import Implementation, ImplementationStatus, ImplementationUpdate


def followed(rnd: Round) -> bool:
    """A round's funded projects are followed publicly once its results are published."""
    return rnd.results_published_at is not None


@dataclass
class Followed:
    """A funded project as the public sees it: its record, or "planned, 0 %" when nobody has written one yet."""

    proposal: Proposal
    implementation: Implementation | None
    updates: list[ImplementationUpdate] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.implementation.status if self.implementation else ImplementationStatus.PLANNED

    @property
    def status_text(self) -> str:
        return str(ImplementationStatus(self.status).label)

    @property
    def progress(self) -> int:
        return self.implementation.progress if self.implementation else 0

    @property
    def cancelled(self) -> bool:
        return self.status == ImplementationStatus.CANCELLED

    @property
    def finished(self) -> bool:
        return self.status == ImplementationStatus.FINISHED


def funded_projects(rnd: Round) -> list[Followed]:
    """The round's funded projects with their records, pool by pool (citywide first), then by code."""
    proposals = (rnd.proposals.filter(status=ProposalStatus.FUNDED)
                 .select_related("pool__area", "programme_project", "implementation")
                 .order_by(F("pool__area__code").asc(nulls_first=True), "code"))
    return [Followed(p, getattr(p, "implementation", None)) for p in proposals]


def funded_project(rnd: Round, code: str) -> Followed | None:
    p = (rnd.proposals.filter(code=code, status=ProposalStatus.FUNDED)
         .select_related("pool__area", "programme_project__responsible_user", "implementation").first())
    if p is None:
        return None
    impl = getattr(p, "implementation", None)
    updates = list(impl.updates.all()) if impl else []
    return Followed(p, impl, updates)


def update_of(rnd: Round, code: str, update_id: int) -> ImplementationUpdate | None:
    return (ImplementationUpdate.objects.filter(pk=update_id, implementation__proposal__round=rnd,
                                                implementation__proposal__code=code)
            .select_related("implementation__proposal").first())


def summary(rows: list[Followed]) -> list[tuple[str, str, int]]:
    """(status, label, how many followed projects have it), for the list's headline."""
    counts = dict.fromkeys(ImplementationStatus.values, 0)
    for r in rows:
        counts[r.status] += 1
    return [(value, str(label), counts[value]) for value, label in ImplementationStatus.choices]
