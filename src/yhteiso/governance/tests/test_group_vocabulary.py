"""The impact assessment names population groups from the one vocabulary of the statistics (knowledge.groups)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from yhteiso.areas.models import Area
from yhteiso.governance.models import ImpactAssessment, PopulationGroup
from yhteiso.governance.tests.test_impact import _create, grid  # noqa: F401 - the impact tests' fixtures
from yhteiso.knowledge import groups


def test_the_assessment_offers_exactly_the_vocabulary_of_the_statistics():
    assert PopulationGroup.values == [g.code for g in groups.GROUPS]
    # the codes stored before are still valid (except all_residents, renamed by the migration)
    for old in ("children", "young_people", "young_adults", "families", "older_people", "disabilities", "minorities",
                "foreign_language", "foreign_background", "swedish_speakers", "low_income", "unemployed"):
        assert old in PopulationGroup.values
    with translation.override("fi"):
        assert dict(PopulationGroup.choices)["women"] == "naiset"
        assert dict(PopulationGroup.choices)["older_people"] == "ikääntyneet (65+)"
    with translation.override("sv"):
        assert dict(PopulationGroup.choices)["foreign_language"] == "främmandespråkiga"


def test_an_assessment_may_name_a_group_the_statistics_are_broken_down_by():
    assessment = ImpactAssessment(population_groups=["women", "arabic_speakers"])
    assert assessment.population_group_labels() == ["women", "Arabic speakers"]


@pytest.mark.usefixtures("grid")
def test_an_assessment_with_a_statistics_group_is_created_and_an_old_code_is_refused(staff):
    assessment = _create(staff, list(Area.objects.filter(level="postal_area")[:2]),
                         population_groups=["women", "somali_speakers", "older_people"])
    assert assessment.population_groups == ["women", "somali_speakers", "older_people"]
    with pytest.raises(ValidationError) as err:
        _create(staff, [], population_groups=["all_residents"])
    assert "population_groups" in err.value.message_dict


@pytest.mark.django_db
@pytest.mark.usefixtures("grid")
def test_the_migration_renames_all_residents_to_the_whole_population(staff):
    migration = import_module("yhteiso.governance.migrations.0005_hgroup_population_group_vocabulary")
    assessment = _create(staff, list(Area.objects.filter(level="postal_area")[:1]), population_groups=["children"])
    other = _create(staff, list(Area.objects.filter(level="postal_area")[:1]), population_groups=["women"])
    ImpactAssessment.objects.filter(pk=assessment.pk).update(population_groups=["all_residents", "children"])
    migration.rename_forward(apps, None)
    assessment.refresh_from_db()
    other.refresh_from_db()
    assert assessment.population_groups == ["all", "children"] and other.population_groups == ["women"]
    migration.rename_backward(apps, None)
    assessment.refresh_from_db()
    assert assessment.population_groups == ["all_residents", "children"]
