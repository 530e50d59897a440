import pytest
from django.contrib.auth.models import Group, User
from django.utils import translation

from yhteiso.core.permissions import PROGRAMME_STAFF


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in the source language (English)."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff_client(client):
    """A client signed in as programme staff (test modules with a staff user of their own define their own)."""
    user = User.objects.create_user("staff", password="pw-12345-long")
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    client.force_login(user)
    return client
