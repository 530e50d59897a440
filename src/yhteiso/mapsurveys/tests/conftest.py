"""Fixtures shared by the map-survey builder tests: a programme-staff user, a client signed in as them, and a
clean cache (the rate limits live in the shared cache, so one test's answers must not throttle the next)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups


@pytest.fixture
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def staff():
    ensure_role_groups()
    user = get_user_model().objects.create_user("kartta-staff", password="pw-123456-x")
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    return user


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client
