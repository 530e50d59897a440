"""The Django admin filters by programme (issue 14 item 9, hprog3): every registered model with a ``programme``
has it as a list filter and column, and filtering shows only that programme's rows."""

from __future__ import annotations

import pytest
from django.contrib import admin

from yhteiso.programme.models import Programme, Risk

pytestmark = pytest.mark.django_db


def test_every_admin_of_a_model_with_a_programme_filters_by_it():
    carrying = {model: model_admin for model, model_admin in admin.site._registry.items()
                if any(f.name == "programme" and f.related_model is Programme for f in model._meta.get_fields())}
    assert len(carrying) >= 9  # goals, indicators, projects, budget years, risks, deadlines, members, meetings, reports
    missing = [m.__name__ for m, ma in carrying.items() if "programme" not in ma.list_filter]
    assert missing == []
    assert all("programme" in ma.list_display for ma in carrying.values())


def test_filtering_the_risks_by_programme_shows_only_its_rows(client, admin_user):
    other = Programme.objects.create(slug="kestava-espoo", name_fi="Kestävä Espoo", start_year=2025, end_year=2029)
    Risk.objects.create(title_fi="Oletuksen riski", category="other", likelihood=1, impact=1)
    Risk.objects.create(title_fi="Toisen riski", category="other", likelihood=1, impact=1, programme=other)
    client.force_login(admin_user)
    page = client.get(f"/admin/programme/risk/?programme__id__exact={other.pk}").content.decode()
    assert "Toisen riski" in page and "Oletuksen riski" not in page
    page = client.get(f"/admin/programme/risk/?programme__id__exact={Programme.objects.default().pk}")
    assert "Oletuksen riski" in page.content.decode() and "Toisen riski" not in page.content.decode()
