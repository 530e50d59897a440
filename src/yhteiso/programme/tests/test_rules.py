"""The domain rules: goal link required, project lifecycle, budget warning, cell validation, audit rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from yhteiso.core.models import AuditEvent
from yhteiso.programme import forms, selectors, services, services_intake
from yhteiso.programme.models import (
    PROJECT_TRANSITIONS,
    BudgetEntry,
    IndicatorCell,
    Measurement,
    Project,
    ProjectStatus,
    TargetKind,
)

pytestmark = pytest.mark.django_db


# --- goal link --------------------------------------------------------------------------------------------------

def test_a_project_without_a_benefit_goal_is_refused_and_nothing_is_saved(staff_user):
    with pytest.raises(ValidationError) as err:
        services.project_create(actor=staff_user, goals=[], name_fi="Ilman tavoitetta")
    assert "goals" in err.value.message_dict
    assert not Project.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_project_with_a_goal_is_created_as_a_proposal_with_an_audit_row(staff_user, goals):
    p = services.project_create(actor=staff_user, goals=[goals[0]], target_groups=["young_adults"],
                                name_fi="Nuoret aikuiset")
    assert p.status == ProjectStatus.PROPOSED
    assert p.target_group_codes == ["young_adults"]
    event = AuditEvent.objects.get(action="project.create")
    assert event.after["goals"] == [1] and event.actor == staff_user


def test_editing_a_project_cannot_remove_all_its_goals(staff_user, project):
    with pytest.raises(ValidationError):
        services.project_update(project=project, actor=staff_user, goals=[], name_fi="Uusi nimi")
    project.refresh_from_db()
    assert project.name_fi == "Kohtaamisalusta"  # the whole edit was rolled back
    assert project.goals.count() == 1


def test_the_project_form_requires_a_goal_and_says_so_in_the_users_language(goals):
    with translation.override("sv"):
        form = forms.ProjectForm(data={"name_fi": "X", "proposer_type": "city_unit"})
        assert not form.is_valid()
        assert "goals" in form.errors
        assert "minst ett nyttomål" in form.errors["goals"][0]


def test_an_unknown_target_group_is_refused(staff_user, goals):
    with pytest.raises(ValidationError) as err:
        services.project_create(actor=staff_user, goals=goals[:1], target_groups=["cats"], name_fi="X")
    assert "target_groups" in err.value.message_dict
    assert not Project.objects.exists()


# --- lifecycle --------------------------------------------------------------------------------------------------

def test_a_project_moves_through_the_whole_lifecycle_and_each_step_is_audited(staff_user, project):
    for status in ("in_preparation", "approved", "in_progress", "completed"):
        if status == "in_progress":  # a project starts after an approving decision with its conditions met
            services_intake.steering_decision_record(
                project=project, actor=staff_user, outcome="approved", decided_on=dt.date(2026, 3, 12),
                reasons="Hyväksytty.", funding_confirmed=True, responsibilities_agreed=True)
        project = services.project_set_status(project=project, status=status, actor=staff_user, note=status)
    assert project.status == "completed"
    events = AuditEvent.objects.filter(action="project.status").order_by("id")
    assert [(e.before["status"], e.after["status"]) for e in events] == [
        ("proposed", "in_preparation"), ("in_preparation", "approved"), ("approved", "in_progress"),
        ("in_progress", "completed")]


@pytest.mark.parametrize(("start", "target"), [
    ("proposed", "in_progress"), ("proposed", "completed"), ("in_preparation", "in_progress"),
    ("approved", "completed"), ("in_progress", "rejected"), ("completed", "in_progress"),
    ("rejected", "approved"), ("approved", "proposed"),
])
def test_transitions_outside_the_lifecycle_are_refused(staff_user, project, start, target):
    Project.objects.filter(pk=project.pk).update(status=start)
    with pytest.raises(ValidationError) as err:
        services.project_set_status(project=project, status=target, actor=staff_user)
    assert "status" in err.value.message_dict
    project.refresh_from_db()
    assert project.status == start
    assert not AuditEvent.objects.filter(action="project.status").exists()


def test_the_refusal_names_both_statuses_in_finnish(staff_user, project):
    with translation.override("fi"), pytest.raises(ValidationError) as err:
        services.project_set_status(project=project, status="completed", actor=staff_user)
    message = err.value.message_dict["status"][0]
    assert "ehdotettu" in message and "valmis" in message


def test_a_proposal_can_be_rejected_or_approved_directly_and_final_states_have_no_way_out():
    assert "rejected" in PROJECT_TRANSITIONS["proposed"]
    assert "approved" in PROJECT_TRANSITIONS["proposed"]
    assert PROJECT_TRANSITIONS["completed"] == () and PROJECT_TRANSITIONS["rejected"] == ()


def test_an_unknown_status_is_refused(staff_user, project):
    with pytest.raises(ValidationError):
        services.project_set_status(project=project, status="paused", actor=staff_user)


def test_editing_a_project_cannot_change_its_status(staff_user, project):
    with pytest.raises(ValidationError):
        services.project_update(project=project, actor=staff_user, status="completed")


# --- budget -----------------------------------------------------------------------------------------------------

def test_no_warning_while_the_commitment_fits_the_line(budget_line):
    assert selectors.budget_overspend_warning(line=budget_line, amount=Decimal(10000)) is None


def test_the_warning_names_the_line_and_the_amounts(staff_user, budget_line):
    services.budget_spend(line=budget_line, amount=Decimal(6000), actor=staff_user)
    with translation.override("fi"):
        warning = selectors.budget_overspend_warning(line=budget_line, amount=Decimal(5000))
    assert "Kokouskulut" in warning
    assert "4\xa0000" in warning  # still available
    assert "1\xa0000" in warning  # over by


def test_a_commitment_that_would_overspend_is_refused_unless_confirmed(staff_user, budget_line, project):
    services.budget_commit(line=budget_line, amount=Decimal(8000), actor=staff_user, project=project)
    with pytest.raises(ValidationError) as err:
        services.budget_commit(line=budget_line, amount=Decimal("2000.01"), actor=staff_user)
    assert "amount" in err.value.message_dict
    assert BudgetEntry.objects.count() == 1
    entry = services.budget_commit(line=budget_line, amount=Decimal(3000), actor=staff_user, allow_overspend=True)
    assert budget_line.totals()["available"] == Decimal(-1000)
    event = AuditEvent.objects.get(action="budget.committed", object_id=str(entry.pk))
    assert "Kokouskulut" in event.note  # the confirmed warning is kept in the audit log


def test_committed_and_spent_are_counted_once_and_paying_a_commitment_keeps_the_total(staff_user, budget_line,
                                                                                      project):
    c = services.budget_commit(line=budget_line, amount=Decimal(2500), actor=staff_user, project=project)
    services.budget_spend(line=budget_line, amount=Decimal(1000), actor=staff_user)
    assert budget_line.totals() == {"committed": Decimal(2500), "spent": Decimal(1000), "used": Decimal(3500),
                                    "available": Decimal(6500)}
    services.budget_entry_mark_spent(entry=c, actor=staff_user)
    assert budget_line.totals()["spent"] == Decimal(3500)
    assert budget_line.totals()["available"] == Decimal(6500)
    assert project.actual_cost == Decimal(2500)
    assert AuditEvent.objects.filter(action="budget.mark_spent").count() == 1


def test_amounts_must_be_positive(staff_user, budget_line):
    with pytest.raises(ValidationError):
        services.budget_commit(line=budget_line, amount=Decimal(0), actor=staff_user)
    with pytest.raises(ValidationError):
        services.budget_commit(line=budget_line, amount="lots", actor=staff_user)
    assert not BudgetEntry.objects.exists()


def test_a_line_cannot_be_cut_below_what_is_used(staff_user, budget_line):
    services.budget_spend(line=budget_line, amount=Decimal(4000), actor=staff_user)
    with pytest.raises(ValidationError) as err:
        services.budget_line_save(actor=staff_user, line=budget_line, amount=Decimal(3000))
    assert "amount" in err.value.message_dict
    services.budget_line_save(actor=staff_user, line=budget_line, amount=Decimal(5000))
    event = AuditEvent.objects.get(action="budget.line.update")
    assert (Decimal(event.before["amount"]), Decimal(event.after["amount"])) == (10000, 5000)


# --- cells, targets and measurements ----------------------------------------------------------------------------

def test_target_changes_are_audited_with_before_and_after(staff_user, cell):
    services.cell_save(actor=staff_user, cell=cell, target_kind=TargetKind.NUMBER, target_value=Decimal(15),
                       target_year=2029)
    event = AuditEvent.objects.get(action="cell.target")
    assert event.before["target_kind"] == "direction" and Decimal(event.after["target_value"]) == 15


def test_a_label_change_is_not_reported_as_a_target_change(staff_user, cell):
    services.cell_save(actor=staff_user, cell=cell, label_fi="Kaikki")
    assert AuditEvent.objects.filter(action="cell.update").count() == 1


@pytest.mark.parametrize(("fields", "field"), [
    ({"target_kind": "number", "target_value": None, "target_year": 2029}, "target_value"),
    ({"target_kind": "number", "target_value": 15, "target_year": None}, "target_year"),
    ({"target_kind": "direction", "target_direction": ""}, "target_direction"),
    ({"target_kind": "converge", "reference_cell": None}, "reference_cell"),
    ({"target_kind": "pilot_count", "target_value": Decimal("2.5"), "target_year": 2029}, "target_value"),
    ({"target_kind": "pilot_count", "target_value": 2, "target_value_max": 1, "target_year": 2029},
     "target_value_max"),
    ({"baseline_value": 3, "baseline_year": None}, "baseline_year"),
    ({"baseline_date": dt.date(2024, 1, 1)}, "baseline_date"),
])
def test_incomplete_targets_are_refused_naming_the_field(staff_user, cell, fields, field):
    with pytest.raises(ValidationError) as err:
        services.cell_save(actor=staff_user, cell=cell, **fields)
    assert field in err.value.message_dict
    cell.refresh_from_db()
    assert cell.target_kind == TargetKind.DIRECTION


def test_a_reference_cell_must_belong_to_the_same_indicator(staff_user, cell, goals):
    from yhteiso.programme.models import Indicator

    other = Indicator.objects.create(goal=goals[0], code="1.2", name_fi="Osallisuus", unit="score_100")
    foreign = IndicatorCell.objects.create(indicator=other, label_fi="Koko Espoo", baseline_value=75,
                                           baseline_year=2026)
    with pytest.raises(ValidationError) as err:
        services.cell_save(actor=staff_user, cell=cell, target_kind="converge", reference_cell=foreign)
    assert "reference_cell" in err.value.message_dict


def test_measurements_are_created_updated_and_deleted_with_audit_rows(staff_user, cell):
    m = services.measurement_create(cell=cell, value=Decimal(17), measured_on=dt.date(2027, 10, 1),
                                    source="Kuntapalvelututkimus 2027", actor=staff_user)
    assert m.entered_by == staff_user
    services.measurement_update(measurement=m, actor=staff_user, value=Decimal("16.5"))
    services.measurement_delete(measurement=m, actor=staff_user)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["measurement.create", "measurement.update", "measurement.delete"]
    update = AuditEvent.objects.get(action="measurement.update")
    assert (Decimal(update.before["value"]), Decimal(update.after["value"])) == (17, Decimal("16.5"))
    assert not Measurement.objects.exists()


def test_a_measurement_without_a_source_is_refused(staff_user, cell):
    with pytest.raises(ValidationError) as err:
        services.measurement_create(cell=cell, value=1, measured_on=dt.date(2027, 1, 1), source="",
                                    actor=staff_user)
    assert "source" in err.value.message_dict
    assert not AuditEvent.objects.exists()


def test_comments_must_not_be_empty(member_user, project):
    with pytest.raises(ValidationError):
        services.project_comment_create(project=project, actor=member_user, body="   ")
    services.project_comment_create(project=project, actor=member_user, body="Hyvä ehdotus.")
    assert project.comments.get().author == member_user
