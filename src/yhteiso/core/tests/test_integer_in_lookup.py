"""``pk__in`` with an id no integer column can hold matches nothing instead of failing: a multiple choice of
objects posted with 99999999999999999999 is a form error, not a server error (found by test_bad_input_crawl.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from yhteiso.core.permissions import PROGRAMME_STAFF

pytestmark = pytest.mark.django_db
HUGE = 99999999999999999999


def test_in_with_numbers_out_of_range_matches_only_the_others():
    group = Group.objects.create(name="g")
    assert list(Group.objects.filter(pk__in=[HUGE, -HUGE, group.pk])) == [group]
    assert not Group.objects.filter(pk__in=[HUGE]).exists()
    assert Group.objects.exclude(pk__in=[HUGE]).count() == Group.objects.count()


def test_a_project_form_with_a_huge_goal_id_is_refused_as_a_form_error(client):
    user = User.objects.create_user("staff", password="pw-123456789")
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    client.force_login(user)
    response = client.post("/ohjelma/projektit/uusi/", {"name_fi": "X", "goals": [str(HUGE)]},
                           HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code in (200, 400)
    assert str(HUGE) in response.content.decode()  # "Valitse oikea vaihtoehto. 9999… ei ole vaihtoehtojen joukossa."
