"""Fixtures of the programme tests: one user per role, a small programme, and the plan's demo content."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP
from yhteiso.programme.models import (
    BenefitGoal,
    BudgetLine,
    BudgetYear,
    Direction,
    Indicator,
    IndicatorCell,
    IndicatorUnit,
    Project,
    TargetKind,
)


def _user(username, group=None, superuser=False):
    user = get_user_model().objects.create_user(username=username, password=None, is_superuser=superuser,
                                                is_staff=superuser)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def staff_user(db):
    return _user("staff", PROGRAMME_STAFF)


@pytest.fixture
def member_user(db):
    return _user("member", STEERING_GROUP)


@pytest.fixture
def plain_user(db):
    return _user("plain")


@pytest.fixture
def admin_user(db):
    return _user("root", superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


@pytest.fixture
def goals(db):
    return [BenefitGoal.objects.create(number=n, name_fi=f"Tavoite {n}", name_sv=f"Mål {n}") for n in (1, 2, 3)]


@pytest.fixture
def indicator(goals):
    return Indicator.objects.create(goal=goals[1], code="2.3", name_fi="Rasismi", name_sv="Rasism",
                                    unit=IndicatorUnit.PERCENT, scale_min=Decimal(0), scale_max=Decimal(100))


@pytest.fixture
def cell(indicator):
    return IndicatorCell.objects.create(
        indicator=indicator, label_fi="Kaikki vastaajat", label_sv="Alla", baseline_value=Decimal(19),
        baseline_year=2025, target_kind=TargetKind.DIRECTION, target_direction=Direction.DECREASING)


@pytest.fixture
def project(goals):
    p = Project.objects.create(name_fi="Kohtaamisalusta", year=2026)
    p.goals.set([goals[1]])
    return p


@pytest.fixture
def project_owner(project):
    """The project's responsible person (a plain user otherwise)."""
    user = _user("vastaava")
    Project.objects.filter(pk=project.pk).update(responsible_user=user)
    project.refresh_from_db()
    return user


@pytest.fixture
def reset_language():
    """Tests that activate a language put the default back afterwards."""
    yield
    from django.conf import settings
    from django.utils.translation import activate

    activate(settings.LANGUAGE_CODE)


@pytest.fixture
def budget_line(db):
    year = BudgetYear.objects.create(year=2026, total=Decimal(200000))
    return BudgetLine.objects.create(budget_year=year, name_fi="Kokouskulut", name_sv="Möteskostnader",
                                     amount=Decimal(10000))


@pytest.fixture
def demo(db):
    from yhteiso.programme import demo as programme_demo

    programme_demo.load(io.StringIO())
    return programme_demo


@pytest.fixture
def today():
    return dt.date.today()


def record_approved(**kwargs):
    """Record a measurement through the service and have a second staff member approve it (four eyes), as the
    public status counts approved values only."""
    from yhteiso.programme import services

    measurement = services.measurement_create(**kwargs)
    checker = get_user_model().objects.filter(username="checker").first() or _user("checker", PROGRAMME_STAFF)
    return services.measurement_approve(measurement=measurement, actor=checker)


# --- Project proposals (issue 14 item 2) ---------------------------------------------------------------------


@pytest.fixture
def proposer(db):
    return _user("proposer")


@pytest.fixture
def chair_user(db):
    from yhteiso.governance.models import Role, SteeringGroupMember

    user = _user("chair", STEERING_GROUP)
    SteeringGroupMember.objects.create(name="Puheenjohtaja", role=Role.CHAIR, user=user)
    return user


def proposal_fields(**extra):
    """What a proposer fills in on the proposal form."""
    return {"name_fi": "Kohtaamispaikka Espoonlahteen", "description": "Avoin olohuone nuorille ja ikääntyneille.",
            "line_work_difference": "Kolme yksikköä yhdessä; ei kuulu minkään yksikön perustyöhön.",
            "units_involved": "Nuorisopalvelut, kirjasto, järjestöt", "funding_sought": Decimal(20000),
            "planned_cost_min": Decimal(15000), "planned_cost_max": Decimal(25000),
            "target_groups": ["young_people", "older_people"], **extra}


@pytest.fixture
def proposal(proposer, goals):
    from yhteiso.programme import services_intake

    return services_intake.proposal_submit(actor=proposer, goals=goals[:1], **proposal_fields())


@pytest.fixture
def in_appraisal(proposal, staff_user):
    from yhteiso.programme import services_intake

    return services_intake.proposal_to_appraisal(proposal=proposal, actor=staff_user)
