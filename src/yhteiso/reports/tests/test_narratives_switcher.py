"""The steering group's texts per programme have a switcher (issue 14 item 9, hprog3): the page lists only the
chosen programme's texts and goals, and a form without JavaScript chooses another programme, keeping the year."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from yhteiso.core.permissions import PROGRAMME_STAFF
from yhteiso.programme.models import BenefitGoal, Programme
from yhteiso.reports.models_narrative import Narrative

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("staff-hprog3", password="x")
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    client.force_login(user)
    return client


def test_the_narratives_page_shows_one_programme_and_switches_keeping_the_year(staff_client):
    other = Programme.objects.create(slug="kestava-espoo", name_fi="Kestävä Espoo", start_year=2025, end_year=2029)
    BenefitGoal.objects.create(number=1, name_fi="Oletuksen tavoite")
    BenefitGoal.objects.create(programme=other, number=1, name_fi="Toisen tavoite")
    mine = Narrative.objects.create(section="outlook", year=2027, text_fi="A:n näkymät")
    theirs = Narrative.objects.create(section="outlook", year=2027, text_fi="B:n näkymät", programme=other)
    url = reverse("reports:narratives")
    a = staff_client.get(url + "?year=2027", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Oletuksen tavoite" in a and "Toisen tavoite" not in a
    assert reverse("reports:narrative-edit", args=[mine.pk]) in a
    assert reverse("reports:narrative-edit", args=[theirs.pk]) not in a
    # the switcher: a GET form with the programmes, the shown one selected, and the year kept
    assert 'name="ohjelma"' in a and 'name="year" value="2027"' in a
    assert 'value="kestava-espoo">Kestävä Espoo 2025–2029' in a
    b = staff_client.get(url + "?year=2027&ohjelma=kestava-espoo", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Toisen tavoite" in b and "Oletuksen tavoite" not in b
    assert reverse("reports:narrative-edit", args=[theirs.pk]) in b
    assert reverse("reports:narrative-edit", args=[mine.pk]) not in b
    assert 'value="kestava-espoo" selected' in b


def test_one_programme_has_no_switcher(staff_client):
    page = staff_client.get(reverse("reports:narratives"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert 'name="ohjelma"' not in page
