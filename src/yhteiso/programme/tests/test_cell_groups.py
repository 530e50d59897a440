"""The programme's indicator cells by group use the knowledge base's group vocabulary (issue 16 item 4): the plan's
cells are mapped where the vocabulary has the group, a cell's group must fit its disaggregation, and the API gives
the code that the statistics by group use."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from yhteiso.knowledge import groups
from yhteiso.programme.models import Disaggregation, IndicatorCell

pytestmark = pytest.mark.django_db


def test_the_plans_cells_by_group_carry_the_statistics_group_codes(demo):
    cells = {c.label_fi: c.group for c in IndicatorCell.objects.filter(
        disaggregation__in=[Disaggregation.AGE_GROUP, Disaggregation.POPULATION_GROUP])}
    assert cells["20–29-vuotiaat"] == "young_adults"
    assert cells["Kaikki vähemmistöön kuuluvat"] == "minorities"
    assert cells["Vammaiset"] == "disabilities"
    assert cells["Rasismi kohdistunut itseen: vieraskieliset"] == "foreign_language"
    # the vocabulary's older people are 65+, the plan's cell is over 70: not the same group, so none
    assert cells["Yli 70-vuotiaat"] == ""
    assert all(code in groups.BY_CODE for code in cells.values() if code)


def test_a_cells_group_must_fit_its_disaggregation(demo):
    cell = IndicatorCell.objects.get(label_fi="20–29-vuotiaat")
    cell.group = "foreign_language"
    with pytest.raises(ValidationError) as exc:
        cell.full_clean()
    assert "group" in exc.value.message_dict
    cell.group = "not_a_group"
    with pytest.raises(ValidationError):
        cell.full_clean()
    city = IndicatorCell.objects.filter(disaggregation=Disaggregation.CITY).first()
    city.group = "women"
    with pytest.raises(ValidationError) as exc:
        city.full_clean()
    assert "group" in exc.value.message_dict


def test_the_api_gives_each_cells_group_code(demo, client):
    data = client.get("/api/v1/goals").json()
    by_label = {c["label"]: c["group"] for g in data for i in g["indicators"] for c in i["cells"]}
    assert by_label["20–29-vuotiaat"] == "young_adults" and by_label["Koko Espoo"] == ""
