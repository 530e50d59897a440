"""Programme objects for the governance tests, made through the programme app's own models and services."""

from decimal import Decimal

from yhteiso.programme import services as programme_services
from yhteiso.programme.models import BenefitGoal, BudgetYear


def make_project(*, actor, name="Test project"):
    goal, _ = BenefitGoal.objects.get_or_create(number=1, defaults={"name_fi": "Osallisuus vahvistuu"})
    return programme_services.project_create(actor=actor, goals=[goal], name_fi=name)


def make_budget_line(*, amount=Decimal("88000"), name="Projektien ja toimenpiteiden toteutus"):
    year, _ = BudgetYear.objects.get_or_create(year=2026, defaults={"total": Decimal("200000")})
    return year.lines.create(name_fi=name, amount=amount, order=4)


def committed(line) -> Decimal:
    return line.totals()["committed"]
